import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PolicySearchError } from '../errors';
import { buildIndex, type BuildResult } from './build-index';
import { loadIndex, MANIFEST_FILE, removeStaleTemps, saveIndex, type IndexSnapshot } from './index-file';
import { withIndexLock } from './index-lock';
import { readSources } from './sources';

export const DEFAULT_INDEX_DIR = 'index';
/** What the default index folder is built from when it has no index yet; other folders name their own. */
export const DEFAULT_SOURCES = ['seeds'];
/** How long a start waits for another process's build into the same folder before giving up on it. */
export const START_LOCK_WAIT_MS = 60_000;

export interface EnsureOptions {
  dir?: string;
  /** Sources to build from when the folder's manifest names none (default: the seeds, for the default folder only). */
  sources?: string[];
  /** Told, in one line each, what happened: loaded, rebuilt and why, files skipped. */
  log?: (line: string) => void;
  /** How long to wait for another build into the folder (default START_LOCK_WAIT_MS). */
  lockWaitMs?: number;
}

type Inspection =
  | { state: 'current'; snapshot: IndexSnapshot }
  | { state: 'stale'; snapshot: IndexSnapshot; reason: string }
  | { state: 'unusable'; reason: string };

/**
 * The index the server and CLI use: loaded when present, current and sound; rebuilt from its own sources
 * when it is missing, damaged, half-replaced, of another format or stale. A stale index whose rebuild
 * fails (a full or read-only disk, another build holding the folder) is served with a warning; an
 * unusable one that cannot be rebuilt refuses, with a message saying what to run.
 */
export function ensureIndex(options: EnsureOptions = {}): IndexSnapshot {
  const dir = options.dir ?? DEFAULT_INDEX_DIR;
  const log = options.log ?? (() => {});
  const removed = removeStaleTemps(dir);
  if (removed.length) log(`index: 删除了中断的构建留下的临时文件 ${removed.join('、')}`);
  const found = inspectIndex(dir, log);
  if (found.state === 'current') return found.snapshot;

  const { inputs, useManifest } = found.state === 'stale' ? found.snapshot.manifest : sourcesToRebuild(dir, found.reason, options.sources);
  const missing = inputs.filter((s) => !existsSync(s));
  if (missing.length) {
    throw new PolicySearchError('INDEX_MISSING', `索引目录 ${dir}：${found.reason}；无法重建：找不到 ${missing.join('、')}`);
  }
  log(`index: ${dir}：${found.reason}；从 ${inputs.join('、')} 重建`);
  try {
    return withIndexLock(dir, options.lockWaitMs ?? START_LOCK_WAIT_MS, () => {
      // Another process may have rebuilt the index while this one waited for the lock.
      const again = inspectIndex(dir, log);
      if (again.state === 'current') {
        log('index: 另一个进程刚重建了索引，直接载入');
        return again.snapshot;
      }
      const result = buildAndSave(dir, inputs, useManifest);
      const s = result.stats;
      log(`index: 已建索引：${s.documents} 篇文档、${s.sections} 节，用时 ${s.seconds.toFixed(1)} 秒`);
      for (const p of result.problems) log(`index: 跳过 ${p.message}`);
      for (const n of result.notices) log(`index: 注意 ${n.message}`);
      return result.snapshot;
    });
  } catch (err) {
    if (!(err instanceof PolicySearchError) || found.state !== 'stale') throw err;
    log(`index: 警告：未能重建（${err.message}）；继续使用 ${found.snapshot.manifest.builtAt} 构建的索引`);
    return found.snapshot;
  }
}

function inspectIndex(dir: string, log: (line: string) => void): Inspection {
  let snapshot: IndexSnapshot;
  try {
    snapshot = loadIndex(dir);
  } catch (err) {
    if (!(err instanceof PolicySearchError)) throw err;
    return { state: 'unusable', reason: err.message };
  }
  const { inputs, builtAt, inputHash } = snapshot.manifest;
  if (!inputs.every((s) => existsSync(s))) {
    log(`index: 源文件 ${inputs.join('、')} 已不在；沿用 ${builtAt} 构建的索引`);
    return { state: 'current', snapshot };
  }
  if (readSources(inputs).inputHash === inputHash) return { state: 'current', snapshot };
  return { state: 'stale', snapshot, reason: `源文件（${inputs.join('、')}）在 ${builtAt} 建索引之后有改动` };
}

/**
 * Where an unusable index is rebuilt from: the sources its manifest.json names (a damaged index usually
 * keeps it), else those given, else the seeds, but only for the default folder: a custom folder without
 * an index has no business filling itself with the seeds.
 */
function sourcesToRebuild(dir: string, reason: string, given: string[] | undefined): { inputs: string[]; useManifest: boolean } {
  const recorded = readRecordedSources(dir);
  if (recorded) return recorded;
  if (given) return { inputs: given, useManifest: true };
  if (resolve(dir) === resolve(DEFAULT_INDEX_DIR)) return { inputs: DEFAULT_SOURCES, useManifest: true };
  throw new PolicySearchError('INDEX_MISSING', `索引目录 ${dir}：${reason}。请先建立索引：npm run index -- 源文件目录 --out ${dir}`);
}

function readRecordedSources(dir: string): { inputs: string[]; useManifest: boolean } | null {
  try {
    const { inputs, useManifest } = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { inputs?: unknown; useManifest?: unknown };
    if (!Array.isArray(inputs) || !inputs.length || !inputs.every((i) => typeof i === 'string')) return null;
    return { inputs, useManifest: useManifest !== false };
  } catch {
    return null;
  }
}

/**
 * Builds and saves, holding the folder's lock for the whole build so that a second build into the same
 * folder is refused at once (or after `lockWaitMs`) rather than after its work. A build that indexes
 * nothing never replaces the index already there.
 */
export function rebuildIndex(dir: string, inputs: string[], useManifest: boolean, onProgress?: Parameters<typeof buildIndex>[0]['onProgress'], lockWaitMs = 0): BuildResult {
  return withIndexLock(dir, lockWaitMs, () => buildAndSave(dir, inputs, useManifest, onProgress));
}

function buildAndSave(dir: string, inputs: string[], useManifest: boolean, onProgress?: Parameters<typeof buildIndex>[0]['onProgress']): BuildResult {
  removeStaleTemps(dir);
  const result = buildIndex({ inputs, useManifest, onProgress });
  if (result.stats.documents === 0) {
    const why = result.problems.map((p) => p.message).join('; ') || 'no text files found';
    throw new PolicySearchError('INDEX_BUILD_FAILED', `从 ${inputs.join('、')} 没有建成任何文档（${why}）；原有索引保持不变`);
  }
  saveIndex(dir, result.snapshot);
  return result;
}
