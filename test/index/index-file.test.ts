import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { INDEX_FILE, INDEX_FORMAT, loadIndex, TERMS_FILE } from '../../src/index/index-file';
import { ensureIndex, rebuildIndex } from '../../src/index/index-lifecycle';
import { SEEDS, tempDir } from '../helpers';

function codeOf(work: () => unknown): string {
  try {
    work();
  } catch (err) {
    if (err instanceof PolicySearchError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('saved index', () => {
  it('round-trips: the loaded index holds what was built', () => {
    const dir = tempDir();
    const built = rebuildIndex(dir, [SEEDS], true).snapshot;
    const loaded = loadIndex(dir);
    expect(loaded.manifest).toEqual(built.manifest);
    expect(loaded.docs).toEqual(JSON.parse(JSON.stringify(built.docs)));
    expect(loaded.backend().stats()).toEqual(built.backend().stats());
  });

  it('reads the term index in the background, so a later fuzzy query finds it ready', async () => {
    const dir = tempDir();
    rebuildIndex(dir, [SEEDS], true);
    const loaded = loadIndex(dir);
    await loaded.preloadBackend();
    rmSync(join(dir, TERMS_FILE));
    expect(loaded.backend().stats().sections).toBe(73);
  });

  it('says the term index is damaged when it belongs to another build', () => {
    const dir = tempDir();
    rebuildIndex(dir, [SEEDS], true);
    const other = tempDir();
    rebuildIndex(other, [SEEDS], true);
    writeFileSync(join(dir, TERMS_FILE), readFileSync(join(other, TERMS_FILE)));
    expect(() => loadIndex(dir).backend()).toThrowError(`the index at ${join(dir, TERMS_FILE)} belongs to another build`);
  });

  it('recognises a missing, truncated or foreign-format index', () => {
    const dir = tempDir();
    expect(codeOf(() => loadIndex(dir))).toBe('INDEX_MISSING');
    rebuildIndex(dir, [SEEDS], true);
    const file = join(dir, INDEX_FILE);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, good.length / 2));
    expect(codeOf(() => loadIndex(dir))).toBe('INDEX_CORRUPT');
    writeFileSync(file, good.replace(`"format":${INDEX_FORMAT}`, '"format":0'));
    expect(codeOf(() => loadIndex(dir))).toBe('INDEX_VERSION_MISMATCH');
  });

  it('rebuilds a damaged index from its sources and says why', () => {
    const dir = tempDir();
    rebuildIndex(dir, [SEEDS], true);
    writeFileSync(join(dir, INDEX_FILE), '{"manifest":');
    const log: string[] = [];
    const snapshot = ensureIndex({ dir, log: (l) => log.push(l) });
    expect(snapshot.docs).toHaveLength(5);
    expect(log[0]).toBe(`index: the index at ${join(dir, INDEX_FILE)} is damaged (not valid JSON; truncated?); rebuilding from seeds`);
    expect(codeOf(() => loadIndex(dir))).toBe('ok');
  });

  it('refuses to start when the index is missing and its sources are too', () => {
    const dir = tempDir();
    expect(() => ensureIndex({ dir, sources: [join(dir, 'no-such-folder')] })).toThrowError(/cannot be rebuilt: .*no-such-folder not found/);
  });

  it('keeps the previous index when a rebuild finds nothing to index', () => {
    const dir = tempDir();
    rebuildIndex(dir, [SEEDS], true);
    const before = readFileSync(join(dir, INDEX_FILE), 'utf8');
    const empty = tempDir();
    writeFileSync(join(empty, 'empty.txt'), '');
    expect(() => rebuildIndex(dir, [empty], true)).toThrowError(/nothing was indexed from .*empty\.txt: the file is empty\); the previous index is kept/);
    expect(readFileSync(join(dir, INDEX_FILE), 'utf8')).toBe(before);
  });

  it('keeps the previous index when the new one cannot be written', () => {
    const dir = tempDir();
    rebuildIndex(dir, [SEEDS], true);
    const before = readFileSync(join(dir, INDEX_FILE), 'utf8');
    // A folder where the temporary file must go makes the write fail, for root as for anyone.
    mkdirSync(join(dir, `${INDEX_FILE}.${process.pid}.tmp`));
    expect(codeOf(() => rebuildIndex(dir, [SEEDS], true))).toBe('INDEX_BUILD_FAILED');
    expect(readFileSync(join(dir, INDEX_FILE), 'utf8')).toBe(before);
  });

  it('indexes the good files of a folder and reports the bad ones by name', () => {
    const dir = tempDir();
    const src = tempDir();
    writeFileSync(join(src, 'a-good.txt'), '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。全年办理免罚案件3件。');
    writeFileSync(join(src, 'b-empty.txt'), '');
    writeFileSync(join(src, 'c-binary.txt'), Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0, 7]));
    const result = rebuildIndex(dir, [src], true);
    expect(result.stats.documents).toBe(1);
    expect(result.problems.map((p) => p.message)).toEqual([
      `${join(src, 'b-empty.txt')}: the file is empty`,
      `${join(src, 'c-binary.txt')}: binary data (zero bytes), not text`,
    ]);
  });
});
