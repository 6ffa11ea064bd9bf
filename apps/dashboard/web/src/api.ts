/** The JSON API as the web UI sees it. Cookies carry the session; a 401 sends the browser to the sign-in page. */
// Wire types the server computes are imported from its own modules (type-only, erased by Vite), so the two can
// never drift apart.
import type { Frontier, FrontierEntry, GradientSlopeStats, GradientSlopeSummary, MetricSummary } from '@cellsweep/analysis';
import type { CurveBandRow as CurveBand } from '@cellsweep/store';
import type { GroupGradientReach } from '../../src/group-reach.js';
import type { HyperparameterFacet as Facet, HyperValue } from '../../src/hyperparameters.js';
import type { TrialJson } from '../../src/json-records.js';
import type { ChartPoint as Point, DashboardGroup, SweepAnalysisView, SweepPoints } from '../../src/sweep-view.js';

export type {
  CurveBand,
  DashboardGroup,
  Facet,
  Frontier,
  FrontierEntry,
  GradientSlopeStats,
  GradientSlopeSummary,
  GroupGradientReach,
  HyperValue,
  MetricSummary,
  Point,
};
export type TrialStatus = Point['status'];

export interface Progress {
  done: number;
  running: number;
  failed: number;
  queued: number;
  cancelled: number;
  total: number;
}

export interface Sweep {
  id: string;
  name: string;
  task: string | null;
  status: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  bestValLoss: number | null;
  bestTrialId: string | null;
  progress: Progress;
  spec?: unknown;
}

export interface Page<T> {
  total: number;
  offset: number;
  limit: number;
  items: T[];
}

export type Trial = TrialJson;

export interface TrialDetail extends Trial {
  sweepName: string | null;
  history: { at: string; event: string }[];
  /** Each of the trial's two slopes judged on its value: vanishing / stable / exploding (null: not recorded). */
  gradientRegimes: { initial: string | null; final: string | null };
}

export interface Epoch {
  epoch: number;
  attempt: number;
  trainLoss: number | null;
  valLoss: number | null;
  trainMetric: number | null;
  valMetric: number | null;
  samplesPerSec: number | null;
  epochTimeMs: number;
  /** ‖∂loss_T/∂x_t‖ per input step t (empty when not measured; null where non-finite). */
  gradientNorms: (number | null)[];
  gradientReach: number | null;
  /** Per-step log-slope of those norms (ln per step back); null when not measured or no gradient. */
  gradientSlope: number | null;
}

export interface Points extends SweepPoints {
  sweepId: string;
  version: string;
}

export interface Analysis extends SweepAnalysisView {
  sweepId: string;
  hyperparameters: Facet[];
  external: { status: 'ready' | 'pending' | 'failed' | 'skipped'; result: unknown; version: string | null; note: string };
}

export interface TrialCurves {
  trials: { id: string; ordinal: number; cell: string; paramCount: number; seed: number; epochs: { epoch: number; trainLoss: number | null; valLoss: number | null }[] }[];
}

export interface TrialGradients {
  id: string;
  ordinal: number;
  cell: string;
  paramCount: number;
  seed: number;
  valLoss: number | null;
  initialGradientReach: number | null;
  gradientReach: number | null;
  initialGradientSlope: number | null;
  gradientSlope: number | null;
  epoch: number | null;
  gradientNorms: (number | null)[];
  epochGradientReach: number | null;
  epochGradientSlope: number | null;
}

export interface GradientReach {
  sweepId: string;
  threshold: number;
  /** |slope| per step within which a gradient counts as stable (core's STABLE_SLOPE_PER_STEP). */
  stableSlopePerStep: number;
  /** Per analysis group: mean reach of the untrained model → the final weights over its measured trials. */
  groups: GroupGradientReach[];
  /** Per group (setting × arm): mean slope over seeds with CI and regime, untrained and trained: the full analysis's. */
  slopes: GradientSlopeStats[];
  /** The state of that analysis run: `pending` while it runs (slopes are then the last finished run's, or none). */
  slopesStatus: { status: 'ready' | 'pending' | 'failed' | 'skipped'; version: string | null; note: string };
  trials: TrialGradients[];
}

export interface ChangeBatch {
  sweep: Sweep;
  trials: Point[];
  hpPaths: string[];
  cursor: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(`/${window.location.hash}`)}`);
    throw new ApiError(401, 'signed out');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(response.status, body.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

export const api = {
  sweeps: (offset = 0, limit = 50) => getJson<Page<Sweep>>(`/api/sweeps?offset=${offset}&limit=${limit}`),
  sweep: (id: string) => getJson<Sweep>(`/api/sweeps/${encodeURIComponent(id)}`),
  trials: (id: string, query: URLSearchParams) => getJson<Page<Trial>>(`/api/sweeps/${encodeURIComponent(id)}/trials?${query}`),
  points: (id: string) => getJson<Points>(`/api/sweeps/${encodeURIComponent(id)}/points`),
  analysis: (id: string) => getJson<Analysis>(`/api/sweeps/${encodeURIComponent(id)}/analysis`),
  curves: (id: string) => getJson<{ bands: CurveBand[] }>(`/api/sweeps/${encodeURIComponent(id)}/curves`),
  trialCurves: (id: string, top: number) => getJson<TrialCurves>(`/api/sweeps/${encodeURIComponent(id)}/curves/trials?top=${top}`),
  gradients: (id: string, top: number) => getJson<GradientReach>(`/api/sweeps/${encodeURIComponent(id)}/gradients?top=${top}`),
  trial: (id: string) => getJson<TrialDetail>(`/api/trials/${encodeURIComponent(id)}`),
  epochs: (id: string, offset = 0, limit = 500) => getJson<Page<Epoch>>(`/api/trials/${encodeURIComponent(id)}/epochs?offset=${offset}&limit=${limit}`),
};
