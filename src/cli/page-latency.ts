import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { rebuildIndex } from '../index/index-lifecycle';

/**
 * `npm run page-latency [-- --workers 8 --seconds 10]`: how long a plain search waits while documents render.
 * Indexes the seeds plus a generated ~4 MB report, starts the real server on loopback, and times one search
 * at a time, first alone, then while `workers` clients fetch the long document's pages (marked and not) and
 * its download without pause. Prints numbers; asserts nothing.
 */
const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    port: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
/** The plain search timed: a phrase of the seeds that the long document does not hold, so its own cost stays small. */
const PROBE = '枫桥经验';

const sources = mkdtempSync(join(tmpdir(), 'page-latency-src-'));
const indexDir = mkdtempSync(join(tmpdir(), 'page-latency-index-'));
cpSync('seeds', sources, { recursive: true });
writeFileSync(join(sources, 'long.txt'), longReport(4_000_000));
const built = rebuildIndex(indexDir, [sources], false);
console.log(`index: ${built.stats.documents} documents, ${(built.stats.bytes / 1048576).toFixed(1)} MB`);

const port = values.port ?? String(await freePort());
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', INDEX_DIR: indexDir, PUBLIC_URL: base },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes(' sections on ') && resolve());
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const first = await fetch(`${base}/doc/long`);
const parts = Number((await first.text()).match(/分 (\d+) 部分显示/)?.[1] ?? 1);
const heavy = [
  '/doc/long',
  `/doc/long?q=${encodeURIComponent('包容审慎 执法 监督')}`,
  `/doc/long?part=${parts}&q=${encodeURIComponent('营商环境')}`,
  `/doc/long?part=${Math.ceil(parts / 2)}`,
  '/doc/long/download',
];

const alone = await probe(seconds / 2);
let running = true;
const sizes = new Map<string, { bytes: number; ms: number[] }>();
const workers = Array.from({ length: Number(values.workers) }, async (_, w) => {
  for (let k = w; running; k++) {
    const path = heavy[k % heavy.length];
    const started = performance.now();
    const bytes = (await (await fetch(base + path)).arrayBuffer()).byteLength;
    const entry = sizes.get(path) ?? { bytes, ms: [] };
    entry.ms.push(performance.now() - started);
    sizes.set(path, entry);
  }
});
const loaded = await probe(seconds);
running = false;
await Promise.all(workers);
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
rmSync(sources, { recursive: true, force: true });
rmSync(indexDir, { recursive: true, force: true });

console.log(`the long document: ${parts} parts`);
for (const [path, { bytes, ms }] of sizes) {
  console.log(`  ${decodeURIComponent(path)}: ${(bytes / 1024).toFixed(0)} KB, p50 ${percentile(ms, 50).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms (${ms.length} fetched)`);
}
for (const [label, ms] of [['alone', alone], [`beside ${values.workers} document readers`, loaded]] as const) {
  console.log(`search latency ${label}: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms (${ms.length} searches)`);
}

/** Times one plain search after another for `duration` seconds. */
async function probe(duration: number): Promise<number[]> {
  const times: number[] = [];
  const until = performance.now() + duration * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await (await fetch(`${base}/api/search?q=${encodeURIComponent(PROBE)}`)).arrayBuffer();
    times.push(performance.now() - started);
  }
  return times;
}

/** A port nobody listens on now, so runs beside other servers on the machine do not collide. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port: free } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return free;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A report of about `chars` characters: numbered chapters of forty numbered items each. */
function longReport(chars: number): string {
  const numbers = '一二三四五六七八九十';
  const lines = ['关于某县2023年法治政府建设情况的报告'];
  let length = 0;
  for (let i = 0; length < chars / 3; i++) {
    lines.push(`${numbers[i % 10]}、第${i}部分工作`);
    for (let k = 0; k < 40; k++) {
      const line = `（${numbers[k % 10]}）第${i}-${k}项。推进严格规范公正文明执法，落实行政执法三项制度，运用包容审慎监管方式，深化“放管服”改革，优化法治化营商环境，段落编号${i}.${k}。`;
      lines.push(line);
      length += line.length;
    }
  }
  return lines.join('\n');
}
