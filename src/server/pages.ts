import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { regionFromCode } from '../parse/region';
import { readQuery } from '../search/run-search';
import type { Searcher } from '../search/searcher';
import { readSearchParams, type SearchParams } from '../search/search-params';
import { advancedSearchPage } from './advanced-search';
import { documentPage } from './doc-page';
import { linkTo, readState, type PageState } from './page-state';
import { render } from './render';
import { searchPage } from './search-page';

export { renderErrorPage } from './render';

const STATIC = fileURLToPath(new URL('../../views/static/', import.meta.url));

/** Server-rendered pages: landing and search, advanced search, compare, document. They work without JavaScript. */
export function createPages({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const pages = Router();
  pages.use('/static', express.static(STATIC, { maxAge: '1h' }));
  pages.use(searchPage({ searcher, publicUrl }));
  pages.use(advancedSearchPage({ searcher }));
  pages.use(documentPage({ searcher, publicUrl }));

  pages.get('/compare', async (req, res) => {
    const state = readState(req);
    const params = readSearchParams({ ...req.query, page: '1', size: '1' });
    const table = state.q ? await compareTable(searcher(), params) : null;
    res.type('html').send(render('compare', { state, table, link: (c: PageState) => linkTo('/', state, c) }));
  });

  return pages;
}

interface CompareTable {
  years: string[];
  rows: Array<{ region: string; path: string[]; cells: Map<string, number>; total: number }>;
  total: number;
}

/** Regions × years with the number of documents mentioning the query (a provisional view until the compare page lands). */
async function compareTable(searcher: Searcher, params: SearchParams): Promise<CompareTable> {
  const tally = await searcher.tally({ query: readQuery(params.q), filters: params.filters, mode: params.mode });
  const years = [...new Set(tally.cells.map((c) => (c.year === null ? '—' : String(c.year))))].sort((a, b) => (a === '—' ? 1 : b === '—' ? -1 : Number(a) - Number(b)));
  const rows = new Map<string, CompareTable['rows'][number]>();
  for (const c of tally.cells) {
    const region = c.region ? regionFromCode(c.region) : null;
    const name = region?.name ?? '—';
    let row = rows.get(name);
    if (!row) rows.set(name, (row = { region: name, path: region?.path ?? [], cells: new Map(), total: 0 }));
    const year = c.year === null ? '—' : String(c.year);
    row.cells.set(year, (row.cells.get(year) ?? 0) + c.documents);
    row.total += c.documents;
  }
  const sorted = [...rows.values()].sort((a, b) => (a.path.join('/') < b.path.join('/') ? -1 : 1));
  return { years, rows: sorted, total: sorted.reduce((n, r) => n + r.total, 0) };
}
