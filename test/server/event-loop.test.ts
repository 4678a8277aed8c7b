import { describe, expect, it } from 'vitest';
import { nextTurn } from '../../src/server/event-loop';

describe('nextTurn', () => {
  it('resumes one piece of long work per turn, so a request waits behind one piece and not twenty (issue #14: twenty exports stalled every search)', async () => {
    let pieces = 0;
    const work = async () => {
      for (let i = 0; i < 3; i++) {
        await nextTurn();
        pieces++;
      }
    };
    const exports = Array.from({ length: 20 }, work);
    // A request read meanwhile is answered on the next turn, after at most one piece of the exports.
    const seen: number[] = [];
    await new Promise<void>((resolve) => setImmediate(() => (seen.push(pieces), resolve())));
    await new Promise<void>((resolve) => setImmediate(() => (seen.push(pieces), resolve())));
    expect(seen).toEqual([1, 2]);
    await Promise.all(exports);
    expect(pieces).toBe(60);
  });
});
