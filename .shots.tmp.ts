import { chromium } from 'playwright-core';
import { createApp } from './src/server/create-app';
import { listenOnLoopback, seedSearcher } from './test/helpers';
import { loadIndex } from './src/index/index-file';
import { LocalSearcher } from './src/search/local/local-searcher';

const which = process.env.CORPUS ? 'corpora' : 'seeds';
let s: () => any = seedSearcher;
if (process.env.CORPUS) { const l = new LocalSearcher(loadIndex('/tmp/ui-corpora-index')); s = () => l; }
const served = await listenOnLoopback(createApp({ searcher: s }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const paths = (process.argv[2] ?? '/').split(',');
const widths = (process.env.WIDTHS ?? '1280,390').split(',').map(Number);
for (const width of widths) {
  const ctx = await browser.newContext({ viewport: { width, height: Number(process.env.HEIGHT ?? 900) } });
  const page = await ctx.newPage();
  for (const p of paths) {
    await page.goto(served.url + p);
    if (process.env.CLICK) { await page.click(process.env.CLICK); await page.waitForTimeout(300); }
    const name = `${which}-${paths.indexOf(p)}-${width}`;
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: `/tmp/ui-shots/${name}.png`, fullPage: process.env.FULL === '1' });
    console.log(name, p, 'scrollWidth', sw);
  }
  await ctx.close();
}
await browser.close();
await served.close();
