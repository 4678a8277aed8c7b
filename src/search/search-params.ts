import { fail } from '../errors';
import { normalizeQuery } from '../normalize/normalize-text';
import type { SortOrder } from './searcher';

/** Limits that keep every answer fast and every page small. */
export const MAX_QUERY_CHARS = 256;
export const MAX_QUERY_TERMS = 32;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;
/** Deepest result reachable by paging: nobody reads past it, and it bounds the work of one request. */
export const MAX_RESULT_WINDOW = 10_000;
const MAX_FILTER_VALUES = 50;
/** The year filter's value for documents whose year is not known (the facet shows it as 年份不详). */
export const UNKNOWN = 'unknown';

export type SearchMode = 'exact' | 'fuzzy';

export interface Filters {
  /** Any level's name (江苏省, 淮安市, 洪泽区, short 江苏) or GB/T 2260 code; `unknown` for no region. */
  region: string[];
  /** Years or ranges (`2023`, `2021-2023`), or `unknown`. */
  year: string[];
  topic: string[];
  part: string[];
  kind: string[];
  /** Publication date range, inclusive, as `YYYY-MM-DD` (a bare year or month is widened to its first/last day). */
  published: { from: string | null; to: string | null };
}

/** The filters that are lists of facet values (the date range is not a facet). */
export const FILTER_NAMES = ['region', 'year', 'topic', 'part', 'kind'] as const;
export type FacetFilterName = (typeof FILTER_NAMES)[number];

export interface SearchParams {
  q: string;
  filters: Filters;
  mode: SearchMode;
  sort: SortOrder;
  /** `section`: one hit per section (the API's default); `document`: hits grouped by document, paging documents. */
  group: 'section' | 'document';
  /** 1-based. */
  page: number;
  size: number;
}

type RawParams = Record<string, unknown>;

const SORTS: Record<string, SortOrder> = { relevance: 'relevance', date: 'date', year: 'date', 'date-asc': 'date-asc' };

/** Checks and normalizes request parameters (from a URL or the CLI); refuses bad values with a Chinese message naming them. */
export function readSearchParams(raw: RawParams): SearchParams {
  const q = single(raw, 'q') ?? '';
  const length = normalizeQuery(q).length;
  if (length > MAX_QUERY_CHARS) fail('QUERY_TOO_LONG', `检索式有 ${length} 个字符，最多 ${MAX_QUERY_CHARS} 个`);
  const mode = single(raw, 'mode') ?? 'exact';
  if (mode !== 'exact' && mode !== 'fuzzy') fail('BAD_PARAMETER', `mode 只能是 exact（精确）或 fuzzy（模糊），不能是“${clip(mode)}”`);
  const sortName = single(raw, 'sort') ?? 'relevance';
  // Own keys only: constructor and __proto__ are keys of every object.
  const sort = Object.hasOwn(SORTS, sortName) ? SORTS[sortName] : undefined;
  if (!sort) fail('BAD_PARAMETER', `sort 只能是 relevance（相关度）、date（发布日期新→旧）或 date-asc（旧→新），不能是“${clip(sortName)}”`);
  const group = single(raw, 'group') ?? 'section';
  if (group !== 'section' && group !== 'document') fail('BAD_PARAMETER', `group 只能是 section 或 document，不能是“${clip(group)}”`);
  const size = integer(raw, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = integer(raw, 'page', 1, 1, Math.floor(MAX_RESULT_WINDOW / size));
  const filters: Filters = { region: [], year: [], topic: [], part: [], kind: [], published: { from: null, to: null } };
  for (const name of FILTER_NAMES) filters[name] = list(raw, name);
  for (const y of filters.year) {
    if (y !== UNKNOWN && !/^\d{4}(?:-\d{4})?$/.test(y)) fail('BAD_PARAMETER', `year 应为年份（2023）、年份范围（2021-2023）或 unknown，不能是“${clip(y)}”`);
  }
  filters.published = { from: date(raw, 'from', 'start'), to: date(raw, 'to', 'end') };
  if (filters.published.from && filters.published.to && filters.published.from > filters.published.to) {
    fail('BAD_PARAMETER', `发布日期范围的起点 ${filters.published.from} 晚于终点 ${filters.published.to}`);
  }
  return { q, filters, mode, sort, group, page, size };
}

/** Parameters with no filter, for code that searches on its own (CLI, compare view, tests). */
export function emptyFilters(): Filters {
  return { region: [], year: [], topic: [], part: [], kind: [], published: { from: null, to: null } };
}

function clip(value: string): string {
  return value.length > 20 ? `${value.slice(0, 20)}…` : value;
}

function single(raw: RawParams, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return single({ [name]: value[value.length - 1] }, name);
  if (typeof value !== 'string') fail('BAD_PARAMETER', `${name} 应为文本`);
  return value;
}

/** Comma-separated values, and repeated parameters, OR together; each is normalized like a query. */
function list(raw: RawParams, name: string): string[] {
  const value = raw[name];
  const parts = (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(/[,，]/))
    .map((v) => normalizeQuery(v))
    .filter(Boolean);
  if (parts.length > MAX_FILTER_VALUES) fail('BAD_PARAMETER', `${name} 有 ${parts.length} 个值，最多 ${MAX_FILTER_VALUES} 个`);
  if (parts.some((p) => p.length > 64)) fail('BAD_PARAMETER', `${name} 的某个值超过 64 个字符`);
  return [...new Set(parts)];
}

function integer(raw: RawParams, name: string, fallback: number, min: number, max: number): number {
  const text = single(raw, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text)) fail('BAD_PARAMETER', `${name} 应为整数，不能是“${clip(text)}”`);
  const n = Number(text);
  if (n < min || n > max) fail('BAD_PARAMETER', `${name} 应在 ${min} 到 ${max} 之间，不能是 ${n}`);
  return n;
}

/** `2023`, `2023-05` or `2023-05-08` (also with / or .), widened to the first or last day it covers. */
function date(raw: RawParams, name: string, edge: 'start' | 'end'): string | null {
  const text = single(raw, name)?.trim();
  if (!text) return null;
  const m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(text);
  const year = Number(m?.[1]);
  const month = m?.[2] ? Number(m[2]) : edge === 'start' ? 1 : 12;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m?.[3] ? Number(m[3]) : edge === 'start' ? 1 : lastDay;
  if (!m || year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > lastDay) {
    fail('BAD_PARAMETER', `${name} 应为日期（2023-05-08）、年月（2023-05）或年份（2023），不能是“${clip(text)}”`);
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
