import { describe, expect, it } from 'vitest';
import { drawHeatMap, shadeIndex } from '../../src/server/chart-heat-map';
import { axisMaximum, drawShareChart, SERIES_COLOURS } from '../../src/server/chart-share';
import { layoutCaption, textWidth } from '../../src/server/chart-svg';
import { buildCompareModel, type CompareConditions } from '../../src/server/compare-model';
import { tally } from './export-helpers';

/** 江苏省 itself and 淮安市 › 洪泽区, 深圳市 alone under 广东省, the nation; years 2021–2023 and unknown. */
const INDEXED = tally([
  ['320000', 2021, 1, 9],
  ['320813', 2022, 2, 20],
  ['320813', 2023, 2, 20],
  ['440300', 2023, 4, 40],
  ['000000', 2021, 2, 30],
  ['440300', null, 1, 3],
]);

const CAPTION: CompareConditions = {
  terms: ['包容审慎'],
  filters: ['文种：法治政府建设报告'],
  mode: 'exact',
  date: '2026-11-24',
  source: 'http://policy.example/compare?q=包容审慎',
};

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('drawHeatMap', () => {
  const model = buildCompareModel({ terms: [{ term: '包容审慎', tally: tally([['320813', 2023, 1, 2], ['440300', 2023, 3, 5]]) }], indexed: INDEXED });
  const svg = drawHeatMap(model.terms[0], model.years, CAPTION, 'heat-0');

  it('draws one cell per region and year with indexed documents, province subtotals included, and none where nothing is indexed', () => {
    // Rows: 全国; 江苏省 (subtotal), 江苏省（省本级）, 淮安市 › 洪泽区; 广东省 (subtotal), 深圳市.
    // Cells with documents: 全国 2021; 江苏 subtotal 2021–2023; 省本级 2021; 洪泽区 2022, 2023; 广东 subtotal 2023, unknown; 深圳 2023, unknown.
    expect(count(svg, /<g class="cell">/g)).toBe(1 + 3 + 1 + 2 + 2 + 2);
    expect(count(svg, /<g class="row subtotal">/g)).toBe(3);
  });

  it('labels rows under their province and years in order with 年份不详 last', () => {
    const labels = texts(svg);
    expect(labels.slice(1, 5)).toEqual(['2021', '2022', '2023', '年份不详']);
    expect(labels.filter((t) => ['全国', '江苏省', '江苏省（省本级）', '淮安市 › 洪泽区', '广东省', '深圳市'].includes(t))).toEqual([
      '全国',
      '江苏省',
      '江苏省（省本级）',
      '淮安市 › 洪泽区',
      '广东省',
      '深圳市',
    ]);
  });

  it('writes k/n in each cell and the full figures in its tooltip', () => {
    expect(svg).toContain('<title>广东省 › 深圳市 2023：提及 3 / 共 4 篇（75%），5 处</title>');
    expect(svg).toContain('<title>江苏省（合计） 2023：提及 1 / 共 2 篇（50%），2 处</title>');
    expect(texts(svg)).toContain('3/4');
  });

  it('shades a cell by its share, no mention apart from a small share', () => {
    expect([0, 0.01, 0.2, 0.21, 0.75, 1].map(shadeIndex)).toEqual([0, 1, 1, 2, 4, 5]);
  });

  it('states query, filters, unit and date in its caption', () => {
    expect(texts(svg).slice(-4)).toEqual([
      '检索词：“包容审慎”（精确匹配）',
      '筛选条件：文种：法治政府建设报告',
      '单位：篇。格内为“提及该词的文件数/该地区该年收录的文件数”，颜色为其比例；空白处无收录文件',
      '数据：政策全文检索 http://policy.example/compare?q=包容审慎，统计于 2026-11-24',
    ]);
  });

  it('names only its own term in the caption when several terms are compared', () => {
    const two = buildCompareModel({ terms: [{ term: '包容审慎', tally: tally([]) }, { term: '首违不罚', tally: tally([]) }], indexed: INDEXED });
    const second = drawHeatMap(two.terms[1], two.years, { ...CAPTION, terms: ['包容审慎', '首违不罚'] }, 'heat-1');
    expect(texts(second)).toContain('检索词：“首违不罚”（精确匹配）');
  });

  it('uses no style attribute or style element, which the CSP would block', () => {
    expect(svg).not.toMatch(/style[=>]/);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('escapes markup in a term', () => {
    const hostile = buildCompareModel({ terms: [{ term: '<script>"&', tally: tally([]) }], indexed: INDEXED });
    const out = drawHeatMap(hostile.terms[0], hostile.years, { ...CAPTION, terms: ['<script>"&'] }, 'x');
    expect(out).not.toContain('<script>');
    expect(out).toContain('“&lt;script&gt;&quot;&amp;”');
  });
});

describe('drawShareChart', () => {
  it('draws one bar per year for one term, labelled with its share', () => {
    const model = buildCompareModel({ terms: [{ term: '包容审慎', tally: tally([['320813', 2023, 1, 2], ['440300', 2023, 3, 5], ['000000', 2021, 1, 1]]) }], indexed: INDEXED });
    const svg = drawShareChart(model, CAPTION, 'share');
    expect(count(svg, /<g class="bar">/g)).toBe(4);
    expect(svg).toContain('<title>2023年 “包容审慎”：提及 4 / 共 6 篇（66.7%），7 处</title>');
    expect(svg).toContain('<title>年份不详 “包容审慎”：提及 0 / 共 1 篇（0%），0 处</title>');
    expect(texts(svg)).toContain('66.7%');
  });

  it('stays about a page wide over eighty years of laws (1947–2026), a year label every five years', () => {
    const years = Array.from({ length: 80 }, (_, i) => 1947 + i);
    const indexed = tally(years.map((y) => ['110000', y, 1, 1] as [string, number, number, number]));
    const model = buildCompareModel({ terms: [{ term: '包容审慎', tally: tally([['110000', 2020, 1, 1]]) }], indexed });
    const svg = drawShareChart(model, CAPTION, 'share');
    expect(count(svg, /<g class="bar">/g)).toBe(80);
    expect(Number(/<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)![1])).toBeLessThan(1300);
    expect(texts(svg).filter((t) => /^\d{4}$/.test(t))).toEqual(['1947', ...years.filter((y) => y % 5 === 0).map(String)]);
  });

  it('draws a series per term when comparing terms, each in its own colour, with a legend', () => {
    const model = buildCompareModel({
      terms: [
        { term: '包容审慎', tally: tally([['320813', 2023, 1, 2]]) },
        { term: '首违不罚', tally: tally([['440300', 2023, 2, 2]]) },
        { term: '轻微违法', tally: tally([]) },
      ],
      indexed: INDEXED,
    });
    const svg = drawShareChart(model, { ...CAPTION, terms: ['包容审慎', '首违不罚', '轻微违法'] }, 'share');
    expect(count(svg, /<g class="bar">/g)).toBe(4 * 3);
    expect(count(svg, /<g class="series">/g)).toBe(3);
    for (const colour of SERIES_COLOURS.slice(0, 3)) expect(count(svg, new RegExp(`<rect [^>]*fill="${colour}"`, 'g'))).toBe(4 + 1);
    expect(texts(svg)).toContain('检索词：“包容审慎”、“首违不罚”、“轻微违法”（精确匹配）');
  });

  it('scales the axis to the largest share rounded up, so rare terms stay visible', () => {
    expect([0, 0.004, 0.03, 0.12, 0.5, 0.51, 1].map(axisMaximum)).toEqual([0.01, 0.01, 0.05, 0.2, 0.5, 1, 1]);
  });
});

describe('layoutCaption', () => {
  it('wraps a line wider than the chart, keeping every character, so the caption never widens a narrow chart', () => {
    const source = '数据：政策全文检索 http://policy.example/compare?q=包容审慎&q=首违不罚&kind=法治政府建设报告&region=江苏省，统计于 2026-11-24';
    const caption = layoutCaption(['检索词：“包容审慎”（精确匹配）', source], 300);
    expect(caption.width).toBe(460);
    expect(caption.lines.length).toBe(3);
    expect(caption.lines[0]).toBe('检索词：“包容审慎”（精确匹配）');
    expect(caption.lines.slice(1).join('')).toBe(source);
    expect(caption.lines[1].endsWith('&')).toBe(true);
    for (const line of caption.lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(460 - 24);
  });
});
