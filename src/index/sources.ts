import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fail, PolicySearchError } from '../errors';
import type { ManifestRow, RawDocument } from '../types';

/** Text files in a source folder; a `manifest.tsv` beside them overrides what the parser infers. */
const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.text']);
const MANIFEST = 'manifest.tsv';

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
}

function listFiles(path: string): ListedFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    fail('SOURCE_UNREADABLE', `${path}: no such file or folder`);
  }
  if (stat.isFile()) return [{ path }];
  const names = readdirSync(path).sort();
  const manifest = names.includes(MANIFEST) ? readManifest(join(path, MANIFEST)) : new Map<string, ManifestRow>();
  return names
    .filter((name) => TEXT_EXTENSIONS.has(extname(name).toLowerCase()) && !/^(?:README|SOURCE)\./i.test(name))
    .map((name) => ({ path: join(path, name), manifest: manifest.get(name) }));
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
