/**
 * Turns a validated spec into the exact trials to train: grid expansion (core) plus each trial's width, solved from
 * its parameter budget where it has one, and its closed-form parameter count. Refuses trials past the spec's
 * parameter limit before anything runs.
 */
import { contentHash, expandSweep, SpecLimitError, type SweepSpec, type TrialPlan } from '@cellsweep/core';
import { describeTask } from '@cellsweep/datasets';
import { modelShape, paramCount, solveHiddenForBudget } from '@cellsweep/models/sizing';

export interface PlannedTrial extends TrialPlan {
  hidden: number;
  paramCount: number;
  paramBudget: number | null;
  /** (achieved − budget) / budget; null without a budget. */
  budgetError: number | null;
}

export function planTrials(spec: SweepSpec): PlannedTrial[] {
  return planConfigs(spec, expandSweep(spec));
}

/** Widths and parameter counts for trial plans made elsewhere (adaptive search's suggestions, @cellsweep/search-driver). */
export function planConfigs(spec: SweepSpec, plans: readonly TrialPlan[]): PlannedTrial[] {
  // Everything below depends on the architecture only (task, cell, layers, width or budget), never on the seed or
  // the training options: it is computed once per architecture, not once per trial (a 100k-trial sweep has ~30).
  // Expansion hands every trial the spec's own task object, so the task is keyed by identity first.
  const taskKeys = new Map<object, string>();
  const shapes = new Map<string, ReturnType<typeof describeTask>>();
  const widths = new Map<string, { hidden: number; paramCount: number; budgetError: number | null }>();
  return plans.map((plan) => {
    const { config } = plan;
    let taskKey = taskKeys.get(config.task);
    if (taskKey === undefined) taskKeys.set(config.task, (taskKey = JSON.stringify(config.task)));
    const size = config.size.kind === 'hidden' ? `h${config.size.hidden}` : `b${config.size.paramBudget}`;
    const attention = config.transformer
      ? `|${config.transformer.heads}/${config.transformer.ffMultiplier}/${config.transformer.positional}`
      : '';
    // irnn's identity scale does not change its width or count, so it is not part of the key.
    const key = `${taskKey}|${config.cell}|${config.layers}|${config.recurrentActivation}|${config.unitForgetBias}|${size}${attention}`;
    let width = widths.get(key);
    if (!width) {
      let task = shapes.get(taskKey);
      if (!task) shapes.set(taskKey, (task = describeTask(config.task)));
      width = solveWidth(spec, config, task);
      widths.set(key, width);
    }
    const paramBudget = config.size.kind === 'budget' ? config.size.paramBudget : null;
    return { ...plan, hidden: width.hidden, paramCount: width.paramCount, paramBudget, budgetError: width.budgetError };
  });
}

function solveWidth(spec: SweepSpec, config: TrialPlan['config'], task: ReturnType<typeof describeTask>) {
  if (config.size.kind === 'hidden') {
    const count = paramCount(modelShape(config, config.size.hidden, task));
    checkLimit(spec, 'hidden', count);
    return { hidden: config.size.hidden, paramCount: count, budgetError: null };
  }
  const budget = config.size.paramBudget;
  checkLimit(spec, 'paramBudget', budget);
  const { hidden: _ignored, ...shape } = modelShape(config, 1, task);
  const solved = solveHiddenForBudget(shape, budget);
  return { hidden: solved.hidden, paramCount: solved.paramCount, budgetError: solved.relativeError };
}

function checkLimit(spec: SweepSpec, field: 'hidden' | 'paramBudget', count: number): void {
  if (count > spec.limits.maxParamsPerTrial) {
    throw new SpecLimitError(
      `${field} (parameters per trial)`,
      count,
      spec.limits.maxParamsPerTrial,
      'limits.maxParamsPerTrial',
    );
  }
}

/**
 * The trial id: a hash of the sweep and the trial's content, so the same trial always gets the same id (and, in
 * distributed mode, the same job), whichever runner inserts it.
 */
export function trialId(sweepId: string, configKey: string): string {
  return contentHash({ sweepId, configKey });
}

/** Planned trials as the rows a store inserts (the store's `NewTrial` shape), for the embedded runner and the scheduler alike. */
export function trialRows(sweepId: string, planned: readonly PlannedTrial[]) {
  return planned.map((trial) => ({
    id: trialId(sweepId, trial.configKey),
    configKey: trial.configKey,
    ordinal: trial.ordinal,
    cell: trial.config.cell,
    hidden: trial.hidden,
    layers: trial.config.layers,
    paramBudget: trial.paramBudget,
    paramCount: trial.paramCount,
    seed: trial.config.seed,
    config: trial.config,
    ...(trial.continuesFromKey ? { continuesFrom: trialId(sweepId, trial.continuesFromKey) } : {}),
    ...(trial.keepsCheckpoint ? { keepsCheckpoint: true } : {}),
  }));
}
