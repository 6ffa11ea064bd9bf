/**
 * Turns a validated spec into the exact trials to train: grid expansion (core) plus each trial's width, solved from
 * its parameter budget where it has one, and its closed-form parameter count. Refuses trials past the spec's
 * parameter limit before anything runs.
 */
import { contentHash, expandSweep, SpecLimitError, type SweepSpec, type TrialPlan } from '@cellsweep/core';
import { describeTask } from '@cellsweep/datasets';
import { paramCount, solveHiddenForBudget } from '@cellsweep/models';
import { modelShape } from './train-trial.js';

export interface PlannedTrial extends TrialPlan {
  hidden: number;
  paramCount: number;
  paramBudget: number | null;
  /** (achieved − budget) / budget; null without a budget. */
  budgetError: number | null;
}

export function planTrials(spec: SweepSpec): PlannedTrial[] {
  const plans = expandSweep(spec);
  const shapes = new Map<string, ReturnType<typeof describeTask>>();
  const describe = (config: TrialPlan['config']): ReturnType<typeof describeTask> => {
    const key = JSON.stringify(config.task);
    let shape = shapes.get(key);
    if (!shape) shapes.set(key, (shape = describeTask(config.task)));
    return shape;
  };
  const solved = new Map<string, { hidden: number; paramCount: number; relativeError: number }>();
  return plans.map((plan) => {
    const { config } = plan;
    const task = describe(config);
    if (config.size.kind === 'hidden') {
      const count = paramCount(modelShape(config, config.size.hidden, task));
      checkLimit(spec, 'hidden', count);
      return { ...plan, hidden: config.size.hidden, paramCount: count, paramBudget: null, budgetError: null };
    }
    const budget = config.size.paramBudget;
    checkLimit(spec, 'paramBudget', budget);
    // The solve depends only on the architecture, not the seed or the training options.
    const key = `${JSON.stringify(config.task)}|${config.cell}|${config.layers}|${budget}`;
    let width = solved.get(key);
    if (!width) {
      const { hidden: _ignored, ...shape } = modelShape(config, 1, task);
      width = solveHiddenForBudget(shape, budget);
      solved.set(key, width);
    }
    return { ...plan, hidden: width.hidden, paramCount: width.paramCount, paramBudget: budget, budgetError: width.relativeError };
  });
}

function checkLimit(spec: SweepSpec, field: 'hidden' | 'paramBudget', count: number): void {
  if (count > spec.limits.maxParamsPerTrial) {
    throw new SpecLimitError(`${field} (parameters per trial)`, count, spec.limits.maxParamsPerTrial, 'limits.maxParamsPerTrial');
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
  }));
}
