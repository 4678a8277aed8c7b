import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicySearchError } from '../errors';
import type { ParsedDocument } from '../types';
import type { SearchBackend } from './backend';
import { MiniSearchBackend } from './minisearch-backend';

/** Bumped whenever the saved shape or the text processing changes: an older index is then rebuilt, never misread. */
export const INDEX_FORMAT = 1;
export const INDEX_FILE = 'policy-index.json';
export const MANIFEST_FILE = 'manifest.json';

export interface IndexManifest {
  format: number;
  backend: string;
  builtAt: string;
  /** Source folders or files, as given to the indexer. */
  inputs: string[];
  /** Hash of the sources' names and bytes when built (see `readSources`). */
  inputHash: string;
  /** Whether `manifest.tsv` files overrode inferred metadata. */
  useManifest: boolean;
  counts: { documents: number; sections: number; paragraphs: number; warnings: number };
}

export interface IndexSnapshot {
  manifest: IndexManifest;
  docs: ParsedDocument[];
  backend: SearchBackend;
}

interface IndexFileShape {
  manifest: IndexManifest;
  docs: ParsedDocument[];
  backend: unknown;
}

/**
 * Writes the index as one file, through a temporary file and a rename, so a reader sees the old index or
 * the new one and never half of either. manifest.json beside it is a copy for people and tools.
 */
export function saveIndex(dir: string, snapshot: IndexSnapshot): void {
  mkdirSync(dir, { recursive: true });
  const body: IndexFileShape = { manifest: snapshot.manifest, docs: snapshot.docs, backend: snapshot.backend.serialize() };
  const target = join(dir, INDEX_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(body));
    renameSync(temp, target);
  } catch (err) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing of ours to clean up; the message below says what went wrong.
    }
    throw new PolicySearchError('INDEX_BUILD_FAILED', `cannot write the index to ${dir}: ${(err as Error).message}`);
  }
  const manifestTemp = join(dir, `${MANIFEST_FILE}.${process.pid}.tmp`);
  writeFileSync(manifestTemp, JSON.stringify(snapshot.manifest, null, 2) + '\n');
  renameSync(manifestTemp, join(dir, MANIFEST_FILE));
}

/** Loads and checks a saved index; says plainly whether it is missing, damaged or of another format. */
export function loadIndex(dir: string): IndexSnapshot {
  const path = join(dir, INDEX_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PolicySearchError('INDEX_MISSING', `no index at ${path}`);
  }
  let parsed: IndexFileShape;
  try {
    parsed = JSON.parse(text) as IndexFileShape;
  } catch {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (not valid JSON; truncated?)`);
  }
  const format = parsed?.manifest?.format;
  if (format !== INDEX_FORMAT) {
    throw new PolicySearchError('INDEX_VERSION_MISMATCH', `the index at ${path} has format ${String(format)}; this version reads format ${INDEX_FORMAT}`);
  }
  if (!Array.isArray(parsed.docs) || parsed.manifest.backend !== 'minisearch' || typeof parsed.backend !== 'object') {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (missing parts)`);
  }
  let backend: SearchBackend;
  try {
    backend = MiniSearchBackend.load(parsed.backend);
  } catch (err) {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (${(err as Error).message})`);
  }
  if (backend.stats().sections !== parsed.manifest.counts.sections) {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (section counts disagree)`);
  }
  return { manifest: parsed.manifest, docs: parsed.docs, backend };
}
