import { fail } from '../errors';

/** Bigger files are refused: no policy document comes close, and segmenting one would stall the build. */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

/**
 * Detects the encoding (BOM, then strict UTF-8, then UTF-16 by its zero bytes, else GB18030, a superset
 * of GBK and GB2312) and decodes. Refuses empty and binary input with a message naming the source.
 */
export function decodeBytes(bytes: Uint8Array, source: string): DecodedText {
  if (bytes.length === 0) fail('SOURCE_EMPTY', `${source}: the file is empty`);
  if (bytes.length > MAX_SOURCE_BYTES) {
    fail('SOURCE_TOO_LARGE', `${source}: ${(bytes.length / 1048576).toFixed(1)} MB is over the ${MAX_SOURCE_BYTES / 1048576} MB limit for one document`);
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decodeWith('utf-8', bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decodeWith('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decodeWith('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };

  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: decodeWith(utf16, bytes), encoding: utf16 };
  if (countZeros(bytes) > 0) fail('SOURCE_BINARY', `${source}: binary data (zero bytes), not text`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const text = decodeWith('gb18030', bytes);
    // GB18030 maps almost any byte string to something; control characters betray binary input.
    if (controlRatio(text) > 0.01) fail('SOURCE_BINARY', `${source}: neither UTF-8, UTF-16 nor GBK text`);
    return { text, encoding: 'gb18030' };
  }
}

function decodeWith(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding).decode(bytes);
}

function countZeros(bytes: Uint8Array): number {
  let zeros = 0;
  for (const b of bytes) if (b === 0) zeros++;
  return zeros;
}

/** UTF-16 without a BOM: Chinese text has no zero bytes, but ASCII in UTF-16 has one per character on one side. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.2 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.2 && oddZeros < pairs * 0.05) return 'utf-16be';
  // Pure CJK UTF-16 has no zero bytes at all; decode as LE and keep it if it is mostly CJK.
  if (evenZeros === 0 && oddZeros === 0 && bytes.length % 2 === 0) {
    const probe = new TextDecoder('utf-16le').decode(bytes.subarray(0, n));
    let cjk = 0;
    for (const ch of probe) if (ch >= '\u4e00' && ch <= '\u9fff') cjk++;
    if (cjk > pairs * 0.6 && !isValidUtf8(bytes.subarray(0, n))) return 'utf-16le';
  }
  return null;
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
