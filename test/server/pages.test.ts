import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createApp } from '../../src/server/create-app';
import { LIANDU, PUBLIC_URL, seedSearcher, tempDir } from '../helpers';

const app = createApp({ searcher: seedSearcher, publicUrl: PUBLIC_URL });

describe('GET /doc/:id', () => {
  it('lists every heading in the outline, those without paragraphs of their own too', async () => {
    const res = await request(app).get(`/doc/${LIANDU}`).expect(200);
    const outline = [...res.text.matchAll(/<li class="depth-(\d)"><a href="#p[0-9a-f]{8}">([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(outline.slice(0, 4)).toEqual(['1 一、工作开展情况', '2 (一)聚焦“责任担当”,深入推进法治莲都建设', '3 1.紧扣区委依法治区办职能作用发挥', '3 2.着力优化提升法治化营商环境']);
    expect(outline.filter((l) => l.startsWith('1 '))).toEqual(['1 一、工作开展情况', '1 二、存在问题', '1 三、2024年工作思路']);
    expect(outline).toHaveLength(3 + 4 + 12 + 5);
  });

  it('marks the query through the document and says how many paragraphs hold it', async () => {
    const res = await request(app).get(`/doc/${LIANDU}`).query({ q: '枫桥经验 OR 调解' }).expect(200);
    expect(res.text).toContain('坚持发展新时代“<mark>枫桥经验</mark>”');
    expect(res.text).toMatch(/已高亮“枫桥经验 OR 调解”：\d+ 个段落/);
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
    expect(open.text).toMatch(/<details class="subtree" open><summary>下辖 1<\/summary>\s*<ul class="tree depth-1">\s*<li><a href="[^"]*" class="on" data-facet="region">南通市<\/a>/);
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
