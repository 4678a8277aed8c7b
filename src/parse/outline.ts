/**
 * Splits normalized body lines into an outline: headings (一、 / (一) / 1. ; 第X章 / 第X节 for laws) and the
 * paragraphs under each. A heading that runs into its paragraph is split from it; a paragraph that
 * enumerates 一是…二是… becomes one paragraph per item; a law's 第X条 is one paragraph.
 */

export interface OutlineSection {
  headings: string[];
  paragraphs: string[];
}

const CN_NUM = '[一二三四五六七八九十百零〇]+';
// Level 1–3 markers of reports. `1.` must not catch `2023年`: a dot or 、 follows the digits directly.
const REPORT_MARKERS: Array<{ level: number; re: RegExp }> = [
  { level: 1, re: new RegExp(`^${CN_NUM}、`) },
  { level: 2, re: new RegExp(`^\\(${CN_NUM}\\)`) },
  { level: 3, re: /^\d{1,2}(?:\.(?!\d)|、)/ },
];
// Laws: 第一编 / 第一章 / 第一节 are headings; 第一条 starts an article (Taiwan writes 第 1 条).
const LAW_MARKERS: Array<{ level: number; re: RegExp }> = [
  { level: 1, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?编(?: |$)`) },
  { level: 2, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?章(?: |$)`) },
  { level: 3, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?节(?: |$)`) },
];
const ARTICLE = new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?条(?:之${CN_NUM})?(?: |$)`);
// An enumerated item starts at the beginning or after a sentence end: 。一是… ;二是…
const ENUM_ITEM = new RegExp(`(?<=[。;:])(?=${CN_NUM}是[^,。;]{2})`, 'g');
const ENUM_FIRST = new RegExp(`${CN_NUM}是`);
const ENUM_START = new RegExp(`^${CN_NUM}是`);

/** Longest first sentence that still reads as a heading, in characters. */
const MAX_RUN_IN_HEADING = 60;
/** Longest line without a full stop that is taken as a heading on its own. */
const MAX_HEADING_LINE = 70;

export function isLawText(lines: string[]): boolean {
  let articles = 0;
  for (const line of lines) if (ARTICLE.test(line)) articles++;
  return articles >= 2;
}

export function parseOutline(lines: string[]): OutlineSection[] {
  return isLawText(lines) ? parseLaw(lines) : parseReport(lines);
}

function parseReport(lines: string[]): OutlineSection[] {
  const builder = new OutlineBuilder();
  for (const line of lines) {
    const marker = REPORT_MARKERS.find((m) => m.re.test(line));
    const split = marker ? splitHeading(line) : null;
    if (marker && split) {
      builder.heading(marker.level, split.heading);
      if (split.body) for (const p of splitEnumeration(split.body)) builder.paragraph(p);
    } else {
      for (const p of splitEnumeration(line)) builder.paragraph(p);
    }
  }
  return builder.finish();
}

function parseLaw(lines: string[]): OutlineSection[] {
  const builder = new OutlineBuilder();
  let article: string | null = null;
  const flush = () => {
    if (article !== null) builder.paragraph(article);
    article = null;
  };
  for (const line of lines) {
    const marker = LAW_MARKERS.find((m) => m.re.test(line));
    if (marker && line.length <= MAX_HEADING_LINE) {
      flush();
      builder.heading(marker.level, line);
    } else if (ARTICLE.test(line)) {
      flush();
      article = line;
    } else if (article !== null) {
      // Items and continuation lines of an article belong to it; Taiwan puts the text under `第 1 条`.
      article += (article.endsWith('条') ? ' ' : '') + line;
    } else {
      builder.paragraph(line);
    }
  }
  flush();
  return builder.finish();
}

/** `(一)坚持高位推进。6月26日…` → heading `(一)坚持高位推进`, body `6月26日…`; null when the line is body text. */
export function splitHeading(line: string): { heading: string; body: string } | null {
  const stop = line.search(/[。:]/);
  if (stop === -1) return line.length <= MAX_HEADING_LINE ? { heading: line, body: '' } : null;
  if (stop > MAX_RUN_IN_HEADING) return null;
  if (line[stop] === ':') return null; // a lead-in to a list (一、为了…如下:), not a heading
  return { heading: line.slice(0, stop), body: line.slice(stop + 1).trim() };
}

/** `…。一是A。二是B。` → [`…。`, `一是A。`, `二是B。`] when at least two items are enumerated. */
export function splitEnumeration(text: string): string[] {
  if (!ENUM_FIRST.test(text)) return [text];
  const parts = text.split(ENUM_ITEM).map((p) => p.trim()).filter(Boolean);
  const items = parts.filter((p) => ENUM_START.test(p)).length;
  return items >= 2 ? parts : [text];
}

class OutlineBuilder {
  private readonly sections: OutlineSection[] = [{ headings: [], paragraphs: [] }];
  private readonly stack: Array<{ level: number; text: string }> = [];

  heading(level: number, text: string): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    this.stack.push({ level, text });
    this.sections.push({ headings: this.stack.map((h) => h.text), paragraphs: [] });
  }

  paragraph(text: string): void {
    this.sections[this.sections.length - 1].paragraphs.push(text);
  }

  /** Sections with no paragraphs of their own only lend their heading to the path of those below. */
  finish(): OutlineSection[] {
    return this.sections.filter((s) => s.paragraphs.length > 0);
  }
}
