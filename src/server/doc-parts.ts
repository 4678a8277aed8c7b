import type { ParsedDocument, Section, SourceText } from '../types';

/**
 * A long document is shown in parts, so no page grows without bound (a 4 MB text once rendered an 83 MB page
 * in 3.7 s, holding every other request). A part is a run of whole sections, or of one long section's
 * paragraphs, up to a size budget; every real document in the collections fits in one part (the longest,
 * 刑法, costs about 128,000: 72,000 characters in 468 paragraphs). A part renders to under 1 MB of HTML.
 */

/** What one part may cost: characters of text plus PARAGRAPH_COST per paragraph (its anchor, number and button). */
export const PART_BUDGET = 150_000;
/** The markup around a paragraph, in characters, so many short paragraphs count as they render. */
const PARAGRAPH_COST = 120;

/** Paragraphs `from`..`to` (exclusive) of one section. */
export interface SectionSlice {
  section: Section;
  from: number;
  to: number;
}

export interface DocPart {
  /** 1-based. */
  number: number;
  slices: SectionSlice[];
  /** Ordinals of the first and last paragraph, for labelling the part. */
  firstOrdinal: number;
  lastOrdinal: number;
}

const cache = new WeakMap<ParsedDocument, DocPart[]>();

/** The document's parts in order, computed once per loaded document. */
export function documentParts(doc: ParsedDocument): DocPart[] {
  let parts = cache.get(doc);
  if (!parts) cache.set(doc, (parts = splitDocument(doc, PART_BUDGET)));
  return parts;
}

/** Splits a document into parts of at most `budget` (a lone paragraph above it gets a part of its own); at least one. */
export function splitDocument(doc: ParsedDocument, budget: number): DocPart[] {
  const parts: DocPart[] = [];
  let slices: SectionSlice[] = [];
  let used = 0;
  const close = () => {
    if (!slices.length) return;
    const ordinals = slices.flatMap((s) => s.section.paragraphs.slice(s.from, s.to).map((p) => p.ordinal));
    parts.push({ number: parts.length + 1, slices, firstOrdinal: ordinals[0] ?? 0, lastOrdinal: ordinals[ordinals.length - 1] ?? 0 });
    slices = [];
    used = 0;
  };
  for (const section of doc.sections) {
    const cost = section.paragraphs.map((p) => p.text.length + PARAGRAPH_COST);
    const total = cost.reduce((a, b) => a + b, 0);
    if (used + total > budget) close();
    let from = 0;
    for (let i = 0; i < cost.length; i++) {
      // A section longer than the budget is cut between paragraphs; a single paragraph is never cut.
      if (used + cost[i] > budget && i > from) {
        slices.push({ section, from, to: i });
        close();
        from = i;
      }
      used += cost[i];
    }
    // An empty section still shows its headings.
    if (from < cost.length || cost.length === 0) slices.push({ section, from, to: cost.length });
  }
  close();
  if (!parts.length) parts.push({ number: 1, slices: [], firstOrdinal: 0, lastOrdinal: 0 });
  return parts;
}

/** The part holding a paragraph, by its id; undefined when no paragraph has that id. */
export function partOfParagraph(parts: DocPart[], paragraphId: string): DocPart | undefined {
  return parts.find((part) => part.slices.some((s) => s.section.paragraphs.slice(s.from, s.to).some((p) => p.id === paragraphId)));
}

export interface ShownHeading {
  heading: SourceText;
  /** 1 for the outermost level. */
  depth: number;
}

/** A slice as the page prints it, with the headings printed above it. */
export interface ShownSlice extends SectionSlice {
  headings: ShownHeading[];
}

/**
 * The headings printed above each slice: those the parser shows first at its section (a parent heading shared
 * by several sections is printed above the first of them only); the whole path above the first slice, so a part
 * that begins inside the document says where it is; none above the rest of a section continued in the list.
 */
export function showSlices(slices: SectionSlice[]): ShownSlice[] {
  return slices.map((slice, k) => {
    const { headings, shownHeadings } = slice.section;
    const first = k === 0 ? 0 : slice.from > 0 ? headings.length : headings.length - shownHeadings;
    return { ...slice, headings: headings.slice(first).map((heading, i) => ({ heading, depth: first + i + 1 })) };
  });
}

export interface OutlineEntry {
  heading: string;
  /** 1 for the outermost level. */
  depth: number;
  /** Paragraph id where the heading's text begins. */
  anchor: string;
}

/** Every heading of the slices once, in order, even those with no paragraph of their own (一、 above its (一)). */
export function buildOutline(slices: SectionSlice[]): OutlineEntry[] {
  return showSlices(slices).flatMap((slice) =>
    slice.headings.map(({ heading, depth }) => ({ heading: heading.text, depth, anchor: slice.section.paragraphs[slice.from]?.id ?? sectionAnchor(slice.section) })),
  );
}

/** The id of a section's element on the document page: the hash part of its id. */
export function sectionAnchor(section: Section): string {
  return section.id.split(':').pop()!;
}
