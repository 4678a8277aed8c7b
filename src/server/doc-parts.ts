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
  const whole = doc.sections.map((section) => ({ section, from: 0, to: section.paragraphs.length }));
  const parts = cutSlices(whole, budget, true).map((pieces, k): DocPart => {
    const slices = pieces.map(({ of, from, to }) => ({ section: of.section, from, to }));
    const ordinals = slices.flatMap((s) => s.section.paragraphs.slice(s.from, s.to).map((p) => p.ordinal));
    return { number: k + 1, slices, firstOrdinal: ordinals[0] ?? 0, lastOrdinal: ordinals[ordinals.length - 1] ?? 0 };
  });
  return parts.length ? parts : [{ number: 1, slices: [], firstOrdinal: 0, lastOrdinal: 0 }];
}

/** Part of a slice: paragraphs `from`..`to` of the slice `of` it was cut from. */
export interface SlicePiece<T extends SectionSlice> {
  of: T;
  from: number;
  to: number;
}

/**
 * Cuts a run of slices into groups that cost at most `budget`, between paragraphs (a single paragraph is never
 * cut, so one above the budget is a group of its own). With `wholeSections`, a slice that does not fit in the
 * current group starts the next one, and is cut only when it alone is over the budget. An empty slice (a
 * heading without paragraphs) is kept, so its heading is shown.
 */
export function cutSlices<T extends SectionSlice>(slices: T[], budget: number, wholeSections: boolean): Array<Array<SlicePiece<T>>> {
  const groups: Array<Array<SlicePiece<T>>> = [];
  let group: Array<SlicePiece<T>> = [];
  let used = 0;
  const close = () => {
    if (group.length) groups.push(group);
    group = [];
    used = 0;
  };
  for (const slice of slices) {
    const cost = (i: number) => slice.section.paragraphs[i].text.length + PARAGRAPH_COST;
    if (wholeSections) {
      let total = 0;
      for (let i = slice.from; i < slice.to; i++) total += cost(i);
      if (used + total > budget) close();
    }
    let from = slice.from;
    for (let i = slice.from; i < slice.to; i++) {
      if (used + cost(i) > budget && (i > from || group.length)) {
        if (i > from) group.push({ of: slice, from, to: i });
        close();
        from = i;
      }
      used += cost(i);
    }
    if (from < slice.to || slice.from === slice.to) group.push({ of: slice, from, to: slice.to });
  }
  close();
  return groups;
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
