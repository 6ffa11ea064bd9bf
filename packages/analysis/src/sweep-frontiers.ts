/**
 * Part 3a of a sweep report: Pareto frontiers of (paramCount, loss) per task, for validation and test loss, over
 * single trials (what was actually achieved) and over group means (what a configuration reliably achieves).
 * Across arms and hyperparameters on purpose: the frontier is "the best loss any configuration bought at this size".
 */
import { mean, median } from './describe.js';
import { metricValue } from './grouping.js';
import { paretoFrontier } from './pareto.js';
import { compareText, groupBy, type SweepContext } from './sweep-context.js';
import { groupKeyOf } from './sweep-groups.js';

export interface FrontierEntry {
  /** Trial id (trial frontier) or group key (group-mean frontier). */
  id: string;
  arm: string;
  /** The setting label, so the reader sees which configuration it was. */
  setting: string;
  paramCount: number;
  loss: number;
  /** Trials behind the point (1 for a trial). */
  n: number;
}

export interface Frontier {
  task: string;
  metric: 'valLoss' | 'testLoss';
  /** Non-dominated trials in ascending paramCount. */
  trials: FrontierEntry[];
  /** Non-dominated group means (over seeds, finite values only) in ascending paramCount. */
  groupMeans: FrontierEntry[];
}

export function buildFrontiers(context: SweepContext): Frontier[] {
  const frontiers: Frontier[] = [];
  const byTask = groupBy(context.rows, (entry) => entry.setting.task);
  for (const task of [...byTask.keys()].sort(compareText)) {
    const members = byTask.get(task) ?? [];
    for (const metric of ['valLoss', 'testLoss'] as const) {
      const trials: FrontierEntry[] = [];
      for (const { row, arm, setting } of members) {
        const loss = metricValue(row, metric);
        if (loss !== null && Number.isFinite(loss)) {
          trials.push({ id: row.id, arm, setting: setting.label, paramCount: row.paramCount, loss, n: 1 });
        }
      }
      const means: FrontierEntry[] = [];
      for (const [key, group] of groupBy(members, groupKeyOf)) {
        const losses = group.map(({ row }) => metricValue(row, metric)).filter((v): v is number => v !== null && Number.isFinite(v));
        const first = group[0];
        if (losses.length === 0 || first === undefined) continue;
        means.push({
          id: key,
          arm: first.arm,
          setting: first.setting.label,
          paramCount: median(group.map(({ row }) => row.paramCount)),
          loss: mean(losses),
          n: losses.length,
        });
      }
      if (trials.length === 0) continue;
      frontiers.push({ task, metric, trials: paretoFrontier(trials), groupMeans: paretoFrontier(means) });
    }
  }
  return frontiers;
}
