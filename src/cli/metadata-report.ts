import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureMetadata, METADATA_FIELDS } from '../index/metadata-agreement';

/**
 * `npm run metadata-report [-- DIR] [-v]`: parses a folder of portal pages (by default the fixture set) with no
 * manifest and prints, per field, how often the metadata agrees with the folder's expected.json; with -v every
 * disagreement and the reason the parser gave. A folder without expected.json gets each page's metadata listed.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { verbose: { type: 'boolean', short: 'v', default: false } },
});
const dir = positionals[0] ?? 'test/fixtures/portal-reports';
if (!existsSync(dir)) {
  console.error(`metadata-report: ${dir} not found`);
  process.exit(1);
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const result = measureMetadata(dir);
for (const p of result.problems) console.log(`skipped: ${p.message}`);

if (result.documents === 0) {
  for (const d of result.docs) {
    console.log(`${d.id}  ${d.region?.path.join('/') ?? '—'}  ${d.year ?? '—'}  ${d.kind}  ${d.title.text}  issuer ${d.issuer ?? '—'}  published ${d.published ?? '—'}`);
    if (values.verbose) for (const [field, why] of Object.entries(d.metadataSources)) console.log(`    ${field}: ${why}`);
  }
  console.log(`${result.docs.length} pages parsed; no expected.json in ${dir}, so nothing to compare`);
} else {
  console.log(`${dir}: ${result.documents} pages with expected metadata`);
  for (const field of METADATA_FIELDS) {
    console.log(`  ${field.padEnd(10)} ${String(result.correct[field]).padStart(4)}/${result.documents}  ${pct(result.correct[field], result.documents)}`);
  }
  console.log(`  boilerplate left in a paragraph: ${result.withBoilerplate} of ${result.documents} pages`);
  if (values.verbose) {
    for (const f of result.failures) {
      const why = f.reason ? `  (${f.reason})` : '';
      console.log(f.field === 'boilerplate' ? `  boilerplate ${f.file}: ${f.ours}` : `  ${f.field} ${f.file}: ours ${f.ours}, expected ${f.expected}${why}`);
    }
  }
}
