import { segmentQueryTerm } from '../../segment/segment-text';
import { PART_LABELS } from '../../parse/topics';
import type { FilterSet } from '../filters';
import { positiveTerms, type ParsedQuery, type QueryTerm } from '../query-parser';
import type { SearchMode } from '../search-params';
import type { SortOrder } from '../searcher';
import { FIELD_BIT, KIND_LABELS, UNKNOWN_REGION, tokenWord } from './schema';
import { ANCHOR, charWords, phrase, wordCount } from './tokens';

/**
 * SphinxQL for the product's query language (README → Query syntax), with the in-process engine's rules:
 * a plain term is a phrase in the paragraphs, the headings shown at a section, and (at a document's first
 * section) its title and 文号; `title:` is the title or any heading of the section's path; `docno:` and
 * `issuer:` hold at every section of the document. Fuzzy mode looks up an unquoted term's jieba words, all of
 * them, each in the title, headings or paragraphs.
 */

/** A word that no text holds: a term that can match nothing (fuzzy words of a term of punctuation only). */
const NOTHING = 'zzzzzx';

export function termMatch(term: QueryTerm, mode: SearchMode): string {
  const fuzzy = mode === 'fuzzy' && !term.quoted && (term.field === null || term.field === 'title');
  if (fuzzy) {
    const words = segmentQueryTerm(term.text).map(tokenWord);
    if (!words.length) return `(@anchor ${NOTHING})`;
    // The second operand holds in every section (the anchor), so it never narrows the set; where the term stands
    // verbatim in the paragraphs it sets the body bit of field_mask, which ranks the section first, as in-process.
    // (2.2.11's MAYBE operator, meant for this, behaves as AND.)
    return `((@(${term.field === 'title' ? 'zhead,ztitle' : 'zbody,zhead,ztitle'}) ${words.join(' ')}) (@body ${phrase(term.text)} | @anchor ${ANCHOR}))`;
  }
  if (!wordCount(term.text)) return `(@anchor ${NOTHING})`;
  switch (term.field) {
    case 'title':
      return `(@(title,hpath) ${phrase(term.text)})`;
    case 'docno':
      return `(@docno ${phrase(term.text)})`;
    case 'issuer':
      return `(@issuer ${phrase(term.text)})`;
    default:
      return `(@(body,shown,ftitle,fdocno) ${phrase(term.text)})`;
  }
}

/** The MATCH() text of a query; '' when it has no term (every section, as when browsing). */
export function matchText(query: ParsedQuery, mode: SearchMode): string {
  const groups = query.groups.map((g) => (g.length === 1 ? termMatch(g[0], mode) : `(${g.map((t) => termMatch(t, mode)).join(' | ')})`));
  if (query.excluded.length) {
    // Sphinx needs a positive operand: every section holds the anchor word.
    if (!groups.length) groups.push(`(@anchor ${ANCHOR})`);
    groups.push(`-(${query.excluded.map((t) => termMatch(t, mode)).join(' | ')})`);
  }
  return groups.join(' ');
}

/** A string literal of SphinxQL; match texts hold only `0..9a-z`, spaces and operators, so this is for safety. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const codes = (values: Iterable<string>) => [...values].map(Number).filter((n) => Number.isInteger(n) && n >= 0);

/**
 * The facet filters as one expression over the attributes (2.2's WHERE cannot OR two conditions), or null when
 * none is set. A region value passes a section whose region path holds it; `…本级` only the division itself.
 */
export function facetCondition(set: FilterSet): string | null {
  const all: string[] = [];
  if (set.regions || set.ownRegions || set.unknownRegion) {
    const any: string[] = [];
    const path = set.regions ? codes(set.regions) : [];
    const own = set.ownRegions ? codes(set.ownRegions) : [];
    if (path.length) any.push(`IN(region_path, ${path.join(', ')})`);
    if (own.length) any.push(`IN(region, ${own.join(', ')})`);
    if (set.unknownRegion) any.push(`region = ${UNKNOWN_REGION}`);
    all.push(any.length ? `(${any.join(' OR ')})` : '0');
  }
  if (set.years || set.unknownYear) {
    const any = (set.years ?? []).map(([a, b]) => `(year >= ${a} AND year <= ${b})`);
    if (set.unknownYear) any.push('year = 0');
    all.push(any.length ? `(${any.join(' OR ')})` : '0');
  }
  if (set.topics !== null) all.push(`(topic_mask & ${set.topics}) <> 0`);
  if (set.parts) {
    const parts = [...set.parts].map((p) => PART_LABELS.indexOf(p as (typeof PART_LABELS)[number])).filter((i) => i >= 0);
    all.push(parts.length ? `IN(part, ${parts.join(', ')})` : '0');
  }
  if (set.kinds) {
    const kinds = [...set.kinds].map((k) => KIND_LABELS.indexOf(k as (typeof KIND_LABELS)[number])).filter((i) => i >= 0);
    all.push(kinds.length ? `IN(kind, ${kinds.join(', ')})` : '0');
  }
  return all.length ? all.join(' AND ') : null;
}

/** The publication range as WHERE conditions (a document with a year only counts as that year's last day). */
export function dateConditions(set: FilterSet): string[] {
  const key = (iso: string) => Number(iso.replace(/-/g, ''));
  const out: string[] = [];
  if (set.published.from) out.push(`date_key >= ${key(set.published.from)}`);
  if (set.published.to) out.push(`date_key <= ${key(set.published.to)}`, 'date_key > 0');
  return out;
}

/** Scores are integers in the engine: BM25 × SCALE, rounded. */
export const SCORE_SCALE = 100_000;

export interface RankInput {
  /** Sections in all and their mean paragraph length (characters), from the cluster's statistics. */
  sections: number;
  averageLength: number;
  /** Sections each positive term matches (before filters), for its idf. */
  matches: number[];
}

/**
 * The in-process engine's ranking as an expression ranker (README → Ranking). One term: exactly its BM25 over
 * the phrase's occurrences in the paragraphs (hits in the body field / words in the phrase), plus 2·idf for a
 * heading shown at the section, 3·idf for a document title at its first section, 1000 when the term is the
 * whole title. Several terms: the engine sees hits per field, not per term, so their idfs and words are pooled.
 * Fuzzy mode: BM25F of the jieba words with MiniSearch's field boosts (its ranking is BM25 too).
 */
/** Whether a query ranks by its jieba words (fuzzy mode with an unquoted text or title term); no idf counts needed. */
export function fuzzyRanked(query: ParsedQuery, mode: SearchMode): boolean {
  return mode === 'fuzzy' && positiveTerms(query).some((t) => !t.quoted && (t.field === null || t.field === 'title'));
}

export function rankerOption(query: ParsedQuery, mode: SearchMode, input: RankInput): string {
  const terms = positiveTerms(query);
  if (fuzzyRanked(query, mode)) {
    // BM25F over the jieba words with MiniSearch's field boosts (body 1, headings 3, title 1.5), doubled to
    // integers; the verbatim phrase and the anchor weigh nothing there. Sections holding a term verbatim first.
    const verbatim = Math.round(100 / Math.max(1, terms.length));
    return `ranker=expr('(bm25f(1.2,0.75,{zbody=2,zhead=6,ztitle=3,body=0,anchor=0})+if(field_mask&${FIELD_BIT.body},${verbatim},0))*${SCORE_SCALE}')`;
  }
  // Several terms share one idf and one phrase length, their means: the engine reports hits per field, not per term.
  const idfs = input.matches.map((n) => Math.log(1 + (input.sections - n + 0.5) / (n + 0.5)));
  const idf = idfs.reduce((a, b) => a + b, 0) / Math.max(1, idfs.length);
  const plain = terms.filter((t) => t.field === null);
  // A phrase's occurrence gives one hit per distinct word (2023 has three: 2, 0, 3).
  const words = Math.max(1, plain.reduce((n, t) => n + new Set(charWords(t.text)).size, 0) / Math.max(1, plain.length));
  const k1 = 1.2;
  const b = 0.75;
  const tf = `(sum(if(user_weight==1,hit_count,0))/${words})`;
  const norm = `${1 - b}+${b}*blen/${input.averageLength || 1}`;
  const parts = [`${idf}*${tf}*${k1 + 1}/(${tf}+${k1}*(${norm}))`, `if(field_mask&${FIELD_BIT.shown},${2 * idf},0)`, `if(field_mask&${FIELD_BIT.ftitle},${3 * idf},0)`];
  if (plain.length === 1) parts.push(`if(field_mask&${FIELD_BIT.ftitle} and title_chars==${wordCount(plain[0].text)},1000,0)`);
  return `ranker=expr('(${parts.join('+')})*${SCORE_SCALE}'), field_weights=(body=1, shown=2, ftitle=3, fdocno=3, title=3, hpath=3, docno=3, issuer=3, anchor=3)`;
}

/** ORDER BY for a sort; `scored` when the query has a positive term (else relevance is document order). */
export function orderBy(sort: SortOrder, scored: boolean): string {
  const byScore = scored ? 'WEIGHT() DESC, ' : '';
  switch (sort) {
    case 'document':
      return 'id ASC';
    case 'date':
      return `date_key DESC, ${byScore}id ASC`;
    case 'date-asc':
      return `date_asc ASC, ${byScore}id ASC`;
    case 'relevance':
      return scored ? 'WEIGHT() DESC, year DESC, region ASC, id ASC' : 'id ASC';
  }
}
