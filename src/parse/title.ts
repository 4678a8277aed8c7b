import { cleanLine, normalizeText, sliceSource } from '../normalize/normalize-text';
import { joinSourceTexts } from '../normalize/offset-map';
import type { BoilerplateFacts, RemovedLine, SourceLine, SourceText } from '../types';

/**
 * The document's title, chosen among candidates by the evidence each carries: the lines of the page's head,
 * a title broken over two lines, the 标题 field. A portal page puts its own name, menus and section names above
 * the title, sometimes a cover memo (请示) before the report it sends, and repeats the title under its fields.
 */

// Endings of document titles: reports, summaries, notices, opinions, laws and their Taiwan counterparts (after Simplification).
const TITLE_ENDING = /(?:报告|总结|工作情况|建设情况|请示|通知|意见|办法|条例|规定|决定|方案|纲要|规划|细则|法|公告|通告|批复|复函|函|解释|答复|章程|规则|决议|公报|要点|准则|标准|令|宪法|条文|规程|计划|安排)$/;
const GENRE = /法治政府建设|依法行政|法治建设|法治政府/;
const YEAR = /(?:19|20)\d{2}年/;
// A cover memo sends the document it names in 《》 (关于报送《…报告》的请示), as its attachment line (附件：…) does;
// a notice that 印发 a plan is itself the document.
const COVER_MEMO = /(?:报送|呈报|上报|报请|呈送).*(?:请示|函|报告)$/;
const QUOTED = /《([^》]+)》/g;
const ATTACHMENT_LINE = /^附件\d*[:]?(.+)$/;
const OUTLINE_MARKER = /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.、]|第[一二三四五六七八九十百零\d]+[章节条编])/;
// A line that names only a body or a site (the portal's name): 江苏省人民政府, 莎车县人民政府网.
const BODY_ONLY = /^[\u4e00-\u9fff]{2,24}(?:人民政府|政府|行政公署|司法局|司法厅|局|厅|委员会|办公室)(?:门户网站|网站|网)?$/;
// Below this length only a law's short name is a title (会计法, 奖章条例).
const MIN_TITLE_CHARS = 5;
const MIN_NAMED_TITLE_CHARS = 2;
// A line this long that stops without punctuation was wrapped by the layout: the next line continues it.
const WRAPPED_LINE_CHARS = 25;
const MAX_TITLE_CHARS = 90;
/** How far into the document a title is looked for, in lines. */
const HEAD_LINES = 30;
/** A candidate needs this much evidence to be taken for the title. */
const MIN_SCORE = 2.5;
const MAX_JOINED_FIRST = 30;
// The first half of a title the layout broke: its issuer (赵县人民政府) or an opening phrase (关于印发西平县…建设).
const TITLE_FIRST_HALF = /(?:人民政府|政府|行政公署|办公室|办公厅|委员会|局|厅|委)$|^关于.{6,}/;
const MAX_COPY_LINES = 3;

export interface TitleChoice {
  /** Null when no line reads as a title; the caller composes one. */
  title: SourceText | null;
  /** Source line numbers the title was read from (empty when it came from the 标题 field). */
  lines: number[];
  /** Why this title, in Chinese. */
  reason: string;
  /** Body lines without the title, its repeats and the page chrome above it. */
  body: SourceLine[];
  /** Lines taken out here: the portal's name and section names above the title, copies of the title. */
  removed: RemovedLine[];
}

interface Candidate {
  text: SourceText;
  /** Indexes into the document's lines (empty for the 标题 field). */
  at: number[];
  score: number;
  why: string[];
}

export function chooseTitle(lines: SourceLine[], facts: BoilerplateFacts, removed: RemovedLine[] = []): TitleChoice {
  const head = lines.slice(0, HEAD_LINES);
  const firstSentence = head.findIndex(isSentence);
  const candidates = listCandidates(head, facts, firstSentence === -1 ? head.length : firstSentence, removed);
  const best = candidates.sort((a, b) => b.score - a.score || (a.at[0] ?? 0) - (b.at[0] ?? 0))[0];
  if (!best || best.score < MIN_SCORE) return { title: null, lines: [], reason: '', body: lines, removed: [] };

  const taken = new Set(best.at);
  const dropped: RemovedLine[] = [];
  const take = (i: number, reason: RemovedLine['reason']) => {
    taken.add(i);
    dropped.push({ line: lines[i].line, text: lines[i].text, reason });
  };
  // Copies of the title under the page's fields, whole or broken over up to three lines.
  for (const [from, to] of copiesOf(best.text.norm, head, best.at)) {
    for (let i = from; i <= to; i++) if (!taken.has(i)) take(i, 'repeated-title');
  }
  // Above the title and the document's first sentence, a short line with nothing of a title (no document ending,
  // no figure, not the genre) is the portal's: its name, a section name, a category. A title read from the 标题
  // field has no line: then only lines above the page's first boilerplate qualify.
  const bodyStart = firstSentence === -1 ? head.length : firstSentence;
  const firstRemoved = Math.min(...removed.map((r) => r.line));
  const aboveFields = head.findIndex((l) => l.line > firstRemoved);
  const top = Math.min(best.at[0] ?? (aboveFields === -1 ? 0 : aboveFields), bodyStart);
  for (let i = 0; i < top; i++) {
    if (!taken.has(i) && isChrome(head[i])) take(i, 'page-chrome');
  }
  return {
    title: best.text,
    lines: best.at.map((i) => lines[i].line),
    reason: `${best.at.length ? `第${best.at.map((i) => lines[i].line).join('、')}行` : '“标题”栏'}“${best.text.text}”：${best.why.join('，')}`,
    body: lines.filter((_, i) => !taken.has(i)),
    removed: dropped.sort((a, b) => a.line - b.line),
  };
}

function isSentence(line: SourceLine): boolean {
  return /[。;]/.test(line.norm) || (line.norm.length > MAX_TITLE_CHARS && /,/.test(line.norm));
}

function isChrome(line: SourceLine): boolean {
  const norm = line.norm;
  // A menu item may name the genre (法治政府建设); a title also has a document's ending or a year.
  const titleLike = looksLikeTitleLine(norm) && (TITLE_ENDING.test(norm) || (GENRE.test(norm) && YEAR.test(norm)));
  return norm.length <= 40 && !isSentence(line) && !/[:]$/.test(norm) && !/\d/.test(norm) && !titleLike;
}

function listCandidates(head: SourceLine[], facts: BoilerplateFacts, firstSentence: number, removed: RemovedLine[]): Candidate[] {
  const candidates: Candidate[] = [];
  head.forEach((line, i) => {
    if (looksLikeTitleLine(line.norm) && !continuesWrappedLine(head, i)) candidates.push({ text: line, at: [i], score: 0, why: [] });
    // A title the layout broke over two lines: 赵县人民政府 / 2022年度法治政府建设情况报告.
    const next = head[i + 1];
    if (next && next.line === line.line + 1 && line.norm.length <= MAX_JOINED_FIRST && TITLE_FIRST_HALF.test(line.norm) && !isSentence(line)) {
      const joined = joinSourceTexts(line, next);
      if (looksLikeTitleLine(joined.norm) && !OUTLINE_MARKER.test(next.norm)) candidates.push({ text: joined, at: [i, i + 1], score: 0, why: ['两行合成'] });
    }
  });
  const field = facts.title;
  if (field && !candidates.some((c) => c.text.norm === field) && looksLikeTitleLine(field)) {
    candidates.push({ text: wordingOf(field, removed), at: [], score: 0, why: [] });
  }
  const quoted = quotedTitles(head);
  for (const c of candidates) scoreCandidate(c, { head, facts, firstSentence, quoted, candidates });
  return candidates;
}

/** A field's value (read from the matching form) in the wording of the removed field line that holds it. */
function wordingOf(value: string, removed: RemovedLine[]): SourceText {
  for (const r of removed) {
    if (r.reason !== 'metadata') continue;
    const line = normalizeText(cleanLine(r.text).text);
    const at = line.norm.indexOf(value);
    if (at !== -1) return sliceSource(line, at, at + value.length);
  }
  return normalizeText(value);
}

/** The second half of a line the layout wrapped (…第 634 号令修正公 / 布第 21 条条文) is not a title of its own. */
function continuesWrappedLine(head: SourceLine[], i: number): boolean {
  const before = head[i - 1];
  return !!before && before.line === head[i].line - 1 && before.norm.length >= WRAPPED_LINE_CHARS && !/[。;:,、)》”]$/.test(before.norm) && !TITLE_ENDING.test(before.norm);
}

function looksLikeTitleLine(norm: string): boolean {
  return (
    (norm.length >= MIN_TITLE_CHARS || (norm.length >= MIN_NAMED_TITLE_CHARS && TITLE_ENDING.test(norm))) &&
    norm.length <= MAX_TITLE_CHARS &&
    !/[。;]/.test(norm) &&
    !/[:]$/.test(norm) &&
    !OUTLINE_MARKER.test(norm) &&
    !BODY_ONLY.test(norm) &&
    !/^附件/.test(norm) &&
    !/^\d{4}[-./年]\d{1,2}/.test(norm)
  );
}

/** Documents a cover memo in the head sends: named in its title's 《》 or on its attachment line (附件：…). */
function quotedTitles(head: SourceLine[]): Set<string> {
  const names = new Set<string>();
  if (!head.some((line) => COVER_MEMO.test(line.norm))) return names;
  for (const line of head) {
    if (COVER_MEMO.test(line.norm)) for (const m of line.norm.matchAll(QUOTED)) names.add(m[1]);
    const attached = ATTACHMENT_LINE.exec(line.norm)?.[1];
    if (attached) names.add(attached.trim());
  }
  return names;
}

/** Where the head holds `norm` again, whole or broken over up to three lines, besides the candidate's own lines: [first, last] line indexes. */
function copiesOf(norm: string, head: SourceLine[], own: number[]): Array<[number, number]> {
  const copies: Array<[number, number]> = [];
  for (let i = 0; i < head.length; i++) {
    if (own.includes(i) || !norm.startsWith(head[i].norm)) continue;
    let joined = '';
    for (let k = i; k < Math.min(i + MAX_COPY_LINES, head.length) && !own.includes(k); k++) {
      joined += head[k].norm;
      if (joined === norm) {
        copies.push([i, k]);
        i = k;
        break;
      }
      if (!norm.startsWith(joined)) break;
    }
  }
  return copies;
}

interface ScoringContext {
  head: SourceLine[];
  facts: BoilerplateFacts;
  firstSentence: number;
  quoted: Set<string>;
  candidates: Candidate[];
}

function scoreCandidate(c: Candidate, ctx: ScoringContext): void {
  const norm = c.text.norm;
  const add = (points: number, why: string) => {
    c.score += points;
    c.why.push(why);
  };
  const ending = TITLE_ENDING.exec(norm)?.[0];
  if (ending) add(3, `以“${ending}”结尾`);
  // A source in Markdown marks its title as the first level-one heading (# 中华人民共和国民法典).
  if (c.at.length && c.at[0] === ctx.head.findIndex((l) => l.heading === 1)) add(5, '标为一级标题');
  if (GENRE.test(norm)) add(2, `含“${GENRE.exec(norm)![0]}”`);
  if (YEAR.test(norm)) add(1, '写明年份');
  if (norm === ctx.facts.title) add(4, c.at.length ? '与“标题”栏一致' : '取自“标题”栏');
  if (c.at.length && copiesOf(norm, ctx.head, c.at).length > 0) add(2, '页面上重复出现');
  if (ctx.quoted.has(norm)) add(4, '是封面请示所报送的文件');
  if (COVER_MEMO.test(norm) && ctx.candidates.some((o) => o !== c && ctx.quoted.has(o.text.norm))) add(-4, '封面请示');
  // A piece of a longer title on the page (the tail of its broken copy) is not the title.
  if (ctx.candidates.some((o) => o.text.norm.length > norm.length && o.text.norm.endsWith(norm))) c.score -= 2;
  const at = c.at[0];
  // A headline with no document ending (宁津县召开…评议会) sits right above the text it heads.
  if (!ending && at !== undefined && c.at[c.at.length - 1] === ctx.firstSentence - 1) add(1, '紧接正文');
  // A title is a phrase; a line of clauses is the tail of a sentence broken by the layout.
  if (/,/.test(norm)) c.score -= 2;
  if (at !== undefined) {
    if (at > ctx.firstSentence) c.score -= 3;
    c.score -= 0.05 * at;
  }
}
