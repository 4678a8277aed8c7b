import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OffsetMapBuilder, toTextRange } from '../../src/normalize/offset-map';
import { regionFromName } from '../../src/parse/region';
import { citeParagraph } from '../../src/search/citation';
import { buildHit } from '../../src/search/hits';
import { createMarker } from '../../src/search/match-text';
import { parseQuery } from '../../src/search/query-parser';
import type { DocRecord, Paragraph, Section, SourceText } from '../../src/types';

const CONTEXT = { publicUrl: 'http://10.0.0.8', today: '2026-11-25' };

const doc = (over: Partial<DocRecord> = {}): DocRecord => ({
  id: 'doc-1',
  title: { text: '臨河區2024年法治政府建設情況報告', norm: '临河区2024年法治政府建设情况报告' },
  issuer: null,
  published: null,
  docNumber: null,
  year: 2024,
  kind: '法治政府建设报告',
  region: regionFromName('临河区'),
  ...over,
});

const paragraph = (text: string, norm: string, over: Partial<Paragraph> = {}): Paragraph => ({ id: 'p00000001', ordinal: 1, line: 3, text, norm, ...over });

const section = (paragraphs: Paragraph[], headings: SourceText[] = []): Section => ({
  id: 'doc-1:s1',
  docId: 'doc-1',
  ordinal: 0,
  headings,
  shownHeadings: headings.length,
  topics: [],
  part: '成效',
  paragraphs,
});

const hitFor = (q: string, s: Section, d = doc()) => buildHit({ doc: d, section: s, score: 1 }, { ...CONTEXT, q, mode: 'exact', marker: createMarker(parseQuery(q), 'exact') });

describe('hits show the original wording, marked where the matching form matched', () => {
  const traditional = paragraph('堅持發展新時代“楓橋經驗”，化解矛盾。', '坚持发展新时代“枫桥经验”,化解矛盾。');

  it.each(['枫桥经验', '楓橋經驗'])('marks 「楓橋經驗」 in a Traditional paragraph for %s', (q) => {
    expect(hitFor(q, section([traditional])).paragraphs[0].snippet).toBe('堅持發展新時代“<mark>楓橋經驗</mark>”，化解矛盾。');
  });

  it('marks a phrase across a layout space that matching ignores', () => {
    const map = new OffsetMapBuilder();
    map.keep(4, 6); // norm 审慎监管 starts after the two removed spaces
    const spaced = paragraph('推进包容  审慎监管', '推进包容审慎监管', { map: map.finish() });
    expect(hitFor('包容审慎', section([spaced])).paragraphs[0].snippet).toBe('推进<mark>包容  审慎</mark>监管');
  });

  it('marks a heading and the title in their original wording', () => {
    const hit = hitFor('枫桥经验 法治政府', section([traditional], [{ text: '（七）堅持“楓橋經驗”', norm: '(七)坚持“枫桥经验”' }]));
    expect(hit.section.headingsHtml).toEqual(['（七）堅持“<mark>楓橋經驗</mark>”']);
    expect(hit.titleHtml).toBe('臨河區2024年<mark>法治政府</mark>建設情況報告');
  });
});

describe('citations', () => {
  it('cites a law paragraph by article, 款 and 项 as lawyers do', () => {
    const civilCode = doc({ title: { text: '中华人民共和国民法典', norm: '中华人民共和国民法典' }, kind: '法律法规' });
    const item = paragraph('（一）故意杀害被继承人；', '(一)故意杀害被继承人;', { article: { article: '第一千一百二十五条', clause: '第一款', item: '第（一）项' } });
    expect(citeParagraph(civilCode, item, CONTEXT)).toBe('《中华人民共和国民法典》第一千一百二十五条第一款第（一）项');
  });

  it('cites a report after GB/T 7714-2015, leaving out what the report does not state', () => {
    expect(citeParagraph(doc(), paragraph('甲', '甲'), CONTEXT)).toBe('臨河區2024年法治政府建設情況報告[EB/OL]. [2026-11-25]. http://10.0.0.8/doc/doc-1#p00000001.');
    const dated = doc({ issuer: '巴彦淖尔市临河区人民政府', published: '2025-01-20' });
    expect(citeParagraph(dated, paragraph('甲', '甲'), CONTEXT)).toBe('巴彦淖尔市临河区人民政府. 臨河區2024年法治政府建設情況報告[EB/OL]. (2025-01-20)[2026-11-25]. http://10.0.0.8/doc/doc-1#p00000001.');
  });
});

describe('offset maps', () => {
  it('map any range of a text with spaces removed back onto the same characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('法', '治', ' ', '  ', '，'), { minLength: 1, maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        // A normalizer that drops spaces, recording where positions shift.
        const map = new OffsetMapBuilder();
        let norm = '';
        for (let i = 0; i < text.length; i++) {
          if (text[i] === ' ') continue;
          map.keep(norm.length, i);
          norm += text[i];
        }
        const source = { text, norm, map: map.finish() };
        for (let s = 0; s < norm.length; s++) {
          for (let e = s + 1; e <= norm.length; e++) {
            const [ts, te] = toTextRange(source, s, e);
            expect(text.slice(ts, te).replace(/ /g, '')).toBe(norm.slice(s, e));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
