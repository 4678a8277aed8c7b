import { parseArgs } from 'node:util';
import { PolicySearchError } from '../errors';
import { DEFAULT_INDEX_DIR, DEFAULT_SOURCES, rebuildIndex } from '../index/index-lifecycle';
import type { RemovedLine } from '../types';

/**
 * `npm run index [-- DIR …] [--out DIR] [--no-manifest] [--quiet] [-v]`: builds and saves the index; with -v each
 * document's metadata is followed by why each field has its value.
 */
const USAGE = `usage: npm run index -- [FOLDER or FILE …] [--out DIR] [--no-manifest] [--quiet] [-v]
  A folder or file whose name starts with '-' goes after a second '--', which ends the options:
    npm run index -- --out index -- -draft.txt      (or name it ./-draft.txt)`;

let args: ReturnType<typeof readArgs>;
try {
  args = readArgs();
} catch (err) {
  // parseArgs refuses unknown options (a file named -x.txt reads as one) with a TypeError; say how instead.
  console.error(`index: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = args;
const inputs = positionals.length ? positionals : DEFAULT_SOURCES;

function readArgs() {
  return parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: DEFAULT_INDEX_DIR },
      'no-manifest': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      verbose: { type: 'boolean', short: 'v', default: false },
    },
  });
}

/** `removed 7 (breadcrumb 1, metadata 5, toolbar 1)`: how many source lines a document lost to `removed`, and why. */
function describeRemoved(removed: RemovedLine[]): string {
  const reasons = new Map<string, number>();
  for (const r of removed) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const detail = [...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ');
  return `removed ${removed.length}${detail ? ` (${detail})` : ''}`;
}

let removedLines = 0;
try {
  const skipped = new Set<string>();
  const result = rebuildIndex(values.out, inputs, !values['no-manifest'], (e) => {
    if (e.problem) {
      skipped.add(e.source);
      console.error(`[${e.done}/${e.total}] skipped ${e.problem}`);
    } else if (e.doc) {
      const d = e.doc;
      removedLines += d.removed.length;
      if (values.quiet) return;
      const paragraphs = d.sections.reduce((n, s) => n + s.paragraphs.length, 0);
      const warn = d.warnings.length ? `  ⚠ ${d.warnings.join('; ')}` : '';
      console.log(`[${e.done}/${e.total}] ${d.id}  ${d.region?.path.join('/') ?? '—'}  ${d.year ?? '—'}  ${d.title.text}  (${d.sections.length} sections, ${paragraphs} paragraphs, ${describeRemoved(d.removed)})${warn}`);
      if (values.verbose) {
        const shown = { title: d.title.text, region: d.region?.path.join('/'), year: d.year, issuer: d.issuer, published: d.published, docNumber: d.docNumber, kind: d.kind };
        for (const [field, why] of Object.entries(d.metadataSources)) console.log(`    ${field} ${shown[field as keyof typeof shown] ?? '—'}: ${why}`);
      }
    }
  });
  // Files refused while reading never reach the per-document progress: name them here.
  for (const p of result.problems) if (!skipped.has(p.source)) console.error(`skipped ${p.message}`);
  for (const n of result.notices) console.error(`note: ${n.message}`);
  const s = result.stats;
  const heapMb = process.memoryUsage().heapUsed / 1048576;
  console.log(
    `indexed ${s.documents} documents, ${s.sections} sections, ${s.paragraphs} paragraphs, ${s.warnings} warnings, ` +
      `${s.skipped} skipped, ${removedLines} source lines removed, from ${inputs.join(', ')} (${(s.bytes / 1048576).toFixed(1)} MB) in ${s.seconds.toFixed(1)} s; heap ${heapMb.toFixed(0)} MB → ${values.out}/`,
  );
  const ms = s.stageMs;
  console.log(`stages: read ${ms.read.toFixed(0)} ms, normalize ${ms.normalize.toFixed(0)} ms, parse ${ms.parse.toFixed(0)} ms, segment ${ms.segment.toFixed(0)} ms, index ${ms.index.toFixed(0)} ms`);
} catch (err) {
  if (!(err instanceof PolicySearchError)) throw err;
  console.error(`index: ${err.message}`);
  process.exit(1);
}
