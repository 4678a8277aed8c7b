import type { SearchHit } from '../types';

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

const HEADER = ['region', 'year', 'title', 'issuer', 'headings', 'paragraph', 'text', 'link'];

/** One row per matching paragraph; replaced by the streaming export once the Searcher boundary is served. */
export function toCsv(hits: SearchHit[], origin: string): string {
  const rows = [HEADER];
  for (const hit of hits) {
    for (const p of hit.paragraphs) {
      rows.push([
        hit.doc.region?.path.join('/') ?? '',
        hit.doc.year === null ? '' : String(hit.doc.year),
        hit.doc.title,
        hit.doc.issuer ?? '',
        hit.section.headings.join(' › '),
        p.id,
        p.text,
        `${origin}/doc/${encodeURIComponent(hit.doc.id)}#${p.id}`,
      ]);
    }
  }
  return CSV_BOM + rows.map(csvLine).join('');
}
