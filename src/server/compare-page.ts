import { LRUCache } from 'lru-cache';
import { Router, type Request, type Response } from 'express';
import { fail } from '../errors';
import { NATIONAL, regionFromCode, regionFromName } from '../parse/region';
import { citationDay } from '../search/citation';
import { OWN_LEVEL } from '../search/filters';
import { positiveTerms } from '../search/query-parser';
import { readQuery } from '../search/run-search';
import type { Searcher } from '../search/searcher';
import { readSearchParams, UNKNOWN, type SearchParams } from '../search/search-params';
import { drawHeatMap } from './chart-heat-map';
import { drawShareChart } from './chart-share';
import {
  buildCompareModel,
  formatShare,
  isSingleRow,
  UNKNOWN_REGION_LABEL,
  UNKNOWN_YEAR_LABEL,
  yearLabel,
  type CompareCell,
  type CompareConditions,
  type CompareModel,
  type ProvinceGroup,
  type RegionRow,
  type YearKey,
} from './compare-model';
import { nextTurn } from './event-loop';
import { compareCsv, compareXlsx } from './export-compare';
import { contentDisposition, exportName, XLSX_TYPE, type ExportKind } from './export-file';
import { FILTER_KEYS, readState } from './page-state';
import { render } from './render';

/**
 * The compare view, `/compare?q=…&q=…`: for 1–5 terms, the documents mentioning each per region × year beside
 * the documents indexed there, with charts and downloads. Every figure links to the search page showing
 * exactly the documents it counts.
 */

export const MAX_COMPARE_TERMS = 5;

/** URL parameters of the compare view besides `q`, in the order links write them. */
const STATE_KEYS = [...FILTER_KEYS, 'mode'] as const;
type StateKey = (typeof STATE_KEYS)[number];

/** What a compare URL names, kept as typed so links keep or change it. */
export interface CompareState {
  terms: string[];
  values: Partial<Record<StateKey, string>>;
}

interface CompareRequest {
  state: CompareState;
  /** Filters and mode, checked as the search page checks them. */
  params: SearchParams;
}

export function createComparePage({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const router = Router();

  // A compare page of a long collection is a large table (every region × every year: ~390 KB, ~17 ms to render at
  // corpora scale) computed from data that changes only with a rebuild: the same address within a minute, on the
  // same day (captions carry the date), is answered from memory. Incomplete answers are never kept.
  const pages = new LRUCache<string, string>({ max: 64, maxSize: 32 << 20, sizeCalculation: (html) => html.length * 2, ttl: COMPARE_PAGE_TTL_MS });

  router.get('/compare', async (req, res) => {
    const { state, params } = readCompareRequest(req);
    const date = citationDay();
    const key = `${searcher().name}|${date}|${req.originalUrl}`;
    let html = pages.get(key);
    if (html === undefined) {
      // Without a term the page is the form, with the filters it would apply.
      const model = state.terms.length ? await computeCompare(searcher(), { state, params }) : null;
      const view = model ? await compareView(model, state, conditionsOf({ state, params }, date, publicUrl)) : null;
      html = render('compare', { view, state, filters: activeFilters(state), exactUrl: exactUrl(state) });
      if (!model || model.complete) pages.set(key, html);
    }
    res.type('html').send(html);
  });

  const download = (kind: ExportKind, extension: string, type: string, build: (model: CompareModel, conditions: CompareConditions, req: Request) => string | Promise<Buffer>) =>
    async (req: Request, res: Response) => {
      const request = readCompareRequest(req);
      if (!request.state.terms.length) fail('BAD_PARAMETER', '请至少给出一个检索词（q）');
      const date = citationDay();
      const model = await computeCompare(searcher(), request);
      const body = await build(model, conditionsOf(request, date, publicUrl), req);
      res.set('Content-Disposition', contentDisposition(exportName(kind, request.state.terms, date, extension)));
      res.type(type).send(body);
    };

  router.get('/compare.csv', download('各地对比', 'csv', 'text/csv; charset=utf-8', compareCsv));
  router.get('/compare.xlsx', download('各地对比', 'xlsx', XLSX_TYPE, compareXlsx));
  router.get('/compare/share.svg', download('年度占比图', 'svg', 'image/svg+xml; charset=utf-8', (model, conditions) => SVG_PROLOGUE + drawShareChart(model, conditions, 'share')));
  router.get(
    '/compare/heatmap.svg',
    download('地区年份热力图', 'svg', 'image/svg+xml; charset=utf-8', (model, conditions, req) => {
      const t = termIndex(req.query.t, model.terms.length);
      return SVG_PROLOGUE + drawHeatMap(model.terms[t], model.years, conditions, `heat-${t}`);
    }),
  );

  return router;
}

/** How long a rendered compare page is served from memory: a cluster rebuilt meanwhile shows within this. */
export const COMPARE_PAGE_TTL_MS = 60_000;

const SVG_PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n';

function termIndex(value: unknown, count: number): number {
  const text = typeof value === 'string' ? value : '0';
  const n = /^\d$/.test(text) ? Number(text) : -1;
  if (n < 0 || n >= count) fail('BAD_PARAMETER', `t 应为 0 到 ${count - 1} 之间的检索词序号，不能是“${text.slice(0, 20)}”`);
  return n;
}

/** The terms (repeated `q`, blank ones dropped, each checked like a search query), filters and mode. */
function readCompareRequest(req: Request): CompareRequest {
  const raw = req.query.q;
  const typed = (Array.isArray(raw) ? raw : [raw]).filter((q): q is string => typeof q === 'string').map((q) => q.trim());
  const terms = [...new Set(typed.filter(Boolean))];
  if (terms.length > MAX_COMPARE_TERMS) fail('BAD_PARAMETER', `最多同时对比 ${MAX_COMPARE_TERMS} 个检索词，收到 ${terms.length} 个`);
  for (const q of terms) {
    // A term that looks for nothing (`-疫情`, a lone quote) would count every document as mentioning it.
    if (!positiveTerms(readQuery(readSearchParams({ q }).q)).length) fail('BAD_PARAMETER', `“${q.slice(0, 40)}”没有要查找的词，不能用于对比`);
  }
  const params = readSearchParams({ ...req.query, q: '', page: '1', size: '1' });
  const page = readState(req);
  const values: CompareState['values'] = {};
  for (const key of FILTER_KEYS) if (page[key]) values[key] = page[key];
  if (page.mode === 'fuzzy') values.mode = 'fuzzy';
  return { state: { terms, values }, params };
}

/** The denominators, then each term's tally, giving way to other requests between them (fuzzy tallies take a while). */
async function computeCompare(searcher: Searcher, { state, params }: CompareRequest): Promise<CompareModel> {
  const { filters, mode } = params;
  const indexed = await searcher.tally({ query: readQuery(''), filters, mode });
  const terms = [];
  for (const term of state.terms) {
    await nextTurn();
    terms.push({ term, tally: await searcher.tally({ query: readQuery(term), filters, mode }) });
  }
  return buildCompareModel({ terms, indexed });
}

function conditionsOf({ state, params }: CompareRequest, date: string, publicUrl: string): CompareConditions {
  const shown = [...state.terms.map((t) => `q=${t}`), ...STATE_KEYS.filter((k) => state.values[k]).map((k) => `${k}=${state.values[k]}`)].join('&');
  return { terms: state.terms, filters: activeFilters(state).map((f) => `${f.label}：${f.value}`), mode: params.mode, date, source: `${publicUrl}/compare?${shown}` };
}

/** A URL of the compare view (or one of its downloads) with the given state. */
export function compareUrl(path: string, state: CompareState, extra: Record<string, string> = {}): string {
  const search = new URLSearchParams();
  for (const t of state.terms) search.append('q', t);
  for (const key of STATE_KEYS) if (state.values[key]) search.set(key, state.values[key]!);
  for (const [k, v] of Object.entries(extra)) search.set(k, v);
  return `${path}?${search}`;
}

/** The search page for one term under the view's filters, region and year replaced where given, grouped by document. */
function searchUrl(term: string, state: CompareState, place: { region?: string; year?: string }): string {
  const search = new URLSearchParams({ q: term });
  for (const key of STATE_KEYS) {
    const value = key === 'region' || key === 'year' ? (place[key] ?? state.values[key]) : state.values[key];
    if (value) search.set(key, value);
  }
  search.set('group', 'document');
  return `/?${search}`;
}

/** The same view in exact mode, for the chip that removes 模糊匹配. */
function exactUrl(state: CompareState): string {
  return compareUrl('/compare', { ...state, values: { ...state.values, mode: undefined } });
}

const FILTER_LABELS: Record<Exclude<StateKey, 'mode'>, string> = { region: '地区', year: '年份', topic: '主题', part: '部分', kind: '文种', from: '发布日期自', to: '发布日期至' };

export interface ActiveFilter {
  label: string;
  value: string;
  /** The compare view without this value. */
  remove: string;
}

/** Each filter value as people read it, with a link that removes it. */
function activeFilters(state: CompareState): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  for (const key of Object.keys(FILTER_LABELS) as Array<keyof typeof FILTER_LABELS>) {
    const values = (state.values[key] ?? '').split(/[,，]/).filter(Boolean);
    for (const value of values) {
      const rest = values.filter((v) => v !== value).join(',');
      out.push({ label: FILTER_LABELS[key], value: filterValueLabel(key, value), remove: compareUrl('/compare', { ...state, values: { ...state.values, [key]: rest || undefined } }) });
    }
  }
  return out;
}

function filterValueLabel(key: string, value: string): string {
  if (key === 'year') return value === UNKNOWN ? UNKNOWN_YEAR_LABEL : value;
  if (key !== 'region') return value;
  if (value === UNKNOWN) return UNKNOWN_REGION_LABEL;
  const own = value.endsWith(OWN_LEVEL);
  const bare = own ? value.slice(0, -OWN_LEVEL.length) : value;
  const name = /^\d{6}$/.test(bare) ? (regionFromCode(bare)?.name ?? bare) : bare;
  return own ? `${name}（${OWN_LEVEL}）` : name;
}

/** A figure as the page shows it, with the search that opens the documents it counts. */
export interface CellView {
  mentioned: number;
  indexed: number;
  sections: number;
  share: string;
  /** Full sentence for a tooltip and screen readers. */
  title: string;
  /** The search page listing exactly the documents counted; null when none is. */
  href: string | null;
}

export interface LineView {
  label: string;
  cells: CellView[];
  total: CellView;
}

export interface GroupView {
  name: string;
  /** Anchor of the group's regions. */
  anchor: string;
  /** The province's subtotals. */
  line: LineView;
  /** Regions below it; empty when the province is a single row of its own. */
  rows: LineView[];
}

export interface TermView {
  term: string;
  total: CellView;
  yearTotals: CellView[];
  groups: GroupView[];
  /** Known regions (the nation counts as one) with at least one mention, and the provinces they lie in. */
  regionsMentioning: number;
  provincesMentioning: number;
  heatMap: string;
  heatMapUrl: string;
  /** File name of the heat map drawn as PNG in the browser. */
  heatMapPng: string;
}

export interface CompareView {
  years: string[];
  terms: TermView[];
  /** Each term's tables and heat map as HTML, rendered a term per turn of the event loop. */
  termsHtml: string[];
  shareChart: string;
  shareChartUrl: string;
  sharePng: string;
  csvUrl: string;
  xlsxUrl: string;
  complete: boolean;
  warnings: string[];
  conditions: CompareConditions;
}

/**
 * The page's figures, links and charts. A five-term table at corpora scale is megabytes of HTML: each term's
 * figures and its HTML are made on turns of their own, and the page around them on another, so other requests
 * are answered in between.
 */
async function compareView(model: CompareModel, state: CompareState, conditions: CompareConditions): Promise<CompareView> {
  const years = model.years.map(yearLabel);
  const terms: TermView[] = [];
  const termsHtml: string[] = [];
  for (let t = 0; t < model.terms.length; t++) {
    await nextTurn();
    terms.push(termView(model, t, state, conditions));
    await nextTurn();
    termsHtml.push(render('partials/compare-term', { term: terms[t], index: t, years }));
  }
  await nextTurn();
  return {
    years,
    terms,
    termsHtml,
    shareChart: drawShareChart(model, conditions, 'share'),
    shareChartUrl: compareUrl('/compare/share.svg', state),
    sharePng: exportName('年度占比图', state.terms, conditions.date, 'png').name,
    csvUrl: compareUrl('/compare.csv', state),
    xlsxUrl: compareUrl('/compare.xlsx', state),
    complete: model.complete,
    warnings: model.warnings,
    conditions,
  };
}

function termView(model: CompareModel, t: number, state: CompareState, conditions: CompareConditions): TermView {
  const table = model.terms[t];
  const yearValue = (year: YearKey) => (year === null ? UNKNOWN : String(year));
  const cell = (c: CompareCell, name: string, place: { region?: string; year?: string }): CellView => ({
    mentioned: c.mentioned,
    indexed: c.indexed,
    sections: c.sections,
    share: formatShare(c),
    title: `${name}：提及“${table.term}”${c.mentioned} 篇 / 共 ${c.indexed} 篇（${formatShare(c)}），${c.sections} 处`,
    href: c.mentioned > 0 ? searchUrl(table.term, state, place) : null,
  });
  const line = (label: string, name: string, cells: CompareCell[], total: CompareCell, region: string | undefined): LineView => ({
    label,
    cells: cells.map((c, i) => cell(c, `${name} ${yearLabel(model.years[i])}`, { region, year: yearValue(model.years[i]) })),
    total: cell(total, `${name} 各年合计`, { region }),
  });
  const groups = table.groups.map((group): GroupView => {
    const single = isSingleRow(group);
    return {
      name: group.name,
      anchor: `t${t}-g${group.code || 'unknown'}`,
      line: line(group.name, single ? group.name : `${group.name}（合计）`, group.cells, group.total, group.code || UNKNOWN),
      rows: single ? [] : group.rows.map((row) => line(row.label, [group.name, row.label].join(' › '), row.cells, row.total, rowRegionValue(row, group))),
    };
  });
  const mentioning = table.groups.flatMap((g) => g.rows.filter((r) => r.code && r.total.mentioned > 0).map(() => g.code));
  return {
    term: table.term,
    total: cell(table.total, '全部地区 各年合计', {}),
    yearTotals: table.yearTotals.map((c, i) => cell(c, `全部地区 ${yearLabel(model.years[i])}`, { year: yearValue(model.years[i]) })),
    groups,
    regionsMentioning: mentioning.length,
    provincesMentioning: new Set(mentioning.filter((code) => code !== NATIONAL.code)).size,
    heatMap: drawHeatMap(table, model.years, conditions, `heat-${t}`),
    heatMapUrl: compareUrl('/compare/heatmap.svg', state, { t: String(t) }),
    heatMapPng: exportName('地区年份热力图', [table.term], conditions.date, 'png').name,
  };
}

/**
 * The region filter value that selects exactly a row's documents: its code, or with 本级 when the table has
 * rows below it (江苏省 beside 淮安市), whose documents a plain code would take in too. The name is used
 * where it names this division alone, so the search page's filter reads 江苏省本级.
 */
function rowRegionValue(row: RegionRow, group: ProvinceGroup): string {
  if (!row.code) return UNKNOWN;
  const below = group.rows.some((r) => r !== row && (regionFromCode(r.code)?.codes ?? []).includes(row.code));
  if (!below) return row.code;
  const name = row.path[row.path.length - 1];
  return `${name && regionFromName(name)?.code === row.code ? name : row.code}${OWN_LEVEL}`;
}
