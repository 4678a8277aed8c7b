import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fail, PolicySearchError } from '../errors';
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
  /** Hash over every file name and its bytes: a changed source means a stale index. */
  inputHash: string;
  bytes: number;
}

/** Reads every text file of the given folders (or single files) in a stable order. */
export function readSources(paths: string[]): SourceSet {
  const documents: RawDocument[] = [];
  const problems: SourceProblem[] = [];
  const hash = createHash('sha1');
  const ids = new Map<string, string>();
  let bytes = 0;
  for (const path of paths) {
    for (const file of listFiles(path)) {
      if (file.skipped) {
        problems.push({ source: file.path, message: `${file.path}: skipped, ${file.skipped}` });
        continue;
      }
      const source = file.path;
      let data: Buffer;
      try {
        data = readFileSync(source);
      } catch (err) {
        problems.push({ source, message: `${source}: cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
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
  return { documents, problems, inputHash: hash.digest('hex'), bytes };
}

interface ListedFile {
  path: string;
  manifest?: ManifestRow;
  /** Why the file is not read as a document. */
  skipped?: string;
}

function listFiles(path: string): ListedFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    fail('SOURCE_UNREADABLE', `${path}: no such file or folder`);
  }
  if (stat.isFile()) return [{ path, skipped: notADocument(basename(path)) }];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = entries.map((e) => e.name);
  const manifest = names.includes(MANIFEST) ? readManifest(join(path, MANIFEST)) : new Map<string, ManifestRow>();
  return entries
    .filter((e) => e.isFile() && e.name !== MANIFEST && !e.name.startsWith('.'))
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

/** `manifest.tsv`: tab-separated, header row, no quoting (as in shared/corpora). */
export function readManifest(path: string): Map<string, ManifestRow> {
  const rows = new Map<string, ManifestRow>();
  const lines = readFileSync(path, 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean);
  const header = lines.shift()?.split('\t') ?? [];
  if (!header.includes('file')) throw new PolicySearchError('SOURCE_UNREADABLE', `${path}: the header has no 'file' column`);
  for (const line of lines) {
    const cells = line.split('\t');
    const get = (name: string) => cells[header.indexOf(name)]?.trim() || undefined;
    const file = get('file');
    if (!file) continue;
    const year = Number(get('year'));
    rows.set(file, {
      file,
      title: get('title'),
      region: get('region'),
      year: Number.isInteger(year) && year > 0 ? year : undefined,
      issuer: get('issuer'),
      doc_type: get('doc_type'),
      script: get('script'),
    });
  }
  return rows;
}

/** Readable and stable: the file name without extension, reduced to characters safe in a URL path. */
export function documentId(source: string): string {
  const stem = basename(source, extname(source));
  return stem.replace(/[^\p{Script=Han}A-Za-z0-9_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'doc';
}
