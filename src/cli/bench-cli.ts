import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Index as FlexIndex } from 'flexsearch';
import { buildIndex, toIndexedSections, type BuildResult } from '../index/build-index';
import { loadIndex, saveIndex, type IndexSnapshot } from '../index/index-file';
import { PolicySearchError } from '../errors';
import { readSources, type SourceSet } from '../index/sources';
import { LocalSearcher } from '../search/local/local-searcher';
import { runSearch, type SearchResult } from '../search/run-search';
import type { Searcher } from '../search/searcher';
import { clusterDown, clusterUp, LAYOUT_FILE } from '../search/sphinx/cluster';
import { SphinxSearcher } from '../search/sphinx/sphinx-searcher';
import { readSearchParams } from '../search/search-params';
import { parseQuery } from '../search/query-parser';
import { segmentQueryTerm } from '../segment/segment-text';
import { replicateSeeds, replicateSources } from './bench-data';

/**
 * `npm run bench [-- --scales 1,100,1000 --corpora ../shared/corpora --corpora-scales 1 --runs 20 --no-cluster]`:
 * build throughput by stage, index size, cold start, heap, and query latency by kind of query, beside a
 * brute-force scan for phrases, and beside a 2-shard Sphinx cluster (`indexer` and `searchd` of Sphinx 2.2 or
 * Manticore on PATH) built from the same saved index, queried through the same runSearch, with its build time,
 * index size and a check that both engines give the same totals and facets.
 *
 * - `--corpora-scales 1,10` adds a ×10 replica of the corpora (every document ten times under other ids). It is
 *   opt-in: ×10 alone takes about 8 minutes more on a 2-core machine (its process held 3.4 GB resident when measured, and it needs 3 GB
 *   of /tmp). The default run (seeds ×1/×100/×1000, corpora ×1, cluster on corpora) takes about 3.5 minutes.
 * - The cluster runs on the corpora datasets; `--cluster` runs it on the seeds scales too, `--no-cluster` on none.
 *   `--cluster-port P` is where the search for free loopback ports starts (the cluster takes P..P+17).
 *
 * Prints numbers; asserts nothing.
 */
const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,100,1000' },
    corpora: { type: 'string', default: '../shared/corpora' },
    'corpora-scales': { type: 'string', default: '1' },
    runs: { type: 'string', default: '20' },
    cluster: { type: 'boolean', default: false },
    'no-cluster': { type: 'boolean', default: false },
    'cluster-port': { type: 'string', default: '19600' },
    shards: { type: 'string', default: '2' },
  },
});
const RUNS = Number(values.runs);
const CONTEXT = { publicUrl: 'http://localhost:3000' };

const QUERIES: Record<string, Array<Record<string, string>>> = {
  phrase: [{ q: '包容审慎' }, { q: '枫桥经验' }, { q: '行政复议' }, { q: '法律明白人' }, { q: '营商环境' }, { q: '"重大行政决策"' }],
  'frequent term': [{ q: '法治' }, { q: '工作' }],
  'multi-term': [{ q: '执法 监督' }, { q: '放管服 数字' }, { q: '行政复议 OR 行政诉讼 -南通' }],
  fuzzy: [{ q: '执法监督', mode: 'fuzzy' }, { q: '包容审慎监管', mode: 'fuzzy' }],
  filtered: [{ q: '包容审慎', region: '江苏省' }, { q: '法治', year: '2023', topic: '行政执法' }, { q: '行政复议', part: '成效' }],
  browse: [{ region: '江苏省' }, { topic: '普法与法治社会', page: '2' }, { year: '2023', sort: 'year' }],
};

interface Dataset {
  name: string;
  sources: SourceSet;
  cluster: boolean;
}

const SHARDS = Number(values.shards);
const clusterOn = (corpora: boolean) => !values['no-cluster'] && (corpora || values.cluster!);
const datasets: Dataset[] = values.scales!.split(',').map((s) => Number(s)).filter((n) => n > 0).map((n) => ({
  name: n === 1 ? 'seeds' : `seeds ×${n}`,
  sources: n === 1 ? readSources(['seeds']) : replicateSeeds('seeds', n),
  cluster: clusterOn(false),
}));
if (existsSync(values.corpora!)) {
  const dirs = readdirSync(values.corpora!, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(values.corpora!, d.name));
  const corpora = readSources(dirs);
  for (const n of values['corpora-scales']!.split(',').map((s) => Number(s)).filter((n) => n > 0)) {
    datasets.push({ name: n === 1 ? 'corpora' : `corpora ×${n}`, sources: n === 1 ? corpora : replicateSources(corpora, n), cluster: clusterOn(true) });
  }
}

console.log(`policy-search benchmark · ${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${RUNS} runs per query`);
for (const { name, sources, cluster } of datasets) {
  const result = buildIndex({ inputs: [name], sources });
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  // A collection at ×10 leaves about 1 GB in its folder: removed on every way out.
  try {
    const saveStart = performance.now();
    saveIndex(dir, result.snapshot);
    const saveMs = performance.now() - saveStart;
    const size = statSync(join(dir, 'policy-index.json')).size;
    // A saved index the engine cannot load (over V8's longest string, about 512 MB) is reported, and the
    // built one in memory is searched instead, so the latencies of a large collection are still measured.
    let cold: ReturnType<typeof coldStart> | string;
    try {
      cold = coldStart(dir);
    } catch (err) {
      cold = String((err as { stderr?: string }).stderr ?? err).split('\n').find((l) => /^\w*Error\b.*: /.test(l)) ?? String(err);
    }
    let snapshot: IndexSnapshot;
    try {
      snapshot = loadIndex(dir);
    } catch (err) {
      if (!(err instanceof PolicySearchError)) throw err;
      snapshot = result.snapshot;
    }
    const engine = new LocalSearcher(snapshot);

    console.log(`\n## ${name}: ${result.stats.documents} documents, ${result.stats.sections} sections, ${result.stats.paragraphs} paragraphs, ${mb(sources.bytes)} MB`);
    printBuild(result, saveMs);
    console.log(
      `index on disk ${mb(size)} MB (${mb(folderBytes(dir))} MB with the fuzzy term index) · ` +
        (typeof cold === 'string'
          ? `cold start FAILED, the saved index does not load: ${cold} (searching the build in memory instead)`
          : `cold start ${cold.firstAnswerMs.toFixed(0)} ms to first answer (load ${cold.loadMs.toFixed(0)} ms) · heap after load ${cold.heapMb.toFixed(0)} MB, rss ${cold.rssMb.toFixed(0)} MB · first fuzzy query ${cold.firstFuzzyMs.toFixed(0)} ms (terms and dictionary load), heap then ${cold.fuzzyHeapMb.toFixed(0)} MB`),
    );
    if (!cluster) {
      await printQueries(engine, result, null);
    } else {
      const clusterDir = mkdtempSync(join(tmpdir(), 'policy-bench-cluster-'));
      let sphinx: SphinxSearcher | null = null;
      const stop = async () => {
        await sphinx?.close().catch(() => {});
        sphinx = null;
        if (existsSync(join(clusterDir, LAYOUT_FILE))) await clusterDown(clusterDir);
        rmSync(clusterDir, { recursive: true, force: true });
      };
      // Ctrl-C must not leave searchd processes behind.
      const onSignal = () => void stop().finally(() => process.exit(130));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const port = await freePortBase(Number(values['cluster-port']), SHARDS);
        const steps: string[] = [];
        const upStart = performance.now();
        const layout = await clusterUp({ dir: clusterDir, shards: SHARDS, mirrors: false, port, log: (line) => steps.push(line) }, snapshot);
        const upMs = performance.now() - upStart;
        const seconds = (step: string) => /(\d+(?:\.\d+)?) s\)?$/.exec(steps.find((l) => l.startsWith(step)) ?? '')?.[1] ?? '?';
        const feedSeconds = Number(seconds('feeds'));
        const indexerSeconds = Number(seconds('indexer'));
        console.log(
          `sphinx (${SHARDS} shards on ${layout.host}:${layout.aggregator.sqlPort}): build ${(feedSeconds + indexerSeconds).toFixed(1)} s on top of the saved index ` +
            `(feeds ${feedSeconds.toFixed(1)} s, indexer ${indexerSeconds.toFixed(1)} s; up with daemons started ${(upMs / 1000).toFixed(1)} s) · ` +
            `index on disk ${mb(folderBytes(join(clusterDir, 'data')))} MB (feeds ${mb(folderBytes(join(clusterDir, 'feeds')))} MB)`,
        );
        sphinx = new SphinxSearcher({ host: layout.host, port: layout.aggregator.sqlPort });
        await printQueries(engine, result, sphinx);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printBuild(result: BuildResult, saveMs: number): void {
  const { stageMs, bytes, sections, seconds } = result.stats;
  const rate = (ms: number) => `${(bytes / 1048576 / (ms / 1000)).toFixed(1)} MB/s`;
  console.log(
    `build ${seconds.toFixed(2)} s (${(seconds / (bytes / 1048576)).toFixed(2)} s/MB, ${(sections / seconds).toFixed(0)} sections/s) · ` +
      `normalize ${stageMs.normalize.toFixed(0)} ms (${rate(stageMs.normalize)}) · parse ${stageMs.parse.toFixed(0)} ms (${rate(stageMs.parse)}) · ` +
      `segment ${stageMs.segment.toFixed(0)} ms (${rate(stageMs.segment)}) · index ${stageMs.index.toFixed(0)} ms (${rate(stageMs.index)}) · save ${saveMs.toFixed(0)} ms`,
  );
}

/**
 * Latency by kind of query for our engine, an indexOf scan of the joined paragraphs (phrases only: the
 * baseline any index must beat), and FlexSearch given the same jieba tokens (a peer: ids only, limit 100,
 * no phrase verification, facets or snippets; OR and exclusions dropped). With a cluster, the same queries
 * through the same runSearch on it, timed in turn with ours in every run, and its answers held to ours.
 */
async function printQueries(engine: LocalSearcher, result: BuildResult, sphinx: Searcher | null): Promise<void> {
  const paragraphs = result.snapshot.docs.flatMap((d) => d.sections.flatMap((s) => s.paragraphs.map((p) => p.text)));
  const joined = paragraphs.join('\u0001');
  const flexStart = performance.now();
  const flex = new FlexIndex({ tokenize: 'strict', encoder: { split: ' ', normalize: false, dedupe: false } });
  let id = 0;
  for (const doc of result.snapshot.docs) for (const s of toIndexedSections(doc)) flex.add(id++, `${s.title} ${s.headingsText} ${s.body}`);
  console.log(`FlexSearch peer indexed ${id} sections in ${((performance.now() - flexStart) / 1000).toFixed(1)} s (segmenting included)`);
  const local: string[] = [];
  const versus: string[] = [];
  const parity: string[] = [];
  const ranking: string[] = [];
  let agreeing = 0;
  let asked = 0;
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const times: number[] = [];
    const sphinxTimes: number[] = [];
    const scanTimes: number[] = [];
    const flexTimes: number[] = [];
    let hits = 0;
    let sphinxHits = 0;
    for (const q of queries) {
      const params = readSearchParams(q);
      const ours = await runSearch(engine, params, CONTEXT); // warm-up
      hits += ours.total;
      if (sphinx) {
        const theirs = await runSearch(sphinx, params, CONTEXT);
        sphinxHits += theirs.total;
        asked++;
        // Multi-term and fuzzy queries rank by other factors on the cluster (README → Scaling out): their first pages may differ.
        const { counts, page } = compare(ours, theirs, kind !== 'multi-term' && kind !== 'fuzzy');
        if (counts.length) parity.push(`- ${kind} ${JSON.stringify(q)}: ${[...counts, ...page].join('; ')}`);
        else if (page.length) ranking.push(`- ${kind} ${JSON.stringify(q)}: ${page.join('; ')}`);
        else agreeing++;
      }
      const tokens = q.q ? parseQuery(q.q).groups.map((g) => g[0]).flatMap((t) => segmentQueryTerm(t.text)).join(' ') : '';
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        await runSearch(engine, params, CONTEXT);
        times.push(performance.now() - t0);
        if (sphinx) {
          const t3 = performance.now();
          await runSearch(sphinx, params, CONTEXT);
          sphinxTimes.push(performance.now() - t3);
        }
        if (kind === 'phrase') {
          const needle = q.q!.replace(/"/g, '');
          const t1 = performance.now();
          let n = 0;
          for (let at = joined.indexOf(needle); at !== -1; at = joined.indexOf(needle, at + needle.length)) n++;
          scanTimes.push(performance.now() - t1);
          if (n < 0) console.log(n);
        }
        if (tokens && kind !== 'filtered') {
          const t2 = performance.now();
          flex.search(tokens, { limit: 100 });
          flexTimes.push(performance.now() - t2);
        }
      }
    }
    const ours95 = Number(pct(times, 95));
    const ratio = (other: number[]) => (other.length ? (ours95 / Math.max(0.001, Number(pct(other, 95)))).toFixed(2) : '—');
    const cell = (list: number[], p: number) => (list.length ? pct(list, p) : '—');
    local.push(
      `| ${kind} | ${pct(times, 50)} | ${pct(times, 95)} | ${pct(times, 99)} | ${cell(scanTimes, 50)} | ${cell(scanTimes, 95)} | ${cell(flexTimes, 50)} | ${cell(flexTimes, 95)} | ${ratio(scanTimes)} | ${ratio(flexTimes)} | ${hits} |`,
    );
    if (sphinx) {
      const slower = (p: number) => (Number(pct(sphinxTimes, p)) / Math.max(0.001, Number(pct(times, p)))).toFixed(2);
      versus.push(
        `| ${kind} | ${pct(times, 50)} | ${pct(times, 95)} | ${pct(sphinxTimes, 50)} | ${pct(sphinxTimes, 95)} | ${pct(sphinxTimes, 99)} | ${slower(50)} | ${slower(95)} | ${hits} | ${sphinxHits} |`,
      );
    }
  }
  console.log('| queries | p50 ms | p95 ms | p99 ms | scan p50 | scan p95 | FlexSearch p50 | FlexSearch p95 | p95 ours/scan | p95 ours/FlexSearch | sections found |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const line of local) console.log(line);
  if (!sphinx) return;
  console.log(`\nlocal (in-process) vs sphinx (${SHARDS} shards, same runSearch; timed in turn, ${RUNS} runs per query):`);
  console.log('| queries | local p50 | local p95 | sphinx p50 | sphinx p95 | sphinx p99 | p50 sphinx/local | p95 sphinx/local | sections local | sections sphinx |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const line of versus) console.log(line);
  console.log(`parity: ${asked - parity.length}/${asked} queries with equal totals, documents, facets (and first page order where both rank alike), ${agreeing}/${asked} with the same first page too`);
  if (parity.length) console.log('DIFFERENT ANSWERS (a bug in one engine):');
  for (const line of parity) console.log(line);
  if (ranking.length) console.log('first pages ranked differently (multi-term, fuzzy):');
  for (const line of ranking) console.log(line);
}

/**
 * What differs between two answers to one query: counts (totals, documents, completeness, facets, and the first
 * page's order when the engines rank alike) and, where they rank differently, the first page as a set.
 */
function compare(ours: SearchResult, theirs: SearchResult, ordered: boolean): { counts: string[]; page: string[] } {
  const counts: string[] = [];
  if (ours.total !== theirs.total) counts.push(`total ${ours.total} local, ${theirs.total} sphinx`);
  if (ours.total_documents !== theirs.total_documents) counts.push(`documents ${ours.total_documents} local, ${theirs.total_documents} sphinx`);
  if (!theirs.complete) counts.push(`sphinx incomplete (${theirs.warnings.join('；')})`);
  for (const facet of Object.keys(ours.facets) as Array<keyof SearchResult['facets']>) {
    const values = (r: SearchResult) => new Set((r.facets[facet] ?? []).map((v) => JSON.stringify(v)));
    const a = values(ours);
    const b = values(theirs);
    const missing = [...a].filter((k) => !b.has(k));
    const extra = [...b].filter((k) => !a.has(k));
    if (missing.length || extra.length) counts.push(`facet ${facet}: local only ${missing.slice(0, 3).join(' ')}${missing.length > 3 ? ' …' : ''}; sphinx only ${extra.slice(0, 3).join(' ')}${extra.length > 3 ? ' …' : ''}`);
  }
  const ids = (r: SearchResult) => r.hits.map((h) => h.section.id);
  const a = ids(ours);
  const b = ids(theirs);
  const page: string[] = [];
  if (ordered ? a.join() !== b.join() : [...a].sort().join() !== [...b].sort().join()) {
    page.push(`first page ${ordered ? 'order' : 'set'} differs (local ${a.slice(0, 4).join(',')}…, sphinx ${b.slice(0, 4).join(',')}…)`);
  }
  return { counts: ordered ? [...counts, ...page] : counts, page: ordered ? [] : page };
}

function coldStart(dir: string): { loadMs: number; firstAnswerMs: number; heapMb: number; rssMb: number; firstFuzzyMs: number; fuzzyHeapMb: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'src/cli/bench-cold.ts', dir], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : entry.isFile() ? statSync(path).size : 0;
  }
  return total;
}

/** The first base port from `start` (in steps of 20) whose cluster ports are all free on loopback. */
async function freePortBase(start: number, shards: number): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let base = start; base < start + 2000; base += 20) {
    // Aggregator SphinxQL and API ports, then an API/SphinxQL pair per shard (and per mirror) from base + 10.
    const ports = [base, base + 2, ...Array.from({ length: 4 * shards }, (_, i) => base + 10 + i)];
    let ok = true;
    for (const port of ports) if (!(ok = await free(port))) break;
    if (ok) return base;
  }
  throw new Error(`no free loopback ports for a cluster from ${start}`);
}
