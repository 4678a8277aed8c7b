/**
 * The data as it flows through the pipeline:
 * RawDocument → NormalizedDocument → ParsedDocument (Sections, Paragraphs) → IndexedSection → SearchHit.
 * Offsets are 0-based UTF-16 code-unit indexes into the *normalized* text unless stated otherwise.
 */

/** A file as read from disk, before any decoding. */
export interface RawDocument {
  /** Stable, readable id derived from the file name (`000_086f430e73d12164`, `law-0001`). */
  id: string;
  /** Path of the source file as given to the indexer (for messages only). */
  source: string;
  bytes: Uint8Array;
  /** Optional row of a `manifest.tsv` beside the file; its fields override what the parser infers. */
  manifest?: ManifestRow;
}

/** One row of a collection's `manifest.tsv` (columns as in shared/corpora). Empty cells are absent. */
export interface ManifestRow {
  file: string;
  title?: string;
  region?: string;
  year?: number;
  issuer?: string;
  doc_type?: string;
  script?: string;
}

/** Facts lifted out of portal boilerplate (metadata tables, headers, signatures) before it is removed. */
export interface BoilerplateFacts {
  title?: string;
  issuer?: string;
  /** ISO date `YYYY-MM-DD`. */
  published?: string;
  /** 文号, e.g. `莲司〔2024〕4号`. */
  docNumber?: string;
  /** 索引号 of the publishing portal. */
  indexNumber?: string;
  /** The 来源 line (a newspaper or office), kept for display. */
  sourceName?: string;
  /** Signature line at the end of the document (the issuing body). */
  signature?: string;
}

/** Text after decoding and normalization: Simplified script, half-width Latin and digits, no ruby pinyin, no boilerplate. */
export interface NormalizedDocument {
  id: string;
  source: string;
  /** Lines of body text joined by `\n`; blank lines separate nothing (the parser decides structure). */
  text: string;
  facts: BoilerplateFacts;
  /** Encoding the bytes were decoded from: `utf-8`, `utf-16le`, `utf-16be` or `gb18030`. */
  encoding: string;
  /** True when the source held Traditional characters that were converted. */
  convertedFromTraditional: boolean;
  /** Human-readable quality warnings (damaged bytes removed, …). Never silent. */
  warnings: string[];
  /** Lines removed as portal boilerplate (breadcrumbs, metadata tables, toolbars, signatures), so none goes unseen. */
  boilerplateLines: number;
  manifest?: ManifestRow;
}

/** An administrative division resolved against GB/T 2260. */
export interface Region {
  /** Name of the most specific level that is certain, e.g. `洪泽区`. */
  name: string;
  /** Six-digit GB/T 2260 code of that level (`320813`); `000000` for the nation. */
  code: string;
  /** Names from province down to `name`, e.g. `['江苏省', '淮安市', '洪泽区']`. */
  path: string[];
  /** Codes matching `path`, level by level. */
  codes: string[];
}

/** Which part of a report a section belongs to. */
export type Part = '成效' | '问题' | '计划' | '概述';

export interface Paragraph {
  /** Stable anchor id: derived from the paragraph text, so it survives rebuilds and edits elsewhere. */
  id: string;
  /** 1-based position of the paragraph in its document (what a citation calls 第N段). */
  ordinal: number;
  text: string;
}

export interface Section {
  /** `<doc id>:<hash of heading path>`; stable while the heading path is unchanged. */
  id: string;
  docId: string;
  /** 0-based position of the section in its document; document order for browsing. */
  ordinal: number;
  /** Heading path from the outermost outline level to this section's own heading; empty for the preamble. */
  headings: string[];
  topics: string[];
  part: Part;
  paragraphs: Paragraph[];
}

/** Kinds of document the parser recognises. */
export type DocKind = '法治政府建设报告' | '政府工作报告' | '法律法规' | '政策文件' | '其他';

export interface DocumentMeta {
  id: string;
  source: string;
  title: string;
  /** True when no title was found and one was composed from region, year and kind. */
  titleComposed: boolean;
  issuer: string | null;
  /** ISO date `YYYY-MM-DD` when stated. */
  published: string | null;
  docNumber: string | null;
  /** The year whose work is reported (for laws: the latest revision year). */
  year: number | null;
  kind: DocKind;
  region: Region | null;
  warnings: string[];
  /** Lines removed as portal boilerplate. */
  boilerplateLines: number;
}

export interface ParsedDocument extends DocumentMeta {
  sections: Section[];
}

/**
 * What the search backend receives for one section: segmented text (tokens joined by spaces, from
 * `segmentText`) for the three searchable fields. Filters and facets live in the engine, not here.
 */
export interface IndexedSection {
  id: string;
  /** Title of the document, for `title:` queries. */
  title: string;
  /** Headings of the section, searched with a boost. */
  headingsText: string;
  /** Paragraph texts. */
  body: string;
}

/** A matching paragraph in a hit. */
export interface HitParagraph {
  id: string;
  text: string;
  /** HTML-escaped window of `text` with each match wrapped in `<mark>`. */
  snippet: string;
}

/** Document fields as they appear in API answers. */
export interface DocSummary {
  id: string;
  title: string;
  issuer: string | null;
  published: string | null;
  year: number | null;
  kind: DocKind;
  region: { name: string; code: string; path: string[] } | null;
}

export interface SearchHit {
  doc: DocSummary;
  section: { id: string; headings: string[]; topics: string[]; part: Part };
  /** Matching paragraphs, best first. */
  paragraphs: HitParagraph[];
  /** `/doc/<doc id>#<paragraph id>` of the best paragraph. */
  url: string;
  score: number;
}

export interface FacetValue {
  value: string;
  /** Sections counted. */
  count: number;
  /** For region values: the names from province down to `value`, so a client can draw the tree. */
  path?: string[];
}

export type FacetName = 'region' | 'province' | 'year' | 'topic' | 'part' | 'kind';

export interface SearchResponse {
  query: string;
  normalized_query: string;
  total: number;
  page: number;
  size: number;
  took_ms: number;
  hits: SearchHit[];
  facets: Record<FacetName, FacetValue[]>;
}
