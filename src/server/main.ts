import { PolicySearchError } from '../errors';
import { ensureIndex } from '../index/index-lifecycle';
import { LocalSearcher } from '../search/local/local-searcher';
import { createApp } from './create-app';
import { gracefulShutdown } from './graceful-shutdown';

/** `npm start`: loads (or first builds) the index in INDEX_DIR (index/), then serves on PORT (3000). */
const port = Number(process.env.PORT ?? 3000);
// All interfaces unless HOST narrows it, so both localhost (::1) and 127.0.0.1 reach it.
const host = process.env.HOST;

let searcher: LocalSearcher;
try {
  searcher = new LocalSearcher(ensureIndex({ dir: process.env.INDEX_DIR, log: (line) => console.log(line) }));
} catch (err) {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`policy-search cannot start: ${err.message}`);
  process.exit(1);
}

const server = createApp({ searcher: () => searcher, publicUrl: process.env.PUBLIC_URL }).listen(port, host ?? '::', () => {
  const m = searcher.manifest.counts;
  console.log(`policy-search: ${m.documents} documents, ${m.sections} sections on http://${host ?? 'localhost'}:${port}`);
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
