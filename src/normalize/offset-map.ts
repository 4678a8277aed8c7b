import type { SourceText } from '../types';

/**
 * Offsets found in a text's matching form (`norm`) are shown on its original wording (`text`): a phrase
 * found in 枫桥经验 marks 「楓橋經驗」, a match after a removed layout space lands on the right character.
 */

/** The offset in `text` of norm offset `i` (0 ≤ i ≤ norm.length). */
export function toTextOffset(source: SourceText, i: number): number {
  const map = source.map;
  if (!map) return i;
  // The last pair whose norm index is ≤ i; pairs are few, a binary search keeps long paragraphs cheap.
  let lo = 0;
  let hi = map.length / 2 - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (map[2 * mid] <= i) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1) return i;
  return map[2 * found + 1] + (i - map[2 * found]);
}

/**
 * A range `[start, end)` of `norm` as a range of `text`. The end maps from the last character's offset, so a
 * range never swallows text removed after it (a layout space); it covers anything removed inside it.
 */
export function toTextRange(source: SourceText, start: number, end: number): [number, number] {
  if (end <= start) {
    const at = toTextOffset(source, start);
    return [at, at];
  }
  return [toTextOffset(source, start), toTextOffset(source, end - 1) + 1];
}

/**
 * Builds the map while a normalizer walks the text: call `keep(normIndex, textIndex)` wherever the two
 * positions stop advancing together; `finish` drops the map when it never did.
 */
export class OffsetMapBuilder {
  private readonly pairs: number[] = [];

  /** Records that norm offset `normIndex` stands for text offset `textIndex` from here on. */
  keep(normIndex: number, textIndex: number): void {
    const n = this.pairs.length;
    if (n && this.pairs[n - 2] === normIndex) {
      this.pairs[n - 1] = textIndex;
    } else {
      // A pair that only continues the previous run adds nothing.
      if (n && this.pairs[n - 1] + (normIndex - this.pairs[n - 2]) === textIndex) return;
      if (!n && normIndex === textIndex) return;
      this.pairs.push(normIndex, textIndex);
    }
  }

  finish(): number[] | undefined {
    return this.pairs.length ? this.pairs : undefined;
  }
}

/** Two pieces of text as one (a title broken over two lines), the offset map carried across the seam. */
export function joinSourceTexts(a: SourceText, b: SourceText): SourceText {
  const builder = new OffsetMapBuilder();
  const copy = (map: number[] | undefined, normShift: number, textShift: number) => {
    builder.keep(normShift, textShift);
    for (let k = 0; map && k < map.length; k += 2) builder.keep(map[k] + normShift, map[k + 1] + textShift);
  };
  copy(a.map, 0, 0);
  copy(b.map, a.norm.length, a.text.length);
  const map = builder.finish();
  return map ? { text: a.text + b.text, norm: a.norm + b.norm, map } : { text: a.text + b.text, norm: a.norm + b.norm };
}
