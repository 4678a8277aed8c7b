import { describe, expect, it } from 'vitest';
import { PolicySearchError } from '../../src/errors';
import { readConfig } from '../../src/server/config';

function refusal(env: NodeJS.ProcessEnv): PolicySearchError {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof PolicySearchError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('readConfig', () => {
  it('defaults PUBLIC_URL to http://localhost:PORT and says it did', () => {
    expect(readConfig({ PORT: '8080' })).toEqual({ port: 8080, host: undefined, publicUrl: 'http://localhost:8080', publicUrlDefaulted: true, trustProxy: false, requestTimeoutMs: 30_000 });
    expect(readConfig({}).publicUrl).toBe('http://localhost:3000');
  });

  it('takes an intranet address as the public origin, without a trailing slash', () => {
    const config = readConfig({ PUBLIC_URL: 'http://10.12.0.7:8080/', HOST: '0.0.0.0' });
    expect(config).toMatchObject({ publicUrl: 'http://10.12.0.7:8080', publicUrlDefaulted: false, host: '0.0.0.0' });
    expect(readConfig({ PUBLIC_URL: 'https://zcjs.example.gov.cn' }).publicUrl).toBe('https://zcjs.example.gov.cn');
  });

  it('refuses a malformed PUBLIC_URL with a Chinese message naming it', () => {
    const err = refusal({ PUBLIC_URL: 'policy.example:3000' });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toBe('PUBLIC_URL 应以 http:// 或 https:// 开头，现为“policy.example:3000”');
    expect(refusal({ PUBLIC_URL: 'http://' }).message).toBe('PUBLIC_URL 不是有效的网址：“http://”。应写成 http://主机名或IP[:端口]，例如 http://10.1.2.3:3000');
    expect(refusal({ PUBLIC_URL: 'http://10.0.0.1/zcjs/' }).message).toBe('PUBLIC_URL 只写协议、主机和端口，不带路径、参数或用户名，现为“http://10.0.0.1/zcjs/”');
  });

  it('serves from a Sphinx/Manticore cluster with SEARCH_BACKEND=sphinx, at SPHINX_HOST:SPHINX_PORT', () => {
    expect(readConfig({}).sphinx).toBeUndefined();
    expect(readConfig({ SEARCH_BACKEND: 'local' }).sphinx).toBeUndefined();
    expect(readConfig({ SEARCH_BACKEND: 'sphinx' }).sphinx).toEqual({ host: '127.0.0.1', port: 9306 });
    expect(readConfig({ SEARCH_BACKEND: 'sphinx', SPHINX_HOST: '10.0.0.5', SPHINX_PORT: '9400' }).sphinx).toEqual({ host: '10.0.0.5', port: 9400 });
    expect(refusal({ SEARCH_BACKEND: 'elastic' }).message).toBe('SEARCH_BACKEND 应为 local 或 sphinx，现为“elastic”');
    expect(refusal({ SEARCH_BACKEND: 'sphinx', SPHINX_PORT: 'x' }).message).toBe('SPHINX_PORT 应为 1 到 65535 之间的整数，现为“x”');
    expect(refusal({ SEARCH_BACKEND: 'sphinx', SPHINX_PORT: '0' }).message).toBe('SPHINX_PORT 应为 1 到 65535 之间的整数，现为“0”');
  });

  it('refuses a PORT that is not a port number', () => {
    expect(refusal({ PORT: '80a' }).message).toBe('PORT 应为 0 到 65535 之间的整数，现为“80a”');
    expect(refusal({ PORT: '70000' }).code).toBe('CONFIG_INVALID');
  });

  it('reads TRUST_PROXY as express does: a flag, a hop count or addresses and ranges', () => {
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(refusal({ TRUST_PROXY: 'proxy.example' }).message).toMatch(/^TRUST_PROXY 中的“proxy\.example”无法识别/);
    expect(refusal({ TRUST_PROXY: '10.0.0.0/40' }).code).toBe('CONFIG_INVALID');
  });
});
