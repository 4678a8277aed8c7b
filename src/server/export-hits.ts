import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { citationDay, citeParagraph, type CitationContext } from '../search/citation';
import { paragraphPath } from '../search/links';
import { createMarker, type QueryMarker } from '../search/match-text';
import { readQuery } from '../search/run-search';
import type { SearchRequest, Searcher, SectionRow, SortOrder } from '../search/searcher';
import type { SearchMode, SearchParams } from '../search/search-params';
import type { Paragraph } from '../types';
import { CSV_BOM, csvLine } from './csv';
import { nextTurn } from './event-loop';
import { contentDisposition, exportName, XLSX_TYPE } from './export-file';

/**
 * The hit export: one row per matching paragraph of every matching section, streamed as the searcher pages
 * through them, with no cap. Each page is written before the next is asked for, and other requests are
 * answered in between, so a large export neither holds the whole result in memory nor stalls the server.
 */

export const HIT_EXPORT_COLUMNS = ['地区（省/市/县）', '年份', '发布日期', '文号', '文种', '标题', '发布机关', '章节', '条/段', '原文', '引文', '链接'];

/** Sections asked of the searcher at a time: large enough to keep the per-page cost small, small enough to answer others soon. */
export const EXPORT_PAGE_SECTIONS = 200;

/** Rows written per turn of the event loop, whatever the sections hold. */
export const EXPORT_ROWS_PER_TURN = 100;

/** Rows Excel holds in one sheet, header included; a longer export continues on another sheet. */
export const XLSX_SHEET_ROWS = 1_048_576;

export interface HitExportContext extends CitationContext {
  /** The query as typed, for links that open the document with it marked. */
  q: string;
  mode: SearchMode;
  marker: QueryMarker;
}

/**
 * A section's rows: every paragraph holding a term of the query, in document order. A section matched by its
 * heading, title or 文号 alone gives its first paragraph (as its hit shows); without a query, every paragraph.
 */
export function sectionRows({ doc, section }: SectionRow, context: HitExportContext): string[][] {
  const browsing = context.marker.terms.length === 0;
  let paragraphs = browsing ? section.paragraphs : section.paragraphs.filter((p) => context.marker.find(p, 'paragraph').ranges.length > 0);
  if (!paragraphs.length) paragraphs = section.paragraphs.slice(0, 1);
  const headings = section.headings.map((h) => h.text).join(' › ');
  const marked = browsing ? {} : { q: context.q, mode: context.mode };
  return paragraphs.map((p) => [
    doc.region?.path.join('/') ?? '',
    doc.year === null ? '' : String(doc.year),
    doc.published ?? '',
    doc.docNumber ?? '',
    doc.kind,
    doc.title.text,
    doc.issuer ?? '',
    headings,
    placeOf(p),
    p.text,
    citeParagraph(doc, p, context),
    `${context.publicUrl}${paragraphPath(doc.id, p.id, marked)}`,
  ]);
}

/** Where a paragraph stands: its article in a law (第三十条第二款), else its position in the document (第12段). */
function placeOf(p: Paragraph): string {
  if (p.article) return `${p.article.article}${p.article.clause ?? ''}${p.article.item ?? ''}`;
  return `第${p.ordinal}段`;
}

/** How an export is written: rows a page at a time, then notes (why the file may be incomplete), then the end. */
export interface RowSink {
  writeRows(rows: string[][]): Promise<void>;
  end(notes: string[]): Promise<void>;
}

export interface ExportSummary {
  sections: number;
  rows: number;
}

/**
 * Pages through every section the request matches and writes its rows in the request's order. Stops early,
 * writing nothing more, when the client has gone (`stopped`).
 */
export async function exportHits(
  searcher: Searcher,
  request: Omit<SearchRequest, 'offset' | 'limit' | 'group'>,
  context: HitExportContext,
  openSink: () => RowSink,
  stopped: () => boolean = () => false,
): Promise<ExportSummary> {
  const summary: ExportSummary = { sections: 0, rows: 0 };
  const warnings = new Set<string>();
  // Opened after the first page is in hand, so a query the searcher refuses still gets a plain error answer.
  let sink: RowSink | undefined;
  for (let offset = 0; ; offset += EXPORT_PAGE_SECTIONS) {
    const page = await searcher.search({ ...request, group: 'section', offset, limit: EXPORT_PAGE_SECTIONS, withoutGroups: true });
    if (stopped()) return summary;
    sink ??= openSink();
    if (!page.complete) for (const w of page.warnings.length ? page.warnings : ['部分索引未响应']) warnings.add(w);
    // A page of law chapters can hold thousands of matching paragraphs: rows are written a batch per turn.
    let batch: string[][] = [];
    for (const row of page.rows) {
      batch.push(...sectionRows(row, context));
      if (batch.length >= EXPORT_ROWS_PER_TURN) {
        await sink.writeRows(batch);
        summary.rows += batch.length;
        batch = [];
        await nextTurn();
        if (stopped()) return summary;
      }
    }
    await sink.writeRows(batch);
    summary.rows += batch.length;
    summary.sections += page.rows.length;
    if (page.rows.length < EXPORT_PAGE_SECTIONS || offset + page.rows.length >= page.total) break;
    await nextTurn();
    if (stopped()) return summary;
  }
  await sink!.end([...warnings].map((w) => `注：${w}，本文件可能不完整。`));
  return summary;
}

/** Waits until the response has room again, so a slow client holds back the export instead of filling memory. */
function drained(res: Response): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** CSV with a BOM and a Chinese header; a page of rows per write. */
export function csvSink(res: Response): RowSink {
  res.write(CSV_BOM + csvLine(HIT_EXPORT_COLUMNS));
  return {
    async writeRows(rows) {
      if (rows.length) res.write(rows.map(csvLine).join(''));
      await drained(res);
    },
    async end(notes) {
      res.end(notes.map((n) => csvLine([n])).join(''));
    },
  };
}

/** XLSX written as a stream (no shared strings), a new sheet when one is full. */
export function xlsxSink(res: Response): RowSink {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  let sheet: ExcelJS.Worksheet;
  let sheets = 0;
  let sheetRows = 0;
  const startSheet = () => {
    sheet = book.addWorksheet(sheets ? `检索结果（续${sheets}）` : '检索结果', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheets++;
    sheet.columns = HIT_EXPORT_COLUMNS.map((header, i) => ({ header, width: [16, 6, 11, 16, 14, 30, 16, 30, 10, 60, 50, 40][i] }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    sheetRows = 1;
  };
  startSheet();
  const add = (cells: string[]) => {
    if (sheetRows === XLSX_SHEET_ROWS) {
      sheet.commit();
      startSheet();
    }
    sheet.addRow(cells).commit();
    sheetRows++;
  };
  return {
    async writeRows(rows) {
      for (const cells of rows) add(cells);
      await drained(res);
    },
    async end(notes) {
      for (const note of notes) add([note]);
      sheet.commit();
      await book.commit();
    },
  };
}

/**
 * `/api/search?format=csv|xlsx`: the export streamed to the response, named by the query and the day. The
 * order is the index's (document by document) unless the URL names a sort. A failure after the first rows
 * were sent cannot become an error answer any more: the connection is cut so the file is not taken as whole.
 */
export async function sendHitExport(res: Response, searcher: Searcher, params: SearchParams, options: { publicUrl: string; format: 'csv' | 'xlsx'; sort: SortOrder }): Promise<void> {
  const query = readQuery(params.q);
  const today = citationDay();
  const context: HitExportContext = { publicUrl: options.publicUrl, today, q: params.q, mode: params.mode, marker: createMarker(query, params.mode) };
  let gone = false;
  res.on('close', () => (gone = !res.writableFinished));
  const open = (): RowSink => {
    res.set('Content-Disposition', contentDisposition(exportName('检索结果', [params.q], today, options.format)));
    res.type(options.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE);
    return options.format === 'csv' ? csvSink(res) : xlsxSink(res);
  };
  const request = { query, filters: params.filters, mode: params.mode, sort: options.sort };
  if (res.req.method === 'HEAD') {
    // The headers a GET would send, after the same check of the query, without building the file (the audit's
    // HEAD requests each built a whole export and timed out under load).
    await searcher.search({ ...request, group: 'section', offset: 0, limit: 1, withoutGroups: true });
    open();
    res.end();
    return;
  }
  try {
    await exportHits(searcher, request, context, open, () => gone);
  } catch (err) {
    if (!res.headersSent) throw err;
    console.error(err);
    res.destroy();
  }
}
