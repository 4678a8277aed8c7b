import { Router } from 'express';
import { fail, PolicySearchError } from '../errors';
import { citationDay, citeParagraph } from '../search/citation';
import { createMarker, type MarkPlace, type QueryMarker } from '../search/match-text';
import { readQuery } from '../search/run-search';
import { readSearchParams } from '../search/search-params';
import type { Searcher } from '../search/searcher';
import { escapeHtml } from '../search/snippet';
import type { Paragraph, ParsedDocument, RemovedReason, SourceText } from '../types';
import { checkDocId, failNoDocument } from './api';
import { buildOutline, cutSlices, documentParts, partOfParagraph, sectionAnchor, showSlices, type DocPart } from './doc-parts';
import { documentFileName, documentTextPieces } from './doc-text';
import { linkTo } from './page-state';
import { render } from './render';

/** How the document page names each reason a source line is not official text. */
export const REMOVED_LABELS: Record<RemovedReason, string> = {
  breadcrumb: '导航路径',
  metadata: '信息表字段',
  toolbar: '页面工具栏',
  'page-chrome': '网站栏目',
  signature: '落款',
  'repeated-title': '重复的标题',
  attachment: '附件文件名',
  markup: '格式标记',
};

/** How much of a document's text (in PART_BUDGET's units) is rendered in one turn of the event loop. */
const RENDER_BUDGET = 10_000;
/** Where the document page's template puts the text, which is rendered apart. */
const TEXT_MARK = '<!--document text-->';

/** `/doc/:id`: a document (a part of a long one), the query marked; `/doc/:id/download`: it as a text file. */
export function documentPage({ searcher, publicUrl }: { searcher: () => Searcher; publicUrl: string }): Router {
  const router = Router();
  router.get('/doc/:id/download', async (req, res) => {
    const doc = await findDocument(searcher(), req.params.id);
    res.type('text/plain; charset=utf-8').attachment(documentFileName(doc));
    // Written a run at a time, letting other requests in between, so a long document never holds the server.
    for (const piece of documentTextPieces(doc, publicUrl, RENDER_BUDGET)) {
      res.write(piece);
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  });

  router.get('/doc/:id', async (req, res) => {
    const doc = await findDocument(searcher(), req.params.id);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    const mode = req.query.mode === 'fuzzy' ? 'fuzzy' : 'exact';
    const parts = documentParts(doc);
    const part = choosePart(parts, req.query.part, req.query.at);
    let marker: QueryMarker | null = null;
    let refused: string | null = null;
    try {
      // The API's limits (a 16 KB query of 7,900 terms once held the server 5 s marking a large document).
      const query = q ? readQuery(readSearchParams({ q, mode }).q) : null;
      // Fuzzy marks need jieba's dictionary, which the searcher loads in the background: wait for it, never load it here.
      if (query && mode === 'fuzzy') await searcher().warmUp?.();
      if (query) marker = createMarker(query, mode);
    } catch (err) {
      // The document stays readable; only the marking is refused, with the reason.
      if (!(err instanceof PolicySearchError) || err.status !== 400) throw err;
      refused = err.message;
    }
    const marks = marker ? await countMarks(parts, marker) : null;
    const today = citationDay();
    const marked = { q: q || undefined, mode: q && mode === 'fuzzy' ? mode : undefined };
    // The page is sent as it is rendered, a run of text at a time, letting other requests in between: a part is
    // up to ~1 MB of HTML. The template is rendered once around a marker where the text goes.
    const [top, bottom] = render('doc', {
      doc, q, refused, marks, parts, part, bodyHtml: TEXT_MARK, REMOVED_LABELS,
      outline: buildOutline(part.slices),
      partLink: (n: number, withMarks = true) => linkTo(`/doc/${encodeURIComponent(doc.id)}`, {}, { ...(withMarks ? marked : {}), part: n > 1 ? String(n) : undefined }),
      backLink: linkTo('/', {}, marked),
    }).split(TEXT_MARK);
    res.status(refused ? 400 : 200).type('html').write(top);
    for (const pieces of cutSlices(showSlices(part.slices), RENDER_BUDGET, false)) {
      await new Promise((resolve) => setImmediate(resolve));
      res.write(
        render('partials/doc-slices', {
          pieces,
          sectionAnchor,
          markHtml: (source: SourceText, place: MarkPlace) => (marker ? marker.html(source, marker.find(source, place)) : escapeHtml(source.text)),
          cite: (p: Paragraph) => citeParagraph(doc, p, { publicUrl, today }),
        }),
      );
    }
    res.end(bottom);
  });

  return router;
}

async function findDocument(searcher: Searcher, id: string): Promise<ParsedDocument> {
  return (await searcher.getDocument(checkDocId(id))) ?? failNoDocument(id);
}

/** The part a request asks for: the one holding paragraph `at`, else number `part`, else the first. */
function choosePart(parts: DocPart[], part: unknown, at: unknown): DocPart {
  if (typeof at === 'string' && at) {
    const holding = partOfParagraph(parts, at);
    if (holding) return holding;
  }
  if (part === undefined || part === '') return parts[0];
  const n = typeof part === 'string' && /^\d{1,6}$/.test(part) ? Number(part) : 0;
  if (n < 1 || n > parts.length) fail('BAD_PARAMETER', `本文共 ${parts.length} 部分，没有第“${String(part).slice(0, 20)}”部分`);
  return parts[n - 1];
}

export interface MarkCounts {
  /** Paragraphs and headings holding a match, in the whole document. */
  paragraphs: number;
  headings: number;
  /** Paragraphs and headings with a match, per part (index 0 is part 1). */
  perPart: number[];
  /** The first place marked, in document order: its part and the anchor of its paragraph or section. */
  first: { part: number; anchor: string } | null;
}

/** Counts marked paragraphs and headings part by part, letting other requests in between parts. */
async function countMarks(parts: DocPart[], marker: QueryMarker): Promise<MarkCounts> {
  const counts: MarkCounts = { paragraphs: 0, headings: 0, perPart: [], first: null };
  for (const part of parts) {
    let inPart = 0;
    const found = (anchor: string) => {
      inPart++;
      counts.first ??= { part: part.number, anchor };
    };
    for (const slice of showSlices(part.slices)) {
      for (const h of slice.headings) if (marker.find(h.heading, 'heading').ranges.length) (counts.headings++, found(sectionAnchor(slice.section)));
      for (let i = slice.from; i < slice.to; i++) {
        const paragraph = slice.section.paragraphs[i];
        if (marker.find(paragraph, 'paragraph').ranges.length) (counts.paragraphs++, found(paragraph.id));
      }
    }
    counts.perPart.push(inPart);
    if (parts.length > 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return counts;
}
