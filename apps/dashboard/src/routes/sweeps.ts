/** Sweep endpoints: the list, one sweep, its leaderboard (paged, filtered, exportable), chart points and analysis. */
import type { FastifyInstance } from 'fastify';
import { type Store, type SweepRecord, type TrialRecord, valuesAt } from '@cellsweep/store';
import { renderCsv, type CsvColumn } from '@cellsweep/core';
import { bodyVersion } from '../analysis-hook.js';
import { sweepJson, trialJson } from '../json-records.js';
import { SWEEP_PAGE, TRIAL_PAGE } from '../limits.js';
import { exportPage, formatQuery, nameFilter, pageQuery, trialListQuery, type PageQuery } from '../query-params.js';
import { sweepPoints } from '../sweep-points.js';
import { metricNameOf } from '../sweep-view.js';
import { requireSweep, requireSweepRecord, type Query, type RouteContext } from './context.js';

type SweepListItem = ReturnType<typeof sweepJson>;

export const JSON_TYPE = 'application/json; charset=utf-8';

const SWEEP_CSV: CsvColumn<SweepListItem>[] = [
  { header: 'name', value: (s) => s.name },
  { header: 'task', value: (s) => s.task },
  { header: 'status', value: (s) => s.status },
  { header: 'done', value: (s) => s.progress.done },
  { header: 'running', value: (s) => s.progress.running },
  { header: 'failed', value: (s) => s.progress.failed },
  { header: 'queued', value: (s) => s.progress.queued },
  { header: 'total', value: (s) => s.progress.total },
  { header: 'startedAt', value: (s) => s.startedAt },
  { header: 'createdAt', value: (s) => s.createdAt },
  { header: 'bestValLoss', value: (s) => s.bestValLoss },
  { header: 'id', value: (s) => s.id },
];

function trialCsvColumns(hpPaths: readonly string[]): CsvColumn<TrialRecord>[] {
  const fixed: (keyof TrialRecord)[] = [
    'ordinal',
    'id',
    'cell',
    'layers',
    'hidden',
    'paramBudget',
    'paramCount',
    'seed',
    'status',
  ];
  const metrics: (keyof TrialRecord)[] = [
    'trainLoss',
    'valLoss',
    'testLoss',
    'generalizationGap',
    'metricName',
    'valMetric',
    'testMetric',
    'epochsRun',
    'bestEpoch',
    'wallTimeMs',
    'backend',
    'kernels',
    'attempt',
    'startedAt',
    'finishedAt',
    'error',
  ];
  return [
    ...fixed.map((key) => ({ header: key, value: (t: TrialRecord) => t[key] })),
    ...hpPaths.map((path, index) => ({
      header: path,
      value: (t: TrialRecord) => valuesAt(t.config, hpPaths, t.cell)[index],
    })),
    ...metrics.map((key) => ({ header: key, value: (t: TrialRecord) => t[key] })),
  ];
}

/** `GET /api/sweeps`: a page of sweeps with their progress (the CSV export renders the same items). */
export async function sweepListBody(store: Store, page: PageQuery, nameContains: string | undefined) {
  const { total, items } = await store.listSweepOverviews({ ...page, ...(nameContains ? { nameContains } : {}) });
  return {
    total,
    offset: page.offset,
    limit: page.limit,
    items: items.map((sweep) => sweepJson(sweep, { withSpec: false })),
  };
}

/** `GET /api/sweeps/:sweep`: one sweep with its progress, best result and spec. */
export async function sweepBody(store: Store, nameOrId: string) {
  return sweepJson(await requireSweep(store, nameOrId), { withSpec: true });
}

/** `GET /api/sweeps/:sweep/trials`: a page of the leaderboard. */
export function trialPageBody(page: PageQuery, total: number, items: TrialRecord[]) {
  return { total, offset: page.offset, limit: page.limit, items: items.map(trialJson) };
}

/**
 * `GET /api/sweeps/:sweep/points`: every trial as a chart point (above `scatterMaxPoints`, or filtered: a sample of
 * the matching trials, saying so), and the hyperparameter facets.
 */
export async function sweepPointsBody(
  { store, cache, scatterMaxPoints }: RouteContext,
  sweep: SweepRecord,
  query: Query,
) {
  const {
    sortBy: _sort,
    order: _order,
    offset: _offset,
    limit: _limit,
    ...filter
  } = trialListQuery(query, {
    offset: 0,
    limit: 0,
  });
  return { sweepId: sweep.id, ...(await sweepPoints(store, cache, sweep, filter, scatterMaxPoints)) };
}

/** `GET /api/sweeps/:sweep/analysis`: the analysis groups, verdicts and frontiers, and the external run's state. */
export async function sweepAnalysisBody({ cache, analysis }: RouteContext, sweep: SweepRecord) {
  const [view, hyperparameters] = await Promise.all([cache.view(sweep.id), cache.facets(sweep.id)]);
  return {
    sweepId: sweep.id,
    version: view.version,
    hyperparameters,
    metricName: metricNameOf(view.trials),
    ...view.analysis,
    external: analysis.request(sweep.id, view.version, view.trials),
  };
}

export function registerSweepRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, cache } = context;
  app.get<{ Querystring: Query }>('/api/sweeps', async (request, reply) => {
    const format = formatQuery(request.query);
    const page = format === 'csv' ? exportPage(request.query) : pageQuery(request.query, SWEEP_PAGE);
    const body = await sweepListBody(store, page, nameFilter(request.query.q));
    if (format === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="sweeps.csv"')
        .send(renderCsv(SWEEP_CSV, body.items));
    return body;
  });

  app.get<{ Params: { sweep: string } }>('/api/sweeps/:sweep', async (request) =>
    sweepBody(store, request.params.sweep),
  );

  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/trials', async (request, reply) => {
    const sweep = await requireSweepRecord(store, request.params.sweep);
    const format = formatQuery(request.query);
    // An export (CSV, or JSON with ?download) is the whole filtered table up to the export cap, as a file.
    const exporting = format === 'csv' || request.query.download !== undefined;
    const page = exporting ? exportPage(request.query) : pageQuery(request.query, TRIAL_PAGE);
    const query = trialListQuery(request.query, page);
    const { total, items } = await store.listTrialPage(sweep.id, query);
    if (format === 'csv') {
      const paths = (await cache.facets(sweep.id)).map((facet) => facet.path);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="trials-${sweep.id}.csv"`)
        .send(renderCsv(trialCsvColumns(paths), items));
    }
    if (exporting) reply.header('content-disposition', `attachment; filename="trials-${sweep.id}.json"`);
    return trialPageBody(page, total, items);
  });

  app.get<{ Params: { sweep: string }; Querystring: Query }>('/api/sweeps/:sweep/points', async (request) =>
    sweepPointsBody(context, await requireSweepRecord(store, request.params.sweep), request.query),
  );

  app.get<{ Params: { sweep: string } }>('/api/sweeps/:sweep/analysis', async (request, reply) => {
    const sweep = await requireSweepRecord(store, request.params.sweep);
    const body = await sweepAnalysisBody(context, sweep);
    const version = bodyVersion(body.version, body.external);
    return reply.type(JSON_TYPE).send(await cache.json(`analysis/${sweep.id}`, version, async () => body));
  });
}
