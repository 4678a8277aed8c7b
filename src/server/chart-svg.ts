import { escapeHtml } from '../search/snippet';

/**
 * Drawing primitives shared by the compare charts. Charts are plain SVG strings built on the server: they
 * show without JavaScript, download as files of their own, and use presentation attributes only (no style
 * attributes or <style> elements), which a Content-Security-Policy without 'unsafe-inline' still renders.
 */

export type Attrs = Record<string, string | number | undefined>;

/** An element with escaped attribute values; `children` are markup already built by these functions. */
export function element(name: string, attrs: Attrs, ...children: string[]): string {
  return children.length ? `<${name}${attributes(attrs)}>${children.join('')}</${name}>` : `<${name}${attributes(attrs)}/>`;
}

/** A text element (or <title>, <desc>) whose content is escaped. */
export function textElement(name: 'text' | 'title' | 'desc', attrs: Attrs, content: string): string {
  return `<${name}${attributes(attrs)}>${escapeHtml(content)}</${name}>`;
}

function attributes(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join('');
}

export const FONT_FAMILY = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";
export const INK = '#1f2328';
export const MUTED = '#5d6670';
export const GRID = '#d9dee3';

/** Width a line of text takes, roughly: Han and full-width characters one em, the rest about half. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch) ? 1 : 0.58;
  return ems * fontSize;
}

const CAPTION_FONT = 12;
const CAPTION_LINE = 18;

/** Characters a caption line may break after: spaces, Chinese punctuation, a URL's separators. */
const BREAK_AFTER = ' ，；、。&?/';

/** Narrowest a caption is wrapped to, so a chart of few years still reads as a block of text. */
const MIN_CAPTION_WIDTH = 460;

export interface CaptionLayout {
  lines: string[];
  width: number;
  height: number;
}

/** The caption's lines wrapped to the chart's width (a long address breaks anywhere), so the caption never widens a chart. */
export function layoutCaption(lines: string[], chartWidth: number): CaptionLayout {
  const width = Math.max(chartWidth, MIN_CAPTION_WIDTH);
  const room = width - 24;
  const wrapped: string[] = [];
  for (const line of lines) {
    let current = '';
    for (const ch of line) {
      if (current && textWidth(current + ch, CAPTION_FONT) > room) {
        // Break after the last space or punctuation in the line's last third, else where the room ends.
        const at = Math.max(...[...BREAK_AFTER].map((b) => current.lastIndexOf(b))) + 1;
        const cut = at > (current.length * 2) / 3 ? at : current.length;
        wrapped.push(current.slice(0, cut).trimEnd());
        current = current.slice(cut);
      }
      current += ch;
    }
    wrapped.push(current);
  }
  return { lines: wrapped, width, height: wrapped.length * CAPTION_LINE + 8 };
}

export function drawCaption(lines: string[], top: number): string {
  return element(
    'g',
    { class: 'caption', 'font-size': CAPTION_FONT, fill: MUTED },
    ...lines.map((line, i) => textElement('text', { x: 12, y: top + CAPTION_LINE * (i + 1) - 4 }, line)),
  );
}

export interface SvgFrame {
  width: number;
  height: number;
  /** Prefix of the ids inside, unique in a page that shows several charts. */
  id: string;
  title: string;
  description: string;
}

/** The outer <svg>, sized for download and scaled down by the page's stylesheet; titled for screen readers. */
export function drawSvg(frame: SvgFrame, ...children: string[]): string {
  const { id, title, description } = frame;
  const width = Math.ceil(frame.width);
  const height = Math.ceil(frame.height);
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'chart',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
      'font-family': FONT_FAMILY,
    },
    textElement('title', { id: `${id}-title` }, title),
    textElement('desc', { id: `${id}-desc` }, description),
    element('rect', { width, height, fill: '#ffffff' }),
    ...children,
  );
}
