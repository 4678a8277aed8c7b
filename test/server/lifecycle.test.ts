import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILE, INDEX_FORMAT } from '../../src/index/index-file';
import { rebuildIndex } from '../../src/index/index-lifecycle';
import { tempDir } from '../helpers';

let nextPort = 3950 + Math.floor(Math.random() * 40);

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** The real server (src/server/main.ts) in a child process, on its own loopback port. */
function startServer(indexDir: string): Running {
  const port = nextPort++;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', INDEX_DIR: indexDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, port, output: () => output, exited };
}

async function waitForListening(server: Running): Promise<void> {
  for (let i = 0; i < 200 && !server.output().includes('policy-search: '); i++) await new Promise((r) => setTimeout(r, 50));
  expect(server.output()).toContain('policy-search: ');
}

/** A copy of the seeds and an index built from it, both in a temporary folder. */
function indexedCopy(): { sources: string; index: string } {
  const root = tempDir();
  const sources = join(root, 'seeds');
  cpSync('seeds', sources, { recursive: true });
  const index = join(root, 'index');
  rebuildIndex(index, [sources], true);
  return { sources, index };
}

describe('the server process', () => {
  it('says in one line that a damaged index is rebuilt from its sources, then serves', async () => {
    const { index } = indexedCopy();
    writeFileSync(join(index, INDEX_FILE), '{"manifest": {"format": 1, "bac');
    const server = startServer(index);
    await waitForListening(server);
    expect(server.output().split('\n').filter((l) => l.startsWith('index: '))[0]).toMatch(/^index: the index at .* is damaged \(not valid JSON; truncated\?\); rebuilding from .*seeds$/);
    const res = await fetch(`http://127.0.0.1:${server.port}/api/search?q=包容审慎`);
    expect((await res.json()).total).toBe(4);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 30_000);

  it('refuses to start, with a message, when the index is of another format and its sources are gone', async () => {
    const root = tempDir();
    const sources = join(root, 'gone');
    cpSync('seeds', sources, { recursive: true });
    const index = join(root, 'index');
    rebuildIndex(index, [sources], true);
    writeFileSync(join(index, INDEX_FILE), JSON.stringify({ manifest: { format: 99, inputs: [sources] } }));
    const { rmSync } = await import('node:fs');
    rmSync(sources, { recursive: true });
    const server = startServer(index);
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`policy-search cannot start: the index at ${join(index, INDEX_FILE)} has format 99; this version reads format ${INDEX_FORMAT}, and it cannot be rebuilt: ${sources} not found`);
  }, 30_000);

  it('lets requests in flight finish on SIGTERM, then exits 0', async () => {
    const { index } = indexedCopy();
    const server = startServer(index);
    await waitForListening(server);
    // Ten requests fully on the wire (raw sockets, so no client-side queueing) before the signal is sent.
    const path = `/api/search?q=${encodeURIComponent('法治')}&size=100`;
    const sockets = await Promise.all(
      Array.from({ length: 10 }, () => {
        const socket = connect(server.port, '127.0.0.1');
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
    await expect(fetch(`http://127.0.0.1:${server.port}/api/health`)).rejects.toThrow();
  }, 30_000);
});
