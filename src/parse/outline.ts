import { sliceSource } from '../normalize/normalize-text';
import type { RemovedLine, SourceLine, SourceText } from '../types';
import { CN_DIGITS } from './chinese-numerals';
import { detectLawStyle, parseLaw, type LawStyle } from './law-outline';
import { OutlineBuilder, piece, splitHeading, toBlocks, type Block, type OutlineSection } from './outline-builder';

/**
 * Splits body lines into an outline: headings and the paragraphs under each. Reports have 一、/（一）/1.
 * headings, run in or on lines of their own, and 一是…二是… enumerations; laws have 编/章/节 and articles
 * (see law-outline.ts). Nothing is dropped: every line ends in a heading, a paragraph, or `removed`.
 * Markers are matched on the matching form; every piece keeps its original wording.
 */

export interface Outline {
  /** How the body is structured as a law, or null for a report or policy text. */
  style: LawStyle | null;
  sections: OutlineSection[];
  /** Lines the outline reads as markup (a Taiwan rule's bare point number). */
  removed: RemovedLine[];
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

export function parseOutline(lines: SourceLine[], title: string): Outline {
  const blocks = toBlocks(lines);
  const builder = new OutlineBuilder();
  const style = detectLawStyle(blocks, title);
  const removed = style ? parseLaw(style, blocks, builder) : (parseReport(blocks, builder), []);
  return { style, sections: builder.finish(), removed };
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
      builder.heading(marker.level, piece(sliceSource(block, 0, split), block.line));
      if (split < block.norm.length) for (const p of splitEnumeration(sliceSource(block, split))) builder.paragraph(piece(p, block.line));
    } else {
      for (const p of splitEnumeration(block)) builder.paragraph(piece(p, block.line));
    }
  }
}

/** `…。一是A。二是B。` → [`…。`, `一是A。`, `二是B。`] when at least two items are enumerated. */
export function splitEnumeration(source: SourceText): SourceText[] {
  if (!ENUM_FIRST.test(source.norm)) return [source];
  const cuts = [0, ...[...source.norm.matchAll(ENUM_ITEM)].map((m) => m.index!), source.norm.length];
  const parts = cuts.slice(1).map((end, k) => sliceSource(source, cuts[k], end)).filter((p) => p.text);
  const items = parts.filter((p) => ENUM_START.test(p.norm)).length;
  return items >= 2 ? parts : [source];
}

