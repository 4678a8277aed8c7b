import { NATIONAL, regionFromCode } from '../parse/region';
import type { Tally, TallyCell } from '../search/searcher';

/**
 * The compare view's numbers: for each term, documents mentioning it (篇) per region × year beside the
 * documents indexed there under the same filters, regions grouped under their province with subtotals.
 * Each document has one region and one year, so every total is a plain sum and no document counts twice.
 */

/** A year column; null is 年份不详, always the last column. */
export type YearKey = number | null;

export interface CompareCell {
  /** Documents holding at least one matching section (篇): the unit of every figure. */
  mentioned: number;
  /** Matching sections in those documents (处), the second figure. */
  sections: number;
  /** Documents indexed for this region and year under the same filters (篇): the denominator. */
  indexed: number;
}

export interface RegionRow {
  /** GB/T 2260 code of the region; '' for documents of unknown region. */
  code: string;
  /** The row's name as shown: the path below the province (`淮安市 › 洪泽区`), `江苏省（省本级）`, `全国`, `地区不详`. */
  label: string;
  /** Names from province down; empty for unknown region. */
  path: string[];
  /** One per year column. */
  cells: CompareCell[];
  total: CompareCell;
}

export interface ProvinceGroup {
  /** Province code; `000000` for the nation, '' for unknown region. */
  code: string;
  name: string;
  rows: RegionRow[];
  /** Subtotals per year column. */
  cells: CompareCell[];
  total: CompareCell;
}

export interface TermTable {
  /** The term as typed. */
  term: string;
  groups: ProvinceGroup[];
  /** Totals per year column over every region. */
  yearTotals: CompareCell[];
  total: CompareCell;
}

export interface CompareModel {
  /** Every year holding an indexed document, ascending, 年份不详 last. */
  years: YearKey[];
  /** One table per term, in the order the terms were given. */
  terms: TermTable[];
  /** False when some part of the index did not answer: counts may be low. */
  complete: boolean;
  warnings: string[];
}

export interface CompareInput {
  terms: Array<{ term: string; tally: Tally }>;
  /** The empty query's tally under the same filters: documents indexed per region × year. */
  indexed: Tally;
}

/** Under which conditions the figures were taken: printed under the charts and into exported files. */
export interface CompareConditions {
  /** The terms as typed. */
  terms: string[];
  /** Active filters as people read them (`文种：政府工作报告`); empty for none. */
  filters: string[];
  mode: 'exact' | 'fuzzy';
  /** ISO date the figures were taken. */
  date: string;
  /** Where the figures come from: the compare page's absolute address, from PUBLIC_URL. */
  source: string;
}

/** The conditions as lines people read: terms and matching, filters, unit (with what a share divides), source and date. */
export function describeConditions(conditions: CompareConditions, unit: string): string[] {
  return [
    `检索词：${conditions.terms.map((t) => `“${t}”`).join('、')}（${conditions.mode === 'fuzzy' ? '模糊匹配' : '精确匹配'}）`,
    `筛选条件：${conditions.filters.length ? conditions.filters.join('；') : '无'}`,
    `单位：${unit}`,
    `数据：政策全文检索 ${conditions.source}，统计于 ${conditions.date}`,
  ];
}

/** Label of documents whose region is not known, as a row and a province group. */
export const UNKNOWN_REGION_LABEL = '地区不详';
/** Label of the year column for documents whose year is not known. */
export const UNKNOWN_YEAR_LABEL = '年份不详';

export function buildCompareModel(input: CompareInput): CompareModel {
  const tallies = [input.indexed, ...input.terms.map((t) => t.tally)];
  const years = yearColumns(tallies.flatMap((t) => t.cells));
  const regions = [...new Set(tallies.flatMap((t) => t.cells.map((c) => c.region)))].map(describeRegion).sort(compareRegions);
  const indexed = cellIndex(input.indexed.cells);
  const terms = input.terms.map(({ term, tally }) => {
    const matched = cellIndex(tally.cells);
    const rows = regions.map((region): RegionRow & { province: RegionPlace['province'] } => {
      const cells = years.map((year) => {
        const hit = matched.get(cellKey(region.code, year));
        return { mentioned: hit?.documents ?? 0, sections: hit?.sections ?? 0, indexed: indexed.get(cellKey(region.code, year))?.documents ?? 0 };
      });
      return { code: region.code, label: region.label, path: region.path, province: region.province, cells, total: sumCells(cells) };
    });
    const groups: ProvinceGroup[] = [];
    for (const { province, ...row } of rows) {
      let group = groups[groups.length - 1];
      if (!group || group.code !== province.code) groups.push((group = { code: province.code, name: province.name, rows: [], cells: [], total: emptyCell() }));
      group.rows.push(row);
    }
    for (const group of groups) {
      group.cells = years.map((_, i) => sumCells(group.rows.map((r) => r.cells[i])));
      group.total = sumCells(group.cells);
    }
    const yearTotals = years.map((_, i) => sumCells(groups.map((g) => g.cells[i])));
    return { term, groups, yearTotals, total: sumCells(yearTotals) };
  });
  return {
    years,
    terms,
    complete: tallies.every((t) => t.complete),
    warnings: [...new Set(tallies.flatMap((t) => t.warnings))],
  };
}

/** One line of the table as charts and workbooks draw it: a province's subtotal, or a region below it. */
export interface TableLine {
  label: string;
  /** The full name, for tooltips: `江苏省 › 淮安市 › 洪泽区`, `江苏省（合计）`. */
  name: string;
  cells: CompareCell[];
  total: CompareCell;
  /** True for a province's line (bold), false for a region below it (indented). */
  province: boolean;
}

/**
 * The table's lines in order: each province's subtotal, then its regions. A group that is a single row of its
 * own (the nation, a province with no documents below its own level, unknown region) is one line.
 */
export function tableLines(table: TermTable): TableLine[] {
  return table.groups.flatMap((group): TableLine[] => {
    if (isSingleRow(group)) return [{ label: group.name, name: group.name, cells: group.cells, total: group.total, province: true }];
    return [
      { label: group.name, name: `${group.name}（合计）`, cells: group.cells, total: group.total, province: true },
      ...group.rows.map((row) => ({ label: row.label, name: row.path.length > 1 ? row.path.join(' › ') : row.label, cells: row.cells, total: row.total, province: false })),
    ];
  });
}

/** Whether a province group holds only its own documents, so a subtotal would repeat its one row. */
export function isSingleRow(group: ProvinceGroup): boolean {
  return group.rows.length === 1 && group.rows[0].code === group.code;
}

/** Share of indexed documents that mention the term, or null where none is indexed (nothing to divide by). */
export function shareOf(cell: CompareCell): number | null {
  return cell.indexed > 0 ? cell.mentioned / cell.indexed : null;
}

/** A share as people read it: `40%`, `33.3%`, `0%`; `—` where no document is indexed. */
export function formatShare(cell: CompareCell): string {
  const share = shareOf(cell);
  if (share === null) return '—';
  const percent = Math.round(share * 1000) / 10;
  return `${percent}%`;
}

/** A year column's heading. */
export function yearLabel(year: YearKey): string {
  return year === null ? UNKNOWN_YEAR_LABEL : String(year);
}

interface RegionPlace {
  code: string;
  label: string;
  path: string[];
  province: { code: string; name: string };
  /** Sort keys: the nation first, then provinces by code, unknown last. */
  rank: number;
}

function describeRegion(code: string): RegionPlace {
  if (code === '') return { code, label: UNKNOWN_REGION_LABEL, path: [], province: { code: '', name: UNKNOWN_REGION_LABEL }, rank: 2 };
  if (code === NATIONAL.code) return { code, label: NATIONAL.name, path: NATIONAL.path, province: { code, name: NATIONAL.name }, rank: 0 };
  const region = regionFromCode(code);
  // A code the division table does not know (an older edition of GB/T 2260) stays a row of its own under its province's code.
  if (!region) {
    const provinceCode = `${code.slice(0, 2)}0000`;
    const province = regionFromCode(provinceCode);
    return { code, label: code, path: [], province: { code: provinceCode, name: province?.name ?? provinceCode }, rank: 1 };
  }
  const province = { code: region.codes[0], name: region.path[0] };
  const label = region.path.length === 1 ? `${region.name}（${ownLevelLabel(region.name)}）` : region.path.slice(1).join(' › ');
  return { code, label, path: region.path, province, rank: 1 };
}

/** How a province-level unit names its own documents, apart from its cities' and counties': 省本级, 市本级, 自治区本级. */
function ownLevelLabel(name: string): string {
  if (name.endsWith('自治区')) return '自治区本级';
  if (name.endsWith('省')) return '省本级';
  if (name.endsWith('市')) return '市本级';
  return '本级';
}

/** GB/T 2260 codes put a city right after its province and a county right after its city. */
function compareRegions(a: RegionPlace, b: RegionPlace): number {
  return a.rank - b.rank || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

function yearColumns(cells: TallyCell[]): YearKey[] {
  const known = [...new Set(cells.map((c) => c.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  return cells.some((c) => c.year === null) ? [...known, null] : known;
}

function cellKey(region: string, year: YearKey): string {
  return `${region}|${year ?? ''}`;
}

/** Tally cells by region and year; an engine may split one pair over several cells (shards), so they add up. */
function cellIndex(cells: TallyCell[]): Map<string, { documents: number; sections: number }> {
  const index = new Map<string, { documents: number; sections: number }>();
  for (const c of cells) {
    const key = cellKey(c.region, c.year);
    const found = index.get(key);
    if (found) {
      found.documents += c.documents;
      found.sections += c.sections;
    } else index.set(key, { documents: c.documents, sections: c.sections });
  }
  return index;
}

function emptyCell(): CompareCell {
  return { mentioned: 0, sections: 0, indexed: 0 };
}

function sumCells(cells: CompareCell[]): CompareCell {
  const sum = emptyCell();
  for (const c of cells) {
    sum.mentioned += c.mentioned;
    sum.sections += c.sections;
    sum.indexed += c.indexed;
  }
  return sum;
}
