import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';

/**
 * The only segmenter, for documents and queries alike: jieba in search mode with the policy dictionary,
 * so 包容审慎 is one token and also its parts, and a query cuts exactly as the same words in a document.
 */

export const POLICY_DICTIONARY = fileURLToPath(new URL('./policy-dict.utf8', import.meta.url));

// Function words that carry no meaning for search; single characters only, so 的确 or 和解 still count.
const STOP_CHARS = new Set('的了和与及或在对为以将把被于之其等是也而并由从向就都所着'.split(''));
// A token worth indexing holds a Han character, a Latin letter or a digit.
const WORDLIKE = /[\p{Script=Han}\p{L}\p{N}]/u;

let loaded = false;

/** Loads jieba's dictionaries on first use: about a second, so a process that never segments never pays. */
function ensureLoaded(): void {
  if (loaded) return;
  nodejieba.load({ userDict: POLICY_DICTIONARY });
  loaded = true;
}

/** Search tokens of a normalized text, lower-cased, in order, duplicates kept (their counts are term frequencies). */
export function segmentText(text: string): string[] {
  if (!text) return [];
  ensureLoaded();
  const tokens: string[] = [];
  for (const token of nodejieba.cutForSearch(text, true)) {
    if (!WORDLIKE.test(token) || (token.length === 1 && STOP_CHARS.has(token))) continue;
    tokens.push(token.toLowerCase());
  }
  return tokens;
}

/**
 * The finest tokens of a query term: search mode also emits the compounds (执法监督 beside 执法, 监督);
 * requiring a compound would make fuzzy matching as strict as a phrase, so a token that contains another is dropped.
 */
export function segmentQueryTerm(text: string): string[] {
  const tokens = [...new Set(segmentText(text))];
  return tokens.filter((t) => !tokens.some((other) => other !== t && other.length < t.length && t.includes(other)));
}
