import * as OpenCC from 'opencc-js';

/**
 * The one text normalizer, for documents and queries alike, so that a query typed in either script or
 * width finds the same characters the index holds.
 */

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

const TONE_LETTERS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü';
// A pinyin syllable: optional initial, vowels (tone-marked or not), optional nasal or 儿 ending.
const SYLLABLE = `(?:[zcs]h|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv${TONE_LETTERS}]{1,4}(?:ng|n|r)?`;
// Ruby annotation right after a Han character: 區(qū) → 區. Anything else in brackets is left alone.
const RUBY_PINYIN = new RegExp(`(?<=[\\u3400-\\u9fff])\\((${SYLLABLE})\\)`, 'g');
// Mangled bytes from mirror sites: `?` followed by the remains of a ruby annotation (`?,F(xiàn)`, `?guī)`).
// A bare `?` is left alone: it may be a real question mark.
const DAMAGE_TAIL = `(?:[,.]?[A-Za-z]?\\(${SYLLABLE}\\)|${SYLLABLE}\\))`;
const DAMAGED = new RegExp(`[?\\ufffd]${DAMAGE_TAIL}(?:[?\\ufffd]${DAMAGE_TAIL}?)*|\\ufffd+`, 'g');
// Full-width ASCII (FF01–FF5E) sits exactly 0xFEE0 above its half-width twin.
const FULL_WIDTH = /[\uff01-\uff5e]/g;
// Chinese is written without spaces; spaces between two Han characters are layout (标  题, 索 引 号).
// The space after a law's 第一条 / 第一章 marker is kept: it separates the number from the text.
const SPACE_BETWEEN_HAN = /(?<=[\u3400-\u9fff])(?<!第 ?[一二三四五六七八九十百零〇\d]+ ?[条章节编])[ \t\u3000\u00a0]+(?=[\u3400-\u9fff])/g;
const SPACE_NEVER = /(?!)/g;
const SPACE_RUN = /[ \t\u3000\u00a0\u2002\u2003\u200b]+/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// Characters that opencc would change: a quick pre-check saves converting Simplified text.
const HAN = /[\u3400-\u9fff]/;

export interface NormalizedText {
  text: string;
  /** How many damaged byte sequences were removed. */
  damaged: number;
  /** True when Traditional characters were converted. */
  converted: boolean;
}

/**
 * Normalizes one line or a whole multi-line text. Line breaks are kept; each line is trimmed.
 * Documents lose spaces between Han characters (layout); queries keep them, since there a space separates terms.
 */
export function normalizeText(input: string, options: { keepHanSpaces?: boolean } = {}): NormalizedText {
  let damaged = 0;
  // Control characters carry no text; dropping them also keeps \u0001 free as the phrase index's separator.
  let text = input.replace(/\r\n?/g, '\n').replace(CONTROL, '');
  text = text.replace(DAMAGED, () => {
    damaged++;
    return '';
  });
  text = text.replace(RUBY_PINYIN, '');
  let converted = false;
  if (HAN.test(text)) {
    const simplified = toSimplified(text);
    converted = simplified !== text;
    text = simplified;
  }
  text = text
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    // The horizontal bar (―) stands in for the em dash (—) in some typesetting: ――2026年1月27日在…
    .replace(/\u2015/g, '\u2014')
    .replace(options.keepHanSpaces ? SPACE_NEVER : SPACE_BETWEEN_HAN, '')
    .replace(SPACE_RUN, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
  return { text, damaged, converted };
}

/** Normalizes a query: as a document line, with line breaks turned into spaces. */
export function normalizeQuery(query: string): string {
  return normalizeText(query.replace(/[\r\n]+/g, ' '), { keepHanSpaces: true }).text.trim();
}
