import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createApp } from '../../src/server/create-app';
import { LINHE, listenOnLoopback, NANTONG, PUBLIC_URL, serveSeedsDuringSuite, tempDir } from '../helpers';
import { available, browserDuringSuite, openPage, SHOTS, type OpenOptions } from './browser';

const query = (params: Record<string, string>) => '/?' + new URLSearchParams(params).toString();
const params = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

describe.runIf(available)('the results page as a researcher uses it', () => {
  const served = serveSeedsDuringSuite();
  const chromium = browserDuringSuite();
  const open = (path: string, options: OpenOptions = {}) => openPage(chromium.browser, served.url + path, options);

  it('groups hits by document: 共 N 篇 / M 处, a document’s other sections folded under it', async () => {
    const page = await open(query({ q: '行政复议' }));
    expect(await page.textContent('.summary')).toContain('找到 4 篇文件中的 6 处匹配');
    const hongze = page.locator('.hit', { hasText: '洪泽区' });
    expect(await hongze.locator('.meta .in-doc').textContent()).toBe('本文 2 处');
    const folded = hongze.locator('details.more-sections');
    expect(await folded.locator('.section-hit').isVisible()).toBe(false);
    await folded.locator('summary').click();
    expect(await folded.locator('.section-hit').isVisible()).toBe(true);
  });

  it('opens a document from its title with the query marked', async () => {
    const page = await open(query({ q: '枫桥经验', region: '南通市' }));
    await page.click('.hit h2 a');
    await page.waitForURL(new RegExp(`/doc/${NANTONG}\\?q=`));
    expect(await page.locator('.para mark').first().textContent()).toBe('枫桥经验');
    expect(await page.textContent('#marks')).toMatch(/^已标出“枫桥经验”：正文 \d+ 段/);
  });

  it('pages: 共 N 页, last page, jump to a page, and 10/20/50 per page', async () => {
    const page = await open(query({ q: '法治', size: '2' }));
    expect(await page.textContent('.pager .pages')).toBe('共 3 页');
    await page.click('.pager a:text-is("末页")');
    await page.waitForURL(/page=3/);
    expect(await page.textContent('.pager .current')).toBe('3');
    await page.fill('.pager .jump input[name=page]', '2');
    await page.click('.pager .jump button');
    await page.waitForURL(/page=2/);
    expect(params(page)).toEqual({ q: '法治', size: '2', page: '2' });
    await page.click('.pager .sizes a:text-is("20")');
    await page.waitForURL(/size=20/);
    expect(params(page)).toEqual({ q: '法治', size: '20' });
    expect(await page.locator('.hit').count()).toBe(5);
  });

  it('sorts by publication date, newest or oldest first', async () => {
    const page = await open(query({ q: '法治' }));
    await page.selectOption('select[name=sort]', 'date-asc');
    await page.waitForURL(/sort=date-asc/);
    const dates = await page.$$eval('.hit .meta span:nth-child(2)', (els) => els.map((e) => e.textContent!));
    expect(dates.filter((d) => /^\d{4}-/.test(d))).toEqual([...dates.filter((d) => /^\d{4}-/.test(d))].sort());
    await page.selectOption('select[name=sort]', 'date');
    await page.waitForURL(/sort=date(&|$)/);
    const newest = await page.$$eval('.hit .meta span:nth-child(2)', (els) => els.map((e) => e.textContent!).filter((d) => /^\d{4}-/.test(d)));
    expect(newest).toEqual([...newest].sort().reverse());
  });

  it('advanced search writes the query string and filters the box would take', async () => {
    const page = await open('/');
    await page.click('.advanced-link');
    await page.waitForURL(/\/advanced/);
    await page.fill('#a-all', '调解');
    await page.fill('#a-title', '矛盾纠纷');
    await page.fill('#a-region', '江西省');
    await page.check('input[name=kind][value=法治政府建设报告]');
    await page.click('.advanced button[type=submit]');
    await page.waitForURL(/^[^?]*\/\?/);
    expect(params(page)).toEqual({ q: '调解 title:矛盾纠纷', region: '江西省', kind: '法治政府建设报告' });
    expect(await page.inputValue('#q')).toBe('调解 title:矛盾纠纷');
    expect(await page.$$eval('.hit .meta .region', (els) => els.map((e) => e.textContent))).toEqual(['江西省 › 上饶市 › 弋阳县']);
  });

  it('advanced search takes the year of the oldest documents (中華民國憲法, 1947), also when the form reopens a 1947 search', async () => {
    // The year fields once refused anything before 1949, so a reopened 1947 search could not be submitted at all.
    const page = await open('/advanced?' + new URLSearchParams({ q: '憲法', year: '1947' }).toString());
    expect(await page.inputValue('input[name=yearFrom]')).toBe('1947');
    await page.click('.advanced button[type=submit]');
    await page.waitForURL(/^[^?]*\/\?/, { timeout: 5000 });
    expect(params(page)).toEqual({ q: '憲法', year: '1947' });
  });

  it('searches within results: the current query and filters stay, the new term is added', async () => {
    const page = await open(query({ q: '枫桥经验', region: '浙江省' }));
    await page.fill('#within', '调解');
    await page.click('.within button');
    await page.waitForURL(/q=/);
    expect(params(page)).toEqual({ q: '枫桥经验 调解', region: '浙江省' });
    expect(await page.inputValue('#q')).toBe('枫桥经验 调解');
  });

  it('narrows the region tree: 淮安市 chosen inside 江苏省 replaces it', async () => {
    const page = await open(query({ q: '法治' }));
    await page.click('a[data-facet="region"]:text-is("江苏省")');
    await page.waitForURL(/region=/);
    await page.click('a[data-facet="region"]:text-is("淮安市")');
    await page.waitForURL(/region=%E6%B7%AE/);
    expect(await page.$$eval('.chips .chip', (els) => els.map((e) => e.textContent!.replace(/\s*×.*$/, '')))).toEqual(['淮安市']);
    expect(new Set(await page.$$eval('.hit .meta .region', (els) => els.map((e) => e.textContent)))).toEqual(new Set(['江苏省 › 淮安市 › 洪泽区']));
  });

  it('combines several provinces deliberately from the checkbox list', async () => {
    const page = await open(query({ q: '法治' }));
    await page.click('.multi summary');
    await page.check('.multi input[value=江苏省]');
    await page.check('.multi input[value=浙江省]');
    await page.click('.multi button');
    await page.waitForURL(/region=/);
    expect(new Set(await page.$$eval('.hit .meta .region', (els) => els.map((e) => e.textContent!.split(' › ')[0])))).toEqual(new Set(['江苏省', '浙江省']));
  });

  it('copies the citation, then the quoted paragraph with it, and shows what was copied', async () => {
    const page = await open(`/doc/${LINHE}`);
    const paragraph = page.locator('p.para').nth(2);
    const text = (await paragraph.locator('.para-text').textContent())!;
    await paragraph.locator('button.cite').click();
    const citation = await page.evaluate(() => navigator.clipboard.readText());
    expect(citation).toMatch(new RegExp(`^临河区2024年法治政府建设情况报告\\[EB/OL\\]\\. \\[\\d{4}-\\d\\d-\\d\\d\\]\\. ${PUBLIC_URL.replace(/\./g, '\\.')}/doc/${LINHE}#p[0-9a-f]{8}\\.$`));
    expect(await paragraph.locator('.copy-preview').textContent()).toBe(`已复制：${citation}`);
    await paragraph.locator('button.cite-quote').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`“${text}”（${citation}）`);
    expect(await page.locator('.copy-preview').count()).toBe(1);
    expect(await paragraph.locator('.copy-preview').textContent()).toBe(`已复制：“${text}”（${citation}）`);
  });

  it('downloads a document as text with its metadata and source link', async () => {
    const page = await open(`/doc/${NANTONG}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.doc-actions a')]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.txt$/);
    expect(text).toContain(`原文链接：${PUBLIC_URL}/doc/${NANTONG}\r\n`);
    expect(text).toContain(await page.locator('p.para .para-text').first().textContent());
  });

  it('prints the text without header, buttons, chips or filters', async () => {
    const page = await open(query({ q: '包容审慎', region: '江苏省' }));
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['header.top', '.search-form', '.facets', '.chips', '.within', 'footer.foot']) {
      expect(await page.locator(selector).first().evaluate((el) => getComputedStyle(el).display), selector).toBe('none');
    }
    expect(await page.locator('.hit').first().isVisible()).toBe(true);
    const doc = await open(`/doc/${LINHE}`);
    await doc.emulateMedia({ media: 'print' });
    expect(await doc.locator('button.cite').first().evaluate((el) => getComputedStyle(el).display)).toBe('none');
    expect(await doc.locator('.back').evaluate((el) => getComputedStyle(el).display)).toBe('none');
    expect(await doc.locator('p.para').first().isVisible()).toBe(true);
  });
});

describe.runIf(available)('on a phone (390 px)', () => {
  const served = serveSeedsDuringSuite();
  const chromium = browserDuringSuite();
  const open = (path: string) => openPage(chromium.browser, served.url + path, { width: 390 });

  it('opens the filters with the 筛选 button by the result count', async () => {
    const page = await open(query({ q: '枫桥经验' }));
    expect(await page.isVisible('#filters')).toBe(false);
    await page.click('.filter-toggle');
    expect(await page.isVisible('#filters')).toBe(true);
    expect(await page.getAttribute('.filter-toggle', 'aria-expanded')).toBe('true');
    const filters = await page.locator('#filters').boundingBox();
    const results = await page.locator('.hits').boundingBox();
    expect(filters!.y).toBeLessThan(results!.y);
    await page.click('a[data-facet="region"]:text-is("浙江省")');
    await page.waitForURL(/region=/);
    expect(await page.isVisible('#filters')).toBe(false);
    await page.screenshot({ path: `${SHOTS}/phone-results.png`, fullPage: true });
  });

  it('folds a document’s outline and leads back to the very results page it came from', async () => {
    const page = await open(query({ q: '枫桥经验', region: '浙江省' }));
    await page.click('.hit .para-link');
    await page.waitForURL(/\/doc\//);
    expect(await page.locator('.outline details').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/phone-doc.png` });
    await page.click('.back-link');
    await page.waitForURL(/\/\?/);
    expect(params(page)).toEqual({ q: '枫桥经验', region: '浙江省' });
  });
});

describe.runIf(available)('a document too long for one page', () => {
  const chromium = browserDuringSuite();
  let site = '';
  let ids: string[] = [];
  let close: () => Promise<void>;

  beforeAll(async () => {
    const dir = tempDir();
    const lines = ['关于某县2023年法治政府建设情况的报告'];
    for (let i = 0; i < 60; i++) {
      lines.push(`${'一二三四五六七八九十'[i % 10]}、第${i}部分工作`);
      for (let k = 0; k < 25; k++) lines.push(`第${i}-${k}段。推进严格规范公正文明执法，落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，运用包容审慎监管方式，深化“放管服”改革，优化法治化营商环境。`);
    }
    writeFileSync(join(dir, 'long.txt'), lines.join('\n'));
    const snapshot = buildIndex({ inputs: [dir] }).snapshot;
    ids = snapshot.docs[0].sections.flatMap((s) => s.paragraphs.map((p) => p.id));
    const searcher = new LocalSearcher(snapshot);
    const served = await listenOnLoopback(createApp({ searcher: () => searcher, publicUrl: PUBLIC_URL }));
    site = served.url;
    close = served.close;
  }, 60_000);

  afterAll(() => close());

  it('follows an old link to a paragraph of a later part (/doc/ID#p…) to the part holding it', async () => {
    const target = ids[ids.length - 3];
    const page = await openPage(chromium.browser, `${site}/doc/long#${target}`);
    await page.waitForURL(new RegExp(`at=${target}#${target}$`));
    expect(await page.locator(`#${target}`).evaluate((el) => el.matches(':target'))).toBe(true);
    expect(await page.textContent('.parts .current')).not.toBe('第 1 部分');
  });

  it('reaches every part from the part list, the hits counted per part', async () => {
    const page = await openPage(chromium.browser, `${site}/doc/long?q=${encodeURIComponent('第59-24段')}`);
    const parts = await page.locator('.parts li').count();
    expect(parts).toBeGreaterThan(1);
    expect(await page.locator('.parts li').last().locator('.hits-in-part').textContent()).toBe('1 处匹配');
    await page.screenshot({ path: `${SHOTS}/long-document.png` });
    await page.locator('.parts li').last().locator('a').click();
    await page.waitForURL(/part=/);
    expect(await page.locator('.para mark').allTextContents()).toEqual(['第59-24段']);
  });
});
