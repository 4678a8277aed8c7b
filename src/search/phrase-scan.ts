import { lower } from './query-parser';

/**
 * Exact substring search over many texts at once: the texts are joined into one string and scanned with
 * indexOf, which V8 runs at memory speed. Phrases are verified on the normalized text itself, never on
 * jieba's tokens, which both over-match (综合行政执法) and under-match (监督 inside 执法监督).
 */
export class PhraseScanner {
  private readonly joined: string;
  private readonly starts: Int32Array;

  constructor(texts: string[]) {
    // \u0001 never occurs in normalized text, so no match can span two texts.
    this.joined = lower(texts.join('\u0001'));
    this.starts = new Int32Array(texts.length);
    let at = 0;
    texts.forEach((t, i) => {
      this.starts[i] = at;
      at += t.length + 1;
    });
  }

  /** For each text holding `phrase`: its index → the 0-based offsets of the matches in that text. */
  find(phrase: string): Map<number, number[]> {
    const hits = new Map<number, number[]>();
    const needle = lower(phrase);
    if (!needle) return hits;
    for (let at = this.joined.indexOf(needle); at !== -1; at = this.joined.indexOf(needle, at + needle.length)) {
      const text = this.textAt(at);
      const list = hits.get(text);
      const offset = at - this.starts[text];
      if (list) list.push(offset);
      else hits.set(text, [offset]);
    }
    return hits;
  }

  private textAt(position: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
