import { fail } from '../errors';
import { normalizeQuery } from '../normalize/normalize-text';

/** Limits that keep every answer fast and every page small. */
export const MAX_QUERY_CHARS = 256;
export const MAX_QUERY_TERMS = 32;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;
/** Deepest result reachable by paging: nobody reads past it, and it bounds the work of one request. */
export const MAX_RESULT_WINDOW = 10_000;
const MAX_FILTER_VALUES = 50;

export type SearchMode = 'exact' | 'fuzzy';
export type SortOrder = 'relevance' | 'year';

export interface Filters {
  /** Any level's name or GB/T 2260 code. */
  region: string[];
  /** Years or ranges (`2023`, `2021-2023`). */
  year: string[];
  topic: string[];
  part: string[];
  kind: string[];
}

export const FILTER_NAMES: Array<keyof Filters> = ['region', 'year', 'topic', 'part', 'kind'];

export interface SearchParams {
  q: string;
  filters: Filters;
  mode: SearchMode;
  sort: SortOrder;
  /** 1-based. */
  page: number;
  size: number;
}

type RawParams = Record<string, unknown>;

/** Checks and normalizes request parameters (from a URL or the CLI); refuses bad values with a message naming them. */
export function readSearchParams(raw: RawParams): SearchParams {
  const q = single(raw, 'q') ?? '';
  if (normalizeQuery(q).length > MAX_QUERY_CHARS) {
    fail('QUERY_TOO_LONG', `the query is ${normalizeQuery(q).length} characters long; the limit is ${MAX_QUERY_CHARS}`);
  }
  const mode = single(raw, 'mode') ?? 'exact';
  if (mode !== 'exact' && mode !== 'fuzzy') fail('BAD_PARAMETER', `mode must be exact or fuzzy, not '${mode}'`);
  const sort = single(raw, 'sort') ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'year') fail('BAD_PARAMETER', `sort must be relevance or year, not '${sort}'`);
  const size = integer(raw, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = integer(raw, 'page', 1, 1, Math.floor(MAX_RESULT_WINDOW / size));
  const filters = {} as Filters;
  for (const name of FILTER_NAMES) filters[name] = list(raw, name);
  for (const y of filters.year) {
    if (!/^\d{4}(?:-\d{4})?$/.test(y)) fail('BAD_PARAMETER', `year must be a year or a range such as 2021-2023, not '${y}'`);
  }
  return { q, filters, mode, sort, page, size };
}

function single(raw: RawParams, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return single({ [name]: value[value.length - 1] }, name);
  if (typeof value !== 'string') fail('BAD_PARAMETER', `${name} must be text`);
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
  if (parts.length > MAX_FILTER_VALUES) fail('BAD_PARAMETER', `${name} has ${parts.length} values; the limit is ${MAX_FILTER_VALUES}`);
  if (parts.some((p) => p.length > 64)) fail('BAD_PARAMETER', `a ${name} value is longer than 64 characters`);
  return [...new Set(parts)];
}

function integer(raw: RawParams, name: string, fallback: number, min: number, max: number): number {
  const text = single(raw, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text)) fail('BAD_PARAMETER', `${name} must be a whole number, not '${text.slice(0, 20)}'`);
  const n = Number(text);
  if (n < min || n > max) fail('BAD_PARAMETER', `${name} must be between ${min} and ${max}, not ${n}`);
  return n;
}
