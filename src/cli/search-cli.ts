import { parseArgs } from 'node:util';
import { PolicySearchError } from '../errors';
import { DEFAULT_INDEX_DIR, ensureIndex } from '../index/index-lifecycle';
import { DEFAULT_PUBLIC_URL } from '../server/create-app';
import { LocalSearcher } from '../search/local/local-searcher';
import { runSearch } from '../search/run-search';
import { FILTER_NAMES, readSearchParams } from '../search/search-params';

/**
 * `npm run search -- 包容审慎 --region 江苏省 [--year 2023] [--topic …] [--part …] [--kind …]
 *  [--mode fuzzy] [--sort year] [--page 2] [--size 20] [--json]`
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...Object.fromEntries(FILTER_NAMES.map((f) => [f, { type: 'string' as const, multiple: true }])),
    mode: { type: 'string' },
    sort: { type: 'string' },
    page: { type: 'string' },
    size: { type: 'string' },
    index: { type: 'string', default: DEFAULT_INDEX_DIR },
    json: { type: 'boolean', default: false },
  },
});

// Bold yellow on a terminal, plain brackets when piped.
const MARK = process.stdout.isTTY ? ['\x1b[1;33m', '\x1b[0m'] : ['【', '】'];

try {
  const params = readSearchParams({ ...values, q: positionals.join(' ') });
  const searcher = new LocalSearcher(ensureIndex({ dir: values.index as string, log: (l) => console.error(l) }));
  const result = await runSearch(searcher, params, { publicUrl: process.env.PUBLIC_URL ?? DEFAULT_PUBLIC_URL });
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    for (const n of result.notices) console.error(`提示：${n.message}（第 ${n.at + 1} 个字符）`);
    console.log(`${result.total_documents} 篇 / ${result.total} 处：${result.normalized_query || '（全部）'} — 第 ${result.page} 页，${result.took_ms} ms`);
    result.hits.forEach((hit, i) => {
      const region = hit.doc.region?.path.join('/') ?? '—';
      console.log(`\n${(result.page - 1) * result.size + i + 1}. ${region} ${hit.doc.year ?? ''} 《${hit.doc.title}》`);
      if (hit.section.headings.length) console.log(`   ${hit.section.headings.join(' › ')}`);
      for (const p of hit.paragraphs.slice(0, 3)) console.log(`   ${toTerminal(p.snippet)}  [${hit.doc.id}#${p.id}]`);
    });
  }
} catch (err) {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`search: ${err.message}`);
  process.exit(2);
}

function toTerminal(html: string): string {
  return html
    .replace(/<mark>/g, MARK[0])
    .replace(/<\/mark>/g, MARK[1])
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}
