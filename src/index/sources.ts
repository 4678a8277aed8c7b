import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fail, PolicySearchError } from '../errors';
import { checkSourceSize } from '../normalize/decode';
import type { ManifestRow, RawDocument } from '../types';

/** Text files in a source folder; a `manifest.tsv` beside them overrides what the parser infers. */
const TEXT_EXTENSIONS = new Set(['.txt', '.text']);
const MANIFEST = 'manifest.tsv';
// A folder's own notes (README.md, SOURCE.md) describe the collection; they are not among its documents.
const FOLDER_NOTE = /^(?:README|SOURCE|CHANGELOG|LICENSE)(?:\.|$)/i;

export interface SourceProblem {
  source: string;
  message: string;
}

export interface SourceSet {
  documents: RawDocument[];
  /** Files that could not be read or were refused before parsing, each with a message. */
  problems: SourceProblem[];
  /** What was ignored without skipping a file: a manifest, or rows of one, each with a message. */
  notices: SourceProblem[];
  /** Hash over every file name and its bytes: a changed source means a stale index. */
  inputHash: string;
  bytes: number;
}

/** Reads every text file of the given folders (or single files) in a stable order. */
export function readSources(paths: string[]): SourceSet {
  const documents: RawDocument[] = [];
  const problems: SourceProblem[] = [];
  const notices: SourceProblem[] = [];
  const hash = createHash('sha1');
  const ids = new Map<string, string>();
  let bytes = 0;
  for (const path of paths) {
    for (const file of listFiles(path, notices)) {
      if (file.skipped) {
        problems.push({ source: file.path, message: `${file.path}: skipped, ${file.skipped}` });
        continue;
      }
      const source = file.path;
      let data: Buffer;
      try {
        data = readSourceFile(source);
      } catch (err) {
        if (!(err instanceof PolicySearchError)) throw err;
        problems.push({ source, message: err.message });
        continue;
      }
      hash.update(source).update('\0').update(data);
      bytes += data.length;
      const id = documentId(source);
      const clash = ids.get(id);
      if (clash) {
        problems.push({ source, message: `${source}: document id ${id} is taken by ${clash}; rename one of the files` });
        continue;
      }
      ids.set(id, source);
      documents.push({ id, source, bytes: data, manifest: file.manifest });
    }
  }
  return { documents, problems, notices, inputHash: hash.digest('hex'), bytes };
}

/** Why `open` failed, in words, for the codes a folder of sources can produce. */
const OPEN_ERRORS: Record<string, string> = {
  ELOOP: 'a loop of symbolic links',
  ENOENT: 'a symbolic link to nothing, or removed while reading',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EMFILE: 'too many open files',
};

/**
 * Reads one source, refusing anything but a regular file (a FIFO would block for ever, /dev/zero never
 * ends) and anything over the size limit, both decided from the opened descriptor before any byte is read.
 * O_NONBLOCK lets the open itself return at once on a FIFO with no writer.
 */
function readSourceFile(source: string): Buffer {
  let fd: number;
  try {
    fd = openSync(source, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    fail('SOURCE_UNREADABLE', `${source}: cannot be opened: ${OPEN_ERRORS[code] ?? code} (${code})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail('SOURCE_UNREADABLE', `${source}: ${kindOf(stat)}, not a regular file`);
    checkSourceSize(stat.size, source);
    // A file that grows while read is read to the size it had; one that shrinks, to where it ends.
    const data = Buffer.alloc(stat.size);
    let read = 0;
    while (read < data.length) {
      const n = readSync(fd, data, read, data.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return data.subarray(0, read);
  } catch (err) {
    if (err instanceof PolicySearchError) throw err;
    fail('SOURCE_UNREADABLE', `${source}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

interface ListedFile {
  path: string;
  manifest?: ManifestRow;
  /** Why the file is not read as a document. */
  skipped?: string;
}

function listFiles(path: string, notices: SourceProblem[]): ListedFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    fail('SOURCE_UNREADABLE', `${path}: no such file or folder`);
  }
  // Anything but a folder is one source; reading it refuses what is not a regular file, by name.
  if (!stat.isDirectory()) return [{ path, skipped: notADocument(basename(path)) }];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let manifest = new Map<string, ManifestRow>();
  if (entries.some((e) => e.name === MANIFEST)) {
    const read = readManifest(join(path, MANIFEST));
    manifest = read.rows;
    notices.push(...read.notices);
  }
  // Subfolders are not documents; but a folder, FIFO, device or link named like a text file is listed, so that
  // reading it names why it is skipped.
  return entries
    .filter((e) => e.name !== MANIFEST && !e.name.startsWith('.') && (!e.isDirectory() || TEXT_EXTENSIONS.has(extname(e.name).toLowerCase())))
    .map((e) => ({ path: join(path, e.name), manifest: manifest.get(e.name), skipped: notADocument(e.name) }));
}

/** Why a file is not a text document to index, or undefined when it is one. */
function notADocument(name: string): string | undefined {
  const ext = extname(name).toLowerCase();
  if (FOLDER_NOTE.test(name)) return `${name} describes the folder and is not one of its documents`;
  if (TEXT_EXTENSIONS.has(ext)) return undefined;
  if (ext === '.md' || ext === '.markdown') return 'a Markdown page is not read as a document (save it as .txt to index it)';
  if (ext === '.html' || ext === '.htm' || ext === '.shtml') return 'an HTML page is not read as a document (save its text as .txt to index it)';
  return ext ? `${ext} files are not text documents` : 'a file without the .txt extension is not read as a document';
}

/** Manifest years outside this range are typing errors; the parser's own range (1947 is 中華民國憲法's year). */
const MANIFEST_YEARS = { min: 1900, max: 2100 };

/**
 * `manifest.tsv`: tab-separated, header row, no quoting (as in shared/corpora). A manifest without a `file`
 * column is ignored, and so is a row with more cells than the header (a tab inside a title shifts every cell
 * after it) or an impossible year; each with a notice naming it, and the files index with inferred metadata.
 */
export function readManifest(path: string): { rows: Map<string, ManifestRow>; notices: SourceProblem[] } {
  const rows = new Map<string, ManifestRow>();
  const notices: SourceProblem[] = [];
  let text: string;
  try {
    // Read as a source is: a FIFO or a device named manifest.tsv must not block or flood the build either.
    text = readSourceFile(path).toString('utf8');
  } catch (err) {
    if (!(err instanceof PolicySearchError)) throw err;
    notices.push({ source: path, message: `${err.message}; this manifest is ignored` });
    return { rows, notices };
  }
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = lines[0].split('\t').map((name) => name.trim());
  if (!header.includes('file')) {
    notices.push({ source: path, message: `${path}: the header has no 'file' column; this manifest is ignored` });
    return { rows, notices };
  }
  for (let k = 1; k < lines.length; k++) {
    const cells = lines[k].split('\t');
    const get = (name: string) => cells[header.indexOf(name)]?.trim() || undefined;
    const file = get('file');
    if (!file) continue;
    const yearCell = get('year');
    const year = Number(yearCell);
    let refused: string | undefined;
    if (cells.length > header.length) refused = `${cells.length} cells for ${header.length} columns (a tab inside a cell?)`;
    else if (yearCell && !(Number.isInteger(year) && year >= MANIFEST_YEARS.min && year <= MANIFEST_YEARS.max)) {
      refused = `the year '${yearCell}' is not a year from ${MANIFEST_YEARS.min} to ${MANIFEST_YEARS.max}`;
    }
    if (refused) {
      notices.push({ source: path, message: `${path} line ${k + 1} (${file}): ${refused}; the row is ignored` });
      continue;
    }
    rows.set(file, {
      file,
      title: get('title'),
      region: get('region'),
      year: yearCell ? year : undefined,
      issuer: get('issuer'),
      doc_type: get('doc_type'),
      script: get('script'),
    });
  }
  return { rows, notices };
}

/** Readable and stable: the file name without extension, reduced to characters safe in a URL path. */
export function documentId(source: string): string {
  const stem = basename(source, extname(source));
  return stem.replace(/[^\p{Script=Han}A-Za-z0-9_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'doc';
}
