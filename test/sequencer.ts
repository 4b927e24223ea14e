/**
 * The order test files start in: the long ones first, so the two workers finish together. vitest
 * orders by the durations of the last run it remembers, and on a fresh clone (CI) by file size, which
 * put the npm install from git (then a 59-line file of its own, about a third of the run's wall
 * time) near the end, where it ran alone. The files below (longest first, as measured on the 2-core VM) start first,
 * in this order; the rest follow in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONG_FILES: readonly string[] = [
  'test/package/installed.test.ts',
  'test/upstream/dead-keys.test.ts',
  'test/upstream/value-effects.test.ts',
  'test/diff/scenarios.test.ts',
  'test/upstream/chart.test.ts',
  'test/template/edited-copy.test.ts',
  'test/write/crash-safety.test.ts',
  'test/upstream/property.test.ts',
  'test/upstream/upgrade-review.test.ts',
  'test/routers/real-daemons.test.ts',
  'test/docs/api-reference.test.ts',
];

export default class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = LONG_FILES.findIndex((f) => spec.moduleId.endsWith(`/${f}`));
      return i < 0 ? LONG_FILES.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
