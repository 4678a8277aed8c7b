import { regionFromCode } from '../parse/region';
import { TOPIC_LABELS } from '../parse/topics';
import type { FacetName, FacetValue } from '../types';
import { FILTER_BIT, failedFilters, type FilterSet } from './filters';
import type { FacetGroup } from './searcher';
import { UNKNOWN } from './search-params';

/** How facet values for unknown attributes are shown. */
export const UNKNOWN_LABELS = { region: '地区不详', year: '年份不详' };

/**
 * Facet counts from an engine's groups (the query's matches counted by region, year, part, kind and topic
 * mask, before facet filters): each facet counts sections passing every filter but its own.
 */
export function countFacets(groups: FacetGroup[], set: FilterSet): Record<FacetName, FacetValue[]> {
  const region = new Map<string, number>();
  const province = new Map<string, number>();
  const year = new Map<string, number>();
  const topic = new Map<string, number>();
  const part = new Map<string, number>();
  const kind = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const passesAllBut = (bits: number, facet: number) => (bits & ~facet) === 0;
  for (const g of groups) {
    const bits = failedFilters(g, set);
    if (passesAllBut(bits, FILTER_BIT.region)) {
      add(region, g.region, g.count);
      add(province, g.region ? (regionFromCode(g.region)?.codes[0] ?? g.region) : '', g.count);
    }
    if (passesAllBut(bits, FILTER_BIT.year)) add(year, g.year === null ? UNKNOWN : String(g.year), g.count);
    if (passesAllBut(bits, FILTER_BIT.part)) add(part, g.part, g.count);
    if (passesAllBut(bits, FILTER_BIT.kind)) add(kind, g.kind, g.count);
    if (passesAllBut(bits, FILTER_BIT.topic)) {
      for (let t = 0, mask = g.topics; mask; t++, mask >>>= 1) if (mask & 1) add(topic, TOPIC_LABELS[t] ?? String(t), g.count);
    }
  }
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  return {
    region: regionValues(region).sort(byCount),
    province: regionValues(province).map(({ path: _path, ...value }) => value).sort(byCount),
    // Newest first, unknown last: the order a reader scans years in.
    year: values(year, (v) => (v === UNKNOWN ? UNKNOWN_LABELS.year : undefined)).sort((a, b) => (a.value === UNKNOWN ? 1 : b.value === UNKNOWN ? -1 : Number(b.value) - Number(a.value))),
    topic: values(topic).sort(byCount),
    part: values(part).sort(byCount),
    kind: values(kind).sort(byCount),
  };
}

function values(map: Map<string, number>, label?: (value: string) => string | undefined): FacetValue[] {
  return [...map].filter(([, n]) => n > 0).map(([value, count]) => {
    const l = label?.(value);
    return l ? { value, count, label: l } : { value, count };
  });
}

/**
 * Region facet values: the name, its path and its code (two counties may share a name: 鼓楼区; a link filters by
 * the code); documents of unknown region as `unknown`.
 */
function regionValues(byCode: Map<string, number>): FacetValue[] {
  const out: FacetValue[] = [];
  for (const [code, count] of byCode) {
    if (!count) continue;
    const region = code ? regionFromCode(code) : null;
    out.push(region ? { value: region.name, count, path: region.path, code: region.code } : { value: UNKNOWN, count, label: UNKNOWN_LABELS.region });
  }
  return out;
}
