import { joinSources } from '../normalize/normalize-text';
import type { ArticleRef, SourceLine, SourceText } from '../types';
import { CN_DIGITS } from './chinese-numerals';

/**
 * What outlines are built from: blocks (a line with its wrapped continuations), the shape of a heading line,
 * and the builder that files headings and paragraphs into sections. Shared by reports and laws.
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

/** A source line with the lines that continue it (a layout wrap), read as one text. */
export interface Block extends SourceText {
  line: number;
  /** Markdown heading level of the line, when it is one. */
  heading?: number;
  /** The line began indented, though indentation is too common in this text to mean a wrap everywhere. */
  indented?: boolean;
}

// A line starting with closing punctuation can only continue the line before (a hard layout wrap).
const CONTINUATION = /^[，、；：。？！）」』”〉》,;:?!)]/;

/** Longest first sentence that still reads as a heading, in characters. */
const MAX_RUN_IN_HEADING = 60;
/** Longest line without a full stop that is taken as a heading on its own. */
export const MAX_HEADING_LINE = 70;

// Hard-wrapped text (a law copied from a text dump: 加强编制管 / 理，提高行政效率): most lines that run on into the
// next line, with no blank between, stop at one width of at least this many columns.
const MIN_WRAP_COLUMNS = 40;
/** Columns a wrapped line may fall short of the wrap width (an indent, half-width punctuation, a word kept whole). */
const WRAP_SLACK = 4;
/** How many wrapped lines it takes to call a text hard-wrapped. */
const MIN_WRAPPED_LINES = 5;
/** Share of lines a hard-wrapped text may have wider than its wrap width (a table row, a long web address). */
const MAX_WIDER_SHARE = 0.05;
// A line that opens a unit of its own is never a wrapped continuation: a numbered entry or item, an article or chapter.
const OPENS_UNIT = new RegExp(`^(?:\\d{1,3}(?:[.、]|$)|[${CN_DIGITS}]+、|\\([${CN_DIGITS}]+\\)|第 ?[${CN_DIGITS}\\d]+ ?[条章节编])`);
// A line ending a sentence ends there, however wide: 第0-0段。推进…优化法治化营商环境。
const SENTENCE_END = /[。！？；：!?;:][”’」』）)]*$/;
const WIDE_CHAR = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\ud800-\udbff]/;

/** Columns a line takes on a terminal or in a text dump: Chinese characters and full-width forms take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    width += WIDE_CHAR.test(text[i]) ? 2 : 1;
  }
  return width;
}

/**
 * The width a hard-wrapped text is wrapped at, or null when its line breaks are its own: most lines that run
 * straight into the next without ending a sentence stop at one width (give or take an indent or a hanging mark),
 * and hardly any line is wider.
 */
export function wrapWidth(lines: SourceLine[]): number | null {
  const widths: number[] = [];
  lines.forEach((l, k) => {
    if (lines[k + 1]?.line === l.line + 1 && !l.heading && !SENTENCE_END.test(l.text)) widths.push(displayWidth(l.text));
  });
  const counts = new Map<number, number>();
  for (const w of widths) if (w >= MIN_WRAP_COLUMNS) counts.set(w, (counts.get(w) ?? 0) + 1);
  const mode = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
  if (mode === undefined) return null;
  // A line may hang one wide character past the width (punctuation kept off the next line).
  const wrapped = widths.filter((w) => w >= mode - WRAP_SLACK && w <= mode + 2).length;
  // And no line of a hard-wrapped text is wider than its wrap width: a report's paragraphs are.
  const wider = lines.filter((l) => displayWidth(l.text) > mode + 2).length;
  return wrapped >= MIN_WRAPPED_LINES && wrapped * 2 >= widths.length && wider <= lines.length * MAX_WIDER_SHARE ? mode : null;
}

/**
 * Groups lines with their continuations: a line starting with closing punctuation; an indented line where
 * indentation is the exception (so it means a wrap, not the paragraph indent most lines have); in hard-wrapped
 * text, the line right after one that reaches the wrap width.
 */
export function toBlocks(lines: SourceLine[]): Block[] {
  // Hard-wrapped text says by width what runs on (its indented lines may open paragraphs); elsewhere indentation,
  // where it is rare, marks a continuation.
  const wrap = wrapWidth(lines);
  const indentMeansWrap = wrap === null && lines.filter((l) => l.indented).length * 2 < lines.length;
  const runsOn = (previous: SourceLine, line: SourceLine) =>
    wrap !== null &&
    line.line === previous.line + 1 &&
    displayWidth(previous.text) >= wrap - WRAP_SLACK &&
    !SENTENCE_END.test(previous.text) &&
    !OPENS_UNIT.test(line.norm);
  const blocks: Block[] = [];
  let parts: SourceLine[] = [];
  const flush = () => {
    if (!parts.length) return;
    const first = parts[0];
    const block: Block = piece(joinSources(parts), first.line);
    if (first.heading) block.heading = first.heading;
    if (first.indented) block.indented = true;
    blocks.push(block);
    parts = [];
  };
  for (const line of lines) {
    const previous = parts[parts.length - 1];
    const continues = previous && !line.heading && !parts[0].heading && ((indentMeansWrap && line.indented) || CONTINUATION.test(line.text) || runsOn(previous, line));
    if (!continues) flush();
    parts.push(line);
  }
  flush();
  return blocks;
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

/** A piece of the outline: a text's fields alone (not a line's other fields), where it starts, and its place in a law. */
export function piece(source: SourceText, line: number, article?: ArticleRef): OutlineParagraph {
  const p: OutlineParagraph = { text: source.text, norm: source.norm, line };
  if (source.map) p.map = source.map;
  if (article) p.article = article;
  return p;
}

/** Collects headings and paragraphs in document order into sections. */
export class OutlineBuilder {
  private readonly sections: OutlineSection[] = [{ headings: [], paragraphs: [] }];
  private stack: Array<{ level: number; heading: OutlineHeading }> = [];

  heading(level: number, heading: OutlineHeading): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    this.stack.push({ level, heading: piece(heading, heading.line) });
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
      settled.push({ headings: s.headings.slice(0, -1), paragraphs: [piece(own, own.line)] });
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
