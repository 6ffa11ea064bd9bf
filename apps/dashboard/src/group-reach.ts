/**
 * Gradient reach per group of @cellsweep/analysis (task × setting × cell × size), the groups every other statistic
 * uses: mean reach of the untrained model and of the final weights over the group's completed trials that measured
 * it. Before, this table was per cell, pooling tasks, sizes and hyperparameters (issue 19).
 */
import { extent, mean } from '@cellsweep/analysis';
import type { TrialPoint } from '@cellsweep/store';
import type { DashboardGroup, GroupMembers } from './sweep-view.js';

export interface GroupGradientReach {
  key: string;
  setting: DashboardGroup['setting'];
  arm: string;
  cell: string;
  /** Completed trials of the group, and how many of them recorded a final / an initial reach. */
  completed: number;
  measured: number;
  initialMeasured: number;
  meanInitialReach: number | null;
  meanReach: number | null;
  minReach: number | null;
  maxReach: number | null;
}

/** One row per analysis group, in the analysis's order; unmeasured trials are left out of the means. */
export function reachByGroup(
  groups: readonly DashboardGroup[],
  members: GroupMembers,
  trials: readonly TrialPoint[],
): GroupGradientReach[] {
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  return groups.map((group) => {
    const ofGroup = (members.get(group.key) ?? []).flatMap((id) => byId.get(id) ?? []);
    const finals = measured(ofGroup.map((trial) => trial.gradientReach));
    const initials = measured(ofGroup.map((trial) => trial.initialGradientReach));
    const [minReach, maxReach] = finals.length === 0 ? [null, null] : extent(finals);
    return {
      key: group.key,
      setting: group.setting,
      arm: group.arm,
      cell: group.cell,
      completed: ofGroup.length,
      measured: finals.length,
      initialMeasured: initials.length,
      meanInitialReach: initials.length === 0 ? null : mean(initials),
      meanReach: finals.length === 0 ? null : mean(finals),
      minReach,
      maxReach,
    };
  });
}

function measured(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null && Number.isFinite(value));
}
