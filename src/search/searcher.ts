import type { DocKind, DocRecord, ParsedDocument, Part, Section } from '../types';
import type { GroupCounts } from './facet-groups';
import type { ParsedQuery } from './query-parser';
import type { Filters, SearchMode } from './search-params';

/**
 * The boundary between the app and a search engine, one level above term scoring: an engine selects,
 * counts, ranks and pages sections and hands back their texts; the app parses queries, counts facets from
 * groups, marks snippets, cites and renders. Two implementations: the in-process engine (`local/`) and a
 * Sphinx/Manticore cluster (`sphinx/`). Both must give the same totals, facets and section sets.
 */
export interface Searcher {
  /** `local` or `sphinx`, for health answers and logs. */
  readonly name: string;
  search(request: SearchRequest): Promise<SearchPage>;
  /** Matching documents and sections per region and year, for the compare view and its denominators. */
  tally(request: TallyRequest): Promise<Tally>;
  getDocument(id: string): Promise<ParsedDocument | undefined>;
  /** Every document's record and counts, in index order. */
  listDocuments(): Promise<DocListing[]>;
  health(): Promise<SearcherHealth>;
  /** Starts slow background work (fuzzy mode's term index) once a server listens; optional. */
  warmUp?(): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Sort orders. `relevance`: score, then newest year, then region code, then document order. `date`: newest
 * publication first (a document without a date sorts by its year's last day; neither: last); `date-asc`: oldest
 * first. `document`: index order (browsing, exports). Ties of the date orders go by score, then document order.
 */
export type SortOrder = 'relevance' | 'date' | 'date-asc' | 'document';

export interface SearchRequest {
  query: ParsedQuery;
  filters: Filters;
  mode: SearchMode;
  sort: SortOrder;
  /**
   * `section`: `rows` are sections in rank order and offset/limit count sections. `document`: `documents`
   * holds documents in the order of their best section, offset/limit count documents, each with up to
   * `sectionsPerDocument` of its best sections.
   */
  group: 'section' | 'document';
  sectionsPerDocument?: number;
  /** 0-based; no upper bound here (the URL's limits are checked before). */
  offset: number;
  limit: number;
  /** Skip facet groups (exports and tallies page through results and need none). */
  withoutGroups?: boolean;
}

/** A matching section with everything needed to show it; texts in both forms. */
export interface SectionRow {
  doc: DocRecord;
  section: Section;
  score: number;
}

export interface DocumentRow {
  doc: DocRecord;
  /** The best section's score. */
  score: number;
  /** Matching sections of the document in all. */
  sections: number;
  rows: SectionRow[];
}

/**
 * Matching sections counted by the attributes facets and filters read, for the query *without* facet filters
 * (the publication date range, not a facet, is applied): the app counts each facet with every filter but its own
 * over these (see `countFacets`). Engines hand them over as a `GroupCounts` table (`groupCountsFromRows`).
 */
export interface FacetGroup {
  /** GB/T 2260 code of the document's region; '' when unknown. */
  region: string;
  year: number | null;
  part: Part;
  kind: DocKind;
  /** Bit i set when the section has topic `TOPIC_LABELS[i]`. */
  topics: number;
  count: number;
}

export interface SearchPage {
  /** Sections matching query and filters. */
  total: number;
  /** Documents holding at least one of them. */
  totalDocuments: number;
  /** `group: 'section'`: the page of sections. Empty in document mode. */
  rows: SectionRow[];
  /** `group: 'document'`: the page of documents. */
  documents?: DocumentRow[];
  groups: GroupCounts;
  /** False when some part of the index did not answer; the counts may then be low. */
  complete: boolean;
  /** Chinese messages for people (why an answer is incomplete). */
  warnings: string[];
}

export interface TallyRequest {
  query: ParsedQuery;
  filters: Filters;
  mode: SearchMode;
}

export interface TallyCell {
  /** GB/T 2260 code of the documents' region; '' when unknown. */
  region: string;
  year: number | null;
  /** Documents with at least one matching section (篇). */
  documents: number;
  /** Matching sections (处). */
  sections: number;
}

export interface Tally {
  cells: TallyCell[];
  complete: boolean;
  warnings: string[];
}

export interface DocListing extends DocRecord {
  sections: number;
  paragraphs: number;
  warnings: string[];
  removedLines: number;
}

export interface SearcherHealth {
  backend: string;
  /** Whether every part can answer now (fuzzy mode loaded; every shard up). */
  ready: boolean;
  documents: number;
  sections: number;
  builtAt: string | null;
  /** One entry per shard or agent of a distributed engine. */
  shards?: Array<{ name: string; address: string; state: 'up' | 'down'; detail?: string }>;
}
