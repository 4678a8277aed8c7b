import { describe, expect, it } from 'vitest';
import { buildCompareModel, formatShare, yearLabel, type CompareCell } from '../../src/server/compare-model';
import { tally } from './export-helpers';

/** Documents indexed: 江苏省 itself, 淮安市, 洪泽区 (in 淮安市), 深圳市, the nation, and two documents of unknown region. */
const INDEXED = tally([
  ['320813', 2023, 2, 40],
  ['320000', 2021, 1, 12],
  ['320800', 2022, 3, 30],
  ['440300', 2022, 1, 9],
  ['', null, 2, 8],
  ['000000', 2021, 4, 50],
  ['320813', 2021, 1, 10],
  ['440300', null, 1, 5],
]);

const cell = (mentioned: number, indexed: number, sections = mentioned): CompareCell => ({ mentioned, sections, indexed });
const figures = (cells: CompareCell[]) => cells.map((c) => `${c.mentioned}/${c.indexed}`);

describe('buildCompareModel', () => {
  const model = buildCompareModel({
    terms: [{ term: '包容审慎', tally: tally([['320813', 2023, 1, 3], ['440300', 2022, 1, 1], ['000000', 2021, 2, 2]]) }],
    indexed: INDEXED,
  });
  const [table] = model.terms;

  it('puts every indexed year in ascending order with 年份不详 last, including years without a mention', () => {
    expect(model.years.map(yearLabel)).toEqual(['2021', '2022', '2023', '年份不详']);
  });

  it('groups regions under their province, the nation first and unknown region last', () => {
    expect(table.groups.map((g) => [g.name, g.rows.map((r) => r.label)])).toEqual([
      ['全国', ['全国']],
      ['江苏省', ['江苏省（省本级）', '淮安市', '淮安市 › 洪泽区']],
      ['广东省', ['深圳市']],
      ['地区不详', ['地区不详']],
    ]);
  });

  it('gives each cell the documents mentioning the term beside the documents indexed, so no mention differs from no document', () => {
    const jiangsu = table.groups[1];
    expect(figures(jiangsu.rows[0].cells)).toEqual(['0/1', '0/0', '0/0', '0/0']);
    expect(figures(jiangsu.rows[2].cells)).toEqual(['0/1', '0/0', '1/2', '0/0']);
    expect(jiangsu.rows[2].cells[2]).toEqual(cell(1, 2, 3));
    expect(jiangsu.rows[2].total).toEqual(cell(1, 3, 3));
  });

  it('adds up a province subtotal per year and in all', () => {
    const jiangsu = table.groups[1];
    expect(figures(jiangsu.cells)).toEqual(['0/2', '0/3', '1/2', '0/0']);
    expect(jiangsu.total).toEqual(cell(1, 7, 3));
  });

  it('adds up totals per year and overall', () => {
    expect(figures(table.yearTotals)).toEqual(['2/6', '1/4', '1/2', '0/3']);
    expect(table.total).toEqual({ mentioned: 4, sections: 6, indexed: 15 });
  });

  it('names a province-level unit’s own documents the way each kind of unit does', () => {
    const own = buildCompareModel({ terms: [{ term: 'x', tally: tally([]) }], indexed: tally([['310000', 2024, 1, 1], ['150000', 2024, 1, 1], ['310115', 2024, 1, 1]]) });
    expect(own.terms[0].groups.map((g) => g.rows.map((r) => r.label))).toEqual([['内蒙古自治区（自治区本级）'], ['上海市（市本级）', '浦东新区']]);
  });

  it('shares the denominators between terms and keeps the terms in the order given', () => {
    const two = buildCompareModel({
      terms: [
        { term: '首违不罚', tally: tally([['440300', 2022, 1, 2]]) },
        { term: '包容审慎', tally: tally([['320813', 2023, 1, 3]]) },
      ],
      indexed: INDEXED,
    });
    expect(two.terms.map((t) => [t.term, t.total.mentioned, t.total.indexed])).toEqual([
      ['首违不罚', 1, 15],
      ['包容审慎', 1, 15],
    ]);
  });

  it('adds up cells an engine split over shards', () => {
    const split = buildCompareModel({ terms: [{ term: 'x', tally: tally([['440300', 2022, 1, 1], ['440300', 2022, 2, 5]]) }], indexed: tally([['440300', 2022, 2, 4], ['440300', 2022, 3, 6]]) });
    expect(split.terms[0].total).toEqual(cell(3, 5, 6));
  });

  it('says so when a part of the index did not answer', () => {
    const partial = buildCompareModel({ terms: [{ term: 'x', tally: tally([], false, ['分片 b 未响应，计数可能偏低']) }], indexed: tally([], false, ['分片 b 未响应，计数可能偏低']) });
    expect(partial.complete).toBe(false);
    expect(partial.warnings).toEqual(['分片 b 未响应，计数可能偏低']);
  });
});

describe('formatShare', () => {
  it('writes a share as a percentage with at most one decimal, and a dash where nothing is indexed', () => {
    expect([cell(1, 3), cell(2, 5), cell(0, 4), cell(3, 3), cell(0, 0)].map(formatShare)).toEqual(['33.3%', '40%', '0%', '100%', '—']);
  });
});
