/**
 * Mackey-Glass forecasting (Mackey & Glass 1977), the chaotic delay differential equation used to benchmark
 * recurrent predictors since Jaeger & Haas 2004:
 *
 *   dx/dt = β x(t−τ) / (1 + x(t−τ)^10) − γ x(t),   β = 0.2, γ = 0.1, τ = task.tau (17: chaotic)
 *
 * integrated with classical RK4 at a fixed step of 0.1 (the delayed term at the half step is the mean of its two
 * neighbours on the grid), sampled every 1 time unit. Each split integrates its own trajectory from its own
 * seeded random initial history (values U(0.5, 1.5) over [−τ, 0]) and drops the first 1,000 time units, so the
 * splits share no window (or value) at all. Within a split, windows are consecutive and do not overlap: samples
 * `[k·(T+h), k·(T+h) + T)` are the input (one channel), the next `h` samples the targets (regression, h outputs).
 * With `noise > 0`, Gaussian noise of that std is added to the observed series, inputs and targets alike.
 *
 * Metric: NMSE = MSE / variance of the split's targets (1 = predicting the split's mean, 0 = exact).
 */
import { createRng, deriveSeed, type MackeyGlassTask, type Rng } from '@cellsweep/core';
import { sameSplits, splitSize } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';

const BETA = 0.2;
const GAMMA = 0.1;
/** Integration step and samples per time unit: 10 RK4 steps per observed sample. */
const STEP = 0.1;
const STEPS_PER_SAMPLE = 10;
const WARM_UP_SAMPLES = 1_000;
/** Trajectory length for the baseline's variance estimate (describeTask must stay cheap: ~10 ms). */
const REFERENCE_SAMPLES = 20_000;

function derivative(x: number, delayed: number): number {
  // delayed^10 by squaring: ~10x faster than Math.pow here, and exactly reproducible across platforms.
  const squared = delayed * delayed;
  const fourth = squared * squared;
  return (BETA * delayed) / (1 + fourth * fourth * squared) - GAMMA * x;
}

/**
 * `samples` observations (one per time unit) of a Mackey-Glass trajectory after the warm-up, from a random
 * initial history drawn with `rng`. Exposed for tests.
 */
export function mackeyGlassSeries(tau: number, samples: number, rng: Rng): Float64Array {
  const lag = Math.round(tau / STEP);
  const total = (WARM_UP_SAMPLES + samples) * STEPS_PER_SAMPLE;
  // x[i] is the state at grid point i − lag; the first lag + 1 points are the initial history on [−τ, 0].
  const x = new Float64Array(lag + 1 + total);
  for (let i = 0; i <= lag; i++) x[i] = 0.5 + rng.next();
  for (let i = lag; i < lag + total; i++) {
    const now = x[i] as number;
    const delayedNow = x[i - lag] as number;
    const delayedNext = x[i - lag + 1] as number;
    const delayedHalf = (delayedNow + delayedNext) / 2;
    const k1 = derivative(now, delayedNow);
    const k2 = derivative(now + (STEP / 2) * k1, delayedHalf);
    const k3 = derivative(now + (STEP / 2) * k2, delayedHalf);
    const k4 = derivative(now + STEP * k3, delayedNext);
    x[i + 1] = now + (STEP / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  const out = new Float64Array(samples);
  const first = lag + WARM_UP_SAMPLES * STEPS_PER_SAMPLE;
  for (let s = 0; s < samples; s++) out[s] = x[first + s * STEPS_PER_SAMPLE] as number;
  return out;
}

const varianceCache = new Map<number, number>();

/** Variance of the attractor for this τ, from one fixed long trajectory (the MSE of predicting the mean). */
function attractorVariance(tau: number): number {
  let variance = varianceCache.get(tau);
  if (variance === undefined) {
    const series = mackeyGlassSeries(tau, REFERENCE_SAMPLES, createRng(17));
    const mean = series.reduce((sum, value) => sum + value, 0) / series.length;
    variance = series.reduce((sum, value) => sum + (value - mean) ** 2, 0) / series.length;
    varianceCache.set(tau, variance);
  }
  return variance;
}

export function describeMackeyGlass(task: MackeyGlassTask): TaskShape {
  return {
    inputSize: 1,
    sequenceLength: task.sequenceLength,
    splits: sameSplits(task.sequenceLength, null),
    target: { kind: 'regression', outputSize: task.horizon },
    metric: 'nmse',
    metricHigherIsBetter: false,
    testMetrics: ['nmse', 'mse'],
    description:
      `Mackey-Glass (τ=${task.tau}) forecasting: from ${task.sequenceLength} samples predict the next ` +
      `${task.horizon}${task.noise > 0 ? ` (observation noise std ${task.noise})` : ''}; NMSE 1 = predicting the mean.`,
    // Predicting the mean scores the series' variance (plus the observation noise's, which is in the targets too).
    baselineLoss: attractorVariance(task.tau) + task.noise ** 2,
    scoredSteps: null,
  };
}

export function loadMackeyGlass(task: MackeyGlassTask, seed: number): Dataset {
  const shape = describeMackeyGlass(task);
  const steps = task.sequenceLength;
  const horizon = task.horizon;
  const window = steps + horizon;
  const build = (split: SplitName): DatasetSplit => {
    const count = splitSize(task, split);
    const series = mackeyGlassSeries(task.tau, count * window, createRng(deriveSeed(seed, `mackey-glass:${split}`)));
    if (task.noise > 0) {
      const noise = createRng(deriveSeed(seed, `mackey-glass:${split}:noise`));
      for (let s = 0; s < series.length; s++) series[s] = (series[s] as number) + task.noise * noise.normal();
    }
    const x = new Float32Array(count * steps);
    const y = new Float32Array(count * horizon);
    for (let n = 0; n < count; n++) {
      x.set(series.subarray(n * window, n * window + steps), n * steps);
      y.set(series.subarray(n * window + steps, (n + 1) * window), n * horizon);
    }
    return { count, sequenceLength: steps, x, y };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...shape, task, train, validation, test };
}
