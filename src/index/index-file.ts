import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { PolicySearchError } from '../errors';
import type { ParsedDocument } from '../types';
import type { SearchBackend } from './backend';
import { indexShapeError, savedManifestSchema, schemaError } from './index-shape';
import { LOCK_FILE, processAlive } from './index-lock';
import { MiniSearchBackend } from './minisearch-backend';

/** Bumped whenever the saved shape or the text processing changes: an older index is then rebuilt, never misread. */
export const INDEX_FORMAT = 6;
/** Manifest and documents: all that exact search, browsing and the pages need. */
export const INDEX_FILE = 'policy-index.json';
/** The backend's term index, needed by fuzzy search only and parsed on its first use. */
export const TERMS_FILE = 'terms.json';
/** The manifest and a checksum of each of the two files; renamed into place last, it commits a build. */
export const MANIFEST_FILE = 'manifest.json';

export interface IndexManifest {
  format: number;
  /** Ties the files of one build together. */
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

/** What manifest.json holds: the manifest, and the sha256 of each file as written. */
export interface SavedManifest extends IndexManifest {
  files: Record<typeof INDEX_FILE | typeof TERMS_FILE, { sha256: string }>;
}

export interface IndexSnapshot {
  manifest: IndexManifest;
  docs: ParsedDocument[];
  /** The term backend; a loaded index parses it on first call. */
  backend: () => SearchBackend;
  /** Parses the term backend without holding the event loop for long; later calls of `backend` then find it ready. */
  preloadBackend: () => Promise<void>;
}

export function newBuildId(): string {
  return randomBytes(8).toString('hex');
}

/** A file name of ours with the writer's PID: `terms.json.4242.tmp`. Stale ones are found by the PID. */
export function tempName(name: string, pid = process.pid): string {
  return `${name}.${pid}.tmp`;
}
const TEMP = /^(.+)\.(\d+)\.tmp$/;

/**
 * Writes the three files through synced temporary files and renames, manifest.json last. Until that last
 * rename the folder's manifest still describes the previous build, and a crash in between leaves files whose
 * checksums it does not match: caught at the next start, never served. Callers hold the folder's lock.
 */
export function saveIndex(dir: string, snapshot: IndexSnapshot): void {
  const terms = Buffer.from(JSON.stringify({ buildId: snapshot.manifest.buildId, backend: snapshot.backend().serialize() }));
  const index = Buffer.from(JSON.stringify({ manifest: snapshot.manifest, docs: snapshot.docs }));
  const saved: SavedManifest = { ...snapshot.manifest, files: { [INDEX_FILE]: { sha256: sha256(index) }, [TERMS_FILE]: { sha256: sha256(terms) } } };
  const writes: Array<[string, Buffer]> = [
    [TERMS_FILE, terms],
    [INDEX_FILE, index],
    [MANIFEST_FILE, Buffer.from(JSON.stringify(saved, null, 2) + '\n')],
  ];
  const temps: string[] = [];
  let step = '';
  try {
    for (const [name, body] of writes) {
      step = name;
      temps.push(join(dir, tempName(name)));
      writeSynced(temps[temps.length - 1], body);
    }
    writes.forEach(([name], k) => {
      step = name;
      renameSync(temps[k], join(dir, name));
    });
  } catch (err) {
    for (const temp of temps) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // Nothing of ours to clean up; the message below says what went wrong.
      }
    }
    throw new PolicySearchError('INDEX_BUILD_FAILED', `无法写入索引文件 ${step}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）；原有索引保持不变`);
  }
}

function writeSynced(path: string, body: Buffer): void {
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < body.length; ) at += writeSync(fd, body, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Removes temporary files a killed build left behind (those whose writer's PID is no longer running).
 * Returns their names; a folder that cannot be read or written is left alone.
 */
export function removeStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    const m = TEMP.exec(name);
    if (!m || !OWN_FILES.has(m[1]) || processAlive(Number(m[2]))) continue;
    try {
      rmSync(join(dir, name));
      removed.push(name);
    } catch {
      // A read-only folder or a folder in the way: the next build in a writable folder removes it.
    }
  }
  return removed;
}
const OWN_FILES = new Set([INDEX_FILE, TERMS_FILE, MANIFEST_FILE, LOCK_FILE]);

/**
 * Loads and checks a saved index: the manifest's format and shape, each file's checksum against it, the
 * documents' shape and that all three are of one build. Says plainly, naming files relative to the folder,
 * whether it is missing, damaged or of another format. The term file is read and checked now and parsed later.
 */
export function loadIndex(dir: string): IndexSnapshot {
  const saved = readManifest(dir);
  const parsed = parseJson(readChecked(dir, INDEX_FILE, saved), INDEX_FILE) as { manifest: IndexManifest; docs: ParsedDocument[] };
  const shape = indexShapeError(parsed);
  if (shape) throw damaged(`${INDEX_FILE} 的结构不对（${shape}）`);
  const { files: _files, ...expected } = saved;
  if (JSON.stringify(parsed.manifest) !== JSON.stringify(expected)) {
    throw damaged(`${INDEX_FILE} 所记的构建（${parsed.manifest.buildId}）与 ${MANIFEST_FILE} 不一致（${saved.buildId}）`);
  }
  const manifest = parsed.manifest;
  if (parsed.docs.length !== manifest.counts.documents || manifest.backend !== 'minisearch') {
    throw damaged(`${INDEX_FILE} 缺少部分内容（文档数与清单不符）`);
  }
  const termsBytes = readChecked(dir, TERMS_FILE, saved);

  // The term file's bytes wait here until first needed; they are parsed once and then released.
  let pending: Buffer | null = termsBytes;
  let serialized: unknown;
  let failure: unknown;
  let backend: SearchBackend | undefined;
  const terms = (): unknown => {
    if (failure) throw failure;
    if (pending) {
      try {
        serialized = termsOf(parseJson(pending, TERMS_FILE), manifest);
      } catch (err) {
        failure = err;
        throw err;
      } finally {
        pending = null;
      }
    }
    return serialized;
  };
  const settle = (loaded: SearchBackend): SearchBackend => {
    backend ??= checkSectionCount(loaded, manifest);
    serialized = undefined;
    return backend;
  };
  return {
    manifest,
    docs: parsed.docs,
    backend: () => backend ?? settle(loadTerms(() => MiniSearchBackend.load(terms()))),
    preloadBackend: async () => {
      if (backend) return;
      const serializedTerms = terms();
      let loaded: SearchBackend;
      try {
        loaded = await MiniSearchBackend.loadAsync(serializedTerms);
      } catch (err) {
        throw termsDamaged(err);
      }
      settle(loaded);
    },
  };
}

/** manifest.json, its format checked before its shape (an older format may lack fields). */
function readManifest(dir: string): SavedManifest {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, MANIFEST_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw damaged(`${MANIFEST_FILE} 无法读取（${(err as NodeJS.ErrnoException).code}）`);
    if (existsSync(join(dir, INDEX_FILE))) throw damaged(`${MANIFEST_FILE} 缺失`);
    throw new PolicySearchError('INDEX_MISSING', `没有索引（缺少 ${INDEX_FILE} 和 ${MANIFEST_FILE}）`);
  }
  const saved = parseJson(bytes, MANIFEST_FILE) as SavedManifest;
  const format = saved?.format;
  if (format !== INDEX_FORMAT) {
    throw new PolicySearchError('INDEX_VERSION_MISMATCH', `索引格式为 ${String(format)}，本版本读取格式 ${INDEX_FORMAT}`);
  }
  const shape = schemaError(savedManifestSchema, saved);
  if (shape) throw damaged(`${MANIFEST_FILE} 的结构不对（${shape}）`);
  return saved;
}

/** A file's bytes, after checking them against the checksum manifest.json holds for it. */
function readChecked(dir: string, name: typeof INDEX_FILE | typeof TERMS_FILE, saved: SavedManifest): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw damaged(code === 'ENOENT' ? `${name} 缺失` : `${name} 无法读取（${code}）`);
  }
  if (sha256(bytes) === saved.files[name].sha256) return bytes;
  // Say which: a file of another build (a build interrupted between its renames) or a changed file.
  const other = /"buildId":"([0-9a-f]+)"/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  if (other && other !== saved.buildId) throw damaged(`${name} 来自另一次构建（${other}，${MANIFEST_FILE} 记的是 ${saved.buildId}；上次构建可能中途中断）`);
  throw damaged(`${name} 的校验和与 ${MANIFEST_FILE} 不符（文件被改动或截断）`);
}

/** The backend part of a terms file, after checking it belongs to this build. */
function termsOf(terms: unknown, manifest: IndexManifest): unknown {
  const t = terms as { buildId?: string; backend?: unknown };
  if (t?.buildId !== manifest.buildId) throw damaged(`${TERMS_FILE} 来自另一次构建`);
  return t.backend;
}

function loadTerms(load: () => SearchBackend): SearchBackend {
  try {
    return load();
  } catch (err) {
    throw termsDamaged(err);
  }
}

function termsDamaged(err: unknown): PolicySearchError {
  return err instanceof PolicySearchError ? err : damaged(`${TERMS_FILE} 无法载入（${(err as Error).name}）`);
}

function checkSectionCount(backend: SearchBackend, manifest: IndexManifest): SearchBackend {
  if (backend.stats().sections !== manifest.counts.sections) throw damaged(`${TERMS_FILE} 与 ${INDEX_FILE} 的节数不符`);
  return backend;
}

function damaged(what: string): PolicySearchError {
  return new PolicySearchError('INDEX_CORRUPT', `索引已损坏：${what}`);
}

function parseJson(bytes: Buffer, name: string): unknown {
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (err) {
    throw damaged(`${name} 太大，无法读入（${(err as Error).message}）`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw damaged(`${name} 不是有效的 JSON（可能被截断）`);
  }
}

/** Node refuses `toString` on a buffer over 512 MB, though its text (CJK: a third as many characters) fits in a string. */
const DECODE_CHUNK = 64 << 20;

/** The UTF-8 text of a buffer of any size whose text fits in one string, decoded a chunk at a time. */
export function decodeUtf8(bytes: Buffer, chunk = DECODE_CHUNK): string {
  if (bytes.length <= chunk) return bytes.toString('utf8');
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  for (let at = 0; at < bytes.length; at += chunk) parts.push(decoder.write(bytes.subarray(at, at + chunk)));
  parts.push(decoder.end());
  return parts.join('');
}
