import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { parseQuery } from '../../src/search/query-parser';
import { emptyFilters } from '../../src/search/search-params';
import { HONGZE, LIANDU, LINHE, NANTONG, paragraphsByRegion, search, seedSearcher, YIYANG } from '../helpers';

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
    ['filters by part (二、存在的主要问题 is 问题)', { q: '法治', part: '问题' }, { 南通市: 1, 临河区: 4, 莲都区: 1, 弋阳县: 1 }],
    ['matches 执法监督 exactly, not 执法 and 监督 apart', { q: '执法监督' }, { 临河区: 2, 南通市: 2, 莲都区: 2 }],
    ['matches 执法监督 by its words in fuzzy mode', { q: '执法监督', mode: 'fuzzy' }, { 临河区: 4, 南通市: 4, 莲都区: 3, 弋阳县: 4, 洪泽区: 1 }],
    ['finds 监督 inside 执法监督, which jieba would hide', { q: '监督' }, { 临河区: 5, 弋阳县: 3, 莲都区: 4, 南通市: 4, 洪泽区: 2 }],
    ['restricts title: to titles and headings', { q: 'title:营商环境' }, { 莲都区: 2, 临河区: 1 }],
  ])('%s', async (_name, params, expected) => {
    expect(await paragraphsByRegion(params)).toEqual(expected);
  });

  it('answers a region filter given as a GB/T 2260 code or several names', async () => {
    expect((await search({ region: '320600' })).total).toBe(10);
    expect((await search({ region: '南通市,洪泽区' })).total).toBe(26);
    expect((await search({ region: '江苏' })).total).toBe(26);
  });

  it('browses every section passing the filters, in document order, when q is empty', async () => {
    const result = (await search({ region: '江苏省' }));
    expect(result.total).toBe(26);
    expect(result.hits.map((h) => h.doc.id)).toEqual([...Array(16).fill(HONGZE), ...Array(10).fill('002_9df1fff1f1a789c6')]);
    expect(result.hits[0].section.headings).toEqual([]);
  });

  it('ranks the section whose heading names the phrase first', async () => {
    const result = (await search({ q: '包容审慎' }));
    expect(result.hits[0].section.headings.at(-1)).toBe('9.推进包容审慎执法监管。');
    expect(result.hits[0].doc.id).toBe(HONGZE);
  });

  it('sorts by year, newest first', async () => {
    expect((await search({ q: '包容审慎', sort: 'year' })).hits.map((h) => h.doc.year)).toEqual([2024, 2023, 2023, 2023]);
  });

  it('marks each match in an HTML-escaped snippet, a whole short paragraph', async () => {
    const hit = (await search({ q: '首违不罚 OR 免罚清单' })).hits[0];
    expect(hit.doc.id).toBe(YIYANG);
    expect(hit.paragraphs[0].snippet).toBe(
      '建立包容审慎监管机制,制定《弋阳县轻微违法行为<mark>免罚清单</mark>》,形成11个执法领域<mark>首违不罚</mark>清单76条、12个执法领域轻微<mark>免罚清单</mark>85条。今年以来,全县共轻微免罚88件,免罚金额8.23万元。',
    );
    expect(hit.url).toBe(`/doc/${YIYANG}?q=%E9%A6%96%E8%BF%9D%E4%B8%8D%E7%BD%9A+OR+%E5%85%8D%E7%BD%9A%E6%B8%85%E5%8D%95#${hit.paragraphs[0].id}`);
  });

  it('cuts a long paragraph around the first match, shown in the Traditional wording of the report', async () => {
    const hit = (await search({ q: '包容审慎', region: '临河区' })).hits[0];
    expect(hit.doc.id).toBe(LINHE);
    expect(hit.paragraphs[0].snippet).toBe(
      '…衛生、勞動保障、城市管理、教育培訓等關系群眾切身利益的重點領域執法力度,開展集中專項整治,制定工作方案12個,并在政府官網或本部門公眾號上完成專項整治進展情況公示,切實維護人民群眾合法權益。持續推行<mark>包容審慎</mark>監管,嚴格執行行政處罰裁量基準,開展行政執法突出問題排查整治工作,共梳理問題9個,整改措施19條,已全部整改完成。',
    );
  });

  it('marks a phrase as one mark in fuzzy mode even though jieba cuts it in two', async () => {
    const hit = (await search({ q: '包容审慎', mode: 'fuzzy', region: '弋阳县' })).hits[0];
    expect(hit.paragraphs[0].snippet).toContain('建立<mark>包容审慎</mark>监管机制');
  });

  it('counts facets with every filter but their own, as counted by hand', async () => {
    const all = (await search({ q: '包容审慎' })).facets;
    expect(all.region).toEqual([
      { value: '洪泽区', count: 2, path: ['江苏省', '淮安市', '洪泽区'], code: '320813' },
      { value: '临河区', count: 1, path: ['内蒙古自治区', '巴彦淖尔市', '临河区'], code: '150802' },
      { value: '弋阳县', count: 1, path: ['江西省', '上饶市', '弋阳县'], code: '361126' },
    ]);
    expect(all.province).toEqual([{ value: '江苏省', count: 2, code: '320000' }, { value: '内蒙古自治区', count: 1, code: '150000' }, { value: '江西省', count: 1, code: '360000' }]);
    expect(all.year).toEqual([{ value: '2024', count: 1 }, { value: '2023', count: 3 }]);
    expect(all.topic).toEqual([{ value: '行政执法', count: 4 }]);
    expect(all.part).toEqual([{ value: '成效', count: 4 }]);
    expect(all.kind).toEqual([{ value: '法治政府建设报告', count: 4 }]);

    const jiangsu = (await search({ q: '包容审慎', region: '江苏省' })).facets;
    expect(jiangsu.province).toEqual(all.province);
    expect(jiangsu.year).toEqual([{ value: '2023', count: 2 }]);
  });

  it('shows the query as understood, degrading an unbalanced quote and a lone operator', async () => {
    const result = (await search({ q: '"包容审慎 OR' }));
    expect(result.normalized_query).toBe('"包容审慎 or"');
    expect(result.notices).toEqual([{ at: 0, message: '引号不成对，短语一直延续到检索式末尾' }]);
    expect((await search({ q: 'OR 包容审慎 |' })).total).toBe(4);
  });

  it('pages through results', async () => {
    const page2 = (await search({ region: '江苏省', size: '10', page: '2' }));
    expect(page2.hits).toHaveLength(10);
    expect(page2.hits[0].section.id).toBe((await search({ region: '江苏省' })).hits[10].section.id);
  });

  it('refuses a query of too many terms with a clear message', async () => {
    const q = Array.from({ length: 40 }, (_, i) => `词${i}`).join(' ');
    await expect(search({ q })).rejects.toThrowError(new PolicySearchError('QUERY_TOO_MANY_TERMS', '检索式有 40 个检索词，最多 32 个'));
  });

  it('tallies documents and sections by region and year for the compare view', async () => {
    const tally = await seedSearcher().tally({ query: parseQuery('包容审慎'), filters: emptyFilters(), mode: 'exact' });
    expect(tally.cells.map((c) => `${c.region} ${c.year} ${c.documents} ${c.sections}`).sort()).toEqual(['150802 2024 1 1', '320813 2023 1 2', '361126 2023 1 1']);
  });
});

describe('search over the seeds: words, scopes, headings, titles and 文号', () => {
  it('reads AND and NOT as words, as 北大法宝 users type them', async () => {
    expect(await paragraphsByRegion({ q: '包容审慎 AND 执法' })).toEqual(await paragraphsByRegion({ q: '包容审慎 执法' }));
    expect(await paragraphsByRegion({ q: '行政复议 NOT 行政诉讼' })).toEqual({ 洪泽区: 1, 莲都区: 1 });
    expect(await paragraphsByRegion({ q: '行政复议' })).toEqual({ 洪泽区: 2, 莲都区: 2, 临河区: 1, 南通市: 1 });
    expect((await search({ q: '行政复议 NOT 行政诉讼' })).normalized_query).toBe('行政复议 -行政诉讼');
  });

  it('finds a section by a heading that holds the term and marks it there', async () => {
    const hit = (await search({ q: '楓橋經驗', region: '莲都区' })).hits[0];
    expect(hit.section.headingsHtml.at(-1)).toBe('2.坚持发展新时代“<mark>枫桥经验</mark>”。');
    expect(hit.paragraphs[0].snippet).not.toContain('<mark>');
  });

  it('finds a parent heading that has no paragraph of its own, at the first section under it', async () => {
    // The preamble says 工作开展情况 too; the heading's section ranks first and shows why it matched.
    const result = await search({ q: '工作开展情况', region: '莲都区' });
    expect(result.hits.map((h) => h.section.headings.join(' › '))).toEqual(['一、工作开展情况 › (一)聚焦“责任担当”,深入推进法治莲都建设。 › 1.紧扣区委依法治区办职能作用发挥。', '']);
    expect(result.hits[0].section.headingsHtml[0]).toBe('一、<mark>工作开展情况</mark>');
  });

  it('finds a document by its 文号, and by its whole title, which then ranks first', async () => {
    const byNumber = await search({ q: '莲司〔2024〕4号' });
    expect(byNumber.hits.map((h) => [h.doc.id, h.section.headings.length])).toEqual([[LIANDU, 0]]);
    const byTitle = await search({ q: '关于洪泽区2023年度法治政府建设工作的报告' });
    expect(byTitle.hits[0].doc.id).toBe(HONGZE);
    expect(byTitle.hits[0].titleHtml).toBe('<mark>关于洪泽区2023年度法治政府建设工作的报告</mark>');
  });

  it('limits docno: and issuer: to the document fields, selecting every section of those documents', async () => {
    expect((await search({ q: 'docno:莲司' })).total_documents).toBe(1);
    expect((await search({ q: '文号:莲司〔2024〕4号' })).hits.every((h) => h.doc.id === LIANDU)).toBe(true);
    expect(new Set((await search({ q: 'issuer:人民政府' })).hits.map((h) => h.doc.id))).toEqual(new Set([HONGZE, NANTONG]));
    expect(await paragraphsByRegion({ q: '行政复议 发布机关:洪泽区' })).toEqual({ 洪泽区: 2 });
  });

  it('marks title: matches in titles and headings, never in paragraphs', async () => {
    const hit = (await search({ q: 'title:营商环境', region: '临河区' })).hits[0];
    expect(hit.section.headingsHtml.join(' ')).toContain('<mark>營商環境</mark>');
    expect(hit.paragraphs[0].snippet).not.toContain('<mark>');
  });

  it('groups hits by document: documents in the order of their best section, each with its best three', async () => {
    const result = await search({ q: '行政复议', group: 'document', size: '2' });
    expect([result.total, result.total_documents]).toEqual([6, 4]);
    expect(result.documents!.map((d) => [d.doc.id, d.sections, d.hits.length])).toEqual([
      [HONGZE, 2, 2],
      [LIANDU, 2, 2],
    ]);
    const page2 = await search({ q: '行政复议', group: 'document', size: '2', page: '2' });
    expect(page2.documents!.map((d) => d.doc.id)).toEqual([LINHE, NANTONG]);
  });

  it('sorts by publication date both ways, an undated document at the last day of its year', async () => {
    // 临河区 (2024, no date) → 2024-12-31; 洪泽区 2024-01-25; 弋阳县 (2023, no date) → 2023-12-31.
    expect((await search({ q: '包容审慎', sort: 'date' })).hits.map((h) => h.doc.id)).toEqual([LINHE, HONGZE, HONGZE, YIYANG]);
    expect((await search({ q: '包容审慎', sort: 'date-asc' })).hits.map((h) => h.doc.id)).toEqual([YIYANG, HONGZE, HONGZE, LINHE]);
  });

  it('filters by unknown year and by publication date range', async () => {
    expect((await search({ q: '法治', year: 'unknown' })).total).toBe(0);
    expect(new Set((await search({ q: '法治', from: '2024-01', to: '2024-01' })).hits.map((h) => h.doc.id))).toEqual(new Set([HONGZE]));
    expect(() => search({ q: '法治', from: '2024-02-30' })).toThrow('from 应为日期（2023-05-08）、年月（2023-05）或年份（2023），不能是“2024-02-30”');
  });

  it('cites a report paragraph after GB/T 7714-2015, its URL from the public origin', async () => {
    const hit = (await search({ q: '包容审慎', region: '洪泽区' })).hits[0];
    expect(hit.paragraphs[0].citation).toBe(
      `洪泽区人民政府. 关于洪泽区2023年度法治政府建设工作的报告[EB/OL]. (2024-01-25)[2026-11-25]. http://policy.example:3000/doc/${HONGZE}#${hit.paragraphs[0].id}.`,
    );
  });
});
