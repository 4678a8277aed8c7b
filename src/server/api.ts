import { Router, type Request, type Response } from 'express';
import { fail } from '../errors';
import type { SearchEngine } from '../search/search-engine';
import { readSearchParams } from '../search/search-params';
import type { SearchHit } from '../types';
import { toCsv } from './csv';

/** Longest document id we ever mint; anything longer is refused before a lookup. */
export const MAX_DOC_ID = 100;
/** CSV exports every hit up to this many sections, whatever page the request names. */
const CSV_MAX_SECTIONS = 1000;

/** The JSON API: /api/search, /api/docs, /api/docs/:id. */
export function createApi(engine: () => SearchEngine, publicUrl: string): Router {
  const api = Router();

  api.get('/search', async (req: Request, res: Response) => {
    const csv = req.query.format === 'csv';
    const params = readSearchParams(csv ? { ...req.query, page: '1', size: '100' } : req.query);
    if (params.mode === 'fuzzy') await engine().termIndexReady();
    if (!csv) {
      const { notices: _notices, ...response } = engine().search(params);
      res.json(response);
      return;
    }
    const hits: SearchHit[] = [];
    for (let page = 1; hits.length < CSV_MAX_SECTIONS; page++) {
      const result = engine().search({ ...params, page, size: 100 });
      hits.push(...result.hits);
      if (page * 100 >= result.total) break;
    }
    res.type('text/csv; charset=utf-8').attachment('policy-search.csv').send(toCsv(hits, publicUrl));
  });

  api.get('/docs', (_req, res) => {
    res.json({ docs: engine().listDocuments() });
  });

  api.get('/docs/:id', (req, res) => {
    const doc = engine().getDocument(checkDocId(req.params.id));
    if (!doc) failNoDocument(req.params.id);
    res.json({
      id: doc.id,
      title: doc.title.text,
      issuer: doc.issuer,
      published: doc.published,
      docNumber: doc.docNumber,
      year: doc.year,
      kind: doc.kind,
      region: doc.region,
      warnings: doc.warnings,
      removed: doc.removed,
      sections: doc.sections.map((s) => ({
        id: s.id,
        headings: s.headings.map((h) => h.text),
        topics: s.topics,
        part: s.part,
        paragraphs: s.paragraphs.map((p) => ({ id: p.id, ordinal: p.ordinal, text: p.text })),
      })),
    });
  });

  return api;
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
