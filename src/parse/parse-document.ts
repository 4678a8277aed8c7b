import { createHash } from 'node:crypto';
import { normalizeText } from '../normalize/normalize-text';
import type { NormalizedDocument, Paragraph, ParsedDocument, Region, Section, SourceText } from '../types';
import { composeTitle, detectIssuer, detectKind, detectYear, extractTitle, kindFromManifest } from './metadata';
import { parseOutline } from './outline';
import type { OutlineParagraph } from './outline-builder';
import { NATIONAL, regionFromName, resolveRegion } from './region';
import { classifyPart, classifyTopics } from './topics';

const HEAD_CHARS = 300;
// Bodies of the central state: a text they issue with no place in its title or opening is national.
const NATIONAL_CUE = /国务院|全国人民代表大会|全国人大|中华人民共和国|最高人民法院|最高人民检察院|中共中央|国家[^\s,。]{0,10}(?:局|委员会|部)|[^\s,。]{1,8}部令/;
// A title or issuer opening with a central body speaks for the whole country.
const CENTRAL_ISSUER = /^(?:国务院|最高人民法院|最高人民检察院|全国人民代表大会|全国人大|中华人民共和国|中共中央|中央军委|国家[^\s,。关]{1,10}(?:局|委员会|署|部)(?:关于|$))/;
const LOCAL_VOICE = /我(?:县|区|市|省|州|旗|盟)/;
// Taiwan's laws date themselves in the 中华民国 era and name its bodies.
const TAIWAN_CUE = /中华民国|行政院|立法院|考试院|监察院|司法院/;

/** NormalizedDocument → ParsedDocument: metadata, region, outline, paragraphs with stable ids, topics and parts. */
export function parseDocument(doc: NormalizedDocument): ParsedDocument {
  const manifest = doc.manifest;
  const found = extractTitle(doc.lines, doc.facts, manifest?.title, doc.removed);
  const foundTitle = found.title?.norm ?? null;
  const lines = found.lines.map((l) => l.norm);
  const outline = parseOutline(found.lines, foundTitle ?? '');
  const isLaw = outline.style === 'article';
  const kind = (manifest && kindFromManifest(manifest)) ?? detectKind(foundTitle, lines, isLaw, doc.facts.docNumber);
  const body = lines.join('\n');
  const region = (manifest?.region && regionFromName(manifest.region)) || detectRegion(foundTitle ?? '', doc.facts.issuer ?? doc.facts.signature ?? null, body);
  const year = manifest?.year ?? detectYear(kind, foundTitle, lines, doc.facts);
  const title = found.title ?? normalizeText(composeTitle(kind, region, year));
  const issuer = manifest?.issuer ?? detectIssuer(foundTitle, doc.facts, kind, region);

  const sections: Section[] = [];
  const sectionIds = new IdMinter();
  const paragraphIds = new IdMinter();
  let ordinal = 0;
  let previous: string[] = [];
  for (const part of outline.sections) {
    const paragraphs = part.paragraphs.map((p) => toParagraph(p, paragraphIds.mint('p', p.norm), ++ordinal));
    const headings = part.headings.map((h): SourceText => (h.map ? { text: h.text, norm: h.norm, map: h.map } : { text: h.text, norm: h.norm }));
    const headingNorms = headings.map((h) => h.norm);
    let same = 0;
    while (same < headingNorms.length && previous[same] === headingNorms[same]) same++;
    previous = headingNorms;
    sections.push({
      id: `${doc.id}:${sectionIds.mint('s', headingNorms.join('\u0001'))}`,
      docId: doc.id,
      ordinal: sections.length,
      headings,
      shownHeadings: headings.length - same,
      topics: classifyTopics(headingNorms, paragraphs.map((p) => p.norm).join('\n')),
      part: classifyPart(headingNorms, kind, year),
      paragraphs,
    });
  }

  fillMissingTopics(sections);
  return {
    id: doc.id,
    source: doc.source,
    title,
    titleComposed: !found.title,
    titleLines: found.titleLines,
    issuer,
    published: doc.facts.published ?? null,
    docNumber: doc.facts.docNumber ?? null,
    year,
    kind,
    region,
    warnings: doc.warnings,
    removed: [...doc.removed, ...found.removed, ...outline.removed].sort((a, b) => a.line - b.line),
    metadataSources: {},
    sections,
  };
}

function toParagraph(p: OutlineParagraph, id: string, ordinal: number): Paragraph {
  const paragraph: Paragraph = { id, ordinal, text: p.text, norm: p.norm, line: p.line };
  if (p.map) paragraph.map = p.map;
  if (p.article) paragraph.article = p.article;
  return paragraph;
}

/** A section no cue speaks for (a short preamble) takes the document's most common topic: every section has one. */
function fillMissingTopics(sections: Section[]): void {
  const counts = new Map<string, number>();
  for (const s of sections) for (const t of s.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (common) for (const s of sections) if (s.topics.length === 0) s.topics = [common];
}

/**
 * The region is the issuer's jurisdiction, not the places a text is about: 国务院关于河北雄安新区…的批复 is
 * national. Then the title, issuer and opening; failing those, national or Taiwan cues; failing those, the body.
 */
function detectRegion(title: string, issuer: string | null, body: string): Region | null {
  if (CENTRAL_ISSUER.test(title) || CENTRAL_ISSUER.test(issuer ?? '')) return NATIONAL;
  const head = body.slice(0, HEAD_CHARS);
  const strong = resolveRegion({ title, issuer, body: head.slice(0, 200) });
  if (strong) return strong;
  if (TAIWAN_CUE.test(title + head)) return regionFromName('台湾省');
  // 我县/我区 speaks for a local government even when it cites 国务院 in its opening.
  if (!LOCAL_VOICE.test(head) && NATIONAL_CUE.test(title + (issuer ?? '') + head)) return NATIONAL;
  return resolveRegion({ title, issuer, body });
}

/**
 * Ids from content, not position: a paragraph keeps its id when others are added, removed or reordered.
 * Repeated content in one document gets a numbered suffix in document order.
 */
class IdMinter {
  private readonly seen = new Map<string, number>();
  mint(prefix: string, content: string): string {
    const base = prefix + createHash('sha1').update(content).digest('hex').slice(0, 8);
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }
}
