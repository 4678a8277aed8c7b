import { z } from 'zod';

/**
 * The shape of a saved index, checked at load so that a file of the wrong shape is damage (rebuilt), never
 * a TypeError deep in the engine. Required fields are checked strictly; fields a schema does not name pass,
 * so optional fields added later load. Manifest and document records go through zod; sections and
 * paragraphs (130,000 at the largest scale) through a plain loop, which costs a fraction of zod's per-object
 * parsing.
 */

const count = z.number().int().nonnegative();
const sourceText = z.looseObject({ text: z.string(), norm: z.string(), map: z.array(z.number()).optional() });

export const manifestSchema = z.looseObject({
  format: z.number(),
  buildId: z.string().regex(/^[0-9a-f]{16}$/),
  backend: z.string(),
  builtAt: z.string(),
  inputs: z.array(z.string()).min(1),
  inputHash: z.string(),
  useManifest: z.boolean(),
  counts: z.looseObject({ documents: count, sections: count, paragraphs: count, warnings: count }),
});

const fileCheck = z.looseObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** manifest.json: the manifest and each file's checksum. */
export const savedManifestSchema = manifestSchema.extend({
  files: z.looseObject({ 'policy-index.json': fileCheck, 'terms.json': fileCheck }),
});

const docSchema = z.looseObject({
  id: z.string().min(1),
  title: sourceText,
  issuer: z.string().nullable(),
  published: z.string().nullable(),
  docNumber: z.string().nullable(),
  year: z.number().int().nullable(),
  kind: z.string(),
  region: z.looseObject({ name: z.string(), code: z.string(), path: z.array(z.string()), codes: z.array(z.string()) }).nullable(),
  source: z.string(),
  titleComposed: z.boolean(),
  titleLines: z.array(z.number()),
  warnings: z.array(z.string()),
  removed: z.array(z.looseObject({ line: z.number(), text: z.string(), reason: z.string() })),
  metadataSources: z.record(z.string(), z.string()),
  sections: z.array(z.unknown()),
});

const indexSchema = z.looseObject({ manifest: manifestSchema, docs: z.array(docSchema) });

/** Where a parsed file first departs from `schema`, in Chinese with the path (`docs[0].region.path`), or null. */
export function schemaError(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value, { error: z.locales.zhCN().localeError });
  if (result.success) return null;
  const issue = result.error.issues[0];
  return `${formatPath(issue.path) || '顶层'}：${issue.message}`;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('');
}

/** The first shape error of a parsed policy-index.json, or null when the engine can read it. */
export function indexShapeError(value: unknown): string | null {
  const error = schemaError(indexSchema, value);
  if (error) return error;
  const docs = (value as { docs: Array<{ sections: unknown[] }> }).docs;
  for (let d = 0; d < docs.length; d++) {
    const sections = docs[d].sections;
    for (let s = 0; s < sections.length; s++) {
      const where = sectionError(sections[s]);
      if (where) return `docs[${d}].sections[${s}]${where}`;
    }
  }
  return null;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown) => typeof v === 'number';
const isString = (v: unknown) => typeof v === 'string';

/** What of a section is missing or of the wrong type, as a path suffix and a reason; null when sound. */
function sectionError(section: unknown): string | null {
  if (!isObject(section)) return '：不是对象';
  for (const [field, ok] of SECTION_FIELDS) if (!ok(section[field])) return `.${field}：缺失或类型不对`;
  const headings = section.headings as unknown[];
  for (let h = 0; h < headings.length; h++) if (!isSourceText(headings[h])) return `.headings[${h}]：不是文本（text、norm）`;
  const topics = section.topics as unknown[];
  for (let t = 0; t < topics.length; t++) if (!isString(topics[t])) return `.topics[${t}]：不是字符串`;
  const paragraphs = section.paragraphs as unknown[];
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p];
    if (!isObject(paragraph) || !isSourceText(paragraph)) return `.paragraphs[${p}]：不是文本（text、norm）`;
    for (const [field, ok] of PARAGRAPH_FIELDS) if (!ok(paragraph[field])) return `.paragraphs[${p}].${field}：缺失或类型不对`;
  }
  return null;
}

const SECTION_FIELDS: Array<[string, (v: unknown) => boolean]> = [
  ['id', isString],
  ['docId', isString],
  ['ordinal', isNumber],
  ['headings', Array.isArray],
  ['shownHeadings', isNumber],
  ['topics', Array.isArray],
  ['part', isString],
  ['paragraphs', Array.isArray],
];

const PARAGRAPH_FIELDS: Array<[string, (v: unknown) => boolean]> = [
  ['id', isString],
  ['ordinal', isNumber],
  ['line', isNumber],
  ['article', (v) => v === undefined || (isObject(v) && isString(v.article))],
];

function isSourceText(v: unknown): boolean {
  return isObject(v) && isString(v.text) && isString(v.norm) && (v.map === undefined || Array.isArray(v.map));
}
