import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/create-app';
import { LINHE, seedSearcher } from '../helpers';

const intranet = createApp({ searcher: seedSearcher, publicUrl: 'http://policy.example:8080' });
const behindProxy = createApp({ searcher: seedSearcher, publicUrl: 'https://zcjs.example.gov.cn', trustProxy: ['loopback'] });

describe('security headers on an intranet', () => {
  it('sends no upgrade-insecure-requests and no HSTS over plain http, so styles, links and forms stay on http', async () => {
    const res = await request(intranet).get('/').set('Host', 'policy.example:8080').expect(200);
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['content-security-policy']).toContain("form-action 'self'");
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('ignores X-Forwarded-Proto from a client when no proxy is trusted', async () => {
    const res = await request(intranet).get('/').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends both behind a trusted TLS proxy that says the request came over https', async () => {
    const res = await request(behindProxy).get('/').set('X-Forwarded-Proto', 'https').expect(200);
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    const plain = await request(behindProxy).get('/').set('X-Forwarded-Proto', 'http').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('absolute links come from PUBLIC_URL, never from the Host header', () => {
  it('puts the public origin in the document page citations', async () => {
    const res = await request(intranet).get(`/doc/${LINHE}`).set('Host', 'attacker.example').expect(200);
    expect(res.text).toMatch(new RegExp(`data-cite="[^"]*\\[EB/OL\\]\\. \\[\\d{4}-\\d\\d-\\d\\d\\]\\. http://policy\\.example:8080/doc/${LINHE}#p[0-9a-f]{8}\\."`));
    expect(res.text).not.toContain('attacker.example');
  });

  it('puts the public origin in the downloaded text', async () => {
    const res = await request(behindProxy).get(`/doc/${LINHE}/download`).set('Host', 'attacker.example').expect(200);
    expect(res.text).toContain(`原文链接：https://zcjs.example.gov.cn/doc/${LINHE}\r\n`);
  });
});
