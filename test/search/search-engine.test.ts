import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { HONGZE, LINHE, paragraphsByRegion, search, seedEngine, YIYANG } from '../helpers';

describe('search over the seeds: which regions and how many paragraphs', () => {
  it.each([
    ['finds 包容审慎 in three regions, the Traditional-script report included', { q: '包容审慎' }, { 洪泽区: 2, 弋阳县: 1, 临河区: 1 }],
    ['finds the same for a Traditional-script query', { q: '包容審慎' }, { 洪泽区: 2, 弋阳县: 1, 临河区: 1 }],
    ['finds a full-width query', { q: '＂放管服＂' }, { 弋阳县: 2, 南通市: 1 }],
    ['finds 枫桥经验 in four regions', { q: '枫桥经验' }, { 莲都区: 1, 南通市: 1, 临河区: 1, 弋阳县: 2 }],
    ['finds 行政复议, whose Linhe occurrence is written 行政復議 with pinyin', { q: '行政复议' }, { 洪泽区: 2, 莲都区: 2, 临河区: 1, 南通市: 1 }],
    ['excludes sections holding a term', { q: '行政复议 -南通' }, { 洪泽区: 2, 莲都区: 2, 临河区: 1 }],
    ['ORs two terms', { q: '首违不罚 OR 免罚清单' }, { 弋阳县: 1 }],
    ['ANDs two terms', { q: '放管服 数字' }, { 南通市: 2 }],
    ['filters by province', { q: '行政复议', region: '江苏省' }, { 洪泽区: 2, 南通市: 1 }],
    ['filters by year', { q: '包容审慎', year: '2024' }, { 临河区: 1 }],
    ['filters by topic', { q: '行政复议', topic: '矛盾纠纷化解' }, { 洪泽区: 1, 莲都区: 2, 临河区: 1, 南通市: 1 }],
    ['filters by part', { q: '法治', part: '问题' }, { 南通市: 1, 临河区: 4, 莲都区: 1 }],
    ['matches 执法监督 exactly, not 执法 and 监督 apart', { q: '执法监督' }, { 临河区: 2, 南通市: 2, 莲都区: 2 }],
    ['matches 执法监督 by its words in fuzzy mode', { q: '执法监督', mode: 'fuzzy' }, { 临河区: 4, 南通市: 4, 莲都区: 3, 弋阳县: 4, 洪泽区: 1 }],
    ['finds 监督 inside 执法监督, which jieba would hide', { q: '监督' }, { 临河区: 5, 弋阳县: 3, 莲都区: 4, 南通市: 4, 洪泽区: 2 }],
    ['restricts title: to titles and headings', { q: 'title:营商环境' }, { 莲都区: 2, 临河区: 1 }],
  ])('%s', (_name, params, expected) => {
    expect(paragraphsByRegion(params)).toEqual(expected);
  });

  it('answers a region filter given as a GB/T 2260 code or several names', () => {
    expect(search({ region: '320600' }).total).toBe(10);
    expect(search({ region: '南通市,洪泽区' }).total).toBe(26);
    expect(search({ region: '江苏' }).total).toBe(26);
  });

  it('browses every section passing the filters, in document order, when q is empty', () => {
    const result = search({ region: '江苏省' });
    expect(result.total).toBe(26);
    expect(result.hits.map((h) => h.doc.id)).toEqual([...Array(16).fill(HONGZE), ...Array(10).fill('002_9df1fff1f1a789c6')]);
    expect(result.hits[0].section.headings).toEqual([]);
  });

  it('ranks the section whose heading names the phrase first', () => {
    const result = search({ q: '包容审慎' });
    expect(result.hits[0].section.headings.at(-1)).toBe('9.推进包容审慎执法监管。');
    expect(result.hits[0].doc.id).toBe(HONGZE);
  });

  it('sorts by year, newest first', () => {
    expect(search({ q: '包容审慎', sort: 'year' }).hits.map((h) => h.doc.year)).toEqual([2024, 2023, 2023, 2023]);
  });

  it('marks each match in an HTML-escaped snippet, a whole short paragraph', () => {
    const hit = search({ q: '首违不罚 OR 免罚清单' }).hits[0];
    expect(hit.doc.id).toBe(YIYANG);
    expect(hit.paragraphs[0].snippet).toBe(
      '建立包容审慎监管机制,制定《弋阳县轻微违法行为<mark>免罚清单</mark>》,形成11个执法领域<mark>首违不罚</mark>清单76条、12个执法领域轻微<mark>免罚清单</mark>85条。今年以来,全县共轻微免罚88件,免罚金额8.23万元。',
    );
    expect(hit.url).toBe(`/doc/${YIYANG}#${hit.paragraphs[0].id}`);
  });

  it('cuts a long paragraph around the first match, shown in the Traditional wording of the report', () => {
    const hit = search({ q: '包容审慎', region: '临河区' }).hits[0];
    expect(hit.doc.id).toBe(LINHE);
    expect(hit.paragraphs[0].snippet).toBe(
      '…衛生、勞動保障、城市管理、教育培訓等關系群眾切身利益的重點領域執法力度,開展集中專項整治,制定工作方案12個,并在政府官網或本部門公眾號上完成專項整治進展情況公示,切實維護人民群眾合法權益。持續推行<mark>包容審慎</mark>監管,嚴格執行行政處罰裁量基準,開展行政執法突出問題排查整治工作,共梳理問題9個,整改措施19條,已全部整改完成。',
    );
  });

  it('marks a phrase as one mark in fuzzy mode even though jieba cuts it in two', () => {
    const hit = search({ q: '包容审慎', mode: 'fuzzy', region: '弋阳县' }).hits[0];
    expect(hit.paragraphs[0].snippet).toContain('建立<mark>包容审慎</mark>监管机制');
  });

  it('counts facets with every filter but their own, as counted by hand', () => {
    const all = search({ q: '包容审慎' }).facets;
    expect(all.region).toEqual([
      { value: '洪泽区', count: 2, path: ['江苏省', '淮安市', '洪泽区'] },
      { value: '临河区', count: 1, path: ['内蒙古自治区', '巴彦淖尔市', '临河区'] },
      { value: '弋阳县', count: 1, path: ['江西省', '上饶市', '弋阳县'] },
    ]);
    expect(all.province).toEqual([{ value: '江苏省', count: 2 }, { value: '内蒙古自治区', count: 1 }, { value: '江西省', count: 1 }]);
    expect(all.year).toEqual([{ value: '2024', count: 1 }, { value: '2023', count: 3 }]);
    expect(all.topic).toEqual([{ value: '行政执法', count: 4 }]);
    expect(all.part).toEqual([{ value: '成效', count: 4 }]);
    expect(all.kind).toEqual([{ value: '法治政府建设报告', count: 4 }]);

    const jiangsu = search({ q: '包容审慎', region: '江苏省' }).facets;
    expect(jiangsu.province).toEqual(all.province);
    expect(jiangsu.year).toEqual([{ value: '2023', count: 2 }]);
  });

  it('shows the query as understood, degrading an unbalanced quote and a lone operator', () => {
    const result = search({ q: '"包容审慎 OR' });
    expect(result.normalized_query).toBe('"包容审慎 or"');
    expect(result.notices).toEqual([{ at: 0, message: 'unbalanced quote; the phrase runs to the end of the query' }]);
    expect(search({ q: 'OR 包容审慎 |' }).total).toBe(4);
  });

  it('pages through results', () => {
    const page2 = search({ region: '江苏省', size: '10', page: '2' });
    expect(page2.hits).toHaveLength(10);
    expect(page2.hits[0].section.id).toBe(search({ region: '江苏省' }).hits[10].section.id);
  });

  it('refuses a query of too many terms with a clear message', () => {
    const q = Array.from({ length: 40 }, (_, i) => `词${i}`).join(' ');
    expect(() => search({ q })).toThrowError(new PolicySearchError('QUERY_TOO_MANY_TERMS', 'the query has 40 terms; the limit is 32'));
  });

  it('counts matching paragraphs by region and year for the compare view', () => {
    const rows = seedEngine().countParagraphs({ q: '包容审慎', filters: { region: [], year: [], topic: [], part: [], kind: [] }, mode: 'exact', sort: 'relevance', page: 1, size: 1 });
    expect(rows.map((r) => `${r.region} ${r.year} ${r.paragraphs}`).sort()).toEqual(['临河区 2024 1', '弋阳县 2023 1', '洪泽区 2023 2']);
  });
});
