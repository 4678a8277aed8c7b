import { performance } from 'node:perf_hooks';
import { fail } from '../errors';
import type { IndexSnapshot } from '../index/index-file';
import type { SearchBackend, TermField } from '../index/backend';
import { regionFromName } from '../parse/region';
import { segmentQueryTerm, segmentText } from '../segment/segment-text';
import type { DocSummary, FacetName, FacetValue, HitParagraph, ParsedDocument, SearchHit, SearchResponse, Section } from '../types';
import { MAX_QUERY_TERMS, type Filters, type SearchParams } from './search-params';
import { describeQuery, lower, parseQuery, type QueryNotice, type QueryTerm } from './query-parser';
import { PhraseScanner } from './phrase-scan';
import { renderSnippet, type Range } from './snippet';

/** A section with what filters and facets need, precomputed once at load. */
interface SectionEntry {
  section: Section;
  doc: ParsedDocument;
  /** Index of the section's first paragraph in the flat paragraph list. */
  firstParagraph: number;
  regionKeys: Set<string>;
  province: string | null;
  year: string | null;
}

/** Where a term matched: sections, and in them the paragraphs with the ranges to mark. */
interface TermMatch {
  sections: Set<number>;
  /** paragraph index → ranges in its text. */
  ranges: Map<number, Range[]>;
  /** Sections whose own heading holds the term verbatim. */
  inHeading: Set<number>;
}

// Ranking: BM25 from the backend, then bonuses that an exact phrase, a heading match and repeated use earn.
const EXACT_BONUS = 100;
const HEADING_BONUS = 5;
const OCCURRENCE_WEIGHT = 1;
const MAX_PARAGRAPHS_PER_HIT = 20;

export interface SearchResult extends SearchResponse {
  notices: QueryNotice[];
}

/** Runs queries over a loaded index snapshot. Holds no per-request state. */
export class SearchEngine {
  readonly manifest: IndexSnapshot['manifest'];
  private readonly backend: SearchBackend;
  private readonly docs: ParsedDocument[];
  private readonly docsById = new Map<string, ParsedDocument>();
  private readonly sections: SectionEntry[] = [];
  private readonly sectionById = new Map<string, number>();
  /** Flat paragraph list: section index of each paragraph. */
  private readonly paragraphSection: Int32Array;
  private readonly paragraphText: string[] = [];
  private readonly paragraphs: PhraseScanner;
  /** Each section's own (last) heading: a term there speaks for the section. */
  private readonly ownHeadings: PhraseScanner;
  /** Title and full heading path of each section, for `title:` terms. */
  private readonly titles: PhraseScanner;

  constructor(snapshot: IndexSnapshot) {
    this.manifest = snapshot.manifest;
    this.backend = snapshot.backend;
    this.docs = snapshot.docs;
    const paragraphSection: number[] = [];
    for (const doc of this.docs) {
      this.docsById.set(doc.id, doc);
      for (const section of doc.sections) {
        const index = this.sections.length;
        this.sectionById.set(section.id, index);
        this.sections.push({
          section,
          doc,
          firstParagraph: paragraphSection.length,
          regionKeys: new Set(doc.region ? [...doc.region.path, ...doc.region.codes] : []),
          province: doc.region?.path[0] ?? null,
          year: doc.year === null ? null : String(doc.year),
        });
        for (const p of section.paragraphs) {
          paragraphSection.push(index);
          this.paragraphText.push(p.text);
        }
      }
    }
    this.paragraphSection = Int32Array.from(paragraphSection);
    this.paragraphs = new PhraseScanner(this.paragraphText);
    this.ownHeadings = new PhraseScanner(this.sections.map((e) => e.section.headings[e.section.headings.length - 1] ?? ''));
    this.titles = new PhraseScanner(this.sections.map((e) => `${e.doc.title}\n${e.section.headings.join('\n')}`));
  }

  /** Every document, in index order, without its sections. */
  listDocuments(): Array<DocSummary & { docNumber: string | null; sections: number; paragraphs: number; warnings: string[] }> {
    return this.docs.map((d) => ({
      ...summarize(d),
      docNumber: d.docNumber,
      sections: d.sections.length,
      paragraphs: d.sections.reduce((n, s) => n + s.paragraphs.length, 0),
      warnings: d.warnings,
    }));
  }

  getDocument(id: string): ParsedDocument | undefined {
    return this.docsById.get(id);
  }

  search(params: SearchParams): SearchResult {
    const started = performance.now();
    const { query, matched, selected, passes, match, fuzzy } = this.select(params);
    const positive = query.groups.flat();
    const scores = this.scoreSections(selected, positive, match, fuzzy);
    this.sortSections(selected, scores, params, positive.length > 0);
    const from = (params.page - 1) * params.size;
    const hits = selected.slice(from, from + params.size).map((s) => this.toHit(s, positive, match, scores.get(s) ?? 0));
    return {
      query: params.q,
      normalized_query: describeQuery(query),
      total: selected.length,
      page: params.page,
      size: params.size,
      took_ms: Math.round((performance.now() - started) * 100) / 100,
      hits,
      facets: this.countFacets(matched, passes),
      notices: query.notices,
    };
  }

  /** Matching paragraphs per document region and year, over every section the query and filters select. */
  countParagraphs(params: SearchParams): Array<{ region: string; path: string[]; year: string; paragraphs: number }> {
    const { query, selected, match } = this.select(params);
    const positive = query.groups.flat();
    const counts = new Map<string, { region: string; path: string[]; year: string; paragraphs: number }>();
    for (const s of selected) {
      const { doc } = this.sections[s];
      const n = this.hitParagraphs(s, positive, match).length;
      const region = doc.region?.name ?? '—';
      const year = doc.year === null ? '—' : String(doc.year);
      const key = `${region}|${year}`;
      const c = counts.get(key);
      if (c) c.paragraphs += n;
      else counts.set(key, { region, path: doc.region?.path ?? [], year, paragraphs: n });
    }
    return [...counts.values()];
  }

  /** A function giving where a query's terms occur in any text, for marking a whole document and its headings. */
  queryMarker(q: string, mode: SearchParams['mode']): (text: string) => Range[] {
    const terms = parseQuery(q).groups.flat();
    const needles = terms.map((t) => (mode === 'fuzzy' && !t.quoted ? segmentQueryTerm(t.text) : [t.text]));
    return (text) => needles.flatMap((n) => tokenRanges(text, n));
  }

  /** The sections a query matches (before filters, for facets) and those that also pass the filters. */
  private select(params: SearchParams) {
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

    let matched: number[];
    if (query.groups.length === 0) {
      matched = this.sections.map((_, i) => i);
    } else {
      const unions = query.groups.map((group) => {
        const union = new Set<number>();
        for (const term of group) for (const s of match(term).sections) union.add(s);
        return union;
      });
      // Walk the smallest group and keep what every other group also holds.
      unions.sort((a, b) => a.size - b.size);
      matched = [...unions[0]].filter((s) => unions.every((u) => u.has(s))).sort((a, b) => a - b);
    }
    if (query.excluded.length) {
      const out = new Set<number>();
      for (const term of query.excluded) for (const s of match(term).sections) out.add(s);
      matched = matched.filter((s) => !out.has(s));
    }

    const filterSets = this.compileFilters(params.filters);
    const active = Object.keys(filterSets) as Array<keyof Filters>;
    const passes = (s: number, except?: keyof Filters) => active.every((f) => f === except || filterSets[f]!(this.sections[s]));
    const selected = matched.filter((s) => passes(s));
    return { query, matched, selected, passes, match, fuzzy };
  }

  /** Exact terms are found in the text itself; in fuzzy mode an unquoted term's tokens must all occur. */
  private matchTerm(term: QueryTerm, fuzzy: boolean): TermMatch {
    const result: TermMatch = { sections: new Set(), ranges: new Map(), inHeading: new Set() };
    if (term.field === 'title') {
      for (const s of this.titles.find(term.text).keys()) result.sections.add(s);
      if (fuzzy && !term.quoted) this.addTokenMatches(term, ['title', 'headings'], result);
      return result;
    }
    if (fuzzy && !term.quoted) {
      this.addTokenMatches(term, ['title', 'headings', 'body'], result);
      return result;
    }
    for (const [p, offsets] of this.paragraphs.find(term.text)) {
      result.sections.add(this.paragraphSection[p]);
      result.ranges.set(p, offsets.map((o): Range => [o, o + term.text.length]));
    }
    for (const s of this.ownHeadings.find(term.text).keys()) {
      result.sections.add(s);
      result.inHeading.add(s);
    }
    return result;
  }

  private addTokenMatches(term: QueryTerm, fields: TermField[], result: TermMatch): void {
    const tokens = segmentQueryTerm(term.text);
    if (tokens.length === 0) return;
    for (const id of this.backend.score({ tokens, combine: 'and', fields }).keys()) {
      const s = this.sectionById.get(id);
      if (s === undefined) continue;
      result.sections.add(s);
      const entry = this.sections[s];
      entry.section.paragraphs.forEach((_, k) => {
        const p = entry.firstParagraph + k;
        const ranges = tokenRanges(this.paragraphText[p], tokens);
        if (ranges.length) result.ranges.set(p, ranges);
      });
    }
  }

  private scoreSections(selected: number[], positive: QueryTerm[], match: (t: QueryTerm) => TermMatch, fuzzy: boolean): Map<number, number> {
    const scores = new Map<number, number>();
    if (positive.length === 0 || selected.length === 0) return scores;
    const tokens = [...new Set(positive.flatMap((t) => segmentText(t.text)))];
    const bm25 = this.backend.score({ tokens, combine: 'or' });
    for (const s of selected) {
      const entry = this.sections[s];
      let score = bm25.get(entry.section.id) ?? 0;
      let verbatim = true;
      for (const term of positive) {
        const m = match(term);
        let occurrences = 0;
        entry.section.paragraphs.forEach((_, k) => (occurrences += m.ranges.get(entry.firstParagraph + k)?.length ?? 0));
        if (m.inHeading.has(s)) score += HEADING_BONUS;
        score += OCCURRENCE_WEIGHT * Math.log1p(occurrences);
        if (fuzzy && !term.quoted && !this.paragraphsOf(s).some((text) => text.includes(term.text))) verbatim = false;
      }
      // Sections holding every term as typed rank before those that only hold its words.
      if (fuzzy && verbatim) score += EXACT_BONUS;
      scores.set(s, score);
    }
    return scores;
  }

  private paragraphsOf(s: number): string[] {
    return this.sections[s].section.paragraphs.map((p) => p.text);
  }

  /** Relevance, then the newest year, then region code; browsing keeps document order. */
  private sortSections(list: number[], scores: Map<number, number>, params: SearchParams, ranked: boolean): void {
    const year = (s: number) => this.sections[s].doc.year ?? 0;
    const code = (s: number) => this.sections[s].doc.region?.code ?? '999999';
    list.sort((a, b) => {
      if (params.sort === 'year' && year(a) !== year(b)) return year(b) - year(a);
      if (ranked) {
        const d = (scores.get(b) ?? 0) - (scores.get(a) ?? 0);
        if (Math.abs(d) > 1e-9) return d;
        if (year(a) !== year(b)) return year(b) - year(a);
        if (code(a) !== code(b)) return code(a) < code(b) ? -1 : 1;
      }
      return a - b;
    });
  }

  /**
   * The paragraphs a hit shows: those holding a term, best first; a section matched by its heading alone
   * shows its first paragraph. The compare view counts the same paragraphs.
   */
  private hitParagraphs(s: number, positive: QueryTerm[], match: (t: QueryTerm) => TermMatch): Array<{ p: number; ranges: Range[] }> {
    const entry = this.sections[s];
    const found: Array<{ p: number; ranges: Range[]; terms: number }> = [];
    entry.section.paragraphs.forEach((_, k) => {
      const p = entry.firstParagraph + k;
      const ranges: Range[] = [];
      let terms = 0;
      for (const term of positive) {
        const r = match(term).ranges.get(p);
        if (r?.length) {
          terms++;
          ranges.push(...r);
        }
      }
      if (ranges.length) found.push({ p, ranges, terms });
    });
    // Paragraphs holding more of the terms first, then more matches, then document order.
    found.sort((a, b) => b.terms - a.terms || b.ranges.length - a.ranges.length || a.p - b.p);
    if (found.length === 0) found.push({ p: entry.firstParagraph, ranges: [], terms: 0 });
    return found;
  }

  private toHit(s: number, positive: QueryTerm[], match: (t: QueryTerm) => TermMatch, score: number): SearchHit {
    const entry = this.sections[s];
    const found = this.hitParagraphs(s, positive, match);
    const paragraphs: HitParagraph[] = found.slice(0, MAX_PARAGRAPHS_PER_HIT).map(({ p, ranges }) => {
      const paragraph = entry.section.paragraphs[p - entry.firstParagraph];
      return { id: paragraph.id, text: paragraph.text, snippet: renderSnippet(paragraph.text, ranges) };
    });
    const { section, doc } = entry;
    return {
      doc: summarize(doc),
      section: { id: section.id, headings: section.headings, topics: section.topics, part: section.part },
      paragraphs,
      url: `/doc/${encodeURIComponent(doc.id)}#${paragraphs[0].id}`,
      score: Math.round(score * 1000) / 1000,
    };
  }

  /** A predicate per filter that has values; a filter naming a region by a short name (江苏) resolves it. */
  private compileFilters(filters: Filters): Partial<Record<keyof Filters, (e: SectionEntry) => boolean>> {
    const compiled: Partial<Record<keyof Filters, (e: SectionEntry) => boolean>> = {};
    if (filters.region.length) {
      const keys = new Set(filters.region.flatMap((r) => [r, ...(regionFromName(r)?.code ? [regionFromName(r)!.code] : [])]));
      compiled.region = (e) => [...keys].some((k) => e.regionKeys.has(k));
    }
    if (filters.year.length) {
      const ranges = filters.year.map((y) => {
        const [a, b = a] = y.split('-').map(Number);
        return [Math.min(a, b), Math.max(a, b)] as const;
      });
      compiled.year = (e) => e.doc.year !== null && ranges.some(([a, b]) => e.doc.year! >= a && e.doc.year! <= b);
    }
    if (filters.topic.length) compiled.topic = (e) => e.section.topics.some((t) => filters.topic.includes(t));
    if (filters.part.length) compiled.part = (e) => filters.part.includes(e.section.part);
    if (filters.kind.length) compiled.kind = (e) => filters.kind.includes(e.doc.kind);
    return compiled;
  }

  /** Facet counts over the matched sections, each with every filter applied except its own. */
  private countFacets(matched: number[], passes: (s: number, except?: keyof Filters) => boolean): SearchResponse['facets'] {
    const counters: Record<FacetName, Map<string, { count: number; path?: string[] }>> = {
      region: new Map(), province: new Map(), year: new Map(), topic: new Map(), part: new Map(), kind: new Map(),
    };
    const bump = (facet: FacetName, value: string | null, path?: string[]) => {
      if (value === null) return;
      const c = counters[facet].get(value);
      if (c) c.count++;
      else counters[facet].set(value, { count: 1, path });
    };
    for (const s of matched) {
      const e = this.sections[s];
      if (passes(s, 'region')) {
        bump('region', e.doc.region?.name ?? null, e.doc.region?.path);
        bump('province', e.province);
      }
      if (passes(s, 'year')) bump('year', e.year);
      if (passes(s, 'topic')) for (const t of e.section.topics) bump('topic', t);
      if (passes(s, 'part')) bump('part', e.section.part);
      if (passes(s, 'kind')) bump('kind', e.doc.kind);
    }
    const out = {} as SearchResponse['facets'];
    for (const facet of Object.keys(counters) as FacetName[]) {
      const values: FacetValue[] = [...counters[facet]].map(([value, c]) => (c.path ? { value, count: c.count, path: c.path } : { value, count: c.count }));
      values.sort(facet === 'year' ? (a, b) => Number(b.value) - Number(a.value) : (a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      out[facet] = values;
    }
    return out;
  }
}

/** Every occurrence of each token in a paragraph (tokens are lower-case; so is the Latin they match). */
function tokenRanges(text: string, tokens: string[]): Range[] {
  const lowered = lower(text);
  const ranges: Range[] = [];
  for (const token of tokens) {
    for (let at = lowered.indexOf(token); at !== -1; at = lowered.indexOf(token, at + token.length)) ranges.push([at, at + token.length]);
  }
  return ranges;
}

export function summarize(doc: ParsedDocument): DocSummary {
  return {
    id: doc.id,
    title: doc.title,
    issuer: doc.issuer,
    published: doc.published,
    year: doc.year,
    kind: doc.kind,
    region: doc.region ? { name: doc.region.name, code: doc.region.code, path: doc.region.path } : null,
  };
}
