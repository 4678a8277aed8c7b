import type { DocRecord, Paragraph } from '../types';
import { paragraphPath } from './links';

/** What a citation needs beyond the document: where the app is published and the day of citing. */
export interface CitationContext {
  /** Public origin of the app, no trailing slash (`http://policy.example:3000`): from PUBLIC_URL, never a Host header. */
  publicUrl: string;
  /** ISO date of citing (GB/T 7714's 引用日期). */
  today: string;
}

/**
 * How a reader cites a paragraph. A law or regulation is cited by article as lawyers do:
 * 《中华人民共和国行政复议法》第三十条第二款第（一）项 (Taiwan: 第3條第2項第1款). Everything else, and a law's
 * paragraphs outside any article, as an electronic resource after GB/T 7714-2015:
 * 机关. 题名[EB/OL]. (发布日期)[引用日期]. URL. — never with an in-house paragraph number.
 */
export function citeParagraph(doc: DocRecord, paragraph: Paragraph, context: CitationContext): string {
  const title = doc.title.text;
  if (paragraph.article) {
    const { article, clause = '', item = '' } = paragraph.article;
    return `《${title}》${article}${clause}${item}`;
  }
  const author = doc.issuer ? `${doc.issuer}. ` : '';
  const published = doc.published ? `(${doc.published})` : '';
  return `${author}${title}[EB/OL]. ${published}[${context.today}]. ${context.publicUrl}${paragraphPath(doc.id, paragraph.id)}.`;
}

/** Today's date in China (UTC+8), the calendar day a reader there cites on. */
export function citationDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
