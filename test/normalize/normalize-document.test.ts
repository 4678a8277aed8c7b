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

/** The kept lines' original wording, one per line. */
const bodyText = (doc: NormalizedDocument) => doc.lines.map((l) => l.text).join('\n');

const ALL_SEEDS = [HONGZE, LINHE, NANTONG, YIYANG, LIANDU];
// Characters that exist only in Traditional script and occur in the Linhe report.
const TRADITIONAL = /[臨區堅習時們發實與為國會這對當]/;
const BOILERPLATE = /当前位置|索引号|发布机构|公开日期|打印本页|关闭窗口|附件|\.pdf|累计次数|字体:|^首页$|^>/m;

describe('normalizeDocument on the seeds', () => {
  it.each(ALL_SEEDS)('leaves no Traditional characters, pinyin or boilerplate in %s', (id) => {
    const doc = normalizeFile(`${SEEDS}/${id}.txt`);
    expect(bodyText(doc)).not.toMatch(TRADITIONAL);
    expect(bodyText(doc)).not.toMatch(/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]/);
    expect(bodyText(doc)).not.toMatch(BOILERPLATE);
  });

  it('counts the boilerplate lines it removes, so none disappears unseen', () => {
    expect([HONGZE, NANTONG, LIANDU, LINHE].map((id) => normalizeFile(`${SEEDS}/${id}.txt`).removed.length)).toEqual([7, 1, 11, 0]);
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

  it('warns about the damaged bytes of the Traditional report', () => {
    const doc = normalizeFile(`${SEEDS}/${LINHE}.txt`);
    expect(doc.warnings).toEqual(['4 damaged character sequences removed']);
    expect(doc.convertedFromTraditional).toBe(true);
    expect(bodyText(doc)).toContain('为完成好“两件大事”,实现“闯新路、进中游”目标提供坚强法治保障将临河区2024年法治政府建设情况报告如下');
  });

  it('decodes a GBK file', () => {
    const doc = normalizeFile(`${FIXTURES}/gbk-gulou.txt`);
    expect(doc.encoding).toBe('gb18030');
    expect(bodyText(doc)).toContain('(一)深化包容审慎监管。制定轻微违法行为免罚清单');
    expect(doc.facts.issuer).toBe('福州市鼓楼区人民政府');
  });

  it('decodes UTF-16 with a byte-order mark and UTF-8 with one', () => {
    expect(normalizeFile(`${FIXTURES}/utf16-gulou.txt`).encoding).toBe('utf-16le');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('第一条 为了规范行政执法。')]);
    expect(bodyText(normalizeDocument({ id: 'x', source: 'bom.txt', bytes: withBom }))).toBe('第一条 为了规范行政执法。');
  });

  it('refuses an empty file, a binary file and a file of boilerplate only, naming the file', () => {
    expect(refusal(new Uint8Array())).toBe('SOURCE_EMPTY: bad.txt: the file is empty');
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0x00, 0x12]))).toMatch(/^SOURCE_BINARY: bad\.txt: /);
    expect(refusal(new TextEncoder().encode('当前位置:首页 > 政务公开\n打印本页 关闭窗口\n'))).toBe(
      'SOURCE_NO_TEXT: bad.txt: no Chinese text is left once boilerplate is removed',
    );
  });
});
