import { regionFromCode } from '../parse/region';
import { TOPIC_LABELS } from '../parse/topics';
import type { FacetName, FacetValue } from '../types';
import type { GroupCounts } from './facet-groups';
import { FILTER_BIT, groupFailures, type FilterSet } from './filters';
import { UNKNOWN } from './search-params';

/** How facet values for unknown attributes are shown. */
export const UNKNOWN_LABELS = { region: '地区不详', year: '年份不详' };

/**
 * Facet counts from an engine's group counts (the query's matches counted by region, year, part, kind and topic
 * mask, before facet filters): each facet counts sections passing every filter but its own.
 */
export function countFacets({ table, counts }: GroupCounts, set: FilterSet): Record<FacetName, FacetValue[]> {
  const fails = groupFailures(table, set);
  const region = new Float64Array(table.regions.length);
  const year = new Float64Array(table.years.length);
  const part = new Float64Array(table.parts.length);
  const kind = new Float64Array(table.kinds.length);
  const topic = new Float64Array(32);
  for (let g = 0; g < table.size; g++) {
    const n = counts[g];
    if (!n) continue;
    // A group counts for a facet when it fails no filter but, perhaps, that facet's own.
    const bits = fails[g];
    if ((bits & ~FILTER_BIT.region) === 0) region[table.region[g]] += n;
    if ((bits & ~FILTER_BIT.year) === 0) year[table.year[g]] += n;
    if ((bits & ~FILTER_BIT.part) === 0) part[table.part[g]] += n;
    if ((bits & ~FILTER_BIT.kind) === 0) kind[table.kind[g]] += n;
    if ((bits & ~FILTER_BIT.topic) === 0) for (let t = 0, mask = table.topics[g]; mask; t++, mask >>>= 1) if (mask & 1) topic[t] += n;
  }
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  const regions: FacetValue[] = [];
  const provinces = new Map<string, FacetValue>();
  table.regions.forEach((code, r) => {
    if (!region[r]) return;
    const place = code ? regionFromCode(code) : null;
    regions.push(place ? { value: place.name, count: region[r], path: place.path, code } : { value: UNKNOWN, count: region[r], label: UNKNOWN_LABELS.region });
    const name = place?.path[0] ?? UNKNOWN;
    const p = provinces.get(name);
    if (p) p.count += region[r];
    else provinces.set(name, place ? { value: name, count: region[r], code: place.codes[0] } : { value: UNKNOWN, count: region[r], label: UNKNOWN_LABELS.region });
  });
  const years: FacetValue[] = [];
  table.years.forEach((y, i) => {
    if (year[i]) years.push(y === null ? { value: UNKNOWN, count: year[i], label: UNKNOWN_LABELS.year } : { value: String(y), count: year[i] });
  });
  const list = (labels: string[], n: Float64Array) => labels.flatMap((value, i) => (n[i] ? [{ value, count: n[i] }] : [])).sort(byCount);
  return {
    region: regions.sort(byCount),
    province: [...provinces.values()].sort(byCount),
    // Newest first, unknown last: the order a reader scans years in.
    year: years.sort((a, b) => (a.value === UNKNOWN ? 1 : b.value === UNKNOWN ? -1 : Number(b.value) - Number(a.value))),
    topic: list(TOPIC_LABELS, topic),
    part: list(table.parts, part),
    kind: list(table.kinds, kind),
  };
}
