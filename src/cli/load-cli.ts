import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { LOAD_MIX as MIX } from './request-mix';
import { spawnServer } from './server-process';

/**
 * `npm run load [-- --index DIR --connections 50 --seconds 20]`: starts the real server on loopback, drives it
 * with autocannon on a mix of queries, reads its event-loop delay, stops it with SIGTERM. Prints numbers.
 */
const { values } = parseArgs({
  options: {
    index: { type: 'string', default: 'index' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
  },
});

const server = spawnServer({ indexDir: values.index, echo: true });
const base = await server.listening;

// Measure the steady state: fuzzy mode's term index loaded.
await server.warm();

const result = await autocannon({
  url: base,
  connections: Number(values.connections),
  duration: Number(values.seconds),
  requests: MIX,
  timeout: 10,
});
const health = (await (await fetch(`${base}/api/health`)).json()) as { eventLoopDelayMs: { p50: number; p99: number; max: number } };
const exitCode = await server.stop();

const l = result.latency;
console.log(
  `load: ${values.connections} connections × ${values.seconds} s on ${MIX.length} request kinds → ${result.requests.average.toFixed(0)} req/s, ` +
    `latency p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms; ${result.errors} errors, ${result.timeouts} timeouts, ` +
    `${result.non2xx} non-2xx (the mix holds one deliberate 400); event loop delay p99 ${health.eventLoopDelayMs.p99.toFixed(1)} ms, max ${health.eventLoopDelayMs.max.toFixed(1)} ms; server exit ${exitCode} after SIGTERM`,
);
process.exit(result.errors || result.timeouts ? 1 : 0);
