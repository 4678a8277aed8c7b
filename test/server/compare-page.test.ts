import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Searcher, Tally, TallyRequest } from '../../src/search/searcher';
import { createApp } from '../../src/server/create-app';
import { PUBLIC_URL } from '../helpers';
import { bytes, compareFixtureApp, compareFixtureSearcher, linksIn, readWorkbook, text } from './export-helpers';

const app = compareFixtureApp();
const compare = (query: string) => request(app).get(`/compare?${encodeURI(query)}`);

/** The search API's answer for a link of the compare page (the same parameters the search page reads). */
async function documentsOpenedBy(href: string): Promise<{ total: number; sections: number; ids: string[] }> {
  const url = new URL(href, 'http://x');
  url.searchParams.set('size', '100');
  const res = await request(app).get(`/api/search${url.search}`).expect(200);
  return { total: res.body.total_documents, sections: res.body.total, ids: res.body.documents.map((d: { doc: { id: string } }) => d.doc.id).sort() };
}

describe('GET /compare', () => {
  it('shows every year of the collection in ascending order, 年份不详 last', async () => {
    const res = await compare('q=包容审慎').expect(200);
    const head = /<thead><tr>(.*?)<\/tr><\/thead>/.exec(res.text)![1];
    expect([...head.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual(['地区', '2021', '2022', '2023', '年份不详', '合计']);
  });

  it('states each term’s documents beside the documents indexed, with the sections as second figure', async () => {
    const res = await compare('q=包容审慎&q=首违不罚').expect(200);
    const totals = [...res.text.matchAll(/<p class="cmp-total">(.*?)<\/p>/gs)].map((m) => m[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ''));
    expect(totals).toEqual([
      '“包容审慎”：提及9篇/共15篇（60%），11处；涉及8个地区（4个省级行政区）。',
      '“首违不罚”：提及6篇/共15篇（40%），6处；涉及4个地区（3个省级行政区）。',
    ]);
  });

  it('links every figure to a search that finds exactly the documents and sections it counts, for two terms', async () => {
    for (const q of ['q=包容审慎', 'q=首违不罚&kind=法治政府建设报告']) {
      const links = linksIn((await compare(q).expect(200)).text, 'class="cmp-link"');
      expect(links.length).toBeGreaterThan(20);
      for (const link of links) {
        expect(link.href).toMatch(/^\/\?q=.*&group=document$/);
        const opened = await documentsOpenedBy(link.href);
        expect({ href: link.href, documents: opened.total, sections: opened.sections }).toEqual(link);
      }
    }
  });

  it('opens only the province’s own documents from its own row, not those of its cities (江苏省本级)', async () => {
    const links = linksIn((await compare('q=包容审慎').expect(200)).text, 'class="cmp-link"');
    const own = links.filter((l) => new URL(l.href, 'http://x').searchParams.get('region') === '江苏省本级');
    expect(own.map((l) => new URL(l.href, 'http://x').searchParams.get('year'))).toEqual(['2021', '2023', null]);
    expect((await documentsOpenedBy(own[2].href)).ids).toEqual(['js-2021', 'js-gwr-2023']);
    const province = links.find((l) => new URL(l.href, 'http://x').searchParams.get('region') === '320000' && !new URL(l.href, 'http://x').searchParams.get('year'))!;
    expect((await documentsOpenedBy(province.href)).ids).toEqual(['ha-2022', 'hz-2022', 'js-2021', 'js-gwr-2023', 'nt-2023']);
  });

  it('opens the documents of unknown year and of unknown region with year=unknown and region=unknown', async () => {
    const links = linksIn((await compare('q=包容审慎&q=首违不罚').expect(200)).text, 'class="cmp-link"');
    const unknownYear = links.find((l) => l.href.includes('region=440300&year=unknown'))!;
    expect((await documentsOpenedBy(unknownYear.href)).ids).toEqual(['sz-noyear']);
    const unknownRegion = links.find((l) => l.href.includes('region=unknown&year=2023'))!;
    expect((await documentsOpenedBy(unknownRegion.href)).ids).toEqual(['anon-2023']);
  });

  it('shows the active filters above the table, each with a link that removes it', async () => {
    const res = await compare('q=包容审慎&kind=法治政府建设报告&region=江苏省本级,320800').expect(200);
    const chips = [...res.text.matchAll(/<a class="chip" href="([^"]*)"[^>]*>([^<]*)</g)].map((m) => [m[2].trim(), m[1].replace(/&amp;/g, '&')]);
    expect(chips).toEqual([
      ['地区：江苏省（本级）', `/compare?q=${encodeURIComponent('包容审慎')}&region=320800&kind=${encodeURIComponent('法治政府建设报告')}`],
      ['地区：淮安市', `/compare?q=${encodeURIComponent('包容审慎')}&region=${encodeURIComponent('江苏省本级')}&kind=${encodeURIComponent('法治政府建设报告')}`],
      ['文种：法治政府建设报告', `/compare?q=${encodeURIComponent('包容审慎')}&region=${encodeURIComponent('江苏省本级,320800')}`],
    ]);
  });

  it('shows fuzzy mode among the conditions, removable', async () => {
    const res = await compare('q=包容审慎&mode=fuzzy').expect(200);
    expect(/<a class="chip cmp-mode" href="([^"]*)"/.exec(res.text)![1]).toBe(`/compare?q=${encodeURIComponent('包容审慎')}`);
    expect(res.text).toContain('（模糊匹配）');
  });

  it('draws the share chart with one bar per year and term, and a heat map per term', async () => {
    const res = await compare('q=包容审慎&q=首违不罚').expect(200);
    expect(res.text.match(/<g class="bar">/g)).toHaveLength(4 * 2);
    expect(res.text.match(/<svg [^>]*aria-labelledby="heat-\d-title/g)).toHaveLength(2);
  });

  it('refuses more than five terms with a message naming the limit', async () => {
    const res = await compare('q=一&q=二&q=三&q=四&q=五&q=六').expect(400);
    expect(res.text).toContain('最多同时对比 5 个检索词，收到 6 个');
  });

  it('refuses a term that looks for nothing, which would count every document as mentioning it', async () => {
    const res = await compare('q=包容审慎&q=-疫情').expect(400);
    expect(res.text).toContain('“-疫情”没有要查找的词，不能用于对比');
  });

  it('says so when the filters leave no document to compare, instead of empty tables', async () => {
    const res = await compare('q=包容审慎&year=1990').expect(200);
    expect(res.text).toContain('筛选条件下没有收录文件，无从对比。请去掉部分筛选条件。');
    expect(res.text).not.toContain('cmp-table');
  });

  it('shows only the form when no term is given', async () => {
    const res = await compare('q=').expect(200);
    expect(res.text).toContain('name="q"');
    expect(res.text).not.toContain('cmp-table');
  });
});

describe('compare downloads', () => {
  it('exports the table as CSV named by its terms and day', async () => {
    const res = await request(app).get(`/compare.csv?${encodeURI('q=包容审慎&q=首违不罚')}`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="policy-search-compare-\d{4}-\d\d-\d\d\.csv"; filename\*=UTF-8''%E5%90%84%E5%9C%B0%E5%AF%B9%E6%AF%94_%E5%8C%85%E5%AE%B9%E5%AE%A1%E6%85%8E%2B%E9%A6%96%E8%BF%9D%E4%B8%8D%E7%BD%9A_\d{4}-\d\d-\d\d\.csv$/);
    const lines = res.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('检索词,省级,地区,地区代码,年份,提及文件数（篇）,收录文件数（篇）,占比,匹配章节数（处）,筛选条件');
    expect(lines).toContain('包容审慎,江苏省,淮安市 › 洪泽区,320813,2022,1,1,100.0%,2,无');
    expect(lines).toContain('首违不罚,地区不详,地区不详,,2023,1,1,100.0%,1,无');
  });

  it('exports the table as a workbook', async () => {
    const res = await request(app).get(`/compare.xlsx?${encodeURI('q=包容审慎')}`).buffer(true).parse(bytes).expect(200);
    const book = await readWorkbook(res.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '对比表1_包容审慎', '明细']);
  });

  it('downloads the charts as SVG files', async () => {
    const share = await request(app).get(`/compare/share.svg?${encodeURI('q=包容审慎')}`).buffer(true).parse(text).expect(200);
    expect(share.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(share.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const heat = await request(app).get(`/compare/heatmap.svg?${encodeURI('q=包容审慎&q=首违不罚&t=1')}`).buffer(true).parse(text).expect(200);
    expect(heat.body).toContain('“首违不罚”：各地区各年份提及该词的文件占比');
    await request(app).get(`/compare/heatmap.svg?${encodeURI('q=包容审慎&t=1')}`).expect(400);
  });
});

describe('a compare page asked for again (load: a large page rendered per request cut throughput by half)', () => {
  /** The fixture searcher, counting tallies and answering incomplete while `silent` is set. */
  function counting() {
    const state = { tallies: 0, silent: false };
    const base = compareFixtureSearcher();
    const searcher: Searcher = Object.assign(Object.create(base), {
      tally: async (r: TallyRequest): Promise<Tally> => {
        state.tallies++;
        const t = await base.tally(r);
        return state.silent ? { ...t, complete: false, warnings: ['部分索引分片没有应答'] } : t;
      },
    });
    return { state, app: createApp({ searcher: () => searcher, publicUrl: PUBLIC_URL }) };
  }

  it('is answered from memory, the same page, without counting again; another address is counted', async () => {
    const { state, app } = counting();
    const first = await request(app).get(`/compare?${encodeURI('q=包容审慎')}`).expect(200);
    expect(state.tallies).toBe(2);
    const again = await request(app).get(`/compare?${encodeURI('q=包容审慎')}`).expect(200);
    expect(again.text).toBe(first.text);
    expect(state.tallies).toBe(2);
    await request(app).get(`/compare?${encodeURI('q=包容审慎&kind=法治政府建设报告')}`).expect(200);
    expect(state.tallies).toBe(4);
  });

  it('never keeps an incomplete answer', async () => {
    const { state, app } = counting();
    state.silent = true;
    expect((await request(app).get(`/compare?${encodeURI('q=包容审慎')}`)).text).toContain('部分索引分片没有应答');
    state.silent = false;
    expect((await request(app).get(`/compare?${encodeURI('q=包容审慎')}`)).text).not.toContain('部分索引分片没有应答');
    expect(state.tallies).toBe(4);
  });
});
