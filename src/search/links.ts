import type { SearchMode } from './search-params';

/**
 * Paths of the app's pages that search results and citations point at, built in one place. Absolute links
 * prefix them with the configured public origin (PUBLIC_URL), never with a request's Host header.
 */

export interface MarkedBy {
  /** A query to mark through the document (`?q=`). */
  q?: string;
  mode?: SearchMode;
}

/** `/doc/<id>` with the query to mark, if any. */
export function documentPath(docId: string, marked: MarkedBy = {}): string {
  const search = new URLSearchParams();
  if (marked.q) search.set('q', marked.q);
  if (marked.q && marked.mode === 'fuzzy') search.set('mode', 'fuzzy');
  const qs = search.toString();
  return `/doc/${encodeURIComponent(docId)}${qs ? `?${qs}` : ''}`;
}

/** A paragraph's anchor in its document page. */
export function paragraphPath(docId: string, paragraphId: string, marked: MarkedBy = {}): string {
  return `${documentPath(docId, marked)}#${paragraphId}`;
}
