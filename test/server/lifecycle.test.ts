import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../../src/cli/server-process';
import { INDEX_FILE, INDEX_FORMAT, loadIndex, MANIFEST_FILE, TERMS_FILE } from '../../src/index/index-file';
import { rebuildIndex } from '../../src/index/index-lifecycle';
import { LocalSearcher } from '../../src/search/local/local-searcher';
import { createApp } from '../../src/server/create-app';
import { listenOnLoopback, tempDir } from '../helpers';

/** A copy of the seeds and an index built from it, both in a temporary folder. */
function indexedCopy(): { sources: string; index: string } {
  const root = tempDir();
  const sources = join(root, 'seeds');
  cpSync('seeds', sources, { recursive: true });
  const index = join(root, 'index');
  rebuildIndex(index, [sources], true);
  return { sources, index };
}

/**
 * Sends `head` and then, a byte every 200 ms, `trickle` (a client on a bad line, or a slowloris), and
 * waits at most `patienceMs` for the server to answer and close. Resolves with what it answered, or null.
 */
function sendSlowly(url: string, head: string, trickle: string, patienceMs: number): Promise<string | null> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let reply = '';
  let sent = 0;
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => (reply += chunk));
  socket.on('error', () => {});
  const drip = setInterval(() => {
    if (sent < trickle.length && !socket.destroyed) socket.write(trickle[sent++]);
  }, 200);
  socket.on('connect', () => socket.write(head));
  return new Promise((resolve) => {
    const giveUp = setTimeout(() => finish(null), patienceMs);
    socket.on('close', () => finish(reply));
    function finish(result: string | null) {
      clearInterval(drip);
      clearTimeout(giveUp);
      socket.destroy();
      resolve(result);
    }
  });
}

describe('the server process', () => {
  it('says in one line that a damaged index is rebuilt from its sources, then serves', async () => {
    const { index, sources } = indexedCopy();
    writeFileSync(join(index, INDEX_FILE), '{"manifest": {"format": 1, "bac');
    const server = spawnServer({ indexDir: index });
    const url = await server.listening;
    expect(server.output().split('\n').filter((l) => l.startsWith('index: '))[0]).toBe(
      `index: ${index}：索引已损坏：${INDEX_FILE} 的校验和与 ${MANIFEST_FILE} 不符（文件被改动或截断）；从 ${sources} 重建`,
    );
    const res = await fetch(`${url}/api/search?q=包容审慎`);
    expect((await res.json()).total).toBe(4);
    expect(await server.stop()).toBe(0);
  }, 30_000);

  it('refuses to start, with a message, when the index is of another format and its sources are gone', async () => {
    const { index, sources } = indexedCopy();
    const saved = JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8'));
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify({ ...saved, format: 99 }));
    rmSync(sources, { recursive: true });
    const server = spawnServer({ indexDir: index });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`policy-search cannot start: 索引目录 ${index}：索引格式为 99，本版本读取格式 ${INDEX_FORMAT}；无法重建：找不到 ${sources}\n`);
  }, 30_000);

  it('refuses to start in an empty custom index folder and says how to build one (issue 14, item 10)', async () => {
    const index = join(tempDir(), 'custom');
    const server = spawnServer({ indexDir: index });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`请先建立索引：npm run index -- 源文件目录 --out ${index}\n`);
  }, 30_000);

  it('lets requests in flight finish on SIGTERM, then exits 0', async () => {
    const { index } = indexedCopy();
    const server = spawnServer({ indexDir: index });
    const url = await server.listening;
    const { port } = new URL(url);
    // Ten requests fully on the wire (raw sockets, so no client-side queueing) before the signal is sent.
    const path = `/api/search?q=${encodeURIComponent('法治')}&size=100`;
    const sockets = await Promise.all(
      Array.from({ length: 10 }, () => {
        const socket = connect(Number(port), '127.0.0.1');
        let reply = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => (reply += chunk));
        const done = new Promise<string>((resolve) => socket.on('close', () => resolve(reply)));
        return new Promise<Promise<string>>((resolve) =>
          socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, () => resolve(done))),
        );
      }),
    );
    server.child.kill('SIGTERM');
    const replies = await Promise.all(sockets);
    expect(replies.map((r) => r.split('\r\n')[0])).toEqual(Array(10).fill('HTTP/1.1 200 OK'));
    for (const r of replies) expect(JSON.parse(r.slice(r.indexOf('\r\n\r\n') + 4)).total).toBe(47);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('policy-search: SIGTERM, finishing requests in flight');
    // After the signal, the server takes no new connections.
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  }, 30_000);
});

describe('request timeouts (issue 14, item 3)', () => {
  it('closes a socket whose request trickles in at the configured limit instead of after 300 s', async () => {
    const { index } = indexedCopy();
    const server = spawnServer({ indexDir: index, env: { REQUEST_TIMEOUT_MS: '1000' } });
    const url = await server.listening;
    try {
      // Headers that trickle in (slowloris): 408, and the socket closed, long before the 80 s the client needs.
      const headers = await sendSlowly(url, 'GET /api/health HTTP/1.1\r\n', 'X-Slow: '.padEnd(400, 'y'), 20_000);
      expect(headers?.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
      // A body that trickles in: the route answers at once, and the socket still closes at the limit.
      const body = 'q='.padEnd(400, 'x');
      const reply = await sendSlowly(url, `POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${body.length}\r\n\r\n`, body, 20_000);
      expect(reply).not.toBeNull();
      // A normal request is unaffected.
      expect((await fetch(`${url}/api/search?q=包容审慎`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('refuses a REQUEST_TIMEOUT_MS that is not a number of milliseconds', async () => {
    const { index } = indexedCopy();
    const server = spawnServer({ indexDir: index, env: { REQUEST_TIMEOUT_MS: '30s' } });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('policy-search cannot start: REQUEST_TIMEOUT_MS 应为正整数（毫秒），现为“30s”');
  }, 30_000);
});

describe('error answers (issue 14, item 4)', () => {
  it('name the damaged file relative to the index folder, in Chinese, never the server path', async () => {
    const { index } = indexedCopy();
    // A term file that passes its checksum but cannot be loaded: what a faulty writer would leave.
    const body = JSON.stringify({ buildId: loadIndex(index).manifest.buildId, backend: null });
    writeFileSync(join(index, TERMS_FILE), body);
    const saved = JSON.parse(readFileSync(join(index, MANIFEST_FILE), 'utf8'));
    saved.files[TERMS_FILE].sha256 = createHash('sha256').update(body).digest('hex');
    writeFileSync(join(index, MANIFEST_FILE), JSON.stringify(saved));
    const searcher = new LocalSearcher(loadIndex(index));
    const served = await listenOnLoopback(createApp({ searcher: () => searcher }));
    try {
      const res = await fetch(`${served.url}/api/search?q=${encodeURIComponent('执法 监督')}&mode=fuzzy`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: { code: 'INDEX_CORRUPT', message: `索引已损坏：${TERMS_FILE} 无法载入（TypeError）` } });
    } finally {
      await served.close();
    }
  });
});
