import type { ParsedDocument } from '../types';
import { cutSlices, showSlices } from './doc-parts';

/**
 * A document as a plain-text file to keep or forward: its metadata, a link to it, then the original wording
 * of every heading and paragraph in order. CRLF and a byte-order mark, so Notepad on the office's Windows
 * shows it as it is. Yields the header, then the text in pieces of about `budget` (in PART_BUDGET's units), so a
 * long document is written in turns.
 */
export function* documentTextPieces(doc: ParsedDocument, publicUrl: string, budget: number): Generator<string> {
  const header: string[] = [doc.title.text, ''];
  const field = (label: string, value: string | number | null) => {
    if (value !== null && value !== '') header.push(`${label}：${value}`);
  };
  field('发布机关', doc.issuer);
  field('发布日期', doc.published);
  field('文号', doc.docNumber);
  field(doc.kind === '法律法规' ? '年份' : '报告年度', doc.year);
  field('地区', doc.region ? doc.region.path.join(' ') : null);
  field('文种', doc.kind);
  field('原文链接', `${publicUrl}/doc/${encodeURIComponent(doc.id)}`);
  if (doc.titleComposed) header.push('说明：原文无标题，标题按地区、年度和文种拟定');
  if (doc.removed.length) header.push(`说明：已去除网页模板 ${doc.removed.length} 行（导航、信息表、页脚等），正文一字未改`);
  yield '\ufeff' + crlf(header);
  const whole = showSlices(doc.sections.map((section) => ({ section, from: 0, to: section.paragraphs.length })));
  for (const pieces of cutSlices(whole, budget, false)) {
    const lines: string[] = [];
    for (const { of: slice, from, to } of pieces) {
      if (from === slice.from) {
        for (const h of slice.headings) lines.push('', h.heading.text);
        if (to > from) lines.push('');
      }
      for (const p of slice.section.paragraphs.slice(from, to)) lines.push(p.text);
    }
    yield crlf(lines);
  }
}

function crlf(lines: string[]): string {
  return lines.map((line) => `${line}\r\n`).join('');
}

/** A file name for the download: the title without characters Windows refuses, cut to a sensible length. */
export function documentFileName(doc: ParsedDocument): string {
  const base = doc.title.text.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').slice(0, 80) || doc.id;
  return `${base}.txt`;
}
