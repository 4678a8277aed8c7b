import { performance } from 'node:perf_hooks';
import { fail } from '../errors';
import type { IndexSnapshot } from '../index/index-file';
import type { TermField } from '../index/backend';
import { regionFromName } from '../parse/region';
import { TOPIC_LABELS } from '../parse/topics';
import { segmentQueryTerm } from '../segment/segment-text';
import type { DocSummary, FacetName, FacetValue, HitParagraph, ParsedDocument, SearchHit, SearchResponse, Section } from '../types';
import { MAX_QUERY_TERMS, type Filters, type SearchParams } from './search-params';
import { describeQuery, lower, parseQuery, type ParsedQuery, type QueryNotice, type QueryTerm } from './query-parser';
import { PhraseIndex } from './phrase-index';
import { escapeHtml, renderSnippet, type Range } from './snippet';

/** A section and where its paragraphs start in the flat paragraph list. */
interface SectionEntry {
  section: Section;
  doc: ParsedDocument;
  firstParagraph: number;
}

/**
 * What ranking, filters and facets read for every matching section, one typed array per field (indexed by
 * section): ids into the value tables, the topic bit mask, body length, year and region code.
 */
interface SectionColumns {
  region: Int32Array;
  province: Int32Array;
  year: Int32Array;
  kind: Int32Array;
  part: Int32Array;
  /** Bit i set when the section has topic i. */
  topics: Int32Array;
  /** Characters of body text, for BM25's length normalization. */
  length: Int32Array;
  /** Report year (0 when unknown) and region code, for tie-breaking. */
  yearValue: Int32Array;
  code: Int32Array;
}

/** Where a term matched: sections (ascending) with their term frequency, and the paragraphs holding it. */
interface TermMatch {
  sections: Int32Array;
  /** Weight of the term in each of `sections`: occurrences for exact terms, the backend's score for fuzzy ones. */
  weights: Float64Array;
  /** Sections whose own heading holds the term as typed. */
  inHeading: Set<number>;
  /** Paragraphs holding the term as typed (ascending), for choosing and marking a hit's paragraphs. */
  paragraphs: Int32Array;
  /** Tokens a fuzzy term is marked by; null for exact terms. */
  tokens: string[] | null;
  /** True when `weights` are already scores (fuzzy), not occurrence counts. */
  scored: boolean;
}

// BM25 over phrases: the usual constants, a heading holding the phrase counting like several mentions.
const K1 = 1.2;
const B = 0.75;
const HEADING_BOOST = 2;
/** In fuzzy mode a section holding every term as typed ranks before those holding only its words. */
const EXACT_BONUS = 100;
const MAX_PARAGRAPHS_PER_HIT = 20;
const FILTER_BIT: Record<keyof Filters, number> = { region: 1, year: 2, topic: 4, part: 8, kind: 16 };

export interface SearchResult extends SearchResponse {
  notices: QueryNotice[];
}

/** Value tables: each distinct facet value once, sections point at them by id. */
class ValueTable {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

/** Runs queries over a loaded index snapshot. Holds no per-request state. */
export class SearchEngine {
  readonly manifest: IndexSnapshot['manifest'];
  private readonly backend: IndexSnapshot['backend'];
  private readonly preload: IndexSnapshot['preloadBackend'];
  private ready: Promise<void> | undefined;
  private readonly docs: ParsedDocument[];
  private readonly docsById = new Map<string, ParsedDocument>();
  private readonly sections: SectionEntry[] = [];
  private readonly sectionById = new Map<string, number>();
  private readonly averageLength: number;
  private readonly columns: SectionColumns;
  /** Section index of each paragraph in the flat list. */
  private readonly paragraphSection: Int32Array;
  private readonly paragraphs: PhraseIndex;
  /** Each section's own (last) heading: a term there speaks for the section. */
  private readonly ownHeadings: PhraseIndex;
  /** Title and full heading path of each section, for `title:` terms. */
  private readonly titles: PhraseIndex;
  private readonly tables = { region: new ValueTable(), province: new ValueTable(), year: new ValueTable(), kind: new ValueTable(), part: new ValueTable() };
  private readonly regionPaths = new Map<string, string[]>();
  /** Region id → every name and code on its path, for filters naming any level. */
  private readonly regionKeys: Array<Set<string>> = [];
  private readonly topicLabels: string[] = [...TOPIC_LABELS];

  constructor(snapshot: IndexSnapshot) {
    this.manifest = snapshot.manifest;
    this.backend = snapshot.backend;
    this.preload = snapshot.preloadBackend;
    this.docs = snapshot.docs;
    const paragraphSection: number[] = [];
    const paragraphTexts: string[] = [];
    const columns: Record<keyof SectionColumns, number[]> = { region: [], province: [], year: [], kind: [], part: [], topics: [], length: [], yearValue: [], code: [] };
    let totalLength = 0;
    for (const doc of this.docs) {
      this.docsById.set(doc.id, doc);
      const regionName = doc.region?.name ?? '—';
      const region = this.tables.region.id(regionName);
      if (!this.regionKeys[region]) this.regionKeys[region] = new Set(doc.region ? [...doc.region.path, ...doc.region.codes] : []);
      if (doc.region) this.regionPaths.set(regionName, doc.region.path);
      for (const section of doc.sections) {
        let length = 0;
        for (const p of section.paragraphs) {
          paragraphSection.push(this.sections.length);
          paragraphTexts.push(p.norm);
          length += p.norm.length;
        }
        totalLength += length;
        this.sectionById.set(section.id, this.sections.length);
        this.sections.push({ section, doc, firstParagraph: paragraphSection.length - section.paragraphs.length });
        columns.region.push(region);
        columns.province.push(this.tables.province.id(doc.region?.path[0] ?? '—'));
        columns.year.push(this.tables.year.id(doc.year === null ? '—' : String(doc.year)));
        columns.kind.push(this.tables.kind.id(doc.kind));
        columns.part.push(this.tables.part.id(section.part));
        columns.topics.push(section.topics.reduce((mask, t) => mask | (1 << this.topicId(t)), 0));
        columns.length.push(length);
        columns.yearValue.push(doc.year ?? 0);
        columns.code.push(Number(doc.region?.code ?? '999999'));
      }
    }
    this.columns = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Int32Array.from(v)])) as unknown as SectionColumns;
    this.averageLength = totalLength / Math.max(1, this.sections.length);
    this.paragraphSection = Int32Array.from(paragraphSection);
    this.paragraphs = new PhraseIndex(paragraphTexts);
    this.ownHeadings = new PhraseIndex(this.sections.map((e) => e.section.headings[e.section.headings.length - 1]?.norm ?? ''));
    this.titles = new PhraseIndex(this.sections.map((e) => [e.doc.title, ...e.section.headings].map((t) => t.norm).join('\n')));
  }

  private topicId(label: string): number {
    let id = this.topicLabels.indexOf(label);
    if (id === -1) id = this.topicLabels.push(label) - 1;
    return id;
  }

  /** Every document, in index order, without its sections. */
  listDocuments(): Array<DocSummary & { sections: number; paragraphs: number; warnings: string[]; removedLines: number }> {
    return this.docs.map((d) => ({
      ...summarize(d),
      sections: d.sections.length,
      paragraphs: d.sections.reduce((n, s) => n + s.paragraphs.length, 0),
      warnings: d.warnings,
      removedLines: d.removed.length,
    }));
  }

  /**
   * Loads fuzzy mode's term index in the background, then jieba's dictionary; the same promise on every call.
   * A server starts it once it listens and lets fuzzy requests await it instead of loading in their own turn.
   */
  termIndexReady(): Promise<void> {
    this.ready ??= this.preload().then(() => {
      segmentQueryTerm('法治');
      this.termIndexLoaded = true;
    });
    return this.ready;
  }

  /** Whether fuzzy mode's term index is in memory. */
  termIndexLoaded = false;

  getDocument(id: string): ParsedDocument | undefined {
    return this.docsById.get(id);
  }

  search(params: SearchParams): SearchResult {
    const started = performance.now();
    const { query, matched, fails, match } = this.select(params);
    const positive = query.groups.flat();
    const selected = matched.filter((_, k) => fails[k] === 0);
    const window = params.page * params.size;
    const ordered = this.rank(selected, positive, match, params, window);
    const from = (params.page - 1) * params.size;
    const hits = ordered.slice(from, from + params.size).map(({ s, score }) => this.toHit(s, positive, match, score));
    return {
      query: params.q,
      normalized_query: describeQuery(query),
      total: selected.length,
      total_documents: new Set(selected.map((s) => this.sections[s].doc.id)).size,
      page: params.page,
      size: params.size,
      took_ms: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets: this.countFacets(matched, fails),
      complete: true,
      warnings: [],
      notices: query.notices,
    };
  }

  /** Matching paragraphs per document region and year, over every section the query and filters select. */
  countParagraphs(params: SearchParams): Array<{ region: string; path: string[]; year: string; paragraphs: number }> {
    const { query, matched, fails, match } = this.select(params);
    const positive = query.groups.flat();
    const counts = new Map<string, { region: string; path: string[]; year: string; paragraphs: number }>();
    matched.forEach((s, k) => {
      if (fails[k]) return;
      const { doc } = this.sections[s];
      const n = this.hitParagraphs(s, positive, match).length;
      const region = doc.region?.name ?? '—';
      const year = doc.year === null ? '—' : String(doc.year);
      const key = `${region}|${year}`;
      const c = counts.get(key);
      if (c) c.paragraphs += n;
      else counts.set(key, { region, path: doc.region?.path ?? [], year, paragraphs: n });
    });
    return [...counts.values()];
  }

  /** A function giving where a query's terms occur in any text, for marking a whole document and its headings. */
  queryMarker(q: string, mode: SearchParams['mode']): (text: string) => Range[] {
    const terms = parseQuery(q).groups.flat();
    const needles = terms.map((t) => (mode === 'fuzzy' && !t.quoted ? segmentQueryTerm(t.text) : [t.text]));
    return (text) => needles.flatMap((n) => tokenRanges(text, n));
  }

  /**
   * The sections the query matches, ascending (the facets' base), and for each a bit per filter it fails.
   * Term matches are computed once per query and shared by ranking, hits and facets.
   */
  private select(params: SearchParams): { query: ParsedQuery; matched: number[]; fails: Uint8Array; match: (t: QueryTerm) => TermMatch } {
    const query = parseQuery(params.q);
    const termCount = query.groups.reduce((n, g) => n + g.length, 0) + query.excluded.length;
    if (termCount > MAX_QUERY_TERMS) fail('QUERY_TOO_MANY_TERMS', `the query has ${termCount} terms; the limit is ${MAX_QUERY_TERMS}`);
    const fuzzy = params.mode === 'fuzzy';
    const cache = new Map<string, TermMatch>();
    const match = (t: QueryTerm) => {
      const key = `${t.field}|${t.quoted}|${t.text}`;
      let m = cache.get(key);
      if (!m) cache.set(key, (m = this.matchTerm(t, fuzzy)));
      return m;
    };

    const n = this.sections.length;
    // How many groups each section satisfies; 255 marks an excluded section.
    const satisfied = new Uint8Array(n);
    const groupHit = new Uint8Array(n);
    query.groups.forEach((group, g) => {
      for (const term of group) for (const s of match(term).sections) if (groupHit[s] !== g + 1) groupHit[s] = g + 1;
      for (let s = 0; s < n; s++) if (groupHit[s] === g + 1) satisfied[s]++;
    });
    for (const term of query.excluded) for (const s of match(term).sections) satisfied[s] = 255;
    const need = query.groups.length;
    const matched: number[] = [];
    for (let s = 0; s < n; s++) if (satisfied[s] === need) matched.push(s);

    const tests = this.compileFilters(params.filters);
    const fails = new Uint8Array(matched.length);
    if (tests.length) {
      matched.forEach((s, k) => {
        let bits = 0;
        for (const [bit, test] of tests) if (!test(s)) bits |= bit;
        fails[k] = bits;
      });
    }
    return { query, matched, fails, match };
  }

  /** Exact terms are found in the text itself; in fuzzy mode an unquoted term's words must all occur. */
  private matchTerm(term: QueryTerm, fuzzy: boolean): TermMatch {
    if (fuzzy && !term.quoted) return this.matchTokens(term);
    const exact = (sections: Int32Array, weights: Float64Array, inHeading = new Set<number>(), paragraphs: Int32Array = new Int32Array(0)): TermMatch => ({
      sections,
      weights,
      inHeading,
      paragraphs,
      tokens: null,
      scored: false,
    });
    if (term.field === 'title') {
      const hits = this.titles.count(term.text);
      return exact(hits.texts, Float64Array.from(hits.counts));
    }
    // Paragraphs come in order and so do their sections: occurrences add up section by section.
    const hits = this.paragraphs.count(term.text);
    const sections: number[] = [];
    const weights: number[] = [];
    for (let k = 0; k < hits.texts.length; k++) {
      const s = this.paragraphSection[hits.texts[k]];
      if (sections[sections.length - 1] === s) weights[weights.length - 1] += hits.counts[k];
      else {
        sections.push(s);
        weights.push(hits.counts[k]);
      }
    }
    // A section may also match by its own heading alone (weight 0): merge the two ascending lists.
    const headed = this.ownHeadings.count(term.text).texts;
    const merged: number[] = [];
    const mergedWeights: number[] = [];
    for (let i = 0, j = 0; i < sections.length || j < headed.length; ) {
      if (j >= headed.length || (i < sections.length && sections[i] <= headed[j])) {
        if (j < headed.length && sections[i] === headed[j]) j++;
        merged.push(sections[i]);
        mergedWeights.push(weights[i++]);
      } else {
        merged.push(headed[j++]);
        mergedWeights.push(0);
      }
    }
    return exact(Int32Array.from(merged), Float64Array.from(mergedWeights), new Set(headed), hits.texts);
  }

  private matchTokens(term: QueryTerm): TermMatch {
    const tokens = segmentQueryTerm(term.text);
    const fields: TermField[] = term.field === 'title' ? ['title', 'headings'] : ['title', 'headings', 'body'];
    const scores = tokens.length ? this.backend().score({ tokens, combine: 'and', fields }) : new Map<string, number>();
    const found: Array<[number, number]> = [];
    for (const [id, score] of scores) {
      const s = this.sectionById.get(id);
      if (s !== undefined) found.push([s, score]);
    }
    found.sort((a, b) => a[0] - b[0]);
    // Verbatim occurrences, for the bonus that puts exact matches first.
    const exact = this.paragraphs.count(term.text).texts;
    return {
      sections: Int32Array.from(found, (f) => f[0]),
      weights: Float64Array.from(found, (f) => f[1]),
      inHeading: new Set(),
      paragraphs: exact,
      tokens,
      scored: true,
    };
  }

  /**
   * Orders the selected sections: BM25 over the query's phrases (with a heading bonus), or the backend's
   * scores in fuzzy mode; ties by year (newest) then region code. Browsing keeps document order.
   * Only the first `window` need to be in order, so a large result is cut down before sorting.
   */
  private rank(selected: number[], positive: QueryTerm[], match: (t: QueryTerm) => TermMatch, params: SearchParams, window: number): Array<{ s: number; score: number }> {
    const scores = new Float64Array(this.sections.length);
    const ranked = positive.length > 0;
    if (ranked) {
      const total = this.sections.length;
      for (const term of positive) {
        const m = match(term);
        const idf = Math.log(1 + (total - m.sections.length + 0.5) / (m.sections.length + 0.5));
        if (m.scored) {
          for (let k = 0; k < m.sections.length; k++) scores[m.sections[k]] += m.weights[k];
          // Verbatim occurrences earn the bonus that ranks exact matches first, once per section.
          let previous = -1;
          for (const p of m.paragraphs) {
            const s = this.paragraphSection[p];
            if (s !== previous && scores[s] > 0) scores[s] += EXACT_BONUS / positive.length;
            previous = s;
          }
          continue;
        }
        for (let k = 0; k < m.sections.length; k++) {
          const s = m.sections[k];
          const tf = m.weights[k];
          const norm = 1 - B + (B * this.columns.length[s]) / this.averageLength;
          scores[s] += idf * ((tf * (K1 + 1)) / (tf + K1 * norm)) + (m.inHeading.has(s) ? HEADING_BOOST * idf : 0);
        }
      }
    }
    const byYear = params.sort === 'year';
    const { yearValue, code: regionCode } = this.columns;
    const year = (s: number) => yearValue[s];
    const code = (s: number) => regionCode[s];
    const compare = (a: number, b: number) => {
      if (byYear && year(a) !== year(b)) return year(b) - year(a);
      if (ranked) {
        const d = scores[b] - scores[a];
        if (Math.abs(d) > 1e-9) return d;
        if (year(a) !== year(b)) return year(b) - year(a);
        if (code(a) !== code(b)) return code(a) - code(b);
      }
      return a - b;
    };
    const order = selected.length > window * 4 ? topK(selected, window, compare) : [...selected].sort(compare);
    return order.map((s) => ({ s, score: scores[s] }));
  }

  /**
   * The paragraphs a hit shows: those holding a term, best first; a section matched by its heading alone
   * shows its first paragraph. The compare view counts the same paragraphs.
   */
  private hitParagraphs(s: number, positive: QueryTerm[], match: (t: QueryTerm) => TermMatch): Array<{ p: number; ranges: Range[] }> {
    const entry = this.sections[s];
    const count = entry.section.paragraphs.length;
    const found: Array<{ p: number; ranges: Range[]; terms: number }> = [];
    for (let k = 0; k < count; k++) {
      const p = entry.firstParagraph + k;
      const ranges: Range[] = [];
      let terms = 0;
      for (const term of positive) {
        const m = match(term);
        const r = m.tokens ? tokenRanges(entry.section.paragraphs[k].norm, m.tokens) : hasParagraph(m.paragraphs, p) ? this.paragraphs.offsets(p, term.text).map((o): Range => [o, o + term.text.length]) : [];
        if (r.length) {
          terms++;
          ranges.push(...r);
        }
      }
      if (ranges.length) found.push({ p, ranges, terms });
    }
    // Paragraphs holding more of the terms first, then more matches, then document order.
    found.sort((a, b) => b.terms - a.terms || b.ranges.length - a.ranges.length || a.p - b.p);
    if (found.length === 0) found.push({ p: entry.firstParagraph, ranges: [], terms: 0 });
    return found;
  }

  private toHit(s: number, positive: QueryTerm[], match: (t: QueryTerm) => TermMatch, score: number): SearchHit {
    const entry = this.sections[s];
    const paragraphs: HitParagraph[] = this.hitParagraphs(s, positive, match)
      .slice(0, MAX_PARAGRAPHS_PER_HIT)
      .map(({ p, ranges }) => {
        const paragraph = entry.section.paragraphs[p - entry.firstParagraph];
        return { id: paragraph.id, text: paragraph.text, snippet: renderSnippet(paragraph.text, ranges), citation: '' };
      });
    const { section, doc } = entry;
    return {
      doc: summarize(doc),
      titleHtml: escapeHtml(doc.title.text),
      section: { id: section.id, headings: section.headings.map((h) => h.text), headingsHtml: section.headings.map((h) => escapeHtml(h.text)), topics: section.topics, part: section.part },
      paragraphs,
      url: `/doc/${encodeURIComponent(doc.id)}#${paragraphs[0].id}`,
      score: Math.round(score * 1000) / 1000,
    };
  }

  /**
   * One test per filter that has values, each answering from the section's precomputed ids; a region
   * filter may name any level or code, or a short name (江苏) that resolves to one.
   */
  private compileFilters(filters: Filters): Array<[number, (s: number) => boolean]> {
    const tests: Array<[number, (s: number) => boolean]> = [];
    const c = this.columns;
    if (filters.region.length) {
      const keys = new Set(filters.region.flatMap((r) => [r, regionFromName(r)?.code ?? r]));
      const pass = this.regionKeys.map((names) => [...keys].some((k) => names.has(k)));
      tests.push([FILTER_BIT.region, (s) => pass[c.region[s]]]);
    }
    if (filters.year.length) {
      const ranges = filters.year.map((y) => {
        const [a, b = a] = y.split('-').map(Number);
        return [Math.min(a, b), Math.max(a, b)] as const;
      });
      const pass = this.tables.year.values.map((y) => y !== '—' && ranges.some(([a, b]) => Number(y) >= a && Number(y) <= b));
      tests.push([FILTER_BIT.year, (s) => pass[c.year[s]]]);
    }
    if (filters.topic.length) {
      const mask = filters.topic.reduce((m, t) => (this.topicLabels.includes(t) ? m | (1 << this.topicLabels.indexOf(t)) : m), 0);
      tests.push([FILTER_BIT.topic, (s) => (c.topics[s] & mask) !== 0]);
    }
    for (const name of ['part', 'kind'] as const) {
      if (!filters[name].length) continue;
      const pass = this.tables[name].values.map((v) => filters[name].includes(v));
      tests.push([FILTER_BIT[name], (s) => pass[c[name][s]]]);
    }
    return tests;
  }

  /** Facet counts over the matched sections, each with every filter applied except its own. */
  private countFacets(matched: number[], fails: Uint8Array): SearchResponse['facets'] {
    const counts = {
      region: new Int32Array(this.tables.region.values.length),
      province: new Int32Array(this.tables.province.values.length),
      year: new Int32Array(this.tables.year.values.length),
      kind: new Int32Array(this.tables.kind.values.length),
      part: new Int32Array(this.tables.part.values.length),
      topic: new Int32Array(this.topicLabels.length),
    };
    // A section counts for a facet when it fails no filter but, perhaps, that facet's own.
    const region = ~FILTER_BIT.region;
    const year = ~FILTER_BIT.year;
    const kind = ~FILTER_BIT.kind;
    const part = ~FILTER_BIT.part;
    const topic = ~FILTER_BIT.topic;
    const c = this.columns;
    for (let k = 0; k < matched.length; k++) {
      const bits = fails[k];
      const s = matched[k];
      if ((bits & region) === 0) {
        counts.region[c.region[s]]++;
        counts.province[c.province[s]]++;
      }
      if ((bits & year) === 0) counts.year[c.year[s]]++;
      if ((bits & kind) === 0) counts.kind[c.kind[s]]++;
      if ((bits & part) === 0) counts.part[c.part[s]]++;
      if ((bits & topic) === 0) for (let t = 0, mask = c.topics[s]; mask; t++, mask >>= 1) if (mask & 1) counts.topic[t]++;
    }
    const list = (facet: FacetName, values: string[], n: Int32Array): FacetValue[] => {
      const out: FacetValue[] = [];
      n.forEach((count, id) => {
        const value = values[id];
        if (!count || value === '—') return;
        const path = facet === 'region' ? this.regionPaths.get(value) : undefined;
        out.push(path ? { value, count, path } : { value, count });
      });
      return out.sort(facet === 'year' ? (a, b) => Number(b.value) - Number(a.value) : (a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    };
    return {
      region: list('region', this.tables.region.values, counts.region),
      province: list('province', this.tables.province.values, counts.province),
      year: list('year', this.tables.year.values, counts.year),
      topic: list('topic', this.topicLabels, counts.topic),
      part: list('part', this.tables.part.values, counts.part),
      kind: list('kind', this.tables.kind.values, counts.kind),
    };
  }
}

/** Whether ascending `list` holds `p`. */
function hasParagraph(list: Int32Array, p: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === p) return true;
    if (list[mid] < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The first `k` of `items` in `compare` order, without sorting the rest: a bounded max-heap. */
function topK(items: number[], k: number, compare: (a: number, b: number) => number): number[] {
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i], heap[parent]) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && compare(heap[l], heap[worst]) > 0) worst = l;
      if (r < heap.length && compare(heap[r], heap[worst]) > 0) worst = r;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}

/** Every occurrence of each token in a text (tokens are lower-case; so is the Latin they match). */
function tokenRanges(text: string, tokens: string[]): Range[] {
  const lowered = lower(text);
  const ranges: Range[] = [];
  for (const token of tokens) {
    if (!token) continue;
    for (let at = lowered.indexOf(token); at !== -1; at = lowered.indexOf(token, at + token.length)) ranges.push([at, at + token.length]);
  }
  return ranges;
}

export function summarize(doc: ParsedDocument): DocSummary {
  return {
    id: doc.id,
    title: doc.title.text,
    issuer: doc.issuer,
    published: doc.published,
    docNumber: doc.docNumber,
    year: doc.year,
    kind: doc.kind,
    region: doc.region ? { name: doc.region.name, code: doc.region.code, path: doc.region.path } : null,
  };
}

