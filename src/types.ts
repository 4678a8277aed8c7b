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
  /** ISO date `YYYY-MM-DD`: the page's publication date, else the date the text was signed. */
  published?: string;
  /** Where `published` was read: the label it stood under (发布日期, 成文日期) or 落款 for the date under the text. */
  publishedLabel?: string;
  /** 文号, e.g. `莲司〔2024〕4号`. */
  docNumber?: string;
  /** 索引号 of the publishing portal. */
  indexNumber?: string;
  /** The 来源 line (a newspaper or office), kept for display. */
  sourceName?: string;
  /** Signature line at the end of the document (the issuing body). */
  signature?: string;
}

/**
 * A document after decoding and normalization, still as lines: each keeps its original wording and its
 * matching form, and every source line is either kept here or listed in `removed` with its reason.
 */
export interface NormalizedDocument {
  id: string;
  source: string;
  /** Body lines in source order (blank lines and removed lines left out), each with its source line number. */
  lines: SourceLine[];
  facts: BoilerplateFacts;
  /** Encoding the bytes were decoded from: `utf-8`, `utf-16le`, `utf-16be` or `gb18030`. */
  encoding: string;
  /** True when the source held Traditional text that was converted in the matching form. */
  convertedFromTraditional: boolean;
  /** Human-readable quality warnings, in Chinese (damaged bytes removed, …). Never silent. */
  warnings: string[];
  /** Source lines that are not official text (portal boilerplate, markup), each with its reason. */
  removed: RemovedLine[];
  manifest?: ManifestRow;
}

/**
 * A piece of official text. `text` is the wording as published: decoded, with ruby pinyin annotations
 * (區(qū)) and damaged-byte runs removed, outer whitespace trimmed, nothing else changed. It is what pages
 * show and what is copied, cited and exported. `norm` is the matching form (`normalizeText`): Traditional
 * runs in Simplified, full-width ASCII folded, layout spaces between Han characters removed. It is never shown.
 */
export interface SourceText {
  text: string;
  norm: string;
  /**
   * Offset map from `norm` to `text`, present only when positions differ (spaces removed, a conversion that
   * changed length): ascending pairs `[normIndex, textIndex, …]`; a norm offset `i` maps to
   * `textIndex + (i - normIndex)` of the last pair with `normIndex <= i`. See `toTextOffset`.
   */
  map?: number[];
}

/** One source line kept as text, with its 1-based line number in the decoded source. */
export interface SourceLine extends SourceText {
  line: number;
  /** Level of a Markdown heading (`## 第一章 总则` → 2); its marker is markup, left out of `text`. */
  heading?: number;
  /** Set when the source line began with layout indentation (a wrapped continuation in some layouts). */
  indented?: boolean;
}

/** Why a source line is not part of the document's official text. Stable identifiers; pages label them in Chinese. */
export type RemovedReason =
  /** 当前位置：首页 > 政务公开 … */
  | 'breadcrumb'
  /** 索引号、发布机构、发布日期 … (their values are kept as metadata) */
  | 'metadata'
  /** 打印 关闭 字号 大 中 小, share and accessibility widgets, page clock */
  | 'toolbar'
  /** Portal name, section name, navigation, footer lines */
  | 'page-chrome'
  /** The issuing body and date under the text (kept as metadata) */
  | 'signature'
  /** A second copy of the title */
  | 'repeated-title'
  /** Attachment file names, photo captions */
  | 'attachment'
  /** Markup of the source format: `<!-- INFO END -->`, Markdown markers */
  | 'markup';

export interface RemovedLine {
  /** 1-based line number in the decoded source. */
  line: number;
  /** The line as it stands in the source (trimmed). */
  text: string;
  reason: RemovedReason;
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

export interface Paragraph extends SourceText {
  /** Stable anchor id: a hash of `norm`, so it survives rebuilds, edits elsewhere and display changes. */
  id: string;
  /** 1-based position of the paragraph in its document. */
  ordinal: number;
  /** 1-based number of the source line the paragraph starts on. */
  line: number;
  /** Where the paragraph stands in a law's structure, for citing it by article; absent in reports. */
  article?: ArticleRef;
  /**
   * Topics an enumerated item (一是…, 三是…) names in its own lead phrase, when it names any: 三是推进数字法治政府建设
   * is 数字法治政府 even inside a 政府职能 section. The section's topics include them, so a topic filter finds it.
   */
  topics?: string[];
}

/**
 * A paragraph's place in a law or regulation, each part written as it is cited. Mainland law is
 * 条 › 款 › 项; Taiwan law is 條 › 項 › 款, and its 點-style rules are cited by 點.
 */
export interface ArticleRef {
  /** 第一千一百二十五条, 第五十二条 (an amendment's numbered item), 第3條, 第三點. */
  article: string;
  /** The paragraph within the article when it has several: 第二款 (Taiwan: 第2項). */
  clause?: string;
  /** The enumerated item: 第（一）项 (Taiwan: 第1款). */
  item?: string;
}

export interface Section {
  /** `<doc id>:<hash of the heading path's norm>`; stable while the heading path is unchanged. */
  id: string;
  docId: string;
  /** 0-based position of the section in its document; document order for browsing. */
  ordinal: number;
  /** Heading path from the outermost outline level to this section's own heading; empty for the preamble. */
  headings: SourceText[];
  /**
   * How many of the last `headings` are shown first at this section (the document page prints them above it):
   * a parent heading with no paragraphs of its own (一、… above its (一)) belongs to the first section under it.
   */
  shownHeadings: number;
  topics: string[];
  part: Part;
  paragraphs: Paragraph[];
}

/** Kinds of document the parser recognises. */
export type DocKind = '法治政府建设报告' | '政府工作报告' | '法律法规' | '政策文件' | '其他';

/** What a search result needs of its document: the fields shown beside a hit and used to filter it. */
export interface DocRecord {
  id: string;
  title: SourceText;
  /** The issuing body, in the source's wording. */
  issuer: string | null;
  /** ISO date `YYYY-MM-DD` when stated. */
  published: string | null;
  /** 文号 in the source's wording (`莲司〔2024〕4号`). */
  docNumber: string | null;
  /** The year whose work is reported (for laws: the latest revision year). */
  year: number | null;
  kind: DocKind;
  region: Region | null;
}

export interface DocumentMeta extends DocRecord {
  source: string;
  /** True when no title was found and one was composed from region, year and kind. */
  titleComposed: boolean;
  /** Source line numbers the title was read from (empty when it came from a metadata field or a manifest). */
  titleLines: number[];
  warnings: string[];
  /** Source lines that are not official text, each with its reason; nothing disappears unseen. */
  removed: RemovedLine[];
  /** Why each inferred field has its value (`region: '标题“…”中的地名'`), for `npm run index -v` and the API. */
  metadataSources: Partial<Record<'title' | 'issuer' | 'published' | 'docNumber' | 'year' | 'kind' | 'region', string>>;
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
  /** The paragraph's original wording. */
  text: string;
  /** HTML-escaped window of `text` with each match wrapped in `<mark>` (matches found in `norm`, marked on `text`). */
  snippet: string;
  /** How to cite it: 《全称》第X条… for a law, GB/T 7714-2015 for other documents (see `citeParagraph`). */
  citation: string;
}

/** Document fields as they appear in API answers; texts in their original wording. */
export interface DocSummary {
  id: string;
  title: string;
  issuer: string | null;
  published: string | null;
  docNumber: string | null;
  year: number | null;
  kind: DocKind;
  region: { name: string; code: string; path: string[] } | null;
}

export interface SearchHit {
  doc: DocSummary;
  /** The title as HTML with the query's matches marked (escaped like a snippet). */
  titleHtml: string;
  section: {
    id: string;
    headings: string[];
    /** `headings` as HTML with the query's matches marked, so a heading-only match shows why it matched. */
    headingsHtml: string[];
    topics: string[];
    part: Part;
  };
  /** Matching paragraphs, best first. */
  paragraphs: HitParagraph[];
  /** `/doc/<doc id>?q=…#<paragraph id>` of the best paragraph. */
  url: string;
  score: number;
}

/** A document's share of the results when hits are grouped by document. */
export interface DocumentHits {
  doc: DocSummary;
  titleHtml: string;
  /** Matching sections of this document in all (its hits below are the best of them). */
  sections: number;
  hits: SearchHit[];
  score: number;
}

export interface FacetValue {
  /** The value as a filter takes it (`unknown` for documents whose year or region is not known). */
  value: string;
  /** Sections counted. */
  count: number;
  /** How to show a value that is not its own label (`unknown` → 年份不详). */
  label?: string;
  /** For region values: the names from province down to `value`, so a client can draw the tree. */
  path?: string[];
  /** For region values: the GB/T 2260 code, unambiguous where two places share a name (鼓楼区). */
  code?: string;
}

export type FacetName = 'region' | 'province' | 'year' | 'topic' | 'part' | 'kind';

export interface SearchResponse {
  query: string;
  normalized_query: string;
  /** Matching sections (处). */
  total: number;
  /** Documents holding at least one matching section (篇). */
  total_documents: number;
  page: number;
  size: number;
  took_ms: number;
  /** Section hits in rank order (`group=section`, the API's default). */
  hits: SearchHit[];
  /** Hits grouped by document, documents in rank order (`group=document`, the pages' view); paging counts documents. */
  documents?: DocumentHits[];
  facets: Record<FacetName, FacetValue[]>;
  /** False when part of the index did not answer (a shard down): counts may be low. */
  complete: boolean;
  /** Chinese messages for people: why an answer is incomplete, what a query repair did. */
  warnings: string[];
}
