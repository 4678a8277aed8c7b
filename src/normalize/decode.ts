import { fail } from '../errors';

/** Bigger files are refused: no policy document comes close, and segmenting one would stall the build. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** What decoding had to repair, in Chinese for the document's warnings (invalid bytes and where). */
  warnings: string[];
}

/**
 * A UTF-8 file is kept as UTF-8 despite invalid bytes when its valid multi-byte characters outnumber them
 * this many times. GBK text read as UTF-8 forms a valid sequence by chance for a few characters in ten and
 * an invalid one for nearly every character, so it stays far below; one bad byte in a report stays far above.
 */
const UTF8_VALID_PER_INVALID = 20;
/** How many invalid-byte positions a warning names. */
const POSITIONS_SHOWN = 3;
/** UTF-16 decoded from text is letters, Han and punctuation; decoded from binary data it is mostly not. */
const UTF16_TEXT_SHARE = 0.9;
/** How much of the file the UTF-16 test reads. */
const UTF16_PROBE_BYTES = 65536;

/** Refuses a file over the limit; called with the size on disk before reading and with the bytes after. */
export function checkSourceSize(bytes: number, source: string): void {
  if (bytes > MAX_SOURCE_BYTES) {
    fail('SOURCE_TOO_LARGE', `${source}: ${(bytes / 1048576).toFixed(1)} MB is over the ${MAX_SOURCE_BYTES / 1048576} MB limit for one document`);
  }
}

/**
 * Detects the encoding (BOM, then UTF-16 by the parity of its zero bytes, then UTF-8, else GB18030, a
 * superset of GBK and GB2312) and decodes. Refuses empty and binary input with a message naming the source.
 */
export function decodeBytes(bytes: Uint8Array, source: string): DecodedText {
  if (bytes.length === 0) fail('SOURCE_EMPTY', `${source}: the file is empty`);
  checkSourceSize(bytes.length, source);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3), 3, true)!;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeWith('utf-16le', bytes.subarray(2)), encoding: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeWith('utf-16be', bytes.subarray(2)), encoding: 'utf-16be', warnings: [] };

  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: decodeWith(utf16, bytes), encoding: utf16, warnings: [] };
  if (bytes.includes(0)) fail('SOURCE_BINARY', `${source}: binary data (zero bytes), not text`);
  const utf8 = decodeUtf8(bytes, 0, false);
  if (utf8) return utf8;
  const text = decodeWith('gb18030', bytes);
  // GB18030 maps almost any byte string to something; control characters betray binary input.
  if (controlRatio(text) > 0.01) fail('SOURCE_BINARY', `${source}: neither UTF-8, UTF-16 nor GBK text`);
  return { text, encoding: 'gb18030', warnings: [] };
}

/**
 * UTF-8 when the bytes are UTF-8, or nearly all of them are (or a BOM says so): then each invalid sequence
 * becomes U+FFFD, as the WHATWG decoder replaces it, and a warning counts them. Null when the bytes are in
 * some other encoding. `offset` is where `bytes` start in the file, for the positions named.
 */
function decodeUtf8(bytes: Uint8Array, offset: number, certain: boolean): DecodedText | null {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', warnings: [] };
  } catch {
    // Some bytes are invalid; unless a BOM settled it, how many decides the encoding.
  }
  const { valid, invalid } = scanUtf8(bytes);
  if (!certain && valid < invalid.length * UTF8_VALID_PER_INVALID) return null;
  return { text: decodeWith('utf-8', bytes), encoding: 'utf-8', warnings: [invalidBytesWarning(bytes, invalid, offset)] };
}

function invalidBytesWarning(bytes: Uint8Array, invalid: number[], offset: number): string {
  const positions = invalid.slice(0, POSITIONS_SHOWN).map((at) => `第 ${lineOf(bytes, at)} 行（第 ${offset + at + 1} 字节）`);
  return `有 ${invalid.length} 处字节不是有效的 UTF-8，已按损坏字符处理：${positions.join('、')}${invalid.length > POSITIONS_SHOWN ? '等' : ''}`;
}

/** 1-based line of a byte offset. */
function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Walks UTF-8 as the WHATWG decoder does: `valid` counts well-formed multi-byte characters, `invalid` holds
 * where each maximal ill-formed subsequence starts (each becomes one U+FFFD).
 */
function scanUtf8(bytes: Uint8Array): { valid: number; invalid: number[] } {
  let valid = 0;
  const invalid: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else {
      invalid.push(i++);
      continue;
    }
    let k = 1;
    // Only the first continuation byte has narrowed bounds; a byte out of bounds ends the subsequence unconsumed.
    for (; k <= need && i + k < bytes.length; k++) {
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) break;
    }
    if (k > need) valid++;
    else invalid.push(i);
    i += k;
  }
  return { valid, invalid };
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * UTF-16 without a BOM. ASCII in UTF-16 has a zero byte in each unit, on the odd side in little-endian;
 * Han has one only in U+xx00 (一 is common), on the other side; binary data has zeros on both sides. So
 * the side holding most zeros, or none at all where UTF-8 fails, makes UTF-16 a candidate, kept when what
 * it decodes to reads as text.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), UTF16_PROBE_BYTES);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const probe = bytes.subarray(0, n);
  let candidate: 'utf-16le' | 'utf-16be' | null = null;
  if (oddZeros > evenZeros * 2) candidate = 'utf-16le';
  else if (evenZeros > oddZeros * 2) candidate = 'utf-16be';
  else if (evenZeros === 0 && oddZeros === 0 && bytes.length % 2 === 0 && !isValidUtf8(probe)) candidate = 'utf-16le';
  return candidate && textShare(decodeWith(candidate, probe)) >= UTF16_TEXT_SHARE ? candidate : null;
}

/** Share of characters that policy text is made of: Han, CJK and full-width punctuation, printable ASCII, line breaks. */
function textShare(text: string): number {
  let ok = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0x3000 && c <= 0x303f) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2000 && c <= 0x206f)) ok++;
  }
  return ok / Math.max(1, text.length);
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    // A cut at the end of the probe may split a character; stream mode tolerates that.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function controlRatio(text: string): number {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c === 0xfffd) control++;
  }
  return control / Math.max(1, text.length);
}
