/**
 * Part 3a of a sweep report: Pareto frontiers of (size, loss) per task, for validation and test loss, over single
 * trials (what was actually achieved) and over group means (what a configuration reliably achieves).
 * Across arms and hyperparameters on purpose: the frontier is "the best loss any configuration bought at this size".
 *
 * Size is the parameter budget when trials were sized from one: cells widened to meet a budget of 3,000 land at
 * 3,022 or 3,043 parameters only because widths are whole numbers, and a 21-parameter difference must not put both
 * on the frontier (issue 19). So trials of one budget are one size, and the frontier at a single budget is simply
 * "the best at budget 3,000". Width sweeps (no budget) keep their real parameter counts, which genuinely differ.
 */
import { mean, median } from './describe.js';
import { formatCount, formatNumber } from './format.js';
import { metricValue } from './grouping.js';
import { paretoFrontier } from './pareto.js';
import { compareText, groupBy, type PreparedRow, type SweepContext } from './sweep-context.js';
import { groupKeyOf } from './sweep-groups.js';

export interface FrontierEntry {
  /** Trial id (trial frontier) or group key (group-mean frontier). */
  id: string;
  arm: string;
  /** The setting label, so the reader sees which configuration it was. */
  setting: string;
  /** Parameters of the trial (median over the group's seeds for a group mean). */
  paramCount: number;
  /** The budget the trial was sized from; null in width sweeps. Entries of one budget are one size. */
  budget: number | null;
  loss: number;
  /** Trials behind the point (1 for a trial). */
  n: number;
}

export interface Frontier {
  task: string;
  metric: 'valLoss' | 'testLoss';
  /** Non-dominated trials in ascending size (budget, else paramCount). */
  trials: FrontierEntry[];
  /** Non-dominated group means (over seeds, finite values only) in ascending size. */
  groupMeans: FrontierEntry[];
  /** The task's groups differ in more than cell and size (layers, hyperparameters): the sentence then names them. */
  settingsVary: boolean;
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
          const { id, paramCount, paramBudget: budget } = row;
          trials.push({ id, arm, setting: setting.label, paramCount, budget, loss, n: 1 });
        }
      }
      const means: FrontierEntry[] = [];
      for (const [key, group] of groupBy(members, groupKeyOf)) {
        const entry = groupMeanEntry(key, group, metric);
        if (entry !== null) means.push(entry);
      }
      if (trials.length === 0) continue;
      const settingsVary = new Set(means.map((entry) => settingDetail(entry.setting, task))).size > 1;
      frontiers.push({ task, metric, trials: frontierBySize(trials), groupMeans: frontierBySize(means), settingsVary });
    }
  }
  return frontiers;
}

function groupMeanEntry(
  key: string,
  group: readonly PreparedRow[],
  metric: 'valLoss' | 'testLoss',
): FrontierEntry | null {
  const losses = group
    .map(({ row }) => metricValue(row, metric))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const first = group[0];
  if (losses.length === 0 || first === undefined) return null;
  return {
    id: key,
    arm: first.arm,
    setting: first.setting.label,
    paramCount: median(group.map(({ row }) => row.paramCount)),
    budget: first.row.paramBudget,
    loss: mean(losses),
    n: losses.length,
  };
}

/** The size an entry is placed at: its budget when it was sized from one, else its parameter count. */
export function frontierSize(entry: Pick<FrontierEntry, 'budget' | 'paramCount'>): number {
  return entry.budget ?? entry.paramCount;
}

/** Pareto frontier with budgeted entries placed at their budget; returned in ascending size, then loss and id. */
function frontierBySize(entries: readonly FrontierEntry[]): FrontierEntry[] {
  const placed = entries.map((entry) => ({ id: entry.id, paramCount: frontierSize(entry), loss: entry.loss, entry }));
  return paretoFrontier(placed).map((point) => point.entry);
}

/**
 * The frontier in one sentence. One budget: "best at budget 3,000: lstm (mean test loss 0.0123)". Several sizes:
 * "best mean test loss for its size (Pareto frontier): budget 3,000: gru → 0.02; budget 30,000: lstm → 0.01".
 */
export function frontierSentence(frontier: Frontier): string | null {
  const points = frontier.groupMeans;
  const first = points[0];
  if (first === undefined) return null;
  const prefix = frontier.task === '' ? '' : `${frontier.task}: `;
  const label = frontier.metric === 'testLoss' ? 'test loss' : 'validation loss';
  const sizes = [...new Set(points.map(frontierSize))];
  const armOf = (p: FrontierEntry): string =>
    frontier.settingsVary ? `${p.arm} (${settingDetail(p.setting, frontier.task)})` : p.arm;
  if (sizes.length === 1 && first.budget !== null) {
    const arms = points.map(armOf).join(' and ');
    return `${prefix}best at budget ${formatCount(first.budget)}: ${arms} (mean ${label} ${formatNumber(first.loss)})`;
  }
  const parts = points.map((p) =>
    p.budget === null
      ? `${armOf(p)} at ${formatCount(p.paramCount)} params → ${formatNumber(p.loss)}`
      : `budget ${formatCount(p.budget)}: ${armOf(p)} → ${formatNumber(p.loss)}`,
  );
  return `${prefix}best mean ${label} for its size (Pareto frontier): ${parts.join('; ')}`;
}

/** A setting label without its task and size: "2 layers · learningRate=0.01". */
function settingDetail(label: string, task: string): string {
  return label
    .split(' · ')
    .filter((part) => part !== task && !/^(budget|hidden) [\d,]+$/.test(part))
    .join(' · ');
}
