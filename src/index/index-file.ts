import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PolicySearchError } from '../errors';
import type { ParsedDocument } from '../types';
import type { SearchBackend } from './backend';
import { MiniSearchBackend } from './minisearch-backend';

/** Bumped whenever the saved shape or the text processing changes: an older index is then rebuilt, never misread. */
export const INDEX_FORMAT = 5;
/** Manifest and documents: all that exact search, browsing and the pages need. */
export const INDEX_FILE = 'policy-index.json';
/** The backend's term index, needed by fuzzy search only and loaded on its first use. */
export const TERMS_FILE = 'terms.json';
export const MANIFEST_FILE = 'manifest.json';

export interface IndexManifest {
  format: number;
  /** Ties the two files of one build together. */
  buildId: string;
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
  /** The term backend; a loaded index reads it from disk on first call. */
  backend: () => SearchBackend;
  /** Reads the term backend without holding the event loop for long; later calls of `backend` then find it ready. */
  preloadBackend: () => Promise<void>;
}

export function newBuildId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * Writes both files through temporary files and renames, the documents file last: a reader sees the old
 * build or the new one, and a half-written build is caught by its build id. manifest.json is a copy for people.
 */
export function saveIndex(dir: string, snapshot: IndexSnapshot): void {
  const writes: Array<[string, string]> = [
    [TERMS_FILE, JSON.stringify({ buildId: snapshot.manifest.buildId, backend: snapshot.backend().serialize() })],
    [INDEX_FILE, JSON.stringify({ manifest: snapshot.manifest, docs: snapshot.docs })],
    [MANIFEST_FILE, JSON.stringify(snapshot.manifest, null, 2) + '\n'],
  ];
  const temps: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, body] of writes) {
      const temp = join(dir, `${name}.${process.pid}.tmp`);
      temps.push(temp);
      writeFileSync(temp, body);
    }
    writes.forEach(([name], k) => renameSync(temps[k], join(dir, name)));
  } catch (err) {
    for (const temp of temps) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing of ours to clean up; the message below says what went wrong.
      }
    }
    throw new PolicySearchError('INDEX_BUILD_FAILED', `cannot write the index to ${dir}: ${(err as Error).message}`);
  }
}

/** Loads and checks a saved index; says plainly whether it is missing, damaged or of another format. */
export function loadIndex(dir: string): IndexSnapshot {
  const path = join(dir, INDEX_FILE);
  const parsed = readJson(path, 'INDEX_MISSING') as { manifest?: IndexManifest; docs?: ParsedDocument[] };
  const format = parsed?.manifest?.format;
  if (format !== INDEX_FORMAT) {
    throw new PolicySearchError('INDEX_VERSION_MISMATCH', `the index at ${path} has format ${String(format)}; this version reads format ${INDEX_FORMAT}`);
  }
  const manifest = parsed.manifest!;
  if (!Array.isArray(parsed.docs) || parsed.docs.length !== manifest.counts.documents || manifest.backend !== 'minisearch') {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (missing parts)`);
  }
  const termsPath = join(dir, TERMS_FILE);
  if (!existsSync(termsPath)) throw new PolicySearchError('INDEX_CORRUPT', `the index at ${dir} is damaged (${TERMS_FILE} is missing)`);
  let backend: SearchBackend | undefined;
  return {
    manifest,
    docs: parsed.docs,
    backend: () => (backend ??= checkTerms(termsPath, manifest, () => MiniSearchBackend.load(termsOf(readJson(termsPath, 'INDEX_CORRUPT'), termsPath, manifest)))),
    preloadBackend: async () => {
      if (backend) return;
      const text = await readFile(termsPath, 'utf8');
      const loaded = await MiniSearchBackend.loadAsync(termsOf(parseJson(text, termsPath), termsPath, manifest));
      backend ??= checkTerms(termsPath, manifest, () => loaded);
    },
  };
}

/** The backend part of a terms file, after checking it belongs to this build. */
function termsOf(terms: unknown, path: string, manifest: IndexManifest): unknown {
  const t = terms as { buildId?: string; backend?: unknown };
  if (t?.buildId !== manifest.buildId) throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} belongs to another build`);
  return t.backend;
}

function checkTerms(path: string, manifest: IndexManifest, load: () => SearchBackend): SearchBackend {
  let backend: SearchBackend;
  try {
    backend = load();
  } catch (err) {
    if (err instanceof PolicySearchError) throw err;
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (${(err as Error).message})`);
  }
  if (backend.stats().sections !== manifest.counts.sections) {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (section counts disagree)`);
  }
  return backend;
}

function readJson(path: string, missing: 'INDEX_MISSING' | 'INDEX_CORRUPT'): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PolicySearchError(missing, missing === 'INDEX_MISSING' ? `no index at ${path}` : `the index file ${path} cannot be read`);
  }
  return parseJson(text, path);
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PolicySearchError('INDEX_CORRUPT', `the index at ${path} is damaged (not valid JSON; truncated?)`);
  }
}
