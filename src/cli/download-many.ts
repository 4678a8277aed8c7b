import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

/**
 * `tsx src/cli/download-many.ts --url URL --parallel 20`: downloads a URL that many times at once, reading each
 * answer to its end, and prints one JSON line: seconds, bytes per download, failures. export-load runs it in a
 * process of its own so that reading the downloads does not slow the searches it times.
 */
const { values } = parseArgs({ options: { url: { type: 'string' }, parallel: { type: 'string', default: '20' } } });

async function download(url: string): Promise<{ bytes: number; ok: boolean }> {
  try {
    const res = await fetch(url);
    let bytes = 0;
    for await (const chunk of res.body!) bytes += (chunk as Uint8Array).length;
    return { bytes, ok: res.ok };
  } catch {
    return { bytes: 0, ok: false };
  }
}

const started = performance.now();
const results = await Promise.all(Array.from({ length: Number(values.parallel) }, () => download(values.url!)));
console.log(
  JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    bytes: results.reduce((n, r) => n + r.bytes, 0) / results.length,
    failed: results.filter((r) => !r.ok).length,
  }),
);
