import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import type { IndexSnapshot } from '../../src/index/index-file';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { readQuery, runSearch } from '../../src/search/run-search';
import { readSearchParams } from '../../src/search/search-params';
import type { Searcher } from '../../src/search/searcher';
import { createApp } from '../../src/server/create-app';
import { SKIP_SPHINX, startCluster, type TestCluster } from './cluster-helper';

/**
 * The same queries against the in-process engine and a two-shard Sphinx cluster over the same saved documents:
 * equal totals, facets and section sets for every query, and equal first-page order for single-term queries.
 */

const CONTEXT = { publicUrl: 'http://policy.example:3000', today: '2026-12-07' };

/** Queries with URL parameters, and whether their first page must come in the same order. */
type Case = [Record<string, string>, { order?: boolean }?];

async function compare(local: Searcher, sphinx: Searcher, params: Record<string, string>, order: boolean): Promise<void> {
  const p = readSearchParams(params);
  const [a, b] = await Promise.all([runSearch(local, p, CONTEXT), runSearch(sphinx, p, CONTEXT)]);
  const label = JSON.stringify(params);
  expect(b.complete, label).toBe(true);
  expect({ label, total: b.total, documents: b.total_documents }).toEqual({ label, total: a.total, documents: a.total_documents });
  expect(b.facets, label).toEqual(a.facets);
  if (order) expect(b.hits.map((h) => h.section.id), label).toEqual(a.hits.map((h) => h.section.id));
  else expect(b.hits.length, label).toBe(a.hits.length);
  // Every matching section, in document order: the sets must be equal.
  const all = { query: readQuery(p.q), filters: p.filters, mode: p.mode, sort: 'document' as const, group: 'section' as const, offset: 0, limit: Math.max(1, a.total), withoutGroups: true };
  const [sa, sb] = await Promise.all([local.search(all), sphinx.search(all)]);
  expect(sb.rows.map((r) => r.section.id), label).toEqual(sa.rows.map((r) => r.section.id));
}

/** A seeded generator, so a failing random phrase can be found again. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** Substrings of paragraphs' matching forms, 2–8 characters, quoted; none holding a quote or a space. */
function randomPhrases(snapshot: IndexSnapshot, n: number, seed: number): string[] {
  const next = random(seed);
  const paragraphs = snapshot.docs.flatMap((d) => d.sections.flatMap((s) => s.paragraphs.map((p) => p.norm))).filter((t) => t.length > 10);
  const out: string[] = [];
  while (out.length < n) {
    const text = paragraphs[Math.floor(next() * paragraphs.length)];
    const start = Math.floor(next() * (text.length - 8));
    const phrase = text.slice(start, start + 2 + Math.floor(next() * 7));
    if (!/["“”\s]/.test(phrase)) out.push(`"${phrase}"`);
  }
  return out;
}

const SEED_CASES: Case[] = [
  [{ q: '法治' }, { order: true }],
  [{ q: '包容审慎' }, { order: true }],
  [{ q: '枫桥经验' }, { order: true }],
  [{ q: '楓橋經驗' }, { order: true }],
  [{ q: '2023年' }, { order: true }],
  [{ q: '023年' }, { order: true }],
  [{ q: '"包容，审慎"' }, { order: true }],
  [{ q: '"法治政府建设"' }, { order: true }],
  [{ q: '（一）' }, { order: true }],
  // Characters that are operators of Sphinx's query language, quotes and backslashes: text to both engines.
  [{ q: '"(一)"' }, { order: true }],
  [{ q: "it's \\ @title ~5 /2 ^$ <<" }],
  [{ q: '"12345"' }, { order: true }],
  [{ q: 'ＰＰＰ' }, { order: true }],
  [{ q: '行政 执法' }],
  [{ q: '行政 AND 执法' }],
  [{ q: '包容审慎 OR 首违不罚' }],
  [{ q: '法治 -执法' }],
  [{ q: '行政复议 NOT 行政诉讼' }],
  [{ q: '-法治' }],
  [{ q: 'title:法治' }, { order: true }],
  [{ q: 'title:存在的问题' }],
  [{ q: '标题:洪泽' }],
  [{ q: 'issuer:司法局' }],
  [{ q: 'docno:〔2024〕' }],
  [{ q: '' }, { order: true }],
  [{ q: '', region: '江苏省' }, { order: true }],
  [{ q: '法治', region: '江苏省' }, { order: true }],
  [{ q: '法治', region: '淮安市' }, { order: true }],
  [{ q: '法治', region: '320000本级' }],
  [{ q: '法治', region: 'unknown' }],
  [{ q: '法治', region: ['江苏省', '江西省'] as unknown as string }],
  [{ q: '法治', year: '2023' }, { order: true }],
  [{ q: '法治', year: '2021-2023' }],
  [{ q: '法治', year: 'unknown' }],
  [{ q: '法治', topic: '行政执法' }],
  [{ q: '法治', part: '问题' }],
  [{ q: '法治', kind: '法治政府建设报告' }],
  [{ q: '法治', from: '2024-01-01' }],
  [{ q: '法治', to: '2023-12-31' }],
  [{ q: '法治', from: '2024-03', to: '2024-06' }],
  [{ q: '法治', page: '2' }, { order: true }],
  [{ q: '法治', page: '3', size: '20' }, { order: true }],
  [{ q: '法治', sort: 'date' }, { order: true }],
  [{ q: '法治', sort: 'date-asc' }, { order: true }],
  [{ q: '', sort: 'year' }, { order: true }],
  [{ q: '法治', group: 'document' }, { order: true }],
  [{ q: '法治', group: 'document', page: '2', size: '2' }, { order: true }],
  [{ q: '执法监督', mode: 'fuzzy' }],
  [{ q: '包容审慎监管', mode: 'fuzzy' }],
  [{ q: 'title:法治政府 执法', mode: 'fuzzy' }],
  [{ q: '"包容审慎" 监管', mode: 'fuzzy' }],
];

describe.skipIf(SKIP_SPHINX)('Sphinx cluster and in-process engine give the same answers: seeds', () => {
  let snapshot: IndexSnapshot;
  let local: LocalSearcher;
  let cluster: TestCluster;
  beforeAll(async () => {
    snapshot = buildIndex({ inputs: ['seeds'] }).snapshot;
    local = new LocalSearcher(snapshot);
    cluster = await startCluster(snapshot, { shards: 2 });
  });
  afterAll(() => cluster?.stop());

  it.each(SEED_CASES.map(([params, o]) => [JSON.stringify(params), params, o?.order ?? false] as const))('%s', async (_label, params, order) => {
    await compare(local, cluster.searcher, params, order);
  });

  it('finds 40 random phrases of the seeds in the same sections, in the same order', async () => {
    for (const q of randomPhrases(snapshot, 40, 7)) await compare(local, cluster.searcher, { q }, true);
  });

  it('counts the same documents and sections per region and year (compare view)', async () => {
    for (const q of ['', '法治', '包容审慎 OR 首违不罚']) {
      const request = { query: readQuery(q), filters: readSearchParams({}).filters, mode: 'exact' as const };
      const [a, b] = await Promise.all([local.tally(request), cluster.searcher.tally(request)]);
      const key = (c: { region: string; year: number | null }) => `${c.region}|${c.year}`;
      expect([...b.cells].sort((x, y) => key(x).localeCompare(key(y)))).toEqual([...a.cells].sort((x, y) => key(x).localeCompare(key(y))));
    }
  });

  it('serves every document whole, and the same listing', async () => {
    for (const doc of snapshot.docs) expect(await cluster.searcher.getDocument(doc.id)).toEqual(doc);
    expect(await cluster.searcher.getDocument('no-such-document')).toBeUndefined();
    expect(await cluster.searcher.listDocuments()).toEqual(await local.listDocuments());
  });

  it('marks the same paragraphs in the same words for a Traditional query', async () => {
    const p = readSearchParams({ q: '楓橋經驗' });
    const [a, b] = await Promise.all([runSearch(local, p, CONTEXT), runSearch(cluster.searcher, p, CONTEXT)]);
    expect(b.hits.map((h) => h.paragraphs.map((x) => x.snippet))).toEqual(a.hits.map((h) => h.paragraphs.map((x) => x.snippet)));
    expect(b.hits.map((h) => h.section.headingsHtml)).toEqual(a.hits.map((h) => h.section.headingsHtml));
    expect(b.hits.flatMap((h) => h.paragraphs.map((x) => x.snippet)).join('')).toContain('<mark>楓橋經驗</mark>');
  });
});

const CORPORA = '../shared/corpora';

describe.skipIf(SKIP_SPHINX || !existsSync(CORPORA))('Sphinx cluster and in-process engine give the same answers: corpora', () => {
  let snapshot: IndexSnapshot;
  let local: LocalSearcher;
  let cluster: TestCluster;
  beforeAll(async () => {
    const dirs = readdirSync(CORPORA, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(CORPORA, d.name));
    snapshot = buildIndex({ inputs: dirs }).snapshot;
    local = new LocalSearcher(snapshot);
    cluster = await startCluster(snapshot, { shards: 2 });
  }, 600_000);
  afterAll(() => cluster?.stop());

  const cases: Case[] = [
    [{ q: '行政复议' }, { order: true }],
    [{ q: '包容审慎' }, { order: true }],
    [{ q: '丧失继承权' }, { order: true }],
    [{ q: '破坏' }, { order: true }],
    [{ q: '中央研究院' }, { order: true }],
    [{ q: '法释〔2022〕19号' }, { order: true }],
    [{ q: '行政复议 NOT 行政诉讼' }],
    [{ q: '规定 -国务院', region: '江苏省' }],
    [{ q: 'title:民法典' }],
    [{ q: '行政处罚', kind: '法律法规', year: '2020-2023' }],
    [{ q: '营商环境', group: 'document' }, { order: true }],
    [{ q: '', region: '广东省', sort: 'date' }, { order: true }],
    [{ q: '执法监督', mode: 'fuzzy' }],
  ];
  it.each(cases.map(([params, o]) => [JSON.stringify(params), params, o?.order ?? false] as const))('%s', async (_label, params, order) => {
    await compare(local, cluster.searcher, params, order);
  }, 120_000);

  it('exports the same CSV rows, page after page, for a query of more than a thousand sections', async () => {
    const csv = async (searcher: Searcher) => {
      const app = createApp({ searcher: () => searcher, publicUrl: CONTEXT.publicUrl });
      return (await request(app).get('/api/search').query({ q: '规定', format: 'csv' }).expect(200)).text;
    };
    const [a, b] = [await csv(local), await csv(cluster.searcher)];
    expect(a.split('\n').length).toBeGreaterThan(1000);
    // The file name carries the day; the rows must be the same.
    expect(b.split('\n').slice(1)).toEqual(a.split('\n').slice(1));
  }, 300_000);

  it('finds 30 random phrases of the corpora in the same sections, in the same order', async () => {
    for (const q of randomPhrases(snapshot, 30, 11)) await compare(local, cluster.searcher, { q }, true);
  }, 300_000);
});
