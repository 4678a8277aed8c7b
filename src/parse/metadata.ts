import { cleanLine, normalizeText, sliceSource } from '../normalize/normalize-text';
import type { BoilerplateFacts, DocKind, ManifestRow, Region, RemovedLine, SourceLine, SourceText } from '../types';

/** Document-level facts read from the title line, the boilerplate facts and the opening of the body. */

// Endings of document titles: reports, notices, opinions, laws and their Taiwan counterparts (after Simplification).
const TITLE_ENDING = /(?:报告|通知|意见|办法|条例|规定|决定|方案|纲要|规划|细则|法|公告|通告|批复|复函|函|解释|答复|章程|规则|决议|公报|要点|准则|标准|令|宪法|条文|规程)$/;
const MAX_TITLE_CHARS = 80;
const ISSUER_SUFFIX = /(?:人民政府办公室|人民政府办公厅|人民政府|人民代表大会常务委员会|人民代表大会|政府|司法局|局|委员会|办公室|办公厅|厅|委|院|部|署|中心)$/;
// The speaker line of a 政府工作报告 delivery: ——2008年3月5日在第十一届全国人民代表大会第一次会议上
const DELIVERY_LINE = /^(?:——|\()(\d{4})年\d{1,2}月\d{1,2}日在/;
// The opening formula of every 政府工作报告: 现在，我代表国务院/省人民政府向大会报告(政府)工作.
const REPORT_OPENING = /我代表.{1,12}(?:向大会|向本次大会)报告(?:政府)?工作/;
// Enactment lines heading laws and decisions: 2019年7月25日 上海市第十五届人大常委会第十三次会议通过.
const ENACTMENT_LINE = /^((?:19|20)\d{2})年\d{1,2}月\d{1,2}日.{0,80}(?:通过|公布|施行|修正|修订|发布|批准)/;
const REVIEW_HEADING = /(\d{4})年工作回顾/;
const DOC_NUMBER_YEAR = /[〔\[(【](\d{4})[〕\])】]/;
const YEAR_IN_TEXT = /((?:19|20)\d{2})年/;
const DATE_IN_TEXT = /((?:19|20)\d{2})年\d{1,2}月\d{1,2}日/g;

export interface TitleResult {
  /** The title in the source's wording; null when the text and its metadata name none. */
  title: SourceText | null;
  /** Source line numbers the title was read from (empty when it came from a metadata field or a manifest). */
  titleLines: number[];
  /** Body lines without the title and its copies. */
  lines: SourceLine[];
  /** Copies of the title in the body (a page repeats it, sometimes broken over two lines by the layout). */
  removed: RemovedLine[];
}

/** How far into the body a title or its copy is looked for. */
const TITLE_SEARCH_LINES = 8;

export function looksLikeTitle(line: string): boolean {
  return line.length <= MAX_TITLE_CHARS && !/[。,;]/.test(line) && TITLE_ENDING.test(line);
}

/**
 * The title as the text states it, else as its metadata table or manifest names it. The text's own wording
 * wins over a manifest's (which abbreviates: 刑法 for 中华人民共和国刑法, 继承编 for a book of the Civil Code):
 * a Markdown title line, then a line (or two, broken by the layout) the metadata or manifest title names,
 * then a first line shaped like a title. Later copies of it near the top go to `removed`. A title read only from
 * a metadata table takes its wording from the table's line in `metadataLines`.
 */
export function extractTitle(lines: SourceLine[], facts: BoilerplateFacts, manifestTitle?: string, metadataLines: RemovedLine[] = []): TitleResult {
  const named = [facts.title, manifestTitle].filter((t): t is string => !!t).map((t) => normalizeText(t).norm);
  let found = lines[0]?.heading === 1 ? { at: 0, span: 1 } : null;
  for (const name of named) found ??= findTitle(lines, 0, name);
  if (!found && looksLikeTitle(lines[0]?.norm ?? '')) found = { at: 0, span: 1 };
  // A text that is all title has no body left to show: its one line stays body text.
  if (found && lines.length <= found.span) found = null;
  if (!found) {
    const title = facts.title ? wordingOf(facts.title, metadataLines) : manifestTitle ? normalizeText(manifestTitle) : null;
    return { title, titleLines: [], lines, removed: [] };
  }
  const own = lines.slice(found.at, found.at + found.span);
  const title = normalizeText(own.map((l) => l.text).join(''));
  const rest = [...lines.slice(0, found.at), ...lines.slice(found.at + found.span)];
  const removed: RemovedLine[] = [];
  for (let copy = findTitle(rest, found.at, title.norm); copy; copy = findTitle(rest, copy.at, title.norm)) {
    for (const l of rest.splice(copy.at, copy.span)) removed.push({ line: l.line, text: l.text, reason: 'repeated-title' });
  }
  return { title, titleLines: own.map((l) => l.line), lines: rest, removed };
}

/** A metadata value (read from the matching form) in the wording of the removed line that holds it. */
function wordingOf(value: string, removed: RemovedLine[]): SourceText {
  const norm = normalizeText(value).norm;
  for (const r of removed) {
    if (r.reason !== 'metadata') continue;
    const line = normalizeText(cleanLine(r.text).text);
    const at = line.norm.indexOf(norm);
    if (at !== -1) return sliceSource(line, at, at + norm.length);
  }
  return normalizeText(value);
}

/** Where, from `from` on within the first lines, a line or two adjacent lines read `title`. */
function findTitle(lines: SourceLine[], from: number, title: string): { at: number; span: number } | null {
  for (let i = from; i < Math.min(lines.length, TITLE_SEARCH_LINES); i++) {
    if (lines[i].norm === title) return { at: i, span: 1 };
    if (i + 1 < lines.length && lines[i].norm + lines[i + 1].norm === title) return { at: i, span: 2 };
  }
  return null;
}

export function detectKind(title: string | null, lines: string[], isLaw: boolean, docNumber: string | undefined): DocKind {
  const head = (title ?? '') + lines.slice(0, 3).join('');
  if (/法治政府建设/.test(title ?? '') || /法治政府建设.{0,20}(?:情况|工作)?(?:的)?报告/.test(head)) return '法治政府建设报告';
  const opening = lines.slice(0, 8);
  if (/政府工作报告/.test(head) || opening.some((l) => DELIVERY_LINE.test(l) || REPORT_OPENING.test(l))) return '政府工作报告';
  if (isLaw) return '法律法规';
  if (docNumber || /(?:意见|通知|批复|复函|函|答复|决定|方案)$/.test(title ?? '')) return '政策文件';
  return '其他';
}

/** The year whose work is reported: for reports the year the title or opening names, for laws the last date of the header. */
export function detectYear(kind: DocKind, title: string | null, lines: string[], facts: BoilerplateFacts): number | null {
  const titleYear = toYear(YEAR_IN_TEXT.exec(title ?? '')?.[1]);
  const publishedYear = toYear(facts.published?.slice(0, 4));
  switch (kind) {
    case '法治政府建设报告':
      return titleYear ?? toYear(YEAR_IN_TEXT.exec(lines.slice(0, 2).join('').slice(0, 120))?.[1]) ?? (publishedYear ? publishedYear - 1 : null);
    case '政府工作报告': {
      for (const line of lines.slice(0, 8)) {
        const delivered = DELIVERY_LINE.exec(line)?.[1];
        if (delivered) return Number(delivered);
      }
      if (titleYear) return titleYear;
      const reviewed = lines.slice(0, 40).map((l) => REVIEW_HEADING.exec(l)?.[1]).find(Boolean);
      return reviewed ? Number(reviewed) + 1 : publishedYear;
    }
    case '法律法规': {
      const header: string[] = [];
      for (const line of lines) {
        if (/^第 ?[一二三四五六七八九十百零\d]+ ?[编章节条]/.test(line)) break;
        // The version is dated by its adoption or publication; the day it takes effect (施行) comes later.
        if (/施行/.test(line) && !/通过|修正|修订|公布|批准|发布/.test(line)) continue;
        header.push(line);
      }
      // Joined without breaks: layout sometimes breaks a date (2016年1月22 / 日).
      const years = [...header.join('').matchAll(DATE_IN_TEXT)].map((m) => Number(m[1]));
      return years.length ? Math.max(...years) : (publishedYear ?? titleYear);
    }
    default:
      return toYear(facts.docNumber ? DOC_NUMBER_YEAR.exec(facts.docNumber)?.[1] : undefined) ?? enactmentYear(lines) ?? titleYear ?? publishedYear;
  }
}

/** The latest enactment or amendment date among the opening lines, as decisions and laws state it. */
function enactmentYear(lines: string[]): number | null {
  const years = lines.slice(0, 10).map((l) => toYear(ENACTMENT_LINE.exec(l)?.[1])).filter((y): y is number => y !== null);
  return years.length ? Math.max(...years) : null;
}

function toYear(value: string | undefined): number | null {
  const year = Number(value);
  return value && year >= 1900 && year <= 2100 ? year : null;
}

/** The issuing body: the title's own words (南通市人民政府关于…) first, then the metadata table, then the signature. */
export function detectIssuer(title: string | null, facts: BoilerplateFacts, kind: DocKind, region: Region | null): string | null {
  const fromTitle = title ? issuerInTitle(title) : null;
  const candidates = [fromTitle, facts.issuer, facts.signature].filter((c): c is string => !!c);
  // 区司法局 says less than 丽水市莲都区司法局: prefer a candidate that names its place.
  const named = candidates.find((c) => region && region.path.some((p) => c.includes(p)));
  if (named ?? candidates[0]) return named ?? candidates[0];
  if (kind === '政府工作报告' && region) return region.code === '000000' ? '国务院' : `${region.path[0]}人民政府`;
  return null;
}

function issuerInTitle(title: string): string | null {
  const m = /^(.{2,24}?)(?:关于|(?:19|20)\d{2}年)/.exec(title);
  return m && ISSUER_SUFFIX.test(m[1]) ? m[1] : null;
}

/** A title composed when the document has none: 临河区2024年法治政府建设情况报告. */
export function composeTitle(kind: DocKind, region: Region | null, year: number | null): string {
  const place = region?.name ?? '';
  const when = year ? `${year}年` : '';
  const what = kind === '法治政府建设报告' ? '法治政府建设情况报告' : kind === '其他' ? '文件' : kind;
  return `${place}${when}${what}`;
}

/** Maps a manifest's doc_type onto our kinds. */
export function kindFromManifest(row: ManifestRow): DocKind | undefined {
  const t = row.doc_type ?? '';
  if (!t) return undefined;
  if (/法治政府建设/.test(t)) return '法治政府建设报告';
  if (/政府工作报告/.test(t)) return '政府工作报告';
  if (/法|条例|规章|司法解释|宪法|憲法|命令/.test(t)) return '法律法规';
  if (/文件|通知|意见/.test(t)) return '政策文件';
  return '其他';
}
