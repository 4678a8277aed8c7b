import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { decodeBytes } from '../../src/normalize/decode';
import { FIXTURES } from '../helpers';

/** A report as portals publish it: mostly Han, with some ASCII digits and punctuation. */
const REPORT = [
  '关于测试县2023年度法治政府建设工作情况的报告',
  '发布时间：2024年1月25日　来源：县司法局',
  '一、2023年度推进法治政府建设的主要举措和成效',
  '（一）坚持包容审慎监管。全年办理“首违不罚”案件126件，减免罚款38.5万元；推行“双随机、一公开”监管，抽查企业1,024户。',
  '（二）深化“放管服”改革。政务服务事项网上可办率达98.6%，平均办理时限压缩至2.3个工作日（原为5个）。',
  '二、存在的不足和原因',
  '行政执法人员培训覆盖面不足，部分单位规范性文件备案审查不及时。',
].join('\n');

function refusal(bytes: Uint8Array): string {
  try {
    decodeBytes(bytes, 'x.txt');
  } catch (err) {
    if (err instanceof PolicySearchError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'decoded';
}

describe('decodeBytes', () => {
  it('keeps a UTF-8 report with one invalid byte as UTF-8, and says where the byte was (issue 14, item 13)', () => {
    const good = Buffer.from(REPORT, 'utf8');
    const at = good.indexOf(Buffer.from('全年办理'));
    const bytes = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);
    const decoded = decodeBytes(bytes, 'x.txt');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toBe(REPORT.replace('全年办理', '\ufffd全年办理'));
    expect(decoded.warnings).toEqual([`有 1 处字节不是有效的 UTF-8，已按损坏字符处理：第 4 行（第 ${at + 1} 字节）`]);
  });

  it('counts several invalid bytes and names the first positions', () => {
    const lines = REPORT.split('\n').map((line) => Buffer.from(line, 'utf8'));
    // A cut character (the first two bytes of 法) at the end of lines 1, 2, 3 and 5, and a lone 0x80 ending line 6.
    const cut = Buffer.from('法', 'utf8').subarray(0, 2);
    const damaged = lines.map((line, k) => ([0, 1, 2, 4].includes(k) ? Buffer.concat([line, cut]) : k === 5 ? Buffer.concat([line, Buffer.from([0x80])]) : line));
    const bytes = Buffer.concat(damaged.flatMap((line, k) => (k ? [Buffer.from('\n'), line] : [line])));
    const decoded = decodeBytes(bytes, 'x.txt');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text.split('\n').map((line) => line.endsWith('\ufffd'))).toEqual([true, true, true, false, true, true, false]);
    const offsets = [0, 1, 2, 4, 5].map((k) => damaged.slice(0, k + 1).reduce((n, line) => n + line.length + 1, 0) - (k === 5 ? 1 : 2));
    expect(decoded.warnings).toEqual([
      `有 5 处字节不是有效的 UTF-8，已按损坏字符处理：第 1 行（第 ${offsets[0]} 字节）、第 2 行（第 ${offsets[1]} 字节）、第 3 行（第 ${offsets[2]} 字节）等`,
    ]);
  });

  it('still reads a GBK file as GB18030, with no warning', () => {
    const decoded = decodeBytes(readFileSync(`${FIXTURES}/gbk-gulou.txt`), 'gbk.txt');
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('鼓楼区');
    expect(decoded.warnings).toEqual([]);
  });

  it('reads GBK text with a stray UTF-8 character as GB18030, not as UTF-8 with holes', () => {
    const gbk = readFileSync(`${FIXTURES}/gbk-gulou.txt`);
    const decoded = decodeBytes(Buffer.concat([gbk, Buffer.from('\n—', 'utf8')]), 'gbk.txt');
    expect(decoded.encoding).toBe('gb18030');
  });

  it('reads UTF-16 without a byte-order mark, whose ASCII makes only a few zero bytes (issue 14, item 14)', () => {
    const le = Buffer.from(REPORT, 'utf16le');
    const zeros = le.filter((b) => b === 0).length / le.length;
    expect(zeros).toBeGreaterThan(0.03);
    expect(zeros).toBeLessThan(0.1);
    expect(decodeBytes(le, 'le.txt')).toEqual({ text: REPORT, encoding: 'utf-16le', warnings: [] });
    const be = Buffer.from(le).swap16();
    expect(decodeBytes(be, 'be.txt')).toEqual({ text: REPORT, encoding: 'utf-16be', warnings: [] });
  });

  it('reads UTF-16 without a byte-order mark that holds no ASCII at all', () => {
    const text = '关于推进法治政府建设的实施意见。坚持包容审慎监管，深化行政执法体制改革。';
    expect(decodeBytes(Buffer.from(text, 'utf16le'), 'le.txt')).toEqual({ text, encoding: 'utf-16le', warnings: [] });
  });

  it('refuses binary data whatever the parity of its zero bytes', () => {
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16);
    expect(refusal(random)).toMatch(/^SOURCE_BINARY: /);
    // Zero bytes only at odd offsets, the rest random: the parity alone does not make it UTF-16.
    const oddZeros = random.map((b, i) => (i % 2 ? (i % 6 === 1 ? 0 : b || 1) : b || 1));
    expect(refusal(oddZeros)).toMatch(/^SOURCE_BINARY: /);
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]);
    expect(refusal(elf)).toMatch(/^SOURCE_BINARY: /);
  });
});
