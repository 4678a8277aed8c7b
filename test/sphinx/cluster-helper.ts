import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexSnapshot } from '../../src/index/index-file';
import { clusterDown, clusterUp, type ClusterLayout } from '../../src/search/sphinx/cluster';
import { SphinxSearcher } from '../../src/search/sphinx/sphinx-searcher';

/** Whether Sphinx's indexer and searchd are installed (.ci/run installs Debian's sphinxsearch). */
export const HAVE_SPHINX = (() => {
  try {
    execFileSync('indexer', ['--help'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // indexer --help exits 1 after printing its usage: installed all the same.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
})();

/** In CI the cluster tests must run: a missing sphinxsearch is a failure there, not a skip. */
export const SKIP_SPHINX = !HAVE_SPHINX && !process.env.CI;

/** Whether a loopback port is free now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** A base port whose range (base … base + 10 + 4·shards) is free, chosen at random to keep parallel test files apart. */
async function freeBase(shards: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 4000) * 10;
    const ports = [base, base + 1, base + 2, ...Array.from({ length: 4 * shards }, (_, i) => base + 10 + i)];
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free port range for a test cluster');
}

export interface TestCluster {
  layout: ClusterLayout;
  searcher: SphinxSearcher;
  stop(): Promise<void>;
}

export async function startCluster(snapshot: IndexSnapshot, options: { shards?: number; mirrors?: boolean } = {}): Promise<TestCluster> {
  if (!HAVE_SPHINX) throw new Error('sphinxsearch is not installed (apt-get install -y sphinxsearch)');
  const dir = mkdtempSync(join(tmpdir(), 'policy-cluster-'));
  const shards = options.shards ?? 2;
  const layout = await clusterUp({ dir, shards, mirrors: options.mirrors ?? false, port: await freeBase(shards) }, snapshot);
  const searcher = new SphinxSearcher({ host: layout.host, port: layout.aggregator.sqlPort });
  return {
    layout,
    searcher,
    async stop() {
      await searcher.close();
      await clusterDown(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
