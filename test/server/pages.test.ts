import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createApp } from '../../src/server/create-app';
import { buildRegionTree, chooseRegion, pagerOf } from '../../src/server/search-page';
import { HONGZE, LIANDU, LINHE, PUBLIC_URL, seedDoc, seedSearcher, tempDir } from '../helpers';

const app = createApp({ searcher: seedSearcher, publicUrl: PUBLIC_URL });

describe('GET /doc/:id', () => {
  it('lists the lines removed from the source, folded, each with its line number and reason', async () => {
    const res = await request(app).get(`/doc/${LIANDU}`).expect(200);
    const removed = seedDoc(LIANDU).removed;
    expect(res.text).toContain(`已去除 ${removed.length} 行非正文内容`);
    expect(res.text).toContain('<span class="line-no">第 1 行</span> <span class="reason">导航路径</span> <span class="removed-text">&gt;政务公开 &gt;法治政府建设年度报告</span>');
    expect(res.text.match(/<span class="line-no">/g)).toHaveLength(removed.length);
  });

  it('lists every heading in the outline, those without paragraphs of their own too', async () => {
    const res = await request(app).get(`/doc/${LIANDU}`).expect(200);
    const outline = [...res.text.matchAll(/<li class="depth-(\d)"><a href="#p[0-9a-f]{8}">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(outline.slice(0, 4)).toEqual(['1 一、工作开展情况', '2 (一)聚焦“责任担当”,深入推进法治莲都建设。', '3 1.紧扣区委依法治区办职能作用发挥。', '3 2.着力优化提升法治化营商环境。']);
    expect(outline.filter((l) => l.startsWith('1 '))).toEqual(['1 一、工作开展情况', '1 二、存在问题', '1 三、2024年工作思路']);
    expect(outline).toHaveLength(3 + 4 + 12 + 5);
  });

  it('marks the query through the document and says how many paragraphs hold it', async () => {
    const res = await request(app).get(`/doc/${LIANDU}`).query({ q: '枫桥经验 OR 调解' }).expect(200);
    expect(res.text).toContain('坚持发展新时代“<mark>枫桥经验</mark>”');
    expect(res.text).toMatch(/已标出“枫桥经验 OR 调解”：正文 <strong>\d+<\/strong> 段/);
  });

  it('answers 404 with a page for an unknown document, and 4xx for traversal or oversized ids', async () => {
    const res = await request(app).get('/doc/nope').expect(404);
    expect(res.text).toContain('找不到页面');
    await request(app).get('/doc/..%2F..%2Fpackage.json').expect(404);
    await request(app).get('/doc/%2e%2e').expect(404);
    await request(app).get(`/doc/${'甲'.repeat(300)}`).expect(400);
  });
});

describe('GET /', () => {
  it('folds each province of a long region facet, opening the one a filter points into', async () => {
    const folded = await request(app).get('/').query({ q: '枫桥经验' }).expect(200);
    // Four provinces, and the three cities that have a county below them.
    expect(folded.text.match(/<details class="subtree" >/g)).toHaveLength(7);
    const open = await request(app).get('/').query({ q: '枫桥经验', region: '南通市' }).expect(200);
    expect(open.text.match(/<details class="subtree" open>/g)).toHaveLength(1);
    expect(open.text).toMatch(/<details class="subtree" open><summary>下辖 1<\/summary>\s*<ul class="tree depth-1">\s*<li><a href="[^"]*" class="on" data-facet="region" aria-current="true">南通市<\/a>/);
  });
});

describe('escaping', () => {
  it('escapes markup in document text, in snippets and on the document page', async () => {
    const src = tempDir();
    writeFileSync(join(src, 'xss.txt'), '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n推进<script>alert(1)</script>包容审慎监管,"引号"&符号。');
    const searcher = new LocalSearcher(buildIndex({ inputs: [src] }).snapshot);
    const hostile = createApp({ searcher: () => searcher, publicUrl: PUBLIC_URL });
    const api = await request(hostile).get('/api/search').query({ q: '包容审慎' }).expect(200);
    expect(api.body.hits[0].paragraphs[0].snippet).toBe('推进&lt;script&gt;alert(1)&lt;/script&gt;<mark>包容审慎</mark>监管,&quot;引号&quot;&amp;符号。');
    const page = await request(hostile).get('/').query({ q: '包容审慎' }).expect(200);
    expect(page.text).not.toContain('<script>alert');
    const doc = await request(hostile).get('/doc/xss').expect(200);
    expect(doc.text).not.toContain('<script>alert');
    expect(doc.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes markup in the query on the search page', async () => {
    const res = await request(app).get('/').query({ q: '"><script>alert(1)</script>' }).expect(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain('value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('sends security headers and no stack trace on an error', async () => {
    const res = await request(app).get('/api/search').query({ page: 'x' }).expect(400);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts/);
  });
});

describe('GET / without a query: the landing page', () => {
  it('says what the collection holds, by kind, province and year, each a link to those documents', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.text).toMatch(/收录文件 <strong>5<\/strong> 篇/);
    const provinces = [...res.text.matchAll(/<li><a href="\/\?region=([^"]+)">([^<]+)<\/a> <span class="count">(\d+) 篇<\/span><\/li>/g)].map((m) => `${m[2]} ${m[3]}`);
    expect(provinces).toEqual(['江苏省 2', '内蒙古自治区 1', '江西省 1', '浙江省 1']);
    expect(res.text).toContain('<li><a href="/?year=2023">2023</a> <span class="count">4</span></li>');
    expect(res.text).toContain(`<li><a href="/?kind=${encodeURIComponent('法治政府建设报告')}">法治政府建设报告</a> <span class="count">5 篇</span></li>`);
    expect(res.text).toContain(`<a href="/?q=${encodeURIComponent('title:营商环境')}"><code>title:营商环境</code></a>`);
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('browses when only a filter is given', async () => {
    const res = await request(app).get('/').query({ region: '江苏省' }).expect(200);
    expect(res.text).toMatch(/浏览 <strong id="total-documents">2<\/strong> 篇文件中的 <strong id="total">\d+<\/strong> 处/);
  });
});

describe('GET / pager', () => {
  it('counts pages of documents and links first, last and each page size', async () => {
    const res = await request(app).get('/').query({ q: '法治', page: '2', size: '2' }).expect(200);
    expect(res.text).toContain('<strong id="total-documents">5</strong> 篇');
    const pages = 3;
    expect(res.text).toContain(`共 <strong>${pages}</strong> 页`);
    expect(res.text).toContain(`<a href="/?q=${encodeURIComponent('法治')}&amp;size=2&amp;page=1">首页</a>`);
    expect(res.text).toContain(`<a href="/?q=${encodeURIComponent('法治')}&amp;size=2&amp;page=${pages}">末页</a>`);
    expect(res.text).toContain('<span class="current" aria-current="page">2</span>');
    expect(res.text).toMatch(new RegExp(`<input type="number" name="page" min="1" max="${pages}"`));
    expect(res.text).toContain(`<a href="/?q=${encodeURIComponent('法治')}&amp;size=50">50</a>`);
  });

  it('never offers a page past the deepest result the API serves', () => {
    expect(pagerOf(250_000, 1, 10).pages).toBe(1000);
    expect(pagerOf(250_000, 1000, 10).window).toEqual([996, 997, 998, 999, 1000]);
    expect(pagerOf(35, 1, 10)).toEqual({ pages: 4, current: 1, window: [1, 2, 3, 4] });
    expect(pagerOf(0, 1, 10).window).toEqual([]);
  });
});

describe('GET / region tree', () => {
  it('narrows: choosing 淮安市 inside 江苏省 replaces 江苏省, places elsewhere stay', async () => {
    const res = await request(app).get('/').query({ q: '法治', region: '江苏省,浙江省' }).expect(200);
    const href = res.text.match(/<a href="([^"]+)" class="" data-facet="region" >淮安市<\/a>/)![1].replace(/&amp;/g, '&');
    expect(new URLSearchParams(href.slice(2)).get('region')).toBe('浙江省,淮安市');
    const back = await request(app).get('/').query({ q: '法治', region: '淮安市' }).expect(200);
    const up = back.text.match(/<a href="([^"]+)" class="" data-facet="region" >江苏省<\/a>/)![1].replace(/&amp;/g, '&');
    expect(new URLSearchParams(up.slice(2)).get('region')).toBe('江苏省');
  });

  it('combines provinces deliberately through the checkbox list', async () => {
    const res = await request(app).get('/?q=%E6%B3%95%E6%B2%BB&region=%E6%B1%9F%E8%8B%8F%E7%9C%81&region=%E6%B5%99%E6%B1%9F%E7%9C%81').expect(200);
    expect(res.text).toContain('<input type="checkbox" name="region" value="江苏省" checked>');
    expect(res.text).toContain('<input type="checkbox" name="region" value="浙江省" checked>');
    const regions = [...res.text.matchAll(/<span class="region">([^<]+)<\/span>/g)].map((m) => m[1].split(' › ')[0]);
    expect(new Set(regions)).toEqual(new Set(['江苏省', '浙江省']));
  });
});

describe('GET / facet counts', () => {
  it('says its counts are 处 (sections) beside a total led by 篇', async () => {
    const res = await request(app).get('/').query({ q: '包容审慎' }).expect(200);
    expect(res.text).toContain('各项后的数字为匹配处数（处）');
  });
});

describe('GET / facets for unknown values', () => {
  it('offers 年份不详 as a year, chosen by year=unknown and shown as 年份不详 on its chip', async () => {
    const src = tempDir();
    writeFileSync(join(src, 'undated.txt'), '关于某县法治政府建设情况的报告\n一、主要工作\n推进包容审慎监管。');
    writeFileSync(join(src, 'dated.txt'), '关于某县2023年法治政府建设情况的报告\n一、主要工作\n推进包容审慎监管。');
    const searcher = new LocalSearcher(buildIndex({ inputs: [src] }).snapshot);
    const undated = createApp({ searcher: () => searcher, publicUrl: PUBLIC_URL });
    const res = await request(undated).get('/').query({ q: '包容审慎' }).expect(200);
    expect(res.text).toMatch(/<a href="\/\?q=[^"]*&amp;year=unknown" class="" data-facet="year" >年份不详<\/a> <span class="count">1<\/span>/);
    const landing = await request(undated).get('/').expect(200);
    expect(landing.text).toContain('<li><a href="/?year=unknown">年份不详</a> <span class="count">1</span></li>');
    const chosen = await request(undated).get('/').query({ q: '包容审慎', year: 'unknown' }).expect(200);
    expect(chosen.text).toMatch(/<a class="chip" [^>]*>年份不详 <span aria-hidden="true">×<\/span>/);
    expect(chosen.text).toContain('<strong id="total-documents">1</strong> 篇');
  });
});

describe('buildRegionTree and chooseRegion', () => {
  it('chooses a place by code where two places share its name (鼓楼区), and still narrows', () => {
    const tree = buildRegionTree([
      { value: '鼓楼区', count: 2, path: ['江苏省', '南京市', '鼓楼区'], code: '320106' },
      { value: '鼓楼区', count: 1, path: ['福建省', '福州市', '鼓楼区'], code: '350102' },
      { value: 'unknown', count: 4, label: '地区不详' },
    ]);
    expect(tree.map((n) => [n.name, n.value, n.count])).toEqual([['江苏省', '江苏省', 2], ['福建省', '福建省', 1], ['地区不详', 'unknown', 4]]);
    const nanjing = tree[0].children[0].children[0];
    expect([nanjing.name, nanjing.value]).toEqual(['鼓楼区', '320106']);
    expect(chooseRegion(['江苏省', '350102'], nanjing)).toEqual(['350102', '320106']);
    expect(chooseRegion(['320106'], tree[0])).toEqual(['江苏省']);
    expect(chooseRegion(['320106', '江苏省'], nanjing)).toEqual(['江苏省']);
  });
});

describe('GET /advanced', () => {
  it('writes the query string and parameters the search box would take', async () => {
    const res = await request(app)
      .get('/advanced')
      .query({ go: '1', all: '包容审慎', title: '营商 环境', docno: '国发〔2019〕5号', issuer: '淮安市 司法局', region: '江苏省', yearFrom: '2023', yearTo: '2021', from: '2023-01-01', to: '2024-06-30', topic: ['行政执法', '政府职能'], kind: '法治政府建设报告', mode: 'fuzzy' })
      .expect(303);
    const target = new URL(res.headers.location, 'http://x');
    expect(target.pathname).toBe('/');
    expect(Object.fromEntries(target.searchParams)).toEqual({
      q: '包容审慎 title:营商 title:环境 docno:国发〔2019〕5号 issuer:"淮安市 司法局"',
      region: '江苏省',
      year: '2021-2023',
      from: '2023-01-01',
      to: '2024-06-30',
      topic: '行政执法,政府职能',
      kind: '法治政府建设报告',
      mode: 'fuzzy',
    });
  });

  it('refuses a malformed year in Chinese and keeps what was typed', async () => {
    const res = await request(app).get('/advanced').query({ go: '1', all: '枫桥经验', yearFrom: '23' }).expect(400);
    expect(res.text).toContain('起始年份应为四位数字，如 2023，现为“23”');
    expect(res.text).toContain('name="all" value="枫桥经验"');
  });

  it('opens with the current search filled in', async () => {
    const res = await request(app).get('/advanced').query({ q: '枫桥经验', region: '南通市', year: '2022-2023', kind: '法治政府建设报告' }).expect(200);
    expect(res.text).toContain('name="all" value="枫桥经验"');
    expect(res.text).toContain('name="region" value="南通市"');
    expect(res.text).toContain('name="yearFrom" value="2022"');
    expect(res.text).toContain('<input type="checkbox" name="kind" value="法治政府建设报告" checked>');
  });
});

describe('GET / 在结果中检索', () => {
  it('adds the terms to the current query and keeps the filters', async () => {
    const res = await request(app).get('/').query({ q: '枫桥经验', region: '江西省', within: '调解' }).expect(303);
    expect(Object.fromEntries(new URL(res.headers.location, 'http://x').searchParams)).toEqual({ q: '枫桥经验 调解', region: '江西省' });
  });
});

describe('GET /doc/:id?q= limits (issue #14, item 1)', () => {
  it('refuses a query of more than 32 terms in Chinese, and still shows the document unmarked', async () => {
    const q = Array.from({ length: 40 }, (_, i) => String.fromCharCode(97 + (i % 26)) + i).join(' ');
    const res = await request(app).get(`/doc/${LIANDU}`).query({ q }).expect(400);
    expect(res.text).toContain('未标出检索词：检索式有 40 个检索词，最多 32 个');
    expect(res.text).not.toContain('<mark>');
    const paragraphs = seedDoc(LIANDU).sections.reduce((n, s) => n + s.paragraphs.length, 0);
    expect(res.text.match(/<p class="para" id="p[0-9a-f]{8}">/g)).toHaveLength(paragraphs);
  });

  it('refuses an 8 KB query of one-letter terms without marking anything', async () => {
    const res = await request(app).get(`/doc/${LIANDU}`).query({ q: 'a '.repeat(4000) }).expect(400);
    expect(res.text).toMatch(/<p class="notice error" role="alert">未标出检索词：/);
    expect(res.text).not.toContain('<mark>');
  });

  it('links to the first place marked, a heading or a paragraph', async () => {
    for (const [id, q] of [[HONGZE, '包容审慎'], [LIANDU, '枫桥经验'], [LINHE, '行政复议']]) {
      const res = await request(app).get(`/doc/${id}`).query({ q }).expect(200);
      const anchor = res.text.match(/<a href="#([^"]+)">跳到第一处<\/a>/)![1];
      const body = res.text.slice(res.text.indexOf('class="doc-section"'));
      const beforeFirstMark = body.slice(0, body.indexOf('<mark>'));
      expect([...beforeFirstMark.matchAll(/ id="([^"]+)"/g)].pop()![1]).toBe(anchor);
    }
  });

  it('counts marked headings beside marked paragraphs', async () => {
    const res = await request(app).get(`/doc/${HONGZE}`).query({ q: '包容审慎' }).expect(200);
    expect(res.text).toMatch(/已标出“包容审慎”：正文 <strong>2<\/strong> 段，标题 <strong>1<\/strong> 处。/);
    expect(res.text).toContain('<h4 class="heading">9.推进<mark>包容审慎</mark>执法监管。</h4>');
  });
});

describe('GET /doc/:id/download', () => {
  it('is a text file with the metadata, a link, and every heading and paragraph in its original wording', async () => {
    const res = await request(app).get(`/doc/${LINHE}/download`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('临河区2024年法治政府建设情况报告.txt')}`);
    const lines = res.text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines.slice(0, 6)).toEqual(['临河区2024年法治政府建设情况报告', '', '报告年度：2024', '地区：内蒙古自治区 巴彦淖尔市 临河区', '文种：法治政府建设报告', `原文链接：${PUBLIC_URL}/doc/${LINHE}`]);
    const doc = seedDoc(LINHE);
    for (const s of doc.sections) {
      for (const h of s.headings) expect(lines).toContain(h.text);
      for (const p of s.paragraphs) expect(lines).toContain(p.text);
    }
    expect(lines.filter((l) => l === doc.sections[1].headings[0].text)).toHaveLength(1);
  });
});
