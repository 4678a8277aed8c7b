import type { IndexSnapshot } from '../../index/index-file';
import { segmentQueryTerm } from '../../segment/segment-text';
import type { ParsedDocument } from '../../types';
import type { GroupCounts } from '../facet-groups';
import { groupFailures, hasFacetFilters, passesPublished, resolveFilters, type FilterSet } from '../filters';
import { positiveTerms, type ParsedQuery } from '../query-parser';
import type { DocListing, DocumentRow, SearchPage, SearchRequest, Searcher, SearcherHealth, SectionRow, Tally, TallyRequest } from '../searcher';
import { ColumnStore } from './column-store';
import { createMatcher, selectSections } from './evaluate';
import { firstInOrder, scoreSections, sectionOrder } from './rank';

/**
 * The in-process engine: every section of a saved index in memory, queries answered from its column store.
 * Exact search needs nothing more; fuzzy mode reads the saved term index (MiniSearch), loaded in the background
 * after start so that neither start-up nor other requests wait for it.
 */
export class LocalSearcher implements Searcher {
  readonly name = 'local';
  readonly store: ColumnStore;
  private readonly snapshot: IndexSnapshot;
  private ready: Promise<void> | undefined;
  private termIndexLoaded = false;

  constructor(snapshot: IndexSnapshot) {
    this.snapshot = snapshot;
    this.store = new ColumnStore(snapshot.docs);
  }

  get manifest(): IndexSnapshot['manifest'] {
    return this.snapshot.manifest;
  }

  /** Loads fuzzy mode's term index and jieba's dictionary, once; the same promise on every call. */
  warmUp(): Promise<void> {
    this.ready ??= this.snapshot.preloadBackend().then(() => {
      segmentQueryTerm('法治');
      this.termIndexLoaded = true;
    });
    return this.ready;
  }

  async search(request: SearchRequest): Promise<SearchPage> {
    if (needsTermIndex(request.query, request.mode)) await this.warmUp();
    return this.searchNow(request);
  }

  /** The search itself, in one turn of the event loop (benchmarks time this). */
  searchNow(request: SearchRequest): SearchPage {
    const { store } = this;
    const match = createMatcher(store, request.mode === 'fuzzy', this.snapshot.backend);
    const set = resolveFilters(request.filters);
    const matched = this.dated(selectSections(store, request.query, match), set);
    const groups = this.countGroups(request.withoutGroups ? new Int32Array(0) : matched);
    const selected = this.applyFilters(matched, set);
    const scores = scoreSections(store, positiveTerms(request.query), match);
    const order = sectionOrder(store, scores, request.sort);
    const score = (s: number) => (scores ? scores[s] : 0);
    const row = (s: number): SectionRow => ({ doc: store.docs[store.sectionDoc[s]], section: store.sections[s], score: score(s) });
    const page: SearchPage = { total: selected.length, totalDocuments: countDocuments(store, selected), rows: [], groups, complete: true, warnings: [] };
    if (request.group === 'section') {
      // Document order is the order sections are selected in: deep pages (exports) cost only their own rows.
      const inDocumentOrder = request.sort === 'document' || (!scores && request.sort === 'relevance');
      const window = inDocumentOrder ? Array.from(selected.subarray(request.offset, request.offset + request.limit)) : firstInOrder(selected, request.offset + request.limit, order).slice(request.offset);
      page.rows = window.map(row);
      return page;
    }
    // Grouped by document: each document stands where its best section would, and shows its best few.
    const runs = documentRuns(store, selected);
    const best = new Int32Array(runs.length / 2);
    for (let r = 0; r < best.length; r++) best[r] = firstInOrder(selected.subarray(runs[2 * r], runs[2 * r + 1]), 1, order)[0];
    const runOf = new Map<number, number>();
    best.forEach((s, r) => runOf.set(s, r));
    const per = request.sectionsPerDocument ?? 3;
    page.documents = firstInOrder(best, request.offset + request.limit, order)
      .slice(request.offset)
      .map((s): DocumentRow => {
        const r = runOf.get(s)!;
        const sections = selected.subarray(runs[2 * r], runs[2 * r + 1]);
        return { doc: store.docs[store.sectionDoc[s]], score: score(s), sections: sections.length, rows: firstInOrder(sections, per, order).map(row) };
      });
    return page;
  }

  async tally(request: TallyRequest): Promise<Tally> {
    if (needsTermIndex(request.query, request.mode)) await this.warmUp();
    const { store } = this;
    const match = createMatcher(store, request.mode === 'fuzzy', this.snapshot.backend);
    const set = resolveFilters(request.filters);
    const selected = this.applyFilters(this.dated(selectSections(store, request.query, match), set), set);
    const cells = new Map<string, Tally['cells'][number]>();
    const runs = documentRuns(store, selected);
    for (let r = 0; r < runs.length; r += 2) {
      const doc = store.docs[store.sectionDoc[selected[runs[r]]]];
      const region = doc.region?.code ?? '';
      const key = `${region}|${doc.year ?? ''}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { region, year: doc.year, documents: 0, sections: 0 }));
      cell.documents++;
      cell.sections += runs[r + 1] - runs[r];
    }
    return { cells: [...cells.values()], complete: true, warnings: [] };
  }

  async getDocument(id: string): Promise<ParsedDocument | undefined> {
    return this.getDocumentNow(id);
  }

  getDocumentNow(id: string): ParsedDocument | undefined {
    const d = this.store.docIndex.get(id);
    return d === undefined ? undefined : this.store.docs[d];
  }

  async listDocuments(): Promise<DocListing[]> {
    return this.store.docs.map((d) => ({
      id: d.id,
      title: d.title,
      issuer: d.issuer,
      published: d.published,
      docNumber: d.docNumber,
      year: d.year,
      kind: d.kind,
      region: d.region,
      sections: d.sections.length,
      paragraphs: d.sections.reduce((n, s) => n + s.paragraphs.length, 0),
      warnings: d.warnings,
      removedLines: d.removed.length,
    }));
  }

  async health(): Promise<SearcherHealth> {
    const m = this.snapshot.manifest;
    return { backend: this.name, ready: this.termIndexLoaded, documents: m.counts.documents, sections: m.counts.sections, builtAt: m.builtAt };
  }

  /** The query's matches within the publication date range (not a facet, so applied before facets are counted). */
  private dated(matched: Int32Array, set: FilterSet): Int32Array {
    if (!set.published.from && !set.published.to) return matched;
    const { store } = this;
    const pass = store.docs.map((d) => passesPublished(d.published, d.year, set.published));
    return matched.filter((s) => pass[store.sectionDoc[s]]);
  }

  /** The query's matches counted by facet group. */
  private countGroups(matched: Int32Array): GroupCounts {
    const counts = new Int32Array(this.store.groups.size);
    const group = this.store.group;
    for (let i = 0; i < matched.length; i++) counts[group[matched[i]]]++;
    return { table: this.store.groups, counts };
  }

  /** The matches that pass every facet filter, decided once per group. */
  private applyFilters(matched: Int32Array, set: FilterSet): Int32Array {
    if (!hasFacetFilters(set)) return matched;
    const fails = groupFailures(this.store.groups, set);
    const group = this.store.group;
    return matched.filter((s) => fails[group[s]] === 0);
  }
}

/** Fuzzy mode reads the term index for its unquoted text and title terms. */
function needsTermIndex(query: ParsedQuery, mode: SearchRequest['mode']): boolean {
  return mode === 'fuzzy' && positiveTerms(query).concat(query.excluded).some((t) => !t.quoted && (t.field === null || t.field === 'title'));
}

/** Distinct documents among ascending sections. */
function countDocuments(store: ColumnStore, sections: Int32Array): number {
  let n = 0;
  let last = -1;
  for (const s of sections) {
    const d = store.sectionDoc[s];
    if (d !== last) {
      n++;
      last = d;
    }
  }
  return n;
}

/** Runs of ascending sections by document, as [start, end) pairs of positions in `sections`. */
function documentRuns(store: ColumnStore, sections: Int32Array): number[] {
  const runs: number[] = [];
  for (let i = 0; i < sections.length; i++) {
    if (i === 0 || store.sectionDoc[sections[i]] !== store.sectionDoc[sections[i - 1]]) {
      if (i) runs.push(i);
      runs.push(i);
    }
  }
  if (sections.length) runs.push(sections.length);
  return runs;
}
