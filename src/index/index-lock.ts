import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../errors';

/** Held in the index folder by the one process that builds and writes there; it holds that process's PID. */
export const LOCK_FILE = 'build.lock';
const POLL_MS = 100;

/** Whether a process with this PID is running (one of another user counts as running). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding the folder's lock, so two builds never interleave their writes. A lock held by a
 * running process is waited for up to `waitMs`, then refused with a message naming the holder's PID; the lock
 * of a dead process is taken over. A folder that cannot be written refuses as INDEX_BUILD_FAILED.
 */
export function withIndexLock<T>(dir: string, waitMs: number, work: () => T): T {
  const lock = join(dir, LOCK_FILE);
  acquire(dir, lock, waitMs);
  try {
    return work();
  } finally {
    // Only our own lock is removed: a holder that lost it to a takeover must not remove the new holder's.
    if (holderOf(lock) === process.pid) rmSync(lock, { force: true });
  }
}

function acquire(dir: string, lock: string, waitMs: number): void {
  // The PID is written to a file of our own, then linked to the lock's name: the lock appears complete or
  // not at all (link fails if it exists), so no reader ever sees an empty lock.
  const mine = `${lock}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(mine, `${process.pid}\n`);
  } catch (err) {
    cannotWrite(err);
  }
  const deadline = Date.now() + waitMs;
  try {
    for (;;) {
      try {
        linkSync(mine, lock);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') cannotWrite(err);
      }
      const holder = holderOf(lock);
      // Released between our two steps: try again at once.
      if (holder === 'gone') continue;
      if (holder === null || !processAlive(holder)) {
        // A dead builder's lock. Two processes taking it over at the same instant could both succeed; that
        // needs a crash and two new builds within a millisecond, and costs at worst one interleaved build,
        // which the build ids of the three files then catch at the next start.
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        fail('INDEX_LOCKED', `索引目录正由进程 ${holder} 写入（锁文件 ${LOCK_FILE}）；请等它结束后再试。若该进程已不是建索引的进程，删除 ${LOCK_FILE} 即可`);
      }
      sleep(POLL_MS);
    }
  } finally {
    rmSync(mine, { force: true });
  }
}

function cannotWrite(err: unknown): never {
  fail('INDEX_BUILD_FAILED', `索引目录不可写（${(err as NodeJS.ErrnoException).code ?? '未知错误'}），无法建立锁文件 ${LOCK_FILE}`);
}

/** The PID in a lock file; null when it holds none, `gone` when there is no lock. */
function holderOf(lock: string): number | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return 'gone';
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Blocks the thread: acquiring happens before a server listens, or in the indexer, where nothing else waits. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
