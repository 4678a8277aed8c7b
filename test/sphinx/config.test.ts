import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build-index';
import { aggregatorConfig, clusterUp, layoutFor, shardConfig } from '../../src/search/sphinx/cluster';
import { fromGroupKey, groupKey } from '../../src/search/sphinx/schema';
import { facetCondition, matchText } from '../../src/search/sphinx/sphinxql';
import { charWords } from '../../src/search/sphinx/tokens';
import { resolveFilters } from '../../src/search/filters';
import { parseQuery } from '../../src/search/query-parser';
import { readSearchParams } from '../../src/search/search-params';

/** What the cluster is given, checked without an engine: configs, the char words, the query text. */

const snapshot = buildIndex({ inputs: ['seeds'] }).snapshot;

describe('cluster configs', () => {
  const layout = layoutFor({ dir: '/tmp/policy-cluster-x', shards: 2, mirrors: true, port: 9306 }, snapshot);
  const configs = [...layout.shards.flatMap((s) => s.daemons.map((d) => shardConfig(layout, s, d))), aggregatorConfig(layout)];

  it('keeps every file of the cluster (data, feeds, logs, pid files) in its own folder, on loopback only', () => {
    for (const config of configs) {
      const paths = config.match(/(?<=[=' ])\/[^\s']+/g) ?? [];
      expect(paths.length).toBeGreaterThan(2);
      for (const p of paths) expect(p.startsWith('/tmp/policy-cluster-x/')).toBe(true);
      for (const listen of config.match(/listen = \S+/g) ?? []) expect(listen).toMatch(/^listen = 127\.0\.0\.1:\d+/);
    }
  });

  it('joins each shard and its mirror on one agent line of the aggregator', () => {
    const agents = aggregatorConfig(layout).match(/agent = .+/g) ?? [];
    expect(agents).toEqual([
      'agent = 127.0.0.1:9316|127.0.0.1:9318:sections_shard0',
      'agent = 127.0.0.1:9320|127.0.0.1:9322:sections_shard1',
      'agent = 127.0.0.1:9316|127.0.0.1:9318:documents_shard0',
      'agent = 127.0.0.1:9320|127.0.0.1:9322:documents_shard1',
    ]);
  });

  it('writes for Manticore without the keys it removed (docinfo, workers)', () => {
    const manticore = layoutFor({ dir: '/tmp/m', shards: 1, mirrors: false, port: 9306, engine: 'manticore' }, snapshot);
    const text = shardConfig(manticore, manticore.shards[0], manticore.shards[0].daemons[0]) + aggregatorConfig(manticore);
    expect(text).not.toMatch(/docinfo|workers/);
    expect(configs.join('')).toMatch(/docinfo = extern/);
  });
});

describe('the engine sees one word per character', () => {
  it('keeps ASCII letters and digits, and writes any other character as its code point', () => {
    expect(charWords('包，')).toEqual(['ged', '1edo']);
    expect(charWords('A1 b')).toEqual(['a', '1', '0w', 'b']);
    // A full-width comma is a word of its own: 包容，审慎 is not the phrase 包容审慎.
    expect(charWords('包容，审慎')).toHaveLength(5);
    expect(new Set(charWords('包容，审慎')).size).toBe(5);
    // Characters past the Basic Multilingual Plane (Ext-B and beyond) are one word each, not two halves.
    expect(charWords('𠀀𰀀')).toHaveLength(2);
  });

  it('never puts a query operator or quote of the user into the MATCH text', () => {
    const text = matchText(parseQuery(`it's "a|b" @title (x) -y ~/^$ \\`), 'exact');
    expect(text.replace(/"[0-9a-z ]*"/g, '')).toMatch(/^[@(),a-z |\-]*$/);
  });
});

describe('facet groups and filters as attributes', () => {
  it('packs a facet group into one number and back', () => {
    for (const g of [
      { region: '320813', year: 2023, part: '问题' as const, kind: '法治政府建设报告' as const, topics: 0b1010000001 },
      { region: '', year: null, part: '概述' as const, kind: '其他' as const, topics: 0 },
      { region: '000000', year: 1947, part: '计划' as const, kind: '法律法规' as const, topics: 1023 },
    ]) {
      expect(fromGroupKey(groupKey(g.region, g.year, ['成效', '问题', '计划', '概述'].indexOf(g.part), ['法治政府建设报告', '政府工作报告', '法律法规', '政策文件', '其他'].indexOf(g.kind), g.topics))).toEqual(g);
    }
  });

  it('writes a region at any level, 本级 and unknown as one condition', () => {
    const set = resolveFilters(readSearchParams({ region: ['江苏省', '320800本级', 'unknown'], year: ['2021-2023', 'unknown'] }).filters);
    expect(facetCondition(set)).toBe('(IN(region_path, 320000) OR IN(region, 320800) OR region = 999999) AND ((year >= 2021 AND year <= 2023) OR year = 0)');
    expect(facetCondition(resolveFilters(readSearchParams({}).filters))).toBeNull();
  });
});

describe('cluster up when indexer fails on one index but exits 0 (a daemon then served nothing)', () => {
  it('refuses with indexer’s own ERROR line instead of starting daemons', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'fake-indexer-'));
    const dir = mkdtempSync(join(tmpdir(), 'policy-cluster-'));
    writeFileSync(join(bin, 'indexer'), "#!/bin/sh\necho \"ERROR: index 'sections_shard0': attribute title_len conflicts with index_field_lengths=1; remove it.\"\nexit 0\n");
    chmodSync(join(bin, 'indexer'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      await expect(clusterUp({ dir, shards: 1, mirrors: false, port: 29300 }, snapshot)).rejects.toMatchObject({ code: 'CLUSTER_FAILED', message: expect.stringContaining('title_len conflicts') });
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
