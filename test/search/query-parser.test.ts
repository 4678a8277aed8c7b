import { describe, expect, it } from 'vitest';
import { describeQuery, parseQuery } from '../../src/search/query-parser';

const shape = (q: string) => {
  const p = parseQuery(q);
  return { groups: p.groups.map((g) => g.map((t) => `${t.field ? 'title:' : ''}${t.quoted ? `"${t.text}"` : t.text}`)), excluded: p.excluded.map((t) => t.text) };
};

describe('parseQuery', () => {
  it('ANDs terms separated by spaces or &', () => {
    expect(shape('包容审慎 监管&执法')).toEqual({ groups: [['包容审慎'], ['监管'], ['执法']], excluded: [] });
  });

  it('ORs terms joined by OR or |', () => {
    expect(shape('复议 OR 诉讼 | 调解 信访')).toEqual({ groups: [['复议', '诉讼', '调解'], ['信访']], excluded: [] });
  });

  it('excludes terms after - or !', () => {
    expect(shape('执法 -疫情 !应急')).toEqual({ groups: [['执法']], excluded: ['疫情', '应急'] });
  });

  it('reads quoted phrases, in ASCII or Chinese quotes, and title: fields', () => {
    expect(shape('"行政 执法" “放管服” title:营商环境 -title:"疫情"')).toEqual({
      groups: [['"行政 执法"'], ['"放管服"'], ['title:营商环境']],
      excluded: ['疫情'],
    });
  });

  it('normalizes script and width before parsing', () => {
    expect(parseQuery('包容審慎 ＯＲ 執法').normalized).toBe('包容审慎 OR 执法');
    expect(shape('包容審慎 ＯＲ 執法').groups).toEqual([['包容审慎', '执法']]);
  });

  it('says where a lone operator or an unbalanced quote was repaired', () => {
    const p = parseQuery('OR 执法 - "监督');
    expect(p.notices).toEqual([
      { at: 0, message: 'OR 两边都需要检索词，已忽略' },
      { at: 6, message: '“-”后面需要紧跟检索词，已忽略' },
      { at: 8, message: '引号不成对，短语一直延续到检索式末尾' },
    ]);
    expect(describeQuery(p)).toBe('执法 "监督"');
  });

  it('turns an empty or operator-only query into no terms at all', () => {
    for (const q of ['', '   ', 'OR', '| & -', '""']) expect(shape(q)).toEqual({ groups: [], excluded: [] });
  });

  it('keeps a hyphen inside a term', () => {
    expect(shape('2021-2025年')).toEqual({ groups: [['2021-2025年']], excluded: [] });
  });
});
