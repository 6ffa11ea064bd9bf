/**
 * Every JSON route's response as the browser receives it (`OnTheWire`: dates as ISO strings), derived from the
 * functions that build the responses, so the server and the web client cannot drift apart. The web client imports
 * its wire types from here only (type-only: Vite erases the import). create-t3-turbo's `RouterOutputs` is the model.
 */
import type { OnTheWire } from './json-records.js';
import type { ChangeBatch as ServerChangeBatch } from './live-changes.js';
import type { curveBandsBody, trialCurvesBody } from './routes/curves.js';
import type { gradientsBody } from './routes/gradients.js';
import type { sweepAnalysisBody, sweepBody, sweepListBody, sweepPointsBody, trialPageBody } from './routes/sweeps.js';
import type { epochPageBody, trialDetailBody } from './routes/trials.js';

export type { Frontier, FrontierEntry, GradientSlopeSummary, MetricSummary } from '@cellsweep/analysis';

type Body<F extends (...args: never[]) => unknown> = OnTheWire<Awaited<ReturnType<F>>>;

/** Route → JSON body. `/events` streams `ChangeBatch` messages; `/changes` answers one (empty when nothing changed). */
export interface RouteOutputs {
  'GET /api/sweeps': Body<typeof sweepListBody>;
  'GET /api/sweeps/:sweep': Body<typeof sweepBody>;
  'GET /api/sweeps/:sweep/trials': Body<typeof trialPageBody>;
  'GET /api/sweeps/:sweep/points': Body<typeof sweepPointsBody>;
  'GET /api/sweeps/:sweep/analysis': Body<typeof sweepAnalysisBody>;
  'GET /api/sweeps/:sweep/curves': Body<typeof curveBandsBody>;
  'GET /api/sweeps/:sweep/curves/trials': Body<typeof trialCurvesBody>;
  'GET /api/sweeps/:sweep/gradients': Body<typeof gradientsBody>;
  'GET /api/sweeps/:sweep/changes': ChangeBatch | Pick<ChangeBatch, 'trials' | 'cursor'>;
  'GET /api/trials/:trial': Body<typeof trialDetailBody>;
  'GET /api/trials/:trial/epochs': Body<typeof epochPageBody>;
}

export type ChangeBatch = OnTheWire<ServerChangeBatch>;
export type SweepList = RouteOutputs['GET /api/sweeps'];
export type Sweep = RouteOutputs['GET /api/sweeps/:sweep'];
export type Progress = Sweep['progress'];
export type TrialPage = RouteOutputs['GET /api/sweeps/:sweep/trials'];
export type Trial = TrialPage['items'][number];
export type TrialStatus = Trial['status'];
export type Points = RouteOutputs['GET /api/sweeps/:sweep/points'];
export type Point = Points['points'][number];
export type Facet = Points['hyperparameters'][number];
export type HyperValue = Point['hp'][number];
export type Analysis = RouteOutputs['GET /api/sweeps/:sweep/analysis'];
export type DashboardGroup = Analysis['groups'][number];
export type CurveBands = RouteOutputs['GET /api/sweeps/:sweep/curves'];
export type CurveBand = CurveBands['bands'][number];
export type TrialCurves = RouteOutputs['GET /api/sweeps/:sweep/curves/trials'];
export type GradientReach = RouteOutputs['GET /api/sweeps/:sweep/gradients'];
export type GroupGradientReach = GradientReach['groups'][number];
export type GradientSlopeStats = GradientReach['slopes'][number];
export type TrialGradients = GradientReach['trials'][number];
export type TrialDetail = RouteOutputs['GET /api/trials/:trial'];
export type EpochPage = RouteOutputs['GET /api/trials/:trial/epochs'];
export type Epoch = EpochPage['items'][number];
