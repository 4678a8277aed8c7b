import type { Request } from 'express';
import { FILTER_NAMES } from '../search/search-params';

/** Parameters that make up a search page's state; all of it lives in the URL so links, bookmarks and Back work. */
export const STATE_KEYS = ['q', ...FILTER_NAMES, 'from', 'to', 'mode', 'sort', 'size'] as const;
/** Parameters that filter what is searched: the facets' and the publication date range. */
export const FILTER_KEYS = [...FILTER_NAMES, 'from', 'to'] as const;
export type PageState = Partial<Record<(typeof STATE_KEYS)[number], string>>;
export type LinkChanges = Record<string, string | undefined>;

export function readState(req: Request): PageState {
  const state: PageState = {};
  for (const key of STATE_KEYS) {
    const raw = req.query[key];
    // Repeated parameters (a checkbox list) join as one comma-separated value, as the API reads them.
    const v = Array.isArray(raw) ? raw.filter((x) => typeof x === 'string' && x !== '').join(',') : raw;
    if (typeof v === 'string' && v !== '') state[key] = v;
  }
  return state;
}

export function splitValues(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

export function toggleValue(current: string | undefined, value: string): string {
  const values = splitValues(current);
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return next.join(',');
}

/** A URL for the same page with some state changed; changing anything but the page goes back to page 1. */
export function linkTo(path: string, state: PageState, changes: LinkChanges): string {
  const merged: LinkChanges = { ...state, ...changes };
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v) search.set(k, v);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
