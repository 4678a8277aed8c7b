import { performance } from 'node:perf_hooks';
import { fail } from '../errors';
import type { SearchResponse } from '../types';
import { citationDay } from './citation';
import { countFacets } from './facets';
import { resolveFilters } from './filters';
import { buildDocumentHits, buildHit } from './hits';
import { createMarker } from './match-text';
import { describeQuery, parseQuery, type ParsedQuery, type QueryNotice } from './query-parser';
import type { Searcher } from './searcher';
import { MAX_QUERY_TERMS, type SearchParams } from './search-params';

export interface SearchResult extends SearchResponse {
  notices: QueryNotice[];
}

export interface RunContext {
  /** Public origin for citations' URLs (PUBLIC_URL). */
  publicUrl: string;
  /** Day of citing; today in China when absent. */
  today?: string;
  /** How many of a document's sections a grouped result shows. */
  sectionsPerDocument?: number;
}

/** Sections a grouped result shows per document before "本文另有 N 处". */
export const SECTIONS_PER_DOCUMENT = 3;

/** Parses and checks a query: at most MAX_QUERY_TERMS terms, counting exclusions. */
export function readQuery(q: string): ParsedQuery {
  const query = parseQuery(q);
  const terms = query.groups.reduce((n, g) => n + g.length, 0) + query.excluded.length;
  if (terms > MAX_QUERY_TERMS) fail('QUERY_TOO_MANY_TERMS', `检索式有 ${terms} 个检索词，最多 ${MAX_QUERY_TERMS} 个`);
  return query;
}

/**
 * One search as the API, the pages and the CLI answer it, whatever the engine: parse, ask the searcher for a
 * page and facet groups, count facets, build hits with snippets, marks and citations.
 */
export async function runSearch(searcher: Searcher, params: SearchParams, context: RunContext): Promise<SearchResult> {
  const started = performance.now();
  const query = readQuery(params.q);
  const grouped = params.group === 'document';
  const sectionsPerDocument = context.sectionsPerDocument ?? SECTIONS_PER_DOCUMENT;
  const page = await searcher.search({
    query,
    filters: params.filters,
    mode: params.mode,
    sort: params.sort,
    group: params.group,
    sectionsPerDocument,
    offset: (params.page - 1) * params.size,
    limit: params.size,
  });
  const hitContext = { publicUrl: context.publicUrl, today: context.today ?? citationDay(), q: params.q, mode: params.mode, marker: createMarker(query, params.mode) };
  const documents = grouped ? (page.documents ?? []).map((d) => buildDocumentHits(d, hitContext)) : undefined;
  return {
    query: params.q,
    normalized_query: describeQuery(query),
    total: page.total,
    total_documents: page.totalDocuments,
    page: params.page,
    size: params.size,
    took_ms: Math.round((performance.now() - started) * 100) / 100,
    hits: grouped ? documents!.flatMap((d) => d.hits) : page.rows.map((r) => buildHit(r, hitContext)),
    ...(documents ? { documents } : {}),
    facets: countFacets(page.groups, resolveFilters(params.filters)),
    complete: page.complete,
    warnings: [...page.warnings, ...query.notices.map((n) => n.message)],
    notices: query.notices,
  };
}
