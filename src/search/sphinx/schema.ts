import { createHash } from 'node:crypto';
import { normalizeQuery } from '../../normalize/normalize-text';
import { PART_LABELS, TOPIC_LABELS } from '../../parse/topics';
import { segmentText } from '../../segment/segment-text';
import type { DocKind, DocRecord, ParsedDocument, Part, Section } from '../../types';
import { dateKey, topicMask } from '../attributes';
import type { DocListing } from '../searcher';
import { ANCHOR, fieldWords } from './tokens';

/**
 * What the cluster holds (README → Scaling out). Two indexes per shard:
 * - `sections`: one Sphinx document per section, in global section order (id = ordinal + 1). Its fields are
 *   the texts a term is looked for in, as char words (tokens.ts); its attributes are what filters, facets,
 *   sorting and ranking read, and the section and its document's record as JSON for building hits.
 * - `documents`: one per document, its record and listing as JSON, for the document page and the landing page.
 * Shards split by document: a document's sections all sit on one shard.
 */

/** Full-text fields of a section, in field_mask bit order (bit i ↔ SECTION_FIELDS[i]). */
export const SECTION_FIELDS = [
  'body', // paragraphs, a BREAK between them
  'shown', // headings shown at the section
  'ftitle', // the document's title, at its first section only
  'fdocno', // the document's 文号, at its first section only
  'title', // the document's title, at every section (title: scope)
  'hpath', // every heading of the section's path (title: scope)
  'docno', // 文号, at every section (docno: scope)
  'issuer', // issuing body, at every section (issuer: scope)
  'anchor', // ANCHOR alone: the positive term of a query of NOT alone
  'zbody', // fuzzy mode: jieba words of the paragraphs
  'zhead', // fuzzy mode: jieba words of the headings
  'ztitle', // fuzzy mode: jieba words of the title
] as const;
export type SectionField = (typeof SECTION_FIELDS)[number];

export const FIELD_BIT = Object.fromEntries(SECTION_FIELDS.map((f, i) => [f, 1 << i])) as Record<SectionField, number>;

/** Kinds as small integers (attributes are numbers); a kind the list lacks counts as 其他. */
export const KIND_LABELS: DocKind[] = ['法治政府建设报告', '政府工作报告', '法律法规', '政策文件', '其他'];

export type AttrType = 'int' | 'bigint' | 'multi' | 'string';
export const SECTION_ATTRS: Array<[string, AttrType]> = [
  ['doc_ord', 'int'],
  ['sect_ord', 'int'],
  ['doc_key', 'bigint'],
  ['region', 'int'],
  ['region_path', 'multi'],
  ['year', 'int'],
  ['part', 'int'],
  ['kind', 'int'],
  ['topic_mask', 'int'],
  ['blen', 'int'],
  ['title_chars', 'int'],
  ['date_key', 'int'],
  ['date_asc', 'int'],
  ['fgroup', 'bigint'],
  ['doc', 'string'],
  ['section', 'string'],
];
export const DOCUMENT_FIELDS = ['anchor'] as const;
export const DOCUMENT_ATTRS: Array<[string, AttrType]> = [
  ['doc_ord', 'int'],
  ['doc_key', 'bigint'],
  ['listing', 'string'],
  ['meta', 'string'],
];

/** A row of the feed: field and attribute values by name. */
export type FeedRow = { id: number } & Record<string, string | number | number[]>;

/**
 * A document id as a 48-bit number (exact in JavaScript, a bigint attribute in the engine): the document page
 * filters on it, then checks the id itself, so a collision costs nothing but a second look.
 */
export function docKey(id: string): number {
  return parseInt(createHash('sha1').update(id).digest('hex').slice(0, 12), 16);
}

/** A jieba word as one engine word of `0..9a-z`: each character's code point in four base-36 digits. */
export function tokenWord(token: string): string {
  let word = '';
  for (const ch of token) word += ch.codePointAt(0)!.toString(36).padStart(4, '0');
  // Engines cut words at 42 bytes; a longer token (a URL, a long number) is named by its hash instead.
  return word.length <= 40 ? word : `h${createHash('sha1').update(token).digest('hex').slice(0, 30)}`;
}

function tokenWords(text: string): string {
  return segmentText(text).map(tokenWord).join(' ');
}

/** The region attribute of a document of unknown region: sorts after every code, as in the in-process engine. */
export const UNKNOWN_REGION = 999999;

const TOPIC_SPAN = Math.pow(2, TOPIC_LABELS.length);

export function regionNumber(code: string): number {
  return code ? Number(code) : UNKNOWN_REGION;
}

/** The region attribute back as a GB/T 2260 code; '' when unknown. */
export function regionCode(value: number): string {
  return value === UNKNOWN_REGION ? '' : String(value).padStart(6, '0');
}

/**
 * A section's facet group as one number, so one GROUP BY counts every combination (2.2 groups by one
 * attribute): region code (20 bits), year (12), part (2), kind (3), topic mask (one bit per topic).
 */
export function groupKey(region: string, year: number | null, part: number, kind: number, topics: number): number {
  return (((regionNumber(region) * 4096 + (year ?? 0)) * 4 + Math.max(0, part)) * 8 + (kind === -1 ? KIND_LABELS.length - 1 : kind)) * TOPIC_SPAN + topics;
}

export function fromGroupKey(key: number): { region: string; year: number | null; part: Part; kind: DocKind; topics: number } {
  const topics = key % TOPIC_SPAN;
  let rest = Math.floor(key / TOPIC_SPAN);
  const kind = rest % 8;
  rest = Math.floor(rest / 8);
  const part = rest % 4;
  rest = Math.floor(rest / 4);
  const year = rest % 4096;
  const region = Math.floor(rest / 4096);
  return { region: regionCode(region), year: year || null, part: PART_LABELS[part], kind: KIND_LABELS[kind], topics };
}

export function docRecord(doc: ParsedDocument): DocRecord {
  const { id, title, issuer, published, docNumber, year, kind, region } = doc;
  return { id, title, issuer, published, docNumber, year, kind, region };
}

/** The rows of one document: its sections (ids from `firstSection` + 1 on) and its document row. */
export function documentRows(doc: ParsedDocument, docOrdinal: number, firstSection: number): { sections: FeedRow[]; document: FeedRow } {
  const key = docKey(doc.id);
  const record = JSON.stringify(docRecord(doc));
  const region = doc.region?.code ?? '';
  const titleNorm = doc.title.norm;
  const docno = doc.docNumber ? normalizeQuery(doc.docNumber) : '';
  const issuer = doc.issuer ? normalizeQuery(doc.issuer) : '';
  const titleTokens = tokenWords(titleNorm);
  const date = dateKey(doc);
  const sections = doc.sections.map((s: Section, k): FeedRow => ({
    id: firstSection + k + 1,
    body: fieldWords(s.paragraphs.map((p) => p.norm)),
    shown: fieldWords(s.headings.slice(s.headings.length - s.shownHeadings).map((h) => h.norm)),
    ftitle: k === 0 ? fieldWords([titleNorm]) : '',
    fdocno: k === 0 ? fieldWords([docno]) : '',
    title: fieldWords([titleNorm]),
    hpath: fieldWords(s.headings.map((h) => h.norm)),
    docno: fieldWords([docno]),
    issuer: fieldWords([issuer]),
    anchor: ANCHOR,
    zbody: tokenWords(s.paragraphs.map((p) => p.norm).join('\n')),
    zhead: tokenWords(s.headings.map((h) => h.norm).join(' ')),
    ztitle: titleTokens,
    doc_ord: docOrdinal,
    sect_ord: k,
    doc_key: key,
    region: regionNumber(region),
    region_path: (doc.region?.codes ?? []).map(Number),
    year: doc.year ?? 0,
    part: Math.max(0, PART_LABELS.indexOf(s.part)),
    kind: KIND_LABELS.indexOf(doc.kind) === -1 ? KIND_LABELS.length - 1 : KIND_LABELS.indexOf(doc.kind),
    topic_mask: topicMask(s.topics),
    blen: s.paragraphs.reduce((n, p) => n + p.norm.length, 0),
    title_chars: [...titleNorm].length,
    date_key: date,
    date_asc: date || 99999999,
    fgroup: groupKey(region, doc.year, PART_LABELS.indexOf(s.part), KIND_LABELS.indexOf(doc.kind), topicMask(s.topics)),
    doc: record,
    section: JSON.stringify(s),
  }));
  const { sections: all, ...meta } = doc;
  const listing: DocListing = {
    ...docRecord(doc),
    sections: all.length,
    paragraphs: all.reduce((n, s) => n + s.paragraphs.length, 0),
    warnings: doc.warnings,
    removedLines: doc.removed.length,
  };
  const document: FeedRow = { id: docOrdinal + 1, anchor: ANCHOR, doc_ord: docOrdinal, doc_key: key, listing: JSON.stringify(listing), meta: JSON.stringify(meta) };
  return { sections, document };
}
