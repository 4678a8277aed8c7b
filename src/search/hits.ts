import type { DocRecord, DocSummary, DocumentHits, HitParagraph, SearchHit } from '../types';
import { citeParagraph, type CitationContext } from './citation';
import { documentPath, paragraphPath } from './links';
import type { QueryMarker, TextMatch } from './match-text';
import type { DocumentRow, SectionRow } from './searcher';
import type { SearchMode } from './search-params';

/** A hit lists at most this many matching paragraphs; the document page shows the rest. */
const MAX_PARAGRAPHS_PER_HIT = 20;

export interface HitContext extends CitationContext {
  /** The query as typed, for links that open the document with it marked. */
  q: string;
  mode: SearchMode;
  marker: QueryMarker;
}

/**
 * A section row as a hit: its matching paragraphs best first (more of the query's terms, then more matches,
 * then document order; a section matched by a heading or the title alone shows its first paragraph), each
 * with a snippet of its original wording and its citation; headings and title marked where they match.
 */
export function buildHit(row: SectionRow, context: HitContext): SearchHit {
  const { doc, section } = row;
  const { marker } = context;
  const found: Array<{ k: number; match: TextMatch }> = [];
  section.paragraphs.forEach((p, k) => {
    const match = marker.find(p, 'paragraph');
    if (match.ranges.length) found.push({ k, match });
  });
  found.sort((a, b) => b.match.terms - a.match.terms || b.match.ranges.length - a.match.ranges.length || a.k - b.k);
  if (found.length === 0 && section.paragraphs.length) found.push({ k: 0, match: { terms: 0, ranges: [] } });
  const paragraphs: HitParagraph[] = found.slice(0, MAX_PARAGRAPHS_PER_HIT).map(({ k, match }) => {
    const p = section.paragraphs[k];
    return { id: p.id, text: p.text, snippet: marker.snippet(p, match), citation: citeParagraph(doc, p, context) };
  });
  const marked = { q: context.q, mode: context.mode };
  return {
    doc: summarize(doc),
    titleHtml: marker.html(doc.title, marker.find(doc.title, 'title')),
    section: {
      id: section.id,
      headings: section.headings.map((h) => h.text),
      headingsHtml: section.headings.map((h) => marker.html(h, marker.find(h, 'heading'))),
      topics: section.topics,
      part: section.part,
    },
    paragraphs,
    url: paragraphs.length ? paragraphPath(doc.id, paragraphs[0].id, marked) : documentPath(doc.id, marked),
    score: Math.round(row.score * 1000) / 1000,
  };
}

export function buildDocumentHits(row: DocumentRow, context: HitContext): DocumentHits {
  const hits = row.rows.map((r) => buildHit(r, context));
  return {
    doc: summarize(row.doc),
    titleHtml: hits[0]?.titleHtml ?? context.marker.html(row.doc.title, context.marker.find(row.doc.title, 'title')),
    sections: row.sections,
    hits,
    score: Math.round(row.score * 1000) / 1000,
  };
}

/** A document's fields as API answers give them: original wording. */
export function summarize(doc: DocRecord): DocSummary {
  return {
    id: doc.id,
    title: doc.title.text,
    issuer: doc.issuer,
    published: doc.published,
    docNumber: doc.docNumber,
    year: doc.year,
    kind: doc.kind,
    region: doc.region ? { name: doc.region.name, code: doc.region.code, path: doc.region.path } : null,
  };
}
