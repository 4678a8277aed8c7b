import net from 'node:net';
import { PolicySearchError } from '../errors';
import { ensureIndex } from '../index/index-lifecycle';
import { SearchEngine } from '../search/search-engine';
import { createApp } from './create-app';

/** `npm start`: loads (or first builds) the index in INDEX_DIR (index/), then serves on PORT (3000). */
const port = Number(process.env.PORT ?? 3000);
// All interfaces unless HOST narrows it, so both localhost (::1) and 127.0.0.1 reach it.
const host = process.env.HOST;

let engine: SearchEngine;
try {
  engine = new SearchEngine(ensureIndex({ dir: process.env.INDEX_DIR, log: (line) => console.log(line) }));
} catch (err) {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`policy-search cannot start: ${err.message}`);
  process.exit(1);
}

const server = createApp({ engine: () => engine }).listen(port, host ?? '::', () => {
  const m = engine.manifest.counts;
  console.log(`policy-search: ${m.documents} documents, ${m.sections} sections on http://${host ?? 'localhost'}:${port}`);
  // Fuzzy mode's term index loads in the background, in chunks, so the first fuzzy query need not wait for it.
  engine.termIndexReady().catch((err: Error) => console.error(`policy-search: fuzzy search unavailable: ${err.message}`));
});

// Requests in flight finish. Closing the listening socket resets connections still waiting in its backlog,
// so it stays open for a few turns of the loop; http.Server#close() would also drop connections whose request
// is still on the wire, so only the listener is closed. Answers then carry Connection: close, and connections
// still idle a second later are closed.
const ACCEPT_BACKLOG_MS = 100;
const IDLE_GRACE_MS = 1000;
let draining = false;
server.prependListener('request', (_req, res) => {
  if (draining) res.setHeader('Connection', 'close');
});
function shutdown(signal: string): void {
  if (draining) return;
  draining = true;
  console.log(`policy-search: ${signal}, finishing requests in flight`);
  setTimeout(() => net.Server.prototype.close.call(server, () => process.exit(0)), ACCEPT_BACKLOG_MS);
  setInterval(() => server.closeIdleConnections(), IDLE_GRACE_MS).unref();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
