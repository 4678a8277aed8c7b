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
  private readonly table: BigramTable;
  /** Per table slot: where its texts start in `postings`, and how many there are. */
  private readonly listStart: Int32Array;
  private readonly listLength: Int32Array;
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

    // Two passes over every bigram: count the texts holding each, then place them. The table remembers the
    // last text that counted a bigram, so a bigram repeated in one text counts once without a set per text.
    this.table = new BigramTable();
    this.forEachBigram((slot, i) => this.table.countText(slot, i), true);
    const counts = this.table.counts;
    this.listStart = new Int32Array(this.table.slots);
    let total = 0;
    for (let slot = 0; slot < counts.length; slot++) {
      this.listStart[slot] = total;
      total += counts[slot];
    }
    this.listLength = counts;
    this.postings = new Int32Array(total);
    const fill = new Int32Array(this.table.slots);
    const last = new Int32Array(this.table.slots).fill(-1);
    this.forEachBigram((slot, i) => {
      if (last[slot] !== i) {
        last[slot] = i;
        this.postings[this.listStart[slot] + fill[slot]++] = i;
      }
    });
    this.table.doneCounting();
  }

  private forEachBigram(visit: (slot: number, text: number) => void, add = false): void {
    const n = this.starts.length - 1;
    for (let i = 0; i < n; i++) {
      const to = this.starts[i + 1] - 1;
      for (let k = this.starts[i]; k + 1 < to; k++) visit(this.table.slot(((this.joined.charCodeAt(k) << 16) | this.joined.charCodeAt(k + 1)) >>> 0, add), i);
    }
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
      const n = countIn(this.text(i), needle);
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
      const slot = this.table.slot(((needle.charCodeAt(k) << 16) | needle.charCodeAt(k + 1)) >>> 0, false);
      if (slot === -1) return new Int32Array(0);
      slots.push(slot);
    }
    slots.sort((a, b) => this.listLength[a] - this.listLength[b]);
    let result = this.list(slots[0]);
    if (slots.length > 1) result = intersect(result, this.list(slots[1]));
    return result;
  }

  private list(slot: number): Int32Array {
    return this.postings.subarray(this.listStart[slot], this.listStart[slot] + this.listLength[slot]);
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

function countIn(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) out.push(at);
  return out;
}

/**
 * Open-addressing hash table from a bigram (two UTF-16 units as one 32-bit number) to a slot. It grows while
 * keys are added; once the set of keys is complete its slots are stable and index the per-slot arrays.
 * Every 32-bit number is a possible key, the empty marker too (U+FFFF U+FFFF can stand in a text), so that
 * one key lives in a slot of its own past the probed ones instead of in the table.
 */
class BigramTable {
  capacity = 1024;
  private keys = new Uint32Array(this.capacity).fill(EMPTY);
  /** While building: texts holding each key, and the last text counted (so repeats count once). */
  counts = new Int32Array(this.capacity + 1);
  private last: Int32Array | null = new Int32Array(this.capacity + 1).fill(-1);
  private used = 0;
  private holdsEmptyKey = false;

  /** How many slots the per-slot arrays need: the probed ones and the empty marker's own. */
  get slots(): number {
    return this.capacity + 1;
  }

  /** The key's slot: a new key is added (the table may grow, moving slots), or -1 when absent and `add` is off. */
  slot(key: number, add: boolean): number {
    if (key === EMPTY) {
      if (!this.holdsEmptyKey && !add) return -1;
      this.holdsEmptyKey = true;
      return this.capacity;
    }
    const mask = this.capacity - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const k = this.keys[slot];
      if (k === key) return slot;
      if (k === EMPTY) {
        if (!add) return -1;
        this.keys[slot] = key;
        if (++this.used * 10 > this.capacity * 6) {
          this.grow();
          return this.slot(key, false);
        }
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  countText(slot: number, text: number): void {
    if (this.last![slot] !== text) {
      this.last![slot] = text;
      this.counts[slot]++;
    }
  }

  doneCounting(): void {
    this.last = null;
  }

  private grow(): void {
    const [keys, counts, last, oldCapacity] = [this.keys, this.counts, this.last!, this.capacity];
    this.capacity *= 2;
    this.keys = new Uint32Array(this.capacity).fill(EMPTY);
    this.counts = new Int32Array(this.capacity + 1);
    this.last = new Int32Array(this.capacity + 1).fill(-1);
    this.used = 0;
    keys.forEach((k, old) => {
      if (k === EMPTY) return;
      const slot = this.slot(k, true);
      this.counts[slot] = counts[old];
      this.last![slot] = last[old];
    });
    this.counts[this.capacity] = counts[oldCapacity];
    this.last[this.capacity] = last[oldCapacity];
  }
}

/** Marks an empty slot; the key of the same value (U+FFFF U+FFFF) has a slot of its own. */
const EMPTY = 0xffffffff;

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
