import { holdsTraditional, joinSources, sliceSource } from '../normalize/normalize-text';
import type { ArticleRef, RemovedLine } from '../types';
import { CN_DIGITS, readChineseNumeral, writeChineseNumeral } from './chinese-numerals';
import { MAX_HEADING_LINE, piece, splitHeading, type Block, type OutlineBuilder, type OutlineParagraph } from './outline-builder';

/**
 * The structure of laws and regulations, so each paragraph can be cited by its article:
 * - `article`: 第X条 articles under 编/分编/章/节; inside an article every line of its own is a 款 and every
 *   enumerated line a 项 (Taiwan: 第 N 條, its lines 項, its 一、 款 and （一） 目);
 * - `itemized`: decisions and amendments numbered 一、…五十二、 instead, each item cited as 第X条;
 * - `point`: Taiwan 點-style rules, a bare point number on its own line before each point, cited 第一點.
 * A Taiwan law's 沿革 (history) list is a section of its own, one paragraph per entry.
 */
export type LawStyle = 'article' | 'itemized' | 'point';

const CN_NUM = `[${CN_DIGITS}]+`;
// An article marker at the start of a line: 第一千一百二十五条, 第十条之一, Taiwan's 第 10-1 条 (matching form).
const ARTICLE = new RegExp(`^第 ?(${CN_NUM}|\\d+)(?:-\\d+)? ?条(之${CN_NUM})?`);
// After a marker run into its text (第一条为了…), words that show the line cites an article instead (第十条第一款规定…).
const CITING = /^(?:第|规定|的|、|,|和|与|至|及|或|中|所|之|前|后|以|项|款|条)/;
// 编/分编/章/节 headings; the marker and its title may run together on a short line (第一章总则).
const DIVISIONS: Array<{ level: number; re: RegExp }> = [
  { level: 1, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?编(?: |$)`) },
  { level: 2, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?分编`) },
  { level: 3, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?章`) },
  { level: 4, re: new RegExp(`^第 ?(?:${CN_NUM}|\\d+) ?节`) },
];
// A Markdown heading of a law without a division marker (# 继承编, ## 附则) sits just under its level's division.
const MARKDOWN_LEVEL_OFFSET = 1;
// Enumerated lines inside an article: （一） / (一), 一、, 1. / 1、
const PAREN_ITEM = new RegExp(`^\\((${CN_NUM})\\)`);
const NUMBERED_ITEM = new RegExp(`^(${CN_NUM})、`);
const DIGIT_ITEM = /^(\d{1,3})(?:\.(?!\d)|、)/;
// Titles of the instruments whose items are provisions: 决定, 修正案（九）, 暂行规定, 若干问题的解释 …
const INSTRUMENT_TITLE = /(?:修正案|决定|决议|规定|办法|安排|解释|命令|条例|细则|规则)(?:\([^)]*\))?$/;
// The closing sentence of a decision (本决定自2018年1月1日起施行。) belongs to no item.
const CLOSING = /^本(?:决定|修正案|规定|办法|命令|解释|安排|决议|条例)自.{2,30}(?:施行|生效)。?$/;
// A bare point number of a Taiwan rule, and the point's own label (一、 or 一 followed by spaces) in its wording.
const POINT_NUMBER = /^\d{1,3}$/;
const POINT_LABEL = new RegExp(`^(${CN_NUM})(?:、|[ \\u3000]{2,})`);
// 沿革: the history list of a Taiwan law, entries numbered 1. 2. …
const HISTORY = /^沿革:?$/;
const HISTORY_ENTRY = /^\d{1,3}\. ?/;

/** How a body is structured as a law, or null when it reads as a report or policy text. */
export function detectLawStyle(blocks: Block[], title: string): LawStyle | null {
  if (findArticles(blocks).size >= 2) return 'article';
  // Point numbers run 1, 2, … each above a point (一、…); a lone 1 above the whole text is the same layout.
  // Numbers above other lines are a flattened table's row numbers.
  const numbers = blocks.flatMap((b, k) => (POINT_NUMBER.test(b.norm) ? [k] : []));
  const labelled = numbers.filter((k) => POINT_LABEL.test(blocks[k + 1]?.text ?? '')).length;
  const lone = numbers.length === 1 && /\p{Script=Han}/u.test(blocks[numbers[0] + 1]?.norm ?? '');
  if (numbers.length && blocks[numbers[0]].norm === '1' && (lone || labelled * 2 >= numbers.length)) return 'point';
  if (!INSTRUMENT_TITLE.test(title)) return null;
  const items = blocks.filter((b) => NUMBERED_ITEM.test(b.norm));
  const provisions = items.filter((b) => isProvision(b.norm));
  return items.length >= 2 && provisions.length * 3 >= items.length * 2 ? 'itemized' : null;
}

/**
 * The blocks that start an article. A marker followed by a space or standing alone always does. One run into
 * its text (第一条为了…, as some portals print laws) does when it continues the numbering and is not a citation.
 */
function findArticles(blocks: Block[]): Set<Block> {
  const starts = new Set<Block>();
  let last = 0;
  for (const block of blocks) {
    const m = ARTICLE.exec(block.norm);
    if (!m) continue;
    const n = /\d/.test(m[1]) ? Number(m[1]) : readChineseNumeral(m[1]);
    const rest = block.norm.slice(m[0].length);
    const clear = rest === '' || rest.startsWith(' ');
    if (clear || (!CITING.test(rest) && (m[2] ? n === last : n === last + 1))) {
      starts.add(block);
      last = n;
    }
  }
  return starts;
}

/** A numbered line that states a rule, not a heading: a sentence standing alone, or a lead-in to a quote or list. */
function isProvision(norm: string): boolean {
  if (!/[。;:]/.test(norm)) return false;
  const split = splitHeading(norm);
  return split === null || split === norm.length;
}

/** Reads the blocks of a law into the builder; returns the lines read as markup. */
export function parseLaw(style: LawStyle, blocks: Block[], builder: OutlineBuilder): RemovedLine[] {
  const removed: RemovedLine[] = [];
  // Taiwan law is written in Traditional script; its citations follow its own order (條 › 項 › 款).
  const worded = blocks.filter((b) => /\p{Script=Han}/u.test(b.norm));
  const traditional = worded.filter((b) => holdsTraditional(b.text)).length * 2 > worded.length;
  const articles = style === 'article' ? findArticles(blocks) : new Set<Block>();
  let article: ArticleDraft | null = null;
  let inHistory = false;
  // A 沿革 entry with its indented continuation lines (a layout wrap, even where indentation is common).
  let entry: Block[] = [];
  const flush = () => {
    if (article) for (const p of emitArticle(article)) builder.paragraph(p);
    article = null;
    if (entry.length) builder.paragraph(piece(joinSources(entry), entry[0].line));
    entry = [];
  };
  for (const block of blocks) {
    if (inHistory) {
      if (HISTORY_ENTRY.test(block.norm) || (block.indented && entry.length)) {
        if (!block.indented) flush();
        entry.push(block);
        continue;
      }
      flush();
      inHistory = false;
      builder.leave();
    }
    const level = divisionLevel(block);
    if (level !== null || HISTORY.test(block.norm)) {
      flush();
      builder.heading(level ?? 1, block);
      inHistory = level === null;
      continue;
    }
    if (style === 'point' && POINT_NUMBER.test(block.norm)) {
      flush();
      removed.push({ line: block.line, text: block.text, reason: 'markup' });
      continue;
    }
    const start = startOfArticle(style, block, articles.has(block), traditional);
    if (start) {
      flush();
      article = { label: start, taiwan: traditional, blocks: [block], whole: style === 'point' };
    } else if (article && !(style === 'itemized' && CLOSING.test(block.norm))) {
      article.blocks.push(block);
    } else {
      flush();
      builder.paragraph(piece(block, block.line));
    }
  }
  flush();
  return removed;
}

/** The level of a 编/分编/章/节 heading or a Markdown heading, null for other lines. */
function divisionLevel(block: Block): number | null {
  const division = DIVISIONS.find((d) => d.re.test(block.norm));
  if (division && block.norm.length <= MAX_HEADING_LINE && !/[。;]/.test(block.norm)) return division.level;
  return block.heading ? block.heading + MARKDOWN_LEVEL_OFFSET : null;
}

/** The citation label of the article a block starts (第一千一百二十五条, 第3條, 第五十二条, 第一點), or null. */
function startOfArticle(style: LawStyle, block: Block, isArticle: boolean, traditional: boolean): string | null {
  // The label in the source's script (第3條), its layout spaces dropped.
  if (style === 'article') return isArticle ? sliceSource(block, 0, ARTICLE.exec(block.norm)![0].length).text.replace(/[\s\u3000]/g, '') : null;
  if (style === 'itemized') {
    const n = NUMBERED_ITEM.exec(block.norm);
    return n ? `第${n[1]}条` : null;
  }
  const point = POINT_LABEL.exec(block.text);
  return point ? `第${point[1]}${traditional ? '點' : '点'}` : null;
}

interface ArticleDraft {
  label: string;
  /** Taiwan law cites 條 › 項 › 款 › 目 with Arabic numbers; mainland law 条 › 款 › 项. */
  taiwan: boolean;
  blocks: Block[];
  /** A Taiwan point is kept whole as one paragraph. */
  whole: boolean;
}

/** An article's paragraphs: one per 款 (clause) line and one per enumerated 项 (item), each citing its place. */
function emitArticle(draft: ArticleDraft): OutlineParagraph[] {
  const { blocks, taiwan } = draft;
  if (draft.whole) return [piece(joinSources(blocks), blocks[0].line, { article: draft.label })];
  // A marker on a line of its own (第 3 條) opens the article's first clause.
  const markerAlone = ARTICLE.exec(blocks[0].norm)?.[0].trim() === blocks[0].norm;
  const pieces = markerAlone && blocks.length > 1 ? [[blocks[0], blocks[1]], ...blocks.slice(2).map((b) => [b])] : blocks.map((b) => [b]);
  const kinds = pieces.map((p, k) => (k === 0 ? null : itemLabel(p[0].norm)));
  const clauses = kinds.filter((k) => k === null).length;
  let clause = 0;
  let section = 0;
  return pieces.map((parts, k) => {
    const item = kinds[k];
    const ref: ArticleRef = { article: draft.label };
    if (item === null) {
      clause++;
      section = 0;
    }
    if (clauses > 1) ref.clause = taiwan ? `第${clause}項` : `第${writeChineseNumeral(clause)}款`;
    if (item) {
      if (!taiwan) ref.item = item.kind === 'paren' ? `第（${item.label}）项` : `第${item.label}项`;
      else if (item.kind === 'paren') ref.item = section ? `第${section}款第${readChineseNumeral(item.label)}目` : `第${readChineseNumeral(item.label)}目`;
      else ref.item = `第${(section = toNumber(item.label))}款`;
    }
    return piece(joinSources(parts), parts[0].line, ref);
  });
}

function itemLabel(norm: string): { kind: 'paren' | 'numbered'; label: string } | null {
  const m = PAREN_ITEM.exec(norm) ?? NUMBERED_ITEM.exec(norm) ?? DIGIT_ITEM.exec(norm);
  if (!m) return null;
  return { kind: m[0].startsWith('(') ? 'paren' : 'numbered', label: m[1] };
}

function toNumber(label: string): number {
  return /^\d+$/.test(label) ? Number(label) : readChineseNumeral(label);
}
