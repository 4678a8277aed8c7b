import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { readSources } from '../../src/index/sources';
import { decodeBytes } from '../../src/normalize/decode';
import { normalizeDocument } from '../../src/normalize/normalize-document';
import { cleanLine, normalizeText } from '../../src/normalize/normalize-text';
import { parseDocument } from '../../src/parse/parse-document';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { runSearch } from '../../src/search/run-search';
import { readSearchParams } from '../../src/search/search-params';
import type { ParsedDocument, RawDocument, SourceText } from '../../src/types';
import { FIXTURES, SEEDS } from '../helpers';

/** The real collections beside the repository (shared/corpora); skipped where they are absent. */
const ROOT = '../shared/corpora';
const present = existsSync(ROOT);
if (!present) console.warn(`fidelity tests on the corpora skipped: ${ROOT} not found`);
const LAWS = `${ROOT}/cn-laws-regulations-lawrefbook`;
const STATE_COUNCIL = `${ROOT}/cn-statecouncil-policy`;
const TAIWAN = `${ROOT}/tw-moj-laws-traditional`;

const WHITESPACE = /[\s\u200b\ufeff]+/g;
const MARKDOWN_MARKER = /^#{1,6}[ \t\u3000]+/;

interface Accounting {
  lines: number;
  removed: number;
  /** Removed lines by reason. */
  reasons: Record<string, number>;
  /** `file:line text` of each source line found nowhere, and of each document whose characters do not add up. */
  unaccounted: string[];
  /** Texts whose matching form is not the matching form of their own wording. */
  stale: string[];
}

/**
 * Checks one document against its source, read independently of the pipeline: every non-blank line, cleaned
 * as its wording (ruby pinyin and damage out, a Markdown marker off) and whitespace aside, must stand verbatim
 * in the headings and paragraphs read in order, or in the title or `removed`; and the characters of all of
 * them together must be exactly the source's, so nothing is lost and nothing is counted twice.
 */
function account(raw: RawDocument, doc: ParsedDocument, into: Accounting): void {
  const source = decodeBytes(raw.bytes, raw.source)
    .text.split(/\r\n|\r|\n/)
    .map((line) => cleanLine(line.trim().replace(MARKDOWN_MARKER, '')).text.replace(WHITESPACE, ''))
    .filter(Boolean);
  const body = doc.sections.flatMap((s) => [...s.headings.slice(s.headings.length - s.shownHeadings), ...s.paragraphs]);
  const bodyText = body.map((t) => t.text.replace(WHITESPACE, '')).join('');
  const aside = [...(doc.titleLines.length ? [doc.title.text] : []), ...doc.removed.map((r) => cleanLine(r.text).text)].map((t) => t.replace(WHITESPACE, ''));
  const asideText = aside.join('\u0001');
  source.forEach((line, k) => {
    if (!bodyText.includes(line) && !asideText.includes(line)) into.unaccounted.push(`${raw.id}:${k} ${line}`);
  });
  const sourceChars = source.join('').length;
  const keptChars = bodyText.length + aside.join('').length;
  if (sourceChars !== keptChars) into.unaccounted.push(`${raw.id}: ${sourceChars} characters in the source, ${keptChars} kept`);
  const texts: SourceText[] = [doc.title, ...body, ...doc.sections.flatMap((s) => s.headings)];
  for (const t of texts) if (normalizeText(t.text).norm !== t.norm) into.stale.push(`${raw.id}: ${t.text.slice(0, 30)}`);
  into.lines += source.length;
  into.removed += doc.removed.length;
  for (const r of doc.removed) into.reasons[r.reason] = (into.reasons[r.reason] ?? 0) + 1;
}

function accountFor(dir: string): Accounting {
  const result: Accounting = { lines: 0, removed: 0, reasons: {}, unaccounted: [], stale: [] };
  for (const raw of readSources([dir]).documents) account(raw, parseDocument(normalizeDocument(raw)), result);
  return result;
}

describe('every line of the seeds and the portal pages', () => {
  it.each([SEEDS, `${FIXTURES}/portal-reports`])('stands in the title, a heading, a paragraph or removed in %s, and every text is its own matching form', (dir) => {
    const a = accountFor(dir);
    expect(a.unaccounted).toEqual([]);
    expect(a.stale).toEqual([]);
  });
});

describe.runIf(present)('every line of the real collections', () => {
  const results = new Map<string, Accounting>();
  const measure = (dir: string) => {
    if (!results.has(dir)) results.set(dir, accountFor(dir));
    return results.get(dir)!;
  };

  it.each([LAWS, `${ROOT}/cn-national-gwr`, `${ROOT}/cn-provincial-gwr-2026`, STATE_COUNCIL, TAIWAN])(
    'stands in the title, a heading, a paragraph or removed in %s, and every text is its own matching form',
    (dir) => {
      const a = measure(dir);
      expect(a.unaccounted).toEqual([]);
      expect(a.stale).toEqual([]);
    },
  );

  it('goes to removed for at most 5% of the lines of laws, State Council documents and Taiwan laws', () => {
    const [laws, council, taiwan] = [LAWS, STATE_COUNCIL, TAIWAN].map(measure);
    const share = (...as: Accounting[]) => as.reduce((n, a) => n + a.removed, 0) / as.reduce((n, a) => n + a.lines, 0);
    expect(share(laws, council, taiwan)).toBeLessThanOrEqual(0.05);
    expect(share(laws)).toBeLessThanOrEqual(0.05);
    expect(share(taiwan)).toBeLessThanOrEqual(0.05);
  });

  it('removes from State Council documents only their metadata block and the repeated title and 文号 above the text', () => {
    // These documents are short (about 50 lines), so their six header lines are ~12% of the lines: each must be
    // a field (索引号, 发布机关, 来源) or a second copy of the title, never official text.
    const council = measure(STATE_COUNCIL);
    const header = (council.reasons.metadata ?? 0) + (council.reasons['repeated-title'] ?? 0);
    expect(header / council.removed).toBeGreaterThanOrEqual(0.98);
  });
});

describe.runIf(present)('issue 9: lines lost and text altered in the real collections', () => {
  const parsed = (path: string) => {
    const raw = readSources([path]).documents[0];
    return parseDocument(normalizeDocument(raw));
  };
  const paragraphs = (doc: ParsedDocument) => doc.sections.flatMap((s) => s.paragraphs);

  it('keeps the last item of 刑法修正案（九）, a numbered line with nothing under it, as article 第五十二条 (law-0602)', () => {
    const last = paragraphs(parsed(`${LAWS}/law-0602.txt`)).at(-1)!;
    expect([last.text, last.article]).toEqual(['五十二、本修正案自2015年11月1日起施行。', { article: '第五十二条' }]);
  });

  it('reads the Civil Code book’s 第一千一百二十五条 with its items, where 丧失继承权 stands (law-0784)', () => {
    const doc = parsed(`${LAWS}/law-0784.txt`);
    const article = paragraphs(doc).filter((p) => p.article?.article === '第一千一百二十五条');
    expect(article.map((p) => [p.article!.clause ?? '', p.article!.item ?? '', p.text.slice(0, 8)])).toEqual([
      ['第一款', '', '第一千一百二十五'],
      ['第一款', '第（一）项', '（一）故意杀害被'],
      ['第一款', '第（二）项', '（二）为争夺遗产'],
      ['第一款', '第（三）项', '（三）遗弃被继承'],
      ['第一款', '第（四）项', '（四）伪造、篡改'],
      ['第一款', '第（五）项', '（五）以欺诈、胁'],
      ['第二款', '', '继承人有前款第三'],
      ['第三款', '', '受遗赠人有本条第'],
    ]);
    expect(article[0].text).toBe('第一千一百二十五条 继承人有下列行为之一的，丧失继承权：');
  });

  it('keeps 破坏 in the wording and the matching form of a Simplified law (law-0128: 破坏土 became 破坯土)', () => {
    const p = paragraphs(parsed(`${LAWS}/law-0128.txt`)).find((p) => p.article?.article === '第四十五条')!;
    expect(p.text).toContain('但未破坏土地并易于复垦的');
    expect(p.norm).toContain('但未破坏土地并易于复垦的');
  });

  it('keeps a Taiwan point-style rule in Traditional script, its 沿革 entries 1–3 and each point whole (twlaw-0024)', () => {
    const doc = parsed(`${TAIWAN}/twlaw-0024.txt`);
    expect(doc.title.text).toBe('中央研究院評議會會議規則');
    const [history, points] = doc.sections;
    expect(history.headings.map((h) => h.text)).toEqual(['沿革：']);
    expect(history.paragraphs.slice(0, 3).map((p) => p.text)).toEqual([
      '1.中華民國二十四年九月八日中央研究院第一次評議會通過',
      '2.中華民國四十六年四月三日第三屆中央研究院評議會首次會議修正',
      '3.中華民國七十九年四月十四日第十三屆評議會第八次會議修正通過',
    ]);
    expect(points.headings).toEqual([]);
    expect(points.paragraphs.map((p) => p.article?.article)).toEqual(['第一點', '第二點', '第三點', '第四點', '第五點', '第六點', '第七點', '第八點', '第九點', '第十點', '第十一點', '第十二點']);
    expect(points.paragraphs[4].text).toBe('五、評議會提出之議案，至少須有二人之聯署，並須於每次開會一個月前寄交執行長，編入議事日程，由執行長於兩星期前分寄各評議員。\n凡在會議期間臨時提出之議案，至少須有五人之聯署。');
  });

  it('shows a Simplified document with its own punctuation: ， and （一） stay full-width (gwy-0001)', () => {
    const texts = paragraphs(parsed(`${STATE_COUNCIL}/gwy-0001.txt`)).map((p) => p.text);
    expect(texts[0]).toBe('各省、自治区、直辖市人民政府，国务院各部委、各直属机构：');
    const headings = parsed(`${STATE_COUNCIL}/gwy-0001.txt`).sections.flatMap((s) => s.headings.map((h) => h.text));
    expect(headings).toContain('（二）严格责任落实。');
  });

  it('finds a judicial interpretation by its 文号 and a Taiwan law by its title, in either script, marked (law-0621, twlaw-0024)', async () => {
    const searcher = new LocalSearcher(buildIndex({ inputs: [`${LAWS}/law-0621.txt`, `${LAWS}/law-0620.txt`, `${TAIWAN}/twlaw-0024.txt`, `${TAIWAN}/twlaw-0023.txt`] }).snapshot);
    const first = async (q: string) => {
      const r = await runSearch(searcher, readSearchParams({ q }), { publicUrl: 'http://policy.example', today: '2026-12-07' });
      return r.hits[0] && { id: r.hits[0].doc.id, title: r.hits[0].titleHtml, total: r.total_documents };
    };
    expect(await first('法释〔2022〕19号')).toMatchObject({ id: 'law-0621', total: 1 });
    expect(await first('中央研究院評議會會議規則')).toEqual({ id: 'twlaw-0024', title: '<mark>中央研究院評議會會議規則</mark>', total: 1 });
    expect(await first('中央研究院评议会会议规则')).toMatchObject({ id: 'twlaw-0024', total: 1 });
    expect(await first('title:评议会会议规则')).toMatchObject({ id: 'twlaw-0024', title: '中央研究院<mark>評議會會議規則</mark>' });
  });

  it('finds 丧失继承权 in law-0784 and 破坏土地 in law-0128 by exact search', async () => {
    const searcher = new LocalSearcher(buildIndex({ inputs: [`${LAWS}/law-0784.txt`, `${LAWS}/law-0128.txt`, `${LAWS}/law-0602.txt`] }).snapshot);
    const find = async (q: string) =>
      (await runSearch(searcher, readSearchParams({ q, size: '100' }), { publicUrl: 'http://policy.example', today: '2026-11-25' })).hits.flatMap((h) =>
        h.paragraphs.map((p) => `${h.doc.id} ${p.text.slice(0, 12)}`),
      );
    expect(await find('丧失继承权')).toEqual(['law-0784 第一千一百二十五条 继承', 'law-0784 继承人有前款第三项至第五', 'law-0784 （二）遗嘱继承人丧失继承']);
    expect(await find('破坏土地')).toEqual(['law-0128 第四十五条 农民专业合作']);
    expect(await find('本修正案自2015年11月1日起施行')).toEqual(['law-0602 五十二、本修正案自201']);
  });
});
