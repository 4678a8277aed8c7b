import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { normalizeDocument } from '../../src/normalize/normalize-document';
import { FIXTURES, HONGZE, LIANDU, LINHE, NANTONG, SEEDS, YIYANG } from '../helpers';
import type { NormalizedDocument } from '../../src/types';

function normalizeFile(path: string) {
  return normalizeDocument({ id: 'x', source: path, bytes: readFileSync(path) });
}

function refusal(bytes: Uint8Array): string {
  try {
    normalizeDocument({ id: 'x', source: 'bad.txt', bytes });
  } catch (err) {
    if (err instanceof PolicySearchError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'accepted';
}

/** The kept lines, one per line: their original wording, and the matching form. */
const bodyText = (doc: NormalizedDocument) => doc.lines.map((l) => l.text).join('\n');
const bodyNorm = (doc: NormalizedDocument) => doc.lines.map((l) => l.norm).join('\n');
const encode = (text: string) => new TextEncoder().encode(text);

const ALL_SEEDS = [HONGZE, LINHE, NANTONG, YIYANG, LIANDU];
// Characters that exist only in Traditional script and occur in the Linhe report.
const TRADITIONAL = /[臨區堅習時們發實與為國會這對當]/;
const BOILERPLATE = /当前位置|索引号|发布机构|公开日期|打印本页|关闭窗口|附件|\.pdf|累计次数|字体:|^首页$|^>/m;

describe('normalizeDocument on the seeds', () => {
  it.each(ALL_SEEDS)('leaves no Traditional characters, pinyin or boilerplate in the matching form of %s', (id) => {
    const doc = normalizeFile(`${SEEDS}/${id}.txt`);
    expect(bodyNorm(doc)).not.toMatch(TRADITIONAL);
    expect(bodyText(doc)).not.toMatch(/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/);
    expect(bodyNorm(doc)).not.toMatch(BOILERPLATE);
  });

  it('keeps the Traditional report in its own script, ruby pinyin and damaged bytes aside', () => {
    const doc = normalizeFile(`${SEEDS}/${LINHE}.txt`);
    expect(doc.lines[0].text).toMatch(/^2024年,臨河區始終堅持以習近平新時代中國特色社會主義思想為指導,/);
    expect(doc.lines[0].norm).toMatch(/^2024年,临河区始终坚持以习近平新时代中国特色社会主义思想为指导,/);
    expect(doc.convertedFromTraditional).toBe(true);
  });

  it('lists every line it removes with its source line number and reason, so none disappears unseen', () => {
    expect(normalizeFile(`${SEEDS}/${HONGZE}.txt`).removed.map((r) => [r.line, r.reason])).toEqual([
      [1, 'breadcrumb'],
      [2, 'metadata'],
      [3, 'metadata'],
      [4, 'metadata'],
      [5, 'metadata'],
      [6, 'metadata'],
      [56, 'toolbar'],
    ]);
    expect(normalizeFile(`${SEEDS}/${LIANDU}.txt`).removed.map((r) => r.reason)).toEqual([
      'breadcrumb', 'breadcrumb', 'metadata', 'metadata', 'metadata', 'metadata', 'signature', 'signature', 'attachment', 'attachment', 'attachment',
    ]);
    expect(normalizeFile(`${SEEDS}/${LINHE}.txt`).removed).toEqual([]);
  });

  it('keeps the facts of the Hongze metadata table', () => {
    expect(normalizeFile(`${SEEDS}/${HONGZE}.txt`).facts).toEqual({
      indexNumber: '11320829MB0160038/2024-00007',
      issuer: '洪泽区人民政府',
      published: '2024-01-25',
      publishedLabel: '公开日期',
      title: '关于洪泽区2023年度法治政府建设工作的报告',
    });
  });

  it('keeps the 文号, date and signature of the Liandu report while removing them from the text', () => {
    const doc = normalizeFile(`${SEEDS}/${LIANDU}.txt`);
    expect(doc.facts).toMatchObject({ docNumber: '莲司〔2024〕4号', published: '2024-02-01', signature: '丽水市莲都区司法局' });
    expect(doc.lines.at(-1)!.text).toMatch(/^\(五\)高水平推进法护平安/);
  });

  it('warns in Chinese about the damaged bytes of the Traditional report', () => {
    const doc = normalizeFile(`${SEEDS}/${LINHE}.txt`);
    expect(doc.warnings).toEqual(['已去除 4 处损坏字符']);
    expect(bodyText(doc)).toContain('為完成好“兩件大事”,實現“闖新路、進中游”目標提供堅強法治保障將臨河區2024年法治政府建設情況報告如下');
  });

  it('decodes a GBK file', () => {
    const doc = normalizeFile(`${FIXTURES}/gbk-gulou.txt`);
    expect(doc.encoding).toBe('gb18030');
    expect(bodyNorm(doc)).toContain('(一)深化包容审慎监管。制定轻微违法行为免罚清单');
    expect(doc.facts.issuer).toBe('福州市鼓楼区人民政府');
  });

  it('decodes UTF-16 with a byte-order mark and UTF-8 with one', () => {
    expect(normalizeFile(`${FIXTURES}/utf16-gulou.txt`).encoding).toBe('utf-16le');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('第一条 为了规范行政执法。')]);
    expect(bodyText(normalizeDocument({ id: 'x', source: 'bom.txt', bytes: withBom }))).toBe('第一条 为了规范行政执法。');
  });

  it('refuses an empty file, a binary file and a file of boilerplate only, naming the file', () => {
    expect(refusal(new Uint8Array())).toBe('SOURCE_EMPTY: bad.txt: the file is empty');
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00, 0x12]))).toMatch(/^SOURCE_BINARY: bad\.txt: /);
    expect(refusal(encode('当前位置:首页 > 政务公开\n打印本页 关闭窗口\n'))).toBe(
      'SOURCE_NO_TEXT: bad.txt: no Chinese text is left once boilerplate is removed',
    );
  });
});

describe('normalizeDocument on source markup and layout', () => {
  const law = (text: string) => normalizeDocument({ id: 'law', source: 'law.txt', bytes: encode(text) });

  it('takes a Markdown heading marker and an HTML comment line as markup: the heading text stays, the comment is listed', () => {
    const doc = law('# 北京市实施《中华人民共和国农民专业合作社法》办法\n\n2019年7月26日 北京市第十五届人民代表大会常务委员会第十四次会议通过\n\n<!-- INFO END -->\n\n## 第一章　总则\n\n第一条　为了支持农民专业合作社的发展，制定本办法。\n');
    expect(doc.lines.map((l) => [l.line, l.heading ?? 0, l.text])).toEqual([
      [1, 1, '北京市实施《中华人民共和国农民专业合作社法》办法'],
      [3, 0, '2019年7月26日 北京市第十五届人民代表大会常务委员会第十四次会议通过'],
      [7, 2, '第一章　总则'],
      [9, 0, '第一条　为了支持农民专业合作社的发展，制定本办法。'],
    ]);
    expect(doc.lines[3].norm).toBe('第一条 为了支持农民专业合作社的发展,制定本办法。');
    expect(doc.removed).toEqual([{ line: 5, text: '<!-- INFO END -->', reason: 'markup' }]);
  });

  it('numbers lines as the source has them, CRLF, LF and lone CR alike, and marks indented lines', () => {
    const doc = law('臺灣省諮議會編制表\r\n沿革：\r\n1.中華民國九十三年二月十三日行政院院授人力字第 09300609431\r\n  修正發布\n\r第 1 條\r本規則依法訂定。');
    expect(doc.lines.map((l) => [l.line, l.indented ?? false, l.text])).toEqual([
      [1, false, '臺灣省諮議會編制表'],
      [2, false, '沿革：'],
      [3, false, '1.中華民國九十三年二月十三日行政院院授人力字第 09300609431'],
      [4, true, '修正發布'],
      [6, false, '第 1 條'],
      [7, false, '本規則依法訂定。'],
    ]);
    expect(doc.lines[5].norm).toBe('本规则依法订定。');
  });

  it('keeps a bare 附件 that opens the attachment of an official document; drops one over a download list', () => {
    const official = law('国务院办公厅关于加强三级公立医院绩效考核工作的意见\n各省、自治区、直辖市人民政府：\n现提出如下意见。\n附件：三级公立医院绩效考核指标\n国务院办公厅\n2019年1月16日\n附件\n三级公立医院绩效考核指标\n一级指标\n');
    expect(official.lines.map((l) => l.text)).toContain('附件');
    const portal = law('关于印发某办法的通知\n各单位：现印发给你们，请遵照执行。\n附件：\n某办法.pdf\n');
    expect(portal.removed.map((r) => [r.text, r.reason])).toEqual([
      ['附件：', 'attachment'],
      ['某办法.pdf', 'attachment'],
    ]);
  });
});
