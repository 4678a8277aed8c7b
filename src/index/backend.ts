import type { IndexedSection } from '../types';

/** Fields a term query may look in; headings are boosted by the backend. */
export type TermField = 'title' | 'headings' | 'body';

export interface TermQuery {
  /** Segmented tokens (from `segmentText`). */
  tokens: string[];
  /** `and`: every token must occur in the section; `or`: any. */
  combine: 'and' | 'or';
  fields?: TermField[];
}

/**
 * The narrow interface between the engine and an inverted index. The engine keeps documents, phrase
 * verification, filters and facets; a backend only finds and scores sections by tokens. A distributed
 * backend implements the same four methods.
 */
export interface SearchBackend {
  readonly name: string;
  add(sections: IndexedSection[]): void;
  /** BM25-style scores of the sections that satisfy the query, by section id. */
  score(query: TermQuery): Map<string, number>;
  /** A plain object that `load` of the same backend turns back into an equal index. */
  serialize(): unknown;
  stats(): { sections: number; terms: number };
}
