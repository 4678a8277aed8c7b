import { Router } from 'express';
import { PolicySearchError } from '../errors';
import { regionFromCode, regionFromName } from '../parse/region';
import { PART_LABELS, TOPIC_LABELS } from '../parse/topics';
import { UNKNOWN_LABELS } from '../search/facets';
import { runSearch } from '../search/run-search';
import { MAX_RESULT_WINDOW, readSearchParams, UNKNOWN } from '../search/search-params';
import type { DocListing, Searcher } from '../search/searcher';
import type { DocKind, FacetValue } from '../types';
import { FILTER_KEYS, linkTo, readState, splitValues, toggleValue, type LinkChanges, type PageState } from './page-state';
import { render } from './render';

/** The kinds of document, in the order the landing page lists them. */
export const KINDS: DocKind[] = ['法治政府建设报告', '政府工作报告', '法律法规', '政策文件', '其他'];
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

/** `/`: the landing page without a query or filter; otherwise results grouped by document, with facets and a pager. */
export function searchPage({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const router = Router();
  router.get('/', async (req, res) => {
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

  return router;
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

export function collectionFacts(searcher: Searcher): Promise<CollectionFacts> {
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
