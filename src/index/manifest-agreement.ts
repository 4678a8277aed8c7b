import { join } from 'node:path';
import { normalizeQuery } from '../normalize/normalize-text';
import { regionFromName } from '../parse/region';
import type { Region } from '../types';
import { buildIndex, type BuildStats } from './build-index';
import { readManifest, type SourceProblem } from './sources';

/** How well metadata inferred without a collection's manifest agrees with that manifest. */
export interface Agreement {
  dir: string;
  documents: number;
  /** Documents whose region is the manifest's division. */
  regionSame: number;
  /** …or a division below it (the manifest names only the province). */
  regionFiner: number;
  /** Documents the manifest gives a year for, and those we agree with. */
  dated: number;
  yearSame: number;
  /** Dated documents whose manifest year is written somewhere in their text (the others cannot be inferred). */
  yearStated: number;
  yearStatedSame: number;
  disagreements: string[];
  problems: SourceProblem[];
  stats: BuildStats;
}

/** Builds one collection with its manifest ignored and compares region and year, document by document. */
export function measureAgreement(dir: string): Agreement {
  const manifest = readManifest(join(dir, 'manifest.tsv')).rows;
  const result = buildIndex({ inputs: [dir], useManifest: false });
  const a: Agreement = { dir, documents: result.snapshot.docs.length, regionSame: 0, regionFiner: 0, dated: 0, yearSame: 0, yearStated: 0, yearStatedSame: 0, disagreements: [], problems: result.problems, stats: result.stats };
  for (const doc of result.snapshot.docs) {
    const row = manifest.get(doc.source.split('/').pop()!);
    if (!row) continue;
    const verdict = row.region ? compareRegion(doc.region, row.region) : 'same';
    if (verdict === 'same') a.regionSame++;
    if (verdict === 'finer') a.regionFiner++;
    if (verdict === 'different') a.disagreements.push(`region ${doc.id}: ours ${doc.region?.path.join('/') ?? '—'}, manifest ${row.region} — ${doc.title.text}`);
    if (row.year) {
      a.dated++;
      const stated = doc.title.norm.includes(String(row.year)) || doc.sections.some((s) => s.paragraphs.some((p) => p.norm.includes(String(row.year))));
      if (stated) a.yearStated++;
      if (doc.year === row.year) a.yearSame++;
      if (doc.year === row.year && stated) a.yearStatedSame++;
      else a.disagreements.push(`year ${doc.id}: ours ${doc.year ?? '—'}, manifest ${row.year} — ${doc.title.text}`);
    }
  }
  return a;
}

function compareRegion(ours: Region | null, manifestRegion: string): 'same' | 'finer' | 'different' {
  const expected = regionFromName(normalizeQuery(manifestRegion));
  if (!expected || !ours) return 'different';
  if (ours.code === expected.code) return 'same';
  return ours.codes.includes(expected.code) ? 'finer' : 'different';
}
