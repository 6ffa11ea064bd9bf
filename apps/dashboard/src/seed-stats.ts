/**
 * The few statistics the dashboard draws itself until @cellsweep/analysis exports `analyzeSweep` (see
 * analysis-hook.ts): per-group mean with a 95% Student-t interval over seeds, box-plot quartiles, and the Pareto
 * frontier of parameter count vs loss. Non-finite values (diverged runs) are counted, never averaged.
 */

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation; null for n < 2. */
  sd: number | null;
  /** 95% confidence interval of the mean (Student t); null for n < 2. */
  ci: [number, number] | null;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  /** NaN/Infinity values left out. */
  nonFinite: number;
}

/** Two-sided 97.5% quantiles of Student's t for df = 1..30 (standard tables); 1.96 beyond. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  return T_975[df - 1] ?? 1.96;
}

/** Linear-interpolation quantile (type 7, as R and NumPy default) of sorted values. */
export function quantileSorted(sorted: readonly number[], probability: number): number {
  const position = (sorted.length - 1) * probability;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (position - lower);
}

export function summarise(values: readonly (number | null)[]): Summary | null {
  const present = values.filter((value): value is number => value !== null);
  const finite = present.filter(Number.isFinite).sort((a, b) => a - b);
  const n = finite.length;
  if (n === 0) return null;
  const mean = finite.reduce((sum, value) => sum + value, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  const half = sd === null ? null : (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return {
    n,
    mean,
    sd,
    ci: half === null ? null : [mean - half, mean + half],
    min: finite[0] ?? mean,
    q1: quantileSorted(finite, 0.25),
    median: quantileSorted(finite, 0.5),
    q3: quantileSorted(finite, 0.75),
    max: finite[n - 1] ?? mean,
    nonFinite: present.length - n,
  };
}

/**
 * Points not dominated by any other: no other point has at most as many parameters and a strictly lower loss
 * (or fewer parameters and an equal loss). Returned by increasing parameter count, with strictly decreasing loss.
 */
export function paretoFrontier<P extends { paramCount: number; loss: number }>(points: readonly P[]): P[] {
  const sorted = points
    .filter((point) => Number.isFinite(point.loss))
    .sort((a, b) => a.paramCount - b.paramCount || a.loss - b.loss);
  const frontier: P[] = [];
  let best = Number.POSITIVE_INFINITY;
  for (const point of sorted) {
    if (point.loss < best) {
      frontier.push(point);
      best = point.loss;
    }
  }
  return frontier;
}
