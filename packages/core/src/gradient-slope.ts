/**
 * Gradient slope: how fast ‖∂L_T/∂x_t‖ (the gradient of the loss at the last step T with respect to the input at
 * step t) grows or shrinks per step back from the end. It is the least-squares slope of ln ‖∂L_T/∂x_{T−k}‖ against
 * k, the distance back (k = 0 for the last input step), in **natural log per step**: e^slope is the mean factor by
 * which the norm changes per step back. Below 0 the gradient vanishes, about 0 it is stable, above 0 it explodes.
 *
 * Known answer: a linear recurrence h_t = W h_{t−1} + U x_t with W = ρQ (Q orthogonal) and U orthogonal, with the
 * loss on h_T, has ‖∂L/∂x_{T−k}‖ = ρ^k ‖∂L/∂h_T‖ exactly, so its slope is ln ρ (ρ = 0.5: −0.693; 1: 0; 2: +0.693).
 *
 * Why a slope besides the reach (steps back while the norm stays ≥ 1e-3 of its peak): the reach tops out at T, it
 * reads 0 both when nothing flows and when the norm grows ×10 per step (the peak is then the earliest step, so the
 * last step is already below 1e-3 of it), and one low step ends its count. The slope uses every step, has a sign,
 * and is comparable across sequence lengths.
 *
 * This file is the one definition: the trainer stores it per epoch and per trial, the store's migration
 * 20261207081200_gradient_slope recomputes it in SQL from stored norms (keep the two in step), analysis summarises it.
 */

/**
 * The smallest normal float32 (2^−126 ≈ 1.18e-38). The trainer measures norms in float32: below this they are
 * subnormal (relative precision lost) or have underflowed to 0, so their logarithm is not evidence of the rate.
 */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

/**
 * |slope| per step below which a gradient counts as stable: ±0.01 nats per step changes the norm by less than a
 * factor of e (2.7×) over 100 steps, and it would take 690 steps to fall to the reach threshold (1e-3). The longest
 * sequences in the example claims are 40 steps, over which ±0.01 is a factor of at most 1.5.
 */
export const STABLE_SLOPE_PER_STEP = 0.01;

export type GradientRegime = 'vanishing' | 'stable' | 'exploding';

/**
 * The per-step log-slope of a gradient-norm curve (`norms[t]` = ‖∂L_T/∂x_t‖ for t = 0..T−1, input order, as the
 * trainer measures and the store keeps them), or null when it says nothing: fewer than two steps, or no step with a
 * measurable gradient ("no gradient").
 *
 * - Steps with a finite norm ≥ 2^−126 (`FLOAT32_MIN_NORMAL`) are fitted; the others (0, subnormal, NaN, ±Infinity)
 *   are left out, so one step without gradient leaves a hole in the fit instead of ending it.
 * - When only one step is measurable (e.g. zero recurrent weights: only the last step has any gradient), the fit
 *   places every other finite step at 2^−126: a bound, the steepest slope float32 could show (its sign says which
 *   end the gradient sits at).
 */
export function gradientSlope(norms: readonly number[]): number | null {
  const measured: [number, number][] = [];
  const finite: [number, number][] = [];
  norms.forEach((norm, t) => {
    if (!Number.isFinite(norm)) return;
    const back = norms.length - 1 - t;
    finite.push([back, Math.log(Math.max(norm, FLOAT32_MIN_NORMAL))]);
    if (norm >= FLOAT32_MIN_NORMAL) measured.push([back, Math.log(norm)]);
  });
  if (measured.length >= 2) return leastSquaresSlope(measured);
  if (measured.length === 1 && finite.length >= 2) return leastSquaresSlope(finite);
  return null;
}

/** Vanishing, stable or exploding, for one slope (one trial's probe): stable within ±`tolerance` per step. */
export function gradientRegime(slopePerStep: number, tolerance: number = STABLE_SLOPE_PER_STEP): GradientRegime {
  if (slopePerStep < -tolerance) return 'vanishing';
  if (slopePerStep > tolerance) return 'exploding';
  return 'stable';
}

/** Ordinary least squares slope of y on x (x values distinct, at least two points). */
function leastSquaresSlope(points: readonly [number, number][]): number {
  let meanX = 0;
  let meanY = 0;
  for (const [x, y] of points) {
    meanX += x;
    meanY += y;
  }
  meanX /= points.length;
  meanY /= points.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  }
  return sxy / sxx;
}
