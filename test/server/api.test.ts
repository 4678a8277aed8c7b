import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/create-app';
import { HONGZE, LINHE, PUBLIC_URL, seedSearcher } from '../helpers';

const app = createApp({ searcher: seedSearcher, publicUrl: PUBLIC_URL });

describe('GET /api/search', () => {
  it('answers with the contract fields', async () => {
    const res = await request(app).get('/api/search').query({ q: '包容審慎', size: '2' }).expect(200);
    expect(Object.keys(res.body)).toEqual(['query', 'normalized_query', 'total', 'total_documents', 'page', 'size', 'took_ms', 'hits', 'facets', 'complete', 'warnings']);
    expect(res.body).toMatchObject({ query: '包容審慎', normalized_query: '包容审慎', total: 4, total_documents: 3, page: 1, size: 2 });
    expect(res.body.hits).toHaveLength(2);
    expect(Object.keys(res.body.hits[0])).toEqual(['doc', 'titleHtml', 'section', 'paragraphs', 'url', 'score']);
    expect(Object.keys(res.body.hits[0].doc)).toEqual(['id', 'title', 'issuer', 'published', 'docNumber', 'year', 'kind', 'region']);
    expect(Object.keys(res.body.facets)).toEqual(['region', 'province', 'year', 'topic', 'part', 'kind']);
  });

  it('refuses a size over 100 and a query over 256 characters with a JSON error', async () => {
    const big = await request(app).get('/api/search').query({ q: '法治', size: '101' }).expect(400);
    expect(big.body).toEqual({ error: { code: 'BAD_PARAMETER', message: 'size 应在 1 到 100 之间，不能是 101' } });
    const long = await request(app).get('/api/search').query({ q: '法'.repeat(300) }).expect(400);
    expect(long.body.error.code).toBe('QUERY_TOO_LONG');
  });

  it('refuses an unknown mode and a malformed year', async () => {
    expect((await request(app).get('/api/search').query({ mode: 'regex' }).expect(400)).body.error.message).toBe('mode 只能是 exact（精确）或 fuzzy（模糊），不能是“regex”');
    expect((await request(app).get('/api/search').query({ year: '23' }).expect(400)).body.error.code).toBe('BAD_PARAMETER');
  });

  it('refuses sort=constructor and sort=__proto__ with 400, not 500 (found by npm run audit)', async () => {
    for (const sort of ['constructor', '__proto__', 'toString']) {
      const res = await request(app).get('/api/search').query({ q: '法治', sort }).expect(400);
      expect(res.body.error.code).toBe('BAD_PARAMETER');
    }
  });

});

describe('GET /api/docs', () => {
  it('lists the five seeds with their metadata', async () => {
    const res = await request(app).get('/api/docs').expect(200);
    expect(res.body.docs.map((d: { region: { name: string } }) => d.region.name)).toEqual(['洪泽区', '临河区', '南通市', '弋阳县', '莲都区']);
    expect(res.body.docs[1]).toMatchObject({ id: LINHE, year: 2024, sections: 12, warnings: ['已去除 4 处损坏字符'] });
  });

  it('serves one document with its sections and paragraphs', async () => {
    const res = await request(app).get(`/api/docs/${HONGZE}`).expect(200);
    expect(res.body.sections).toHaveLength(16);
    expect(res.body.sections[15]).toMatchObject({ headings: ['二、推进法治政府建设的主要举措和成效', '(四)社会矛盾纠纷妥善化解', '12.有效化解社会矛盾纠纷。'], part: '成效' });
    expect(res.body.sections[15].paragraphs[0].text).toMatch(/^建立9个镇\(街道\)、120个村\(社区\)人民调解委员会/);
  });

  it('answers 404 for an unknown id and 4xx for traversal or oversized ids', async () => {
    expect((await request(app).get('/api/docs/nope').expect(404)).body.error.code).toBe('NOT_FOUND');
    await request(app).get('/api/docs/..%2F..%2Fetc%2Fpasswd').expect(404);
    await request(app).get(`/api/docs/${'a'.repeat(500)}`).expect(400);
  });
});
