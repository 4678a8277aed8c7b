import { loadIndex } from './src/index/index-file';
import { LocalSearcher } from './src/search/local/local-searcher';
import { SphinxSearcher } from './src/search/sphinx/sphinx-searcher';
import { runSearch } from './src/search/run-search';
import { readSearchParams } from './src/search/search-params';
const local = new LocalSearcher(loadIndex('/tmp/corp-index'));
const sx = new SphinxSearcher({ host: '127.0.0.1', port: 19500 });
const ctx = { publicUrl: 'http://x' };
for (const q of [{ q: '包容审慎' }, { q: '法治' }, { q: '执法 监督' }, { q: '行政复议', group: 'document' }, { region: '江苏省' }, { q: '执法监督', mode: 'fuzzy' }]) {
  for (const [name, s] of [['local', local], ['sphinx', sx]] as const) {
    const t: number[] = [];
    for (let i = 0; i < 15; i++) { const t0 = performance.now(); await runSearch(s, readSearchParams(q), ctx); t.push(performance.now() - t0); }
    t.sort((a, b) => a - b);
    console.log(JSON.stringify(q), name, 'p50', t[7].toFixed(1), 'max', t[14].toFixed(1));
  }
}
await sx.close();
