/**
 * Student's t distribution for integer degrees of freedom: what a confidence interval of a mean over n seeds needs
 * (df = n − 1). Integer df allow the finite series of Abramowitz & Stegun 26.7.3–4, exact up to rounding, so no
 * incomplete beta function is needed; the quantile is found by bisection on it (cached: a report asks for the same
 * few quantiles thousands of times).
 */
import { AnalysisArgumentError } from './errors.js';

/**
 * A(t | ν) = P(|T| ≤ t) for t ≥ 0 (A&S 26.7.3 for odd ν, 26.7.4 for even ν), with θ = atan(t/√ν):
 * odd ν: (2/π)·(θ + sin θ cos θ·(1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … up to cos^(ν−3)θ)), and 2θ/π for ν = 1;
 * even ν: sin θ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^(ν−2)θ).
 */
function centralProbability(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const sin = Math.sin(theta);
  const cos = Math.cos(theta);
  const cos2 = cos * cos;
  let sum = 1;
  let term = 1;
  if (df % 2 === 1) {
    if (df === 1) return (2 / Math.PI) * theta;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= (cos2 * (k - 1)) / k;
      sum += term;
    }
    return Math.min(1, (2 / Math.PI) * (theta + sin * cos * sum));
  }
  for (let k = 2; k <= df - 2; k += 2) {
    term *= (cos2 * (k - 1)) / k;
    sum += term;
  }
  return Math.min(1, sin * sum);
}

/** Student-t CDF P(T ≤ t) with `df` (a positive integer) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const central = centralProbability(Math.abs(t), df);
  return t >= 0 ? 0.5 + central / 2 : (1 - central) / 2;
}

const quantileCache = new Map<string, number>();

/**
 * Student-t quantile t_{p, df}: the t with P(T ≤ t) = p. Bisection to the last bit of a double on the CDF above;
 * agrees with scipy.stats.t.ppf to ~1e-14 (see student-t.quantiles.test.ts and scripts/statistics-fixtures.py).
 */
export function studentTQuantile(probability: number, df: number): number {
  checkDf(df);
  if (!(probability > 0 && probability < 1)) {
    throw new AnalysisArgumentError('probability', `must be in (0, 1), got ${probability}`);
  }
  if (probability === 0.5) return 0;
  if (probability < 0.5) return -studentTQuantile(1 - probability, df);
  const key = `${df}:${probability}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < probability) high *= 2;
  // Stop when the midpoint is no longer strictly between the ends: the bracket is then two adjacent doubles.
  for (;;) {
    const middle = (low + high) / 2;
    if (middle <= low || middle >= high) break;
    if (studentTCdf(middle, df) < probability) low = middle;
    else high = middle;
  }
  quantileCache.set(key, high);
  return high;
}

function checkDf(df: number): void {
  if (!(Number.isInteger(df) && df >= 1)) {
    throw new AnalysisArgumentError('df', `degrees of freedom must be a positive integer, got ${df}`);
  }
}
