import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serveSeedsDuringSuite } from '../helpers';

/** Raw bytes, percent-encoded one by one: invalid UTF-8, NULs and lone surrogate halves reach the server as sent. */
const rawValue = fc.uint8Array({ maxLength: 120 }).map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
const textValue = fc.string({ maxLength: 400 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')));
const value = fc.oneof(rawValue, textValue, fc.constantFrom('', '1', '0', '-1', '100', '101', '1e9', '江苏省', '2023', '2021-2023', 'fuzzy', 'year', '%', '%zz', '[]'));
const param = fc.tuple(fc.constantFrom('q', 'q', 'q', 'region', 'year', 'topic', 'part', 'kind', 'mode', 'sort', 'page', 'size', 'format', 'q[]', 'size[a]'), value);

describe('/api/search under fuzzing', () => {
  const served = serveSeedsDuringSuite();

  it('answers 10,000 hostile requests with JSON: 200 with hits, or a 4xx error naming its code', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 5 }), async (params) => {
        const url = `${served.url}/api/search?${params.filter(([k]) => k !== 'format').map(([k, v]) => `${k}=${v}`).join('&')}`;
        const res = await fetch(url);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = await res.json();
        if (res.status === 200) {
          expect(Array.isArray(body.hits)).toBe(true);
          expect(typeof body.total).toBe('number');
        } else {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(Object.keys(body.error)).toEqual(['code', 'message']);
        }
      }),
      { numRuns: 10_000 },
    );
    // Both kinds of answer were exercised.
    expect(statuses.get(200)).toBeGreaterThan(1000);
    expect(statuses.get(400)).toBeGreaterThan(100);
  }, 120_000);
});
