import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { LOAD_MIX } from './request-mix';
import { spawnServer } from './server-process';

/**
 * `npm run audit [-- --index DIR --requests 60000 --connections 200 --seconds 20 --exports 20 --seed 1]`:
 * an adversarial check of the real server on loopback. (1) hostile requests (raw bytes in paths and
 * queries, bad percent-encodings, traversal attempts, huge and odd parameters, odd methods and headers,
 * malformed HTTP on raw sockets), counted by status class, with 5xx, unanswered requests, timeouts and a
 * crash as findings; (2) autocannon with many connections on the normal mix; (3) plain searches while
 * parallel maximal CSV exports run. Bounded in count and time; prints numbers.
 */
const { values } = parseArgs({
  options: {
    index: { type: 'string', default: 'index' },
    requests: { type: 'string', default: '60000' },
    concurrency: { type: 'string', default: '32' },
    connections: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    exports: { type: 'string', default: '20' },
    'export-seconds': { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
  },
});
const REQUEST_TIMEOUT_MS = 10_000;

/** A request to send: through the HTTP client, or as raw bytes on a socket of its own. */
interface Hostile {
  method: string;
  /** Latin-1 string: each character is one byte of the request target. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  raw?: Buffer;
}
type Outcome = '2xx' | '3xx' | '4xx' | '5xx' | 'no answer' | 'timeout';

/** Deterministic, so a finding can be replayed with the same --seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hostileRequests(seed: number, docIds: string[]): () => Hostile {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

  // Percent-encoded raw bytes: invalid UTF-8, NULs, lone surrogate halves reach the server as sent.
  const rawBytes = (n: number) => times(int(n), () => `%${int(256).toString(16).padStart(2, '0')}`).join('');
  // Unencoded bytes 0x21–0xFF straight in the request target.
  const latin1 = (n: number) => times(int(n), () => String.fromCharCode(0x21 + int(0xdf))).join('');
  const TEXT_UNITS = [...'包容审慎法治政府執法监督江苏省"“”()（）-!|&:title OR AND　<>\'`;{}[]%\\/', '\u0000', '\u202e', '\ud800', '\uffff', 'ǎ', '\u3000'];
  const text = (n: number) => encodeURIComponent(times(int(n), () => pick(TEXT_UNITS)).join('').replace(/[\ud800-\udfff]/g, '\ufffd'));
  const ODD_VALUES = ['', '0', '-1', '1e9', '1e308', 'NaN', 'Infinity', '99999999999999999999', '2023', '2021-2023', '2023-2021', '0-9999', '江苏省', '320600', '000000',
    'fuzzy', 'exact', 'regex', 'year', 'date', 'relevance', 'document', 'section', 'csv', 'xlsx', 'json', '%', '%zz', '%c3', '%ed%a0%80', '%c0%af', '%00', '%%32%65', '[]', '{}', '__proto__', 'constructor'];
  const PARAMS = ['q', 'q', 'q', 'q', 'region', 'year', 'topic', 'part', 'kind', 'mode', 'sort', 'page', 'size', 'format', 'group', 'q[]', 'q[a]', 'size[]', '__proto__', 'constructor[prototype][x]', ''];
  const value = (): string => {
    const k = int(20);
    if (k < 5) return rawBytes(60);
    if (k < 8) return latin1(40);
    if (k < 13) return text(80);
    if (k < 19) return pick(ODD_VALUES);
    return text(3000);
  };
  const query = () => times(int(6), () => `${pick(PARAMS)}=${value()}`).join('&');
  const ids = [...docIds, '', '.', '..', '%2e%2e', '..%2f..%2fpackage.json', 'x'.repeat(101), '法'.repeat(100), '%00', 'a%2fb', latin1(30), rawBytes(30)];
  const TRAVERSALS = ['/../../../../etc/passwd', '/doc/../../package.json', '/static/../../package.json', '/static/..%2f..%2fpackage.json', '/static/%2e%2e/%2e%2e/src/server/main.ts',
    '/static/app.css%00.js', '/static/%c0%ae%c0%ae/%c0%ae%c0%ae/package.json', '/%2e%2e/%2e%2e/index/policy-index.json', '//etc/passwd', '/static//etc/passwd', '/index/policy-index.json',
    '/views/search.ejs', '/.git/config', '/node_modules/express/package.json', '/static/..\\..\\package.json', '/api/../../package.json', '/doc/%252e%252e%252fpackage.json'];
  const targets: Array<[number, () => string]> = [
    [30, () => `/api/search?${query()}`],
    [8, () => `/?${query()}`],
    [6, () => `/compare?${query()}`],
    [8, () => `/doc/${pick(ids)}?${query()}`],
    [5, () => `/api/docs/${pick(ids)}`],
    [3, () => '/api/docs'],
    [5, () => `/${latin1(40)}`],
    [5, () => `/api/${latin1(20)}?${query()}`],
    [6, () => pick(TRAVERSALS)],
    [3, () => `/static/${pick(['app.css', 'app.js', 'none.css', latin1(12), rawBytes(12)])}`],
    [2, () => `/api/search?${'q=法&'.repeat(1 + int(3000))}`],
    [2, () => `/api/search?q=${'%E6%B3%95'.repeat(1 + int(3000))}`],
    [2, () => `/api/search?format=csv&${query()}`],
    [2, () => '/api/health'],
  ];
  const weight = targets.reduce((n, [w]) => n + w, 0);
  const target = () => {
    let k = int(weight);
    for (const [w, make] of targets) if ((k -= w) < 0) return make();
    return '/';
  };
  const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'PROPFIND'];
  const HEADER_SETS: Array<() => Record<string, string>> = [
    () => ({}),
    () => ({ 'content-type': 'application/json' }),
    () => ({ 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', host: 'evil.example' }),
    () => ({ range: 'bytes=0-99999999', 'if-none-match': '*' }),
    () => ({ 'x-long': 'x'.repeat(int(20_000)) }),
    () => ({ cookie: latin1(200), 'accept-language': latin1(100) }),
    () => ({ 'content-type': 'application/x-www-form-urlencoded; charset=gbk' }),
  ];
  const RAW: Array<() => string | Buffer> = [
    () => `GET /api/search?q=\u0000\u0001\u007f HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    () => `GET /api/search?q=a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    () => 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
    () => 'POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n',
    () => 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
    () => 'GET /\r\n\r\n',
    () => 'GET / HTTP/1.1\r\nHost: x\r\nX-Split: a\rb\r\nConnection: close\r\n\r\n',
    () => 'GET http://evil.example/api/search?q=a HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
    () => `GET /doc/..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    () => Buffer.concat([Buffer.from('GET /api/search?q='), Buffer.from(times(1 + int(200), () => int(256))), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]),
    () => Buffer.concat([Buffer.from('GET /doc/'), Buffer.from('包容审慎', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]),
    () => Buffer.concat([Buffer.from(times(1 + int(500), () => int(256))), Buffer.from('\r\n\r\n')]),
    () => `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    () => `GET / HTTP/1.1\r\nHost: x\r\n${times(200, () => `X-H${int(1e6)}: 1`).join('\r\n')}\r\nConnection: close\r\n\r\n`,
    () => 'GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n',
    () => 'GET /api/search?q=%E6%B3%95 HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n',
  ];
  return () => {
    if (int(100) < 6) {
      const raw = pick(RAW)();
      return { method: 'RAW', path: '', raw: typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw };
    }
    const method = pick(METHODS);
    const body = method === 'GET' || method === 'HEAD' ? undefined : pick(['{"q":"包容审慎"}', '{"q":', latin1(300), 'q=%zz&size=1e9', '']);
    // Framed, or the client sends a DELETE's body unframed and the server reads it as the next request.
    const headers = { ...pick(HEADER_SETS)(), ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) };
    return { method, path: target(), headers, body };
  };
}

function classify(status: number | undefined): Outcome {
  if (!status) return 'no answer';
  return `${Math.floor(status / 100)}xx` as Outcome;
}

/** Beyond this a request goes on a raw socket: the server answers 431 and resets while the client still writes. */
const RAW_ABOVE_BYTES = 8_000;

/**
 * Sends one request through the HTTP client on kept-alive sockets; raw and oversized ones on a socket of
 * their own. A reset on a reused socket is the keep-alive race every client knows (the server closed it as
 * the request left), so that request is sent once more; a reset on a fresh socket is a finding.
 */
function send(base: URL, agent: http.Agent, req: Hostile, retry = true): Promise<Outcome> {
  const size = req.path.length + Object.entries(req.headers ?? {}).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  if (req.raw || size > RAW_ABOVE_BYTES) return sendRaw(base, req.raw ?? asRaw(req));
  return new Promise((resolve) => {
    let request: http.ClientRequest;
    try {
      request = http.request(
        { host: base.hostname, port: base.port, method: req.method, path: req.path, headers: req.headers, agent, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          res.resume();
          res.on('end', () => resolve(classify(res.statusCode)));
          res.on('error', () => resolve(classify(res.statusCode)));
        },
      );
    } catch {
      // The client refuses what it cannot put on the wire (a character not allowed in a request line).
      resolve(sendRaw(base, asRaw(req)));
      return;
    }
    request.on('timeout', () => {
      request.destroy();
      resolve('timeout');
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      if (retry && request.reusedSocket && err.code === 'ECONNRESET') resolve(send(base, agent, req, false));
      else resolve('no answer');
    });
    request.end(req.body);
  });
}

function asRaw(req: Hostile): Buffer {
  const headers = Object.entries({ host: 'x', ...req.headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return Buffer.concat([Buffer.from(`${req.method} ${req.path} HTTP/1.1\r\n${headers}connection: close\r\n\r\n`, 'latin1'), Buffer.from(req.body ?? '')]);
}

function sendRaw(base: URL, bytes: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(base.port), base.hostname);
    let head = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(head ? classify(statusOf(head)) : 'timeout');
    }, REQUEST_TIMEOUT_MS);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      if (head.length < 64) head += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(classify(statusOf(head)));
    });
  });
}

function statusOf(head: string): number | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  return m ? Number(m[1]) : undefined;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function timeGet(base: URL, agent: http.Agent, path: string): Promise<number> {
  const t0 = performance.now();
  await send(base, agent, { method: 'GET', path });
  return performance.now() - t0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = spawnServer({ indexDir: values.index });
const base = new URL(await server.listening);
await server.warm();
let crashed = false;
let stopping = false;
void server.exited.then(() => (crashed = !stopping));
const docs = ((await (await fetch(`${base}api/docs`)).json()) as { docs: Array<{ id: string }> }).docs;
console.log(`audit: index ${values.index}, ${docs.length} documents`);

// (1) Hostile requests.
const total = Number(values.requests);
const next = hostileRequests(Number(values.seed), docs.slice(0, 200).map((d) => encodeURIComponent(d.id)));
const counts = new Map<Outcome, number>();
const findings: string[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.concurrency) });
let sent = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: Number(values.concurrency) }, async () => {
    while (sent < total && !crashed) {
      sent++;
      const req = next();
      const outcome = await send(base, agent, req);
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      if ((outcome === '5xx' || outcome === 'no answer' || outcome === 'timeout') && findings.length < 5) {
        findings.push(`  ${outcome}: ${req.raw ? JSON.stringify(req.raw.toString('latin1').slice(0, 120)) : `${req.method} ${JSON.stringify(req.path.slice(0, 120))}`}`);
      }
    }
  }),
);
agent.destroy();
const seconds = (performance.now() - t0) / 1000;
const n = (o: Outcome) => counts.get(o) ?? 0;
console.log(
  `hostile: ${sent} requests in ${seconds.toFixed(1)} s (${(sent / seconds).toFixed(0)}/s): 2xx ${n('2xx')}, 3xx ${n('3xx')}, 4xx ${n('4xx')}, 5xx ${n('5xx')}; ` +
    `no answer ${n('no answer')}, timeouts ${n('timeout')}; server ${crashed ? 'CRASHED' : 'alive'}`,
);
for (const f of findings) console.log(f);

// (2) Many connections on the normal mix.
if (!crashed) {
  const load = await autocannon({ url: base.href, connections: Number(values.connections), duration: Number(values.seconds), requests: LOAD_MIX, timeout: 10 });
  const l = load.latency;
  console.log(
    `load: ${values.connections} connections × ${values.seconds} s → ${load.requests.average.toFixed(0)} req/s, latency p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms; ` +
      `${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx (the mix holds one deliberate 400)`,
  );
}

// (3) A plain search, alone and while parallel maximal exports run (every section, up to the CSV limit).
if (!crashed) {
  const probe = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const exportAgent = new http.Agent({ keepAlive: true, maxSockets: Number(values.exports) });
  const PLAIN = `/api/search?q=${encodeURIComponent('包容审慎')}`;
  const alone: number[] = [];
  for (let i = 0; i < 40; i++) alone.push(await timeGet(base, probe, PLAIN));
  const stopAt = Date.now() + Number(values['export-seconds']) * 1000;
  let exported = 0;
  const during: number[] = [];
  await Promise.all([
    ...Array.from({ length: Number(values.exports) }, async () => {
      while (Date.now() < stopAt) {
        await timeGet(base, exportAgent, '/api/search?format=csv');
        exported++;
      }
    }),
    (async () => {
      await sleep(200);
      while (Date.now() < stopAt) {
        during.push(await timeGet(base, probe, PLAIN));
        await sleep(50);
      }
    })(),
  ]);
  probe.destroy();
  exportAgent.destroy();
  const [a, d] = [alone.sort((x, y) => x - y), during.sort((x, y) => x - y)];
  console.log(
    `exports: ${values.exports} parallel CSV exports for ${values['export-seconds']} s (${exported} done); plain search alone p50 ${percentile(a, 50).toFixed(1)} ms, ` +
      `during exports p50 ${percentile(d, 50).toFixed(1)} ms, p99 ${percentile(d, 99).toFixed(1)} ms, max ${(d.at(-1) ?? NaN).toFixed(1)} ms (${d.length} searches)`,
  );
}

const health = crashed ? null : ((await (await fetch(`${base}api/health`)).json()) as { eventLoopDelayMs: { p99: number; max: number } });
stopping = true;
const exitCode = await server.stop();
console.log(
  `server: ${crashed ? 'crashed' : `event loop delay p99 ${health!.eventLoopDelayMs.p99.toFixed(1)} ms, max ${health!.eventLoopDelayMs.max.toFixed(1)} ms; exit ${exitCode} after SIGTERM`}`,
);
process.exit(crashed || n('5xx') || n('no answer') || n('timeout') ? 1 : 0);
