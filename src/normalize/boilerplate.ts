import type { BoilerplateFacts, RemovedReason } from '../types';

/**
 * Removes portal boilerplate (breadcrumbs, metadata tables, toolbars, footers, signatures) from normalized
 * lines, keeping the facts it holds. Works on lines that are already Simplified and half-width.
 */

/** Only the head of a page holds metadata tables and breadcrumbs; body lines that happen to start with 时间 stay. */
const HEAD_LINES = 24;
const TAIL_LINES = 12;

// Labels of portal metadata tables. Order matters: longer labels first so 发布机构 wins over 发布.
const META_LABELS = [
  '索引号', '主题分类', '体裁分类', '组配分类', '分类', '发布机构', '发布机关', '发文机关', '公开日期', '发布日期',
  '发布时间', '成文日期', '生效日期', '标题', '名称', '发文字号', '文号', '有效性', '公开方式', '公开范围',
  '信息来源', '来源', '发表时间', '时间', '阅读量', '字体', '累计次数', '浏览次数', '访问次数', '责任编辑', '最新异动日期', '法规性质', '法规类别',
];
// A label may be written with layout spaces between its characters (标  题); spaces were folded before this runs.
const LABEL_RE = new RegExp(`(${META_LABELS.map((l) => l.split('').join(' ?')).join('|')}) ?[:]? ?`, 'g');

// Breadcrumbs: 当前位置:首页 > …, a line of `>`-separated crumbs, or a bare 首页.
const BREADCRUMB = /^(?:(?:当前位置|您的位置|你的位置|所在位置|您当前的位置)[:]|>|首页 ?(?:>|$))/;
// Toolbar words a portal page is littered with; a line made only of them is clutter.
const TOOLBAR_WORD = /^(?:【|\[|】|\]|下载|打印|打印本页|关闭|关闭窗口|全屏|收藏|分享|分享到|加大|还原|减小|字号[:]?|【字号[:]?|大|中|小|\[大|小\]|返回顶部|扫一扫|在手机上查看|我要纠错|【打印】|【关闭】|【字号:|默认|\[ ?\]|:|\|)+$/;
const DATE_LABELS = new Set(['公开日期', '发布日期', '发布时间', '发表时间', '成文日期', '生效日期', '时间', '最新异动日期']);
const PHOTO_CAPTION = /(?:本报记者|记者|新华社).{0,12}摄$/;
// A stand-alone 文号 such as 国发〔2019〕3号 or 莲司〔2024〕4号.
const DOC_NUMBER = /^[\u4e00-\u9fff]{1,8}[〔\[(【]\d{4}[〕\])】]\d{1,4}号$/;
const ATTACHMENT = /^附件[:]?$|\.(?:pdf|docx?|xlsx?|wps|ofd|zip)$/i;
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
  const removed: BoilerplateResult['removed'] = [];
  const lines: string[] = [];
  const kept: number[] = [];
  let seenBody = false;
  // A label alone on its line (发表时间:) takes the next line as its value.
  let pendingLabel: string | null = null;
  input.forEach((line, i) => {
    if (line === '') return;
    const inHead = !seenBody && i < HEAD_LINES;
    if (inHead && pendingLabel && fitsLabel(pendingLabel, line)) {
      recordFact(pendingLabel, line, facts);
      pendingLabel = null;
      removed.push({ index: i, reason: 'metadata' });
      return;
    }
    pendingLabel = null;
    const reason = clutterReason(line) ?? (inHead ? (isCrumb(input, i) ? 'breadcrumb' : takeHeadLine(line, facts, (label) => (pendingLabel = label))) : null);
    if (reason) {
      removed.push({ index: i, reason });
      return;
    }
    // A sentence (not a long title) marks the start of the body; no metadata table follows it.
    if (line.length > 40 && /[。;]/.test(line)) seenBody = true;
    lines.push(line);
    kept.push(i);
  });
  const tail = stripTail(lines, facts);
  for (const index of kept.splice(kept.length - tail, tail)) removed.push({ index, reason: 'signature' });
  return { kept, facts, removed: removed.sort((a, b) => a.index - b.index) };
}

/** Whether a line looks like the value of a label left alone on the line before: a date for a date, a name for a source. */
function fitsLabel(label: string, line: string): boolean {
  if (DATE_LABELS.has(label)) return toIsoDate(line) !== undefined && line.length <= 24;
  if (label === '来源' || label === '信息来源') return line.length <= 20 && !SENTENCE_PUNCT.test(line) && !splitLabels(line);
  if (label === '阅读量' || label === '浏览次数' || label === '累计次数') return /^\d*$/.test(line);
  return false;
}

/** A breadcrumb split over lines: `政务信息` between two `>` lines is a crumb too. */
function isCrumb(lines: string[], i: number): boolean {
  const isArrow = (k: number) => k >= 0 && k < lines.length && /^>/.test(lines[k]);
  return lines[i].length <= 12 && !SENTENCE_PUNCT.test(lines[i]) && (isArrow(i - 1) || isArrow(i + 1));
}

function clutterReason(line: string): RemovedReason | null {
  if (ATTACHMENT.test(line)) return 'attachment';
  if (/^打印本页|关闭窗口$/.test(line)) return 'toolbar';
  return line.split(' ').every((word) => TOOLBAR_WORD.test(word)) ? 'toolbar' : null;
}

/** Lines that may only appear in the head: breadcrumbs, metadata tables, captions. Records their facts. */
function takeHeadLine(line: string, facts: BoilerplateFacts, awaitValue: (label: string) => void): RemovedReason | null {
  if (BREADCRUMB.test(line)) return 'breadcrumb';
  if (PHOTO_CAPTION.test(line) && line.length < 60) return 'attachment';
  if (DOC_NUMBER.test(line)) {
    facts.docNumber ??= line;
    return 'metadata';
  }
  const pairs = splitLabels(line);
  if (!pairs) return null;
  for (const [label, value] of pairs) recordFact(label, value, facts);
  const [lastLabel, lastValue] = pairs[pairs.length - 1];
  if (!lastValue) awaitValue(lastLabel);
  return 'metadata';
}

/** Splits `发布机构 洪泽区人民政府 公开日期 2024-01-25` into label/value pairs, or null when the line does not start with a label. */
function splitLabels(line: string): Array<[string, string]> | null {
  const matches = [...line.matchAll(LABEL_RE)];
  if (matches.length === 0 || matches[0].index !== 0) return null;
  // A sentence that merely starts with 时间 or 来源 is body text, not a table row.
  const first = matches[0][1].replace(/ /g, '');
  if ((first === '时间' || first === '来源' || first === '名称') && !/^[^ ]+ ?[:]/.test(line)) return null;
  const pairs: Array<[string, string]> = [];
  matches.forEach((m, k) => {
    const end = k + 1 < matches.length ? matches[k + 1].index : line.length;
    pairs.push([m[1].replace(/ /g, ''), line.slice(m.index! + m[0].length, end).trim()]);
  });
  return pairs;
}

function recordFact(label: string, value: string, facts: BoilerplateFacts): void {
  if (!value) return;
  switch (label) {
    case '标题':
    case '名称':
      facts.title ??= value;
      break;
    case '发布机构':
    case '发布机关':
    case '发文机关':
      facts.issuer ??= value;
      break;
    case '公开日期':
    case '发布日期':
    case '发布时间':
    case '成文日期':
    case '最新异动日期':
    case '发表时间':
    case '时间': {
      const date = toIsoDate(value);
      if (date) facts.published ??= date;
      break;
    }
    case '文号':
    case '发文字号':
      facts.docNumber ??= value;
      break;
    case '索引号':
      facts.indexNumber ??= value;
      break;
    case '来源':
    case '信息来源':
      if (!/^https?:/.test(value)) facts.sourceName ??= value;
      break;
  }
}

/** `2024-01-25 14:38:23`, `2024年1月25日`, `2024/1/25`, `20240125` → `2024-01-25`. */
export function toIsoDate(value: string): string | undefined {
  const m = /(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})/.exec(value) ?? /^((?:19|20)\d{2})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** Removes the signature and date lines at the very end, keeping them as facts. Returns how many went. */
function stripTail(lines: string[], facts: BoilerplateFacts): number {
  let removed = 0;
  for (let k = 0; k < TAIL_LINES && lines.length > 1; k++) {
    const last = lines[lines.length - 1];
    if (DATE_LINE.test(last)) {
      const date = toIsoDate(last);
      if (date) facts.published ??= date;
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
