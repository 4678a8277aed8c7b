import { normalizeQuery } from '../normalize/normalize-text';

/**
 * The query language users of 北大法宝 already know:
 *   a b  or  a & b      both (AND)
 *   a OR b  or  a | b   either
 *   -a  or  !a          not
 *   "a b"               exact phrase (also “a b”)
 *   title:a             in a title or heading
 * Never throws: an unbalanced quote, a lone operator or an empty query degrades to the nearest sensible
 * query, and each repair is reported as a notice with the 0-based position in the normalized query.
 */

export interface QueryTerm {
  /** Normalized text of the term (Simplified, half-width, lower-case Latin). */
  text: string;
  /** True when the user quoted it. Unquoted terms are exact in the default mode too; fuzzy mode cuts them. */
  quoted: boolean;
  /** `title` restricts the term to document titles and section headings. */
  field: 'title' | null;
}

export interface QueryNotice {
  /** 0-based position in `normalized`. */
  at: number;
  message: string;
}

export interface ParsedQuery {
  /** The normalized query string the terms were read from. */
  normalized: string;
  /** Every group must match; a group matches when any of its terms does. */
  groups: QueryTerm[][];
  /** Sections holding any of these are left out. */
  excluded: QueryTerm[];
  notices: QueryNotice[];
}

type Token =
  | { kind: 'term'; term: QueryTerm; negated: boolean; at: number }
  | { kind: 'or'; at: number };

const OPEN_QUOTES = '"“”';
const SEPARATORS = /[\s&,;。,、]/;

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
        notices.push({ at: token.at, message: 'OR needs a term on each side; it was ignored' });
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
  let i = 0;
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
      notices.push({ at, message: `'${ch}' needs a term right after it; it was ignored` });
      i++;
      continue;
    }
    let field: 'title' | null = null;
    if (q.startsWith('title:', i)) {
      field = 'title';
      i += 'title:'.length;
    }
    if (i < q.length && OPEN_QUOTES.includes(q[i])) {
      const close = findClosingQuote(q, i + 1);
      if (close === -1) notices.push({ at: i, message: 'unbalanced quote; the phrase runs to the end of the query' });
      const end = close === -1 ? q.length : close;
      const text = q.slice(i + 1, end).trim().replace(/\s+/g, ' ');
      i = end + 1;
      if (text) tokens.push({ kind: 'term', term: { text: lower(text), quoted: true, field }, negated, at });
      else notices.push({ at, message: 'empty quotes were ignored' });
      continue;
    }
    let end = i;
    while (end < q.length && !SEPARATORS.test(q[end]) && !OPEN_QUOTES.includes(q[end]) && q[end] !== '|') end++;
    const word = q.slice(i, end);
    i = end;
    if (!negated && !field && word === 'OR') {
      tokens.push({ kind: 'or', at });
    } else if (word) {
      tokens.push({ kind: 'term', term: { text: lower(word), quoted: false, field }, negated, at });
    } else {
      notices.push({ at, message: 'title: needs a term right after it; it was ignored' });
    }
  }
  return tokens;
}

function findClosingQuote(q: string, from: number): number {
  for (let k = from; k < q.length; k++) if (OPEN_QUOTES.includes(q[k])) return k;
  return -1;
}

/** Lower-cases ASCII only: the string keeps its length, so match offsets stay true to the text. */
export function lower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The query as the engine understood it, for display (`包容审慎 -监管 (a OR b)`). */
export function describeQuery(query: ParsedQuery): string {
  const show = (t: QueryTerm) => `${t.field ? 'title:' : ''}${t.quoted || /\s/.test(t.text) ? `"${t.text}"` : t.text}`;
  const parts = query.groups.map((g) => (g.length > 1 ? `(${g.map(show).join(' OR ')})` : show(g[0])));
  for (const t of query.excluded) parts.push(`-${show(t)}`);
  return parts.join(' ');
}
