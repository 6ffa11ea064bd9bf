/**
 * What the sweep page draws, computed once per sweep version on the server: compact chart points (only the
 * hyperparameters that vary), seed groups with CIs and box-plot quartiles, per-cell distributions, and the Pareto
 * frontier. Shipping these instead of trial rows keeps a 10,000-trial sweep page to a couple of MB and one request.
 */
import type { TrialPoint, TrialStatus } from '@cellsweep/store';
import { valuesAt, varyingHyperparameters, type HyperparameterFacet, type HyperValue } from './hyperparameters.js';
import { paretoFrontier, summarise, type Summary } from './seed-stats.js';

export interface ChartPoint {
  id: string;
  ordinal: number;
  cell: string;
  paramCount: number;
  paramBudget: number | null;
  hidden: number;
  layers: number;
  seed: number;
  status: TrialStatus;
  trainLoss: number | null;
  valLoss: number | null;
  testLoss: number | null;
  /** Generalization gap: test − train loss (as the trainer reported it, else computed). */
  gap: number | null;
  valMetric: number | null;
  testMetric: number | null;
  /** Values of `SweepPoints.hyperparameters`, in the same order. */
  hp: HyperValue[];
  updatedAt: string;
}

export interface SweepPoints {
  hyperparameters: HyperparameterFacet[];
  metricName: string | null;
  points: ChartPoint[];
}

export interface SeedGroup {
  key: string;
  cell: string;
  /** 'budget' when the sweep fixed parameter budgets, else 'hidden' (a width sweep). */
  sizeKind: 'budget' | 'hidden';
  size: number;
  layers: number;
  hp: HyperValue[];
  /** Mean parameter count of the group (cells solved for one budget differ slightly). */
  paramCount: number;
  trials: number;
  valLoss: Summary | null;
  testLoss: Summary | null;
  gap: Summary | null;
}

export interface SweepAnalysisView {
  completed: number;
  notCompleted: number;
  groups: SeedGroup[];
  /** Per cell, over every completed trial (all sizes). */
  cells: { cell: string; valLoss: Summary | null; testLoss: Summary | null }[];
  /** Trial ids on the parameter-count vs validation-loss frontier, by increasing size. */
  frontier: string[];
  /** Same, over seed-group means (a frontier that one lucky seed cannot make). */
  groupFrontier: string[];
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function gapOf(point: TrialPoint): number | null {
  if (point.generalizationGap !== null) return point.generalizationGap;
  if (point.testLoss !== null && point.trainLoss !== null) return point.testLoss - point.trainLoss;
  return null;
}

export function buildSweepPoints(trials: readonly TrialPoint[]): SweepPoints {
  const hyperparameters = varyingHyperparameters(trials.map((trial) => trial.config));
  const paths = hyperparameters.map((facet) => facet.path);
  return {
    hyperparameters,
    metricName: trials.find((trial) => trial.metricName !== null)?.metricName ?? null,
    points: trials.map((trial) => ({
      id: trial.id,
      ordinal: trial.ordinal,
      cell: trial.cell,
      paramCount: trial.paramCount,
      paramBudget: trial.paramBudget,
      hidden: trial.hidden,
      layers: trial.layers,
      seed: trial.seed,
      status: trial.status,
      trainLoss: finiteOrNull(trial.trainLoss),
      valLoss: finiteOrNull(trial.valLoss),
      testLoss: finiteOrNull(trial.testLoss),
      gap: finiteOrNull(gapOf(trial)),
      valMetric: finiteOrNull(trial.valMetric),
      testMetric: finiteOrNull(trial.testMetric),
      hp: valuesAt(trial.config, paths),
      updatedAt: trial.updatedAt.toISOString(),
    })),
  };
}

export function buildSweepAnalysis(trials: readonly TrialPoint[], points: SweepPoints): SweepAnalysisView {
  const completed = trials.filter((trial) => trial.status === 'COMPLETED');
  const byId = new Map(points.points.map((point) => [point.id, point]));
  const groups = new Map<string, { first: ChartPoint; members: TrialPoint[] }>();
  for (const trial of completed) {
    const point = byId.get(trial.id);
    if (!point) continue;
    const size = trial.paramBudget ?? trial.hidden;
    const key = JSON.stringify([trial.cell, trial.paramBudget === null ? 'hidden' : 'budget', size, trial.layers, point.hp]);
    const group = groups.get(key);
    if (group) group.members.push(trial);
    else groups.set(key, { first: point, members: [trial] });
  }
  const seedGroups: SeedGroup[] = [...groups.entries()].map(([key, { first, members }]) => ({
    key,
    cell: first.cell,
    sizeKind: first.paramBudget === null ? 'hidden' : 'budget',
    size: first.paramBudget ?? first.hidden,
    layers: first.layers,
    hp: first.hp,
    paramCount: members.reduce((sum, trial) => sum + trial.paramCount, 0) / members.length,
    trials: members.length,
    valLoss: summarise(members.map((trial) => trial.valLoss)),
    testLoss: summarise(members.map((trial) => trial.testLoss)),
    gap: summarise(members.map(gapOf)),
  }));
  seedGroups.sort((a, b) => a.cell.localeCompare(b.cell) || a.size - b.size || a.layers - b.layers || a.key.localeCompare(b.key));

  const cells = [...new Set(completed.map((trial) => trial.cell))].sort().map((cell) => {
    const ofCell = completed.filter((trial) => trial.cell === cell);
    return { cell, valLoss: summarise(ofCell.map((t) => t.valLoss)), testLoss: summarise(ofCell.map((t) => t.testLoss)) };
  });

  const frontier = paretoFrontier(
    completed.map((trial) => ({ id: trial.id, paramCount: trial.paramCount, loss: trial.valLoss ?? Number.NaN })),
  ).map((point) => point.id);
  const groupFrontier = paretoFrontier(
    seedGroups.map((group) => ({ id: group.key, paramCount: group.paramCount, loss: group.valLoss?.mean ?? Number.NaN })),
  ).map((point) => point.id);

  return {
    completed: completed.length,
    notCompleted: trials.length - completed.length,
    groups: seedGroups,
    cells,
    frontier,
    groupFrontier,
  };
}
