import { performance } from 'node:perf_hooks';
import { loadIndex } from '../index/index-file';
import { SearchEngine } from '../search/search-engine';
import { readSearchParams } from '../search/search-params';

/**
 * Child process of the benchmark: loads an index, answers one query, prints what it took as JSON.
 * Times count from process start (performance.now() starts at zero there).
 */
const dir = process.argv[2];
const loaded = new SearchEngine(loadIndex(dir));
const loadMs = performance.now();
loaded.search(readSearchParams({ q: '包容审慎' }));
const firstAnswerMs = performance.now();
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapMb = process.memoryUsage().heapUsed / 1048576;
const rssMb = process.memoryUsage().rss / 1048576;
// Fuzzy mode loads the term index and jieba's dictionary on first use.
const fuzzyStart = performance.now();
loaded.search(readSearchParams({ q: '执法监督', mode: 'fuzzy' }));
const firstFuzzyMs = performance.now() - fuzzyStart;
gc?.();
console.log(JSON.stringify({ loadMs, firstAnswerMs, heapMb, rssMb, firstFuzzyMs, fuzzyHeapMb: process.memoryUsage().heapUsed / 1048576 }));
