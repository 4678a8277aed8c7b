import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, beforeAll } from 'vitest';
import { TSX_LOADER } from '../src/cli/server-process';
import { createApp } from '../src/server/create-app';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildIndex } from '../src/index/build-index';
import type { IndexSnapshot } from '../src/index/index-file';
import { LocalSearcher } from '../src/search/local/local-searcher';
import { runSearch } from '../src/search/run-search';
import { readSearchParams } from '../src/search/search-params';
import type { ParsedDocument } from '../src/types';

export const SEEDS = 'seeds';
export const FIXTURES = 'test/fixtures';

export const HONGZE = '000_086f430e73d12164';
export const LINHE = '001_f31dca224bb423c0';
export const NANTONG = '002_9df1fff1f1a789c6';
export const YIYANG = '003_c5f39bce24e1c764';
export const LIANDU = '004_284f384405ce75df';

let snapshot: IndexSnapshot | undefined;
let searcher: LocalSearcher | undefined;

/** The public origin tests build citations and links with. */
export const PUBLIC_URL = 'http://policy.example:3000';

/** The seeds, built once per test file. */
export function seedSnapshot(): IndexSnapshot {
  snapshot ??= buildIndex({ inputs: [SEEDS] }).snapshot;
  return snapshot;
}

export function seedSearcher(): LocalSearcher {
  searcher ??= new LocalSearcher(seedSnapshot());
  return searcher;
}

export function seedDoc(id: string): ParsedDocument {
  const doc = seedSnapshot().docs.find((d) => d.id === id);
  if (!doc) throw new Error(`no seed ${id}`);
  return doc;
}

/** Runs a query with URL-style parameters and every hit on one page. */
export function search(params: Record<string, string>) {
  return runSearch(seedSearcher(), readSearchParams({ size: '100', ...params }), { publicUrl: PUBLIC_URL, today: '2026-11-25' });
}

/** Region name → number of matching paragraphs, the shape most search assertions compare. */
export async function paragraphsByRegion(params: Record<string, string>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const hit of (await search(params)).hits) {
    const region = hit.doc.region?.name ?? '—';
    counts[region] = (counts[region] ?? 0) + hit.paragraphs.length;
  }
  return counts;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'policy-search-'));
}

/** Starts an app on a free loopback port; the caller closes it. */
export async function listenOnLoopback(app: Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Serves the seeds' app on loopback for the enclosing describe block; read `.url` inside tests. */
export function serveSeedsDuringSuite(): { url: string } {
  const handle = { url: '' };
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const served = await listenOnLoopback(createApp({ searcher: seedSearcher, publicUrl: PUBLIC_URL }));
    handle.url = served.url;
    close = served.close;
  });
  afterAll(() => close());
  return handle;
}

/** Runs a CLI script (`src/cli/…`) in a child process, from `cwd`, stopped after `timeoutMs`. */
export function runCli(script: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}) {
  const run = spawnSync(process.execPath, ['--import', TSX_LOADER, resolve(script), ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}
