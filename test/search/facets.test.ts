import { describe, expect, it } from 'vitest';
import { groupCountsFromRows } from '../../src/search/facet-groups';
import { countFacets } from '../../src/search/facets';
import { resolveFilters } from '../../src/search/filters';
import { emptyFilters } from '../../src/search/search-params';
import type { FacetGroup } from '../../src/search/searcher';

// 行政执法 is topic bit 4, 矛盾纠纷化解 bit 6 (TOPIC_LABELS order).
const ROWS: FacetGroup[] = [
  { region: '320813', year: 2023, part: '成效', kind: '法治政府建设报告', topics: 1 << 4, count: 3 },
  { region: '320600', year: 2023, part: '问题', kind: '法治政府建设报告', topics: (1 << 4) | (1 << 6), count: 2 },
  { region: '331102', year: 2024, part: '成效', kind: '法治政府建设报告', topics: 1 << 6, count: 4 },
  { region: '', year: null, part: '概述', kind: '法律法规', topics: 0, count: 5 },
  // The same key again, as two agents of a distributed index answer: the counts add up.
  { region: '320813', year: 2023, part: '成效', kind: '法治政府建设报告', topics: 1 << 4, count: 1 },
];

const facets = (filters: Partial<ReturnType<typeof emptyFilters>>) => countFacets(groupCountsFromRows(ROWS), resolveFilters({ ...emptyFilters(), ...filters }));

describe('countFacets over groups', () => {
  it('counts every value with its path and code, unknown values labelled', () => {
    const all = facets({});
    expect(all.region).toEqual([
      { value: 'unknown', count: 5, label: '地区不详' },
      { value: '洪泽区', count: 4, path: ['江苏省', '淮安市', '洪泽区'], code: '320813' },
      { value: '莲都区', count: 4, path: ['浙江省', '丽水市', '莲都区'], code: '331102' },
      { value: '南通市', count: 2, path: ['江苏省', '南通市'], code: '320600' },
    ]);
    expect(all.province).toEqual([
      { value: '江苏省', count: 6, code: '320000' },
      { value: 'unknown', count: 5, label: '地区不详' },
      { value: '浙江省', count: 4, code: '330000' },
    ]);
    expect(all.year).toEqual([{ value: '2024', count: 4 }, { value: '2023', count: 6 }, { value: 'unknown', count: 5, label: '年份不详' }]);
    expect(all.topic).toEqual([{ value: '矛盾纠纷化解', count: 6 }, { value: '行政执法', count: 6 }]);
  });

  it('counts each facet with every filter but its own', () => {
    const jiangsu = facets({ region: ['江苏'], topic: ['矛盾纠纷化解'] });
    // The region facet ignores the region filter but keeps the topic one: 南通市 and 莲都区.
    expect(jiangsu.region.map((v) => [v.value, v.count])).toEqual([['莲都区', 4], ['南通市', 2]]);
    // The topic facet ignores the topic filter but keeps the region one: Jiangsu's 6 sections.
    expect(jiangsu.topic).toEqual([{ value: '行政执法', count: 6 }, { value: '矛盾纠纷化解', count: 2 }]);
    expect(jiangsu.year).toEqual([{ value: '2023', count: 2 }]);
  });

  it('filters by the unknown year and by a range of years', () => {
    expect(facets({ year: ['unknown'] }).kind).toEqual([{ value: '法律法规', count: 5 }]);
    expect(facets({ year: ['2024-2030'] }).region.map((v) => v.value)).toEqual(['莲都区']);
  });
});
