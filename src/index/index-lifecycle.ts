import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicySearchError } from '../errors';
import { buildIndex, type BuildResult } from './build-index';
import { loadIndex, MANIFEST_FILE, saveIndex, type IndexManifest, type IndexSnapshot } from './index-file';
import { readSources } from './sources';

export const DEFAULT_INDEX_DIR = 'index';
export const DEFAULT_SOURCES = ['seeds'];

export interface EnsureOptions {
  dir?: string;
  /** Sources to build from when there is no index yet. */
  sources?: string[];
  /** Told, in one line each, what happened: loaded, rebuilt and why. */
  log?: (line: string) => void;
}

/**
 * The index the server and CLI use: loaded when present, current and sound; rebuilt from its own sources
 * when it is missing, damaged, of another format or stale. Refuses, with a message, when it cannot be rebuilt.
 */
export function ensureIndex(options: EnsureOptions = {}): IndexSnapshot {
  const dir = options.dir ?? DEFAULT_INDEX_DIR;
  const log = options.log ?? (() => {});
  let sources = options.sources ?? DEFAULT_SOURCES;
  let reason: string;
  try {
    const snapshot = loadIndex(dir);
    sources = snapshot.manifest.inputs;
    if (!sources.every((s) => existsSync(s))) {
      log(`index: sources ${sources.join(', ')} are gone; serving the index as built ${snapshot.manifest.builtAt}`);
      return snapshot;
    }
    if (readSources(sources).inputHash === snapshot.manifest.inputHash) return snapshot;
    reason = `the sources in ${sources.join(', ')} changed since ${snapshot.manifest.builtAt}`;
  } catch (err) {
    if (!(err instanceof PolicySearchError)) throw err;
    reason = err.message;
    // A damaged or older index still names its sources in manifest.json beside it: rebuild from those.
    sources = readManifestInputs(dir) ?? sources;
  }
  const missing = sources.filter((s) => !existsSync(s));
  if (missing.length) {
    throw new PolicySearchError('INDEX_MISSING', `${reason}, and it cannot be rebuilt: ${missing.join(', ')} not found`);
  }
  log(`index: ${reason}; rebuilding from ${sources.join(', ')}`);
  const result = rebuildIndex(dir, sources, true);
  log(`index: ${result.stats.documents} documents, ${result.stats.sections} sections in ${result.stats.seconds.toFixed(1)} s`);
  return result.snapshot;
}

function readManifestInputs(dir: string): string[] | null {
  try {
    const inputs = (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as IndexManifest).inputs;
    return Array.isArray(inputs) && inputs.length && inputs.every((i) => typeof i === 'string') ? inputs : null;
  } catch {
    return null;
  }
}

/** Builds and saves; a build that indexes nothing never replaces the index already there. */
export function rebuildIndex(dir: string, inputs: string[], useManifest: boolean, onProgress?: Parameters<typeof buildIndex>[0]['onProgress']): BuildResult {
  const result = buildIndex({ inputs, useManifest, onProgress });
  if (result.stats.documents === 0) {
    const why = result.problems.map((p) => p.message).join('; ') || 'no text files found';
    throw new PolicySearchError('INDEX_BUILD_FAILED', `nothing was indexed from ${inputs.join(', ')} (${why}); the previous index is kept`);
  }
  saveIndex(dir, result.snapshot);
  return result;
}
