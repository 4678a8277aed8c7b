import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { citationDay } from '../../src/search/citation';
import { LINHE, PUBLIC_URL, serveSeedsDuringSuite } from '../helpers';
import { available, browserDuringSuite, openPage, SHOTS, type OpenOptions } from './browser';

describe.runIf(available)('pages in a real browser', () => {
  const served = serveSeedsDuringSuite();
  const chromium = browserDuringSuite();
  const open = (path: string, options: OpenOptions = {}) => openPage(chromium.browser, served.url + path, options);

  const hitRegions = (page: Page) => page.$$eval('.hit .meta .region', (els) => [...new Set(els.map((e) => e.textContent!.split(' › ').pop()))].sort());

  it('finds 包容审慎 in three regions when typed into the search box', async () => {
    const page = await open('/');
    await page.fill('#q', '包容审慎');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=/);
    expect(await page.textContent('#total')).toBe('4');
    expect(await hitRegions(page)).toEqual(['临河区', '弋阳县', '洪泽区']);
    expect(await page.$$eval('.hit mark', (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(['包容审慎', '包容審慎']);
    await page.screenshot({ path: `${SHOTS}/search.png`, fullPage: true });
  });

  it('lands on the highlighted paragraph when the 临河区 hit is clicked', async () => {
    const page = await open('/?q=包容审慎');
    const link = page.locator('.hit', { hasText: '临河区' }).locator('a.para-link').first();
    await link.click();
    await page.waitForURL(new RegExp(`/doc/${LINHE}\\?q=.*#p[0-9a-f]{8}$`));
    const id = new URL(page.url()).hash.slice(1);
    const target = page.locator(`#${id}`);
    expect(await target.evaluate((el) => el.matches(':target'))).toBe(true);
    expect(await target.locator('mark').allTextContents()).toEqual(['包容審慎']);
    await page.waitForTimeout(1700); // the flash animation settles on the highlight colour
    expect(await target.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 248, 225)');
    const box = await target.boundingBox();
    expect(box && box.y >= 0 && box.y < 900).toBe(true);
    await page.screenshot({ path: `${SHOTS}/doc-target.png` });
  });

  it('shows only one topic after its facet is clicked, and Back undoes it', async () => {
    const page = await open('/?q=行政复议');
    await page.click('a[data-facet="topic"]:text-is("矛盾纠纷化解")');
    await page.waitForURL(/topic=/);
    const topics = await page.$$eval('.section-hit', (hits) => hits.map((h) => [...h.querySelectorAll('.tags a.tag')].map((t) => t.textContent)));
    expect(topics.length).toBe(5);
    for (const t of topics) expect(t).toContain('矛盾纠纷化解');
    expect(await page.locator('.hit').count()).toBe(Number(await page.textContent('#total-documents')));
    expect(await page.textContent('.chips .chip')).toContain('矛盾纠纷化解');
    await page.goBack();
    expect(await page.textContent('#total')).toBe('6');
  });

  it('copies a citation of a paragraph', async () => {
    const page = await open(`/doc/${LINHE}`);
    const paragraph = page.locator('p.para').nth(2);
    const id = await paragraph.getAttribute('id');
    await paragraph.locator('button.cite').click();
    await expect.poll(() => paragraph.locator('button.cite').textContent()).toBe('已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // GB/T 7714-2015 for an electronic resource, its URL from PUBLIC_URL (the report names no issuer or date).
    expect(copied).toBe(`临河区2024年法治政府建设情况报告[EB/OL]. [${citationDay()}]. ${PUBLIC_URL}/doc/${LINHE}#${id}.`);
  });

  it('searches and filters without JavaScript', async () => {
    const page = await open('/', { javaScriptEnabled: false });
    await page.fill('#q', '枫桥经验');
    await page.click('.search-form button[type=submit]');
    await page.waitForURL(/q=/);
    expect(await page.textContent('#total')).toBe('5');
    await page.click('a[data-facet="region"]:text-is("江苏省")');
    expect(await hitRegions(page)).toEqual(['南通市']);
    expect(await page.locator('button.cite').count()).toBe(0);
  });

  it('is readable at phone width, with no sideways scrolling', async () => {
    const page = await open('/?q=包容审慎&region=江苏省', { width: 390 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.isVisible('.chips .chip')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/phone.png`, fullPage: true });
  });

  it('escapes markup typed into the query', async () => {
    const page = await open('/?q=' + encodeURIComponent('<img src=x onerror=alert(1)>'));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.inputValue('#q')).toBe('<img src=x onerror=alert(1)>');
  });
});
