import { isIP } from 'node:net';
import { fail } from '../errors';

/** How the server is deployed: read once from the environment at start, checked, then passed to the app. */
export interface ServerConfig {
  port: number;
  /** Interface to listen on; undefined listens on all of them. */
  host: string | undefined;
  /**
   * Origin users reach the server by (`http://10.2.3.4:8080`, `https://zcjs.example.gov.cn`), without a trailing
   * slash. Every absolute link (citations, CSV rows, downloads) starts with it, never with the request's Host header.
   */
  publicUrl: string;
  /** True when PUBLIC_URL was not set and `publicUrl` is the local default. */
  publicUrlDefaulted: boolean;
  /**
   * Express's `trust proxy` value: which hops may tell us the client's protocol (X-Forwarded-Proto), so
   * HTTPS-only headers are sent exactly when users came over HTTPS. `false` trusts nobody.
   */
  trustProxy: boolean | number | string[];
  /** How long a client may take to send a request, headers and body (REQUEST_TIMEOUT_MS); then 408. */
  requestTimeoutMs: number;
  /** SEARCH_BACKEND=sphinx: the aggregator's SphinxQL address (SPHINX_HOST, SPHINX_PORT); absent for the in-process engine. */
  sphinx?: { host: string; port: number };
}

const DEFAULT_PORT = 3000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Names express accepts for address ranges in `trust proxy`. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = readPort(env.PORT);
  const publicUrl = env.PUBLIC_URL?.trim();
  return {
    port,
    host: env.HOST?.trim() || undefined,
    publicUrl: publicUrl ? readPublicUrl(publicUrl) : `http://localhost:${port}`,
    publicUrlDefaulted: !publicUrl,
    trustProxy: readTrustProxy(env.TRUST_PROXY?.trim() ?? ''),
    requestTimeoutMs: readRequestTimeout(env.REQUEST_TIMEOUT_MS),
    ...readBackend(env),
  };
}

function readBackend(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'sphinx'> {
  const backend = env.SEARCH_BACKEND?.trim() || 'local';
  if (backend === 'local') return {};
  if (backend !== 'sphinx') fail('CONFIG_INVALID', `SEARCH_BACKEND 应为 local 或 sphinx，现为“${backend}”`);
  const host = env.SPHINX_HOST?.trim() || '127.0.0.1';
  // Port 0 (any free port) means something for a server that listens, nothing for an address to connect to.
  const port = env.SPHINX_PORT?.trim() ? readPort(env.SPHINX_PORT, 'SPHINX_PORT', 1) : 9306;
  return { sphinx: { host, port } };
}

function readRequestTimeout(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REQUEST_TIMEOUT_MS;
  if (!/^\d{1,9}$/.test(value.trim()) || Number(value) === 0) fail('CONFIG_INVALID', `REQUEST_TIMEOUT_MS 应为正整数（毫秒），现为“${value}”`);
  return Number(value);
}

function readPort(value: string | undefined, name = 'PORT', min = 0): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || port > 65535 || port < min) fail('CONFIG_INVALID', `${name} 应为 ${min} 到 65535 之间的整数，现为“${value}”`);
  return port;
}

/** An http(s) origin; a path, query or fragment is refused, since every link the pages print starts at the root. */
export function readPublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail('CONFIG_INVALID', `PUBLIC_URL 不是有效的网址：“${value}”。应写成 http://主机名或IP[:端口]，例如 http://10.1.2.3:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail('CONFIG_INVALID', `PUBLIC_URL 应以 http:// 或 https:// 开头，现为“${value}”`);
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    fail('CONFIG_INVALID', `PUBLIC_URL 只写协议、主机和端口，不带路径、参数或用户名，现为“${value}”`);
  }
  return url.origin;
}

/** `true`/`false`, a number of hops, or a comma-separated list of addresses, CIDR ranges and express's range names. */
function readTrustProxy(value: string): ServerConfig['trustProxy'] {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const version = isIP(address);
    const maxBits = version === 6 ? 128 : 32;
    const valid = PROXY_RANGE_NAMES.includes(entry) || (version !== 0 && extra === undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits)));
    if (!valid) {
      fail('CONFIG_INVALID', `TRUST_PROXY 中的“${entry}”无法识别。可写 true、false、代理层数，或以逗号分隔的 IP、网段（如 10.0.0.0/8）及 loopback、linklocal、uniquelocal`);
    }
  }
  return entries;
}
