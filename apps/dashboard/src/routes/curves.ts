/**
 * Learning curves without shipping epoch rows: sweep-wide quantile bands per cell, aggregated in Postgres, and the
 * overlaid curves of a few chosen trials (default: the best by validation loss), each downsampled.
 */
import type { FastifyInstance } from 'fastify';
import type { Store, SweepRecord, TrialRecord } from '@cellsweep/store';
import { epochJson } from '../json-records.js';
import { CURVE_BUCKETS, CURVE_POINTS_PER_TRIAL, CURVE_TRIALS } from '../limits.js';
import { idList, intParam } from '../query-params.js';
import { requireSweepRecord, type Query, type RouteContext } from './context.js';

/** `GET /api/sweeps/:sweep/curves`: quantile bands of the learning curves per cell. */
export async function curveBandsBody({ store, cache }: RouteContext, sweep: SweepRecord, maxBuckets: number) {
  const bands = await cache.learningCurves(sweep.id, maxBuckets, await store.hasOpenTrials(sweep.id));
  return { sweepId: sweep.id, bands };
}

/** `GET /api/sweeps/:sweep/curves/trials`: the downsampled curves of chosen trials (default: the best few). */
export async function trialCurvesBody(store: Store, sweep: SweepRecord, chosenIds: string[], top: number) {
  let ids = chosenIds;
  if (ids.length === 0) {
    const best = await store.listTrialPage(sweep.id, {
      statuses: ['COMPLETED'],
      sortBy: 'valLoss',
      order: 'asc',
      limit: top,
    });
    ids = best.items.map((trial) => trial.id);
  }
  const trials = await Promise.all(ids.map((id) => store.findTrial(id)));
  const ofSweep = trials.filter((trial): trial is TrialRecord => trial !== null && trial.sweepId === sweep.id);
  const epochs = await store.listEpochsOfTrials(
    ofSweep.map((trial) => trial.id),
    { maxPointsPerTrial: CURVE_POINTS_PER_TRIAL },
  );
  return {
    sweepId: sweep.id,
    trials: ofSweep.map((trial) => ({
      id: trial.id,
      ordinal: trial.ordinal,
      cell: trial.cell,
      paramCount: trial.paramCount,
      seed: trial.seed,
      epochs: epochs
        .filter((row) => row.trialId === trial.id)
        .map((row) => {
          const json = epochJson(row);
          return { epoch: json.epoch, trainLoss: json.trainLoss, valLoss: json.valLoss };
        }),
    })),
  };
}

export function registerCurveRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;
  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/curves', async (request) => {
    const sweep = await requireSweepRecord(store, request.params.sweep);
    return curveBandsBody(context, sweep, intParam(request.query.buckets, CURVE_BUCKETS));
  });

  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/curves/trials', async (request) => {
    const sweep = await requireSweepRecord(store, request.params.sweep);
    const ids = idList(request.query.ids, CURVE_TRIALS.max);
    return trialCurvesBody(store, sweep, ids, intParam(request.query.top, CURVE_TRIALS));
  });
}
