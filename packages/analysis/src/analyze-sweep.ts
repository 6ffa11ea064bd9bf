/**
 * The report builder: rows in, one JSON-serialisable `SweepAnalysis` out, which the CLI prints (table or
 * `--format json`) and the HTML report and dashboard render. Everything in it is deterministic for given rows and
 * options: keys are sorted, and every bootstrap draws from a stream derived from the base seed and its own key.
 */
import { formatCount, plural } from './format.js';
import { describeGradientSlopes, type GradientSlopeStats } from './gradient-slopes.js';
import { compareCells, type CellComparison } from './sweep-comparisons.js';
import { prepareSweep, type AnalyzeOptions, type ResolvedOptions } from './sweep-context.js';
import { buildFrontiers, frontierSentence, type Frontier } from './sweep-frontiers.js';
import { hyperparameterImportance, type HyperparameterImportance } from './importance.js';
import { describeGroups, type GroupStats } from './sweep-groups.js';
import { buildTrends, type SeriesTrend } from './sweep-trends.js';
import type { TrialRow } from './types.js';

export interface SweepAnalysis {
  /** The options as applied. */
  options: ResolvedOptions;
  counts: {
    rows: number;
    /** Rows with a counted status. */
    analysed: number;
    /** Rows left out, per status. */
    excluded: Record<string, number>;
  };
  /** Descriptive statistics per setting × arm. */
  groups: GroupStats[];
  /** Every pair of arms per setting and compare metric, Holm-corrected together. */
  comparisons: CellComparison[];
  /** Pareto frontiers of (size, validation/test loss) per task; trials of one budget are one size. */
  frontiers: Frontier[];
  /** Loss against parameter count per series. */
  trends: SeriesTrend[];
  /** Per-step log-slope of the gradient norm per group, untrained and trained: vanishing, stable or exploding. */
  gradientSlopes: GradientSlopeStats[];
  /**
   * fANOVA importance of each varying field (and pair) for validation loss, per task with two or more varying
   * fields (importance.ts); empty when nothing varies enough.
   */
  importance: HyperparameterImportance[];
  /**
   * Plain-words findings, in reading order: what was analysed, declared winners (strongest first), comparisons
   * without a winner, trends with parameter count, and the test-loss frontier.
   */
  verdicts: string[];
}

/**
 * Analyses a sweep's trial rows: group statistics with Student-t CIs, seed-paired comparisons of every pair of
 * cells with exact Wilcoxon/sign-flip tests and Holm correction, Pareto frontiers, and parameter-count trends.
 */
export function analyzeSweep(rows: readonly TrialRow[], options: AnalyzeOptions = {}): SweepAnalysis {
  const context = prepareSweep(rows, options);
  const groups = describeGroups(context);
  const comparisons = compareCells(context);
  const frontiers = buildFrontiers(context);
  const trends = buildTrends(context);
  const counts = { rows: rows.length, analysed: context.rows.length, excluded: context.excluded };
  return {
    options: context.options,
    counts,
    groups,
    comparisons,
    frontiers,
    trends,
    gradientSlopes: describeGradientSlopes(context),
    importance: hyperparameterImportance(rows, { seed: context.options.seed, statuses: context.options.statuses }),
    verdicts: verdictLines(counts, groups, comparisons, frontiers, trends),
  };
}

/** The descriptive part of a sweep analysis: what every table and chart of groups and frontiers draws. */
export type SweepDescription = Pick<SweepAnalysis, 'options' | 'counts' | 'groups' | 'frontiers'>;

/**
 * Groups and frontiers without the paired tests, trends and gradient slopes: cheap enough for a live dashboard, and
 * the same numbers `analyzeSweep` gives for them with the same rows and options.
 */
export function describeSweep(rows: readonly TrialRow[], options: AnalyzeOptions = {}): SweepDescription {
  const context = prepareSweep(rows, options);
  return {
    options: context.options,
    counts: { rows: rows.length, analysed: context.rows.length, excluded: context.excluded },
    groups: describeGroups(context),
    frontiers: buildFrontiers(context),
  };
}

function verdictLines(
  counts: SweepAnalysis['counts'],
  groups: readonly GroupStats[],
  comparisons: readonly CellComparison[],
  frontiers: readonly Frontier[],
  trends: readonly SeriesTrend[],
): string[] {
  const lines: string[] = [];
  const left = Object.entries(counts.excluded)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([status, count]) => `${formatCount(count)} ${status}`);
  lines.push(
    `analysed ${formatCount(counts.analysed)} of ${plural(counts.rows, 'trial')}` +
      (left.length === 0 ? '' : ` (left out: ${left.join(', ')})`),
  );
  const diverged = groups.reduce((sum, group) => sum + (group.metrics.testLoss?.nonFinite ?? 0), 0);
  if (diverged > 0) {
    lines.push(
      `${plural(diverged, 'trial')} ended with a non-finite test loss (diverged) and ${diverged === 1 ? 'is' : 'are'} left out of the statistics`,
    );
  }

  const winners = comparisons
    .filter((c) => c.winner !== null)
    .sort((c, d) => (c.pHolm ?? 1) - (d.pHolm ?? 1) || (c.key < d.key ? -1 : c.key > d.key ? 1 : 0));
  for (const c of winners) lines.push(`${c.setting.label}: ${c.verdict}`);
  for (const c of comparisons) if (c.winner === null) lines.push(`${c.setting.label}: ${c.verdict}`);
  if (comparisons.length === 0) lines.push('no setting has two arms with results, so there is nothing to compare');

  for (const trend of trends) lines.push(trend.summary);

  for (const frontier of frontiers) {
    const sentence = frontier.metric === 'testLoss' ? frontierSentence(frontier) : null;
    if (sentence !== null) lines.push(sentence);
  }
  return lines;
}
