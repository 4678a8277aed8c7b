import { performance } from 'node:perf_hooks';
import { loadIndex } from '../index/index-file';
import { LocalSearcher } from '../search/local/local-searcher';
import { runSearch } from '../search/run-search';
import { readSearchParams } from '../search/search-params';

/**
 * Child process of the benchmark: loads an index, answers one query, prints what it took as JSON.
 * Times count from process start (performance.now() starts at zero there).
 */
const dir = process.argv[2];
const loaded = new LocalSearcher(loadIndex(dir));
const loadMs = performance.now();
await runSearch(loaded, readSearchParams({ q: '包容审慎' }), { publicUrl: 'http://localhost:3000' });
const firstAnswerMs = performance.now();
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapMb = process.memoryUsage().heapUsed / 1048576;
const rssMb = process.memoryUsage().rss / 1048576;
// Fuzzy mode loads the term index and jieba's dictionary on first use.
const fuzzyStart = performance.now();
await runSearch(loaded, readSearchParams({ q: '执法监督', mode: 'fuzzy' }), { publicUrl: 'http://localhost:3000' });
const firstFuzzyMs = performance.now() - fuzzyStart;
gc?.();
console.log(JSON.stringify({ loadMs, firstAnswerMs, heapMb, rssMb, firstFuzzyMs, fuzzyHeapMb: process.memoryUsage().heapUsed / 1048576 }));
