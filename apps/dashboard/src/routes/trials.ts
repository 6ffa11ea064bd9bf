/** Trial endpoints: one trial (spec, backend, timings, error) and its epoch rows (paged, exportable). */
import type { FastifyInstance } from 'fastify';
import { gradientRegime, type GradientRegime } from '@cellsweep/analysis';
import type { EpochRecord, Store } from '@cellsweep/store';
import { renderCsv, type CsvColumn } from '@cellsweep/core';
import { epochJson, trialJson } from '../json-records.js';
import { EPOCH_PAGE, EXPORT_MAX_ROWS } from '../limits.js';
import { formatQuery, pageQuery, type PageQuery } from '../query-params.js';
import { requireTrial, type Query, type RouteContext } from './context.js';

const EPOCH_CSV: CsvColumn<EpochRecord>[] = (
  [
    'epoch',
    'attempt',
    'trainLoss',
    'valLoss',
    'trainMetric',
    'valMetric',
    'samplesPerSec',
    'epochTimeMs',
    'gradientReach',
    'gradientSlope',
    'createdAt',
  ] as const
).map((key) => ({ header: key, value: (row: EpochRecord) => row[key] }));

/** What the store knows of a trial's life, in order. (It keeps no transition log: see docs/dashboard.md.) */
function statusHistory(trial: ReturnType<typeof trialJson>) {
  const events: { at: Date; event: string }[] = [{ at: trial.createdAt, event: 'queued' }];
  if (trial.startedAt)
    events.push({
      at: trial.startedAt,
      event: `started attempt ${trial.attempt}${trial.backend ? ` on ${trial.backend}` : ''}`,
    });
  if (trial.finishedAt)
    events.push({ at: trial.finishedAt, event: trial.status === 'FAILED' ? 'failed' : trial.status.toLowerCase() });
  else if (trial.status !== 'PENDING' && trial.status !== 'RUNNING')
    events.push({ at: trial.updatedAt, event: trial.status.toLowerCase() });
  return events;
}

/** One trial's slopes judged on their values (core's rule; one trial has no CI); null where not recorded. */
export function trialGradientRegimes(trial: { initialGradientSlope: number | null; gradientSlope: number | null }) {
  const regime = (slope: number | null): GradientRegime | null =>
    slope === null || !Number.isFinite(slope) ? null : gradientRegime(slope);
  return { initial: regime(trial.initialGradientSlope), final: regime(trial.gradientSlope) };
}

/** `GET /api/trials/:trial`: one trial with its sweep's name, what is known of its life, and its gradient regimes. */
export async function trialDetailBody(store: Store, id: string) {
  const trial = trialJson(await requireTrial(store, id));
  const sweep = await store.findSweep(trial.sweepId);
  return {
    ...trial,
    sweepName: sweep?.name ?? null,
    history: statusHistory(trial),
    gradientRegimes: trialGradientRegimes(trial),
  };
}

/** `GET /api/trials/:trial/epochs`: a page of the trial's epoch rows. */
export function epochPageBody(page: PageQuery, total: number, items: EpochRecord[]) {
  return { total, offset: page.offset, limit: page.limit, items: items.map(epochJson) };
}

export function registerTrialRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get<{ Params: { trial: string } }>('/api/trials/:trial', async (request) =>
    trialDetailBody(store, request.params.trial),
  );

  app.get<{ Params: { trial: string }; Querystring: Query }>('/api/trials/:trial/epochs', async (request, reply) => {
    const trial = await requireTrial(store, request.params.trial);
    const format = formatQuery(request.query);
    const page = pageQuery(
      request.query,
      format === 'csv' ? { default: EXPORT_MAX_ROWS, max: EXPORT_MAX_ROWS } : EPOCH_PAGE,
    );
    const { total, items } = await store.listEpochPage(trial.id, page);
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="epochs-${trial.id}.csv"`)
        .send(renderCsv(EPOCH_CSV, items));
    }
    return epochPageBody(page, total, items);
  });
}
