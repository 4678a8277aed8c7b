import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { replicateSeeds } from '../../src/cli/bench-data';
import { buildIndex } from '../../src/index/build-index';
import { regionFromName } from '../../src/parse/region';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createMarker } from '../../src/search/match-text';
import { parseQuery } from '../../src/search/query-parser';
import type { SearchRequest, Searcher, SearchPage } from '../../src/search/searcher';
import { emptyFilters } from '../../src/search/search-params';
import { createApp } from '../../src/server/create-app';
import { EXPORT_PAGE_SECTIONS, exportHits, HIT_EXPORT_COLUMNS, sectionRows, type RowSink } from '../../src/server/export-hits';
import type { DocRecord, Paragraph, Section } from '../../src/types';
import { HONGZE, PUBLIC_URL, seedSearcher } from '../helpers';
import { bytes, readWorkbook } from './export-helpers';

const HEADER = '地区（省/市/县）,年份,发布日期,文号,文种,标题,发布机关,章节,条/段,原文,引文,链接';

/** A CSV answer's lines without the BOM; no cell of these exports holds a line break. */
const csvLines = (body: string) => body.replace(/^\ufeff/, '').trim().split('\r\n');

describe('GET /api/search?format=csv', () => {
  const app = createApp({ searcher: seedSearcher, publicUrl: PUBLIC_URL });

  it('exports every matching paragraph with Chinese headers, absolute links from PUBLIC_URL, never from the Host header', async () => {
    const res = await request(app).get('/api/search').set('Host', 'evil.example').query({ q: '包容审慎', format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.text.startsWith('\ufeff')).toBe(true);
    const lines = csvLines(res.text);
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(1 + 4);
    expect(res.text).not.toContain('evil.example');
  });

  it('writes a report paragraph’s place, wording, GB/T 7714 citation and link', async () => {
    const res = await request(app).get('/api/search').query({ q: '包容审慎', format: 'csv' }).expect(200);
    const row = csvLines(res.text).find((l) => l.startsWith('江苏省/淮安市/洪泽区'))!;
    const id = /#(p[0-9a-f]{8})$/.exec(row)![1];
    const [region, year, published, docNumber, kind, title, issuer, headings, place] = row.split(',');
    expect([region, year, published, docNumber, kind, title, issuer, headings]).toEqual([
      '江苏省/淮安市/洪泽区',
      '2023',
      '2024-01-25',
      '',
      '法治政府建设报告',
      '关于洪泽区2023年度法治政府建设工作的报告',
      '洪泽区人民政府',
      '二、推进法治政府建设的主要举措和成效 › (三)行政执法规范化水平持续提升 › 8.严格规范行政执法行为。',
    ]);
    expect(place).toMatch(/^第\d+段$/);
    expect(row).toContain(
      `,洪泽区人民政府. 关于洪泽区2023年度法治政府建设工作的报告[EB/OL]. (2024-01-25)[${/\[(\d{4}-\d\d-\d\d)\]/.exec(row)![1]}]. ${PUBLIC_URL}/doc/${HONGZE}#${id}.,`,
    );
    expect(row.endsWith(`,${PUBLIC_URL}/doc/${HONGZE}?q=${encodeURIComponent('包容审慎')}#${id}`)).toBe(true);
  });

  it('names the file by the query and the day, announced with RFC 5987', async () => {
    const res = await request(app).get('/api/search').query({ q: '包容审慎', format: 'csv' }).expect(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="policy-search-hits-(\d{4}-\d\d-\d\d)\.csv"; filename\*=UTF-8''%E6%A3%80%E7%B4%A2%E7%BB%93%E6%9E%9C_%E5%8C%85%E5%AE%B9%E5%AE%A1%E6%85%8E_\1\.csv$/,
    );
  });

  it('refuses an unknown format and a bad parameter with a JSON error, before any file is sent', async () => {
    expect((await request(app).get('/api/search').query({ q: '包容审慎', format: 'pdf' }).expect(400)).body.error.message).toBe('format 只能是 csv 或 xlsx，不能是“pdf”');
    expect((await request(app).get('/api/search').query({ q: '包容审慎', format: 'csv', year: '23' }).expect(400)).body.error.code).toBe('BAD_PARAMETER');
  });
});

/**
 * The seeds 55 times over (each copy moved to another county and a few years on): 进一步 is in 21 of the
 * seeds' 73 sections' paragraphs and in no title or heading, so it matches 1,155 sections by paragraphs alone.
 */
let replicated: LocalSearcher | undefined;
const replicatedSearcher = () => (replicated ??= new LocalSearcher(buildIndex({ inputs: [], sources: replicateSeeds('seeds', 55) }).snapshot));

describe('HEAD /api/search?format=csv (the audit’s timed-out HEAD requests)', () => {
  it('answers the file’s headers after one page of search, without building the file', async () => {
    const calls: SearchRequest[] = [];
    const counting: Searcher = Object.assign(Object.create(seedSearcher()), {
      search: (r: SearchRequest) => {
        calls.push(r);
        return seedSearcher().search(r);
      },
    });
    const app = createApp({ searcher: () => counting, publicUrl: PUBLIC_URL });
    const res = await request(app).head('/api/search').query({ q: '法治', format: 'csv' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);
    expect(calls.map((c) => c.limit)).toEqual([1]);
    await request(app).head('/api/search').query({ q: 'x'.repeat(300), format: 'csv' }).expect(400);
  });
});

describe('an export of a law', () => {
  // A regulation written for this test (海滨市 is no real place): chapters, articles, 款 and 项.
  const lawSearcher = new LocalSearcher(buildIndex({ inputs: ['test/fixtures/export-law'] }).snapshot);
  const app = createApp({ searcher: () => lawSearcher, publicUrl: PUBLIC_URL });

  it('places each paragraph by article, 款 and 项 and cites it as lawyers do', async () => {
    const res = await request(app).get('/api/search').query({ q: '志愿服务 OR 示范作用', format: 'csv' }).expect(200);
    const rows = csvLines(res.text).slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [r[7], r[8], r[9], r[10]])).toEqual([
      ['第二章　鼓励与倡导', '第三条第一款第（一）项', '（一）参与志愿服务；', '《海滨市文明行为促进条例》第三条第一款第（一）项'],
      ['第二章　鼓励与倡导', '第三条第二款', '国家机关工作人员应当在文明行为促进工作中发挥示范作用。', '《海滨市文明行为促进条例》第三条第二款'],
    ]);
  });
});

describe('an export of more than 1,000 sections', () => {
  let app: ReturnType<typeof createApp>;
  let expectedLinks: string[];
  beforeAll(() => {
    app = createApp({ searcher: replicatedSearcher, publicUrl: PUBLIC_URL });
    const query = encodeURIComponent('进一步');
    expectedLinks = replicatedSearcher().store.docs.flatMap((d) =>
      d.sections.flatMap((s) => s.paragraphs.filter((p) => p.norm.includes('进一步')).map((p) => `${PUBLIC_URL}/doc/${d.id}?q=${query}#${p.id}`)),
    );
  });

  it('holds every matching paragraph, with no cap', async () => {
    const json = await request(app).get('/api/search').query({ q: '进一步' }).expect(200);
    expect(json.body.total).toBe(21 * 55);
    const res = await request(app).get('/api/search').query({ q: '进一步', format: 'csv' }).expect(200);
    const lines = csvLines(res.text);
    expect(lines[0]).toBe(HEADER);
    expect(lines.slice(1).map((l) => l.slice(l.lastIndexOf(',') + 1))).toEqual(expectedLinks);
  });

  it('holds the same rows as a workbook', async () => {
    const res = await request(app).get('/api/search').query({ q: '进一步', format: 'xlsx' }).buffer(true).parse(bytes).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = await readWorkbook(res.body);
    const sheet = book.getWorksheet('检索结果')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HIT_EXPORT_COLUMNS);
    expect(sheet.rowCount).toBe(1 + expectedLinks.length);
    expect(sheet.getColumn(12).values.slice(2)).toEqual(expectedLinks);
  });
});

describe('exportHits', () => {
  const sink = (written: string[][]): RowSink => ({
    writeRows: async (rows) => void written.push(...rows),
    end: async (notes) => void written.push(...notes.map((n) => [n])),
  });
  const context = { publicUrl: PUBLIC_URL, today: '2026-11-25', q: '', mode: 'exact' as const, marker: createMarker(parseQuery(''), 'exact') };
  const browseAll = { query: parseQuery(''), filters: emptyFilters(), mode: 'exact' as const, sort: 'document' as const };

  /** The replicated seeds' searcher, recording for each page asked which turn of a concurrent ticker it came in. */
  function recordingSearcher(ticks: { count: number }, pages: number[]): Searcher {
    const inner = replicatedSearcher();
    return { name: inner.name, search: (r: SearchRequest): Promise<SearchPage> => (pages.push(ticks.count), inner.search(r)) } as Searcher;
  }

  it('gives way to other work between pages', async () => {
    const ticks = { count: 0 };
    let ticking = true;
    const tick = () => {
      ticks.count++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const pages: number[] = [];
    const written: string[][] = [];
    await exportHits(recordingSearcher(ticks, pages), browseAll, context, () => sink(written));
    ticking = false;
    const sections = replicatedSearcher().store.sections.length;
    expect(pages).toHaveLength(Math.ceil(sections / EXPORT_PAGE_SECTIONS));
    // The ticker ran between every two pages.
    for (let i = 1; i < pages.length; i++) expect(pages[i]).toBeGreaterThan(pages[i - 1]);
    expect(written.length).toBe(replicatedSearcher().store.docs.reduce((n, d) => n + d.sections.reduce((k, s) => k + s.paragraphs.length, 0), 0));
  });

  it('stops asking for pages once the client has gone', async () => {
    const pages: number[] = [];
    let asked = 0;
    await exportHits(recordingSearcher({ count: 0 }, pages), browseAll, context, () => sink([]), () => ++asked > 1);
    expect(pages).toHaveLength(1);
  });
});

describe('sectionRows', () => {
  const law: DocRecord = {
    id: 'law-0001',
    title: { text: '海滨市文明行为促进条例', norm: '海滨市文明行为促进条例' },
    issuer: '海滨市人民代表大会常务委员会',
    published: '2021-06-01',
    docNumber: null,
    year: 2021,
    kind: '法律法规',
    region: regionFromName('全国'),
  };
  const paragraph = (text: string, over: Partial<Paragraph>): Paragraph => ({ id: 'p0000000a', ordinal: 4, line: 9, text, norm: text, ...over });
  const section = (paragraphs: Paragraph[]): Section => ({
    id: 'law-0001:s2',
    docId: 'law-0001',
    ordinal: 2,
    headings: [{ text: '第二章　鼓励与倡导', norm: '第二章 鼓励与倡导' }],
    shownHeadings: 1,
    topics: [],
    part: '概述',
    paragraphs,
  });
  const rowsFor = (q: string, s: Section) => sectionRows({ doc: law, section: s, score: 1 }, { publicUrl: PUBLIC_URL, today: '2026-11-25', q, mode: 'exact', marker: createMarker(parseQuery(q), 'exact') });

  it('cites a law’s paragraph by article, 款 and 项 in the 条/段 and 引文 columns', () => {
    const item = paragraph('（一）参与志愿服务；', { id: 'p0000000b', article: { article: '第三条', clause: '第一款', item: '第（一）项' } });
    const other = paragraph('（二）无偿献血；', { id: 'p0000000c', article: { article: '第三条', clause: '第一款', item: '第（二）项' } });
    expect(rowsFor('志愿服务', section([item, other]))).toEqual([
      [
        '全国',
        '2021',
        '2021-06-01',
        '',
        '法律法规',
        '海滨市文明行为促进条例',
        '海滨市人民代表大会常务委员会',
        '第二章　鼓励与倡导',
        '第三条第一款第（一）项',
        '（一）参与志愿服务；',
        '《海滨市文明行为促进条例》第三条第一款第（一）项',
        `${PUBLIC_URL}/doc/law-0001?q=${encodeURIComponent('志愿服务')}#p0000000b`,
      ],
    ]);
  });

  it('gives a section matched by its heading alone its first paragraph, and every paragraph when browsing', () => {
    const paragraphs = [paragraph('甲', { id: 'p0000000d' }), paragraph('乙', { id: 'p0000000e', ordinal: 5 })];
    expect(rowsFor('鼓励与倡导', section(paragraphs)).map((r) => r[8])).toEqual(['第4段']);
    expect(rowsFor('', section(paragraphs)).map((r) => [r[8], r[11]])).toEqual([
      ['第4段', `${PUBLIC_URL}/doc/law-0001#p0000000d`],
      ['第5段', `${PUBLIC_URL}/doc/law-0001#p0000000e`],
    ]);
  });
});
