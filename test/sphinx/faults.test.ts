import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import type { IndexSnapshot } from '../../src/index/index-file';
import { clusterRebuild, startDaemon, stopDaemon, waitForPort, type Daemon } from '../../src/search/sphinx/cluster';
import { SphinxSearcher } from '../../src/search/sphinx/sphinx-searcher';
import { runSearch } from '../../src/search/run-search';
import { readSearchParams } from '../../src/search/search-params';
import { createApp } from '../../src/server/create-app';
import { spawnServer } from '../../src/cli/server-process';
import { SKIP_SPHINX, startCluster, type TestCluster } from './cluster-helper';

const CONTEXT = { publicUrl: 'http://policy.example:3000', today: '2026-12-07' };
const QUERY = readSearchParams({ q: '法治' });

function kill(daemon: Daemon): void {
  process.kill(Number(readFileSync(daemon.pidFile, 'utf8').trim()), 'SIGKILL');
}

describe.skipIf(SKIP_SPHINX)('a shard that dies never silently lowers the counts', () => {
  let snapshot: IndexSnapshot;
  let cluster: TestCluster;
  let full: number;
  beforeAll(async () => {
    snapshot = buildIndex({ inputs: ['seeds'] }).snapshot;
    cluster = await startCluster(snapshot, { shards: 2 });
    full = (await runSearch(cluster.searcher, QUERY, CONTEXT)).total;
  });
  afterAll(() => cluster?.stop());

  it('says the answer is incomplete in the API, on the results page, in the compare view and in health', async () => {
    const app = createApp({ searcher: () => cluster.searcher, publicUrl: CONTEXT.publicUrl });
    const shard = cluster.layout.shards[1].daemons[0];
    kill(shard);
    try {
      const result = await runSearch(cluster.searcher, QUERY, CONTEXT);
      expect(result.complete).toBe(false);
      expect(result.total).toBeLessThan(full);
      expect(result.warnings.join('')).toContain('部分索引分片没有应答');

      const api = await request(app).get('/api/search').query({ q: '法治' });
      expect(api.status).toBe(200);
      expect(api.body.complete).toBe(false);

      const page = await request(app).get('/').query({ q: '法治' });
      expect(page.text).toContain('结果不完整');

      const compare = await request(app).get('/compare').query({ q: '法治' });
      expect(compare.text).toContain('部分索引分片没有应答');

      const health = await request(app).get('/api/health');
      expect(health.body.status).toBe('degraded');
      expect(health.body.shards.find((s: { address: string }) => s.address.endsWith(`:${shard.apiPort}`)).state).toBe('down');
    } finally {
      startDaemon(shard);
      await waitForPort('127.0.0.1', shard.sqlPort, 10_000);
    }
    // Back up: complete again, with every section counted.
    let again = await runSearch(cluster.searcher, QUERY, CONTEXT);
    for (let i = 0; i < 20 && !again.complete; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await runSearch(cluster.searcher, QUERY, CONTEXT);
    }
    expect({ complete: again.complete, total: again.total }).toEqual({ complete: true, total: full });
  });

  it('is what npm start serves with SEARCH_BACKEND=sphinx: health names the backend and every agent, a search answers', async () => {
    const server = spawnServer({ indexDir: '/nonexistent-index', env: { SEARCH_BACKEND: 'sphinx', SPHINX_HOST: '127.0.0.1', SPHINX_PORT: String(cluster.layout.aggregator.sqlPort) } });
    try {
      const base = await server.listening;
      expect(server.output()).toMatch(/from the sphinx cluster at 127\.0\.0\.1:\d+/);
      const health = await (await fetch(`${base}/api/health`)).json();
      expect({ status: health.status, backend: health.backend, documents: health.documents, agents: health.shards.length }).toEqual({ status: 'ok', backend: 'sphinx', documents: 5, agents: 2 });
      const found = await (await fetch(`${base}/api/search?q=${encodeURIComponent('包容审慎')}`)).json();
      expect({ total: found.total, complete: found.complete }).toEqual({ total: (await runSearch(cluster.searcher, readSearchParams({ q: '包容审慎' }), CONTEXT)).total, complete: true });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('answers 503 with a Chinese message when the aggregator itself is down', async () => {
    const gone = new SphinxSearcher({ host: '127.0.0.1', port: cluster.layout.aggregator.sqlPort + 7 });
    const app = createApp({ searcher: () => gone, publicUrl: CONTEXT.publicUrl });
    const api = await request(app).get('/api/search').query({ q: '法治' });
    expect(api.status).toBe(503);
    expect(api.body.error.code).toBe('SEARCH_UNAVAILABLE');
    expect(api.body.error.message).toMatch(/检索集群/);
    const health = await request(app).get('/api/health');
    expect(health.body.status).toBe('degraded');
    await gone.close();
  });

  it('re-indexes shard by shard with --rotate while queries keep being answered, complete', async () => {
    let stop = false;
    const answers: Array<{ complete: boolean; total: number } | Error> = [];
    const load = (async () => {
      while (!stop) {
        try {
          const r = await runSearch(cluster.searcher, QUERY, CONTEXT);
          answers.push({ complete: r.complete, total: r.total });
        } catch (err) {
          answers.push(err as Error);
        }
      }
    })();
    try {
      await clusterRebuild(cluster.layout.dir, snapshot);
      // Rotation happens when each daemon gets its signal: keep querying a moment after.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      stop = true;
      await load;
    }
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((a) => a instanceof Error || !a.complete || a.total !== full)).toEqual([]);
  });
});

describe.skipIf(SKIP_SPHINX)('with mirrors, a dead shard daemon is replaced by its mirror', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(buildIndex({ inputs: ['seeds'] }).snapshot, { shards: 2, mirrors: true });
  });
  afterAll(() => cluster?.stop());

  it('answers completely again within a second of the outage, and health names the dead daemon', async () => {
    const full = (await runSearch(cluster.searcher, QUERY, CONTEXT)).total;
    const primary = cluster.layout.shards[0].daemons[0];
    kill(primary);
    const killedAt = Date.now();
    const late: Array<{ ms: number; complete: boolean; total: number }> = [];
    while (Date.now() - killedAt < 3000) {
      const r = await runSearch(cluster.searcher, QUERY, CONTEXT);
      const ms = Date.now() - killedAt;
      if (ms > 1000) late.push({ ms, complete: r.complete, total: r.total });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(late.length).toBeGreaterThan(5);
    expect(late.filter((a) => !a.complete || a.total !== full)).toEqual([]);
    const health = await cluster.searcher.health();
    expect(health.shards?.find((s) => s.address.endsWith(`:${primary.apiPort}`))?.state).toBe('down');
    await stopDaemon(primary);
  });
});
