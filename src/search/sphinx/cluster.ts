import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { fail } from '../../errors';
import type { IndexSnapshot } from '../../index/index-file';
import { processAlive } from '../../index/index-lock';
import { FeedWriter } from './feed';
import { DOCUMENT_ATTRS, DOCUMENT_FIELDS, SECTION_ATTRS, SECTION_FIELDS, documentRows } from './schema';

/**
 * A Sphinx 2.2 / Manticore cluster on this machine, for tests, CI and one-machine deployments: one `searchd`
 * per shard (and one per mirror), an aggregator with distributed indexes over them, every file in the
 * cluster's own folder. Across machines the same configs apply with other addresses (README → Scaling out).
 */

export interface Daemon {
  name: string;
  /** Sphinx API port (agents) and SphinxQL port. */
  apiPort: number;
  sqlPort: number;
  config: string;
  pidFile: string;
}

/**
 * The engine the configs are written for. `sphinx`: Sphinx 2.2 (Debian's, CI's). `manticore`: Manticore 3 and
 * later, which dropped `docinfo` (attributes are always extern) and `workers` (always threads).
 */
export type Engine = 'sphinx' | 'manticore';

export interface ClusterLayout {
  dir: string;
  engine: Engine;
  host: string;
  shards: Array<{ name: string; daemons: Daemon[] }>;
  aggregator: Daemon;
  /** The saved index's build the feeds were written from. */
  buildId: string;
  documents: number;
  sections: number;
}

export const LAYOUT_FILE = 'cluster.json';
const HOST = '127.0.0.1';

export interface UpOptions {
  dir: string;
  shards: number;
  mirrors: boolean;
  port: number;
  engine?: Engine;
  log?: (line: string) => void;
}

export function readLayout(dir: string): ClusterLayout {
  const file = join(dir, LAYOUT_FILE);
  if (!existsSync(file)) fail('CLUSTER_MISSING', `${dir} 中没有集群（缺少 ${LAYOUT_FILE}），请先运行 npm run cluster -- up`);
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterLayout;
}

export function layoutFor(options: UpOptions, snapshot: IndexSnapshot): ClusterLayout {
  const dir = resolve(options.dir);
  const daemon = (name: string, apiPort: number): Daemon => ({ name, apiPort, sqlPort: apiPort + 1, config: join(dir, `${name}.conf`), pidFile: join(dir, 'run', `${name}.pid`) });
  const shards = Array.from({ length: options.shards }, (_, i) => ({
    name: `shard${i}`,
    daemons: [daemon(`shard${i}`, options.port + 10 + 4 * i), ...(options.mirrors ? [daemon(`shard${i}-mirror`, options.port + 12 + 4 * i)] : [])],
  }));
  const aggregator: Daemon = { name: 'aggregator', apiPort: options.port + 2, sqlPort: options.port, config: join(dir, 'aggregator.conf'), pidFile: join(dir, 'run', 'aggregator.pid') };
  return { dir, engine: options.engine ?? 'sphinx', host: HOST, shards, aggregator, buildId: snapshot.manifest.buildId, documents: snapshot.docs.length, sections: snapshot.manifest.counts.sections };
}

/**
 * One feed pair per shard from the saved index; documents go round-robin by size so shards hold about as
 * many sections each. Section ids are global ordinals + 1, document ids document ordinals + 1.
 */
export function writeFeeds(layout: ClusterLayout, snapshot: IndexSnapshot): Array<{ sections: number; documents: number }> {
  const feeds = join(layout.dir, 'feeds');
  mkdirSync(feeds, { recursive: true });
  const writers = layout.shards.map((s) => ({
    sections: new FeedWriter(join(feeds, `${s.name}-sections.xml.tmp`), SECTION_FIELDS, SECTION_ATTRS),
    documents: new FeedWriter(join(feeds, `${s.name}-documents.xml.tmp`), DOCUMENT_FIELDS, DOCUMENT_ATTRS),
    load: 0,
  }));
  let first = 0;
  snapshot.docs.forEach((doc, d) => {
    // The lightest shard takes the next document.
    const w = writers.reduce((a, b) => (b.load < a.load ? b : a));
    const rows = documentRows(doc, d, first);
    for (const row of rows.sections) w.sections.add(row);
    w.documents.add(rows.document);
    w.load += doc.sections.reduce((n, s) => n + s.paragraphs.reduce((m, p) => m + p.norm.length, 0), 0) + 1;
    first += doc.sections.length;
  });
  layout.shards.forEach((s, i) => {
    writers[i].sections.close();
    writers[i].documents.close();
    for (const kind of ['sections', 'documents']) renameSync(join(feeds, `${s.name}-${kind}.xml.tmp`), join(feeds, `${s.name}-${kind}.xml`));
  });
  return writers.map((w) => ({ sections: w.sections.rows, documents: w.documents.rows }));
}

/** Index settings shared by every shard: one word per character (tokens.ts), so `0..9, a..z` is the whole charset. */
function indexBlock(engine: Engine, name: string, source: string, path: string): string {
  return `index ${name}
{
  source = ${source}
  path = ${path}${engine === 'sphinx' ? '\n  docinfo = extern' : ''}
  charset_table = 0..9, a..z
  min_word_len = 1
  index_field_lengths = 1
}
`;
}

function searchdBlock(engine: Engine, daemon: Daemon, dir: string, listen: string[]): string {
  return `searchd
{
${listen.map((l) => `  listen = ${l}`).join('\n')}
  log = ${join(dir, 'log', `${daemon.name}.log`)}
  query_log = ${join(dir, 'log', `${daemon.name}.query.log`)}
  pid_file = ${daemon.pidFile}
  binlog_path =${engine === 'sphinx' ? '\n  workers = threads' : ''}
  max_packet_size = 128M
  seamless_rotate = 1
  read_timeout = 30
  client_timeout = 60
  agent_retry_count = 1
}
`;
}

/** The config of one shard daemon: its two indexes over its feeds, and its own data folder. */
export function shardConfig(layout: ClusterLayout, shard: ClusterLayout['shards'][number], daemon: Daemon): string {
  const data = join(layout.dir, 'data', daemon.name);
  const feed = (kind: string) => join(layout.dir, 'feeds', `${shard.name}-${kind}.xml`);
  return `# Written by npm run cluster; regenerated on every up and rebuild.
source sections_src
{
  type = xmlpipe2
  xmlpipe_command = cat '${feed('sections')}'
}
source documents_src
{
  type = xmlpipe2
  xmlpipe_command = cat '${feed('documents')}'
}
${indexBlock(layout.engine, `sections_${shard.name}`, 'sections_src', join(data, 'sections'))}
${indexBlock(layout.engine, `documents_${shard.name}`, 'documents_src', join(data, 'documents'))}
indexer
{
  mem_limit = 512M
  max_xmlpipe2_field = 64M
}
${searchdBlock(layout.engine, daemon, layout.dir, [`${layout.host}:${daemon.apiPort}`, `${layout.host}:${daemon.sqlPort}:mysql41`])}`;
}

/**
 * The aggregator: `sections` and `documents` as distributed indexes, one agent line per shard, its mirrors
 * joined by `|`. nodeads stops sending to a mirror that failed; it is tried again after a quiet period.
 */
export function aggregatorConfig(layout: ClusterLayout): string {
  const agents = (kind: string) =>
    layout.shards.map((s) => `  agent = ${s.daemons.map((d) => `${layout.host}:${d.apiPort}`).join('|')}:${kind}_${s.name}`).join('\n');
  const distributed = (kind: string) => `index ${kind}
{
  type = distributed
${agents(kind)}
  agent_connect_timeout = 300
  agent_query_timeout = 30000
  ha_strategy = nodeads
}
`;
  return `# Written by npm run cluster; regenerated on every up and rebuild.
${distributed('sections')}
${distributed('documents')}
${searchdBlock(layout.engine, layout.aggregator, layout.dir, [`${layout.host}:${layout.aggregator.sqlPort}:mysql41`, `${layout.host}:${layout.aggregator.apiPort}`])}`;
}

export function writeConfigs(layout: ClusterLayout): void {
  for (const sub of ['log', 'run', 'data']) mkdirSync(join(layout.dir, sub), { recursive: true });
  for (const shard of layout.shards) {
    for (const daemon of shard.daemons) {
      mkdirSync(join(layout.dir, 'data', daemon.name), { recursive: true });
      writeFileSync(daemon.config, shardConfig(layout, shard, daemon));
    }
  }
  writeFileSync(layout.aggregator.config, aggregatorConfig(layout));
  writeFileSync(join(layout.dir, LAYOUT_FILE), `${JSON.stringify(layout, null, 2)}\n`);
}

/**
 * Runs indexer or searchd. indexer exits 0 when one of several indexes failed (`ERROR: index …`), leaving a daemon
 * that serves nothing: an ERROR or FATAL line fails the step whatever the exit code.
 */
function run(command: string, args: string[]): string {
  let output: string;
  try {
    output = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') fail('CLUSTER_FAILED', `找不到 ${command}：请先安装 Sphinx（apt-get install -y sphinxsearch）或 Manticore`);
    fail('CLUSTER_FAILED', `${command} ${args.join(' ')} 失败：${problems(`${e.stdout ?? ''}${e.stderr ?? ''}`) || e.message}`);
  }
  const failed = problems(output, /^(ERROR|FATAL)/);
  if (failed) fail('CLUSTER_FAILED', `${command} ${args.join(' ')} 失败：${failed}`);
  return output;
}

function problems(output: string, pattern = /ERROR|FATAL|WARNING/): string {
  return output.split('\n').filter((l) => pattern.test(l)).slice(0, 5).join('；');
}

/** Builds a daemon's indexes; with `rotate`, beside the served ones, then signals the daemon to switch. */
export function runIndexer(daemon: Daemon, rotate: boolean): void {
  run('indexer', ['--config', daemon.config, '--all', '--quiet', ...(rotate ? ['--rotate'] : [])]);
}

/** A mirror takes copies of its primary's freshly built files (a mirror needs files of its own). */
export function copyIndexFiles(layout: ClusterLayout, from: Daemon, to: Daemon): void {
  const source = join(layout.dir, 'data', from.name);
  const target = join(layout.dir, 'data', to.name);
  mkdirSync(target, { recursive: true });
  for (const f of readdirSync(source)) if (!f.endsWith('.spl') && !f.includes('.tmp')) copyFileSync(join(source, f), join(target, f));
}

export function daemonPid(daemon: Daemon): number | null {
  if (!existsSync(daemon.pidFile)) return null;
  const pid = Number(readFileSync(daemon.pidFile, 'utf8').trim());
  return pid > 0 && processAlive(pid) ? pid : null;
}

export function startDaemon(daemon: Daemon): void {
  if (daemonPid(daemon)) return;
  run('searchd', ['--config', daemon.config]);
}

/** Waits until a TCP port accepts connections. */
export async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((done) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline) fail('CLUSTER_FAILED', `${host}:${port} 在 ${timeoutMs / 1000} 秒内没有开始监听`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Stops a daemon by its pid file's PID and waits for it to exit. */
export async function stopDaemon(daemon: Daemon, timeoutMs = 10_000): Promise<boolean> {
  const pid = daemonPid(daemon);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(daemon.pidFile, { force: true });
  return true;
}

export function allDaemons(layout: ClusterLayout): Daemon[] {
  return [...layout.shards.flatMap((s) => s.daemons), layout.aggregator];
}

/** Feeds, configs, indexes and daemons: the whole `up`. Returns the SphinxQL address of the aggregator. */
export async function clusterUp(options: UpOptions, snapshot: IndexSnapshot): Promise<ClusterLayout> {
  const log = options.log ?? (() => {});
  if (existsSync(join(options.dir, LAYOUT_FILE))) await clusterDown(options.dir);
  const layout = layoutFor(options, snapshot);
  writeConfigs(layout);
  let started = Date.now();
  const counts = writeFeeds(layout, snapshot);
  log(`feeds: ${counts.map((c, i) => `shard${i} ${c.documents} documents / ${c.sections} sections`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  started = Date.now();
  for (const shard of layout.shards) {
    const [primary, ...mirrors] = shard.daemons;
    runIndexer(primary, false);
    for (const mirror of mirrors) copyIndexFiles(layout, primary, mirror);
  }
  log(`indexer: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const daemon of allDaemons(layout)) startDaemon(daemon);
  await Promise.all(allDaemons(layout).map((d) => waitForPort(layout.host, d.sqlPort, 30_000)));
  return layout;
}

export async function clusterDown(dir: string): Promise<number> {
  const layout = readLayout(dir);
  const stopped = await Promise.all(allDaemons(layout).map((d) => stopDaemon(d)));
  return stopped.filter(Boolean).length;
}

/**
 * Re-exports the feeds and re-indexes shard by shard with `--rotate`: each daemon keeps serving its old
 * files until the new ones are complete, then switches without dropping a query.
 */
export async function clusterRebuild(dir: string, snapshot: IndexSnapshot, log: (line: string) => void = () => {}): Promise<void> {
  const layout = readLayout(dir);
  if (layout.sections !== snapshot.manifest.counts.sections || layout.documents !== snapshot.docs.length) {
    // Ids are global ordinals: a new build with other counts moves documents between shards, which is an up, not a rebuild.
    log(`index counts changed (${layout.documents} → ${snapshot.docs.length} documents); feeds are rewritten for the same shards`);
  }
  const next: ClusterLayout = { ...layout, buildId: snapshot.manifest.buildId, documents: snapshot.docs.length, sections: snapshot.manifest.counts.sections };
  writeFeeds(next, snapshot);
  for (const shard of next.shards) {
    for (const daemon of shard.daemons) {
      const started = Date.now();
      runIndexer(daemon, daemonPid(daemon) !== null);
      log(`${daemon.name}: re-indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  writeFileSync(join(dir, LAYOUT_FILE), `${JSON.stringify(next, null, 2)}\n`);
}
