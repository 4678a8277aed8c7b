import type { BoilerplateFacts, RemovedReason } from '../types';
import { pageChromeReason } from './page-chrome';

/**
 * Removes portal boilerplate (breadcrumbs, metadata tables, toolbars, footers, signatures) from normalized
 * lines, keeping the facts it holds. Works on lines that are already Simplified and half-width.
 */

/**
 * Only the head of a page holds metadata tables and breadcrumbs; body lines that happen to start with 时间 stay.
 * Counted in non-blank lines: a portal's menus can fill dozens before the title; the first sentence ends the head.
 */
const HEAD_LINES = 40;
const TAIL_LINES = 12;

// Labels of portal metadata tables. Order matters: longer labels first so 发布机构 wins over 发布.
const META_LABELS = [
  '索引号', '主题分类', '体裁分类', '组配分类', '信息分类', '分类', '发布机构', '发布机关', '发文机关', '发文机构', '制发机构',
  '公开日期', '发布日期', '发布时间', '更新时间', '生成日期', '发文日期', '成文日期', '生效日期', '标题', '名称', '发文字号', '文号',
  '有效性', '公开方式', '公开范围', '文章来源', '信息来源', '来源', '发布者', '发布人', '作者', '发表时间', '日期', '时间', '阅读量', '阅读次数', '阅读',
  '点击数', '点击', '浏览次数', '浏览量', '浏览', '字体', '字号', '累计次数', '访问次数', '责任编辑', '最新异动日期', '法规性质',
  '法规类别', '主题词', '内容概述',
];
// A label may be written with layout spaces between its characters (标  题); spaces were folded before this runs.
const LABEL_RE = new RegExp(`(${META_LABELS.map((l) => l.split('').join(' ?')).join('|')}) ?[:]? ?`, 'g');
// Labels that are also everyday words: at the start of a line they need their colon (时间:), or the line is a sentence.
const WORD_LABELS = new Set(['时间', '来源', '名称', '日期', '作者', '阅读', '点击', '浏览']);
// Where a page puts its dates, best first: the day it was published, then the day the text was signed.
const DATE_RANK: Record<string, number> = {
  公开日期: 3, 发布日期: 3, 发布时间: 3, 发表时间: 3, 更新时间: 3, 生成日期: 3, 日期: 3, 时间: 3, 最新异动日期: 3,
  发文日期: 2, 成文日期: 2, 生效日期: 1,
};
// A date alone on a line of the head, under the title: the page's date.
const HEAD_DATE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;
const BARE_DATE = '日期';
// The date under the text (落款), the last resort.
const SIGNATURE_DATE = '落款';
const SIGNATURE_RANK = 0;
// Toolbar words a field's value runs into: 来源：海口市司法局 打印.
const VALUE_TAIL = /(?:\s*(?:打印本页|打印|关闭窗口|关闭|分享到|分享|收藏|字号|【[^】]*】))+$/;
// A field line opening with the publication time: 2023-12-28 09:51  点击：[]  来源：城中区司法局.
const LEADING_DATETIME = /^(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?(?: ?\d{1,2}:\d{2}(?::\d{2})?)?) +(?=\S)/;
// Bullets and table rules around fields: • 索引号：, - 发布机构：, 索引号 | … | 主题分类 |, 【 来源：… | 发布日期：… 】.
const FIELD_BULLET = /^[•·\-*▪●◆]\s*/;
const TABLE_RULE = /[|｜]/g;
// A bracketed toolbar inside a field line: 【字体：大 中 小】, [打印].
const BRACKETED_TOOLBAR = /【[^】]*(?:字体|字号|打印|关闭)[^】]*】|\[[^\]]*(?:字体|字号|打印|关闭)[^\]]*\]/g;

// Breadcrumbs: 当前位置:首页 > …, a line of `>`-separated crumbs, or a bare 首页.
const BREADCRUMB = /^(?:(?:当前位置|您的位置|你的位置|所在位置|您当前的位置)[:]|>|首页 ?(?:>|$))/;
// Toolbar words a portal page is littered with; a line made only of them is clutter.
const TOOLBAR_WORD = /^(?:【|\[|】|\]|下载|打印|打印本页|关闭|关闭窗口|全屏|收藏|分享|分享到|加大|还原|减小|字号[:]?|【字号[:]?|大|中|小|\[大|小\]|返回顶部|扫一扫|在手机上查看|我要纠错|【打印】|【关闭】|【字号:|默认|\[ ?\]|:|\|)+$/;
const PHOTO_CAPTION = /(?:本报记者|记者|新华社).{0,12}摄$/;
// A stand-alone 文号 such as 国发〔2019〕3号 or 莲司〔2024〕4号.
const DOC_NUMBER = /^[\u4e00-\u9fff]{1,8}[〔\[(【]\d{4}[〕\])】]\d{1,4}号$/;
// A portal's download list: file names, under a bare 附件 label. In an official document the same label opens
// the attachment's own text (附件 / 三级公立医院绩效考核指标 / …), and then it is text.
const ATTACHMENT_FILE = /\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|et)$/i;
const ATTACHMENT_LABEL = /^附件[:]?$/;
// A date line: 2024年2月1日, 2024-02-01, or the digits left when a page drops 年月日 (202421).
const DATE_LINE = /^(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2}|20\d{2}\d{1,4})$/;
const ISSUER_SUFFIX = /(?:人民政府|人民政府办公室|政府|司法局|局|委员会|办公室|办公厅|厅|委|院|部|中心|法院|检察院|署)$/;
const SENTENCE_PUNCT = /[。,;:!?、“”]/;

export interface BoilerplateResult {
  /** 0-based input index of each kept line. */
  kept: number[];
  facts: BoilerplateFacts;
  /** The removed lines by 0-based input index, in order, each with why. */
  removed: Array<{ index: number; reason: RemovedReason }>;
}

/** Sorts the normalized lines of a page into body and boilerplate; empty lines are neither. */
export function removeBoilerplate(input: string[]): BoilerplateResult {
  const facts: BoilerplateFacts = {};
  const dates = new DateChoice();
  const removed: BoilerplateResult['removed'] = [];
  const lines: string[] = [];
  const kept: number[] = [];
  let seenBody = false;
  // A label alone on its line (发表时间:) takes the next line as its value.
  let pendingLabel: string | null = null;
  let seen = 0;
  input.forEach((line, i) => {
    if (line === '') return;
    const inHead = !seenBody && seen++ < HEAD_LINES;
    if (inHead && pendingLabel && fitsLabel(pendingLabel, line)) {
      recordFact(pendingLabel, line, facts, dates);
      pendingLabel = null;
      removed.push({ index: i, reason: 'metadata' });
      return;
    }
    pendingLabel = null;
    // Fields first: a field line may also carry a toolbar or a counter (发布日期：… 访问量：1203).
    const field = inHead ? (isCrumb(input, i) ? 'breadcrumb' : takeHeadLine(line, facts, dates, (label) => (pendingLabel = label))) : null;
    const reason = field ?? clutterReason(line, nextLine(input, i)) ?? pageChromeReason(line, inHead);
    if (reason) {
      removed.push({ index: i, reason });
      return;
    }
    // A sentence (not a long title) marks the start of the body; no metadata table follows it.
    if (line.length > 40 && /[。;]/.test(line)) seenBody = true;
    lines.push(line);
    kept.push(i);
  });
  const tail = stripTail(lines, facts, dates);
  for (const index of kept.splice(kept.length - tail, tail)) removed.push({ index, reason: 'signature' });
  dates.fill(facts);
  return { kept, facts, removed: removed.sort((a, b) => a.index - b.index) };
}

/** The page's dates as they are met; the best-ranked one (publication over signing) becomes `published`. */
class DateChoice {
  private best: { date: string; label: string; rank: number } | null = null;

  offer(label: string, value: string, rank = DATE_RANK[label] ?? SIGNATURE_RANK): void {
    const date = toIsoDate(value);
    if (date && (!this.best || rank > this.best.rank)) this.best = { date, label, rank };
  }

  fill(facts: BoilerplateFacts): void {
    if (!this.best) return;
    facts.published = this.best.date;
    facts.publishedLabel = this.best.label;
  }
}

/** Whether a line looks like the value of a label left alone on the line before: a date for a date, a name for a source. */
function fitsLabel(label: string, line: string): boolean {
  if (splitLabels(line)) return false;
  if (label in DATE_RANK) return toIsoDate(line) !== undefined && line.length <= 24;
  const name = line.length <= 30 && !SENTENCE_PUNCT.test(line);
  switch (label) {
    case '来源':
    case '信息来源':
    case '文章来源':
      return name && line.length <= 20;
    case '发布机构':
    case '发文机构':
    case '制发机构':
    case '发文机关':
      return name && ISSUER_SUFFIX.test(line);
    case '主题分类':
    case '分类':
      return name && line.length <= 16 && !ISSUER_SUFFIX.test(line);
    case '索引号':
    case '文号':
    case '发文字号':
      return /^[\w\-/.〔〕\[\]()\u4e00-\u9fff]{4,40}$/.test(line) && /\d/.test(line) && !/[。,]/.test(line);
    case '阅读量':
    case '浏览次数':
    case '累计次数':
      return /^\d*$/.test(line);
    default:
      return false;
  }
}

/** A breadcrumb split over lines: `政务信息` between two `>` lines is a crumb too. */
function isCrumb(lines: string[], i: number): boolean {
  const isArrow = (k: number) => k >= 0 && k < lines.length && /^>/.test(lines[k]);
  return lines[i].length <= 12 && !SENTENCE_PUNCT.test(lines[i]) && (isArrow(i - 1) || isArrow(i + 1));
}

/** The next non-empty line after `i`, or null at the end. */
function nextLine(lines: string[], i: number): string | null {
  for (let k = i + 1; k < lines.length; k++) if (lines[k] !== '') return lines[k];
  return null;
}

function clutterReason(line: string, next: string | null): RemovedReason | null {
  if (ATTACHMENT_FILE.test(line)) return 'attachment';
  if (ATTACHMENT_LABEL.test(line) && (next === null || ATTACHMENT_FILE.test(next) || ATTACHMENT_LABEL.test(next))) return 'attachment';
  if (/^打印本页|关闭窗口$/.test(line)) return 'toolbar';
  return line.split(' ').every((word) => TOOLBAR_WORD.test(word)) ? 'toolbar' : null;
}

/** Lines that may only appear in the head: breadcrumbs, metadata tables, captions. Records their facts. */
function takeHeadLine(line: string, facts: BoilerplateFacts, dates: DateChoice, awaitValue: (label: string) => void): RemovedReason | null {
  if (BREADCRUMB.test(line)) return 'breadcrumb';
  if (PHOTO_CAPTION.test(line) && line.length < 60) return 'attachment';
  if (DOC_NUMBER.test(line)) {
    facts.docNumber ??= line;
    return 'metadata';
  }
  // A date alone above the text is the page's: 2024-03-28 09:18.
  if (HEAD_DATE.test(line)) {
    dates.offer(BARE_DATE, line);
    return 'metadata';
  }
  const pairs = splitLabels(line);
  if (!pairs) return null;
  for (const [label, value] of pairs) recordFact(label, value, facts, dates);
  const [lastLabel, lastValue] = pairs[pairs.length - 1];
  if (!lastValue) awaitValue(lastLabel);
  return 'metadata';
}

/** A field line without its bullets, table rules and bracketed toolbar; a leading publication time gets its label. */
function cleanFieldLine(line: string): string {
  const cleaned = line.replace(FIELD_BULLET, '').replace(BRACKETED_TOOLBAR, ' ').replace(TABLE_RULE, ' ').replace(/[【】]/g, ' ').trim();
  return cleaned.replace(LEADING_DATETIME, '发布时间:$1 ');
}

/** Splits `发布机构 洪泽区人民政府 公开日期 2024-01-25` into label/value pairs, or null when the line does not start with a label. */
function splitLabels(raw: string): Array<[string, string]> | null {
  const line = cleanFieldLine(raw);
  const matches = [...line.matchAll(LABEL_RE)];
  if (matches.length === 0 || matches[0].index !== 0) return null;
  // A sentence that merely starts with 时间 or 来源 is body text, not a table row.
  const first = matches[0][1].replace(/ /g, '');
  if (WORD_LABELS.has(first) && !/^[^ ]+ ?[:]/.test(line)) return null;
  // A leading datetime alone (2023-03-29 as a line) is not a table row.
  if (LEADING_DATETIME.test(raw) && matches.length < 2) return null;
  const pairs: Array<[string, string]> = [];
  matches.forEach((m, k) => {
    const end = k + 1 < matches.length ? matches[k + 1].index : line.length;
    pairs.push([m[1].replace(/ /g, ''), line.slice(m.index! + m[0].length, end).replace(VALUE_TAIL, '').trim()]);
  });
  return pairs;
}

function recordFact(label: string, value: string, facts: BoilerplateFacts, dates: DateChoice): void {
  if (!value) return;
  if (label in DATE_RANK) {
    dates.offer(label, value);
    return;
  }
  switch (label) {
    case '标题':
    case '名称':
      facts.title ??= withoutUnmatchedClose(value);
      break;
    case '发布机构':
    case '发布机关':
    case '发文机关':
    case '发文机构':
    case '制发机构':
      facts.issuer ??= value;
      break;
    case '文号':
    case '发文字号':
      facts.docNumber ??= value;
      break;
    case '索引号':
      facts.indexNumber ??= value;
      break;
    case '来源':
    case '信息来源':
    case '文章来源':
      if (!/^https?:/.test(value)) facts.sourceName ??= value;
      break;
  }
}

/** A value cut from inside brackets keeps the closing one: （…新名称：XX办法） → XX办法. */
function withoutUnmatchedClose(value: string): string {
  const opens = (value.match(/[(（]/g) ?? []).length;
  const closes = (value.match(/[)）]/g) ?? []).length;
  return closes > opens ? value.replace(/[)）]+$/, '') : value;
}

/** `2024-01-25 14:38:23`, `2024年1月25日`, `2024/1/25`, `20240125` → `2024-01-25`. */
export function toIsoDate(value: string): string | undefined {
  const m = /(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})/.exec(value) ?? /^((?:19|20)\d{2})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** Removes the signature and date lines at the very end, keeping them as facts. Returns how many went. */
function stripTail(lines: string[], facts: BoilerplateFacts, dates: DateChoice): number {
  let removed = 0;
  for (let k = 0; k < TAIL_LINES && lines.length > 1; k++) {
    const last = lines[lines.length - 1];
    if (DATE_LINE.test(last)) {
      dates.offer(SIGNATURE_DATE, last, SIGNATURE_RANK);
    } else if (last.length <= 30 && !SENTENCE_PUNCT.test(last) && ISSUER_SUFFIX.test(last)) {
      facts.signature ??= last;
    } else if (DOC_NUMBER.test(last)) {
      facts.docNumber ??= last;
    } else {
      break;
    }
    lines.pop();
    removed++;
  }
  return removed;
}
