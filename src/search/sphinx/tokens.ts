import { lower } from '../query-parser';

/**
 * The text as Sphinx/Manticore sees it: one word per character of the matching form, so that a phrase of
 * words is exactly a substring, as in the in-process engine. ASCII letters and digits stand for themselves;
 * every other character is its code point in base 36 (two or more letters). The charset is then `0..9, a..z`
 * on any engine version: no `ngram_chars` list that misses a block (a phrase matching across an unlisted
 * character), no operator character of the query language inside a word, no Ext-G crash of indexer 2.2.11,
 * and a phrase cut inside a Latin or digit word (`023年`) still matches.
 */

/** Ends a paragraph or heading: a phrase never runs across it. No code point encodes to it. */
export const BREAK = 'zzzzzz';
/** Every section holds it in the anchor field, so a query of NOT alone has a positive term. */
export const ANCHOR = 'zzzzzy';

const ALNUM = /^[0-9a-z]$/;

/** One word per character (code point) of an ASCII-lower-cased text. */
export function charWords(text: string): string[] {
  const words: string[] = [];
  for (const ch of lower(text)) words.push(ALNUM.test(ch) ? ch : ch.codePointAt(0)!.toString(36).padStart(2, '0'));
  return words;
}

/** A field's text: the texts' words, a BREAK between texts. */
export function fieldWords(texts: string[]): string {
  return texts
    .filter((t) => t.length)
    .map((t) => charWords(t).join(' '))
    .join(` ${BREAK} `);
}

/** A term as a SphinxQL phrase operand (`"a b c"`); its words never hold a quote or an operator. */
export function phrase(text: string): string {
  return `"${charWords(text).join(' ')}"`;
}

/** How many words a term makes: occurrences of a phrase are its hits divided by this. */
export function wordCount(text: string): number {
  let n = 0;
  for (const _ of lower(text)) n++;
  return n;
}
