import { performance } from 'node:perf_hooks';
import { PolicySearchError } from '../errors';
import { normalizeDocument } from '../normalize/normalize-document';
import { parseDocument } from '../parse/parse-document';
import { segmentText } from '../segment/segment-text';
import type { IndexedSection, ParsedDocument, RawDocument } from '../types';
import { INDEX_FORMAT, newBuildId, type IndexSnapshot } from './index-file';
import { MiniSearchBackend } from './minisearch-backend';
import { readSources, type SourceProblem, type SourceSet } from './sources';

export interface BuildOptions {
  /** Folders or files to index. */
  inputs: string[];
  /** Let `manifest.tsv` rows override inferred metadata (default true). */
  useManifest?: boolean;
  /** Sources already in memory (benchmarks, tests); when given, `inputs` only labels the manifest. */
  sources?: SourceSet;
  /** Called once per document, indexed or skipped. */
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  done: number;
  total: number;
  source: string;
  /** Set when the document was skipped. */
  problem?: string;
  doc?: ParsedDocument;
}

export interface BuildStats {
  documents: number;
  sections: number;
  paragraphs: number;
  warnings: number;
  skipped: number;
  bytes: number;
  seconds: number;
  /** Milliseconds spent in each stage. */
  stageMs: { read: number; normalize: number; parse: number; segment: number; index: number };
}

export interface BuildResult {
  snapshot: IndexSnapshot;
  /** Files skipped, each with its reason. */
  problems: SourceProblem[];
  /** What was ignored without skipping a file (manifests or rows of them). */
  notices: SourceProblem[];
  stats: BuildStats;
}

/** Sources → normalize → parse → segment → index. A bad file is reported by name and skipped; the rest index. */
export function buildIndex(options: BuildOptions): BuildResult {
  const started = performance.now();
  const stageMs = { read: 0, normalize: 0, parse: 0, segment: 0, index: 0 };
  const time = <T>(stage: keyof typeof stageMs, work: () => T): T => {
    const t0 = performance.now();
    try {
      return work();
    } finally {
      stageMs[stage] += performance.now() - t0;
    }
  };
  const useManifest = options.useManifest ?? true;
  const sources = options.sources ?? time('read', () => readSources(options.inputs));
  const problems = [...sources.problems];
  const docs: ParsedDocument[] = [];
  const backend = MiniSearchBackend.create();
  const total = sources.documents.length;

  sources.documents.forEach((raw, k) => {
    const input: RawDocument = useManifest ? raw : { ...raw, manifest: undefined };
    try {
      const normalized = time('normalize', () => normalizeDocument(input));
      const doc = time('parse', () => parseDocument(normalized));
      const indexed = time('segment', () => toIndexedSections(doc));
      time('index', () => backend.add(indexed));
      docs.push(doc);
      options.onProgress?.({ done: k + 1, total, source: raw.source, doc });
    } catch (err) {
      if (!(err instanceof PolicySearchError)) throw err;
      problems.push({ source: raw.source, message: err.message });
      options.onProgress?.({ done: k + 1, total, source: raw.source, problem: err.message });
    }
  });

  const sections = docs.reduce((n, d) => n + d.sections.length, 0);
  const paragraphs = docs.reduce((n, d) => n + d.sections.reduce((m, s) => m + s.paragraphs.length, 0), 0);
  const warnings = docs.reduce((n, d) => n + d.warnings.length, 0);
  const snapshot: IndexSnapshot = {
    manifest: {
      format: INDEX_FORMAT,
      buildId: newBuildId(),
      backend: backend.name,
      builtAt: new Date().toISOString(),
      inputs: options.inputs,
      inputHash: sources.inputHash,
      useManifest,
      counts: { documents: docs.length, sections, paragraphs, warnings },
    },
    docs,
    backend: () => backend,
    preloadBackend: async () => {},
  };
  return {
    snapshot,
    problems,
    notices: sources.notices,
    stats: {
      documents: docs.length,
      sections,
      paragraphs,
      warnings,
      skipped: problems.length,
      bytes: sources.bytes,
      seconds: (performance.now() - started) / 1000,
      stageMs,
    },
  };
}

/** One backend document per section, its fields segmented by the one segmenter. */
export function toIndexedSections(doc: ParsedDocument): IndexedSection[] {
  const title = segmentText(doc.title.norm).join(' ');
  return doc.sections.map((s) => ({
    id: s.id,
    title,
    headingsText: segmentText(s.headings.map((h) => h.norm).join(' ')).join(' '),
    body: segmentText(s.paragraphs.map((p) => p.norm).join('\n')).join(' '),
  }));
}
