import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import express, { Router, type Request } from 'express';
import { fail, PolicySearchError } from '../errors';
import { regionFromCode, regionFromName } from '../parse/region';
import { PART_LABELS, TOPIC_LABELS } from '../parse/topics';
import { citationDay, citeParagraph } from '../search/citation';
import { UNKNOWN_LABELS } from '../search/facets';
import { createMarker, type MarkPlace, type QueryMarker } from '../search/match-text';
import { readQuery, runSearch } from '../search/run-search';
import { FILTER_NAMES, MAX_RESULT_WINDOW, readSearchParams, UNKNOWN, type SearchParams } from '../search/search-params';
import { escapeHtml } from '../search/snippet';
import type { DocListing, Searcher } from '../search/searcher';
import type { DocKind, FacetValue, ParsedDocument, Paragraph, SourceText } from '../types';
import { checkDocId, failNoDocument } from './api';
import { buildOutline, cutSlices, documentParts, partOfParagraph, sectionAnchor, showSlices, type DocPart } from './doc-parts';
import { documentFileName, documentTextPieces } from './doc-text';

const VIEWS = fileURLToPath(new URL('../../views/', import.meta.url));
const STATIC = fileURLToPath(new URL('../../views/static/', import.meta.url));

/** Parameters that make up a page's state; all of it lives in the URL so links, bookmarks and Back work. */
const STATE_KEYS = ['q', ...FILTER_NAMES, 'from', 'to', 'mode', 'sort', 'size'] as const;
/** Parameters that filter what is searched: the facets' and the publication date range. */
const FILTER_KEYS = [...FILTER_NAMES, 'from', 'to'] as const;
type PageState = Partial<Record<(typeof STATE_KEYS)[number], string>>;
type LinkChanges = Record<string, string | undefined>;

const KINDS: DocKind[] = ['法治政府建设报告', '政府工作报告', '法律法规', '政策文件', '其他'];
/** How much of a document's text (in PART_BUDGET's units) is rendered in one turn of the event loop. */
const RENDER_BUDGET = 10_000;
/** Where the document page's template puts the text, which is rendered apart. */
const TEXT_MARK = '<!--document text-->';
/** Choices of the pager's page size. */
const PAGE_SIZES = [10, 20, 50];
/** Queries shown on the landing page: each teaches one part of the syntax. */
const EXAMPLES: Array<[query: string, what: string]> = [
  ['包容审慎', '连续的字按原文精确查找'],
  ['枫桥经验', '看哪些地方、哪些年份写到它'],
  ['title:营商环境', '只在标题和小标题中找'],
  ['行政复议 OR 行政诉讼', '包含任一'],
  ['证明事项 告知承诺', '同时包含两个词'],
  ['执法 -疫情', '排除包含“疫情”的章节'],
];

/** Server-rendered pages: landing, search, advanced search, compare, document. They work without JavaScript. */
export function createPages({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const pages = Router();
  pages.use('/static', express.static(STATIC, { maxAge: '1h' }));

  pages.get('/', async (req, res) => {
    const state = readState(req);
    // 在结果中检索: the terms typed there are added to the current query, filters kept.
    const within = typeof req.query.within === 'string' ? req.query.within.trim() : '';
    if (within) {
      res.redirect(303, linkTo('/', state, { q: [state.q, within].filter(Boolean).join(' ') }));
      return;
    }
    if (!state.q && !FILTER_KEYS.some((f) => state[f])) {
      res.type('html').send(render('landing', { overview: (await collectionFacts(searcher())).overview, examples: EXAMPLES }));
      return;
    }
    const view = searchView(state, (await collectionFacts(searcher())).provinces);
    try {
      const params = readSearchParams({ ...req.query, group: 'document' });
      const result = await runSearch(searcher(), params, { publicUrl });
      res.type('html').send(
        render('search', { ...view, params, result, refused: null, regionTree: buildRegionTree(result.facets.region), pager: pagerOf(result.total_documents, result.page, result.size) }),
      );
    } catch (err) {
      // A refused query stays in the search box, with the reason beside it.
      if (!(err instanceof PolicySearchError) || err.status !== 400) throw err;
      res.status(400).type('html').send(render('search', { ...view, params: null, result: null, refused: err.message }));
    }
  });

  pages.get('/advanced', async (req, res) => {
    const state = readState(req);
    const { regionNames: regions } = await collectionFacts(searcher());
    if (req.query.go === undefined) {
      res.type('html').send(render('advanced', advancedView(regions, state, {}, null)));
      return;
    }
    const fields = readAdvancedFields(req);
    try {
      res.redirect(303, linkTo('/', {}, advancedQuery(fields)));
    } catch (err) {
      if (!(err instanceof PolicySearchError) || err.status !== 400) throw err;
      res.status(400).type('html').send(render('advanced', advancedView(regions, state, fields, err.message)));
    }
  });

  pages.get('/compare', async (req, res) => {
    const state = readState(req);
    const params = readSearchParams({ ...req.query, page: '1', size: '1' });
    const table = state.q ? await compareTable(searcher(), params) : null;
    res.type('html').send(render('compare', { state, table, link: (c: PageState) => linkTo('/', state, c) }));
  });

  pages.get('/doc/:id/download', async (req, res) => {
    const doc = await findDocument(searcher(), req.params.id);
    res.type('text/plain; charset=utf-8').attachment(documentFileName(doc));
    // Written a run at a time, letting other requests in between, so a long document never holds the server.
    for (const piece of documentTextPieces(doc, publicUrl, RENDER_BUDGET)) {
      res.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  });

  pages.get('/doc/:id', async (req, res) => {
    const doc = await findDocument(searcher(), req.params.id);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const mode = req.query.mode === 'fuzzy' ? 'fuzzy' : 'exact';
    const parts = documentParts(doc);
    const part = choosePart(parts, req.query.part, req.query.at);
    let marker: QueryMarker | null = null;
    let refused: string | null = null;
    try {
      // The API's limits (a 16 KB query of 7,900 terms once held the server 5 s marking a large document).
      const query = q ? readQuery(readSearchParams({ q, mode }).q) : null;
      // Fuzzy marks need jieba's dictionary, which the searcher loads in the background: wait for it, never load it here.
      if (query && mode === 'fuzzy') await searcher().warmUp?.();
      if (query) marker = createMarker(query, mode);
    } catch (err) {
      // The document stays readable; only the marking is refused, with the reason.
      if (!(err instanceof PolicySearchError) || err.status !== 400) throw err;
      refused = err.message;
    }
    const marks = marker ? await countMarks(parts, marker) : null;
    const today = citationDay();
    const marked = { q: q || undefined, mode: q && mode === 'fuzzy' ? mode : undefined };
    // The page is sent as it is rendered, a run of text at a time, letting other requests in between: a part is
    // up to ~1 MB of HTML. The template is rendered once around a marker where the text goes.
    const [top, bottom] = render('doc', {
      doc, q, refused, marks, parts, part, bodyHtml: TEXT_MARK,
      outline: buildOutline(part.slices),
      partLink: (n: number, withMarks = true) => linkTo(`/doc/${encodeURIComponent(doc.id)}`, {}, { ...(withMarks ? marked : {}), part: n > 1 ? String(n) : undefined }),
      backLink: linkTo('/', {}, marked),
    }).split(TEXT_MARK);
    res.status(refused ? 400 : 200).type('html').write(top);
    for (const pieces of cutSlices(showSlices(part.slices), RENDER_BUDGET, false)) {
      await new Promise((resolve) => setImmediate(resolve));
      res.write(
        render('partials/doc-slices', {
          pieces,
          sectionAnchor,
          markHtml: (source: SourceText, place: MarkPlace) => (marker ? marker.html(source, marker.find(source, place)) : escapeHtml(source.text)),
          cite: (p: Paragraph) => citeParagraph(doc, p, { publicUrl, today }),
        }),
      );
    }
    res.end(bottom);
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

async function findDocument(searcher: Searcher, id: string): Promise<ParsedDocument> {
  return (await searcher.getDocument(checkDocId(id))) ?? failNoDocument(id);
}

/** What the search page's template needs besides the result: links that keep the page's state. */
function searchView(state: PageState, provinces: string[]) {
  const marked = { q: state.q, mode: state.mode === 'fuzzy' ? 'fuzzy' : undefined };
  return {
    state,
    link: (changes: LinkChanges, path = '/') => linkTo(path, state, changes),
    toggle: (name: keyof PageState, value: string) => linkTo('/', state, { [name]: toggleValue(state[name], value) }),
    chooseRegion: (node: RegionNode) => linkTo('/', state, { region: chooseRegion(splitValues(state.region), node).join(',') }),
    selected: (name: keyof PageState, value: string) => splitValues(state[name]).includes(value),
    /** How a filter value reads on a chip: 年份不详 for `unknown`, a place's name for its code. */
    valueLabel: (name: string, value: string) => filterValueLabel(name, value),
    hiddenState: (omit: string[]) => Object.entries(state).filter(([k]) => !omit.includes(k)),
    // A long document is shown in parts: `at` names the paragraph, so the server opens the part holding it.
    docLink: (id: string, paragraphId?: string) =>
      linkTo(`/doc/${encodeURIComponent(id)}`, {}, { ...marked, at: paragraphId }) + (paragraphId ? `#${paragraphId}` : ''),
    provinces,
    pageSizes: PAGE_SIZES,
    labels: { topics: TOPIC_LABELS, parts: PART_LABELS },
  };
}

function filterValueLabel(name: string, value: string): string {
  if (value === UNKNOWN && (name === 'year' || name === 'region')) return UNKNOWN_LABELS[name];
  if (name === 'region' && /^\d{6}$/.test(value)) return regionFromCode(value)?.path.join(' ') ?? value;
  if (name === 'from') return `${value} 起`;
  if (name === 'to') return `${value} 止`;
  return value;
}

function readState(req: Request): PageState {
  const state: PageState = {};
  for (const key of STATE_KEYS) {
    const raw = req.query[key];
    // Repeated parameters (a checkbox list) join as one comma-separated value, as the API reads them.
    const v = Array.isArray(raw) ? raw.filter((x) => typeof x === 'string' && x !== '').join(',') : raw;
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

/**
 * The region filter after a place in the tree is chosen: the place replaces its own ancestors and descendants
 * (南通市 replaces 江苏省, 江苏省 replaces 南通市), places elsewhere stay; choosing a chosen place removes it.
 */
export function chooseRegion(current: string[], node: Pick<RegionNode, 'name' | 'value' | 'path'>): string[] {
  if (current.includes(node.value)) return current.filter((v) => v !== node.value);
  const related = (value: string) => {
    const other = regionPathOfValue(value);
    if (!other || !node.path.length) return false;
    const [shorter, longer] = other.length <= node.path.length ? [other, node.path] : [node.path, other];
    return shorter.every((n, i) => longer[i] === n);
  };
  return [...current.filter((v) => !related(v)), node.value];
}

/** A region filter value (a name at any level, a short name, a code) as its path; null when it names no place. */
function regionPathOfValue(value: string): string[] | null {
  const region = /^\d{6}$/.test(value) ? regionFromCode(value) : regionFromName(value);
  return region?.path ?? null;
}

/** What the pages show of the collection as a whole: asked of a searcher once (a rebuilt index comes with a new one). */
interface CollectionFacts {
  overview: CollectionOverview;
  /** Every place documents belong to, each level, sorted. */
  regionNames: string[];
  provinces: string[];
}

const factsCache = new WeakMap<Searcher, Promise<CollectionFacts>>();

function collectionFacts(searcher: Searcher): Promise<CollectionFacts> {
  let facts = factsCache.get(searcher);
  if (!facts) {
    facts = searcher.listDocuments().then((docs) => ({
      overview: collectionOverview(docs),
      regionNames: [...new Set(docs.flatMap((d) => d.region?.path ?? []))].sort(),
      provinces: [...new Set(docs.flatMap((d) => (d.region ? [d.region.path[0]] : [])))].sort(),
    }));
    factsCache.set(searcher, facts);
  }
  return facts;
}

/** A URL for the same page with some state changed; changing anything but the page goes back to page 1. */
export function linkTo(path: string, state: PageState, changes: LinkChanges): string {
  const merged: LinkChanges = { ...state, ...changes };
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) search.set(k, v);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface Pager {
  /** Pages reachable: all results, or as many as the deepest result allowed (MAX_RESULT_WINDOW). */
  pages: number;
  current: number;
  /** Page numbers shown around the current one. */
  window: number[];
}

export function pagerOf(total: number, page: number, size: number): Pager {
  const pages = Math.min(Math.ceil(total / size), Math.floor(MAX_RESULT_WINDOW / size));
  const from = Math.max(1, Math.min(page - 2, pages - 4));
  const to = Math.min(pages, from + 4);
  const window: number[] = [];
  for (let p = from; p <= to; p++) window.push(p);
  return { pages, current: page, window };
}

export interface RegionNode {
  name: string;
  /** The filter value choosing it: its name, or its code where two places in the tree share the name (鼓楼区). */
  value: string;
  /** Names from the province down to this place; empty for 地区不详. */
  path: string[];
  count: number;
  children: RegionNode[];
}

/** Province → city → county tree from the region facet, each node counting the sections below it. */
export function buildRegionTree(values: FacetValue[]): RegionNode[] {
  const roots: RegionNode[] = [];
  const all: Array<RegionNode & { code?: string }> = [];
  for (const v of values) {
    if (!v.path) {
      roots.push({ name: v.label ?? v.value, value: v.value, path: [], count: v.count, children: [] });
      continue;
    }
    const codes = v.code ? (regionFromCode(v.code)?.codes ?? []) : [];
    let level = roots;
    v.path.forEach((name, i) => {
      let node = level.find((n) => n.name === name);
      if (!node) {
        const created = { name, value: name, path: v.path!.slice(0, i + 1), count: 0, children: [], code: codes[i] };
        level.push(created);
        all.push(created);
        node = created;
      }
      node.count += v.count;
      level = node.children;
    });
  }
  const named = new Map<string, number>();
  for (const n of all) named.set(n.name, (named.get(n.name) ?? 0) + 1);
  for (const n of all) {
    if (named.get(n.name)! > 1 && n.code) n.value = n.code;
    delete n.code;
  }
  const sort = (nodes: RegionNode[]) => {
    nodes.sort((a, b) => Number(!a.path.length) - Number(!b.path.length) || b.count - a.count || (a.name < b.name ? -1 : 1));
    nodes.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

interface CountedValue {
  value: string;
  count: number;
}

export interface CollectionOverview {
  documents: number;
  provinces: CountedValue[];
  years: CountedValue[];
  kinds: CountedValue[];
  /** Documents whose year or region is unknown, so the lists' sums can be checked. */
  unknownYear: number;
  unknownRegion: number;
}

/** What the collection holds, in documents, for the landing page. */
function collectionOverview(docs: DocListing[]): CollectionOverview {
  const count = (values: Array<string | null>): CountedValue[] => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].map(([value, n]) => ({ value, count: n }));
  };
  const byCount = (a: CountedValue, b: CountedValue) => b.count - a.count || (a.value < b.value ? -1 : 1);
  return {
    documents: docs.length,
    provinces: count(docs.map((d) => d.region?.path[0] ?? null)).sort(byCount),
    years: count(docs.map((d) => (d.year === null ? null : String(d.year)))).sort((a, b) => Number(b.value) - Number(a.value)),
    kinds: count(docs.map((d) => d.kind)).sort((a, b) => KINDS.indexOf(a.value as DocKind) - KINDS.indexOf(b.value as DocKind)),
    unknownYear: docs.filter((d) => d.year === null).length,
    unknownRegion: docs.filter((d) => !d.region).length,
  };
}

/** The advanced search form's fields, as typed. */
export interface AdvancedFields {
  all?: string;
  title?: string;
  docno?: string;
  issuer?: string;
  region?: string;
  yearFrom?: string;
  yearTo?: string;
  from?: string;
  to?: string;
  topic?: string;
  kind?: string;
  mode?: string;
}

function readAdvancedFields(req: Request): AdvancedFields {
  const fields: Record<string, string> = {};
  for (const key of ['all', 'title', 'docno', 'issuer', 'region', 'yearFrom', 'yearTo', 'from', 'to', 'topic', 'kind', 'mode']) {
    const raw = req.query[key];
    const v = Array.isArray(raw) ? raw.filter((x) => typeof x === 'string').join(',') : raw;
    if (typeof v === 'string' && v.trim() !== '') fields[key] = v.trim();
  }
  return fields;
}

/**
 * The query string and URL parameters the advanced form stands for, the same the search box would take:
 * 标题 → `title:…` for each word, 文号 → `docno:…`, 发布机关 → `issuer:…`, the rest → filters.
 */
export function advancedQuery(fields: AdvancedFields): LinkChanges {
  const scoped = (scope: string, value: string | undefined) => {
    if (!value) return [];
    const clean = value.replace(/["“”]/g, '').trim();
    return clean ? [/\s/.test(clean) ? `${scope}:"${clean}"` : `${scope}:${clean}`] : [];
  };
  const titleWords = (fields.title ?? '').split(/\s+/).filter(Boolean).flatMap((w) => scoped('title', w));
  const q = [fields.all ?? '', ...titleWords, ...scoped('docno', fields.docno), ...scoped('issuer', fields.issuer)].filter(Boolean).join(' ');
  for (const [name, y] of [['起始年份', fields.yearFrom], ['截止年份', fields.yearTo]] as const) {
    if (y && !/^\d{4}$/.test(y)) fail('BAD_PARAMETER', `${name}应为四位数字，如 2023，现为“${y}”`);
  }
  for (const [name, d] of [['起始日期', fields.from], ['截止日期', fields.to]] as const) {
    if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) fail('BAD_PARAMETER', `${name}应写成 2023-01-31 的形式，现为“${d}”`);
  }
  const [yearFrom, yearTo] = [fields.yearFrom, fields.yearTo].sort();
  const year = fields.yearFrom && fields.yearTo ? (yearFrom === yearTo ? yearFrom : `${yearFrom}-${yearTo}`) : (fields.yearFrom ?? fields.yearTo);
  return {
    q: q || undefined,
    region: fields.region,
    year,
    from: fields.from,
    to: fields.to,
    topic: fields.topic,
    kind: fields.kind,
    mode: fields.mode === 'fuzzy' ? 'fuzzy' : undefined,
  };
}

function advancedView(regions: string[], state: PageState, fields: AdvancedFields, refused: string | null) {
  const years = (state.year ?? '').match(/^(\d{4})(?:-(\d{4}))?$/);
  const shown: AdvancedFields = {
    all: state.q,
    region: state.region,
    yearFrom: years?.[1],
    yearTo: years?.[2] ?? years?.[1],
    topic: state.topic,
    kind: state.kind,
    mode: state.mode,
    ...fields,
  };
  return { fields: shown, refused, regions, topics: TOPIC_LABELS, kinds: KINDS, checked: (name: 'topic' | 'kind', v: string) => splitValues(shown[name]).includes(v) };
}

/** The part a request asks for: the one holding paragraph `at`, else number `part`, else the first. */
function choosePart(parts: DocPart[], part: unknown, at: unknown): DocPart {
  if (typeof at === 'string' && at) {
    const holding = partOfParagraph(parts, at);
    if (holding) return holding;
  }
  if (part === undefined || part === '') return parts[0];
  const n = typeof part === 'string' && /^\d{1,6}$/.test(part) ? Number(part) : 0;
  if (n < 1 || n > parts.length) fail('BAD_PARAMETER', `本文共 ${parts.length} 部分，没有第“${String(part).slice(0, 20)}”部分`);
  return parts[n - 1];
}

export interface MarkCounts {
  /** Paragraphs and headings holding a match, in the whole document. */
  paragraphs: number;
  headings: number;
  /** Paragraphs and headings with a match, per part (index 0 is part 1). */
  perPart: number[];
  /** The first place marked, in document order: its part and the anchor of its paragraph or section. */
  first: { part: number; anchor: string } | null;
}

/** Counts marked paragraphs and headings part by part, letting other requests in between parts. */
async function countMarks(parts: DocPart[], marker: QueryMarker): Promise<MarkCounts> {
  const counts: MarkCounts = { paragraphs: 0, headings: 0, perPart: [], first: null };
  for (const part of parts) {
    let inPart = 0;
    const found = (anchor: string) => {
      inPart++;
      counts.first ??= { part: part.number, anchor };
    };
    for (const slice of showSlices(part.slices)) {
      for (const h of slice.headings) if (marker.find(h.heading, 'heading').ranges.length) (counts.headings++, found(sectionAnchor(slice.section)));
      for (let i = slice.from; i < slice.to; i++) {
        const paragraph = slice.section.paragraphs[i];
        if (marker.find(paragraph, 'paragraph').ranges.length) (counts.paragraphs++, found(paragraph.id));
      }
    }
    counts.perPart.push(inPart);
    if (parts.length > 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return counts;
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
