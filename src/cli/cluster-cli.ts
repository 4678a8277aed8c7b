import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PolicySearchError } from '../errors';
import { DEFAULT_INDEX_DIR } from '../index/index-lifecycle';
import { ensureIndex } from '../index/index-lifecycle';
import { clusterDown, clusterRebuild, clusterUp } from '../search/sphinx/cluster';

/**
 * `npm run cluster -- up --index DIR [--shards N] [--mirrors] [--port P] [--dir CLUSTER]`: exports the saved
 * index to one feed per shard, writes the configs, runs indexer, starts a searchd per shard (and mirror) and an
 * aggregator on loopback, and prints the SphinxQL address. `down --index DIR` stops them by their pid files;
 * `rebuild --index DIR` re-indexes shard by shard with --rotate while they serve. The cluster's files live in
 * DIR/cluster unless --dir names another folder.
 */
const USAGE = `usage: npm run cluster -- up --index DIR [--shards N] [--mirrors] [--port P] [--dir CLUSTER_DIR] [--engine sphinx|manticore]
       npm run cluster -- down --index DIR [--dir CLUSTER_DIR]
       npm run cluster -- rebuild --index DIR [--dir CLUSTER_DIR]`;

function readArgs() {
  return parseArgs({
    allowPositionals: true,
    options: {
      index: { type: 'string', default: DEFAULT_INDEX_DIR },
      dir: { type: 'string' },
      shards: { type: 'string', default: '2' },
      mirrors: { type: 'boolean', default: false },
      port: { type: 'string', default: '9306' },
      engine: { type: 'string', default: 'sphinx' },
    },
  });
}

async function main(): Promise<void> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs();
  } catch (err) {
    console.error(`cluster: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = args;
  const command = positionals[0];
  const dir = values.dir ?? join(values.index, 'cluster');
  const shards = Number(values.shards);
  const port = Number(values.port);
  const engine = values.engine;
  if (engine !== 'sphinx' && engine !== 'manticore') {
    console.error(`cluster: --engine is sphinx or manticore, not ${engine}\n${USAGE}`);
    process.exit(2);
  }
  if (!['up', 'down', 'rebuild'].includes(command ?? '') || !Number.isInteger(shards) || shards < 1 || shards > 64 || !Number.isInteger(port) || port < 1 || port > 65000) {
    console.error(USAGE);
    process.exit(2);
  }
  const log = (line: string) => console.log(`cluster: ${line}`);
  if (command === 'down') {
    const stopped = await clusterDown(dir);
    log(`stopped ${stopped} searchd processes (${dir})`);
    return;
  }
  const snapshot = ensureIndex({ dir: values.index, log: (line) => console.error(line) });
  const started = Date.now();
  if (command === 'rebuild') {
    await clusterRebuild(dir, snapshot, log);
    log(`rebuilt from build ${snapshot.manifest.buildId} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const layout = await clusterUp({ dir, shards, mirrors: values.mirrors, port, engine, log }, snapshot);
  log(`${layout.shards.length} shards${values.mirrors ? ' with mirrors' : ''}, ${snapshot.docs.length} documents, ${snapshot.manifest.counts.sections} sections, up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`SphinxQL: mysql -h ${layout.host} -P ${layout.aggregator.sqlPort}`);
  console.log(`serve it: SEARCH_BACKEND=sphinx SPHINX_HOST=${layout.host} SPHINX_PORT=${layout.aggregator.sqlPort} npm start`);
}

main().catch((err) => {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`cluster: ${err.message}`);
  process.exit(1);
});
