/**
 * Gradient reach and slope of a sweep: per cell, mean reach of the untrained model and of the final weights over its
 * finished trials; per group (setting × arm, as every other statistic), the mean per-step log-slope of the gradient
 * norm over seeds with its CI and regime (vanishing / stable / exploding / unclear), from @cellsweep/analysis; and the
 * last measured ‖∂loss_T/∂x_t‖ curve of a few trials (the best by validation loss from each cell in turn). The store
 * reads epoch rows of the chosen trials only, never the sweep's.
 */
import type { FastifyInstance } from 'fastify';
import { gradientSlopeGroups, STABLE_SLOPE_PER_STEP, trialRowFromRecord, type GradientSlopeStats } from '@cellsweep/analysis';
import { DASHBOARD_RESAMPLES } from '../analysis-hook.js';
import { GRADIENT_TRIALS } from '../limits.js';
import { intParam } from '../query-params.js';
import type { SweepView } from '../sweep-cache.js';
import { requireSweep, type Query, type RouteContext } from './context.js';

/** The trainer's reach threshold (packages/trainer `GRADIENT_REACH_THRESHOLD`), echoed so charts can say it. */
export const GRADIENT_REACH_THRESHOLD = 1e-3;

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/**
 * Slope groups per cached sweep view: computed once per sweep version (the cache drops a view when its sweep
 * changes, and the WeakMap lets the groups go with it). Same rows, resamples and seed as the full analysis the
 * dashboard runs, so its `gradientSlopes` and these agree exactly.
 */
const slopeGroups = new WeakMap<SweepView, GradientSlopeStats[]>();

function slopeGroupsOf(view: SweepView): GradientSlopeStats[] {
  let groups = slopeGroups.get(view);
  if (!groups) {
    groups = gradientSlopeGroups(view.trials.map(trialRowFromRecord), { resamples: DASHBOARD_RESAMPLES });
    slopeGroups.set(view, groups);
  }
  return groups;
}

export function registerGradientRoutes(app: FastifyInstance, { store, cache }: RouteContext): void {
  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/gradients', async (request) => {
    const sweep = await requireSweep(store, request.params.sweep);
    const top = intParam(request.query.top, GRADIENT_TRIALS);
    const [{ cells, trials }, view] = await Promise.all([store.listGradientReach(sweep.id, { limit: top }), cache.view(sweep.id)]);
    return {
      sweepId: sweep.id,
      threshold: GRADIENT_REACH_THRESHOLD,
      stableSlopePerStep: STABLE_SLOPE_PER_STEP,
      cells,
      slopes: slopeGroupsOf(view),
      trials: trials.map((trial) => ({
        ...trial,
        valLoss: finite(trial.valLoss),
        // JSON has no NaN/Infinity; a blown-up norm shows as null (a gap in the curve).
        gradientNorms: trial.gradientNorms.map(finite),
      })),
    };
  });
}
