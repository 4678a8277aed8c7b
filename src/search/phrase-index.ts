import { lower } from './query-parser';

/** Texts holding a phrase, ascending, each with how often it occurs there. */
export interface PhraseHits {
  texts: Int32Array;
  counts: Int32Array;
}

const NO_HITS: PhraseHits = { texts: new Int32Array(0), counts: new Int32Array(0) };

/**
 * Exact substring search over many texts. Each character bigram keeps the list of texts holding it, so a
 * phrase is looked up in the shortest lists of its bigrams and verified with indexOf in those texts only,
 * never trusted to tokens. A one-character phrase falls back to scanning, which V8 does at memory speed.
 */
export class PhraseIndex {
  /** The texts, ASCII-lower-cased, joined by \u0001 (which normalized text never holds). */
  private readonly joined: string;
  private readonly starts: Int32Array;
  /** Bigram key → [offset, length] into `postings`. */
  private readonly lists = new Map<number, number>();
  private readonly listLengths: Int32Array;
  private readonly postings: Int32Array;

  constructor(texts: string[]) {
    this.joined = lower(texts.join('\u0001'));
    this.starts = new Int32Array(texts.length + 1);
    let at = 0;
    texts.forEach((t, i) => {
      this.starts[i] = at;
      at += t.length + 1;
    });
    this.starts[texts.length] = at;

    // Two passes: count each bigram's texts, then fill one flat array; Sets of ~200 keys per text stay cheap.
    const counts = new Map<number, number>();
    const seen = new Set<number>();
    this.forEachText((i, from, to) => {
      seen.clear();
      for (let k = from; k + 1 < to; k++) seen.add(this.key(k));
      for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    let total = 0;
    const lengths: number[] = [];
    for (const [key, n] of counts) {
      this.lists.set(key, lengths.length);
      lengths.push(total, n);
      total += n;
    }
    this.listLengths = Int32Array.from(lengths);
    this.postings = new Int32Array(total);
    const fill = new Int32Array(lengths.length / 2);
    this.forEachText((i, from, to) => {
      seen.clear();
      for (let k = from; k + 1 < to; k++) seen.add(this.key(k));
      for (const key of seen) {
        const slot = this.lists.get(key)!;
        this.postings[this.listLengths[slot] + fill[slot / 2]++] = i;
      }
    });
  }

  get size(): number {
    return this.starts.length - 1;
  }

  /** Every text holding `phrase` (compared ASCII-case-insensitively) and its number of occurrences. */
  count(phrase: string): PhraseHits {
    const needle = lower(phrase);
    if (!needle || needle.includes('\u0001')) return NO_HITS;
    const candidates = needle.length >= 2 ? this.candidates(needle) : null;
    if (candidates?.length === 0) return NO_HITS;
    const texts: number[] = [];
    const counts: number[] = [];
    const record = (i: number) => {
      const n = occurrences(this.text(i), needle).length;
      if (n) {
        texts.push(i);
        counts.push(n);
      }
    };
    if (candidates) {
      for (const i of candidates) record(i);
    } else {
      // Scan once through everything; each hit's text is found by binary search, then skipped past.
      for (let at = this.joined.indexOf(needle); at !== -1; ) {
        const i = this.textAt(at);
        record(i);
        at = this.joined.indexOf(needle, this.starts[i + 1]);
      }
    }
    return { texts: Int32Array.from(texts), counts: Int32Array.from(counts) };
  }

  /** Offsets of `phrase` in text `i`, for marking it. */
  offsets(i: number, phrase: string): number[] {
    const needle = lower(phrase);
    return needle ? occurrences(this.text(i), needle) : [];
  }

  /**
   * Text `i` as a slice of the joined string. V8 shares the characters rather than copying them, and an
   * indexOf on the slice stops at its end instead of running on through every text after it.
   */
  private text(i: number): string {
    return this.joined.slice(this.starts[i], this.starts[i + 1] - 1);
  }

  /** Texts holding every bigram of the needle: the intersection of its two shortest lists. */
  private candidates(needle: string): Int32Array {
    const slots: number[] = [];
    for (let k = 0; k + 1 < needle.length; k++) {
      const slot = this.lists.get(needle.charCodeAt(k) * 65536 + needle.charCodeAt(k + 1));
      if (slot === undefined) return new Int32Array(0);
      slots.push(slot);
    }
    slots.sort((a, b) => this.listLengths[a + 1] - this.listLengths[b + 1]);
    let result = this.list(slots[0]);
    if (slots.length > 1) result = intersect(result, this.list(slots[1]));
    return result;
  }

  private list(slot: number): Int32Array {
    return this.postings.subarray(this.listLengths[slot], this.listLengths[slot] + this.listLengths[slot + 1]);
  }

  private key(k: number): number {
    return this.joined.charCodeAt(k) * 65536 + this.joined.charCodeAt(k + 1);
  }

  private forEachText(visit: (i: number, from: number, to: number) => void): void {
    for (let i = 0; i + 1 < this.starts.length; i++) visit(i, this.starts[i], this.starts[i + 1] - 1);
  }

  private textAt(position: number): number {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) out.push(at);
  return out;
}

/** Intersection of two ascending lists, galloping through the longer one. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Int32Array(a.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const v = a[i];
    let step = 1;
    while (j + step < b.length && b[j + step] < v) step *= 2;
    let lo = j;
    let hi = Math.min(j + step, b.length - 1);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    j = lo;
    if (b[j] === v) out[n++] = v;
  }
  return out.subarray(0, n);
}
