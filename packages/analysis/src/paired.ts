/**
 * Paired comparison of two arms over shared seeds: the evidence behind "gru beats lstm on test loss".
 *
 * Pairing by seed matters: the same seed gives both arms the same data and the same data order, so the difference
 * within a pair cancels the (often large) seed-to-seed variation that an unpaired test would have to fight.
 *
 * One comparison is computed in two steps so a report can correct many at once: `pairedTest` does the per-pair
 * arithmetic, `decideComparisons` applies Holm across the family and only then names winners.
 */
import type { BootstrapOptions } from './bootstrap.js';
import { mean } from './describe.js';
import { cohensDz, rankBiserial } from './effect-size.js';
import { AnalysisArgumentError } from './errors.js';
import { holmAdjust } from './holm.js';
import { intervalCaution, studentTMeanCi } from './mean-interval.js';
import { nearlyEqual } from './ranks.js';
import { adviseSeeds, type PowerMethod } from './seeds-needed.js';
import { signFlipTest } from './sign-flip.js';
import type { CiMethod, Interval } from './types.js';
import { describeComparison } from './verdict.js';
import { wilcoxonSignedRank } from './wilcoxon.js';

/** One seed's result for both arms. */
export interface Pair {
  seed: number;
  a: number;
  b: number;
}

/** Which exact test supplies the p-value that decides. Both are always computed and reported. */
export type PairedTestName = 'wilcoxon' | 'sign-flip';

/** `level` is the CI's confidence level (default 0.95); `seed` seeds the sign-flip test's Monte Carlo. */
export interface PairedTestOptions extends BootstrapOptions {
  /** True for metrics where bigger is better (accuracy). Default false: lower loss is better. */
  higherIsBetter?: boolean;
  /**
   * Default 'wilcoxon': ranks make it robust to one diverged or lucky seed, which dominates the sign-flip test's sum.
   * Pick 'sign-flip' to test the mean difference itself.
   */
  test?: PairedTestName;
  /** Monte Carlo patterns for the sign-flip test above 20 non-zero pairs. Default 100,000. */
  permutationResamples?: number;
}

/** The arithmetic of one comparison, before multiple-comparison correction. Differences are a − b. */
export interface PairedTest {
  a: string;
  b: string;
  metric: string;
  /** How the metric reads in a sentence ("test loss"). */
  metricLabel: string;
  higherIsBetter: boolean;
  /** Pairs used (both values finite). */
  n: number;
  /** Pairs with a non-zero difference: what the exact tests' n is. Differences within 1e-9 relative are zero. */
  nonZero: number;
  /** Pairs left out because a value was NaN/±Infinity (a diverged run); the verdict says how many. */
  droppedPairs: number;
  /** Mean of a − b; null with no pairs. */
  meanDiff: number | null;
  /** Student-t CI of the mean difference (see mean-interval.ts); null with fewer than two pairs. */
  ci: Interval | null;
  ciMethod: CiMethod;
  /** Why `ci` may cover less than its level (fewer than 5 pairs, or strongly skewed differences); else null. */
  ciCaution: string | null;
  test: PairedTestName;
  /** The deciding test's two-sided p-value; null with no pairs (then the comparison is not in the Holm family). */
  pValue: number | null;
  pWilcoxon: number | null;
  pSignFlip: number | null;
  /** Smallest p the deciding test could give with this many non-zero pairs (2/2^n when exact). */
  minAttainableP: number | null;
  effectSize: { dz: number | null; rankBiserial: number | null };
  /** Which arm the deciding test's statistic points to as better (before asking whether it is significant). */
  favours: 'a' | 'b' | null;
}

/** A decided comparison: the verdict object the report lists. */
export interface PairedComparison extends PairedTest {
  /** Holm-adjusted p across the family it was decided in; null when `pValue` is. */
  pHolm: number | null;
  familySize: number;
  alpha: number;
  /** Only when pHolm < alpha. */
  winner: 'a' | 'b' | null;
  /** One plain-words sentence. */
  verdict: string;
  /** More seeds that would likely settle it; null when more seeds are not the answer (see `adviseSeeds`). */
  seedsNeeded: number | null;
  canReachAlpha: boolean;
  minSeedsForAlpha: number;
  /** The Holm p this comparison would get at its n if every untied pair favoured one arm (see `adviseSeeds`). */
  bestHolmP: number;
  seedsFor80Power: number | null;
  /** How `seedsFor80Power` was worked out: simulated exact Wilcoxon power, or the normal approximation. */
  powerMethod: PowerMethod | null;
}

/** The arithmetic of comparing arm `a` with arm `b` on one metric over seed-matched pairs. */
export function pairedTest(
  input: { a: string; b: string; metric: string; metricLabel?: string; pairs: readonly Pair[] },
  options: PairedTestOptions = {},
): PairedTest {
  const seeds = new Set<number>();
  for (const pair of input.pairs) {
    if (seeds.has(pair.seed)) throw new AnalysisArgumentError('pairs', `seed ${pair.seed} appears twice`);
    seeds.add(pair.seed);
  }
  const usable = input.pairs.filter((pair) => Number.isFinite(pair.a) && Number.isFinite(pair.b));
  // A difference that is only rounding noise (equal losses computed two ways) is a tie, i.e. a zero.
  const differences = usable.map((pair) => (nearlyEqual(pair.a, pair.b) ? 0 : pair.a - pair.b));
  const test = options.test ?? 'wilcoxon';
  const base = {
    a: input.a,
    b: input.b,
    metric: input.metric,
    metricLabel: input.metricLabel ?? input.metric,
    higherIsBetter: options.higherIsBetter ?? false,
    n: usable.length,
    droppedPairs: input.pairs.length - usable.length,
    test,
    ciMethod: 'student-t' as const,
  };
  if (differences.length === 0) {
    return {
      ...base,
      nonZero: 0,
      meanDiff: null,
      ci: null,
      ciCaution: null,
      pValue: null,
      pWilcoxon: null,
      pSignFlip: null,
      minAttainableP: null,
      effectSize: { dz: null, rankBiserial: null },
      favours: null,
    };
  }
  const wilcoxon = wilcoxonSignedRank(differences);
  const signFlip = signFlipTest(differences, {
    ...(options.permutationResamples === undefined ? {} : { resamples: options.permutationResamples }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const direction =
    test === 'wilcoxon'
      ? Math.sign(wilcoxon.wPlus - wilcoxon.wMinus)
      : Math.sign(differences.reduce((sum, d) => sum + d, 0));
  // direction > 0: a is larger. The larger arm is better only for higher-is-better metrics.
  const aBetter = base.higherIsBetter ? direction > 0 : direction < 0;
  return {
    ...base,
    nonZero: wilcoxon.n,
    meanDiff: mean(differences),
    ci: studentTMeanCi(differences, options.level),
    ciCaution: intervalCaution(differences, 'pairs'),
    pValue: test === 'wilcoxon' ? wilcoxon.pValue : signFlip.pValue,
    pWilcoxon: wilcoxon.pValue,
    pSignFlip: signFlip.pValue,
    minAttainableP: test === 'wilcoxon' ? wilcoxon.minAttainableP : signFlip.minAttainableP,
    effectSize: { dz: cohensDz(differences), rankBiserial: rankBiserial(wilcoxon.wPlus, wilcoxon.wMinus) },
    favours: direction === 0 ? null : aBetter ? 'a' : 'b',
  };
}

/**
 * Holm-corrects a family of tests (Holm 1979) and decides each: a winner only when its Holm p < alpha (default
 * 0.05), otherwise "no significant difference", with advice on seeds when too few could ever decide. Tests without
 * a p-value (no shared seeds) are reported but are not part of the family.
 */
export function decideComparisons(tests: readonly PairedTest[], options: { alpha?: number } = {}): PairedComparison[] {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new AnalysisArgumentError('alpha', `must be in (0, 1), got ${alpha}`);
  const tested = tests.flatMap((test, index) => (test.pValue === null ? [] : [index]));
  const adjusted = holmAdjust(tested.map((index) => tests[index]?.pValue as number));
  const pHolmByIndex = new Map(tested.map((index, k) => [index, adjusted[k] as number]));
  const familySize = Math.max(1, tested.length);
  // The family's p-values sorted once; a member's others are this list without one copy of its own p. Each member
  // still gets its own copy (O(m) each, O(m^2) over the family), but an ordered one, so the seed advice's sort of
  // it is a linear pass instead of O(m log m) per member.
  const sortedFamily = tested.map((index) => tests[index]?.pValue as number).sort((p, q) => p - q);
  const othersOf = (pValue: number | null): number[] => {
    if (pValue === null) return sortedFamily;
    const at = sortedFamily.indexOf(pValue);
    return [...sortedFamily.slice(0, at), ...sortedFamily.slice(at + 1)];
  };

  return tests.map((test, index) => {
    const pHolm = pHolmByIndex.get(index) ?? null;
    const significant = pHolm !== null && pHolm < alpha && test.favours !== null;
    const advice = adviseSeeds({
      n: test.nonZero,
      dz: test.effectSize.dz,
      meanDiff: test.meanDiff ?? 0,
      significant,
      alpha,
      familySize,
      // Holm is step-down: what this comparison needs depends on the other p-values of its family.
      otherPValues: othersOf(test.pValue),
      test: test.test,
    });
    const decided = {
      ...test,
      pHolm,
      familySize,
      alpha,
      winner: significant ? test.favours : null,
      seedsNeeded: advice.seedsNeeded,
      canReachAlpha: advice.canReachAlpha,
      minSeedsForAlpha: advice.minSeedsForAlpha,
      bestHolmP: advice.bestHolmP,
      seedsFor80Power: advice.seedsFor80Power,
      powerMethod: advice.powerMethod,
    };
    return { ...decided, verdict: describeComparison(decided) };
  });
}

/** `pairedTest` and `decideComparisons` for a single comparison (a family of one: no Holm inflation). */
export function comparePaired(
  input: { a: string; b: string; metric: string; metricLabel?: string; pairs: readonly Pair[] },
  options: PairedTestOptions & { alpha?: number } = {},
): PairedComparison {
  return decideComparisons([pairedTest(input, options)], options)[0] as PairedComparison;
}
