import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureAgreement } from '../index/manifest-agreement';

/**
 * `npm run corpus-report [-- DIR] [--verbose]`: indexes every collection of a corpora folder with manifests
 * ignored and says how often the inferred region and year agree with the manifest. Prints numbers only.
 */
const { values, positionals } = parseArgs({ allowPositionals: true, options: { verbose: { type: 'boolean', default: false } } });
const root = positionals[0] ?? '../shared/corpora';
if (!existsSync(root)) {
  console.error(`corpus-report: ${root} not found`);
  process.exit(1);
}

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '—');
const totals = { documents: 0, regionSame: 0, regionFiner: 0, dated: 0, yearSame: 0, yearStated: 0, yearStatedSame: 0, seconds: 0 };
const dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(root, d.name));
for (const dir of dirs) {
  const a = measureAgreement(dir);
  const s = a.stats;
  console.log(
    `${dir}: ${a.documents} documents, ${s.sections} sections, ${s.paragraphs} paragraphs, ${s.skipped} skipped, ${s.warnings} warnings; ` +
      `region ${pct(a.regionSame, a.documents)} (${pct(a.regionSame + a.regionFiner, a.documents)} with a finer level), ` +
      `year ${pct(a.yearSame, a.dated)} of ${a.dated} dated (${pct(a.yearStatedSame, a.yearStated)} of ${a.yearStated} whose year the text states); ${s.seconds.toFixed(1)} s (${((s.bytes / 1048576) / s.seconds).toFixed(1)} MB/s)`,
  );
  for (const p of a.problems) console.log(`  skipped: ${p.message}`);
  if (values.verbose) for (const d of a.disagreements) console.log(`  ${d}`);
  totals.documents += a.documents;
  totals.regionSame += a.regionSame;
  totals.regionFiner += a.regionFiner;
  totals.dated += a.dated;
  totals.yearSame += a.yearSame;
  totals.yearStated += a.yearStated;
  totals.yearStatedSame += a.yearStatedSame;
  totals.seconds += s.seconds;
}
console.log(
  `all: ${totals.documents} documents; region ${pct(totals.regionSame, totals.documents)} (${pct(totals.regionSame + totals.regionFiner, totals.documents)} with a finer level); ` +
    `year ${pct(totals.yearSame, totals.dated)} of ${totals.dated} dated, ${pct(totals.yearStatedSame, totals.yearStated)} of ${totals.yearStated} whose year the text states; ${totals.seconds.toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`,
);
