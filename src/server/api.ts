import { Router, type Request, type Response } from 'express';
import { fail } from '../errors';
import { citationDay, citeParagraph } from '../search/citation';
import { summarize } from '../search/hits';
import { runSearch, type RunContext } from '../search/run-search';
import type { Searcher } from '../search/searcher';
import { readSearchParams } from '../search/search-params';
import { sendHitExport } from './export-hits';

/** Longest document id we ever mint; anything longer is refused before a lookup. */
export const MAX_DOC_ID = 100;

export interface ApiOptions {
  searcher: () => Searcher;
  /** Public origin for absolute links (citations, CSV), from PUBLIC_URL. */
  publicUrl: string;
}

/** The JSON API: /api/search, /api/docs, /api/docs/:id. */
export function createApi({ searcher, publicUrl }: ApiOptions): Router {
  const api = Router();
  const context: RunContext = { publicUrl };

  api.get('/search', async (req: Request, res: Response) => {
    const format = readFormat(req.query.format);
    const params = readSearchParams(format ? { ...req.query, page: '1', size: '1' } : req.query);
    if (format) {
      await sendHitExport(res, searcher(), params, { publicUrl, format, sort: req.query.sort ? params.sort : 'document' });
      return;
    }
    const { notices: _notices, ...response } = await runSearch(searcher(), params, context);
    res.json(response);
  });

  api.get('/docs', async (_req, res) => {
    const docs = await searcher().listDocuments();
    res.json({ docs: docs.map((d) => ({ ...summarize(d), sections: d.sections, paragraphs: d.paragraphs, warnings: d.warnings, removedLines: d.removedLines })) });
  });

  api.get('/docs/:id', async (req, res) => {
    const doc = await searcher().getDocument(checkDocId(req.params.id));
    if (!doc) failNoDocument(req.params.id);
    const cite = { publicUrl, today: citationDay() };
    res.json({
      ...summarize(doc),
      region: doc.region,
      titleComposed: doc.titleComposed,
      warnings: doc.warnings,
      metadataSources: doc.metadataSources,
      removed: doc.removed,
      sections: doc.sections.map((s) => ({
        id: s.id,
        headings: s.headings.map((h) => h.text),
        topics: s.topics,
        part: s.part,
        paragraphs: s.paragraphs.map((p) => ({ id: p.id, ordinal: p.ordinal, line: p.line, text: p.text, ...(p.article ? { article: p.article } : {}), citation: citeParagraph(doc, p, cite) })),
      })),
    });
  });

  return api;
}

/** `format=csv` or `format=xlsx` asks for every hit as a file; no format, the JSON answer. */
function readFormat(value: unknown): 'csv' | 'xlsx' | null {
  if (value === undefined || value === '' || value === 'json') return null;
  if (value === 'csv' || value === 'xlsx') return value;
  fail('BAD_PARAMETER', `format 只能是 csv 或 xlsx，不能是“${String(value).slice(0, 20)}”`);
}

/** Document ids are short and made of safe characters; a path or an essay is refused before any lookup. */
export function checkDocId(id: string): string {
  if (id.length > MAX_DOC_ID) fail('BAD_PARAMETER', `文件编号最长 ${MAX_DOC_ID} 个字符，这个有 ${id.length} 个`);
  if (!/^[\p{Script=Han}A-Za-z0-9_-]+$/u.test(id)) failNoDocument(id);
  return id;
}

export function failNoDocument(id: string): never {
  fail('NOT_FOUND', `没有编号为“${id.slice(0, 40)}”的文件`);
}
