import { describe, expect, it } from 'vitest';
import { FacetGroupTable } from '../../src/search/facet-groups';
import { FILTER_BIT, groupFailures, resolveFilters } from '../../src/search/filters';
import { emptyFilters } from '../../src/search/search-params';

const CODES = ['320000', '320800', '320813', '320100', '440300', ''];

/** The region codes of CODES whose group passes a region filter. */
function passing(region: string[]): string[] {
  const table = new FacetGroupTable();
  for (const code of CODES) table.add({ region: code, year: 2023, part: '成效', kind: '法治政府建设报告', topics: 0 });
  const fails = groupFailures(table, resolveFilters({ ...emptyFilters(), region }));
  return CODES.filter((_, g) => (fails[g] & FILTER_BIT.region) === 0);
}

describe('region filter', () => {
  it('passes a division and every place below it', () => {
    expect(passing(['江苏省'])).toEqual(['320000', '320800', '320813', '320100']);
    expect(passing(['320800'])).toEqual(['320800', '320813']);
  });

  it('passes only a division’s own documents when the value ends in 本级, by name or code (the compare view’s 江苏省（省本级） row)', () => {
    expect(passing(['江苏省本级'])).toEqual(['320000']);
    expect(passing(['320800本级'])).toEqual(['320800']);
    expect(passing(['淮安市本级', '440300'])).toEqual(['320800', '440300']);
  });
});
