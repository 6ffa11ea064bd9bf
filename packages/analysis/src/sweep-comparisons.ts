/**
 * Part 2 of a sweep report: every pair of arms within each setting, paired by seed, on each compare metric; then
 * one Holm correction across all of them, because a report that asks 30 questions must not find 1.5 winners by luck.
 */
import { DuplicateTrialError } from './errors.js';
import { extendKey, higherIsBetter, metricLabel, metricValue } from './grouping.js';
import { decideComparisons, pairedTest, type Pair, type PairedComparison, type PairedTest } from './paired.js';
import { compareText, groupBy, type PreparedRow, type SweepContext } from './sweep-context.js';
import type { Setting } from './types.js';

/** A decided comparison together with where it was made. */
export interface CellComparison extends PairedComparison {
  /** Deterministic key: setting key, arms, metric. */
  key: string;
  setting: Setting;
}

/** All pairwise arm comparisons of the sweep, Holm-corrected together; ordered by setting, arms, metric. */
export function compareCells(context: SweepContext): CellComparison[] {
  const { options } = context;
  const tests: { test: PairedTest; key: string; setting: Setting }[] = [];
  for (const [settingKey, members] of groupBy(context.rows, (entry) => entry.setting.key)) {
    const setting = (members[0] as PreparedRow).setting;
    const byArm = groupBy(members, (entry) => entry.arm);
    const arms = [...byArm.keys()].sort(compareText);
    const bySeed = new Map(arms.map((arm) => [arm, indexBySeed(setting, arm, byArm.get(arm) ?? [])]));
    for (let i = 0; i < arms.length; i++) {
      for (let j = i + 1; j < arms.length; j++) {
        const a = arms[i] as string;
        const b = arms[j] as string;
        for (const metric of options.compareMetrics) {
          const value = (entry: PreparedRow | undefined): number | null =>
            entry === undefined ? null : metricValue(entry.row, metric, options.memorization ?? undefined);
          const seedsA = bySeed.get(a) ?? new Map<number, PreparedRow>();
          const seedsB = bySeed.get(b) ?? new Map<number, PreparedRow>();
          // A metric neither arm recorded (e.g. no task metric) is not a comparison at all.
          if (
            ![...seedsA.values()].some((e) => value(e) !== null) ||
            ![...seedsB.values()].some((e) => value(e) !== null)
          ) {
            continue;
          }
          const pairs: Pair[] = [];
          for (const [seed, entryA] of seedsA) {
            const valueA = value(entryA);
            const valueB = value(seedsB.get(seed));
            if (valueA !== null && valueB !== null) pairs.push({ seed, a: valueA, b: valueB });
          }
          pairs.sort((p, q) => p.seed - q.seed);
          const key = extendKey(settingKey, a, b, metric);
          const test = pairedTest(
            { a, b, metric, metricLabel: metricLabel(metric, context.metricName), pairs },
            {
              ...context.bootstrap(`compare:${key}`),
              higherIsBetter: higherIsBetter(metric, context.metricName, options.metricHigherIsBetter ?? undefined),
              test: options.test,
            },
          );
          tests.push({ test, key, setting });
        }
      }
    }
  }
  const decided = decideComparisons(
    tests.map((t) => t.test),
    { alpha: options.alpha },
  );
  return decided.map((comparison, index) => {
    const where = tests[index] as (typeof tests)[number];
    return { ...comparison, key: where.key, setting: where.setting };
  });
}

function indexBySeed(setting: Setting, arm: string, entries: readonly PreparedRow[]): Map<number, PreparedRow> {
  const bySeed = new Map<number, PreparedRow>();
  for (const entry of entries) {
    const other = bySeed.get(entry.row.seed);
    if (other !== undefined)
      throw new DuplicateTrialError(setting.label, arm, entry.row.seed, [other.row.id, entry.row.id]);
    bySeed.set(entry.row.seed, entry);
  }
  return bySeed;
}
