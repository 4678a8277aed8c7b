import { joinSources, sliceSource } from '../normalize/normalize-text';
import type { ArticleRef, RemovedLine, SourceLine, SourceText } from '../types';
import { CN_DIGITS } from './chinese-numerals';
import { detectLawStyle, parseLaw, type LawStyle } from './law-outline';

/**
 * Splits body lines into an outline: headings and the paragraphs under each. Reports have 一、/（一）/1.
 * headings, run in or on lines of their own, and 一是…二是… enumerations; laws have 编/章/节 and articles
 * (see law-outline.ts). Nothing is dropped: every line ends in a heading, a paragraph, or `removed`.
 * Markers are matched on the matching form; every piece keeps its original wording.
 */

export interface OutlineHeading extends SourceText {
  /** Source line the heading stands on. */
  line: number;
}

export interface OutlineParagraph extends SourceText {
  /** Source line the paragraph starts on. */
  line: number;
  article?: ArticleRef;
}

export interface OutlineSection {
  headings: OutlineHeading[];
  paragraphs: OutlineParagraph[];
}

export interface Outline {
  /** How the body is structured as a law, or null for a report or policy text. */
  style: LawStyle | null;
  sections: OutlineSection[];
  /** Lines the outline reads as markup (a Taiwan rule's bare point number). */
  removed: RemovedLine[];
}

/** A source line with the lines that continue it (a layout wrap), read as one text. */
export interface Block extends SourceText {
  line: number;
  /** Markdown heading level of the line, when it is one. */
  heading?: number;
  /** The line began indented, though indentation is too common in this text to mean a wrap everywhere. */
  indented?: boolean;
}

const CN_NUM = `[${CN_DIGITS}]+`;
// Level 1–3 markers of reports. `1.` must not catch `2023年`: a dot or 、 follows the digits directly.
const REPORT_MARKERS: Array<{ level: number; re: RegExp }> = [
  { level: 1, re: new RegExp(`^${CN_NUM}、`) },
  { level: 2, re: new RegExp(`^\\(${CN_NUM}\\)`) },
  { level: 3, re: /^\d{1,2}(?:\.(?!\d)|、)/ },
];
// An enumerated item starts at the beginning or after a sentence end: 。一是… ;二是…
const ENUM_ITEM = new RegExp(`(?<=[。;:])(?=${CN_NUM}是[^,。;]{2})`, 'g');
const ENUM_FIRST = new RegExp(`${CN_NUM}是`);
const ENUM_START = new RegExp(`^${CN_NUM}是`);
// A line starting with closing punctuation can only continue the line before (a hard layout wrap).
const CONTINUATION = /^[，、；：。？！）」』”〉》,;:?!)]/;

/** Longest first sentence that still reads as a heading, in characters. */
const MAX_RUN_IN_HEADING = 60;
/** Longest line without a full stop that is taken as a heading on its own. */
export const MAX_HEADING_LINE = 70;

export function parseOutline(lines: SourceLine[], title: string): Outline {
  const blocks = toBlocks(lines);
  const builder = new OutlineBuilder();
  const style = detectLawStyle(blocks, title);
  const removed = style ? parseLaw(style, blocks, builder) : (parseReport(blocks, builder), []);
  return { style, sections: builder.finish(), removed };
}

/**
 * Groups lines with their continuations: a line starting with closing punctuation, or an indented line
 * where indentation is the exception (so it means a wrap, not the paragraph indent most lines have).
 */
export function toBlocks(lines: SourceLine[]): Block[] {
  const indentMeansWrap = lines.filter((l) => l.indented).length * 2 < lines.length;
  const blocks: Block[] = [];
  let parts: SourceLine[] = [];
  const flush = () => {
    if (!parts.length) return;
    const { text, norm, map } = joinSources(parts);
    const first = parts[0];
    blocks.push({ text, norm, ...(map && { map }), line: first.line, ...(first.heading && { heading: first.heading }), ...(first.indented && { indented: true }) });
    parts = [];
  };
  for (const line of lines) {
    const continues = parts.length > 0 && !line.heading && !parts[0].heading && ((indentMeansWrap && line.indented) || CONTINUATION.test(line.text));
    if (!continues) flush();
    parts.push(line);
  }
  flush();
  return blocks;
}

function parseReport(blocks: Block[], builder: OutlineBuilder): void {
  for (const block of blocks) {
    if (block.heading) {
      builder.heading(block.heading, block);
      continue;
    }
    const marker = REPORT_MARKERS.find((m) => m.re.test(block.norm));
    const split = marker ? splitHeading(block.norm) : null;
    if (marker && split) {
      builder.heading(marker.level, { ...sliceSource(block, 0, split), line: block.line });
      if (split < block.norm.length) for (const p of splitEnumeration(sliceSource(block, split))) builder.paragraph({ ...p, line: block.line });
    } else {
      for (const p of splitEnumeration(block)) builder.paragraph({ ...p, line: block.line });
    }
  }
}

/**
 * Where a numbered line's heading ends (after its full stop, which it keeps: `（一）坚持高位推进。`), or null when
 * the line is body text: a long first sentence, or a lead-in to a list (一、为了…如下:).
 */
export function splitHeading(norm: string): number | null {
  const stop = norm.search(/[。:]/);
  if (stop === -1) return norm.length <= MAX_HEADING_LINE ? norm.length : null;
  if (stop > MAX_RUN_IN_HEADING || norm[stop] === ':') return null;
  return stop + 1;
}

/** `…。一是A。二是B。` → [`…。`, `一是A。`, `二是B。`] when at least two items are enumerated. */
export function splitEnumeration(source: SourceText): SourceText[] {
  if (!ENUM_FIRST.test(source.norm)) return [plain(source)];
  const cuts = [0, ...[...source.norm.matchAll(ENUM_ITEM)].map((m) => m.index!), source.norm.length];
  const parts = cuts.slice(1).map((end, k) => sliceSource(source, cuts[k], end)).filter((p) => p.text);
  const items = parts.filter((p) => ENUM_START.test(p.norm)).length;
  return items >= 2 ? parts.map(plain) : [plain(source)];
}

/** The text fields of a source piece alone, without a line's other fields. */
export function plain(source: SourceText): SourceText {
  return source.map ? { text: source.text, norm: source.norm, map: source.map } : { text: source.text, norm: source.norm };
}

/** Collects headings and paragraphs in document order into sections. */
export class OutlineBuilder {
  private readonly sections: OutlineSection[] = [{ headings: [], paragraphs: [] }];
  private stack: Array<{ level: number; heading: OutlineHeading }> = [];

  heading(level: number, heading: OutlineHeading): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    this.stack.push({ level, heading: { ...plain(heading), line: heading.line } });
    this.open();
  }

  /** Back to the top level: what follows stands under no heading (the text after a Taiwan law's 沿革). */
  leave(): void {
    if (!this.stack.length) return;
    this.stack = [];
    this.open();
  }

  paragraph(paragraph: OutlineParagraph): void {
    this.sections[this.sections.length - 1].paragraphs.push(paragraph);
  }

  /**
   * Sections with no paragraphs of their own lend their heading to the path of those below. A heading with
   * nothing below it at all (五十二、本修正案自…起施行。) is text, not a heading: it becomes a paragraph under
   * its parent headings, so no line is lost. Neighbours with the same heading path are one section.
   */
  finish(): OutlineSection[] {
    // From the end, so a heading knows whether anything below it holds text once its own children are settled.
    const settled: OutlineSection[] = [];
    for (let k = this.sections.length - 1; k >= 0; k--) {
      const s = this.sections[k];
      if (s.paragraphs.length) {
        settled.push(s);
        continue;
      }
      const own = s.headings[s.headings.length - 1];
      if (!own || settled.some((later) => startsWith(later.headings, s.headings))) continue;
      settled.push({ headings: s.headings.slice(0, -1), paragraphs: [{ ...plain(own), line: own.line }] });
    }
    const out: OutlineSection[] = [];
    for (const section of settled.reverse()) {
      const last = out[out.length - 1];
      if (last && samePath(last.headings, section.headings)) last.paragraphs.push(...section.paragraphs);
      else out.push(section);
    }
    return out;
  }

  private open(): void {
    this.sections.push({ headings: this.stack.map((h) => h.heading), paragraphs: [] });
  }
}

function startsWith(path: OutlineHeading[], prefix: OutlineHeading[]): boolean {
  return path.length >= prefix.length && prefix.every((h, i) => path[i] === h);
}

function samePath(a: OutlineHeading[], b: OutlineHeading[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}
