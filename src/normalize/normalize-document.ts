import { fail } from '../errors';
import type { NormalizedDocument, RawDocument, RemovedLine, SourceLine } from '../types';
import { removeBoilerplate } from './boilerplate';
import { decodeBytes } from './decode';
import { cleanLine, holdsTraditional, normalizeText } from './normalize-text';

/** Markdown heading marker of the law collections: `# 标题`, `## 第一章`. The marker goes; the text stays. */
const MARKDOWN_HEADING = /^(#{1,6})[ \t\u3000]+/;
/** A line that is only an HTML comment, such as `<!-- INFO END -->`: markup of the source format. */
const COMMENT_LINE = /^<!--.*-->$/;
const INDENT = /^[ \t\u3000\u00a0]/;

/**
 * RawDocument → NormalizedDocument: decode, split into numbered lines, give each its original wording and
 * matching form, and sort out markup and portal boilerplate (keeping its facts). Every non-blank source
 * line ends up in `lines` or in `removed` with its reason. Refuses files with no text left.
 */
export function normalizeDocument(raw: RawDocument): NormalizedDocument {
  const { text: decoded, encoding, warnings: decodeWarnings } = decodeBytes(raw.bytes, raw.source);
  const sourceLines = decoded.split(/\r\n|\r|\n/);
  const removed: RemovedLine[] = [];
  const candidates: Array<SourceLine | null> = [];
  let damaged = 0;
  sourceLines.forEach((rawLine, i) => {
    const trimmed = rawLine.trim();
    if (COMMENT_LINE.test(trimmed)) {
      removed.push({ line: i + 1, text: trimmed, reason: 'markup' });
      candidates.push(null);
      return;
    }
    const marker = MARKDOWN_HEADING.exec(trimmed);
    const cleaned = cleanLine(marker ? trimmed.slice(marker[0].length) : rawLine);
    damaged += cleaned.damaged;
    if (!cleaned.text) {
      candidates.push(null);
      return;
    }
    const { text, norm, map } = normalizeText(cleaned.text);
    const line: SourceLine = map ? { text, norm, map, line: i + 1 } : { text, norm, line: i + 1 };
    if (marker) line.heading = marker[1].length;
    else if (INDENT.test(rawLine)) line.indented = true;
    candidates.push(line);
  });

  const boilerplate = removeBoilerplate(candidates.map((l) => l?.norm ?? ''));
  for (const { index, reason } of boilerplate.removed) removed.push({ line: index + 1, text: sourceLines[index].trim(), reason });
  const lines = boilerplate.kept.map((index) => candidates[index]!);
  if (!lines.some((line) => /\p{Script=Han}/u.test(line.norm))) {
    fail('SOURCE_NO_TEXT', `${raw.source}: no Chinese text is left once boilerplate is removed`);
  }
  return {
    id: raw.id,
    source: raw.source,
    lines,
    facts: boilerplate.facts,
    encoding,
    convertedFromTraditional: lines.some((line) => holdsTraditional(line.text)),
    warnings: [...decodeWarnings, ...(damaged > 0 ? [`已去除 ${damaged} 处损坏字符`] : [])],
    removed: removed.sort((a, b) => a.line - b.line),
    manifest: raw.manifest,
  };
}
