import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Searcher } from '../../src/search/searcher';
import { createApp } from '../../src/server/create-app';
import { seedSearcher } from '../helpers';

const app = createApp({ searcher: seedSearcher });
const HAN = /\p{Script=Han}/u;

describe('server messages people read are Chinese, codes stay English', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names an unknown document in the API and on the page', async () => {
    const api = await request(app).get('/api/docs/nope').expect(404);
    expect(api.body).toEqual({ error: { code: 'NOT_FOUND', message: '没有编号为“nope”的文件' } });
    const page = await request(app).get('/doc/nope').expect(404);
    expect(page.text).toContain('<h1>找不到页面</h1>');
    expect(page.text).toContain('没有编号为“nope”的文件');
  });

  it('refuses an oversized document id, saying the limit', async () => {
    const res = await request(app).get(`/api/docs/${'a'.repeat(150)}`).expect(400);
    expect(res.body).toEqual({ error: { code: 'BAD_PARAMETER', message: '文件编号最长 100 个字符，这个有 150 个' } });
  });

  it('names a route that does not exist, in the API and as a page', async () => {
    const api = await request(app).get('/api/searhc').query({ q: '法治' }).expect(404);
    expect(api.body).toEqual({ error: { code: 'NOT_FOUND', message: '没有这个接口：/api/searhc' } });
    const page = await request(app).get('/%E6%B3%95%E6%B2%BB%E6%8A%A5%E5%91%8A').expect(404);
    expect(page.text).toContain('没有这个网页：/法治报告');
  });

  it('explains a malformed URL in Chinese', async () => {
    const api = await request(app).get('/api/docs/%E0%A4%A').expect(400);
    expect(api.body.error.code).toBe('BAD_PARAMETER');
    expect(api.body.error.message).toBe('网址格式有误（可能有不完整的 % 编码），请检查后重试');
    const page = await request(app).get('/doc/%E0%A4%A').expect(400);
    expect(page.text).toContain('网址格式有误');
  });

  it('answers an internal error in Chinese without details', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = createApp({
      searcher: () => ({ getDocument: () => Promise.reject(new Error('disk on fire at /srv/index')) }) as unknown as Searcher,
    });
    const api = await request(broken).get('/api/docs/x').expect(500);
    expect(api.body).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请求没有完成，请稍后重试' } });
    const page = await request(broken).get('/doc/x').expect(500);
    expect(page.text).toContain('<h1>服务器出错</h1>');
    expect(page.text).not.toContain('disk on fire');
  });

  it('keeps a refused query in the search box with the reason, status 400', async () => {
    const q = '法'.repeat(300);
    const res = await request(app).get('/').query({ q, region: '江苏省' }).expect(400);
    expect(res.text).toContain(`value="${q}"`);
    expect(res.text).toMatch(/<p class="notice error" role="alert">检索式未执行：[^<]*300[^<]*<\/p>/);
    expect(res.text).toContain('<input type="hidden" name="region" value="江苏省">');
  });

  it('gives every page-layer message in Chinese', async () => {
    for (const path of ['/api/nope', '/api/docs/nope', '/api/docs/%E0%A4%A', `/api/docs/${'b'.repeat(101)}`]) {
      const res = await request(app).get(path);
      expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
      expect(res.body.error.message).toMatch(HAN);
    }
  });
});
