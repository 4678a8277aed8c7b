import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PolicySearchError } from '../errors';
import { normalizeDocument } from '../normalize/normalize-document';
import { normalizeText } from '../normalize/normalize-text';
import { parseDocument } from '../parse/parse-document';
import type { DocKind, ParsedDocument } from '../types';
import { readSources, type SourceProblem } from './sources';

/**
 * How well the metadata read from portal pages (no manifest) agrees with what a person read from the same
 * pages: a folder of pages with an `expected.json` beside them (see test/fixtures/portal-reports).
 */

export const EXPECTED_FILE = 'expected.json';

/** What a person read from one page. */
export interface ExpectedMetadata {
  title: string;
  /** Most specific division of the reporting government or department. */
  region: string | null;
  /** The city above `region`, given where the region's name alone is shared by several (城中区, 鼓楼区). */
  city?: string;
  province: string | null;
  year: number | null;
  issuer: string | null;
  published: string | null;
  kind: DocKind;
  /** Lines of portal boilerplate that must not survive into any paragraph. */
  chrome: string[];
}

export const METADATA_FIELDS = ['region', 'province', 'year', 'title', 'issuer', 'published', 'kind'] as const;
export type MetadataField = (typeof METADATA_FIELDS)[number];

export interface MetadataFailure {
  file: string;
  field: MetadataField | 'boilerplate';
  ours: string;
  expected: string;
  /** Why the parser chose its value (metadataSources), when it said. */
  reason?: string;
}

export interface MetadataAgreement {
  documents: number;
  /** Documents whose field agrees with the expected value, per field. */
  correct: Record<MetadataField, number>;
  /** Documents with at least one boilerplate line left in a paragraph or heading. */
  withBoilerplate: number;
  failures: MetadataFailure[];
  problems: SourceProblem[];
  /** Every parsed page, for listing. */
  docs: ParsedDocument[];
}

export function readExpected(dir: string): Map<string, ExpectedMetadata> | null {
  const path = join(dir, EXPECTED_FILE);
  if (!existsSync(path)) return null;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { documents: Record<string, ExpectedMetadata> };
  return new Map(Object.entries(parsed.documents));
}

/** Parses every page of a folder without a manifest and compares it with `expected.json` when there is one. */
export function measureMetadata(dir: string): MetadataAgreement {
  const expected = readExpected(dir);
  const sources = readSources([dir]);
  const correct = Object.fromEntries(METADATA_FIELDS.map((f) => [f, 0])) as Record<MetadataField, number>;
  // The expected metadata sits among the pages it describes and is skipped as a non-document; that is no problem.
  const problems = sources.problems.filter((p) => basename(p.source) !== EXPECTED_FILE);
  const result: MetadataAgreement = { documents: 0, correct, withBoilerplate: 0, failures: [], problems, docs: [] };
  for (const raw of sources.documents) {
    let doc: ParsedDocument;
    try {
      doc = parseDocument(normalizeDocument({ ...raw, manifest: undefined }));
    } catch (err) {
      if (!(err instanceof PolicySearchError)) throw err;
      result.problems.push({ source: raw.source, message: err.message });
      continue;
    }
    result.docs.push(doc);
    const file = basename(raw.source);
    const want = expected?.get(file);
    if (!want) continue;
    result.documents++;
    const ours = actualValues(doc, want);
    const wanted = expectedValues(want);
    for (const field of METADATA_FIELDS) {
      if (ours[field] === wanted[field]) correct[field]++;
      else {
        const sourceKey = field === 'province' ? 'region' : field;
        result.failures.push({ file, field, ours: ours[field], expected: wanted[field], reason: doc.metadataSources[sourceKey] });
      }
    }
    const left = boilerplateLeft(doc, want.chrome, new TextDecoder().decode(raw.bytes));
    if (left.length) {
      result.withBoilerplate++;
      for (const line of left) result.failures.push({ file, field: 'boilerplate', ours: line, expected: '—' });
    }
  }
  return result;
}

// A chrome line this long found inside a paragraph was glued to it; a shorter one (法治政府建设, a menu item) is
// also an ordinary phrase of the text and counts only as a whole paragraph.
const MIN_QUOTED_CHROME = 12;

const matchingForm = (text: string) => normalizeText(text).norm.replace(/\s+/g, '');

function actualValues(doc: ParsedDocument, want: ExpectedMetadata): Record<MetadataField, string> {
  const path = doc.region?.path ?? [];
  // A shared name counts only under the expected city: 城中区 of 柳州 is not 城中区 of 西宁.
  const inCity = !want.city || path.includes(want.city);
  return {
    region: doc.region && inCity ? doc.region.name : `${path.join('/') || '—'}`,
    province: doc.region?.path[0] ?? '—',
    year: String(doc.year ?? '—'),
    title: matchingForm(doc.title.text),
    issuer: doc.issuer ? matchingForm(doc.issuer) : '—',
    published: doc.published ?? '—',
    kind: doc.kind,
  };
}

function expectedValues(want: ExpectedMetadata): Record<MetadataField, string> {
  return {
    region: want.region ?? '—',
    province: want.province ?? '—',
    year: String(want.year ?? '—'),
    title: matchingForm(want.title),
    issuer: want.issuer ? matchingForm(want.issuer) : '—',
    published: want.published ?? '—',
    kind: want.kind,
  };
}

/**
 * Boilerplate lines found in a paragraph or heading (a long line anywhere in one, a short one as the whole of
 * one), beyond the copies the official text itself holds: a memo signed by the body whose name is the portal's.
 */
function boilerplateLeft(doc: ParsedDocument, chrome: string[], source: string): string[] {
  const texts = doc.sections.flatMap((s) => [...s.headings.map((h) => h.norm), ...s.paragraphs.map((p) => p.norm)]).map((t) => t.replace(/\s+/g, ''));
  const sourceLines = source.split(/\r?\n/).map(matchingForm);
  return chrome.filter((line) => {
    const norm = matchingForm(line);
    const left = texts.filter((t) => t === norm || (norm.length >= MIN_QUOTED_CHROME && t.includes(norm))).length;
    const official = sourceLines.filter((l) => l === norm).length - 1;
    return left > official;
  });
}
