import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import express, { Router, type Request } from 'express';
import { fail, type PolicySearchError } from '../errors';
import { regionFromCode } from '../parse/region';
import { PART_LABELS, TOPIC_LABELS } from '../parse/topics';
import { citationDay, citeParagraph } from '../search/citation';
import { createMarker } from '../search/match-text';
import { readQuery, runSearch } from '../search/run-search';
import type { Searcher } from '../search/searcher';
import { FILTER_NAMES, readSearchParams, type SearchParams } from '../search/search-params';
import type { FacetValue, ParsedDocument, SourceText } from '../types';
import { checkDocId } from './api';

const VIEWS = fileURLToPath(new URL('../../views/', import.meta.url));
const STATIC = fileURLToPath(new URL('../../views/static/', import.meta.url));

/** Parameters that make up a page's state; all of it lives in the URL so links, bookmarks and Back work. */
const STATE_KEYS = ['q', ...FILTER_NAMES, 'mode', 'sort', 'size'] as const;
type PageState = Partial<Record<(typeof STATE_KEYS)[number], string>>;

/** Server-rendered pages: search, compare, document. They work without JavaScript. */
export function createPages({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const pages = Router();
  pages.use('/static', express.static(STATIC, { maxAge: '1h' }));

  pages.get('/', async (req, res) => {
    const state = readState(req);
    const params = readSearchParams(req.query);
    const result = await runSearch(searcher(), params, { publicUrl });
    res.type('html').send(
      render('search', {
        state,
        params,
        result,
        regionTree: buildRegionTree(result.facets.region),
        link: (changes: PageState & { page?: string; format?: string }, path = '/') => linkTo(path, state, changes),
        toggle: (name: keyof PageState, value: string) => linkTo('/', state, { [name]: toggleValue(state[name], value) }),
        selected: (name: keyof PageState, value: string) => splitValues(state[name]).includes(value),
        labels: { topics: TOPIC_LABELS, parts: PART_LABELS },
      }),
    );
  });

  pages.get('/compare', async (req, res) => {
    const state = readState(req);
    const params = readSearchParams({ ...req.query, page: '1', size: '1' });
    const table = state.q ? await compareTable(searcher(), params) : null;
    res.type('html').send(render('compare', { state, table, link: (c: PageState) => linkTo('/', state, c) }));
  });

  pages.get('/doc/:id', async (req, res) => {
    const doc = await searcher().getDocument(checkDocId(req.params.id));
    if (!doc) fail('NOT_FOUND', `没有编号为“${req.params.id}”的文件`);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const mode = req.query.mode === 'fuzzy' ? 'fuzzy' : 'exact';
    // Marks are found before rendering, so the notice above the text can say how many places hold them.
    const marker = createMarker(readQuery(q), mode);
    const marks = { headings: 0, paragraphs: 0 };
    const markHtml = (source: SourceText, place: 'heading' | 'paragraph') => {
      const match = marker.find(source, place);
      if (match.ranges.length) marks[place === 'heading' ? 'headings' : 'paragraphs']++;
      return marker.html(source, match);
    };
    const cite = { publicUrl, today: citationDay() };
    const sections = doc.sections.map((s) => ({
      section: s,
      headingsHtml: s.headings.map((h) => markHtml(h, 'heading')),
      paragraphs: s.paragraphs.map((p) => ({ paragraph: p, html: markHtml(p, 'paragraph'), citation: citeParagraph(doc, p, cite) })),
    }));
    res.type('html').send(render('doc', { doc, q, mode, outline: buildOutline(doc), sections, marks }));
  });

  return pages;
}

export function renderErrorPage(err: PolicySearchError): string {
  return render('error', { error: err });
}

function render(view: string, data: Record<string, unknown>): string {
  let html = '';
  ejs.renderFile(`${VIEWS}${view}.ejs`, { ...data, partsHelpers }, { async: false, cache: true }, (err, out) => {
    if (err) throw err;
    html = out;
  });
  return html;
}

/** Small helpers every view may use. */
const partsHelpers = {
  regionPath: (path: string[] | undefined) => (path ?? []).join(' › '),
};

function readState(req: Request): PageState {
  const state: PageState = {};
  for (const key of STATE_KEYS) {
    const v = req.query[key];
    if (typeof v === 'string' && v !== '') state[key] = v;
  }
  return state;
}

function splitValues(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

function toggleValue(current: string | undefined, value: string): string {
  const values = splitValues(current);
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return next.join(',');
}

/** A URL for the same page with some state changed; changing anything but the page goes back to page 1. */
export function linkTo(path: string, state: PageState, changes: PageState & { page?: string; format?: string }): string {
  const merged: Record<string, string | undefined> = { ...state, ...changes };
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) search.set(k, v);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RegionNode {
  name: string;
  count: number;
  children: RegionNode[];
}

/** Province → city → county tree from the region facet, each node counting the sections below it. */
export function buildRegionTree(values: FacetValue[]): RegionNode[] {
  const roots: RegionNode[] = [];
  for (const v of values) {
    let level = roots;
    for (const name of v.path ?? [v.value]) {
      let node = level.find((n) => n.name === name);
      if (!node) level.push((node = { name, count: 0, children: [] }));
      node.count += v.count;
      level = node.children;
    }
  }
  const sort = (nodes: RegionNode[]) => {
    nodes.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
    nodes.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

export interface OutlineEntry {
  heading: string;
  /** 1 for the outermost level. */
  depth: number;
  /** Paragraph id where the heading's text begins. */
  anchor: string;
}

/** Every heading once, in order, even those with no paragraph of their own (一、 above its (一)). */
export function buildOutline(doc: ParsedDocument): OutlineEntry[] {
  const entries: OutlineEntry[] = [];
  let open: string[] = [];
  for (const s of doc.sections) {
    s.headings.forEach(({ text: heading }, i) => {
      if (open[i] === heading) return;
      open = [...open.slice(0, i), heading];
      entries.push({ heading, depth: i + 1, anchor: s.paragraphs[0].id });
    });
    open = open.slice(0, s.headings.length);
  }
  return entries;
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
