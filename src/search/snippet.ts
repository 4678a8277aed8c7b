/** Snippets: pure functions from a paragraph and its match ranges to HTML. */

export type Range = [start: number, end: number];

/** Characters of context shown around the first match when a paragraph is too long to show whole. */
export const SNIPPET_CHARS = 160;
const CONTEXT_BEFORE = 40;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Sorts ranges and merges those that overlap or touch, so a phrase cut by jieba is still one mark. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** Escapes `text` and wraps every range in `<mark>`. */
export function highlight(text: string, ranges: Range[]): string {
  let html = '';
  let at = 0;
  for (const [s, e] of mergeRanges(ranges)) {
    html += escapeHtml(text.slice(at, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    at = e;
  }
  return html + escapeHtml(text.slice(at));
}

/**
 * A window of at most SNIPPET_CHARS characters around the first match, `…` where the text is cut,
 * every match in the window marked. A short paragraph is shown whole.
 */
export function renderSnippet(text: string, ranges: Range[]): string {
  const merged = mergeRanges(ranges);
  if (text.length <= SNIPPET_CHARS) return highlight(text, merged);
  const first = merged[0]?.[0] ?? 0;
  let start = Math.max(0, first - CONTEXT_BEFORE);
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  start = Math.max(0, end - SNIPPET_CHARS);
  // A match cut by the window's edge is clipped to it, so the mark never spills past the text shown.
  const inside = merged
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]): Range => [Math.max(s, start) - start, Math.min(e, end) - start]);
  return (start > 0 ? '…' : '') + highlight(text.slice(start, end), inside) + (end < text.length ? '…' : '');
}
