import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureAgreement, type Agreement } from '../../src/index/manifest-agreement';

/** The real collections beside the repository (shared/corpora); skipped where they are absent. */
const ROOT = '../shared/corpora';
const BUILD_TIMEOUT_MS = 300_000;
const present = existsSync(ROOT);
if (!present) console.warn(`corpora tests skipped: ${ROOT} not found`);

describe.runIf(present)('real collections, manifests ignored', () => {
  const results = new Map<string, Agreement>();
  const measure = (name: string) => {
    if (!results.has(name)) results.set(name, measureAgreement(`${ROOT}/${name}`));
    return results.get(name)!;
  };

  it.each([
    ['cn-laws-regulations-lawrefbook', 1136],
    ['cn-national-gwr', 18],
    ['cn-provincial-gwr-2026', 31],
    ['cn-statecouncil-policy', 60],
    ['tw-moj-laws-traditional', 292],
  ])('indexes every document of %s without a crash and agrees on region for ≥ 95%%', (name, count) => {
    const a = measure(name);
    // The folder's SOURCE.md is named as skipped, not indexed; nothing else is refused.
    expect(a.problems.map((p) => p.message)).toEqual([`${ROOT}/${name}/SOURCE.md: skipped, SOURCE.md describes the folder and is not one of its documents`]);
    expect(a.documents).toBe(count);
    expect(a.regionSame / a.documents).toBeGreaterThanOrEqual(0.95);
    // Building 21 MB of laws takes half a minute on a quiet machine; on a loaded one it must not fail for time.
  }, BUILD_TIMEOUT_MS);

  it.each(['cn-national-gwr', 'cn-provincial-gwr-2026', 'cn-statecouncil-policy', 'tw-moj-laws-traditional'])(
    'agrees on the year for ≥ 95%% of %s',
    (name) => {
      const a = measure(name);
      expect(a.yearSame / a.dated).toBeGreaterThanOrEqual(0.95);
    },
  );

  it('agrees on the year for ≥ 95% of the laws whose manifest year the text states at all', () => {
    // The manifest takes most law years from file-name dates (publication after approval) that the text never states.
    const a = measure('cn-laws-regulations-lawrefbook');
    expect(a.yearStatedSame / a.yearStated).toBeGreaterThanOrEqual(0.95);
    expect(a.yearSame / a.dated).toBeGreaterThanOrEqual(0.8);
  });
});
