import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/create-app';
import { seedSearcher } from '../helpers';
import { available, browserDuringSuite, openPage, SHOTS } from './browser';

/**
 * Deployed as offices deploy: plain http under an intranet host name. The browser resolves policy.example to
 * the loopback address where the app listens, so every request goes out exactly as it would on an intranet.
 */
describe.runIf(available)('served over plain http under an intranet host name', () => {
  const chromium = browserDuringSuite(['--host-resolver-rules=MAP policy.example 127.0.0.1']);
  let server: Server;
  let site: string;

  beforeAll(async () => {
    // The app is attached once the free port is known, so PUBLIC_URL can name it.
    server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    site = `http://policy.example:${(server.address() as AddressInfo).port}`;
    server.on('request', createApp({ searcher: seedSearcher, publicUrl: site }));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads styles and script, follows a facet link and submits the search form, never asking for https', async () => {
    const page = await openPage(chromium.browser, `${site}/`);
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => problems.push(`failed ${r.url()}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.reload();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(251, 251, 249)');
    expect(await page.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);

    await page.fill('#q', '枫桥经验');
    await page.press('#q', 'Enter');
    await page.waitForURL(`${site}/?q=*`);
    expect(await page.textContent('#total')).toBe('5');
    await page.click('a[data-facet="region"]:text-is("江苏省")');
    await page.waitForURL(/region=/);
    expect(new URL(page.url()).origin).toBe(site);
    expect(await page.$$eval('.hit .meta .region', (els) => els.map((e) => e.textContent))).toEqual(['江苏省 › 南通市']);

    await page.click('.hit h2 a');
    await page.waitForURL(/\/doc\//);
    expect(new URL(page.url()).origin).toBe(site);
    await page.screenshot({ path: `${SHOTS}/intranet-doc.png` });
    expect(requests.filter((u) => u.startsWith('https:'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('copies a citation on plain http, where the Clipboard API is not offered, and shows what was copied', async () => {
    const page = await openPage(chromium.browser, `${site}/doc/002_9df1fff1f1a789c6`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const paragraph = page.locator('p.para').nth(1);
    await paragraph.locator('button.cite').click();
    await expect.poll(() => paragraph.locator('.copy-preview').textContent()).toMatch(new RegExp(`^已复制：.*\\[EB/OL\\]\\. .*${site.replace(/\./g, '\\.')}/doc/002_9df1fff1f1a789c6#p[0-9a-f]{8}\\.$`));
  });
});
