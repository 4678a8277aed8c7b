import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Index as FlexIndex } from 'flexsearch';
import { buildIndex, toIndexedSections, type BuildResult } from '../index/build-index';
import { loadIndex, saveIndex } from '../index/index-file';
import { readSources, type SourceSet } from '../index/sources';
import { LocalSearcher } from '../search/local/local-searcher';
import { runSearch } from '../search/run-search';
import { readSearchParams } from '../search/search-params';
import { parseQuery } from '../search/query-parser';
import { segmentQueryTerm } from '../segment/segment-text';
import { replicateSeeds } from './bench-data';

/**
 * `npm run bench [-- --scales 1,100 --corpora ../shared/corpora --runs 20]`: build throughput by stage,
 * index size, cold start, heap, and query latency by kind of query, beside a brute-force scan for phrases.
 * Prints numbers; asserts nothing.
 */
const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: '1,100,1000' },
    corpora: { type: 'string', default: '../shared/corpora' },
    runs: { type: 'string', default: '20' },
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
}

const datasets: Dataset[] = values.scales!.split(',').map((s) => Number(s)).filter((n) => n > 0).map((n) => ({
  name: n === 1 ? 'seeds' : `seeds ×${n}`,
  sources: n === 1 ? readSources(['seeds']) : replicateSeeds('seeds', n),
}));
if (existsSync(values.corpora!)) {
  const dirs = readdirSync(values.corpora!, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(values.corpora!, d.name));
  datasets.push({ name: 'corpora', sources: readSources(dirs) });
}

console.log(`policy-search benchmark · ${new Date().toISOString().slice(0, 10)} · node ${process.version} · ${RUNS} runs per query`);
for (const { name, sources } of datasets) {
  const result = buildIndex({ inputs: [name], sources });
  const dir = mkdtempSync(join(tmpdir(), 'policy-bench-'));
  const saveStart = performance.now();
  saveIndex(dir, result.snapshot);
  const saveMs = performance.now() - saveStart;
  const size = statSync(join(dir, 'policy-index.json')).size;
  const cold = coldStart(dir);
  const engine = new LocalSearcher(loadIndex(dir));

  console.log(`\n## ${name}: ${result.stats.documents} documents, ${result.stats.sections} sections, ${result.stats.paragraphs} paragraphs, ${mb(sources.bytes)} MB`);
  printBuild(result, saveMs);
  console.log(`index on disk ${mb(size)} MB · cold start ${cold.firstAnswerMs.toFixed(0)} ms to first answer (load ${cold.loadMs.toFixed(0)} ms) · heap after load ${cold.heapMb.toFixed(0)} MB, rss ${cold.rssMb.toFixed(0)} MB · first fuzzy query ${cold.firstFuzzyMs.toFixed(0)} ms (terms and dictionary load), heap then ${cold.fuzzyHeapMb.toFixed(0)} MB`);
  await printQueries(engine, result);
  rmSync(dir, { recursive: true });
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
 * no phrase verification, facets or snippets; OR and exclusions dropped).
 */
async function printQueries(engine: LocalSearcher, result: BuildResult): Promise<void> {
  const paragraphs = result.snapshot.docs.flatMap((d) => d.sections.flatMap((s) => s.paragraphs.map((p) => p.text)));
  const joined = paragraphs.join('\u0001');
  const flexStart = performance.now();
  const flex = new FlexIndex({ tokenize: 'strict', encoder: { split: ' ', normalize: false, dedupe: false } });
  let id = 0;
  for (const doc of result.snapshot.docs) for (const s of toIndexedSections(doc)) flex.add(id++, `${s.title} ${s.headingsText} ${s.body}`);
  console.log(`FlexSearch peer indexed ${id} sections in ${((performance.now() - flexStart) / 1000).toFixed(1)} s (segmenting included)`);
  console.log('| queries | p50 ms | p95 ms | p99 ms | scan p50 | scan p95 | FlexSearch p50 | FlexSearch p95 | p95 ours/scan | p95 ours/FlexSearch | sections found |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [kind, queries] of Object.entries(QUERIES)) {
    const times: number[] = [];
    const scanTimes: number[] = [];
    const flexTimes: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const params = readSearchParams(q);
      hits += (await runSearch(engine, params, CONTEXT)).total; // warm-up
      const tokens = q.q ? parseQuery(q.q).groups.map((g) => g[0]).flatMap((t) => segmentQueryTerm(t.text)).join(' ') : '';
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        await runSearch(engine, params, CONTEXT);
        times.push(performance.now() - t0);
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
    console.log(
      `| ${kind} | ${pct(times, 50)} | ${pct(times, 95)} | ${pct(times, 99)} | ${cell(scanTimes, 50)} | ${cell(scanTimes, 95)} | ${cell(flexTimes, 50)} | ${cell(flexTimes, 95)} | ${ratio(scanTimes)} | ${ratio(flexTimes)} | ${hits} |`,
    );
  }
}

function coldStart(dir: string): { loadMs: number; firstAnswerMs: number; heapMb: number; rssMb: number; firstFuzzyMs: number; fuzzyHeapMb: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'src/cli/bench-cold.ts', dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function pct(values: number[], p: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
