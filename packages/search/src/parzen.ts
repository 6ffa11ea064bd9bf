/**
 * Parzen estimators for TPE (Bergstra et al. 2011, "Algorithms for Hyper-Parameter Optimization", NeurIPS), with
 * Optuna's univariate choices (optuna/samplers/_tpe/parzen_estimator.py, v3-v4):
 *
 * - numeric: a mixture of Gaussians truncated to the (internal-scale) bounds, one per observation plus a prior
 *   component N(mid, range). Each observation's bandwidth is the larger gap to its neighbours in the sorted list
 *   of observations and prior (the end-most take the inner gap), clipped to [range / min(100, kernels + 1), range]
 *   ("magic clip": keeps a few close points from collapsing to spikes);
 * - categorical: a mixture of one kernel per observation plus a uniform prior component, with the same component
 *   weights as the numeric mixture. Observation i's kernel puts (1 + a)/(1 + k·a) on its own category and
 *   a/(1 + k·a) on each other one, a = priorWeight/(n + 1) (Optuna's _calculate_categorical_params in 3.1,
 *   _calculate_categorical_distributions in 4.x: the same numbers when no categorical_distance_func is given).
 */
import type { Rng } from '@cellsweep/core';

/** A truncated Gaussian mixture on [low, high] (internal scale). Component weights sum to 1. */
export interface NumericMixture {
  low: number;
  high: number;
  mus: number[];
  sigmas: number[];
  weights: number[];
  /** log of each component's truncated mass Φ((high − μ)/σ) − Φ((low − μ)/σ). */
  logNormalizers: number[];
  /** log(weight) − log σ − log √(2π) − log normalizer per component: the constant part of its log density. */
  logDensityOffsets: number[];
}

/** Builds the estimator from internal-scale points (clamped to the bounds) and their weights. */
export function numericMixture(
  points: readonly number[],
  pointWeights: readonly number[],
  low: number,
  high: number,
  priorWeight: number,
): NumericMixture {
  const range = high - low;
  const mus = points.map((x) => Math.min(high, Math.max(low, x)));
  const prior = (low + high) / 2;
  const withPrior = [...mus, prior];
  const order = withPrior.map((_, i) => i).sort((a, b) => (withPrior[a] as number) - (withPrior[b] as number) || a - b);
  const sorted = order.map((i) => withPrior[i] as number);
  const padded = [low, ...sorted, high];
  const gap = (i: number): number => (padded[i + 1] as number) - (padded[i] as number);
  const sortedSigmas = sorted.map((_, i) => Math.max(gap(i), gap(i + 1)));
  if (sorted.length >= 2) {
    // Optuna's consider_endpoints = false: the outermost kernels ignore the gap to the bound.
    sortedSigmas[0] = (sorted[1] as number) - (sorted[0] as number);
    sortedSigmas[sorted.length - 1] = (sorted.at(-1) as number) - (sorted.at(-2) as number);
  }
  const sigmas = new Array<number>(withPrior.length);
  order.forEach((original, rank) => (sigmas[original] = sortedSigmas[rank] as number));
  const minSigma = range / Math.min(100, 1 + withPrior.length);
  const clipped = sigmas.slice(0, mus.length).map((s) => Math.min(range, Math.max(minSigma, s)));
  const allMus = [...mus, prior];
  const allSigmas = [...clipped, range];
  const raw = [...pointWeights, priorWeight];
  const total = raw.reduce((sum, w) => sum + w, 0);
  const weights = raw.map((w) => w / total);
  const logNormalizers = allMus.map((mu, i) => {
    const sigma = allSigmas[i] as number;
    return Math.log(normalMass((low - mu) / sigma, (high - mu) / sigma));
  });
  const logDensityOffsets = weights.map(
    (w, i) => Math.log(w) - Math.log(allSigmas[i] as number) - LOG_SQRT_2PI - (logNormalizers[i] as number),
  );
  return { low, high, mus: allMus, sigmas: allSigmas, weights, logNormalizers, logDensityOffsets };
}

/** One draw from the mixture: a component by weight, then its Gaussian truncated to the bounds (by rejection). */
export function sampleMixture(mixture: NumericMixture, rng: Rng): number {
  const component = pick(mixture.weights, rng.next());
  const mu = mixture.mus[component] as number;
  const sigma = mixture.sigmas[component] as number;
  // Every component keeps its mean inside the bounds and σ <= range, so its truncated mass is >= Φ(1) − ½ = 0.34:
  // rejection needs under 3 tries on average; 64 failures in a row (p < 1e-11) fall back to clamping.
  for (let attempt = 0; attempt < 64; attempt++) {
    const x = mu + sigma * rng.normal();
    if (x >= mixture.low && x <= mixture.high) return x;
  }
  return Math.min(mixture.high, Math.max(mixture.low, mu));
}

/** log density of the mixture at internal-scale x. */
export function mixtureLogDensity(mixture: NumericMixture, x: number): number {
  const { mus, sigmas, logDensityOffsets } = mixture;
  const terms = new Float64Array(mus.length);
  for (let i = 0; i < mus.length; i++) {
    const z = (x - (mus[i] as number)) / (sigmas[i] as number);
    terms[i] = (logDensityOffsets[i] as number) - 0.5 * z * z;
  }
  return logSumExp(terms);
}

/** log probability the mixture puts on the internal-scale cell [a, b] (how TPE scores an int value). */
export function mixtureLogMass(mixture: NumericMixture, a: number, b: number): number {
  const lo = Math.max(a, mixture.low);
  const hi = Math.min(b, mixture.high);
  const { mus, sigmas, weights, logNormalizers } = mixture;
  const terms = new Float64Array(mus.length);
  for (let i = 0; i < mus.length; i++) {
    const mu = mus[i] as number;
    const sigma = sigmas[i] as number;
    const za = (lo - mu) / sigma;
    const zb = (hi - mu) / sigma;
    // A cell narrow against σ loses precision as a difference of CDFs (and costs two erfc calls): use the midpoint
    // rule there (relative error ≈ (width/σ)²/24 < 5e-6 below width/σ = 0.01), and wherever the difference underflows.
    const mass = zb - za < 0.01 ? 0 : normalMass(za, zb);
    const logMass = mass > 1e-280 ? Math.log(mass) : logNormalPdf((za + zb) / 2) + Math.log(zb - za);
    terms[i] = Math.log(weights[i] as number) + logMass - (logNormalizers[i] as number);
  }
  return logSumExp(terms);
}

/**
 * The categorical Parzen estimator's probability of each choice, given the observations' choice indices and their
 * weights (n of each): Σ_i W_i·K_i(c) + W_prior/k, where W are the weights with `priorWeight` appended, normalised,
 * and K_i is observation i's kernel (see the file comment). With no observations: uniform.
 *
 * Why per-observation smoothing rather than one prior weight spread over the categories (counts + priorWeight/k,
 * what this was until 2026-12): with 6 good observations all in one category (k = 5), that left each other
 * category 1/35 = 0.029 of l(x) where Optuna's kernels leave 0.1, so l hardly ever proposed another category and a
 * quarter of the runs on a log-float × 5-way objective never left a wrong one (docs/search.md).
 */
export function categoricalProbabilities(
  choices: readonly number[],
  pointWeights: readonly number[],
  choiceCount: number,
  priorWeight: number,
): number[] {
  const n = choices.length;
  let total = priorWeight;
  for (const w of pointWeights) total += w;
  const smoothing = priorWeight / (n + 1);
  const kernelTotal = 1 + choiceCount * smoothing;
  // Every kernel's share on every category, and the prior's: the same for all c.
  let shared = priorWeight / total / choiceCount;
  for (const w of pointWeights) shared += ((w / total) * smoothing) / kernelTotal;
  const probabilities = new Array<number>(choiceCount).fill(shared);
  choices.forEach((c, i) => {
    probabilities[c] = (probabilities[c] as number) + (pointWeights[i] as number) / total / kernelTotal;
  });
  return probabilities;
}

/** Index drawn from normalised weights with uniform u in [0, 1). */
export function pick(weights: readonly number[], u: number): number {
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] as number;
    if (u < cumulative) return i;
  }
  return weights.length - 1;
}

const LOG_SQRT_2PI = 0.918_938_533_204_672_7;

function logNormalPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** Φ(b) − Φ(a) for a <= b, computed on the side of the upper tail when both are positive to avoid cancellation. */
function normalMass(a: number, b: number): number {
  if (a > 0) return 0.5 * (erfc(a / Math.SQRT2) - erfc(b / Math.SQRT2));
  return 0.5 * (erfc(-b / Math.SQRT2) - erfc(-a / Math.SQRT2));
}

/**
 * Complementary error function, Chebyshev fit with fractional error < 1.2e-7 everywhere (Press et al., Numerical
 * Recipes, 2nd ed., §6.2, erfcc). Relative, not absolute, accuracy in the tails is what the mass ratios need.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) poly = (ERFC_COEFFICIENTS[i] as number) + t * poly;
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

// The Chebyshev coefficients of erfcc, lowest order first.
const ERFC_COEFFICIENTS = [
  -1.265_512_23, 1.000_023_68, 0.374_091_96, 0.096_784_18, -0.186_288_06, 0.278_868_07, -1.135_203_98, 1.488_515_87,
  -0.822_152_23, 0.170_872_77,
];

function logSumExp(terms: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < terms.length; i++) if ((terms[i] as number) > max) max = terms[i] as number;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < terms.length; i++) sum += Math.exp((terms[i] as number) - max);
  return max + Math.log(sum);
}
