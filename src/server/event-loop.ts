/**
 * Long work (exports, compare tallies) gives way between its pieces, so a request that arrived meanwhile is
 * answered before the next piece runs: setImmediate runs after the I/O callbacks already waiting.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
