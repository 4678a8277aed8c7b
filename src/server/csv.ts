import type { SearchHit } from '../types';

const HEADER = ['region', 'year', 'title', 'issuer', 'headings', 'paragraph', 'text', 'link'];

/**
 * One row per matching paragraph, so each row is a citable unit. A byte-order mark makes Excel read the
 * file as UTF-8; cells that start with = + - @ are prefixed so a spreadsheet never runs them as formulas.
 */
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
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
