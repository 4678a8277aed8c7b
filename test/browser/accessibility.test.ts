import { describe, expect, it } from 'vitest';
import { LINHE, serveSeedsDuringSuite } from '../helpers';
import { available, browserDuringSuite, openPage, seriousViolations, SHOTS } from './browser';

/** One page of every kind the app serves. */
const PAGE_KINDS: Array<[kind: string, path: string]> = [
  ['landing', '/'],
  ['search with hits', '/?q=' + encodeURIComponent('包容审慎') + '&region=' + encodeURIComponent('江苏省')],
  ['zero hits', '/?q=' + encodeURIComponent('没有这个说法')],
  ['refused query', '/?q=' + '法'.repeat(300)],
  ['advanced search', '/advanced'],
  ['compare', '/compare?q=' + encodeURIComponent('枫桥经验')],
  ['document', `/doc/${LINHE}?q=` + encodeURIComponent('包容审慎')],
  ['error', '/doc/nope'],
];

describe.runIf(available)('accessibility of every page kind, on a desktop and a phone', () => {
  const served = serveSeedsDuringSuite();
  const chromium = browserDuringSuite();

  for (const width of [1280, 390]) {
    for (const [kind, path] of PAGE_KINDS) {
      it(`${kind} at ${width} px: no serious or critical axe violation, one h1, a working skip link, no sideways scroll`, async () => {
        const page = await openPage(chromium.browser, served.url + path, { width });
        expect(await seriousViolations(page)).toEqual([]);
        expect(await page.locator('h1').count()).toBe(1);
        const skip = page.locator('a.skip-link');
        const target = (await skip.getAttribute('href'))!.slice(1);
        expect(await page.locator(`#${target}`).count()).toBe(1);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: `${SHOTS}/a11y-${kind.replace(/ /g, '-')}-${width}.png`, fullPage: true });
        await page.context().close();
      });
    }
  }

  it('moves focus to the results with the skip link, the first thing Tab reaches', async () => {
    const page = await openPage(chromium.browser, served.url + '/?q=' + encodeURIComponent('枫桥经验'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到检索结果');
    expect(await page.isVisible('a.skip-link')).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
  });

  it('underlines links in text, so they stand out without colour', async () => {
    const page = await openPage(chromium.browser, served.url + '/?q=' + encodeURIComponent('包容审慎'));
    const decorations = await page.$$eval('.hit h2 a, .para-link, .facet a, .summary .actions a', (links) => [...new Set(links.map((a) => getComputedStyle(a).textDecorationLine))]);
    expect(decorations).toEqual(['underline']);
  });
});
