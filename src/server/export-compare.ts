import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { CSV_BOM, csvLine } from './csv';
import { nextTurn } from './event-loop';
import { describeConditions, shareOf, yearLabel, type CompareCell, type CompareConditions, type CompareModel, type TableLine, type TermTable, tableLines } from './compare-model';

/**
 * The compare table as files: CSV with one line per term, region and year (the long form analysis tools
 * read), and a workbook with the conditions, the table as the page shows it (province subtotals, totals)
 * and the same long form with numbers as numbers.
 */

export const COMPARE_UNIT = '篇（文件数）。提及＝含检索词的文件数，收录＝该地区该年份收录的文件数（筛选条件相同），占比＝提及÷收录；处＝匹配的章节数';

const RECORD_HEADER = ['检索词', '省级', '地区', '地区代码', '年份', '提及文件数（篇）', '收录文件数（篇）', '占比', '匹配章节数（处）', '筛选条件'];

interface CompareRecord {
  term: string;
  province: string;
  region: string;
  code: string;
  year: string;
  cell: CompareCell;
}

/** Every region × year where a document is indexed or mentions the term, term by term, in the table's order. */
function compareRecords(model: CompareModel): CompareRecord[] {
  return model.terms.flatMap((table) =>
    table.groups.flatMap((group) =>
      group.rows.flatMap((row) =>
        row.cells.flatMap((cell, i) =>
          cell.indexed || cell.mentioned ? [{ term: table.term, province: group.name, region: row.label, code: row.code, year: yearLabel(model.years[i]), cell }] : [],
        ),
      ),
    ),
  );
}

/** A share as a CSV cell: a percentage with one decimal, empty where nothing is indexed. */
function shareText(cell: CompareCell): string {
  const share = shareOf(cell);
  return share === null ? '' : `${(share * 100).toFixed(1)}%`;
}

export function compareCsv(model: CompareModel, conditions: CompareConditions): string {
  const filters = conditions.filters.join('；') || '无';
  return (
    CSV_BOM +
    csvLine(RECORD_HEADER) +
    compareRecords(model)
      .map((r) => csvLine([r.term, r.province, r.region, r.code, r.year, r.cell.mentioned, r.cell.indexed, shareText(r.cell), r.cell.sections, filters]))
      .join('')
  );
}

const BOLD = { bold: true };
const PERCENT = '0.0%';

/** Rows of a workbook written per turn of the event loop: a five-term table of a long collection is tens of thousands of cells. */
const XLSX_ROWS_PER_TURN = 20;

/** The workbook, written as a stream a few rows per turn so that other requests are answered meanwhile. */
export async function compareXlsx(model: CompareModel, conditions: CompareConditions): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = '政策全文检索';
  await addConditionsSheet(book, conditions);
  for (const [i, table] of model.terms.entries()) await addTableSheet(book, model, table, i);
  await addRecordsSheet(book, model, conditions);
  await book.commit();
  return Buffer.concat(chunks);
}

type Sheet = ExcelJS.Worksheet;

/** Commits rows as they are added, giving way to other requests every few rows. */
function rowWriter(sheet: Sheet): (values: Array<string | number>, style?: (row: ExcelJS.Row) => void) => Promise<void> {
  let written = 0;
  return async (values, style) => {
    const row = sheet.addRow(values);
    style?.(row);
    row.commit();
    if (++written % XLSX_ROWS_PER_TURN === 0) await nextTurn();
  };
}

async function addConditionsSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, conditions: CompareConditions): Promise<void> {
  const sheet = book.addWorksheet('说明');
  sheet.columns = [{ width: 100 }];
  const add = rowWriter(sheet);
  await add(['政策全文检索 · 各地对比'], (row) => (row.font = { bold: true, size: 14 }));
  for (const line of describeConditions(conditions, COMPARE_UNIT)) await add([line]);
  await add(['“对比表”各工作表：每个年份两列（提及、收录），省级合计行为粗体；“明细”工作表：每个检索词 × 地区 × 年份一行。']);
  sheet.commit();
}

/** The table as the page shows it: per year the documents mentioning and indexed, province subtotals in bold. */
async function addTableSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, model: CompareModel, table: TermTable, index: number): Promise<void> {
  const sheet = book.addWorksheet(sheetName(`对比表${index + 1}_${table.term}`), { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
  sheet.getColumn(1).width = 28;
  // The two heading rows stay open until their cells are merged (a committed row can no longer change).
  sheet.addRow([`“${table.term}”`, ...model.years.flatMap((y) => [yearLabel(y), '']), '合计', '', '', '']).font = BOLD;
  sheet.addRow(['地区', ...model.years.flatMap(() => ['提及', '收录']), '提及', '收录', '占比', '处']).font = BOLD;
  model.years.forEach((_, i) => sheet.mergeCells(1, 2 + 2 * i, 1, 3 + 2 * i));
  sheet.mergeCells(1, 2 + 2 * model.years.length, 1, 5 + 2 * model.years.length);
  const add = rowWriter(sheet);
  const lines: TableLine[] = [...tableLines(table), { label: '总计', name: '总计', cells: table.yearTotals, total: table.total, province: true }];
  for (const line of lines) {
    const { total } = line;
    // A province's line reads 江苏省（合计） here: a spreadsheet shows no grouping that says so.
    const values = [line.province ? line.name : line.label, ...line.cells.flatMap((c) => [c.mentioned, c.indexed]), total.mentioned, total.indexed, shareOf(total) ?? '', total.sections];
    await add(values, (row) => {
      if (line.province) row.font = BOLD;
      else row.getCell(1).alignment = { indent: 1 };
      row.getCell(4 + 2 * line.cells.length).numFmt = PERCENT;
    });
  }
  sheet.commit();
}

async function addRecordsSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, model: CompareModel, conditions: CompareConditions): Promise<void> {
  const sheet = book.addWorksheet('明细', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [12, 14, 22, 10, 8, 10, 10, 8, 10, 30].map((width) => ({ width }));
  const add = rowWriter(sheet);
  await add(RECORD_HEADER, (row) => (row.font = BOLD));
  const filters = conditions.filters.join('；') || '无';
  for (const r of compareRecords(model)) {
    await add([r.term, r.province, r.region, r.code, r.year, r.cell.mentioned, r.cell.indexed, shareOf(r.cell) ?? '', r.cell.sections, filters], (row) => (row.getCell(8).numFmt = PERCENT));
  }
  sheet.commit();
}

/** Excel allows 31 characters and none of []:*?/\ in a sheet name. */
function sheetName(name: string): string {
  return [...name.replace(/[[\]:*?/\\]/g, '')].slice(0, 31).join('');
}
