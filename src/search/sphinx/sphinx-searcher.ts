import mysql, { type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import type { DocRecord, ParsedDocument, Section } from '../../types';
import { groupCountsFromRows, type GroupCounts } from '../facet-groups';
import { fail } from '../../errors';
import { resolveFilters } from '../filters';
import { positiveTerms } from '../query-parser';
import type { DocListing, DocumentRow, FacetGroup, SearchPage, SearchRequest, Searcher, SearcherHealth, SectionRow, Tally, TallyRequest } from '../searcher';
import { docKey, fromGroupKey, regionCode } from './schema';
import { SCORE_SCALE, dateConditions, facetCondition, fuzzyRanked, matchText, orderBy, quote, rankerOption, termMatch } from './sphinxql';

/**
 * The Searcher over a Sphinx 2.2 / Manticore cluster, through its aggregator's SphinxQL port: the engine
 * selects, counts, ranks and pages sections; the app counts facets from groups and builds hits as with the
 * in-process engine. Every query is followed by SHOW META: an agent that did not answer makes the answer
 * incomplete (`complete: false`), never silently smaller.
 */

export interface SphinxOptions {
  host: string;
  port: number;
  /** Distributed index names on the aggregator. */
  sections?: string;
  documents?: string;
  /** Connections kept to the aggregator; each request holds one while it runs. */
  connections?: number;
}

/**
 * Groups one facet query may return; past it the answer is marked incomplete rather than silently cut. Each
 * query asks for as many as the whole index has (max_matches is allocated up front: 100,000 costs ~25 ms).
 */
const MAX_GROUPS = 100_000;
/** Statistics and the document listing change only when the cluster is rebuilt; they are read again after this. */
const CACHE_MS = 30_000;

interface Meta {
  total: number;
  totalFound: number;
  warning: string | null;
}

interface Answer {
  rows: RowDataPacket[];
  meta: Meta;
}

interface Stats {
  sections: number;
  /** Distinct facet groups in the whole index: no query has more. */
  groups: number;
  documents: number;
  averageLength: number;
  /** Warnings while they were read (a silent shard): then they are not kept. */
  warnings: string[];
}

export class SphinxSearcher implements Searcher {
  readonly name = 'sphinx';
  private readonly pool: Pool;
  private readonly sectionsIndex: string;
  private readonly documentsIndex: string;
  private stats: { value: Promise<Stats>; at: number } | null = null;
  private listing: { value: Promise<DocListing[]>; at: number } | null = null;

  constructor(private readonly options: SphinxOptions) {
    this.sectionsIndex = options.sections ?? 'sections';
    this.documentsIndex = options.documents ?? 'documents';
    this.pool = mysql.createPool({ host: options.host, port: options.port, connectionLimit: options.connections ?? 8, multipleStatements: true, waitForConnections: true, queueLimit: 0, connectTimeout: 5_000 });
  }

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /**
   * Two round trips for a first page: (1) the facet groups and, when ranking needs them, each term's match
   * count; (2) the page and the other total. Each statement is followed by its SHOW META in the same batch.
   */
  async search(request: SearchRequest): Promise<SearchPage> {
    return this.withConnection(async (db) => {
      const warnings = new Set<string>();
      const set = resolveFilters(request.filters);
      const match = matchText(request.query, request.mode);
      const dated = dateConditions(set);
      const facet = facetCondition(set);
      const terms = positiveTerms(request.query);
      const scored = terms.length > 0;
      const stats = await this.readStats(db, warnings);

      // Round trip 1: groups (the query without facet filters) and the terms' match counts for idf.
      const groupSql = (limit: number) => `SELECT fgroup, COUNT(*) AS n FROM ${this.sectionsIndex}${where(match, dated)} GROUP BY fgroup LIMIT 0, ${limit} OPTION max_matches=${limit}`;
      let limit = Math.min(MAX_GROUPS, stats.groups + 1);
      // One term without a date range: the groups' sum is its match count.
      const countsFromGroups = terms.length === 1 && !request.query.excluded.length && !request.withoutGroups && !dated.length;
      const counted = scored && !fuzzyRanked(request.query, request.mode) && !countsFromGroups ? terms : [];
      const first = await this.batch(db, warnings, [
        ...(request.withoutGroups ? [] : [groupSql(limit)]),
        ...counted.map((t) => `SELECT id FROM ${this.sectionsIndex} WHERE MATCH(${quote(termMatch(t, request.mode))}) LIMIT 1`),
      ]);
      let groupRows = request.withoutGroups ? [] : first[0].rows;
      // As many groups as asked for: the index grew since the statistics were read (or hit the bound).
      while (!request.withoutGroups && groupRows.length >= limit && limit < MAX_GROUPS) groupRows = (await this.select(db, warnings, groupSql((limit = Math.min(MAX_GROUPS, limit * 4))))).rows;
      if (groupRows.length >= MAX_GROUPS) warnings.add(`分组超过 ${MAX_GROUPS} 个，筛选项的计数不完整`);
      const groups: GroupCounts = groupCountsFromRows(groupRows.map((r): FacetGroup => ({ ...fromGroupKey(Number(r.fgroup)), count: Number(r.n) })));
      const matches = countsFromGroups ? [groupRows.reduce((n, r) => n + Number(r.n), 0)] : first.slice(request.withoutGroups ? 0 : 1).map((r) => r.meta.totalFound);
      const ranker = scored ? rankerOption(request.query, request.mode, { sections: stats.sections, averageLength: stats.averageLength, matches }) : '';

      // Round trip 2: the page and the other total.
      const filter = facet ? `, ${facet} AS ok` : '';
      const from = `FROM ${this.sectionsIndex}${where(match, facet ? [...dated, 'ok = 1'] : dated)}`;
      const order = orderBy(request.sort, scored);
      const options = (n: number) => ` OPTION max_matches=${Math.max(1, n)}${ranker ? `, ${ranker}` : ''}`;
      const end = request.offset + request.limit;
      const page: SearchPage = { total: 0, totalDocuments: 0, rows: [], groups, complete: true, warnings: [] };
      if (request.group === 'section') {
        // Agents send every row up to offset + limit with the selected columns: past the first page, ids and
        // scores only, then the page's texts by id, so a deep page (an export) does not ship every text before it.
        const columns = request.offset > 0 ? 'id' : 'id, doc, section';
        const [found, documents] = await this.batch(db, warnings, [
          `SELECT ${columns}, WEIGHT()${filter} ${from} ORDER BY ${order} LIMIT ${request.offset}, ${request.limit}${options(end)}`,
          `SELECT doc_ord${filter} ${from} GROUP BY doc_ord LIMIT 1${options(1)}`,
        ]);
        page.total = found.meta.totalFound;
        page.totalDocuments = documents.meta.totalFound;
        const rows = request.offset > 0 ? await this.withTexts(db, warnings, found.rows) : found.rows;
        page.rows = rows.map((r) => sectionRow(r, scored));
      } else {
        const [docs, sections] = await this.batch(db, warnings, [
          `SELECT id, doc_ord, COUNT(*) AS n, WEIGHT()${filter} ${from} GROUP BY doc_ord WITHIN GROUP ORDER BY ${order} ORDER BY ${order} LIMIT ${request.offset}, ${request.limit}${options(end)}`,
          `SELECT id${filter} ${from} LIMIT 1${options(1)}`,
        ]);
        page.totalDocuments = docs.meta.totalFound;
        page.total = sections.meta.totalFound;
        page.documents = await this.documentRows(db, warnings, docs.rows, { filter, from, order, per: request.sectionsPerDocument ?? 3, scored, options });
      }
      page.complete = warnings.size === 0;
      page.warnings = [...warnings];
      return page;
    });
  }

  /** The best few sections of each document on a page, in rank order, with their texts. */
  private async documentRows(
    db: PoolConnection,
    warnings: Set<string>,
    docs: RowDataPacket[],
    q: { filter: string; from: string; order: string; per: number; scored: boolean; options: (n: number) => string },
  ): Promise<DocumentRow[]> {
    if (!docs.length) return [];
    const sectionsOf = new Map<number, number>(docs.map((d) => [Number(d.doc_ord), Number(d.n)]));
    const all = docs.reduce((n, d) => n + Number(d.n), 0);
    const ordinals = docs.map((d) => Number(d.doc_ord)).join(', ');
    // Ids and scores of every matching section of these documents, then texts of the best few of each.
    const ranked = await this.select(db, warnings, `SELECT id, doc_ord, WEIGHT()${q.filter} ${q.from.replace(' WHERE ', ` WHERE doc_ord IN (${ordinals}) AND `)} ORDER BY ${q.order} LIMIT 0, ${all}${q.options(all)}`);
    const best = new Map<number, RowDataPacket[]>();
    for (const r of ranked.rows) {
      const list = best.get(Number(r.doc_ord)) ?? [];
      if (list.length < q.per) list.push(r);
      best.set(Number(r.doc_ord), list);
    }
    const withTexts = new Map((await this.withTexts(db, warnings, [...best.values()].flat())).map((r) => [Number(r.id), r]));
    // A document whose texts did not come (its shard fell silent in between) is left out; the answer says incomplete.
    return docs.flatMap((d): DocumentRow[] => {
      const rows = (best.get(Number(d.doc_ord)) ?? []).flatMap((r) => (withTexts.has(Number(r.id)) ? [sectionRow(withTexts.get(Number(r.id))!, q.scored)] : []));
      return rows.length ? [{ doc: rows[0].doc, score: q.scored ? score(d) : 0, sections: sectionsOf.get(Number(d.doc_ord)) ?? rows.length, rows }] : [];
    });
  }

  /** Rows of ids and scores completed with their section and document texts, in the same order. */
  private async withTexts(db: PoolConnection, warnings: Set<string>, ranked: RowDataPacket[]): Promise<RowDataPacket[]> {
    if (!ranked.length) return [];
    const ids = ranked.map((r) => Number(r.id));
    const found = await this.select(db, warnings, `SELECT id, doc, section FROM ${this.sectionsIndex} WHERE id IN (${ids.join(', ')}) LIMIT 0, ${ids.length} OPTION max_matches=${ids.length}`);
    const texts = new Map(found.rows.map((r) => [Number(r.id), r]));
    return ranked.flatMap((r) => {
      const t = texts.get(Number(r.id));
      return t ? [{ ...t, 'weight()': r['weight()'] } as RowDataPacket] : [];
    });
  }

  /**
   * Collection statistics for ranking and for sizing queries, kept for CACHE_MS — unless a shard was silent
   * while they were read: then they are low, serve this request (which says it is incomplete) and are read again.
   */
  private async readStats(db: PoolConnection, warnings: Set<string>): Promise<Stats> {
    if (!this.stats || Date.now() - this.stats.at > CACHE_MS) {
      const value = (async () => {
        const own = new Set<string>();
        const [sections, documents, groups] = await this.batch(db, own, [
          `SELECT COUNT(*) AS n, SUM(blen) AS chars FROM ${this.sectionsIndex}`,
          `SELECT COUNT(*) AS n FROM ${this.documentsIndex}`,
          `SELECT fgroup FROM ${this.sectionsIndex} GROUP BY fgroup LIMIT 0, ${MAX_GROUPS} OPTION max_matches=${MAX_GROUPS}`,
        ]);
        const n = Number(sections.rows[0]?.n ?? 0);
        const stats: Stats = { sections: n, groups: groups.rows.length, documents: Number(documents.rows[0]?.n ?? 0), averageLength: Number(sections.rows[0]?.chars ?? 0) / Math.max(1, n), warnings: [...own] };
        return stats;
      })();
      const entry = { value, at: Date.now() };
      this.stats = entry;
      value.then(
        (stats) => {
          if (stats.warnings.length && this.stats === entry) this.stats = null;
        },
        () => {
          if (this.stats === entry) this.stats = null;
        },
      );
    }
    const stats = await this.stats.value;
    for (const w of stats.warnings) warnings.add(w);
    return stats;
  }

  async tally(request: TallyRequest): Promise<Tally> {
    return this.withConnection(async (db) => {
      const warnings = new Set<string>();
      const set = resolveFilters(request.filters);
      const facet = facetCondition(set);
      const stats = await this.readStats(db, warnings);
      const limit = Math.max(1, stats.documents);
      const rows = await this.select(
        db,
        warnings,
        `SELECT doc_ord, region, year, COUNT(*) AS n${facet ? `, ${facet} AS ok` : ''} FROM ${this.sectionsIndex}${where(matchText(request.query, request.mode), facet ? [...dateConditions(set), 'ok = 1'] : dateConditions(set))} GROUP BY doc_ord LIMIT 0, ${limit} OPTION max_matches=${limit}`,
      );
      const cells = new Map<string, Tally['cells'][number]>();
      for (const r of rows.rows) {
        const region = regionCode(Number(r.region));
        const year = Number(r.year) || null;
        const key = `${region}|${year ?? ''}`;
        let cell = cells.get(key);
        if (!cell) cells.set(key, (cell = { region, year, documents: 0, sections: 0 }));
        cell.documents++;
        cell.sections += Number(r.n);
      }
      return { cells: [...cells.values()], complete: warnings.size === 0, warnings: [...warnings] };
    });
  }

  async getDocument(id: string): Promise<ParsedDocument | undefined> {
    return this.withConnection(async (db) => {
      const warnings = new Set<string>();
      const key = docKey(id);
      const metas = await this.select(db, warnings, `SELECT listing, meta FROM ${this.documentsIndex} WHERE doc_key = ${key} LIMIT 0, 20`);
      const hit = metas.rows.map((r) => ({ listing: JSON.parse(String(r.listing)) as DocListing, meta: r.meta as string })).find((r) => r.listing.id === id);
      // Not found while a shard is silent may only mean it sits there: say so rather than "no such document".
      if (!hit && warnings.size) fail('SEARCH_UNAVAILABLE', `暂时无法读取文档 ${id}：${[...warnings].join('；')}`);
      if (!hit) return undefined;
      const n = Math.max(1, hit.listing.sections);
      const rows = await this.select(db, warnings, `SELECT section FROM ${this.sectionsIndex} WHERE doc_key = ${key} ORDER BY id ASC LIMIT 0, ${n} OPTION max_matches=${n}`);
      const sections = rows.rows.map((r) => JSON.parse(String(r.section)) as Section).filter((s) => s.docId === id);
      // A document's sections sit on its own shard, which just answered; anything short of all is an error.
      if (sections.length !== hit.listing.sections) fail('SEARCH_UNAVAILABLE', `文档 ${id} 的章节没有读全（${sections.length}/${hit.listing.sections}）`);
      return { ...(JSON.parse(hit.meta) as Omit<ParsedDocument, 'sections'>), sections };
    });
  }

  /** Every document's listing; kept for CACHE_MS when every shard answered, read again next time when not. */
  async listDocuments(): Promise<DocListing[]> {
    if (!this.listing || Date.now() - this.listing.at > CACHE_MS) {
      let complete = true;
      const value = this.withConnection(async (db) => {
        const warnings = new Set<string>();
        const stats = await this.readStats(db, warnings);
        const n = Math.max(1, stats.documents);
        const rows = await this.select(db, warnings, `SELECT listing FROM ${this.documentsIndex} ORDER BY id ASC LIMIT 0, ${n} OPTION max_matches=${n}`);
        complete = warnings.size === 0;
        return rows.rows.map((r) => JSON.parse(String(r.listing)) as DocListing);
      });
      this.listing = { value, at: Date.now() };
      value.then(
        () => {
          if (!complete) this.listing = null;
        },
        () => (this.listing = null),
      );
    }
    return this.listing.value;
  }

  async health(): Promise<SearcherHealth> {
    try {
      return await this.withConnection(async (db) => {
        const warnings = new Set<string>();
        const stats = await this.readStats(db, warnings);
        // A fresh count, not the cached statistics: health must see a shard that died a moment ago.
        await this.select(db, warnings, `SELECT id FROM ${this.sectionsIndex} LIMIT 1`);
        const [status] = await db.query<RowDataPacket[]>('SHOW AGENT STATUS');
        return { backend: this.name, ready: warnings.size === 0, documents: stats.documents, sections: stats.sections, builtAt: null, shards: agentStates(status, warnings) };
      });
    } catch (err) {
      return { backend: this.name, ready: false, documents: 0, sections: 0, builtAt: null, shards: [{ name: 'aggregator', address: this.address, state: 'down', detail: (err as Error).message }] };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async withConnection<T>(work: (db: PoolConnection) => Promise<T>): Promise<T> {
    let db: PoolConnection;
    try {
      db = await this.pool.getConnection();
    } catch (err) {
      fail('SEARCH_UNAVAILABLE', `检索集群（${this.address}）无法连接：${(err as Error).message}`);
    }
    try {
      return await work(db);
    } catch (err) {
      if (err instanceof Error && 'sqlMessage' in err) fail('SEARCH_UNAVAILABLE', `检索集群拒绝了查询：${(err as Error).message}`);
      throw err;
    } finally {
      db.release();
    }
  }

  /** One query and its SHOW META. */
  private async select(db: PoolConnection, warnings: Set<string>, sql: string): Promise<Answer> {
    return (await this.batch(db, warnings, [sql]))[0];
  }

  /**
   * Queries sent in one round trip, each followed by its SHOW META; a warning there (an agent that did not
   * answer) is kept for the answer, which then says it is incomplete.
   */
  private async batch(db: PoolConnection, warnings: Set<string>, sqls: string[]): Promise<Answer[]> {
    if (!sqls.length) return [];
    const [sets] = await db.query<RowDataPacket[][]>(sqls.map((q) => `${q}; SHOW META`).join('; '));
    return sqls.map((_, i) => {
      const rows = sets[2 * i];
      const meta: Meta = { total: 0, totalFound: 0, warning: null };
      for (const r of sets[2 * i + 1]) {
        if (r.Variable_name === 'total') meta.total = Number(r.Value);
        else if (r.Variable_name === 'total_found') meta.totalFound = Number(r.Value);
        else if (r.Variable_name === 'warning') meta.warning = String(r.Value);
      }
      if (meta.warning) warnings.add(incompleteMessage(meta.warning));
      return { rows, meta };
    });
  }
}

function where(match: string, conditions: string[]): string {
  const all = [...(match ? [`MATCH(${quote(match)})`] : []), ...conditions];
  return all.length ? ` WHERE ${all.join(' AND ')}` : '';
}

function score(row: RowDataPacket): number {
  return Number(row['weight()'] ?? 0) / SCORE_SCALE;
}

function sectionRow(row: RowDataPacket, scored: boolean): SectionRow {
  return { doc: JSON.parse(String(row.doc)) as DocRecord, section: JSON.parse(String(row.section)) as Section, score: scored ? score(row) : 0 };
}

/** The engine's warning in words a reader of the page understands; the agent's own words follow. */
function incompleteMessage(warning: string): string {
  return `部分索引分片没有应答，结果和计数可能不完整（${warning}）`;
}

/**
 * Per-agent state from SHOW AGENT STATUS: an agent whose last connections failed (`ag_N_errorsarow` > 0) or that
 * a warning of this moment names is down. A mirror that took over keeps answers complete while its dead
 * twin shows here as down.
 */
function agentStates(status: RowDataPacket[], warnings: Set<string>): NonNullable<SearcherHealth['shards']> {
  const text = [...warnings].join(' ');
  const agents = new Map<string, { address: string; errors: number }>();
  for (const r of status) {
    const m = /^ag_(\d+)_(hostname|errorsarow)$/.exec(String(r.Key));
    if (!m) continue;
    const agent = agents.get(m[1]) ?? { address: '', errors: 0 };
    if (m[2] === 'hostname') agent.address = String(r.Value);
    else agent.errors = Number(r.Value);
    agents.set(m[1], agent);
  }
  return [...agents].map(([n, a]) => ({
    name: `agent ${n}`,
    address: a.address,
    state: a.errors > 0 || (a.address !== '' && text.includes(a.address)) ? 'down' : 'up',
    ...(a.errors > 0 ? { detail: `连续 ${a.errors} 次连接失败` } : {}),
  }));
}
