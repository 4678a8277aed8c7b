import { toTextRange } from '../normalize/offset-map';
import { segmentQueryTerm } from '../segment/segment-text';
import type { SourceText } from '../types';
import { lower, positiveTerms, type ParsedQuery, type QueryTerm } from './query-parser';
import type { SearchMode } from './search-params';
import { highlight, renderSnippet, type Range } from './snippet';

/**
 * Where a query's terms occur in a piece of text, for marking it. Matching runs on `norm` (the same form the
 * engines match on) and marks land on `text`, the original wording, through the offset map. Shared by every
 * engine's hits and by the document page.
 */

/** Which pieces of a document a term is marked in: plain terms everywhere; `title:` terms in titles and headings. */
export type MarkPlace = 'paragraph' | 'heading' | 'title';

/** Where a query matched in one piece of text. */
export interface TextMatch {
  /** How many of the query's terms occur in it. */
  terms: number;
  /** Ranges of `norm` holding them, unmerged. */
  ranges: Range[];
}

export interface QueryMarker {
  readonly terms: QueryTerm[];
  /** Where the terms that apply to `place` occur in `source`. */
  find(source: SourceText, place: MarkPlace): TextMatch;
  /** HTML of `text` (escaped) with the match marked. */
  html(source: SourceText, match: TextMatch): string;
  /** A window of `text` around the first match (the whole text when short), matches marked. */
  snippet(source: SourceText, match: TextMatch): string;
}

export function createMarker(query: ParsedQuery, mode: SearchMode): QueryMarker {
  const terms = positiveTerms(query);
  // Each term as the needles it is marked by: itself, or in fuzzy mode an unquoted term's jieba tokens.
  const needles = terms.map((t) => (mode === 'fuzzy' && !t.quoted && !t.field ? segmentQueryTerm(t.text) : [t.text]));
  const applies = (t: QueryTerm, place: MarkPlace) => t.field === null || (t.field === 'title' && place !== 'paragraph');
  const toText = (source: SourceText, ranges: Range[]) => ranges.map(([s, e]) => toTextRange(source, s, e));
  return {
    terms,
    find(source, place) {
      const match: TextMatch = { terms: 0, ranges: [] };
      if (!terms.length) return match;
      const lowered = lower(source.norm);
      terms.forEach((t, k) => {
        if (!applies(t, place)) return;
        const before = match.ranges.length;
        for (const n of needles[k]) occurrences(lowered, n, match.ranges);
        if (match.ranges.length > before) match.terms++;
      });
      return match;
    },
    html: (source, match) => highlight(source.text, toText(source, match.ranges)),
    snippet: (source, match) => renderSnippet(source.text, toText(source, match.ranges)),
  };
}

/** Appends the non-overlapping occurrences of a lower-cased needle. */
function occurrences(haystack: string, needle: string, out: Range[]): void {
  if (!needle) return;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) out.push([at, at + needle.length]);
}
