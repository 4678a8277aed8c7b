import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { sify } from 'chinese-conv';
import { buildIndex } from '../index/build-index';
import { normalizeQuery } from '../normalize/normalize-text';
import { LocalSearcher } from '../search/local/local-searcher';
import { runSearch } from '../search/run-search';
import { readSearchParams } from '../search/search-params';
import type { ParsedDocument } from '../types';

/**
 * `npm run recall-check [-- DIR …] [--random 40] [--seed 20261125]`: exact-phrase recall of the search engine
 * against an independent grep-style scan of the same files. The scan shares no code with the pipeline: it
 * decodes the bytes itself, folds script with another converter (chinese-conv), full-width forms with a fixed
 * offset and spaces between Chinese characters away, and counts each phrase in every line (a line that starts
 * indented or with closing punctuation continues the one before, as the sources wrap them). Two comparisons per
 * phrase and document: the engine's occurrences in the paragraphs it lists must equal the scan's, less those in
 * lines the document holds as title, headings or removed lines; and the engine must find exactly the documents
 * the scan finds outside removed lines, or whose title or 文号 holds the phrase. Prints false positives and
 * misses per phrase and in total; exits 1 when there are any.
 */

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    random: { type: 'string', default: '40' },
    seed: { type: 'string', default: '20261125' },
  },
});
const CORPORA = '../shared/corpora';
const dirs = positionals.length ? positionals : readdirSync(CORPORA, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(CORPORA, e.name));

/** Terms of art and cases the issue names; the random substrings follow. */
const FIXED = [
  '包容审慎', '包容審慎', '行政执法', '法治政府建设', '枫桥经验', '楓橋經驗', '丧失继承权', '破坏土地', '本修正案自2015年11月1日起施行',
  '双随机、一公开', '营商环境', '行政复议', '新质生产力', '公平竞争审查', '评议会', '議長', '沿革', '中央研究院', '无记名', '轻微违法',
];

/** One unit of the scan: a source line with its continuations, folded for matching. */
interface ScanUnit {
  folded: string;
}

interface ScanDoc {
  id: string;
  units: ScanUnit[];
  /** The raw lines, for drawing random phrases. */
  lines: string[];
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef\\u2010-\\u2027';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[\\s\\u200b]+(?=[${CJK}])`, 'gu');
const CONTINUES = /^[\s\u3000]|^[，、；：。）」』”,;:)]/;

/** Bytes → text without the pipeline's decoder: a byte-order mark, else strict UTF-8, else GB18030. */
function decodeIndependently(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Another folding than the pipeline's: chinese-conv for script, a fixed offset for width, CJK spaces out, ASCII lower-case. */
function foldForScan(text: string): string {
  return sify(text)
    .replace(SPACE_BETWEEN_CJK, '')
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u2015/g, '\u2014')
    .replace(/[\s\u200b]+/g, ' ')
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .trim();
}

function scanFile(path: string): ScanDoc {
  const lines = decodeIndependently(readFileSync(path)).split(/\r\n|\r|\n/);
  const units: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    if (units.length && CONTINUES.test(line)) units[units.length - 1] += '\n' + line;
    else units.push(line);
  }
  return { id: basename(path).replace(/\.[^.]+$/, ''), units: units.map((u) => ({ folded: foldForScan(u) })), lines: lines.filter((l) => l.trim()) };
}

function countIn(text: string, phrase: string): number {
  let n = 0;
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + phrase.length)) n++;
  return n;
}

/**
 * The engine's answer: the documents it finds, and the phrase's occurrences per document in the paragraphs it
 * lists. Kept in one function so it can follow the search API as it moves.
 */
async function engineAnswer(searcher: LocalSearcher, phrase: string): Promise<{ counts: Map<string, number>; truncated: Set<string> }> {
  const params = { ...readSearchParams({ q: `"${phrase}"` }), size: 1_000_000 };
  const result = await runSearch(searcher, params, { publicUrl: 'http://localhost' });
  const needle = normalizeQuery(phrase).toLowerCase();
  const counts = new Map<string, number>();
  /** Documents with a hit that lists fewer paragraphs than hold the phrase. */
  const truncated = new Set<string>();
  for (const hit of result.hits) {
    const doc = (await searcher.getDocument(hit.doc.id))!;
    const section = doc.sections.find((s) => s.id === hit.section.id)!;
    const norms = new Map(section.paragraphs.map((p) => [p.id, p.norm.toLowerCase()]));
    const n = hit.paragraphs.reduce((sum, p) => sum + countIn(norms.get(p.id)!, needle), 0);
    if (hit.paragraphs.length < [...norms.values()].filter((norm) => norm.includes(needle)).length) truncated.add(hit.doc.id);
    counts.set(hit.doc.id, (counts.get(hit.doc.id) ?? 0) + n);
  }
  return { counts, truncated };
}

/** Occurrences the engine does not list as paragraph text: in title lines, headings and removed lines. */
function occurrencesAside(doc: ParsedDocument, folded: string): { aside: number; removed: number } {
  const count = (texts: string[]) => texts.reduce((n, t) => n + countIn(foldForScan(t), folded), 0);
  const removed = count(doc.removed.map((r) => r.text));
  const headings = doc.sections.flatMap((s) => s.headings.slice(s.headings.length - s.shownHeadings).map((h) => h.text));
  return { aside: removed + count([...(doc.titleLines.length ? [doc.title.text] : []), ...headings]), removed };
}

/** Whether the product finds a document by a field that need not be a line of its text: its title or 文号. */
function inRecordFields(doc: ParsedDocument, folded: string): boolean {
  return [doc.title.text, doc.docNumber ?? ''].some((t) => foldForScan(t).includes(folded));
}

/** A small seeded generator (mulberry32): the same phrases on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Substrings of 3–8 characters from random lines of random documents: they straddle word boundaries at will. */
function drawPhrases(docs: ScanDoc[], count: number, seed: number): string[] {
  const next = random(seed);
  const phrases = new Set<string>();
  for (let tries = 0; phrases.size < count && tries < count * 100; tries++) {
    const doc = docs[Math.floor(next() * docs.length)];
    const line = [...doc.lines[Math.floor(next() * doc.lines.length)].trim()];
    const length = 3 + Math.floor(next() * 6);
    if (line.length < length) continue;
    const start = Math.floor(next() * (line.length - length + 1));
    const phrase = line.slice(start, start + length).join('');
    // Whole characters of text only: no spaces, quotes, query operators or markup.
    if (/[\s"“”|&!#<>\-]/.test(phrase) || (phrase.match(/\p{Script=Han}/gu) ?? []).length < 2) continue;
    phrases.add(phrase);
  }
  return [...phrases];
}

async function main(): Promise<void> {
  const started = Date.now();
  const files = dirs.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => join(dir, f)));
  const scanned = files.map(scanFile);
  console.log(`scanned ${scanned.length} files from ${dirs.join(', ')}; building the index …`);
  const searcher = new LocalSearcher(buildIndex({ inputs: dirs }).snapshot);
  const phrases = [...FIXED, ...drawPhrases(scanned, Number(values.random), Number(values.seed))];
  const totals = { falsePositives: 0, misses: 0, docFalse: 0, docMissed: 0, aside: 0, truncated: 0 };
  console.log(`\n${'phrase'.padEnd(24)} docs(scan/engine) occurrences(scan/aside/engine)  false+  missed  docs false+/missed`);
  for (const phrase of phrases) {
    const folded = foldForScan(phrase);
    const { counts, truncated } = await engineAnswer(searcher, phrase);
    totals.truncated += truncated.size;
    const line = { scanDocs: 0, scan: 0, aside: 0, falsePositives: 0, misses: 0, docFalse: 0, docMissed: 0 };
    const wrong: string[] = [];
    for (const doc of scanned) {
      const found = doc.units.reduce((n, u) => n + countIn(u.folded, folded), 0);
      const got = counts.get(doc.id) ?? 0;
      const parsed = (await searcher.getDocument(doc.id))!;
      const byRecord = inRecordFields(parsed, folded);
      if (!found && !counts.has(doc.id) && !byRecord) continue;
      if (found) line.scanDocs++;
      line.scan += found;
      const { aside, removed } = found ? occurrencesAside(parsed, folded) : { aside: 0, removed: 0 };
      line.aside += aside;
      // A hit lists at most its first paragraphs: where one was cut, only whether the document was found can be compared.
      const listed = found - aside;
      const expected = truncated.has(doc.id) && got > 0 && listed > 0 ? got : listed;
      if (got > expected) line.falsePositives += got - expected;
      if (got < expected) line.misses += expected - got;
      const findable = found > removed || byRecord;
      if (counts.has(doc.id) && !findable) line.docFalse++;
      if (!counts.has(doc.id) && findable) line.docMissed++;
      if (got !== expected || counts.has(doc.id) !== findable) wrong.push(`${doc.id} scan ${found} (aside ${aside}, removed ${removed}) engine ${counts.has(doc.id) ? got : 'no hit'}`);
    }
    const engineTotal = [...counts.values()].reduce((a, b) => a + b, 0);
    totals.falsePositives += line.falsePositives;
    totals.misses += line.misses;
    totals.docFalse += line.docFalse;
    totals.docMissed += line.docMissed;
    totals.aside += line.aside;
    const width = 24 - [...phrase].filter((c) => c.charCodeAt(0) > 0x2e80).length;
    console.log(
      `${phrase.padEnd(width)} ${`${line.scanDocs}/${counts.size}`.padStart(17)} ${`${line.scan}/${line.aside}/${engineTotal}`.padStart(28)}  ${String(line.falsePositives).padStart(6)}  ${String(line.misses).padStart(6)}  ${`${line.docFalse}/${line.docMissed}`.padStart(18)}` +
        (truncated.size ? `  (${truncated.size} documents with a hit listing only its first paragraphs)` : ''),
    );
    for (const w of wrong.slice(0, 5)) console.log(`    ${w}`);
  }
  console.log(
    `\n${phrases.length} phrases (${FIXED.length} fixed, ${phrases.length - FIXED.length} random, seed ${values.seed}): ` +
      `paragraph occurrences ${totals.falsePositives} false positives, ${totals.misses} misses; documents ${totals.docFalse} false positives, ${totals.docMissed} misses; ` +
      `${totals.aside} occurrences in title lines, headings or removed lines; ${totals.truncated} documents compared by presence only ` +
      `(a hit lists at most its first 20 paragraphs); ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exit(totals.falsePositives || totals.misses || totals.docFalse || totals.docMissed ? 1 : 0);
}

void main();
