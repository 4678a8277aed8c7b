import { describe, expect, it } from 'vitest';
import { failedFilters, FILTER_BIT, resolveFilters } from '../../src/search/filters';
import { emptyFilters } from '../../src/search/search-params';
import type { FacetGroup } from '../../src/search/searcher';

const group = (region: string): Omit<FacetGroup, 'count'> => ({ region, year: 2023, part: '成效', kind: '法治政府建设报告', topics: 0 });
const passing = (region: string[], codes: string[]) => {
  const set = resolveFilters({ ...emptyFilters(), region });
  return codes.filter((c) => (failedFilters(group(c), set) & FILTER_BIT.region) === 0);
};

describe('region filter', () => {
  const codes = ['320000', '320800', '320813', '320100', '440300', ''];

  it('passes a division and every place below it', () => {
    expect(passing(['江苏省'], codes)).toEqual(['320000', '320800', '320813', '320100']);
    expect(passing(['320800'], codes)).toEqual(['320800', '320813']);
  });

  it('passes only a division’s own documents when the value ends in 本级, by name or code (the compare view’s 江苏省（省本级） row)', () => {
    expect(passing(['江苏省本级'], codes)).toEqual(['320000']);
    expect(passing(['320800本级'], codes)).toEqual(['320800']);
    expect(passing(['淮安市本级', '440300'], codes)).toEqual(['320800', '440300']);
  });
});
