/**
 * Part of a sweep report: the gradient slope per group (setting × arm), before and after training. Each trial's
 * slope is the least-squares slope of ln ‖∂loss_T/∂x_t‖ per step back from the end (core's `gradientSlope`); here
 * they are summarised over seeds with the same mean CI as every other group statistic (`summarise`), and the CI
 * decides the regime:
 *
 * - vanishing: the whole CI below −0.01 per step (`STABLE_SLOPE_PER_STEP`)
 * - exploding: the whole CI above +0.01
 * - stable:    the whole CI inside [−0.01, +0.01]
 * - unclear:   the CI crosses ±0.01: these seeds cannot tell (a single trial is judged on its value alone)
 *
 * "Whole CI" as for parameter-count trends: a regime is stated only when every value the interval allows agrees.
 */
import { gradientRegime, STABLE_SLOPE_PER_STEP, type GradientRegime } from '@cellsweep/core';
import { median } from './describe.js';
import { summarise } from './summarise.js';
import { compareText, groupBy, type PreparedRow, type SweepContext } from './sweep-context.js';
import { groupKeyOf } from './sweep-groups.js';
import type { Interval, MetricSummary, Setting } from './types.js';

export type SlopeRegime = GradientRegime | 'unclear';

/** One probe (initial or final) of one group, over its seeds. */
export interface GradientSlopeSummary {
  /** Per-step log-slopes (ln per step back) over the group's measured trials: n, mean, sd, CI, ... */
  slope: MetricSummary;
  /** Read off `slope.ci` (or the single value when there is no CI); see the module comment. */
  regime: SlopeRegime;
  /** How many of the trials, one by one, are vanishing / stable / exploding. */
  trialRegimes: Record<GradientRegime, number>;
}

export interface GradientSlopeStats {
  /** The group's key: the same as its `GroupStats.key`. */
  key: string;
  setting: Setting;
  arm: string;
  cell: string;
  paramCount: number | null;
  /** Counted trials of the group; those without a slope (not measured, or no gradient) are left out of the summaries. */
  trials: number;
  /** Slope of the untrained model; null when no trial of the group has one (e.g. stored before it was measured). */
  initial: GradientSlopeSummary | null;
  /** Slope with the final weights; null when no trial of the group has one. */
  final: GradientSlopeSummary | null;
}

/** The regime a CI of the mean slope supports (see the module comment); `tolerance` per step. */
export function slopeRegime(ci: Interval, tolerance: number = STABLE_SLOPE_PER_STEP): SlopeRegime {
  const [low, high] = ci;
  if (high < -tolerance) return 'vanishing';
  if (low > tolerance) return 'exploding';
  if (low >= -tolerance && high <= tolerance) return 'stable';
  return 'unclear';
}

/** Gradient slopes of every group with at least one measured slope, ordered like `GroupStats` (setting, arm). */
export function describeGradientSlopes(context: SweepContext): GradientSlopeStats[] {
  const stats: GradientSlopeStats[] = [];
  for (const [key, members] of groupBy(context.rows, groupKeyOf)) {
    const first = members[0] as PreparedRow;
    const initial = summariseSlopes(
      members.map(({ row }) => row.initialGradientSlope ?? null),
      context.bootstrap(`gradient:${key}:initial`),
    );
    const final = summariseSlopes(
      members.map(({ row }) => row.gradientSlope ?? null),
      context.bootstrap(`gradient:${key}:final`),
    );
    if (initial === null && final === null) continue;
    stats.push({
      key,
      setting: first.setting,
      arm: first.arm,
      cell: first.row.cell,
      paramCount: median(members.map(({ row }) => row.paramCount)),
      trials: members.length,
      initial,
      final,
    });
  }
  return stats.sort((g, h) => compareText(g.setting.key, h.setting.key) || compareText(g.arm, h.arm));
}

function summariseSlopes(
  values: readonly (number | null)[],
  options: Parameters<typeof summarise>[1],
): GradientSlopeSummary | null {
  const slope = summarise(values, options);
  if (slope === null) return null;
  const trialRegimes: Record<GradientRegime, number> = { vanishing: 0, stable: 0, exploding: 0 };
  for (const value of values) {
    if (value === null || !Number.isFinite(value)) continue;
    trialRegimes[gradientRegime(value)]++;
  }
  return { slope, regime: slopeRegime(slope.ci ?? [slope.mean, slope.mean]), trialRegimes };
}
