import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PhraseIndex } from '../../src/search/phrase-index';
import { renderSnippet } from '../../src/search/snippet';

/** Counting by brute force: what the index must agree with. */
function naive(texts: string[], needle: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  texts.forEach((t, i) => {
    let n = 0;
    for (let at = t.toLowerCase().indexOf(needle.toLowerCase()); at !== -1 && needle; at = t.toLowerCase().indexOf(needle.toLowerCase(), at + needle.length)) n++;
    if (n) out.push([i, n]);
  });
  return out;
}

// A small alphabet makes repeats, overlaps and shared bigrams common; U+FFFF is the bigram table's empty marker.
const text = fc.string({ unit: fc.constantFrom('法', '治', '政', '府', '包', '容', '审', '慎', 'A', 'a', '1', ' ', '\uffff'), maxLength: 40 });

describe('PhraseIndex', () => {
  it('finds exactly the texts and occurrence counts a brute-force scan finds', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), text, (texts, needle) => {
        const index = new PhraseIndex(texts);
        const hits = index.count(needle);
        expect(Array.from(hits.texts, (t, k) => [t, hits.counts[k]])).toEqual(naive(texts, needle));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives offsets that point at the phrase in each text', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 10 }), text.filter((n) => n.length > 0), (texts, needle) => {
        const index = new PhraseIndex(texts);
        for (const t of index.count(needle).texts) {
          for (const o of index.offsets(t, needle)) expect(texts[t].slice(o, o + needle.length).toLowerCase()).toBe(needle.toLowerCase());
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every other text\'s bigrams when one text holds U+FFFF U+FFFF, the table\'s empty marker (issue 14, item 12)', () => {
    // Enough distinct bigrams that the table grows and probes; where the odd text stands decides what breaks.
    const others = Array.from({ length: 1000 }, (_, i) => Array.from({ length: 12 }, (_, k) => String.fromCharCode(0x4e00 + ((i * 37 + k * 101) % 3000))).join(''));
    for (const at of [300, 0, 1000]) {
      const texts = [...others.slice(0, at), '法治\uffff\uffff政府', ...others.slice(at)];
      const index = new PhraseIndex(texts);
      const lost: string[] = [];
      texts.forEach((t, i) => {
        for (let k = 0; k + 1 < t.length; k++) {
          if (!Array.from(index.count(t.slice(k, k + 2)).texts).includes(i)) lost.push(`${i}:${t.slice(k, k + 2)}`);
        }
      });
      expect(lost).toEqual([]);
      expect(Array.from(index.count('\uffff\uffff政').texts)).toEqual([at]);
    }
  });
});

describe('renderSnippet', () => {
  it('shows a piece of the text itself: without marks, entities and ellipses it is a substring', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.nat(400), fc.nat(20), (t, start, length) => {
        const from = Math.min(start, t.length);
        const html = renderSnippet(t, [[from, Math.min(t.length, from + length)]]);
        const plain = html
          .replace(/<\/?mark>/g, '')
          .replace(/^…|…$/g, '')
          .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
        expect(t.includes(plain)).toBe(true);
        expect(html).not.toMatch(/<(?!\/?mark>)/);
      }),
      { numRuns: 2000 },
    );
  });
});
