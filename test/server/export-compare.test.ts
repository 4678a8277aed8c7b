import { describe, expect, it } from 'vitest';
import { buildCompareModel, type CompareConditions } from '../../src/server/compare-model';
import { compareCsv, compareXlsx } from '../../src/server/export-compare';
import { contentDisposition, exportName } from '../../src/server/export-file';
import { readWorkbook, tally } from './export-helpers';

const INDEXED = tally([
  ['320000', 2022, 1, 9],
  ['320813', 2022, 2, 20],
  ['320813', 2023, 3, 20],
  ['440300', null, 1, 3],
]);

const MODEL = buildCompareModel({
  terms: [
    { term: '包容审慎', tally: tally([['320813', 2023, 1, 2], ['440300', null, 1, 1]]) },
    { term: '=首违不罚', tally: tally([['320000', 2022, 1, 4]]) },
  ],
  indexed: INDEXED,
});

const CONDITIONS: CompareConditions = {
  terms: ['包容审慎', '=首违不罚'],
  filters: ['文种：法治政府建设报告'],
  mode: 'exact',
  date: '2026-11-24',
  source: 'http://policy.example/compare?q=包容审慎&q=%3D首违不罚',
};

describe('compareCsv', () => {
  it('writes one line per term, region and year where documents are indexed, with Chinese headers and a BOM', () => {
    const csv = compareCsv(MODEL, CONDITIONS);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '检索词,省级,地区,地区代码,年份,提及文件数（篇）,收录文件数（篇）,占比,匹配章节数（处）,筛选条件',
      '包容审慎,江苏省,江苏省（省本级）,320000,2022,0,1,0.0%,0,文种：法治政府建设报告',
      '包容审慎,江苏省,淮安市 › 洪泽区,320813,2022,0,2,0.0%,0,文种：法治政府建设报告',
      '包容审慎,江苏省,淮安市 › 洪泽区,320813,2023,1,3,33.3%,2,文种：法治政府建设报告',
      '包容审慎,广东省,深圳市,440300,年份不详,1,1,100.0%,1,文种：法治政府建设报告',
      "'=首违不罚,江苏省,江苏省（省本级）,320000,2022,1,1,100.0%,4,文种：法治政府建设报告",
      "'=首违不罚,江苏省,淮安市 › 洪泽区,320813,2022,0,2,0.0%,0,文种：法治政府建设报告",
      "'=首违不罚,江苏省,淮安市 › 洪泽区,320813,2023,0,3,0.0%,0,文种：法治政府建设报告",
      "'=首违不罚,广东省,深圳市,440300,年份不详,0,1,0.0%,0,文种：法治政府建设报告",
      '',
    ]);
  });
});

describe('compareXlsx', () => {
  it('holds the conditions, a table per term with province subtotals and totals, and the long form with numbers', async () => {
    const book = await readWorkbook(await compareXlsx(MODEL, CONDITIONS));
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '对比表1_包容审慎', '对比表2_=首违不罚', '明细']);

    const about = book.getWorksheet('说明')!;
    expect(about.getColumn(1).values.slice(2, 6)).toEqual([
      '检索词：“包容审慎”、“=首违不罚”（精确匹配）',
      '筛选条件：文种：法治政府建设报告',
      expect.stringMatching(/^单位：篇（文件数）。/),
      '数据：政策全文检索 http://policy.example/compare?q=包容审慎&q=%3D首违不罚，统计于 2026-11-24',
    ]);

    const table = book.getWorksheet('对比表1_包容审慎')!;
    const values = (r: number) => (table.getRow(r).values as unknown[]).slice(1);
    // A year's heading spans its two columns (a merged cell reads the same in both).
    expect(values(1)).toEqual(['“包容审慎”', '2022', '2022', '2023', '2023', '年份不详', '年份不详', '合计', '合计', '合计', '合计']);
    expect(values(2)).toEqual(['地区', '提及', '收录', '提及', '收录', '提及', '收录', '提及', '收录', '占比', '处']);
    expect(values(3)).toEqual(['江苏省（合计）', 0, 3, 1, 3, 0, 0, 1, 6, 1 / 6, 2]);
    expect(values(5)).toEqual(['淮安市 › 洪泽区', 0, 2, 1, 3, 0, 0, 1, 5, 0.2, 2]);
    expect(values(6)).toEqual(['广东省（合计）', 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(values(7)).toEqual(['深圳市', 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(values(8)).toEqual(['总计', 0, 3, 1, 3, 1, 1, 2, 7, 2 / 7, 3]);
    expect([3, 4, 5, 6, 7, 8].map((r) => !!table.getRow(r).font?.bold)).toEqual([true, false, false, true, false, true]);
    expect(table.getRow(3).getCell(10).numFmt).toBe('0.0%');

    const records = book.getWorksheet('明细')!;
    expect(records.rowCount).toBe(1 + 8);
    expect((records.getRow(4).values as unknown[]).slice(1)).toEqual(['包容审慎', '江苏省', '淮安市 › 洪泽区', '320813', '2023', 1, 3, 1 / 3, 2, '文种：法治政府建设报告']);
  });
});

describe('exportName', () => {
  it('names a file by what it holds, the terms and the day, with an ASCII fallback', () => {
    expect(exportName('各地对比', ['包容审慎', '首违不罚'], '2026-11-24', 'xlsx')).toEqual({
      name: '各地对比_包容审慎+首违不罚_2026-11-24.xlsx',
      fallback: 'policy-search-compare-2026-11-24.xlsx',
    });
    expect(exportName('检索结果', [], '2026-11-24', 'csv').name).toBe('检索结果_全部_2026-11-24.csv');
  });

  it('leaves out characters no file system takes and cuts a long query', () => {
    expect(exportName('检索结果', ['a/b:c*"d" <e>|f', '行政 执法'], '2026-11-24', 'csv').name).toBe('检索结果_abcd_ef+行政_执法_2026-11-24.csv');
    expect(exportName('检索结果', ['法'.repeat(60)], '2026-11-24', 'csv').name).toBe(`检索结果_${'法'.repeat(40)}…_2026-11-24.csv`);
  });

  it('announces the Chinese name with RFC 5987 beside the ASCII one', () => {
    expect(contentDisposition(exportName('检索结果', ["包容(审慎)'"], '2026-11-24', 'csv'))).toBe(
      `attachment; filename="policy-search-hits-2026-11-24.csv"; filename*=UTF-8''%E6%A3%80%E7%B4%A2%E7%BB%93%E6%9E%9C_%E5%8C%85%E5%AE%B9%28%E5%AE%A1%E6%85%8E%29%27_2026-11-24.csv`,
    );
  });
});
