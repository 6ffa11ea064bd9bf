/**
 * The one order of a setting's rows (size × cell) in every CLI table of groups: `run`'s summary, `results`,
 * `inspect` and `compare` (QA: compare listed cells by parameter count, the run summary by test loss, so the same
 * sweep read in two orders). Smallest size first; within a size the best mean test loss first (a leaderboard),
 * groups without one last, then by cell name.
 */
import type { GroupStats } from '@cellsweep/analysis';

export function bySizeThenTestLoss(g: GroupStats, h: GroupStats): number {
  const loss = (group: GroupStats): number => group.metrics.testLoss?.mean ?? Number.POSITIVE_INFINITY;
  const byArm = g.arm < h.arm ? -1 : g.arm > h.arm ? 1 : 0;
  // Infinity − Infinity is NaN: two groups without a loss fall through to the cell name.
  return g.setting.size.value - h.setting.size.value || loss(g) - loss(h) || byArm;
}
