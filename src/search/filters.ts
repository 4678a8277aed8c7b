import { regionFromCode, regionFromName } from '../parse/region';
import { topicMask } from './attributes';
import type { FacetGroupTable } from './facet-groups';
import { UNKNOWN, type FacetFilterName, type Filters } from './search-params';

/**
 * Filters resolved once per request into tests over the attributes every engine can group by (region code,
 * year, part, kind, topic mask), so the same code filters sections and counts facets over groups.
 */
export interface FilterSet {
  /** GB/T 2260 codes the region filter names (any level); a region passes when its path holds one. */
  regions: Set<string> | null;
  /** Codes named with 本级 (`江苏省本级`): only that division's own documents pass, not those of places below it. */
  ownRegions: Set<string> | null;
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

/** Suffix of a region value that selects the division's own documents only: 江苏省本级, 320800本级. */
export const OWN_LEVEL = '本级';

export function resolveFilters(filters: Filters): FilterSet {
  const regionValues = filters.region.filter((r) => r !== UNKNOWN && !r.endsWith(OWN_LEVEL));
  const ownValues = filters.region.filter((r) => r.endsWith(OWN_LEVEL)).map((r) => r.slice(0, -OWN_LEVEL.length));
  const yearValues = filters.year.filter((y) => y !== UNKNOWN);
  return {
    regions: filters.region.length ? new Set(regionValues.flatMap(regionCodesNamed)) : null,
    ownRegions: ownValues.length ? new Set(ownValues.flatMap(regionCodesNamed)) : null,
    unknownRegion: filters.region.includes(UNKNOWN),
    years: filters.year.length
      ? yearValues.map((y) => {
          const [a, b = a] = y.split('-').map(Number);
          return [Math.min(a, b), Math.max(a, b)] as [number, number];
        })
      : null,
    unknownYear: filters.year.includes(UNKNOWN),
    topics: filters.topic.length ? topicMask(filters.topic) : null,
    parts: filters.part.length ? new Set(filters.part) : null,
    kinds: filters.kind.length ? new Set(filters.kind) : null,
    published: filters.published,
  };
}

/** Names resolved before; the same few filter values come back on every page of a session. Bounded, as values come from users. */
const namedCodes = new Map<string, string[]>();
const NAMED_CODES_LIMIT = 2000;

/** A region filter value as codes: a six-digit code as given, a name (any level, short or full) as its division's code. */
function regionCodesNamed(value: string): string[] {
  if (/^\d{6}$/.test(value)) return [value];
  let codes = namedCodes.get(value);
  if (!codes) {
    const region = regionFromName(value);
    codes = region ? [region.code] : [];
    if (namedCodes.size >= NAMED_CODES_LIMIT) namedCodes.clear();
    namedCodes.set(value, codes);
  }
  return codes;
}

/** The codes on a region's path, from province down, cached by code (few distinct regions, many lookups). */
const pathCache = new Map<string, string[]>();
export function regionPathCodes(code: string): string[] {
  let codes = pathCache.get(code);
  if (!codes) pathCache.set(code, (codes = code ? (regionFromCode(code)?.codes ?? [code]) : []));
  return codes;
}

/**
 * Bits of the facet filters each group of a table fails (0: it passes them all), each filter decided once per
 * distinct value rather than once per group.
 */
export function groupFailures(table: FacetGroupTable, set: FilterSet): Uint8Array {
  const fails = new Uint8Array(table.size);
  if (!hasFacetFilters(set)) return fails;
  const region = table.regions.map((code) => {
    if (!set.regions && !set.unknownRegion) return 0;
    const pass = code ? (!!set.regions && regionPathCodes(code).some((c) => set.regions!.has(c))) || !!set.ownRegions?.has(code) : set.unknownRegion;
    return pass ? 0 : FILTER_BIT.region;
  });
  const year = table.years.map((y) => {
    if (!set.years && !set.unknownYear) return 0;
    const pass = y === null ? set.unknownYear : !!set.years && set.years.some(([a, b]) => y >= a && y <= b);
    return pass ? 0 : FILTER_BIT.year;
  });
  const part = table.parts.map((p) => (set.parts && !set.parts.has(p) ? FILTER_BIT.part : 0));
  const kind = table.kinds.map((k) => (set.kinds && !set.kinds.has(k) ? FILTER_BIT.kind : 0));
  const topics = set.topics;
  for (let g = 0; g < fails.length; g++) {
    fails[g] = region[table.region[g]] | year[table.year[g]] | part[table.part[g]] | kind[table.kind[g]] | (topics !== null && (table.topics[g] & topics) === 0 ? FILTER_BIT.topic : 0);
  }
  return fails;
}

/** Whether an ISO date (or a document without one, as its year's last day) falls in the publication range. */
export function passesPublished(published: string | null, year: number | null, range: Filters['published']): boolean {
  if (!range.from && !range.to) return true;
  const date = published ?? (year ? `${year}-12-31` : null);
  if (!date) return false;
  return (!range.from || date >= range.from) && (!range.to || date <= range.to);
}

/** Whether any facet filter is set (the publication range is not one). */
export function hasFacetFilters(set: FilterSet): boolean {
  return !!(set.regions || set.unknownRegion || set.years || set.unknownYear || set.topics !== null || set.parts || set.kinds);
}
