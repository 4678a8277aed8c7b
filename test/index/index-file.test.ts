import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { decodeUtf8, INDEX_FILE, INDEX_FORMAT, loadIndex, MANIFEST_FILE, tempName, TERMS_FILE } from '../../src/index/index-file';
import { ensureIndex, rebuildIndex } from '../../src/index/index-lifecycle';
import { LOCK_FILE } from '../../src/index/index-lock';
import { runCli, SEEDS, tempDir } from '../helpers';

/** What a refusal says (its code or its message), or 'ok' when the work succeeds. */
function refusalOf(work: () => unknown, part: 'code' | 'message'): string {
  try {
    work();
  } catch (err) {
    if (err instanceof PolicySearchError) return err[part];
    throw err;
  }
  return 'ok';
}
const codeOf = (work: () => unknown) => refusalOf(work, 'code');
const messageOf = (work: () => unknown) => refusalOf(work, 'message');

/** A seeds index in a fresh folder. */
function seedIndex(): string {
  const dir = tempDir();
  rebuildIndex(dir, [SEEDS], true);
  return dir;
}

/**
 * Rewrites policy-index.json as `change` leaves it and records its new checksum (and any manifest change) in
 * manifest.json, as a writer would: only the shape check stands between such a file and the engine.
 */
function rewriteIndex(dir: string, change: (index: { manifest: Record<string, unknown>; docs: unknown[] }) => void): void {
  const index = JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8'));
  change(index);
  const body = JSON.stringify(index);
  writeFileSync(join(dir, INDEX_FILE), body);
  const saved = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  const files = { ...saved.files, [INDEX_FILE]: { sha256: createHash('sha256').update(body).digest('hex') } };
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ ...index.manifest, files }));
}

/** The PID of a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
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
    const dir = seedIndex();
    const loaded = loadIndex(dir);
    await loaded.preloadBackend();
    rmSync(join(dir, TERMS_FILE));
    expect(loaded.backend().stats().sections).toBe(73);
  });

  it('recognises a missing, truncated or foreign-format index', () => {
    const dir = tempDir();
    expect(codeOf(() => loadIndex(dir))).toBe('INDEX_MISSING');
    rebuildIndex(dir, [SEEDS], true);
    const file = join(dir, INDEX_FILE);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, good.length / 2));
    expect(messageOf(() => loadIndex(dir))).toBe(`索引已损坏：${INDEX_FILE} 的校验和与 ${MANIFEST_FILE} 不符（文件被改动或截断）`);
    writeFileSync(file, good);
    const saved = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
    writeFileSync(join(dir, MANIFEST_FILE), saved.replace(`"format": ${INDEX_FORMAT}`, '"format": 0'));
    expect(codeOf(() => loadIndex(dir))).toBe('INDEX_VERSION_MISMATCH');
  });

  it('rebuilds a damaged index from its sources and says why in one line', () => {
    const dir = seedIndex();
    writeFileSync(join(dir, INDEX_FILE), '{"manifest":');
    const log: string[] = [];
    const snapshot = ensureIndex({ dir, log: (l) => log.push(l) });
    expect(snapshot.docs).toHaveLength(5);
    expect(log[0]).toBe(`index: ${dir}：索引已损坏：${INDEX_FILE} 的校验和与 ${MANIFEST_FILE} 不符（文件被改动或截断）；从 seeds 重建`);
    expect(codeOf(() => loadIndex(dir))).toBe('ok');
  });

  it('refuses to start when the index is missing and its sources are too', () => {
    const dir = tempDir();
    expect(() => ensureIndex({ dir, sources: [join(dir, 'no-such-folder')] })).toThrowError(/无法重建：找不到 .*no-such-folder$/);
  });

  it('keeps the previous index when a rebuild finds nothing to index', () => {
    const dir = seedIndex();
    const before = readFileSync(join(dir, INDEX_FILE), 'utf8');
    const empty = tempDir();
    writeFileSync(join(empty, 'empty.txt'), '');
    expect(() => rebuildIndex(dir, [empty], true)).toThrowError(/没有建成任何文档（.*empty\.txt: the file is empty）；原有索引保持不变/);
    expect(readFileSync(join(dir, INDEX_FILE), 'utf8')).toBe(before);
  });

  it('keeps the previous index when the new one cannot be written', () => {
    const dir = seedIndex();
    const before = readFileSync(join(dir, INDEX_FILE), 'utf8');
    // A folder where the temporary file must go makes the write fail, for root as for anyone.
    mkdirSync(join(dir, tempName(INDEX_FILE)));
    expect(messageOf(() => rebuildIndex(dir, [SEEDS], true))).toBe(`无法写入索引文件 ${INDEX_FILE}（EISDIR）；原有索引保持不变`);
    expect(readFileSync(join(dir, INDEX_FILE), 'utf8')).toBe(before);
    expect(codeOf(() => loadIndex(dir))).toBe('ok');
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

describe('a half-replaced index (issue 14, item 5)', () => {
  it('is caught at start and rebuilt when a build died between its renames', () => {
    const dir = seedIndex();
    const other = seedIndex();
    // The new build renamed terms.json and policy-index.json into place, then died before manifest.json.
    for (const name of [TERMS_FILE, INDEX_FILE]) writeFileSync(join(dir, name), readFileSync(join(other, name)));
    const otherId = loadIndex(other).manifest.buildId;
    const log: string[] = [];
    const snapshot = ensureIndex({ dir, log: (l) => log.push(l) });
    expect(log[0]).toMatch(new RegExp(`^index: .*：索引已损坏：${INDEX_FILE} 来自另一次构建（${otherId}，${MANIFEST_FILE} 记的是 [0-9a-f]{16}；上次构建可能中途中断）；从 seeds 重建$`));
    expect(snapshot.backend().stats().sections).toBe(73);
    expect(loadIndex(dir).backend().stats().sections).toBe(73);
  });

  it('is caught when only the term index of another build is in place', () => {
    const dir = seedIndex();
    const other = seedIndex();
    writeFileSync(join(dir, TERMS_FILE), readFileSync(join(other, TERMS_FILE)));
    expect(messageOf(() => loadIndex(dir))).toMatch(new RegExp(`^索引已损坏：${TERMS_FILE} 来自另一次构建`));
  });

  it('refuses a second build into a folder while another process builds there, naming its PID', async () => {
    const dir = seedIndex();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, LOCK_FILE), `${holder.pid}\n`);
      expect(messageOf(() => rebuildIndex(dir, [SEEDS], true, undefined, 300))).toBe(
        `索引目录正由进程 ${holder.pid} 写入（锁文件 ${LOCK_FILE}）；请等它结束后再试。若该进程已不是建索引的进程，删除 ${LOCK_FILE} 即可`,
      );
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.once('exit', resolve));
    // Its holder gone, the lock is stale and taken over; the build then releases it.
    expect(codeOf(() => rebuildIndex(dir, [SEEDS], true))).toBe('ok');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of a build that was killed', () => {
    const dir = seedIndex();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    expect(codeOf(() => rebuildIndex(dir, [SEEDS], true))).toBe('ok');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('leaves one consistent index when two indexers run into one folder at once', async () => {
    const dir = tempDir();
    const runs = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index-cli.ts', SEEDS, '--out', dir, '--quiet']);
            let stderr = '';
            child.stderr.on('data', (c) => (stderr += c));
            child.once('exit', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    expect(runs.some((r) => r.code === 0)).toBe(true);
    for (const r of runs.filter((r) => r.code !== 0)) expect(r.stderr).toMatch(/^index: 索引目录正由进程 \d+ 写入/);
    expect(loadIndex(dir).backend().stats().sections).toBe(73);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_FILE, INDEX_FILE, TERMS_FILE].sort());
  }, 60_000);
});

describe('an index of the wrong shape (issue 14, item 6)', () => {
  it.each([
    ['docs: [{}]', (i: { manifest: Record<string, unknown>; docs: unknown[] }) => ((i.docs = [{}]), ((i.manifest.counts as { documents: number }).documents = 1)), 'docs[0].id：'],
    ['docs: [null]', (i: { manifest: Record<string, unknown>; docs: unknown[] }) => ((i.docs = [null]), ((i.manifest.counts as { documents: number }).documents = 1)), 'docs[0]：'],
    ['a string inputs', (i: { manifest: Record<string, unknown> }) => (i.manifest.inputs = SEEDS), 'inputs：'],
    ['a region without path', (i: { docs: unknown[] }) => delete (i.docs[0] as { region: { path?: unknown } }).region.path, 'docs[0].region.path：'],
    ['a paragraph without norm', (i: { docs: unknown[] }) => delete (i.docs[0] as { sections: Array<{ paragraphs: Array<{ norm?: string }> }> }).sections[1].paragraphs[0].norm, 'docs[0].sections[1].paragraphs[0]：'],
  ])('treats %s as damage: one log line, then a rebuild from the sources', (_name, change, where) => {
    const dir = seedIndex();
    rewriteIndex(dir, change as never);
    const log: string[] = [];
    const snapshot = ensureIndex({ dir, sources: [SEEDS], log: (l) => log.push(l) });
    expect(snapshot.docs).toHaveLength(5);
    expect(log[0]).toContain('的结构不对（');
    expect(log[0]).toContain(where);
    expect(log[0]).toMatch(/；从 seeds 重建$/);
    expect(codeOf(() => loadIndex(dir))).toBe('ok');
  });

  it('loads an index whose records carry optional fields it does not know', () => {
    const dir = seedIndex();
    rewriteIndex(dir, (i) => {
      const doc = i.docs[0] as { extra?: number; sections: Array<{ paragraphs: Array<{ topics?: string[] }> }> };
      doc.extra = 1;
      doc.sections[0].paragraphs[0].topics = ['行政执法'];
    });
    expect(codeOf(() => loadIndex(dir))).toBe('ok');
  });
});

describe('index integrity (issue 14, item 7)', () => {
  it('detects a one-character edit of the documents and rebuilds', () => {
    const dir = seedIndex();
    const file = join(dir, INDEX_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('包容审慎', '包容謹慎'));
    const log: string[] = [];
    ensureIndex({ dir, log: (l) => log.push(l) });
    expect(log[0]).toBe(`index: ${dir}：索引已损坏：${INDEX_FILE} 的校验和与 ${MANIFEST_FILE} 不符（文件被改动或截断）；从 seeds 重建`);
    expect(readFileSync(file, 'utf8')).toContain('包容审慎');
  });

  it('detects a one-character edit of the term index at load, before any fuzzy query', () => {
    const dir = seedIndex();
    const file = join(dir, TERMS_FILE);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('执法');
    writeFileSync(file, text.slice(0, at) + '扶' + text.slice(at + 1));
    expect(messageOf(() => loadIndex(dir))).toBe(`索引已损坏：${TERMS_FILE} 的校验和与 ${MANIFEST_FILE} 不符（文件被改动或截断）`);
  });

  it('detects an edit of manifest.json itself', () => {
    const dir = seedIndex();
    const file = join(dir, MANIFEST_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"documents": 5', '"documents": 6'));
    expect(codeOf(() => loadIndex(dir))).toBe('INDEX_CORRUPT');
  });
});

describe('a stale index that cannot be rewritten (issue 14, item 8)', () => {
  /** An index of a copy of the seeds, and then a file added to the copy. */
  function staleIndex() {
    const root = tempDir();
    const sources = join(root, 'seeds');
    cpSync(SEEDS, sources, { recursive: true });
    const dir = join(root, 'index');
    const built = rebuildIndex(dir, [sources], true).snapshot;
    writeFileSync(join(sources, 'new.txt'), '关于测试县2023年法治政府建设情况的报告\n一、主要工作\n(一)推进包容审慎监管。\n');
    return { dir, built };
  }

  it('is served with a warning when the disk refuses the rebuilt one', () => {
    const { dir, built } = staleIndex();
    // Writing the first file fails, as on a full or read-only disk.
    mkdirSync(join(dir, tempName(TERMS_FILE)));
    const log: string[] = [];
    const snapshot = ensureIndex({ dir, log: (l) => log.push(l) });
    expect(snapshot.manifest.buildId).toBe(built.manifest.buildId);
    expect(snapshot.docs).toHaveLength(5);
    expect(log.at(-1)).toBe(`index: 警告：未能重建（无法写入索引文件 ${TERMS_FILE}（EISDIR）；原有索引保持不变）；继续使用 ${built.manifest.builtAt} 构建的索引`);
  });

  it('is served with a warning while another process holds the folder', async () => {
    const { dir, built } = staleIndex();
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, LOCK_FILE), `${holder.pid}\n`);
      const log: string[] = [];
      expect(ensureIndex({ dir, lockWaitMs: 200, log: (l) => log.push(l) }).manifest.buildId).toBe(built.manifest.buildId);
      expect(log.at(-1)).toMatch(new RegExp(`^index: 警告：未能重建（索引目录正由进程 ${holder.pid} 写入`));
    } finally {
      holder.kill();
    }
  });
});

describe('temporary files of a killed build (issue 14, item 9)', () => {
  it('are removed at the next start when their writer is dead, and kept while it runs', () => {
    const dir = seedIndex();
    const dead = deadPid();
    const stale = [tempName(TERMS_FILE, dead), tempName(INDEX_FILE, dead), tempName(LOCK_FILE, dead)];
    for (const name of stale) writeFileSync(join(dir, name), '{"half":');
    const live = tempName(INDEX_FILE, process.pid);
    writeFileSync(join(dir, live), '{"half":');
    writeFileSync(join(dir, 'notes.123.tmp'), 'not ours');
    const log: string[] = [];
    ensureIndex({ dir, log: (l) => log.push(l) });
    expect(log).toEqual([`index: 删除了中断的构建留下的临时文件 ${[...stale].sort().join('、')}`]);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST_FILE, 'notes.123.tmp', INDEX_FILE, live, TERMS_FILE].sort());
  });
});

describe('an empty custom index folder (issue 14, item 10)', () => {
  it('refuses to start and says how to build it, instead of filling it with the seeds', () => {
    const dir = join(tempDir(), 'custom-index');
    expect(messageOf(() => ensureIndex({ dir }))).toBe(
      `索引目录 ${dir}：没有索引（缺少 ${INDEX_FILE} 和 ${MANIFEST_FILE}）。请先建立索引：npm run index -- 源文件目录 --out ${dir}`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('still rebuilds a custom folder from the sources its manifest names', () => {
    const dir = seedIndex();
    rmSync(join(dir, INDEX_FILE));
    rmSync(join(dir, TERMS_FILE));
    expect(ensureIndex({ dir }).docs).toHaveLength(5);
  });
});

describe('npm run index into a locked folder', () => {
  it('says which process holds it', () => {
    const dir = seedIndex();
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
    const run = runCli('src/cli/index-cli.ts', [SEEDS, '--out', dir, '--quiet']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`index: 索引目录正由进程 ${process.pid} 写入（锁文件 ${LOCK_FILE}）；请等它结束后再试。若该进程已不是建索引的进程，删除 ${LOCK_FILE} 即可\n`);
  });
});

describe('an index file over 512 MB (corpora ×10 could not be loaded: ERR_STRING_TOO_LONG)', () => {
  it('decodes text cut anywhere inside a character, chunk by chunk, as one piece would', () => {
    const text = '包容审慎𠀀监管，Ａ1'.repeat(1000);
    for (const chunk of [1, 2, 7, 64]) expect(decodeUtf8(Buffer.from(text), chunk)).toBe(text);
  });

  it('reads 540 MB of Chinese text that Buffer#toString refuses', () => {
    const bytes = Buffer.alloc(540 << 20, '法');
    expect(() => bytes.toString('utf8')).toThrow();
    const text = decodeUtf8(bytes);
    expect(text.length).toBe((540 << 20) / 3);
    expect(text.slice(-2)).toBe('法法');
  });
});
