import { createHash } from 'node:crypto';
import { normalizeText } from '../normalize/normalize-text';
import type { DocumentMeta, NormalizedDocument, Paragraph, ParsedDocument, Region, RemovedLine, Section, SourceText } from '../types';
import { composeTitle, detectIssuer, detectKind, detectYear, kindFromManifest, openingLines, publishedReason, type Chosen } from './metadata';
import { parseOutline } from './outline';
import type { OutlineParagraph } from './outline-builder';
import { chooseRegion, NATIONAL, regionFromName, resolveRegion, type PlaceSource } from './region';
import { chooseTitle } from './title';
import { classifyItem, classifyPart, classifyTopics } from './topics';

const HEAD_CHARS = 300;
// Bodies of the central state: a text they issue with no place in its title or opening is national.
const NATIONAL_CUE = /国务院|全国人民代表大会|全国人大|中华人民共和国|最高人民法院|最高人民检察院|中共中央|国家[^\s,。]{0,10}(?:局|委员会|部)|[^\s,。]{1,8}部令/;
// A title or issuer opening with a central body speaks for the whole country.
const CENTRAL_ISSUER = /^(?:国务院|最高人民法院|最高人民检察院|全国人民代表大会|全国人大|中华人民共和国|中共中央|中央军委|国家[^\s,。关]{1,10}(?:局|委员会|署|部)(?:关于|$))/;
const LOCAL_VOICE = /我(?:县|区|市|省|州|旗|盟)/;
// Taiwan's laws date themselves in the 中华民国 era and name its bodies.
const TAIWAN_CUE = /中华民国|行政院|立法院|考试院|监察院|司法院/;
// The first sentence of the body, where a report names who reports: 2023年，静海区坚持…
const OPENING_CHARS = 150;
// A portal's name above the page (天津市宝坻区人民政府, 北京朝阳): short, no figures once the page clock is gone.
const MAX_PORTAL_CHARS = 24;
const PAGE_CLOCK_TAIL = / ?\d{4}年\d{1,2}月\d{1,2}日.*$/;
const MANIFEST_REASON = '清单（manifest.tsv）';

/** NormalizedDocument → ParsedDocument: metadata, region, outline, paragraphs with stable ids, topics and part. */
export function parseDocument(doc: NormalizedDocument): ParsedDocument {
  const found = chooseTitle(doc.lines, doc.facts, doc.removed);
  const lines = found.body.map((l) => l.norm);
  const titleNorm = found.title?.norm ?? null;
  const outline = parseOutline(found.body, titleNorm ?? '');
  const removed = [...doc.removed, ...found.removed, ...outline.removed].sort((a, b) => a.line - b.line);
  const isLaw = outline.style === 'article';
  const manifest = doc.manifest;
  const fromManifest = <T>(value: T | undefined | null): Chosen<T> | null => (value ? { value, reason: MANIFEST_REASON } : null);
  const kind = fromManifest(manifest && kindFromManifest(manifest)) ?? detectKind(titleNorm, lines, isLaw, doc.facts.docNumber);
  const region =
    fromManifest(manifest?.region ? regionFromName(manifest.region) : null) ??
    detectRegion(titleNorm ?? '', doc, lines, removed, found.lines[0] ?? Infinity);
  const year = fromManifest(manifest?.year) ?? detectYear(kind.value, titleNorm, lines, doc.facts);
  const issuer = fromManifest(manifest?.issuer) ?? detectIssuer(found.title, doc.facts, kind.value, region?.value ?? null, lines);
  // The text's own title line is the official wording and wins over a manifest's, which abbreviates (刑法 for
  // 中华人民共和国刑法, 继承编 for a book of the Civil Code); a title read from the 标题 field comes after it.
  const ownTitle = found.title && found.lines.length ? found.title : null;
  const titleChoice: [SourceText, string] | null = ownTitle
    ? [ownTitle, found.reason]
    : manifest?.title
      ? [normalizeText(manifest.title), MANIFEST_REASON]
      : found.title
        ? [found.title, found.reason]
        : null;
  const title = titleChoice?.[0] ?? normalizeText(composeTitle(kind.value, region?.value ?? null, year?.value ?? null));
  const sources: DocumentMeta['metadataSources'] = {
    title: titleChoice?.[1] ?? '未找到标题，由地区、年份和类型拟定',
    kind: kind.reason,
  };
  if (region) sources.region = region.reason;
  if (year) sources.year = year.reason;
  if (issuer) sources.issuer = issuer.reason;
  if (doc.facts.published) sources.published = publishedReason(doc.facts);
  if (doc.facts.docNumber) sources.docNumber = '文号行或“文号”栏';

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
      topics: withItemTopics(paragraphs, classifyTopics(headingNorms, paragraphs.map((p) => p.norm).join('\n'))),
      part: classifyPart(headingNorms, kind.value, year?.value ?? null),
      paragraphs,
    });
  }

  fillMissingTopics(sections);
  return {
    id: doc.id,
    source: doc.source,
    title,
    titleComposed: !titleChoice,
    titleLines: ownTitle ? found.lines : [],
    issuer: issuer?.value ?? null,
    published: doc.facts.published ?? null,
    docNumber: doc.facts.docNumber ?? null,
    year: year?.value ?? null,
    kind: kind.value,
    region: region?.value ?? null,
    warnings: doc.warnings,
    removed,
    metadataSources: sources,
    sections,
  };
}

function toParagraph(p: OutlineParagraph, id: string, ordinal: number): Paragraph {
  const paragraph: Paragraph = { id, ordinal, text: p.text, norm: p.norm, line: p.line };
  if (p.map) paragraph.map = p.map;
  if (p.article) paragraph.article = p.article;
  return paragraph;
}

/** Gives each enumerated item the topics its lead names and returns the section's topics with them added. */
function withItemTopics(paragraphs: Paragraph[], topics: string[]): string[] {
  const all = [...topics];
  for (const p of paragraphs) {
    const own = classifyItem(p.norm);
    if (own.length === 0) continue;
    p.topics = own;
    for (const t of own) if (!all.includes(t)) all.push(t);
  }
  return all;
}

/** A section no cue speaks for (a short preamble) takes the document's most common topic: every section has one. */
function fillMissingTopics(sections: Section[]): void {
  const counts = new Map<string, number>();
  for (const s of sections) for (const t of s.topics) counts.set(t, (counts.get(t) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (common) for (const s of sections) if (s.topics.length === 0) s.topics = [common];
}

/**
 * The region is the reporting body's jurisdiction, not the places a text is about: 国务院关于河北雄安新区…的批复 is
 * national, a city's report praising one of its districts is the city's. The title, the issuer fields, the
 * signature, the opening sentence and the portal's name are asked in that order; failing those, national or
 * Taiwan cues; failing those, the place the body names most.
 */
function detectRegion(title: string, doc: NormalizedDocument, lines: string[], removed: RemovedLine[], titleLine: number): Chosen<Region> | null {
  const { facts } = doc;
  if (CENTRAL_ISSUER.test(title) || CENTRAL_ISSUER.test(facts.issuer ?? '')) return { value: NATIONAL, reason: '中央机关发布' };
  const body = lines.join('\n');
  const opening = openingLines(lines).join('').split('。')[0].slice(0, OPENING_CHARS);
  const sources: PlaceSource[] = [
    { label: '标题', text: title },
    { label: '“发布机构”栏', text: facts.issuer ?? '' },
    { label: '文末署名', text: facts.signature ?? '' },
    { label: '正文开头', text: opening, fullNamesOnly: true },
    ...portalNames(removed, titleLine).map((text) => ({ label: '网站名称', text })),
    { label: '“来源”栏', text: facts.sourceName ?? '' },
  ];
  const chosen = chooseRegion(sources, body);
  if (chosen) return { value: chosen.region, reason: chosen.reason };
  const head = body.slice(0, HEAD_CHARS);
  if (TAIWAN_CUE.test(title + head)) return { value: regionFromName('台湾省')!, reason: '台湾地区机关或纪年' };
  // 我县/我区 speaks for a local government even when it cites 国务院 in its opening.
  if (!LOCAL_VOICE.test(head) && NATIONAL_CUE.test(title + (facts.issuer ?? '') + head)) return { value: NATIONAL, reason: '中央机关或全国性法律' };
  const inBody = resolveRegion({ title: '', body });
  return inBody ? { value: inBody, reason: `正文中提到最多的地名“${inBody.name}”` } : null;
}

/** Portal names among the lines removed above the title: 天津市宝坻区人民政府 2020年6月9日星期二 → 天津市宝坻区人民政府. */
function portalNames(removed: RemovedLine[], titleLine: number): string[] {
  return removed
    .filter((r) => r.line < titleLine && (r.reason === 'page-chrome' || r.reason === 'toolbar'))
    .map((r) => normalizeText(r.text).norm.replace(PAGE_CLOCK_TAIL, '').trim())
    .filter((name) => name.length <= MAX_PORTAL_CHARS && !/\d|[:>]/.test(name));
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
