import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The real server (`src/server/main.ts`) in a child process on loopback, as `npm start` runs it. */
export interface ServerProcess {
  child: ChildProcess;
  /** Resolves with the server's base URL once it listens; rejects if it exits first. */
  listening: Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
  /** Resolves once fuzzy mode's term index has loaded in the background (the steady state), or after a minute. */
  warm: () => Promise<void>;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

const MAIN = fileURLToPath(new URL('../server/main.ts', import.meta.url));
/** tsx's loader by URL, so a child process finds it from any working folder. */
export const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Starts the server on 127.0.0.1 and a free port (PORT=0; the start line names the port) with the given
 * index folder and environment. `echo` copies its output to this process's.
 */
export function spawnServer(options: { indexDir: string; env?: Record<string, string>; echo?: boolean }): ServerProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', INDEX_DIR: options.indexDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const listening = new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (options.echo) process.stdout.write(chunk);
      const port = /^policy-search: .* on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exited.then((code) => reject(new Error(`the server exited with ${code} before listening:\n${output}`)));
  });
  // A caller that only awaits `exited` (a refused start) must not see an unhandled rejection.
  listening.catch(() => {});
  return {
    child,
    listening,
    exited,
    output: () => output,
    warm: async () => {
      const base = await listening;
      for (let i = 0; i < 600; i++) {
        const health = (await (await fetch(`${base}/api/health`)).json()) as { fuzzyReady: boolean };
        if (health.fuzzyReady) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
