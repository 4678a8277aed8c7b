import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PolicySearchError } from '../errors';
import { ensureIndex } from '../index/index-lifecycle';
import { LocalSearcher } from '../search/local/local-searcher';
import type { Searcher } from '../search/searcher';
import { SphinxSearcher } from '../search/sphinx/sphinx-searcher';
import { readConfig, type ServerConfig } from './config';
import { createApp } from './create-app';
import { gracefulShutdown } from './graceful-shutdown';

/**
 * `npm start`: loads (or first builds) the index in INDEX_DIR (index/), then serves on PORT (3000), on every
 * interface unless HOST narrows it (so both localhost (::1) and 127.0.0.1 reach it). PUBLIC_URL and TRUST_PROXY:
 * see config.ts. PORT=0 takes a free port, which the start line names. REQUEST_TIMEOUT_MS (30,000) bounds how
 * long a client may take to send a request, headers and body. SEARCH_BACKEND=sphinx with SPHINX_HOST and
 * SPHINX_PORT (127.0.0.1:9306) serves from a cluster started by `npm run cluster -- up`.
 */
let config: ServerConfig;
let searcher: Searcher;
try {
  config = readConfig();
  // SEARCH_BACKEND=sphinx serves from a Sphinx/Manticore cluster's aggregator; no index is loaded here then.
  searcher = config.sphinx
    ? new SphinxSearcher(config.sphinx)
    : new LocalSearcher(ensureIndex({ dir: process.env.INDEX_DIR, log: (line) => console.log(line) }));
} catch (err) {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`policy-search cannot start: ${err.message}`);
  process.exit(1);
}

const { port, host, publicUrl, trustProxy, requestTimeoutMs } = config;
// Node's defaults let a client hold a socket 300 s by sending its request a byte at a time, and check
// only every 30 s; a request that is not in by the limit gets 408 and its socket closed. Keep-alive stays
// at Node's 5 s, which graceful shutdown relies on. Responses are not limited: an export may take long.
const server = createServer(
  { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs / 2) },
  createApp({ searcher: () => searcher, publicUrl, trustProxy }),
);
server.listen(port, host ?? '::', async () => {
  const { port: listening } = server.address() as AddressInfo;
  const health = await searcher.health();
  const from = config.sphinx ? ` from the ${health.backend} cluster at ${config.sphinx.host}:${config.sphinx.port}${health.ready ? '' : ' (not every shard answers)'}` : '';
  console.log(`policy-search: ${health.documents} documents, ${health.sections} sections${from} on http://${host ?? 'localhost'}:${listening}`);
  if (config.publicUrlDefaulted) console.log(`policy-search: PUBLIC_URL is not set; citations, downloads and CSV rows link to ${publicUrl}`);
  // Fuzzy mode's term index loads in the background, in chunks, so the first fuzzy query need not wait for it.
  searcher.warmUp?.().catch((err: Error) => console.error(`policy-search: fuzzy search unavailable: ${err.message}`));
});

const drain = gracefulShutdown(server);
function shutdown(signal: string): void {
  console.log(`policy-search: ${signal}, finishing requests in flight`);
  drain(() => process.exit(0));
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
