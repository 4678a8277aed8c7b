import { toTextRange } from '../normalize/offset-map';
import type { BoilerplateFacts, DocKind, ManifestRow, Region, SourceText } from '../types';
import { governmentOf, titleSubject } from './region';

/** Document-level facts read from the title, the boilerplate facts and the opening of the body, each with its reason. */

/** A value and why it was chosen, in Chinese. */
export interface Chosen<T> {
  value: T;
  reason: string;
}

// A township's report names it as its subject: 大成桥镇2022年… → 大成桥镇人民政府; a 街道 reports as its 办事处.
const TOWN_SUBJECT = /^(?:关于)?(?:(?:19|20)\d{2}年度?)?([\u4e00-\u9fff]{1,8}?(?:镇|乡|街道))(?=(?:19|20)\d{2}|法治|关于)/;
// A body signing a notice above the document it sends: 修水县人民政府办公室 / 2021年4月8日.
const SIGNING_DATE = /^(?:(?:19|20)\d{2}|二[〇○零])[\d〇○零一二三四五六七八九十]{0,3}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$/;
const SIGNING_LINES = 40;
const MAX_SIGNER_CHARS = 30;
const ISSUER_SUFFIX = /(?:人民政府办公室|人民政府办公厅|人民政府|行政公署|人民代表大会常务委员会|人民代表大会|政府|司法局|局|委员会|办公室|办公厅|厅|委|院|部|署|中心)$/;
// The speaker line of a 政府工作报告 delivery: ——2008年3月5日在第十一届全国人民代表大会第一次会议上
const DELIVERY_LINE = /^(?:——|\()(\d{4})年\d{1,2}月\d{1,2}日在/;
// The opening formula of every 政府工作报告: 现在，我代表国务院/省人民政府向大会报告(政府)工作.
const REPORT_OPENING = /我代表.{1,12}(?:向大会|向本次大会)报告(?:政府)?工作/;
// Enactment lines heading laws and decisions: 2019年7月25日 上海市第十五届人大常委会第十三次会议通过.
const ENACTMENT_LINE = /^((?:19|20)\d{2})年\d{1,2}月\d{1,2}日.{0,80}(?:通过|公布|施行|修正|修订|发布|批准)/;
const REVIEW_HEADING = /(\d{4})年工作回顾/;
const DOC_NUMBER_YEAR = /[〔\[(【](\d{4})[〕\])】]/;
const YEAR_IN_TEXT = /((?:19|20)\d{2})年/;
const YEARS_IN_TEXT = /((?:19|20)\d{2})年/g;
const DATE_IN_TEXT = /((?:19|20)\d{2})年\d{1,2}月\d{1,2}日/g;

// A 法治政府建设 report, whatever its exact title: the genre's words and a report's (报告, 总结, 工作情况).
const REPORT_GENRE = /法治政府建设|依法行政|法治政府|法治建设/;
const REPORT_WORD = /报告|总结|情况/;
// Titles about the genre that are not reports: the plans, notices and rules that set its work.
const NOT_A_REPORT = /(?:通知|方案|要点|意见|办法|规定|决定|纲要|规划|细则|公告|通报|批复|函|指引|清单|目录)$/;
// News about a report (省政府党组召开会议审议…报告, …召开…评议会) is not the report.
const NEWS_VERB = /召开|举行|举办|审议|听取|部署|调研|座谈|评议会|推进会|培训班|发布|公布|获评|入选|专题会/;
// Years a text spans or quotes are not the year it reports: （2021-2025年）, 《…2022年度…报告》.
const SPAN = /(?:19|20)\d{2} ?[-—–~至到] ?(?:19|20)?\d{2,4}年?/g;
const BOOK_TITLE = /《[^》]*》/g;
// 现将我县2023年法治政府建设情况报告如下 names the year reported.
const REPORTING_YEAR = /现将(?:我[县区市州旗盟局委厅]|本[县区市州局])?[^,。;]{0,24}?((?:19|20)\d{2})年/;
// The opening of a report: 2023年，… / 2023年以来，… / 2023年度，…
const OPENING_YEAR = /^((?:19|20)\d{2})年(?:度|以来|来|[,，是全我在])/;
const SINCE_YEAR = /((?:19|20)\d{2})年以来/;
// A heading or title year that plans the next year: 三、2024年工作打算, …和2023年工作计划.
const PLAN_YEAR = /((?:19|20)\d{2})年(?:度)?[^,。;]{0,8}?(?:工作打算|工作计划|工作安排|工作要点|工作思路|主要安排|重点工作|打算|计划|安排|思路)/;
const HEADING_YEAR = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))[^,。;]{0,10}?((?:19|20)\d{2})年/;
/** Reports are due early in the next year; one published this late in the year reports on that same year. */
const LATE_MONTH = 11;
const OPENING_LINES = 3;
const MAX_SALUTATION_CHARS = 40;
const OPENING_CHARS = 200;

export function detectKind(title: string | null, lines: string[], isLaw: boolean, docNumber: string | undefined): Chosen<DocKind> {
  const t = title ?? '';
  if (t && REPORT_GENRE.test(t) && REPORT_WORD.test(t) && !NOT_A_REPORT.test(t) && !NEWS_VERB.test(t)) {
    return { value: '法治政府建设报告', reason: `标题“${t}”是法治政府建设工作的报告` };
  }
  const opening = lines.slice(0, 3).join('');
  if (!t && /法治政府建设.{0,20}(?:情况|工作)?(?:的)?报告/.test(opening)) {
    return { value: '法治政府建设报告', reason: '正文开头报告法治政府建设情况' };
  }
  const head = t + opening;
  const first = lines.slice(0, 8);
  if (/政府工作报告/.test(head) || first.some((l) => DELIVERY_LINE.test(l) || REPORT_OPENING.test(l))) {
    return { value: '政府工作报告', reason: '标题或开头是政府工作报告' };
  }
  if (isLaw) return { value: '法律法规', reason: '正文按“第X条”分条' };
  if (docNumber || /(?:意见|通知|批复|复函|函|答复|决定|方案)$/.test(t)) {
    return { value: '政策文件', reason: docNumber ? `有文号“${docNumber}”` : `标题以“${/.{2}$/.exec(t)![0]}”结尾` };
  }
  return { value: '其他', reason: NEWS_VERB.test(t) ? '标题是新闻报道' : '不是已知的文件类型' };
}

/** The year whose work is reported: for reports the year the title or opening names, for laws the last date of the header. */
export function detectYear(kind: DocKind, title: string | null, lines: string[], facts: BoilerplateFacts): Chosen<number> | null {
  if (kind === '法治政府建设报告') return reportYear(title, lines, facts);
  const titleYear = toYear(YEAR_IN_TEXT.exec(title ?? '')?.[1]);
  const publishedYear = toYear(facts.published?.slice(0, 4));
  const from = (year: number | null, reason: string) => (year ? { value: year, reason } : null);
  switch (kind) {
    case '政府工作报告': {
      for (const line of lines.slice(0, 8)) {
        const delivered = DELIVERY_LINE.exec(line)?.[1];
        if (delivered) return { value: Number(delivered), reason: `作报告的日期“${line.slice(0, 30)}”` };
      }
      if (titleYear) return { value: titleYear, reason: '标题中的年份' };
      const reviewed = lines.slice(0, 40).map((l) => REVIEW_HEADING.exec(l)?.[1]).find(Boolean);
      return reviewed ? { value: Number(reviewed) + 1, reason: `“${reviewed}年工作回顾”的下一年` } : from(publishedYear, '发布日期的年份');
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
      if (years.length) return { value: Math.max(...years), reason: '条文前最近的通过或修订日期' };
      return from(publishedYear, '发布日期的年份') ?? from(titleYear, '标题中的年份');
    }
    default: {
      const numbered = toYear(facts.docNumber ? DOC_NUMBER_YEAR.exec(facts.docNumber)?.[1] : undefined);
      return (
        from(numbered, `文号“${facts.docNumber}”的年份`) ??
        from(enactmentYear(lines), '开头的通过或发布日期') ??
        from(titleYear, '标题中的年份') ??
        from(publishedYear, '发布日期的年份')
      );
    }
  }
}

/**
 * A report's year: the title's (not a plan year beside it, not a span), else the opening's (现将…2023年…报告如下,
 * 2023年以来，…), else a heading's (一、2023年工作情况; 三、2024年工作打算 is the year after), else the year
 * before publication. Never the page clock, a plan's span or a year quoted in 《》.
 */
function reportYear(title: string | null, lines: string[], facts: BoilerplateFacts): Chosen<number> | null {
  const inTitle = reportedYearIn(title ?? '');
  if (inTitle) return { value: inTitle.year, reason: `标题中的“${inTitle.words}”` };
  const opening = plain(openingLines(lines).join('')).slice(0, OPENING_CHARS);
  for (const [re, what] of [
    [REPORTING_YEAR, '“现将…报告如下”'],
    [OPENING_YEAR, '开头'],
    [SINCE_YEAR, '“…年以来”'],
  ] as const) {
    const year = toYear(re.exec(opening)?.[1]);
    if (year) return { value: year, reason: `正文${what}中的“${year}年”` };
  }
  for (const line of lines.slice(0, 80)) {
    const heading = HEADING_YEAR.exec(line);
    if (!heading) continue;
    const planned = PLAN_YEAR.exec(line);
    if (planned) return { value: Number(planned[1]) - 1, reason: `小标题“${line.slice(0, 24)}”所计划年份的上一年` };
    return { value: Number(heading[1]), reason: `小标题“${line.slice(0, 24)}”中的年份` };
  }
  const published = facts.published;
  if (published) {
    const [year, month] = published.split('-').map(Number);
    const value = month >= LATE_MONTH ? year : year - 1;
    return { value, reason: `未写明年份，按发布日期${published}推断（年度报告于次年初公布）` };
  }
  return null;
}

/** The first lines of the body without a salutation above them (中共红河州委、红河州人民政府：), which names the addressee. */
export function openingLines(lines: string[]): string[] {
  return lines.slice(0, OPENING_LINES).filter((l) => !(l.endsWith(':') && l.length <= MAX_SALUTATION_CHARS && !/[。;]/.test(l)));
}

/** The reported year a title names: 2022年度, not the plan year of …和2023年工作计划 nor a span. */
function reportedYearIn(title: string): { year: number; words: string } | null {
  const text = plain(title);
  const years = [...text.matchAll(YEARS_IN_TEXT)].map((m) => ({ year: Number(m[1]), at: m.index! }));
  if (years.length === 0) return null;
  const planned = PLAN_YEAR.exec(text);
  const words = (at: number) => text.slice(at, at + 7).replace(/[^\d年度]+.*$/, '');
  const reported = years.find((y) => !planned || y.at !== planned.index);
  // A title that names only the year it plans reports on the year before.
  return reported ? { year: reported.year, words: words(reported.at) } : { year: years[0].year - 1, words: words(years[0].at) };
}

/** The text with spans and book titles blanked, so their years do not count. */
function plain(text: string): string {
  return text.replace(BOOK_TITLE, (m) => ' '.repeat(m.length)).replace(SPAN, (m) => ' '.repeat(m.length));
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

/**
 * The issuing body: the body a title opens with (南通市人民政府关于…, 区司法局2023年…), the body signing under the
 * text, the government of the place a report's title is about (宝坻区2022年度… → 宝坻区人民政府), the 发布机构 field.
 * Of names that agree (区司法局, 九龙坡区司法局) the fullest is kept.
 */
export function detectIssuer(title: SourceText | null, facts: BoilerplateFacts, kind: DocKind, region: Region | null, lines: string[] = []): Chosen<string> | null {
  const candidates: Array<Chosen<string>> = [];
  const fromTitle = title ? issuerInTitle(title) : null;
  if (fromTitle) candidates.push({ value: fromTitle, reason: '标题开头的发文机关' });
  if (facts.signature) candidates.push({ value: facts.signature, reason: '文末署名' });
  const subject = title && kind === '法治政府建设报告' && !fromTitle ? titleSubject(title.norm) : null;
  if (subject && title) {
    const [start, end] = toTextRange(title, subject.start, subject.end);
    candidates.push({ value: governmentOf(title.text.slice(start, end)), reason: `标题以“${subject.name}”为报告主体，即其人民政府` });
  }
  const town = title && kind === '法治政府建设报告' && !fromTitle && !subject ? TOWN_SUBJECT.exec(title.norm)?.[1] : undefined;
  if (town) candidates.push({ value: town.endsWith('街道') ? `${town}办事处` : `${town}人民政府`, reason: `标题以“${town}”为报告主体，即其人民政府` });
  if (facts.issuer) candidates.push({ value: facts.issuer, reason: '“发布机构”栏' });
  const signer = signerAbove(lines);
  if (signer) candidates.push({ value: signer, reason: '正文中的署名（机关与日期）' });
  if (candidates.length === 0 && kind === '政府工作报告' && region) {
    return { value: region.code === '000000' ? '国务院' : `${region.path[0]}人民政府`, reason: '政府工作报告由本级政府作出' };
  }
  const first = candidates[0];
  if (!first) return null;
  const fuller = candidates.find((c) => c.value.length > first.value.length && c.value.endsWith(first.value));
  return fuller ? { value: fuller.value, reason: `${first.reason}，全称见${fuller.reason}` } : first;
}

/** The body that signs a notice or memo in the opening lines, as a line above its date line. */
function signerAbove(lines: string[]): string | null {
  for (let i = 0; i + 1 < Math.min(lines.length, SIGNING_LINES); i++) {
    const line = lines[i];
    if (line.length <= MAX_SIGNER_CHARS && !/[。,;:]/.test(line) && ISSUER_SUFFIX.test(line) && SIGNING_DATE.test(lines[i + 1])) return line;
  }
  return null;
}

function issuerInTitle(title: SourceText): string | null {
  const m = /^(.{2,24}?)(?:关于|(?:19|20)\d{2}年|法治政府建设|依法行政)/.exec(title.norm);
  if (!m || !ISSUER_SUFFIX.test(m[1])) return null;
  const [start, end] = toTextRange(title, 0, m[1].length);
  return title.text.slice(start, end);
}

/** Where the publication date was read. */
export function publishedReason(facts: BoilerplateFacts): string {
  return facts.publishedLabel === '落款' || !facts.publishedLabel ? '文末落款日期' : `“${facts.publishedLabel}”栏`;
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
