import autocannon from 'autocannon';
import { describe, expect, it } from 'vitest';
import { serveSeedsDuringSuite } from '../helpers';

/** A short burst on loopback: correctness under concurrency, not speed (npm run load measures that). */
describe('the server under concurrent load', () => {
  const served = serveSeedsDuringSuite();

  it('answers every request of a mixed burst from 20 connections, without errors or timeouts', async () => {
    const paths = ['/api/search?q=包容审慎', '/api/search?q=执法 监督&mode=fuzzy', '/api/search?region=江苏省&page=2', '/?q=枫桥经验', '/compare?q=包容审慎', '/api/docs', `/doc/001_f31dca224bb423c0?q=包容审慎`];
    // A fixed number of requests, not a duration: the test must not depend on how busy the machine is.
    const result = await autocannon({ url: served.url, connections: 20, amount: 700, timeout: 30, requests: paths.map((p) => ({ method: 'GET', path: encodeURI(p) })) });
    expect(result.requests.total).toBe(700);
    expect([result.errors, result.timeouts, result.non2xx]).toEqual([0, 0, 0]);
  }, 120_000);
});
