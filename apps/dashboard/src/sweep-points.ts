/**
 * `GET /api/sweeps/:sweep/points` at any size (issue 17). Up to `maxPoints` trials, every trial is a point, as
 * always. Above it a scatter cannot show them (100,000 points were 40 MB and 22 s cold), so the store samples in SQL:
 * per cell × size, finished trials evenly spaced in validation-loss rank plus the best by validation and test loss
 * (every frontier point), with the counts and quantiles of every stratum; the answer says it is a sample and of how
 * many trials, and the page says so on the chart. Filters (the leaderboard's) apply before sampling, so a filtered
 * chart samples every matching trial; the hyperparameter facets come from the whole sweep's distinct configs.
 */
import type { Store, SweepRecord, TrialPointFilter, TrialStratum } from '@cellsweep/store';
import type { SweepCache } from './sweep-cache.js';
import { chartPoint, metricNameOf, type ChartPoint, type SweepPoints } from './sweep-view.js';

/** What the scatter shows of the sweep: everything, or a sample, and of how many. */
export interface PointsSampling {
  sampled: boolean;
  /** Finished trials among the points. */
  shown: number;
  /** Finished trials matching the filter (all of the sweep without one). */
  finished: number;
  /** Trials matching the filter, any status. */
  total: number;
  /** Finished trials kept per cell × size (null when nothing was sampled). */
  perStratum: number | null;
  /** Per cell × size counts and validation-loss quantiles of every matching trial (empty when not sampled). */
  strata: TrialStratum[];
  /** The sentence the chart shows (empty when every trial is drawn). */
  note: string;
}

export interface PointsAnswer extends SweepPoints {
  version: string;
  sampling: PointsSampling;
  /** Cells and parameter budgets of the matching trials (unfiltered: the leaderboard's filter choices). */
  cells: string[];
  budgets: number[];
}

const count = (n: number) => n.toLocaleString('en');

export function samplingNote(shown: number, finished: number, filtered: boolean): string {
  const of = filtered
    ? `${count(finished)} finished trials matching the filters`
    : `${count(finished)} finished trials`;
  return `showing ${count(shown)} of ${of}, evenly sampled per cell and size (the best of each kept)`;
}

function isEmpty(filter: TrialPointFilter): boolean {
  return Object.values(filter).every((value) => value === undefined || (Array.isArray(value) && value.length === 0));
}

function sorted<T extends string | number>(values: Iterable<T>): T[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every trial as a point (the sweep is small enough, or nothing is filtered and it fits). */
async function everyPoint(cache: SweepCache, sweepId: string): Promise<PointsAnswer> {
  const view = await cache.view(sweepId);
  const { points } = view.points;
  const finished = points.filter((point) => point.status === 'COMPLETED').length;
  return {
    ...view.points,
    version: view.version,
    sampling: {
      sampled: false,
      shown: finished,
      finished,
      total: points.length,
      perStratum: null,
      strata: [],
      note: '',
    },
    cells: sorted(points.map((point) => point.cell)),
    budgets: sorted(points.flatMap((point) => (point.paramBudget === null ? [] : [point.paramBudget]))),
  };
}

async function sampledPoints(
  store: Store,
  cache: SweepCache,
  sweepId: string,
  version: string,
  filter: TrialPointFilter,
  maxPoints: number,
): Promise<PointsAnswer | null> {
  const { statusCounts, strata } = await store.summarizeTrialStrata(sweepId, filter);
  const total = Object.values(statusCounts).reduce((sum, n) => sum + (n ?? 0), 0);
  // Small and unfiltered: every trial, exactly as before sampling existed.
  if (isEmpty(filter) && total <= maxPoints) return null;
  const finished = statusCounts.COMPLETED ?? 0;
  const finishedStrata = strata.filter((stratum) => stratum.completed > 0);
  const sampled = finished > maxPoints;
  // A filtered set that fits is drawn whole.
  const perStratum = sampled
    ? Math.max(1, Math.floor(maxPoints / finishedStrata.length))
    : Math.max(1, ...finishedStrata.map((stratum) => stratum.completed));
  // The facets of the whole sweep, memoised per version (the live feed reads the same ones).
  const [trials, hyperparameters] = await Promise.all([
    store.sampleTrialPoints(sweepId, { perStratum, filter }),
    cache.facets(sweepId),
  ]);
  const paths = hyperparameters.map((facet) => facet.path);
  const points: ChartPoint[] = trials.map((trial) => chartPoint(trial, paths));
  return {
    hyperparameters,
    metricName: metricNameOf(trials),
    points,
    version,
    sampling: {
      sampled,
      shown: points.length,
      finished,
      total,
      perStratum: sampled ? perStratum : null,
      strata: sampled ? strata : [],
      note: sampled ? samplingNote(points.length, finished, !isEmpty(filter)) : '',
    },
    cells: sorted(strata.map((stratum) => stratum.cell)),
    budgets: sorted(strata.flatMap((stratum) => (stratum.paramBudget === null ? [] : [stratum.paramBudget]))),
  };
}

/**
 * The points of a sweep: every trial when it has at most `maxPoints` and nothing is filtered (unchanged from before
 * sampling existed), else the store's sample of the matching trials. Memoised per sweep version and filter.
 */
export async function sweepPoints(
  store: Store,
  cache: SweepCache,
  sweep: SweepRecord,
  filter: TrialPointFilter,
  maxPoints: number,
): Promise<PointsAnswer> {
  const version = await cache.versionOf(sweep.id);
  const key = `points/${sweep.id}/${maxPoints}/${JSON.stringify(filter)}`;
  const answer = await cache.memo(key, version, () =>
    sampledPoints(store, cache, sweep.id, version, filter, maxPoints),
  );
  return answer ?? everyPoint(cache, sweep.id);
}
