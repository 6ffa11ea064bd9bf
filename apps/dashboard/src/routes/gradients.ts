/**
 * Gradient reach of a sweep: per cell, mean reach of the untrained model and of the final weights over its finished
 * trials, and the last measured ‖∂loss_T/∂x_t‖ curve of a few trials (the best by validation loss from each cell in
 * turn). The store reads epoch rows of the chosen trials only, never the sweep's.
 */
import type { FastifyInstance } from 'fastify';
import { GRADIENT_TRIALS } from '../limits.js';
import { intParam } from '../query-params.js';
import { requireSweep, type Query, type RouteContext } from './context.js';

/** The trainer's reach threshold (packages/trainer `GRADIENT_REACH_THRESHOLD`), echoed so charts can say it. */
export const GRADIENT_REACH_THRESHOLD = 1e-3;

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

export function registerGradientRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/gradients', async (request) => {
    const sweep = await requireSweep(store, request.params.sweep);
    const top = intParam(request.query.top, GRADIENT_TRIALS);
    const { cells, trials } = await store.listGradientReach(sweep.id, { limit: top });
    return {
      sweepId: sweep.id,
      threshold: GRADIENT_REACH_THRESHOLD,
      cells,
      trials: trials.map((trial) => ({
        ...trial,
        valLoss: finite(trial.valLoss),
        // JSON has no NaN/Infinity; a blown-up norm shows as null (a gap in the curve).
        gradientNorms: trial.gradientNorms.map(finite),
      })),
    };
  });
}
