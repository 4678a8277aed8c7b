import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { parseQuery } from '../../src/search/query-parser';
import { search } from '../helpers';

/** Strings users and robots send: operators, quotes, control characters, lone surrogates, CJK, and very long ones. */
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom('"', '“', '”', '-', '!', '|', '&', ' ', 'O', 'R', 't', 'i', 'l', 'e', ':', '包', '容', '審', '慎', '(', ')', '\u0000', '\u0001', '\ud800', '\udc00', '\ufffd', '\n', '\t', '？', 'ｑ') , maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 5000 }),
);

describe('query handling under fuzzing', () => {
  it('parses 10,000 hostile strings without throwing, every notice inside the query', () => {
    fc.assert(
      fc.property(hostile, (q) => {
        const parsed = parseQuery(q);
        for (const n of parsed.notices) expect(n.at).toBeGreaterThanOrEqual(0);
        for (const n of parsed.notices) expect(n.at).toBeLessThanOrEqual(parsed.normalized.length);
        for (const t of [...parsed.groups.flat(), ...parsed.excluded]) expect(t.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 10_000 },
    );
  });

  it('answers or refuses with a known error for 10,000 hostile queries in both modes', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('exact', 'fuzzy'), async (q, mode) => {
        try {
          const result = await search({ q, mode, size: '10' });
          expect(result.hits.length).toBeLessThanOrEqual(10);
          expect(JSON.parse(JSON.stringify(result)).total).toBe(result.total);
        } catch (err) {
          expect(err).toBeInstanceOf(PolicySearchError);
          expect(['QUERY_TOO_LONG', 'QUERY_TOO_MANY_TERMS']).toContain((err as PolicySearchError).code);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
