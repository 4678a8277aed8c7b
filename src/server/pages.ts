import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { Searcher } from '../search/searcher';
import { advancedSearchPage } from './advanced-search';
import { documentPage } from './doc-page';
import { searchPage } from './search-page';

export { renderErrorPage } from './render';

const STATIC = fileURLToPath(new URL('../../views/static/', import.meta.url));

/** Server-rendered pages: landing and search, advanced search, document (compare: compare-page.ts). They work without JavaScript. */
export function createPages({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const pages = Router();
  pages.use('/static', express.static(STATIC, { maxAge: '1h' }));
  pages.use(searchPage({ searcher, publicUrl }));
  pages.use(advancedSearchPage({ searcher }));
  pages.use(documentPage({ searcher, publicUrl }));
  return pages;
}
