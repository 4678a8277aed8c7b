import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's chromium; `.ci/run` installs it. Without it browser tests are skipped locally and fail in CI. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Screenshots land here for people to look at; tests never compare them. */
export const SHOTS = 'test-results';
export const available = existsSync(CHROMIUM) || !!process.env.CI;
if (!available) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** Chromium for the enclosing describe block, launched with extra flags (a host resolver rule) when given. */
export function browserDuringSuite(extraArgs: string[] = []): { browser: Browser } {
  const handle = {} as { browser: Browser };
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    handle.browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs] });
  });
  afterAll(async () => {
    await handle.browser?.close();
  });
  return handle;
}

export interface OpenOptions {
  javaScriptEnabled?: boolean;
  /** Viewport width: 1280 (desktop) unless a phone's 390. */
  width?: number;
}

/** A fresh context (no cookies, no history) on `url`; on loopback, a secure context, allowed to use the clipboard. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1280, height: 900 } });
  const { origin, hostname } = new URL(url);
  if (hostname === '127.0.0.1' || hostname === 'localhost') await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it stands (evaluated by the driver, so CSP allows it). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
}
