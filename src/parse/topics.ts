import taxonomy from './taxonomy.json';
import type { DocKind, Part } from '../types';

/** Topic labels in taxonomy order (the chapters of the 2021–2025 纲要, then 普法). */
export const TOPIC_LABELS: string[] = taxonomy.topics.map((t) => t.label);
export const PART_LABELS: Part[] = ['成效', '问题', '计划', '概述'];

const HEADING_WEIGHT = 3;
/** A second topic must score at least this share of the best one, so one passing word does not tag a section. */
const SECONDARY_SHARE = 0.5;
const MIN_SECONDARY_SCORE = 3;

function countCues(text: string, cues: string[]): number {
  let n = 0;
  for (const cue of cues) {
    for (let at = text.indexOf(cue); at !== -1; at = text.indexOf(cue, at + cue.length)) n++;
  }
  return n;
}

/** One or more topics for a section: the best-scoring one, plus any close behind it. */
export function classifyTopics(headings: string[], body: string): string[] {
  const heading = headings.join(' ');
  const scored = taxonomy.topics
    .map((t) => ({ label: t.label, score: HEADING_WEIGHT * countCues(heading, t.cues) + countCues(body, t.cues) }))
    .filter((t) => t.score > 0)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0) return [];
  const top = scored[0].score;
  return scored
    .filter((t, i) => i === 0 || (t.score >= MIN_SECONDARY_SCORE && t.score >= top * SECONDARY_SHARE))
    .map((t) => t.label);
}

// An enumerated item's lead phrase: 三是推进数字法治政府建设。… → 推进数字法治政府建设.
const ITEM_LEAD = /^[一二三四五六七八九十]+是([^。;:]{2,40})/;

/**
 * The topics an enumerated item names in its own lead phrase (三是推进数字法治政府建设 → 数字法治政府), or none
 * when it has no lead or names none: an item may belong to another topic than the section it sits in.
 */
export function classifyItem(paragraph: string): string[] {
  const lead = ITEM_LEAD.exec(paragraph)?.[1];
  if (!lead) return [];
  const scored = taxonomy.topics.map((t) => ({ label: t.label, score: countCues(lead, t.cues) })).filter((t) => t.score > 0);
  const top = Math.max(0, ...scored.map((t) => t.score));
  return scored.filter((t) => t.score === top).map((t) => t.label);
}

/**
 * Which part of a report a section is: the headings say it most plainly (二、存在问题, 三、2024年工作安排);
 * a heading naming a year after the report year plans; the preamble is 概述.
 */
export function classifyPart(headings: string[], kind: DocKind, reportYear: number | null): Part {
  if (kind === '法律法规' || headings.length === 0) return '概述';
  for (const heading of headings) {
    for (const part of taxonomy.parts) if (part.cues.some((cue) => heading.includes(cue))) return part.label as Part;
    const year = /(20\d{2})年/.exec(heading)?.[1];
    if (year && reportYear && Number(year) > reportYear) return '计划';
  }
  return kind === '法治政府建设报告' ? '成效' : '概述';
}
