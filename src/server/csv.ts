/**
 * CSV as spreadsheets read it: a byte-order mark so Excel takes the file as UTF-8, CRLF line ends, and cells
 * that start with = + - @ (or a tab or carriage return) prefixed with an apostrophe so a spreadsheet never
 * runs them as formulas. Numbers are written as they are.
 */

export const CSV_BOM = '\ufeff';

export function csvLine(cells: Array<string | number>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
