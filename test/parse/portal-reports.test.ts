import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureMetadata, METADATA_FIELDS } from '../../src/index/metadata-agreement';
import { normalizeDocument } from '../../src/normalize/normalize-document';
import { parseDocument } from '../../src/parse/parse-document';
import type { ParsedDocument } from '../../src/types';

/** Pages written after real portal pages of 法治政府建设 reports, with what a person reads from each (expected.json). */
const PAGES = 'test/fixtures/portal-reports';

const page = (name: string): ParsedDocument => {
  const source = `${PAGES}/${name}.txt`;
  return parseDocument(normalizeDocument({ id: name, source, bytes: readFileSync(source) }));
};
const paragraphs = (doc: ParsedDocument) => doc.sections.flatMap((s) => s.paragraphs.map((p) => p.text));

describe('metadata of portal report pages', () => {
  const result = measureMetadata(PAGES);
  const share = (field: (typeof METADATA_FIELDS)[number]) => result.correct[field] / result.documents;

  it('reads every page of the set', () => {
    expect(result.problems).toEqual([]);
    expect(result.documents).toBe(93);
  });

  it.each([
    ['region', 0.95],
    ['province', 0.95],
    ['year', 0.95],
    ['title', 0.9],
    ['issuer', 0.8],
    ['published', 0.9],
    ['kind', 0.9],
  ] as const)('agrees with the person on %s for at least %s of the pages', (field, target) => {
    const failures = result.failures.filter((f) => f.field === field).map((f) => `${f.file}: ${f.ours} ≠ ${f.expected}`);
    expect(share(field), failures.join('\n')).toBeGreaterThanOrEqual(target);
  });

  it('leaves no line of portal boilerplate in any paragraph or heading', () => {
    expect(result.failures.filter((f) => f.field === 'boilerplate').map((f) => `${f.file}: ${f.ours}`)).toEqual([]);
    expect(result.withBoilerplate).toBe(0);
  });

  it('says in Chinese why each field has its value', () => {
    for (const doc of result.docs) {
      for (const field of ['title', 'region', 'year', 'issuer', 'kind', 'published'] as const) {
        if (field === 'title' || field === 'kind' || doc[field] !== null) expect(doc.metadataSources[field], `${doc.id} ${field}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});

describe('hard cases of the genre', () => {
  it('takes neither the page clock nor a plan span (2021—2025年) for the report year', () => {
    const doc = page('01-tianjin-baodi-2022');
    expect([doc.year, doc.published]).toEqual([2022, '2023-03-27']);
    expect(doc.removed.map((r) => r.text)).toContain('天津市宝坻区人民政府 2020年6月9日星期二');
  });

  it('keeps a city report at the city though it praises two of its counties', () => {
    const doc = page('05-jiangsu-huaian-2017');
    expect(doc.region?.path).toEqual(['江苏省', '淮安市']);
    expect(doc.metadataSources.region).toBe('标题“淮安市人民政府关于2017年度法治政府建设情况的报告”中的“淮安市”');
  });

  it('gives a department whose title names no place the region of its 发布机构 (区司法局 → 九龙坡区)', () => {
    const doc = page('11-chongqing-jiulongpo-sfj-2025');
    expect([doc.title.text, doc.region?.path, doc.issuer]).toEqual(['区司法局关于2025年法治政府建设情况的报告', ['重庆市', '九龙坡区'], '九龙坡区司法局']);
  });

  it('settles 城中区 by the 西宁 its text names, and 柳州市城中区 by its title', () => {
    expect(page('12-qinghai-xining-chengzhong-2023').region?.path).toEqual(['青海省', '西宁市', '城中区']);
    expect(page('12-qinghai-xining-chengzhong-2023').metadataSources.region).toMatch(/同名地区由“西宁”确定/);
    expect(page('53-guangxi-liuzhou-chengzhong-2022').region?.path).toEqual(['广西壮族自治区', '柳州市', '城中区']);
  });

  it('reads 巴州 as 巴音郭楞蒙古自治州 in a Traditional-script page', () => {
    const doc = page('16-xinjiang-bazhou-2023');
    expect([doc.region?.code, doc.year, doc.kind]).toEqual(['652800', 2023, '法治政府建设报告']);
  });

  it('keeps 金平县 at its county though the report is addressed to 红河州', () => {
    const doc = page('15-yunnan-jinping-2024');
    expect(doc.region?.path).toEqual(['云南省', '红河哈尼族彝族自治州', '金平苗族瑶族傣族自治县']);
    expect(doc.issuer).toBe('金平苗族瑶族傣族自治县人民政府');
    expect(paragraphs(doc)[0]).toBe('中共红河州委、红河州人民政府：');
  });

  it('joins a title the layout broke over two lines (赵县人民政府 / 2022年度…报告)', () => {
    const doc = page('14-hebei-zhaoxian-2022');
    expect([doc.title.text, doc.titleLines, doc.region?.name, doc.issuer]).toEqual(['赵县人民政府2022年度法治政府建设情况报告', [2, 3], '赵县', '赵县人民政府']);
  });

  it('takes the report, not its cover memo (请示), for the title, and keeps the memo as text', () => {
    const doc = page('23-hubei-changyang-2020');
    expect(doc.title.text).toBe('长阳土家族自治县2020年法治政府建设情况报告');
    expect(paragraphs(doc).slice(0, 2)).toEqual(['关于报送《长阳土家族自治县2020年法治政府建设情况报告》的请示', '宜昌市人民政府：']);
  });

  it('splits a value that runs into the next label (沙坪坝区司法局生成日期: 2024-02-05)', () => {
    const doc = page('10-chongqing-shapingba-sfj-2023');
    expect([doc.issuer, doc.published, doc.metadataSources.published]).toEqual(['沙坪坝区司法局', '2024-02-05', '“生成日期”栏']);
  });

  it('dates a report that says only 一年来 by the year its plan heading names', () => {
    const doc = page('38-jiangxi-anfu-2023');
    expect([doc.year, doc.metadataSources.year]).toEqual([2023, '小标题“三、2024年工作打算”所计划年份的上一年']);
  });

  it('prefers the publication date to the signing date (发布日期 over 成文日期)', () => {
    expect(page('46-guangdong-nansha-yfxz-2020').published).toBe('2020-05-26');
  });

  it('does not take news about a report, or a notice that sets the work, for a report', () => {
    expect(page('48-guangdong-news-2020').kind).toBe('其他');
    expect(page('47-shandong-ningjin-news-2021').kind).toBe('其他');
    expect(page('49-gansu-jinchang-fangan-2025').kind).toBe('政策文件');
  });
});
