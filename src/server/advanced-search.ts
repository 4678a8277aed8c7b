import { Router, type Request } from 'express';
import { fail, PolicySearchError } from '../errors';
import { TOPIC_LABELS } from '../parse/topics';
import type { Searcher } from '../search/searcher';
import { linkTo, readState, splitValues, type LinkChanges, type PageState } from './page-state';
import { render } from './render';
import { collectionFacts, KINDS } from './search-page';

/** `/advanced`: 高级检索, a form whose fields become the query string and parameters the search box takes. */
export function advancedSearchPage({ searcher }: { searcher: () => Searcher }): Router {
  const router = Router();
  router.get('/advanced', async (req, res) => {
    const state = readState(req);
    const { regionNames: regions } = await collectionFacts(searcher());
    if (req.query.go === undefined) {
      res.type('html').send(render('advanced', advancedView(regions, state, {}, null)));
      return;
    }
    const fields = readAdvancedFields(req);
    try {
      res.redirect(303, linkTo('/', {}, advancedQuery(fields)));
    } catch (err) {
      if (!(err instanceof PolicySearchError) || err.status !== 400) throw err;
      res.status(400).type('html').send(render('advanced', advancedView(regions, state, fields, err.message)));
    }
  });

  return router;
}

/** The advanced search form's fields, as typed. */
export interface AdvancedFields {
  all?: string;
  title?: string;
  docno?: string;
  issuer?: string;
  region?: string;
  yearFrom?: string;
  yearTo?: string;
  from?: string;
  to?: string;
  topic?: string;
  kind?: string;
  mode?: string;
}

function readAdvancedFields(req: Request): AdvancedFields {
  const fields: Record<string, string> = {};
  for (const key of ['all', 'title', 'docno', 'issuer', 'region', 'yearFrom', 'yearTo', 'from', 'to', 'topic', 'kind', 'mode']) {
    const raw = req.query[key];
    const v = Array.isArray(raw) ? raw.filter((x) => typeof x === 'string').join(',') : raw;
    if (typeof v === 'string' && v.trim() !== '') fields[key] = v.trim();
  }
  return fields;
}

/**
 * The query string and URL parameters the advanced form stands for, the same the search box would take:
 * 标题 → `title:…` for each word, 文号 → `docno:…`, 发布机关 → `issuer:…`, the rest → filters.
 */
export function advancedQuery(fields: AdvancedFields): LinkChanges {
  const scoped = (scope: string, value: string | undefined) => {
    if (!value) return [];
    const clean = value.replace(/["“”]/g, '').trim();
    return clean ? [/\s/.test(clean) ? `${scope}:"${clean}"` : `${scope}:${clean}`] : [];
  };
  const titleWords = (fields.title ?? '').split(/\s+/).filter(Boolean).flatMap((w) => scoped('title', w));
  const q = [fields.all ?? '', ...titleWords, ...scoped('docno', fields.docno), ...scoped('issuer', fields.issuer)].filter(Boolean).join(' ');
  for (const [name, y] of [['起始年份', fields.yearFrom], ['截止年份', fields.yearTo]] as const) {
    if (y && !/^\d{4}$/.test(y)) fail('BAD_PARAMETER', `${name}应为四位数字，如 2023，现为“${y}”`);
  }
  for (const [name, d] of [['起始日期', fields.from], ['截止日期', fields.to]] as const) {
    if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) fail('BAD_PARAMETER', `${name}应写成 2023-01-31 的形式，现为“${d}”`);
  }
  const [yearFrom, yearTo] = [fields.yearFrom, fields.yearTo].sort();
  const year = fields.yearFrom && fields.yearTo ? (yearFrom === yearTo ? yearFrom : `${yearFrom}-${yearTo}`) : (fields.yearFrom ?? fields.yearTo);
  return {
    q: q || undefined,
    region: fields.region,
    year,
    from: fields.from,
    to: fields.to,
    topic: fields.topic,
    kind: fields.kind,
    mode: fields.mode === 'fuzzy' ? 'fuzzy' : undefined,
  };
}

function advancedView(regions: string[], state: PageState, fields: AdvancedFields, refused: string | null) {
  const years = (state.year ?? '').match(/^(\d{4})(?:-(\d{4}))?$/);
  const shown: AdvancedFields = {
    all: state.q,
    region: state.region,
    yearFrom: years?.[1],
    yearTo: years?.[2] ?? years?.[1],
    topic: state.topic,
    kind: state.kind,
    mode: state.mode,
    ...fields,
  };
  return { fields: shown, refused, regions, topics: TOPIC_LABELS, kinds: KINDS, checked: (name: 'topic' | 'kind', v: string) => splitValues(shown[name]).includes(v) };
}
