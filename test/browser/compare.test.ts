import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../helpers';
import { compareFixtureApp } from '../server/export-helpers';
import { available, browserDuringSuite, openPage, seriousViolations, SHOTS, type OpenOptions } from './browser';

describe.runIf(available)('the compare view in a real browser', () => {
  const chromium = browserDuringSuite();
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const served = await listenOnLoopback(compareFixtureApp());
    base = served.url;
    close = served.close;
  });

  afterAll(() => close?.());

  const open = (path: string, options: OpenOptions = {}) => openPage(chromium.browser, base + path, options);

  /** What a results page says it found: 共 N 篇文件中的 M 处. */
  const found = async (page: Page) => ({ documents: Number(await page.textContent('#total-documents')), sections: Number(await page.textContent('#total')) });

  it('opens from the search page with the years of the collection in order, 年份不详 last', async () => {
    const page = await open('/?q=包容审慎');
    await page.click('#compare-link');
    await page.waitForURL(/\/compare\?q=/);
    expect(await page.$$eval('.cmp-overview thead th', (ths) => ths.map((th) => th.textContent))).toEqual(['地区', '2021', '2022', '2023', '年份不详', '合计']);
    expect(await page.$$eval('.cmp-overview tbody th', (ths) => ths.map((th) => th.textContent!.trim()))).toEqual(['全国', '上海市', '江苏省', '浙江省', '广东省', '地区不详']);
    await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });
  });

  it('opens exactly the documents and sections each non-empty cell counts, for every cell of two queries', async () => {
    for (const query of ['q=包容审慎', 'q=首违不罚&kind=法治政府建设报告']) {
      const page = await open(`/compare?${query}`);
      const cells = await page.$$eval('a.cmp-link', (links) =>
        links.map((a) => ({ href: a.getAttribute('href')!, counted: { documents: Number(a.getAttribute('data-documents')), sections: Number(a.getAttribute('data-sections')) } })),
      );
      expect(cells.length).toBeGreaterThan(20);
      for (const cell of cells) {
        await page.goto(base + cell.href);
        expect({ href: cell.href, found: await found(page) }).toEqual({ href: cell.href, found: cell.counted });
      }
      await page.context().close();
    }
  });

  it('follows a click on the 洪泽区 2022 cell to the results page: 1 篇文件中的 2 处', async () => {
    const page = await open('/compare?q=包容审慎');
    await page.click('#t0-g320000 summary');
    await page.locator('#t0-g320000 tr', { hasText: '洪泽区' }).locator('td[data-year="2022"] a').click();
    await page.waitForURL(/region=320813&year=2022/);
    expect(await found(page)).toEqual({ documents: 1, sections: 2 });
  });

  it('shows the active filters above the table and removes one on click', async () => {
    const page = await open('/compare?q=包容审慎&kind=法治政府建设报告');
    expect(await page.locator('.cmp-filters .chip').allTextContents()).toEqual(['文种：法治政府建设报告 ×']);
    expect(await page.textContent('.cmp-total')).toContain('提及 8 篇 / 共 14 篇');
    await page.click('.cmp-filters .chip');
    await page.waitForURL((url) => !url.search.includes('kind='));
    expect(await page.locator('.cmp-filters .chip').count()).toBe(0);
    expect(await page.textContent('.cmp-total')).toContain('提及 9 篇 / 共 15 篇');
  });

  it('draws the share chart with a bar per year and term, and a heat map cell per region and year with documents', async () => {
    const page = await open('/compare?q=包容审慎&q=首违不罚');
    expect(await page.locator('.cmp-chart svg.chart g.bar').count()).toBe(4 * 2);
    // 全国 1; 上海市 2 + its rows 2; 江苏省 3 + rows 7; 浙江省 3 + rows 3; 广东省 1 + 深圳市 1; 地区不详 1.
    expect(await page.locator('#term-0 svg.chart g.cell').count()).toBe(24);
    expect(await page.locator('#term-0 table.cmp-table tbody td:not(.cmp-row-total):not(.cmp-e)').count()).toBe(24);
    expect(await page.locator('#term-1 svg.chart g.cell').count()).toBe(24);
  });

  it('downloads a chart as PNG drawn from its SVG, under the CSP', async () => {
    const page = await open('/compare?q=包容审慎');
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.reload();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.cmp-chart .cmp-downloads button')]);
    expect(download.suggestedFilename()).toMatch(/^年度占比图_包容审慎_\d{4}-\d\d-\d\d\.png$/);
    expect(violations).toEqual([]);
  });

  it('works without JavaScript: charts drawn, a province’s regions open from its summary', async () => {
    const page = await open('/compare?q=包容审慎', { javaScriptEnabled: false });
    expect(await page.locator('.cmp-chart svg.chart g.bar').count()).toBe(4);
    expect(await page.isVisible('#t0-g320000 table')).toBe(false);
    await page.click('#t0-g320000 summary');
    expect(await page.$$eval('#t0-g320000 tbody th', (ths) => ths.map((th) => th.textContent!.trim()))).toEqual(['江苏省（省本级）', '南通市', '淮安市', '淮安市 › 洪泽区']);
    expect(await page.isVisible('#t0-g320000 table')).toBe(true);
  });

  it('puts totals first, then the chart, with no sideways scrolling on a phone', async () => {
    const page = await open('/compare?q=包容审慎&q=首违不罚', { width: 390 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const top = (selector: string) => page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().top);
    const [totals, chart, table] = [await top('.cmp-totals'), await top('.cmp-chart svg'), await top('.cmp-overview')];
    expect(totals).toBeLessThan(chart);
    expect(chart).toBeLessThan(table);
    // Within a table the sum of all regions comes before the provinces.
    expect(await top('.cmp-overview .cmp-sum')).toBeLessThan(await top('.cmp-overview .cmp-province'));
    await page.screenshot({ path: `${SHOTS}/compare-phone.png`, fullPage: true });
  });

  it('opens a table wider than its box on its newest years, with the region column still in view', async () => {
    const page = await open('/compare?q=包容审慎');
    const view = await page.$eval('.cmp-overview', (table) => {
      const box = table.parentElement!;
      // Narrower than the table, as a collection reaching back to 1947 makes it on any screen.
      box.style.width = '240px';
      const edge = box.getBoundingClientRect();
      const inView = (cell: Element) => cell.getBoundingClientRect().left >= edge.left - 1 && cell.getBoundingClientRect().right <= edge.right + 1;
      const heads = [...table.querySelectorAll('thead th')];
      // A year column is seen when it stands in the box and right of the sticky region column.
      const seen = (cell: Element) => inView(cell) && cell.getBoundingClientRect().left >= heads[0].getBoundingClientRect().right - 1;
      return { wider: box.scrollWidth > box.clientWidth, total: inView(heads.at(-1)!), region: inView(heads[0]), firstYear: seen(heads[1]) };
    });
    expect(view).toEqual({ wider: true, total: true, region: true, firstYear: false });
  });

  it('has no serious accessibility fault with its groups open, on a desktop and a phone', async () => {
    for (const width of [1280, 390]) {
      const page = await open('/compare?q=包容审慎&q=首违不罚', { width });
      for (const summary of await page.locator('details.cmp-group summary').all()) await summary.click();
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }
  });
});
