import * as OpenCC from 'opencc-js';
import type { SourceText } from '../types';
import { OffsetMapBuilder, toTextOffset } from './offset-map';

/**
 * The one text normalizer, for documents and queries alike, so that a query typed in either script or
 * width finds the same characters the index holds. Two steps, kept apart so the wording people read is
 * never touched: `cleanLine` makes a source line into its original wording (`text`), `normalizeText`
 * derives the matching form (`norm`) from that wording alone.
 */

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * Characters only Traditional script writes: those opencc's t→cn character mapping changes and never
 * gives as a result. 坏, 干, 后, 里, 面, 发 are results (of 壞, 乾, 後, 裡, 麵, 發), so Simplified text holding
 * them is never converted, while 楓橋經驗 is. The phrase dictionary is left out of "gives as a result": it
 * keeps a few characters in names and classical words (不可貲計, 於梨華), which does not make 計 or 於 Simplified.
 * Derived from opencc's own data, not a hand list; BMP characters are looked up in a table of code units,
 * since every run of Han text is tested.
 */
const TRADITIONAL_ONLY = (() => {
  const changed = new Set<string>();
  const results = new Set<string>();
  for (const dict of OpenCC.Locale.to.cn.flat()) {
    const entries = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ')) : dict.map(([from, to]) => [from, to]);
    for (const [from, ...to] of entries) {
      if ([...from].length > 1) continue;
      if (to.some((t) => t !== from)) changed.add(from);
      for (const t of to) results.add(t);
    }
  }
  const only = [...changed].filter((ch) => !results.has(ch));
  const bmp = new Uint8Array(0x10000);
  for (const ch of only) if (ch.length === 1) bmp[ch.charCodeAt(0)] = 1;
  return { bmp, astral: new Set(only.filter((ch) => ch.length === 2)) };
})();

const TONE_LETTERS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü';
// A pinyin syllable: optional initial, vowels (tone-marked or not), optional nasal or 儿 ending.
const SYLLABLE = `(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv${TONE_LETTERS}]{1,4}(?:ng|n|r)?`;
// Ruby annotation right after a Han character: 區(qū) → 區. Anything else in brackets is left alone.
const RUBY_PINYIN = new RegExp(`(?<=[\\u3400-\\u9fff])\\((${SYLLABLE})\\)`, 'g');
// Mangled bytes from mirror sites: `?` followed by the remains of a ruby annotation (`?,F(xiàn)`, `?guī)`).
// A bare `?` is left alone: it may be a real question mark.
const DAMAGE_TAIL = `(?:[,.]?[A-Za-z]?\\(${SYLLABLE}\\)|${SYLLABLE}\\))`;
const DAMAGED = new RegExp(`[?\\ufffd]${DAMAGE_TAIL}(?:[?\\ufffd]${DAMAGE_TAIL}?)*|\\ufffd+`, 'g');
// Control characters carry no text; dropping them also keeps \u0001 free as the phrase index's separator.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// Outer whitespace of a line, zero-width and byte-order marks included (a line that starts with U+200B).
const OUTER_SPACE = /^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g;

// Runs the matching form treats one way each: Han (script folding), whitespace (layout), invisible
// characters (dropped), anything else (width folding). `y` walks the text run by run.
const RUN = /(\p{Script=Han}+)|([\s\u3000\u00a0\u2002\u2003]+)|([\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]+)|([^\p{Script=Han}\s\u3000\u00a0\u2002\u2003\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]+)/uy;
// Characters written without spaces around them: Han, CJK punctuation, full-width forms, quotes and dashes.
// A space (or line break) between two of them is layout (标  题, a wrapped line), never a word boundary.
const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2e80-\u2eff]/u;
// The space after a law's 第一条 / 第一章 marker is kept: it separates the number from the text.
const ARTICLE_MARKER_END = /第 ?[一二三四五六七八九十百千万零〇\d]+ ?[条章节编]$/;
// Characters whose removal or collapse shifts offsets: whitespace and invisible characters.
const SHIFTING = /[\s\u3000\u00a0\u2002\u2003\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\u2060\ufeff]/;
const HAN_RUN = /\p{Script=Han}+/gu;
// Full-width ASCII (FF01–FF5E) sits exactly 0xFEE0 above its half-width twin; ― (U+2015) stands in for —.
const FOLDED = /[\uff01-\uff5e\u2015]/g;

export interface CleanLine {
  /** The line's original wording: ruby pinyin and damaged bytes removed, outer whitespace trimmed. */
  text: string;
  /** How many damaged byte sequences were removed. */
  damaged: number;
}

/** A source line as people read it: nothing changed but annotations, damage, control characters and outer whitespace. */
export function cleanLine(line: string): CleanLine {
  let damaged = 0;
  const text = line
    .replace(CONTROL, '')
    .replace(DAMAGED, () => {
      damaged++;
      return '';
    })
    .replace(RUBY_PINYIN, '')
    .replace(OUTER_SPACE, '');
  return { text, damaged };
}

/** Whether a text holds characters only Traditional script writes. */
export function holdsTraditional(text: string): boolean {
  const { bmp, astral } = TRADITIONAL_ONLY;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (bmp[c]) return true;
    if (c >= 0xd800 && c < 0xdc00 && astral.size && astral.has(text.slice(i, i + 2))) return true;
  }
  return false;
}

/**
 * The matching form of an original wording, a pure function of it: Traditional runs of Han text in
 * Simplified (a run with no Traditional-only character is left as it is, so 破坏土 stays 破坏土), full-width
 * ASCII half-width, ― as —, layout spaces and line breaks between wide characters removed, other space runs
 * as one space, invisible characters dropped, ends trimmed. `map` leads norm offsets back to `text`.
 * Queries keep spaces between Han (there a space separates terms): `keepHanSpaces`.
 */
export function normalizeText(text: string, options: { keepHanSpaces?: boolean } = {}): SourceText {
  // Most lines hold no space or invisible character: every change is then one character for one, and no map is needed.
  if (!SHIFTING.test(text)) {
    const norm = (holdsTraditional(text) ? text.replace(HAN_RUN, (run) => (holdsTraditional(run) ? toSimplified(run) : run)) : text).replace(FOLDED, foldWidth);
    if (norm.length === text.length) return { text, norm };
  }
  const map = new OffsetMapBuilder();
  let norm = '';
  RUN.lastIndex = 0;
  for (let at = 0; at < text.length; ) {
    const m = RUN.exec(text)!;
    const end = RUN.lastIndex;
    if (m[1] !== undefined) {
      const run = holdsTraditional(m[1]) ? toSimplified(m[1]) : m[1];
      if (run.length === m[1].length) norm += run;
      else norm = appendByCodePoint(norm, m[1], run, at, map);
    } else if (m[2] !== undefined) {
      const before = at > 0 ? text[at - 1] : '';
      const after = text.charAt(end);
      const layout = WIDE.test(before) && WIDE.test(after) && !options.keepHanSpaces && !ARTICLE_MARKER_END.test(norm.slice(-16));
      if (norm !== '' && after !== '' && !layout) norm += ' ';
      if (after !== '') map.keep(norm.length, end);
    } else if (m[3] !== undefined) {
      if (end < text.length) map.keep(norm.length, end);
    } else {
      norm += m[4].replace(FOLDED, foldWidth);
    }
    at = end;
  }
  const result: SourceText = { text, norm };
  const pairs = map.finish();
  if (pairs) result.map = pairs;
  return result;
}

function foldWidth(ch: string): string {
  return ch === '\u2015' ? '\u2014' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
}

/** A converted run whose length changed (a character outside the BMP on one side): map it code point by code point. */
function appendByCodePoint(norm: string, original: string, converted: string, at: number, map: OffsetMapBuilder): string {
  const from = [...original];
  const to = [...converted];
  let textAt = at;
  from.forEach((ch, k) => {
    map.keep(norm.length, textAt);
    norm += to[k] ?? '';
    textAt += ch.length;
  });
  map.keep(norm.length, textAt);
  return norm;
}

/** Normalizes a query: cleaned and folded like a document line, line breaks as spaces, spaces between terms kept. */
export function normalizeQuery(query: string): string {
  return normalizeText(cleanLine(query.replace(/[\r\n]+/g, ' ')).text, { keepHanSpaces: true }).norm;
}

/**
 * The piece of a source text between two offsets of its matching form, as a text of its own: the original
 * wording of that span (outer whitespace trimmed) and its matching form. A run-in heading is split from its
 * paragraph this way, so neither loses a character of the wording.
 */
export function sliceSource(source: SourceText, normStart: number, normEnd = source.norm.length): SourceText {
  const from = normStart <= 0 ? 0 : toTextOffset(source, normStart);
  const to = normEnd >= source.norm.length ? source.text.length : toTextOffset(source, normEnd);
  const text = source.text.slice(from, to).replace(OUTER_SPACE, '');
  return text === source.text ? source : normalizeText(text);
}

/** Several lines read as one text (a paragraph wrapped over lines): joined by line breaks, which the matching form drops between Han. */
export function joinSources(parts: SourceText[]): SourceText {
  if (parts.length === 1) return parts[0];
  return normalizeText(parts.map((p) => p.text).join('\n'));
}
