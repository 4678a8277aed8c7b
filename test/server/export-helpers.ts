import ExcelJS from 'exceljs';
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
