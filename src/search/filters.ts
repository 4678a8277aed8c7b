import { regionFromCode, regionFromName } from '../parse/region';
import { TOPIC_LABELS } from '../parse/topics';
import type { FacetGroup } from './searcher';
import { UNKNOWN, type FacetFilterName, type Filters } from './search-params';

/**
 * Filters resolved once per request into tests over the attributes every engine can group by (region code,
 * year, part, kind, topic mask), so the same code filters sections and counts facets over groups.
 */
export interface FilterSet {
  /** GB/T 2260 codes the region filter names (any level); a region passes when its path holds one. */
  regions: Set<string> | null;
  unknownRegion: boolean;
  years: Array<[number, number]> | null;
  unknownYear: boolean;
  /** Bit mask over TOPIC_LABELS; 0 when the filter names no known topic (then nothing passes). */
  topics: number | null;
  parts: Set<string> | null;
  kinds: Set<string> | null;
  /** Inclusive ISO dates; not a facet, so engines apply it before grouping. */
  published: Filters['published'];
}

/** One bit per facet filter, so a group's failures can be tested "all but this one". */
export const FILTER_BIT: Record<FacetFilterName, number> = { region: 1, year: 2, topic: 4, part: 8, kind: 16 };

export function resolveFilters(filters: Filters): FilterSet {
  const regionValues = filters.region.filter((r) => r !== UNKNOWN);
  const yearValues = filters.year.filter((y) => y !== UNKNOWN);
  return {
    regions: filters.region.length ? new Set(regionValues.flatMap(regionCodesNamed)) : null,
    unknownRegion: filters.region.includes(UNKNOWN),
    years: filters.year.length
      ? yearValues.map((y) => {
          const [a, b = a] = y.split('-').map(Number);
          return [Math.min(a, b), Math.max(a, b)] as [number, number];
        })
      : null,
    unknownYear: filters.year.includes(UNKNOWN),
    topics: filters.topic.length ? filters.topic.reduce((mask, t) => (TOPIC_LABELS.includes(t) ? mask | (1 << TOPIC_LABELS.indexOf(t)) : mask), 0) : null,
    parts: filters.part.length ? new Set(filters.part) : null,
    kinds: filters.kind.length ? new Set(filters.kind) : null,
    published: filters.published,
  };
}

/** A region filter value as codes: a six-digit code as given, a name (any level, short or full) as its division's code. */
function regionCodesNamed(value: string): string[] {
  if (/^\d{6}$/.test(value)) return [value];
  const region = regionFromName(value);
  return region ? [region.code] : [];
}

/** The codes on a region's path, from province down, cached by code (few distinct regions, many lookups). */
const pathCache = new Map<string, string[]>();
export function regionPathCodes(code: string): string[] {
  let codes = pathCache.get(code);
  if (!codes) pathCache.set(code, (codes = code ? (regionFromCode(code)?.codes ?? [code]) : []));
  return codes;
}

/** Bits of the facet filters a group fails (0: it passes them all). */
export function failedFilters(group: Omit<FacetGroup, 'count'>, set: FilterSet): number {
  let bits = 0;
  if (set.regions || set.unknownRegion) {
    const pass = group.region ? !!set.regions && regionPathCodes(group.region).some((c) => set.regions!.has(c)) : set.unknownRegion;
    if (!pass) bits |= FILTER_BIT.region;
  }
  if (set.years || set.unknownYear) {
    const y = group.year;
    const pass = y === null ? set.unknownYear : !!set.years && set.years.some(([a, b]) => y >= a && y <= b);
    if (!pass) bits |= FILTER_BIT.year;
  }
  if (set.topics !== null && (group.topics & set.topics) === 0) bits |= FILTER_BIT.topic;
  if (set.parts && !set.parts.has(group.part)) bits |= FILTER_BIT.part;
  if (set.kinds && !set.kinds.has(group.kind)) bits |= FILTER_BIT.kind;
  return bits;
}

/** Whether an ISO date (or a document without one, as its year's last day) falls in the publication range. */
export function passesPublished(published: string | null, year: number | null, range: Filters['published']): boolean {
  if (!range.from && !range.to) return true;
  const date = published ?? (year ? `${year}-12-31` : null);
  if (!date) return false;
  return (!range.from || date >= range.from) && (!range.to || date <= range.to);
}

/** Whether any filter is set at all. */
export function hasFilters(set: FilterSet): boolean {
  return !!(set.regions || set.unknownRegion || set.years || set.unknownYear || set.topics !== null || set.parts || set.kinds || set.published.from || set.published.to);
}
