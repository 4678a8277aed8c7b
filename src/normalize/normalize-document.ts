import { fail } from '../errors';
import type { NormalizedDocument, RawDocument } from '../types';
import { removeBoilerplate } from './boilerplate';
import { decodeBytes } from './decode';
import { normalizeText } from './normalize-text';

/** Markdown markers of the law collections: `# 标题`, `## 第一章`. The marker goes; the text stays. */
const MARKDOWN_HEADING = /^#{1,6} +/;

/**
 * RawDocument → NormalizedDocument: decode, normalize script and width, drop ruby pinyin and damaged bytes
 * (counted as a warning), remove boilerplate while keeping its facts. Refuses files with no text left.
 */
export function normalizeDocument(raw: RawDocument): NormalizedDocument {
  const { text: decoded, encoding, warnings: decodeWarnings } = decodeBytes(raw.bytes, raw.source);
  const { text, damaged, converted } = normalizeText(decoded);
  const markdownTitle = /^# +(.+)$/m.exec(text)?.[1];
  const sourceLines = text.split('\n');
  const lines = sourceLines.map((line) => line.replace(MARKDOWN_HEADING, ''));
  const { lines: body, kept, facts, removed } = removeBoilerplate(lines);
  if (markdownTitle) facts.title ??= markdownTitle.trim();
  if (!body.some((line) => /[\u3400-\u9fff]/.test(line))) {
    fail('SOURCE_NO_TEXT', `${raw.source}: no Chinese text is left once boilerplate is removed`);
  }
  const warnings = [...decodeWarnings];
  if (damaged > 0) warnings.push(`${damaged} damaged character sequence${damaged > 1 ? 's' : ''} removed`);
  return {
    id: raw.id,
    source: raw.source,
    lines: body.map((line, k) => ({ text: line, norm: line, line: kept[k] + 1 })),
    facts,
    encoding,
    convertedFromTraditional: converted,
    warnings,
    removed: removed.map((i) => ({ line: i + 1, text: sourceLines[i], reason: 'page-chrome' as const })),
    manifest: raw.manifest,
  };
}
