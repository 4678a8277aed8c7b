import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, holdsTraditional, joinSources, normalizeQuery, normalizeText, sliceSource } from '../../src/normalize/normalize-text';
import { toTextRange } from '../../src/normalize/offset-map';

const norm = (text: string) => normalizeText(text).norm;

describe('cleanLine', () => {
  it('removes ruby pinyin after Han characters and keeps the Traditional wording', () => {
    expect(cleanLine('臨河區(qū)始終堅(jiān)持以習(xí)近平').text).toBe('臨河區始終堅持以習近平');
  });

  it('removes damaged byte runs, counts each, and leaves a real question mark alone', () => {
    expect(cleanLine('提供堅強法治保障?,F(xiàn)將臨河區(qū)2024年;專家?guī)?,推動(dòng);多部?jī)?yōu)秀')).toEqual({ text: '提供堅強法治保障將臨河區2024年;專家,推動;多部秀', damaged: 3 });
    expect(cleanLine('如何落实?').text).toBe('如何落实?');
  });

  it('keeps brackets that are not pinyin, full-width forms and inner spaces', () => {
    expect(cleanLine('全区9个镇(街道)、120个村(社区);12345热线(app)').text).toBe('全区9个镇(街道)、120个村(社区);12345热线(app)');
    expect(cleanLine('　（一）坚持高位推进，ＡＰＰ　办理  ').text).toBe('（一）坚持高位推进，ＡＰＰ　办理');
  });

  it('trims zero-width and byte-order marks with the outer whitespace, and drops control characters', () => {
    expect(cleanLine('\u200b\ufeff 第一条 为了规范\u0001行政执法。\u200b').text).toBe('第一条 为了规范行政执法。');
  });
});

describe('normalizeText', () => {
  it('folds a Traditional run to Simplified in the matching form and keeps the wording (楓橋經驗)', () => {
    expect(normalizeText('堅持發展新時代楓橋經驗')).toEqual({ text: '堅持發展新時代楓橋經驗', norm: '坚持发展新时代枫桥经验' });
  });

  it('never converts Simplified text holding characters both scripts write (破坏土 stays 破坏土)', () => {
    for (const simplified of ['未破坏土地并易于复垦', '干部队伍', '后来', '里面的面条', '发展']) expect(norm(simplified)).toBe(simplified);
  });

  it('converts those characters inside a Traditional run, where they are Traditional words', () => {
    expect(norm('壞土後面裡面發展乾淨')).toBe('坏土后面里面发展干净');
  });

  it('converts a fragment whose only Traditional characters are ones opencc keeps in a few names (均計算 as a query)', () => {
    expect([norm('均計算'), norm('訓練成績之計算，均計算至小數點')]).toEqual(['均计算', '训练成绩之计算,均计算至小数点']);
    expect(norm('乾隆年间')).toBe('乾隆年间');
  });

  it('folds full-width ASCII and the horizontal bar, one character for one', () => {
    const folded = normalizeText('ＡＰＰ１２３４５，（一）――2026年');
    expect(folded.norm).toBe('APP12345,(一)——2026年');
    expect(folded.map).toBeUndefined();
  });

  it('drops layout spaces and line breaks between Han and CJK punctuation, and maps offsets past them', () => {
    const source = normalizeText('标  题 关于洪泽区\n的报告　（一）');
    expect(source.norm).toBe('标题关于洪泽区的报告(一)');
    const [start, end] = toTextRange(source, 2, 7);
    expect(source.text.slice(start, end)).toBe('关于洪泽区');
    const [a, b] = toTextRange(source, 5, 9);
    expect(source.text.slice(a, b)).toBe('泽区\n的报');
  });

  it('keeps the space after an article or chapter marker and collapses other space runs to one', () => {
    expect(norm('第一条　为了规范')).toBe('第一条 为了规范');
    expect(norm('第 一 章 總綱')).toBe('第一章 总纲');
    expect(norm('第 3  條 APP   12345 号')).toBe('第 3 条 APP 12345 号');
  });

  it('drops invisible characters and trims the ends', () => {
    expect(normalizeText('\u200b包容\u200d审慎 ')).toMatchObject({ norm: '包容审慎', map: [0, 1, 2, 4] });
  });

  it('is a function of the wording alone: normalizing the matching form again changes nothing', () => {
    for (const text of ['臨河區 始終堅持', '（一）坚持高位推进。', '第 3 條\n本法用詞']) expect(norm(norm(text))).toBe(norm(text));
  });
});

describe('offsets from the matching form to the wording', () => {
  // Characters of every kind the normalizer treats differently; 第 is left out because the space after a
  // 第X条 marker depends on characters before the range.
  const CHARS = [...'楓橋經驗發後裡區坏干后里面发包容审慎aZ19ＡＰ１，（）―。、'.split(''), ' ', '  ', '\u3000', '\n', '\u200b'];
  const wording = fc.array(fc.constantFrom(...CHARS), { maxLength: 30 }).map((cs) => cleanLine(cs.join('')).text);

  it('leads any range of the matching form to characters of the wording that normalize to it', () => {
    fc.assert(
      fc.property(wording, fc.nat(), fc.nat(), (text, x, y) => {
        const source = normalizeText(text);
        if (!source.norm) return;
        let start = x % source.norm.length;
        let end = start + 1 + (y % (source.norm.length - start));
        while (source.norm[start] === ' ' && start < end - 1) start++;
        while (source.norm[end - 1] === ' ' && end - 1 > start) end--;
        if (source.norm[start] === ' ') return;
        const [a, b] = toTextRange(source, start, end);
        expect(normalizeText(source.text.slice(a, b)).norm).toBe(source.norm.slice(start, end));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives slices and joins of a text the matching form of their own wording', () => {
    fc.assert(
      fc.property(wording, wording, fc.nat(), (left, right, x) => {
        const joined = joinSources([normalizeText(left), normalizeText(right)]);
        expect(joined.norm).toBe(norm(joined.text));
        const cut = joined.norm.length ? x % joined.norm.length : 0;
        const piece = sliceSource(joined, cut);
        expect(piece.norm).toBe(norm(piece.text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('holdsTraditional', () => {
  it('tells Traditional-only characters from those both scripts write', () => {
    expect(['楓橋經驗', '破坏土干后里面发', '均計算', '於是'].map(holdsTraditional)).toEqual([true, false, true, true]);
  });
});

describe('normalizeQuery', () => {
  it('folds a query like a document line but keeps the spaces between its terms', () => {
    expect(normalizeQuery('包容  審慎')).toBe('包容 审慎');
    expect(normalizeQuery('臨河區(qū)\r\n楓橋經驗')).toBe('临河区 枫桥经验');
    expect(normalizeQuery('破坏土')).toBe('破坏土');
    expect(normalizeQuery('ＡＰＰ，（一）')).toBe('APP,(一)');
  });
});
