/**
 * Gradient reach and slope of a sweep: per cell, mean reach of the untrained model and of the final weights over its
 * finished trials; per group (setting × arm, as every other statistic), the mean per-step log-slope of the gradient
 * norm over seeds with its CI and regime (vanishing / stable / exploding / unclear), taken from the full
 * @cellsweep/analysis run (a worker thread: its bootstrap CIs took ~10 s for 1,000 groups of 10 seeds, measured ad hoc
 * on the loaded 2-core test machine, too long for the event loop); and the last measured ‖∂loss_T/∂x_t‖ curve of a few trials (the best by
 * validation loss from each cell in turn). The store reads epoch rows of the chosen trials only, never the sweep's.
 */
import type { FastifyInstance } from 'fastify';
import { STABLE_SLOPE_PER_STEP } from '@cellsweep/analysis';
import { GRADIENT_TRIALS } from '../limits.js';
import { intParam } from '../query-params.js';
import { requireSweepRecord, type Query, type RouteContext } from './context.js';

/** The trainer's reach threshold (packages/trainer `GRADIENT_REACH_THRESHOLD`), echoed so charts can say it. */
export const GRADIENT_REACH_THRESHOLD = 1e-3;

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

export function registerGradientRoutes(app: FastifyInstance, { store, cache, analysis }: RouteContext): void {
  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/gradients', async (request) => {
    const sweep = await requireSweepRecord(store, request.params.sweep);
    const top = intParam(request.query.top, GRADIENT_TRIALS);
    const [{ cells, trials }, view] = await Promise.all([store.listGradientReach(sweep.id, { limit: top }), cache.view(sweep.id)]);
    const external = analysis.request(sweep.id, view.version, view.trials);
    return {
      sweepId: sweep.id,
      threshold: GRADIENT_REACH_THRESHOLD,
      stableSlopePerStep: STABLE_SLOPE_PER_STEP,
      cells,
      // The analysis's own groups (the `/analysis` endpoint's `external.result.gradientSlopes`): `pending` until the
      // run for this sweep version is done, meanwhile the last finished one's.
      slopes: external.result?.gradientSlopes ?? [],
      slopesStatus: { status: external.status, version: external.version, note: external.note },
      trials: trials.map((trial) => ({
        ...trial,
        valLoss: finite(trial.valLoss),
        // JSON has no NaN/Infinity; a blown-up norm shows as null (a gap in the curve).
        gradientNorms: trial.gradientNorms.map(finite),
      })),
    };
  });
}
