import type { DocKind, Part } from '../types';
import type { FacetGroup } from './searcher';

/**
 * Facet groups as columns with interned values: group g has region `regions[region[g]]`, year
 * `years[year[g]]`, and so on. Filters and facets are then decided once per distinct value and summed per
 * group with typed arrays, which keeps facet counting cheap even when nearly every section is a group of its
 * own. The in-process engine builds its table once at load; a distributed engine fills one per answer.
 */
export class FacetGroupTable {
  /** Distinct values; '' is the unknown region, null the unknown year. */
  readonly regions: string[] = [];
  readonly years: Array<number | null> = [];
  readonly parts: Part[] = [];
  readonly kinds: DocKind[] = [];
  /** Per group: ids into the value lists, and the topic bit mask (bit i ↔ TOPIC_LABELS[i]). */
  readonly region: number[] = [];
  readonly year: number[] = [];
  readonly part: number[] = [];
  readonly kind: number[] = [];
  readonly topics: number[] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly valueIds = { region: new Map<string, number>(), year: new Map<number | null, number>(), part: new Map<Part, number>(), kind: new Map<DocKind, number>() };

  get size(): number {
    return this.region.length;
  }

  /** The id of the group with these attributes, added when new. */
  add(group: Omit<FacetGroup, 'count'>): number {
    const key = `${group.region}|${group.year ?? ''}|${group.part}|${group.kind}|${group.topics}`;
    let id = this.groupIds.get(key);
    if (id === undefined) {
      id = this.region.length;
      this.groupIds.set(key, id);
      this.region.push(intern(this.valueIds.region, this.regions, group.region));
      this.year.push(intern(this.valueIds.year, this.years, group.year));
      this.part.push(intern(this.valueIds.part, this.parts, group.part));
      this.kind.push(intern(this.valueIds.kind, this.kinds, group.kind));
      this.topics.push(group.topics);
    }
    return id;
  }

  /** Group g's attributes as one object (for tests and engines that need rows). */
  row(g: number): Omit<FacetGroup, 'count'> {
    return { region: this.regions[this.region[g]], year: this.years[this.year[g]], part: this.parts[this.part[g]], kind: this.kinds[this.kind[g]], topics: this.topics[g] };
  }
}

function intern<T>(ids: Map<T, number>, values: T[], value: T): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = values.length;
    ids.set(value, id);
    values.push(value);
  }
  return id;
}

/** Matching sections counted per group of a table; `counts[g]` for group g (0 for groups the query missed). */
export interface GroupCounts {
  table: FacetGroupTable;
  counts: ArrayLike<number>;
}

/** Group counts from rows such as a GROUP BY answers with (rows of one key from several agents add up). */
export function groupCountsFromRows(rows: FacetGroup[]): GroupCounts {
  const table = new FacetGroupTable();
  const counts: number[] = [];
  for (const row of rows) {
    const g = table.add(row);
    counts[g] = (counts[g] ?? 0) + row.count;
  }
  return { table, counts };
}
