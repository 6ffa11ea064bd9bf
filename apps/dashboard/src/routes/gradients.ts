/**
 * Gradient reach and slope of a sweep, per group of @cellsweep/analysis (setting × arm, as every other statistic):
 * the mean reach of the untrained model and of the final weights over the group's finished trials (group-reach.ts),
 * and the mean per-step log-slope of the gradient norm over seeds with its CI and regime (vanishing / stable /
 * exploding / unclear), taken from the full @cellsweep/analysis run (a worker thread, off the event loop); and the
 * last measured ‖∂loss_T/∂x_t‖ curve of a few trials (the best by validation loss from each cell in turn). The store
 * reads epoch rows of the chosen trials only, never the sweep's.
 */
import type { FastifyInstance } from 'fastify';
import type { SweepRecord } from '@cellsweep/store';
import { STABLE_SLOPE_PER_STEP } from '@cellsweep/analysis';
import { reachByGroup } from '../group-reach.js';
import { GRADIENT_TRIALS } from '../limits.js';
import { intParam } from '../query-params.js';
import { bodyVersion, type ExternalAnalysis } from '../analysis-hook.js';
import type { SweepView } from '../sweep-cache.js';
import { requireSweepRecord, type Query, type RouteContext } from './context.js';
import { JSON_TYPE } from './sweeps.js';

/** The trainer's reach threshold (packages/trainer `GRADIENT_REACH_THRESHOLD`), echoed so charts can say it. */
export const GRADIENT_REACH_THRESHOLD = 1e-3;

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** `GET /api/sweeps/:sweep/gradients`: reach and slope per analysis group, and the gradient curves of a few trials. */
export async function gradientsBody(
  { store, cache }: RouteContext,
  sweep: SweepRecord,
  top: number,
  view: SweepView,
  external: ExternalAnalysis,
) {
  const [{ trials }, groups] = await Promise.all([
    store.listGradientReach(sweep.id, { limit: top }),
    cache.memo(
      `reach/${sweep.id}`,
      view.version,
      async () => reachByGroup(view.analysis.groups, view.members, view.trials),
      undefined,
      false,
    ),
  ]);
  return {
    sweepId: sweep.id,
    threshold: GRADIENT_REACH_THRESHOLD,
    /** |slope| per step within which a gradient counts as stable (core's STABLE_SLOPE_PER_STEP). */
    stableSlopePerStep: STABLE_SLOPE_PER_STEP,
    /** Per analysis group: mean reach of the untrained model → the final weights over its measured trials. */
    groups,
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
}

export function registerGradientRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/gradients', async (request, reply) => {
    const sweep = await requireSweepRecord(context.store, request.params.sweep);
    const top = intParam(request.query.top, GRADIENT_TRIALS);
    const view = await context.cache.view(sweep.id);
    const external = context.analysis.request(sweep.id, view.version, view.trials);
    // One body per sweep version, top and analysis state: the finished trials it lists change only with them.
    const version = bodyVersion(view.version, external);
    const json = await context.cache.json(`gradients/${sweep.id}/${top}`, version, () =>
      gradientsBody(context, sweep, top, view, external),
    );
    return reply.type(JSON_TYPE).send(json);
  });
}
