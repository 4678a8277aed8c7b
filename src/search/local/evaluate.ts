import type { SearchBackend, TermField } from '../../index/backend';
import { segmentQueryTerm } from '../../segment/segment-text';
import type { PhraseHits } from '../phrase-index';
import { lower, type ParsedQuery, type QueryTerm } from '../query-parser';
import type { ColumnStore } from './column-store';

/**
 * Query evaluation over the column store: which sections each term matches (and how strongly), then which
 * sections the whole query selects. The rules are the product's, shared with every engine (README → Query
 * syntax): a plain term matches a section's paragraphs, the headings shown at it, and — at a document's first
 * section — the document's title and 文号; `title:` matches the title or any heading of the section's path;
 * `docno:` and `issuer:` match every section of a document whose 文号 or issuer holds the term.
 */

/** Where a term matched: sections ascending, with what ranking reads for each. */
export interface TermMatch {
  sections: Int32Array;
  /** Exact terms: occurrences in the section's paragraphs. Fuzzy terms: the term index's score. */
  weights: Float64Array;
  /** Sections where the term is in a heading shown there. */
  inHeading: Set<number>;
  /** First sections of documents whose title holds the term. */
  inTitle: Set<number>;
  /** First sections of documents whose whole title is the term. */
  isTitle: Set<number>;
  /** Fuzzy terms: sections holding the term verbatim in a paragraph (ranked first). Null for exact terms. */
  verbatim: Set<number> | null;
}

export type TermMatcher = (term: QueryTerm) => TermMatch;

/** Matches terms once per query; a term repeated in the query is looked up once. */
export function createMatcher(store: ColumnStore, fuzzy: boolean, backend: () => SearchBackend): TermMatcher {
  const cache = new Map<string, TermMatch>();
  return (term) => {
    const key = `${term.field}|${term.quoted}|${term.text}`;
    let m = cache.get(key);
    if (!m) cache.set(key, (m = fuzzy && !term.quoted && term.field !== 'docno' && term.field !== 'issuer' ? matchTokens(store, term, backend) : matchExact(store, term)));
    return m;
  };
}

function matchExact(store: ColumnStore, term: QueryTerm): TermMatch {
  const match: TermMatch = { sections: new Int32Array(0), weights: new Float64Array(0), inHeading: new Set(), inTitle: new Set(), isTitle: new Set(), verbatim: null };
  switch (term.field) {
    case 'title':
      match.sections = union([allSectionsOf(store, store.titles.count(term.text)), store.headingPaths.count(term.text).texts]);
      match.weights = new Float64Array(match.sections.length);
      return match;
    case 'docno':
    case 'issuer':
      match.sections = allSectionsOf(store, (term.field === 'docno' ? store.docNumbers : store.issuers).count(term.text));
      match.weights = new Float64Array(match.sections.length);
      return match;
  }
  // Paragraphs come in order and so do their sections: occurrences add up section by section.
  const hits = store.paragraphs.count(term.text);
  const sections: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < hits.texts.length; k++) {
    const s = store.paragraphSection[hits.texts[k]];
    if (sections[sections.length - 1] === s) weights[weights.length - 1] += hits.counts[k];
    else {
      sections.push(s);
      weights.push(hits.counts[k]);
    }
  }
  const headed = store.shownHeadings.count(term.text).texts;
  for (const s of headed) match.inHeading.add(s);
  const titled = firstSectionsOf(store, store.titles.count(term.text));
  const needle = lower(term.text);
  for (const s of titled) {
    match.inTitle.add(s);
    if (store.titleKeys[store.sectionDoc[s]] === needle) match.isTitle.add(s);
  }
  const numbered = firstSectionsOf(store, store.docNumbers.count(term.text));
  match.sections = union([Int32Array.from(sections), headed, titled, numbered]);
  // Sections matched by a heading, the title or the 文号 alone weigh 0 in the paragraphs' BM25.
  match.weights = new Float64Array(match.sections.length);
  for (let i = 0, j = 0; i < match.sections.length && j < sections.length; i++) {
    if (match.sections[i] === sections[j]) match.weights[i] = weights[j++];
  }
  return match;
}

function matchTokens(store: ColumnStore, term: QueryTerm, backend: () => SearchBackend): TermMatch {
  const tokens = segmentQueryTerm(term.text);
  const fields: TermField[] = term.field === 'title' ? ['title', 'headings'] : ['title', 'headings', 'body'];
  const scores = tokens.length ? backend().score({ tokens, combine: 'and', fields }) : new Map<string, number>();
  const found: Array<[number, number]> = [];
  for (const [id, score] of scores) {
    const s = store.sectionOrdinal(id);
    if (s !== undefined) found.push([s, score]);
  }
  found.sort((a, b) => a[0] - b[0]);
  const verbatim = new Set<number>();
  for (const p of store.paragraphs.count(term.text).texts) verbatim.add(store.paragraphSection[p]);
  return {
    sections: Int32Array.from(found, (f) => f[0]),
    weights: Float64Array.from(found, (f) => f[1]),
    inHeading: new Set(),
    inTitle: new Set(),
    isTitle: new Set(),
    verbatim,
  };
}

/** Every section of the documents hit (ascending documents give ascending sections). */
function allSectionsOf(store: ColumnStore, docs: PhraseHits): Int32Array {
  let n = 0;
  for (const d of docs.texts) n += store.docStart[d + 1] - store.docStart[d];
  const out = new Int32Array(n);
  let k = 0;
  for (const d of docs.texts) for (let s = store.docStart[d]; s < store.docStart[d + 1]; s++) out[k++] = s;
  return out;
}

/** The first section of each document hit (a document of no sections has none). */
function firstSectionsOf(store: ColumnStore, docs: PhraseHits): Int32Array {
  const out: number[] = [];
  for (const d of docs.texts) if (store.docStart[d] < store.docStart[d + 1]) out.push(store.docStart[d]);
  return Int32Array.from(out);
}

/** Union of ascending lists, ascending, without repeats. */
function union(lists: Int32Array[]): Int32Array {
  const nonEmpty = lists.filter((l) => l.length);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? new Int32Array(0);
  let result = nonEmpty[0];
  for (const list of nonEmpty.slice(1)) {
    const out = new Int32Array(result.length + list.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < result.length || j < list.length) {
      const a = i < result.length ? result[i] : Infinity;
      const b = j < list.length ? list[j] : Infinity;
      const v = a <= b ? a : b;
      if (a === v) i++;
      if (b === v) j++;
      out[n++] = v;
    }
    result = out.subarray(0, n);
  }
  return result;
}

/**
 * The sections a query selects before filters, ascending: in every group (a group is any of its terms), in no
 * exclusion. A query without positive terms selects every section but the excluded.
 */
export function selectSections(store: ColumnStore, query: ParsedQuery, match: TermMatcher): Int32Array {
  const n = store.sectionCount;
  const excluded = query.excluded.length ? union(query.excluded.map((t) => match(t).sections)) : null;
  if (query.groups.length === 1 && query.groups[0].length === 1 && !excluded) return match(query.groups[0][0]).sections;
  // How many groups each section satisfies; 255 marks an excluded one.
  const satisfied = new Uint8Array(n);
  query.groups.forEach((group) => {
    for (const s of union(group.map((t) => match(t).sections))) satisfied[s]++;
  });
  if (excluded) for (const s of excluded) satisfied[s] = 255;
  const need = query.groups.length;
  let count = 0;
  for (let s = 0; s < n; s++) if (satisfied[s] === need) count++;
  const out = new Int32Array(count);
  for (let s = 0, k = 0; s < n; s++) if (satisfied[s] === need) out[k++] = s;
  return out;
}
