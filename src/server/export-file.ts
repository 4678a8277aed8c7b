/**
 * How downloaded files are named: what they hold, the query and the day (`检索结果_包容审慎_2026-11-24.csv`),
 * announced with RFC 6266/5987 so browsers keep the Chinese name and old clients get an ASCII one.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ExportKind = '检索结果' | '各地对比' | '地区年份热力图' | '年度占比图';

const KIND_ASCII: Record<ExportKind, string> = {
  检索结果: 'policy-search-hits',
  各地对比: 'policy-search-compare',
  地区年份热力图: 'policy-search-heatmap',
  年度占比图: 'policy-search-share',
};

/** Longest query part of a file name, in characters; longer queries are cut and marked with …. */
const MAX_QUERY_IN_NAME = 40;

export interface ExportName {
  /** The name people see: kind, terms and date. */
  name: string;
  /** The same in ASCII for clients that cannot read `filename*`. */
  fallback: string;
}

/** A file name from the terms (joined by +; `全部` when browsing without a query), the day and the extension. */
export function exportName(kind: ExportKind, terms: string[], date: string, extension: string): ExportName {
  const query = terms.map(fileNamePart).filter(Boolean).join('+') || '全部';
  const clipped = [...query].length > MAX_QUERY_IN_NAME ? `${[...query].slice(0, MAX_QUERY_IN_NAME).join('')}…` : query;
  return { name: `${kind}_${clipped}_${date}.${extension}`, fallback: `${KIND_ASCII[kind]}-${date}.${extension}` };
}

// Characters no file system takes in a name (and control characters), and runs of spaces, which shells dislike.
function fileNamePart(term: string): string {
  return term
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/\s+/g, '_');
}

/** `Content-Disposition` for a download: an ASCII `filename` and the UTF-8 `filename*` of RFC 5987. */
export function contentDisposition({ name, fallback }: ExportName): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
