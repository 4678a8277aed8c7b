import { joinSources } from '../normalize/normalize-text';
import type { ArticleRef, SourceLine, SourceText } from '../types';

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
    const first = parts[0];
    const block: Block = piece(joinSources(parts), first.line);
    if (first.heading) block.heading = first.heading;
    if (first.indented) block.indented = true;
    blocks.push(block);
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
