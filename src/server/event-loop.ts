/**
 * Long work (exports, compare tallies and pages) gives way between its pieces through one queue shared by
 * every request: each turn of the event loop resumes one waiting piece, after the I/O that arrived meanwhile.
 * Twenty exports at once then delay a plain search by one piece of work, not by one piece of each.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(resumeOne);
    }
  });
}

function resumeOne(): void {
  const resume = waiting.shift()!;
  // The next piece waits for the next turn, so requests that came in while this one ran are read first.
  if (waiting.length) setImmediate(resumeOne);
  else scheduled = false;
  resume();
}
