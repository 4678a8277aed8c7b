import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { readSources } from '../../src/index/sources';
import { FIXTURES, runCli, tempDir } from '../helpers';

describe('ingesting a folder of awkward files', () => {
  it('indexes the good ones and names each bad one with its reason', () => {
    const src = tempDir();
    const report = '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。全年办理免罚案件3件。\n';
    writeFileSync(join(src, 'a-utf8.txt'), report);
    writeFileSync(join(src, 'b-empty.txt'), '');
    writeFileSync(join(src, 'c-binary.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0]));
    writeFileSync(join(src, 'd-gbk.txt'), readFileSync(`${FIXTURES}/gbk-gulou.txt`));
    writeFileSync(join(src, 'e-huge.txt'), Buffer.alloc(10 * 1024 * 1024, '法治政府建设。\n'));
    writeFileSync(join(src, 'f-boilerplate.txt'), '当前位置:首页 > 政务公开 > 法治政府建设\n索引号:123 发布机构:某某县人民政府\n打印本页 关闭窗口\n');
    writeFileSync(join(src, 'g-crlf.txt'), report.replace(/\n/g, '\r\n'));
    const result = buildIndex({ inputs: [src] });
    expect(result.snapshot.docs.map((d) => d.id)).toEqual(['a-utf8', 'd-gbk', 'g-crlf']);
    // The size is refused from the file system, before reading, so first.
    expect(result.problems.map((p) => p.message)).toEqual([
      `${join(src, 'e-huge.txt')}: 10.0 MB is over the 8 MB limit for one document`,
      `${join(src, 'b-empty.txt')}: the file is empty`,
      `${join(src, 'c-binary.txt')}: binary data (zero bytes), not text`,
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

describe('ingesting files that are not regular files (issue 14, items 11 and 15)', () => {
  it('skips a FIFO, /dev/zero, a symlink loop, a folder and a clashing id, naming each, ignores a FIFO manifest, and indexes the rest', () => {
    const src = tempDir();
    const report = '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。全年办理免罚案件3件。\n';
    writeFileSync(join(src, 'a b.txt'), report);
    writeFileSync(join(src, 'a-b.txt'), report);
    writeFileSync(join(src, 'good.txt'), report);
    execFileSync('mkfifo', [join(src, 'fifo.txt')]);
    execFileSync('mkfifo', [join(src, 'manifest.tsv')]);
    symlinkSync('/dev/zero', join(src, 'zero.txt'));
    symlinkSync('loop.txt', join(src, 'loop.txt'));
    mkdirSync(join(src, 'folder.txt'));
    const out = tempDir();
    // In a child process: before the fix the FIFO blocked the indexer for ever and /dev/zero ate memory.
    const run = runCli('src/cli/index-cli.ts', [src, '--out', out, '--quiet'], { timeoutMs: 60_000 });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `skipped ${join(src, 'a-b.txt')}: document id a-b is taken by ${join(src, 'a b.txt')}; rename one of the files`,
      `skipped ${join(src, 'fifo.txt')}: a named pipe (FIFO), not a regular file`,
      `skipped ${join(src, 'folder.txt')}: a folder, not a regular file`,
      `skipped ${join(src, 'loop.txt')}: cannot be opened: a loop of symbolic links (ELOOP)`,
      `skipped ${join(src, 'zero.txt')}: a character device, not a regular file`,
      `note: ${join(src, 'manifest.tsv')}: a named pipe (FIFO), not a regular file; this manifest is ignored`,
    ]);
    expect(run.stdout).toMatch(/^indexed 2 documents, .* 5 skipped, /m);
  }, 90_000);

  it('refuses a FIFO given by name without waiting for a writer', () => {
    const src = tempDir();
    execFileSync('mkfifo', [join(src, 'fifo.txt')]);
    expect(readSources([join(src, 'fifo.txt')]).problems).toEqual([{ source: join(src, 'fifo.txt'), message: `${join(src, 'fifo.txt')}: a named pipe (FIFO), not a regular file` }]);
  });

  it('checks the size limit before reading a byte', () => {
    const src = tempDir();
    // Sparse: 4 GB on paper, nothing on disk; reading it first would take 4 GB of memory.
    writeFileSync(join(src, 'huge.txt'), '');
    truncateSync(join(src, 'huge.txt'), 4 * 1024 ** 3);
    expect(readSources([src]).problems.map((p) => p.message)).toEqual([`${join(src, 'huge.txt')}: 4096.0 MB is over the 8 MB limit for one document`]);
  });
});

describe('manifest.tsv problems (issue 14, item 15)', () => {
  const HEADER = 'file\ttitle\tregion\tyear\tissuer';
  const REPORT = '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。全年办理免罚案件3件。\n';

  function collection(manifest: string, files: string[]): string {
    const src = tempDir();
    for (const f of files) writeFileSync(join(src, f), REPORT);
    writeFileSync(join(src, 'manifest.tsv'), manifest);
    return src;
  }

  it('ignores a manifest without a file column, with a notice, and still indexes the folder', () => {
    const src = collection('name\ttitle\nx.txt\t某标题\n', ['x.txt']);
    const result = buildIndex({ inputs: [src] });
    expect(result.snapshot.docs.map((d) => d.id)).toEqual(['x']);
    expect(result.notices).toEqual([{ source: join(src, 'manifest.tsv'), message: `${join(src, 'manifest.tsv')}: the header has no 'file' column; this manifest is ignored` }]);
  });

  it('refuses a row with extra tabs and a row with an impossible year by name, and applies the others', () => {
    const src = collection(
      [HEADER, 'a.txt\t甲\t江苏省\t2023\t甲局', 'b.txt\t乙\t部\t分\t江苏省\t2023\t乙局', 'c.txt\t丙\t江苏省\t20233\t丙局', 'd.txt\t丁\t江苏省\t1800\t丁局', 'e.txt\t中華民國憲法\t台湾省\t1947\t'].join('\n'),
      ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'],
    );
    const sources = readSources([src]);
    const manifest = join(src, 'manifest.tsv');
    expect(sources.notices.map((n) => n.message)).toEqual([
      `${manifest} line 3 (b.txt): 7 cells for 5 columns (a tab inside a cell?); the row is ignored`,
      `${manifest} line 4 (c.txt): the year '20233' is not a year from 1900 to 2100; the row is ignored`,
      `${manifest} line 5 (d.txt): the year '1800' is not a year from 1900 to 2100; the row is ignored`,
    ]);
    expect(sources.documents.map((d) => [d.id, d.manifest?.title ?? null, d.manifest?.year ?? null])).toEqual([
      ['a', '甲', 2023],
      ['b', null, null],
      ['c', null, null],
      ['d', null, null],
      ['e', '中華民國憲法', 1947],
    ]);
  });
});

describe('npm run index arguments (issue 14, item 15)', () => {
  it('explains how to index a file whose name starts with "-", instead of a stack trace', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '-draft.txt'), '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。\n');
    const out = join(cwd, 'index');
    const refused = runCli('src/cli/index-cli.ts', ['--out', out, '-draft.txt'], { cwd });
    expect(refused.status).toBe(2);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stderr).toContain(`usage: npm run index -- [FOLDER or FILE …] [--out DIR] [--no-manifest] [--quiet] [-v]`);
    expect(refused.stderr).toContain('npm run index -- --out index -- -draft.txt');
    const indexed = runCli('src/cli/index-cli.ts', ['--out', out, '--quiet', '--', '-draft.txt'], { cwd });
    expect(indexed.status).toBe(0);
    expect(indexed.stdout).toMatch(/^indexed 1 documents, .* from -draft\.txt /m);
  }, 90_000);
});
