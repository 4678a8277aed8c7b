import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createApp } from '../../src/server/create-app';
import { buildOutline, splitDocument } from '../../src/server/doc-parts';
import { HONGZE, seedDoc, tempDir, YIYANG } from '../helpers';

const paragraphIds = (doc: ReturnType<typeof seedDoc>) => doc.sections.flatMap((s) => s.paragraphs.map((p) => p.id));

describe('splitDocument', () => {
  it('keeps a real report in one part', () => {
    const doc = seedDoc(HONGZE);
    const parts = splitDocument(doc, 150_000);
    expect(parts).toHaveLength(1);
    expect(parts[0].slices.map((s) => s.section.id)).toEqual(doc.sections.map((s) => s.id));
  });

  it('cuts between sections, and inside a section only when it alone is over the budget, losing no paragraph', () => {
    const doc = seedDoc(HONGZE);
    for (const budget of [300, 1500, 4000]) {
      expect(splitDocument(doc, budget).length).toBeGreaterThan(1);
      const parts = splitDocument(doc, budget);
      const shown = parts.flatMap((p) => p.slices.flatMap((s) => s.section.paragraphs.slice(s.from, s.to).map((x) => x.id)));
      expect(shown).toEqual(paragraphIds(doc));
      for (const part of parts.slice(0, -1)) {
        const cost = part.slices.reduce((n, s) => n + s.section.paragraphs.slice(s.from, s.to).reduce((m, p) => m + p.text.length + 120, 0), 0);
        expect(cost <= budget || part.slices.length === 1).toBe(true);
      }
    }
  });

  it('repeats the heading path of a section continued from the previous part, so the reader knows where they are', () => {
    const doc = seedDoc(YIYANG);
    const parts = splitDocument(doc, 300);
    const continued = parts.find((p) => p.slices[0].from > 0)!;
    const section = continued.slices[0].section;
    expect(buildOutline(continued.slices).slice(0, section.headings.length).map((e) => e.heading)).toEqual(section.headings.map((h) => h.text));
  });
});

describe('a very long document (issue #14, item 2)', () => {
  let app: ReturnType<typeof createApp>;
  let ids: string[];

  beforeAll(() => {
    const dir = tempDir();
    const lines = ['关于某县2023年法治政府建设情况的报告'];
    const numbers = '一二三四五六七八九十';
    for (let i = 0; lines.length < 36_000; i++) {
      lines.push(`${numbers[i % 10]}、第${i}部分工作`);
      for (let k = 0; k < 40; k++) {
        lines.push(`（${numbers[k % 10]}）第${i}-${k}项。推进严格规范公正文明执法，落实行政执法三项制度，运用包容审慎监管方式，深化“放管服”改革，优化法治化营商环境，段落编号${i}.${k}。`);
      }
    }
    writeFileSync(join(dir, 'long.txt'), lines.join('\n'));
    const snapshot = buildIndex({ inputs: [dir] }).snapshot;
    const searcher = new LocalSearcher(snapshot);
    app = createApp({ searcher: () => searcher });
    ids = snapshot.docs[0].sections.flatMap((s) => s.paragraphs.map((p) => p.id));
  }, 60_000);

  it('renders a 4 MB text as parts of under 1 MB each, marked or not', async () => {
    const first = await request(app).get('/doc/long').query({ q: '包容审慎' }).expect(200);
    expect(Buffer.byteLength(first.text)).toBeLessThan(1_000_000);
    // Rendered a run at a time, every section element opened is closed.
    expect(first.text.match(/<section class="doc-section"/g)!.length).toBe(first.text.match(/<\/section>/g)!.length);
    const parts = Number(first.text.match(/本文较长，分 (\d+) 部分显示/)![1]);
    expect(parts).toBeGreaterThan(3);
    const last = await request(app).get('/doc/long').query({ part: String(parts) }).expect(200);
    expect(Buffer.byteLength(last.text)).toBeLessThan(1_000_000);
    expect(last.text).toContain(`id="${ids[ids.length - 1]}"`);
  });

  it('counts the marks of the whole document and says where they are', async () => {
    const res = await request(app).get('/doc/long').query({ q: '段落编号3.7。' }).expect(200);
    expect(res.text).toMatch(/已标出“段落编号3\.7。”：正文 <strong>1<\/strong> 段（本部分 1 处）/);
  });

  it('opens the part holding a paragraph named by at=, as search hits link to it', async () => {
    const target = ids[Math.floor(ids.length * 0.7)];
    const res = await request(app).get('/doc/long').query({ at: target, q: '包容审慎' }).expect(200);
    expect(res.text).toContain(`<p class="para" id="${target}">`);
    expect(res.text).not.toContain(`id="${ids[0]}"`);
    expect(res.text).toMatch(new RegExp(`<a class="para-no" href="#${target}"`));
  });

  it('refuses a part that does not exist, in Chinese', async () => {
    const res = await request(app).get('/doc/long').query({ part: '999' }).expect(400);
    expect(res.text).toMatch(/本文共 \d+ 部分，没有第“999”部分/);
  });

  it('downloads the whole text, every paragraph once', async () => {
    const res = await request(app).get('/doc/long/download').expect(200);
    const lines = res.text.split('\r\n');
    expect(lines.filter((l) => l.startsWith('推进严格规范公正文明执法')).length).toBe(ids.length);
  });
});
