import { PolicySearchError } from '../errors';
import { ensureIndex } from '../index/index-lifecycle';
import { LocalSearcher } from '../search/local/local-searcher';
import { readConfig, type ServerConfig } from './config';
import { createApp } from './create-app';
import { gracefulShutdown } from './graceful-shutdown';

/**
 * `npm start`: loads (or first builds) the index in INDEX_DIR (index/), then serves on PORT (3000), on every
 * interface unless HOST narrows it (so both localhost (::1) and 127.0.0.1 reach it). PUBLIC_URL and TRUST_PROXY:
 * see config.ts.
 */
let config: ServerConfig;
let searcher: LocalSearcher;
try {
  config = readConfig();
  searcher = new LocalSearcher(ensureIndex({ dir: process.env.INDEX_DIR, log: (line) => console.log(line) }));
} catch (err) {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`policy-search cannot start: ${err.message}`);
  process.exit(1);
}

const { port, host, publicUrl, trustProxy } = config;
const server = createApp({ searcher: () => searcher, publicUrl, trustProxy }).listen(port, host ?? '::', () => {
  const m = searcher.manifest.counts;
  console.log(`policy-search: ${m.documents} documents, ${m.sections} sections on http://${host ?? 'localhost'}:${port}`);
  if (config.publicUrlDefaulted) console.log(`policy-search: PUBLIC_URL is not set; citations, downloads and CSV rows link to ${publicUrl}`);
  // Fuzzy mode's term index loads in the background, in chunks, so the first fuzzy query need not wait for it.
  searcher.warmUp().catch((err: Error) => console.error(`policy-search: fuzzy search unavailable: ${err.message}`));
});

const drain = gracefulShutdown(server);
function shutdown(signal: string): void {
  console.log(`policy-search: ${signal}, finishing requests in flight`);
  drain(() => process.exit(0));
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
