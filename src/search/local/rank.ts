import type { QueryTerm } from '../query-parser';
import type { SortOrder } from '../searcher';
import type { ColumnStore } from './column-store';
import type { TermMatcher } from './evaluate';

/**
 * Ranking of the in-process engine (README → Ranking; the Sphinx engine reproduces it). Exact mode: BM25 over
 * each phrase's occurrences in the section's paragraphs (k1 1.2, b 0.75, length in characters), plus 2·idf when
 * a heading shown at the section holds it, 3·idf when the section opens a document whose title holds it, and a
 * large bonus when the phrase is the whole title. Fuzzy mode: the term index's BM25 over jieba tokens, sections
 * holding the term verbatim first.
 */

const K1 = 1.2;
const B = 0.75;
const HEADING_BOOST = 2;
const TITLE_BOOST = 3;
/** A query that is a document's whole title finds that document first. */
const WHOLE_TITLE_BONUS = 1000;
/** In fuzzy mode a section holding every term as typed ranks before those holding only its words. */
const VERBATIM_BONUS = 100;

/** Scores of the selected sections (indexed by section; 0 elsewhere), or null when the query has no positive term. */
export function scoreSections(store: ColumnStore, positive: QueryTerm[], match: TermMatcher): Float64Array | null {
  if (positive.length === 0) return null;
  const scores = new Float64Array(store.sectionCount);
  const total = store.sectionCount;
  for (const term of positive) {
    const m = match(term);
    const idf = Math.log(1 + (total - m.sections.length + 0.5) / (m.sections.length + 0.5));
    if (m.verbatim) {
      for (let k = 0; k < m.sections.length; k++) {
        const s = m.sections[k];
        scores[s] += m.weights[k] + (m.verbatim.has(s) ? VERBATIM_BONUS / positive.length : 0);
      }
      continue;
    }
    for (let k = 0; k < m.sections.length; k++) {
      const s = m.sections[k];
      const tf = m.weights[k];
      const norm = 1 - B + (B * store.length[s]) / store.averageLength;
      let score = idf * ((tf * (K1 + 1)) / (tf + K1 * norm));
      if (m.inHeading.has(s)) score += HEADING_BOOST * idf;
      if (m.inTitle.has(s)) score += TITLE_BOOST * idf;
      if (m.isTitle.has(s)) score += WHOLE_TITLE_BONUS;
      scores[s] += score;
    }
  }
  return scores;
}

/** The order of sections for a sort: negative when `a` comes first. */
export function sectionOrder(store: ColumnStore, scores: Float64Array | null, sort: SortOrder): (a: number, b: number) => number {
  const { year, regionCode, dateKey } = store;
  const byScore = (a: number, b: number) => (scores ? scores[b] - scores[a] : 0);
  const dated = (a: number, b: number, newestFirst: boolean) => {
    // Undated documents go last in both directions.
    if (dateKey[a] === dateKey[b]) return 0;
    if (!dateKey[a]) return 1;
    if (!dateKey[b]) return -1;
    return newestFirst ? dateKey[b] - dateKey[a] : dateKey[a] - dateKey[b];
  };
  switch (sort) {
    case 'document':
      return (a, b) => a - b;
    case 'date':
    case 'date-asc':
      return (a, b) => dated(a, b, sort === 'date') || byScore(a, b) || a - b;
    case 'relevance':
      if (!scores) return (a, b) => a - b;
      return (a, b) => {
        const d = scores[b] - scores[a];
        if (Math.abs(d) > 1e-9) return d;
        return year[b] - year[a] || regionCode[a] - regionCode[b] || a - b;
      };
  }
}

/** The first `k` of `items` in `compare` order; a bounded heap when the list is much longer than `k`. */
export function firstInOrder(items: ArrayLike<number>, k: number, compare: (a: number, b: number) => number): number[] {
  if (items.length <= k * 4) return Array.from(items).sort(compare).slice(0, k);
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i], heap[parent]) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && compare(heap[l], heap[worst]) > 0) worst = l;
      if (r < heap.length && compare(heap[r], heap[worst]) > 0) worst = r;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}
