import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type { Response } from 'superagent';
import { buildIndex } from '../../src/index/build-index';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createApp } from '../../src/server/create-app';
import { PUBLIC_URL } from '../helpers';
import type { Tally } from '../../src/search/searcher';

/** Fixtures and readers shared by the compare and export tests. */

/** A tally from [region code, year, documents, sections] tuples, as an engine would answer. */
export function tally(cells: Array<[region: string, year: number | null, documents: number, sections: number]>, complete = true, warnings: string[] = []): Tally {
  return { cells: cells.map(([region, year, documents, sections]) => ({ region, year, documents, sections })), complete, warnings };
}

/** An XLSX file's bytes read back as a workbook. */
export async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return book;
}

/** Fifteen short reports written for the compare tests: known places (province, city, county, the nation, unknown) and years (2021–2023, unknown). */
export const COMPARE_FIXTURES = 'test/fixtures/compare';

let fixtureSearcher: LocalSearcher | undefined;

/** The compare fixtures' searcher, built once per test file. */
export function compareFixtureSearcher(): LocalSearcher {
  fixtureSearcher ??= new LocalSearcher(buildIndex({ inputs: [COMPARE_FIXTURES] }).snapshot);
  return fixtureSearcher;
}

/** The app over the compare fixtures, links made with the tests' public origin. */
export function compareFixtureApp(): Express {
  return createApp({ searcher: compareFixtureSearcher, publicUrl: PUBLIC_URL });
}

/** Links in a page's HTML with the attributes that mark them (`class="cmp-link"`), unescaped, with the documents and sections they count. */
export function linksIn(html: string, marker: string): Array<{ href: string; documents: number; sections: number }> {
  const pattern = new RegExp(`<a ${marker} href="([^"]*)"[^>]*data-documents="(\\d+)" data-sections="(\\d+)"`, 'g');
  return [...html.matchAll(pattern)].map((m) => ({ href: m[1].replace(/&amp;/g, '&').replace(/&#39;/g, "'"), documents: Number(m[2]), sections: Number(m[3]) }));
}

type Parser = (res: Response, done: (err: Error | null, body: unknown) => void) => void;

/** A supertest parser keeping a download's bytes (XLSX). */
export const bytes: Parser = (res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** A supertest parser reading any download as UTF-8 text (SVG, which supertest would not buffer). */
export const text: Parser = (res, done) => bytes(res, (err, body) => done(err, (body as Buffer).toString('utf8')));
