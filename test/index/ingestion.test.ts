import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { FIXTURES, tempDir } from '../helpers';

describe('ingesting a folder of awkward files', () => {
  it('indexes the good ones and names each bad one with its reason', () => {
    const src = tempDir();
    const report = '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。全年办理免罚案件3件。\n';
    writeFileSync(join(src, 'a-utf8.txt'), report);
    writeFileSync(join(src, 'b-empty.txt'), '');
    writeFileSync(join(src, 'c-binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]));
    writeFileSync(join(src, 'd-gbk.txt'), require('node:fs').readFileSync(`${FIXTURES}/gbk-gulou.txt`));
    writeFileSync(join(src, 'e-huge.txt'), Buffer.alloc(10 * 1024 * 1024, '法治政府建设。\n'));
    writeFileSync(join(src, 'f-boilerplate.txt'), '当前位置:首页 > 政务公开 > 法治政府建设\n索引号:123 发布机构:某某县人民政府\n打印本页 关闭窗口\n');
    writeFileSync(join(src, 'g-crlf.txt'), report.replace(/\n/g, '\r\n'));
    const result = buildIndex({ inputs: [src] });
    expect(result.snapshot.docs.map((d) => d.id)).toEqual(['a-utf8', 'd-gbk', 'g-crlf']);
    expect(result.problems.map((p) => p.message)).toEqual([
      `${join(src, 'b-empty.txt')}: the file is empty`,
      `${join(src, 'c-binary.txt')}: binary data (zero bytes), not text`,
      `${join(src, 'e-huge.txt')}: 10.0 MB is over the 8 MB limit for one document`,
      `${join(src, 'f-boilerplate.txt')}: no Chinese text is left once boilerplate is removed`,
    ]);
    const [utf8, , crlf] = result.snapshot.docs;
    expect(crlf.sections.map((s) => s.paragraphs.map((p) => p.id))).toEqual(utf8.sections.map((s) => s.paragraphs.map((p) => p.id)));
  });

  it('skips a folder note, a portal page saved as .md and an .html page, each with its reason, and indexes none', () => {
    const src = tempDir();
    writeFileSync(join(src, 'a-report.txt'), '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。全年办理免罚案件3件。\n');
    writeFileSync(join(src, 'README.md'), '# 说明\n本文件夹收录测试县的报告。\n');
    writeFileSync(join(src, 'b-page.md'), '# 关于测试县2022年法治政府建设情况的报告\n正文。\n');
    writeFileSync(join(src, 'c-page.html'), '<html><body>法治政府建设</body></html>');
    const result = buildIndex({ inputs: [src] });
    expect(result.snapshot.docs.map((d) => d.id)).toEqual(['a-report']);
    expect(result.problems.map((p) => p.message)).toEqual([
      `${join(src, 'README.md')}: skipped, README.md describes the folder and is not one of its documents`,
      `${join(src, 'b-page.md')}: skipped, a Markdown page is not read as a document (save it as .txt to index it)`,
      `${join(src, 'c-page.html')}: skipped, an HTML page is not read as a document (save its text as .txt to index it)`,
    ]);
  });
});
