import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

/**
 * `npm run export-load [-- --index DIR --parallel 20 --only compare]`: starts the real server on loopback, then times a plain
 * search, one after another, while many large answers are produced at once: exports of every paragraph (CSV),
 * of a frequent term (CSV and XLSX), and five-term compare pages and workbooks in fuzzy mode. The downloads
 * run in a process of their own (download-many.ts). Prints numbers; build the index first
 * (`npm run index -- ../shared/corpora/*\/ --out DIR`).
 */
const { values } = parseArgs({
  options: {
    index: { type: 'string', default: 'index' },
    parallel: { type: 'string', default: '20' },
    probe: { type: 'string', default: '/api/search?q=包容审慎' },
    term: { type: 'string', default: '规定' },
    /** Runs only the scenarios whose name holds this text. */
    only: { type: 'string', default: '' },
  },
});
const parallel = Number(values.parallel);
const fiveTerms = `q=${values.term}&q=执法监督&q=行政复议&q=营商环境&q=包容审慎&mode=fuzzy`;

const SCENARIOS: Array<{ name: string; path: string }> = [
  { name: 'CSV of every paragraph (empty query)', path: '/api/search?format=csv' },
  { name: `CSV of “${values.term}”`, path: `/api/search?format=csv&q=${values.term}` },
  { name: `XLSX of “${values.term}”`, path: `/api/search?format=xlsx&q=${values.term}` },
  { name: 'compare page, five terms, fuzzy', path: `/compare?${fiveTerms}` },
  { name: 'compare workbook, five terms, fuzzy', path: `/compare.xlsx?${fiveTerms}` },
];

/** A port nobody listens on now (the server is told it; loopback only). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', INDEX_DIR: values.index },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('policy-search:')) resolve();
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

/** Runs download-many in a process of its own: `parallel` downloads of one path at once. */
function downloadMany(path: string): Promise<{ seconds: number; bytes: number; failed: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/download-many.ts', '--url', base + encodeURI(path), '--parallel', String(parallel)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`download-many exited with ${code}`)))));
}

/** Plain searches one after another until `done` says stop (and at least `minimum` of them); their latencies in ms. */
async function probe(done: () => boolean, minimum = 20): Promise<number[]> {
  const latencies: number[] = [];
  while (!done() || latencies.length < minimum) {
    const started = performance.now();
    const res = await fetch(base + encodeURI(values.probe!));
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function summarize(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `plain search p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (${sorted.length} searches)`;
}

try {
  // Steady state: fuzzy mode's term index loads in the background after start.
  for (let i = 0; i < 1200; i++) {
    const health = (await (await fetch(`${base}/api/health`)).json()) as { fuzzyReady: boolean };
    if (health.fuzzyReady) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  let idle = false;
  setTimeout(() => (idle = true), 3000);
  console.log(`idle: ${summarize(await probe(() => idle, 200))}`);
  for (const scenario of SCENARIOS.filter((s) => s.name.includes(values.only!))) {
    let finished = false;
    const load = downloadMany(scenario.path).finally(() => (finished = true));
    const latencies = await probe(() => finished);
    const result = await load;
    console.log(`${parallel} × ${scenario.name}: ${result.seconds.toFixed(1)} s, ${(result.bytes / 1048576).toFixed(1)} MB each, ${result.failed} failed; ${summarize(latencies)}`);
  }
  const health = (await (await fetch(`${base}/api/health`)).json()) as { eventLoopDelayMs: { p99: number; max: number } };
  console.log(`server event loop delay since start: p99 ${health.eventLoopDelayMs.p99.toFixed(1)} ms, max ${health.eventLoopDelayMs.max.toFixed(1)} ms (start-up included)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}
