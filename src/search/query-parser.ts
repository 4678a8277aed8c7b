import { normalizeQuery } from '../normalize/normalize-text';

/**
 * The query language users of 北大法宝 already know:
 *   a b   a & b   a AND b        both (AND)
 *   a OR b   a | b               either
 *   -a   !a   NOT a              not
 *   "a b"  “a b”                 exact phrase, spaces included
 *   title:a  标题:a               in the document title or a heading of the section's path
 *   docno:a  文号:a               in the document's 文号
 *   issuer:a 发布机关:a            in the document's issuing body
 * Never throws: an unbalanced quote, a lone operator or an empty query degrades to the nearest sensible
 * query, and each repair is reported as a Chinese notice with its 0-based position in the normalized query.
 */

/** Where a term is looked for: the text (paragraphs, headings shown at a section, a document's title and 文号), or one field. */
export type TermScope = 'title' | 'docno' | 'issuer' | null;

export interface QueryTerm {
  /** Normalized text of the term (Simplified where typed in Traditional, half-width, lower-case Latin). */
  text: string;
  /** True when the user quoted it. Unquoted terms are exact in the default mode too; fuzzy mode cuts them. */
  quoted: boolean;
  field: TermScope;
}

export interface QueryNotice {
  /** 0-based position in `normalized`. */
  at: number;
  /** What was repaired, in Chinese. */
  message: string;
}

export interface ParsedQuery {
  /** The normalized query string the terms were read from. */
  normalized: string;
  /** Every group must match; a group matches when any of its terms does. */
  groups: QueryTerm[][];
  /** Sections matching any of these are left out. */
  excluded: QueryTerm[];
  notices: QueryNotice[];
}

type Token =
  | { kind: 'term'; term: QueryTerm; negated: boolean; at: number }
  | { kind: 'or'; at: number };

const QUOTES = '"“”';
const SEPARATORS = /[\s&,;。,、]/;
/** Scope prefixes, English and Chinese, as typed after normalization (a full-width colon is folded to `:`). */
const SCOPES: Array<[string, Exclude<TermScope, null>]> = [
  ['title:', 'title'],
  ['标题:', 'title'],
  ['docno:', 'docno'],
  ['文号:', 'docno'],
  ['issuer:', 'issuer'],
  ['发布机关:', 'issuer'],
];

export function parseQuery(raw: string): ParsedQuery {
  const normalized = normalizeQuery(raw);
  const notices: QueryNotice[] = [];
  const tokens = tokenize(normalized, notices);
  const groups: QueryTerm[][] = [];
  const excluded: QueryTerm[] = [];
  let joinNext = false;
  tokens.forEach((token, i) => {
    if (token.kind === 'or') {
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (!prev || prev.kind !== 'term' || prev.negated || !next || next.kind !== 'term' || next.negated) {
        notices.push({ at: token.at, message: 'OR 两边都需要检索词，已忽略' });
      } else {
        joinNext = true;
      }
      return;
    }
    if (token.negated) {
      excluded.push(token.term);
    } else if (joinNext && groups.length) {
      groups[groups.length - 1].push(token.term);
    } else {
      groups.push([token.term]);
    }
    joinNext = false;
  });
  notices.sort((a, b) => a.at - b.at);
  return { normalized, groups, excluded, notices };
}

function tokenize(q: string, notices: QueryNotice[]): Token[] {
  const tokens: Token[] = [];
  let negateNext: number | null = null;
  let i = 0;
  const push = (term: QueryTerm, negated: boolean, at: number) => {
    tokens.push({ kind: 'term', term, negated: negated || negateNext !== null, at });
    negateNext = null;
  };
  while (i < q.length) {
    const ch = q[i];
    if (SEPARATORS.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '|') {
      tokens.push({ kind: 'or', at });
      i++;
      continue;
    }
    let negated = false;
    if ((ch === '-' || ch === '!') && i + 1 < q.length && !SEPARATORS.test(q[i + 1])) {
      negated = true;
      i++;
    } else if (ch === '-' || ch === '!') {
      notices.push({ at, message: `“${ch}”后面需要紧跟检索词，已忽略` });
      i++;
      continue;
    }
    let field: TermScope = null;
    for (const [prefix, scope] of SCOPES) {
      if (q.startsWith(prefix, i)) {
        field = scope;
        i += prefix.length;
        break;
      }
    }
    if (i < q.length && QUOTES.includes(q[i])) {
      const close = findClosingQuote(q, i + 1);
      if (close === -1) notices.push({ at: i, message: '引号不成对，短语一直延续到检索式末尾' });
      const end = close === -1 ? q.length : close;
      const text = q.slice(i + 1, end).trim().replace(/\s+/g, ' ');
      i = end + 1;
      if (text) push({ text: lower(text), quoted: true, field }, negated, at);
      else notices.push({ at, message: '空引号已忽略' });
      continue;
    }
    let end = i;
    while (end < q.length && !SEPARATORS.test(q[end]) && !QUOTES.includes(q[end]) && q[end] !== '|') end++;
    const word = q.slice(i, end);
    i = end;
    // Operators as words, upper case only, as 北大法宝 users type them: a Latin term in lower case stays a term.
    if (!negated && !field && word === 'OR') {
      tokens.push({ kind: 'or', at });
    } else if (!negated && !field && word === 'AND') {
      continue;
    } else if (!negated && !field && word === 'NOT') {
      negateNext = at;
    } else if (word) {
      push({ text: lower(word), quoted: false, field }, negated, at);
    } else {
      notices.push({ at, message: '字段限定后面需要紧跟检索词，已忽略' });
    }
  }
  if (negateNext !== null) notices.push({ at: negateNext, message: 'NOT 后面需要检索词，已忽略' });
  return tokens;
}

function findClosingQuote(q: string, from: number): number {
  for (let k = from; k < q.length; k++) if (QUOTES.includes(q[k])) return k;
  return -1;
}

/** Lower-cases ASCII only: the string keeps its length, so match offsets stay true to the text. */
export function lower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The query as the engine understood it, for display (`包容审慎 -监管 (a OR b) title:营商环境`). */
export function describeQuery(query: ParsedQuery): string {
  const show = (t: QueryTerm) => `${t.field ? `${t.field}:` : ''}${t.quoted || /\s/.test(t.text) ? `"${t.text}"` : t.text}`;
  const parts = query.groups.map((g) => (g.length > 1 ? `(${g.map(show).join(' OR ')})` : show(g[0])));
  for (const t of query.excluded) parts.push(`-${show(t)}`);
  return parts.join(' ');
}

/** Every positive term of a query, in the order typed. */
export function positiveTerms(query: ParsedQuery): QueryTerm[] {
  return query.groups.flat();
}
