/**
 * Trains one trial: builds the cell, feeds the dataset's splits in seeded order, reports every epoch, keeps the
 * weights of the best validation epoch, and evaluates the test split exactly once, at the end, with those weights.
 */
import * as tf from '@tensorflow/tfjs';
import {
  createRng,
  DEFAULT_RECURRENT_IMPLEMENTATION,
  deriveSeed,
  gradientSlope,
  type TrialConfig,
} from '@cellsweep/core';
import { loadTaskDataset, type Dataset } from '@cellsweep/datasets';
import {
  buildModel,
  fusedKernelBuild,
  kernelTrialStarted,
  modelShape,
  paramCount,
  ParamCountMismatchError,
  type ModelShape,
} from '@cellsweep/models';
import { TrainingAbortedError, TrainingDivergedError } from './errors.js';
import { metricFromLoss, type MetricName } from './objective.js';
import { createOptimizer } from './optimizer.js';
import { resumeRefusal, serializeTensors, toTensors, type TrainerCheckpoint } from './checkpoint.js';
import { captureOptimizerState, restoreOptimizerState } from './optimizer-state.js';
import { createTrainStep } from './train-step.js';
import { gradientReach, measureGradientReach, type GradientReach } from './gradient-reach.js';
import { disposeBatch, SplitTensors } from './split-tensors.js';
import { bucketBatches, orderedBatches } from './length-buckets.js';
import { evaluate } from './evaluate.js';

export interface EpochReport {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  /** Null where the metric needs a separate pass over the training data (accuracy). */
  trainMetric: number | null;
  valMetric: number;
  samplesPerSec: number;
  epochTimeMs: number;
  /** Live tensors after the epoch: flat across epochs, or something leaks. */
  numTensors: number;
  /** ‖∂loss_T/∂x_t‖ per input step on a fixed validation batch, and its reach (see gradient-reach.ts). */
  gradientNorms: number[];
  gradientReach: number;
  /** Per-step log-slope of those norms (core's gradientSlope): < 0 vanishing, > 0 exploding; null: no gradient. */
  gradientSlope: number | null;
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

export interface TrainingResult {
  backend: string;
  /** The fused kernel build that trained (`native-avx2`, `relaxed`, `simd`, ...); null without fused layers. */
  kernels: string | null;
  hidden: number;
  paramCount: number;
  epochsRun: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  metricName: MetricName;
  trainLoss: number;
  valLoss: number;
  testLoss: number;
  trainMetric: number;
  valMetric: number;
  testMetric: number;
  /**
   * Every test metric the task reports, keyed by name, the primary one included (spam: accuracy, f1, precision,
   * recall; g2p: token-accuracy, sequence-accuracy; mackey-glass: nmse, mse). Length-generalization tasks measure
   * them at the test length. Always set by trainTrial; optional so other producers of results (the worker's
   * simulated trainer) need not invent values.
   */
  testMetrics?: Record<string, number>;
  /** Held-out minus training loss, both measured with the best weights after training. */
  generalizationGap: number;
  /** Training time over every attempt (a resumed trial adds its own to the checkpoint's). */
  wallTimeMs: number;
  /**
   * Set when the trial was given a checkpoint it could not continue exactly (an old format, another backend): it
   * trained from epoch 1 instead, and this says why. Absent otherwise.
   */
  restartedBecause?: string;
  /** Gradient reach of the untrained model (carried by checkpoints, so also set on resume) and of the final weights. */
  initialGradient: GradientReach | null;
  finalGradient: GradientReach;
  /** The two reaches again, flat, as the store records them. */
  initialGradientReach: number | null;
  gradientReach: number;
  /** The two per-step log-slopes, flat, as the store records them (null: not measured, or no gradient). */
  initialGradientSlope: number | null;
  gradientSlope: number | null;
}

export interface TrainTrialRequest {
  config: TrialConfig;
  /** Units per layer, already solved from the budget where the trial has one. */
  hidden: number;
  /** A preloaded dataset; loaded from the config's task and seed when absent. */
  dataset?: Dataset;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  onProgress?: (progress: TrainProgress) => void;
  /** Called after every epoch with a checkpoint to persist; training waits for it (a write that fails fails the trial). */
  onCheckpoint?: (checkpoint: TrainerCheckpoint) => Promise<void>;
  /** Continue from this checkpoint instead of epoch 1 (unless `resumeRefusal` refuses it: then from epoch 1). */
  resumeFrom?: TrainerCheckpoint;
  signal?: AbortSignal;
  /** Where parsed data files are kept for the machine's other threads and processes (FileLoadOptions). */
  parsedDatasetCacheDir?: string;
}

/** Fixed validation samples the gradient-reach probe uses at every epoch. */
const GRADIENT_PROBE_SIZE = 32;
const YIELD_EVERY_MS = 100;

/** Trains one trial on the active tfjs backend (see selectBackend). */
export async function trainTrial(request: TrainTrialRequest): Promise<TrainingResult> {
  const startedAt = performance.now();
  const { config } = request;
  const implementation = config.implementation ?? DEFAULT_RECURRENT_IMPLEMENTATION;
  // Resolved once: a trial trains, checkpoints and reports on one kernel build.
  const kernels = fusedKernelBuild({ cell: config.cell, implementation });
  const refusal = request.resumeFrom ? resumeRefusal(request.resumeFrom, tf.getBackend(), kernels) : null;
  const resumeFrom = refusal === null ? request.resumeFrom : undefined;
  const priorWallTimeMs = resumeFrom?.wallTimeMs ?? 0;
  const wallTimeMs = (): number => priorWallTimeMs + Math.round(performance.now() - startedAt);
  const dataset =
    request.dataset ??
    (await loadTaskDataset(config.task, deriveSeed(config.seed, 'data'), {
      ...(request.parsedDatasetCacheDir === undefined ? {} : { parsedCacheDir: request.parsedDatasetCacheDir }),
    }));
  const shape = modelShape(config, request.hidden, dataset);
  // Length generalization (a test split longer than training): one model that takes any T. Otherwise the input
  // length stays fixed, as before, so those trials build exactly the same graph.
  const sameLength = Object.values(dataset.splits).every((split) => split.sequenceLength === dataset.sequenceLength);
  // Right-padded sequences of different lengths: per-sequence heads predict at every step and the objective keeps
  // each sequence's own last one (objective.ts readOut). Fixed-length data builds exactly the graph it always had.
  const padded = [dataset.train, dataset.validation, dataset.test].some((split) => split.lengths !== undefined);
  // Padded training batches are bucketed by length and cut to their own longest sequence (length-buckets.ts), which
  // needs a model that takes any length: all but a transformer with a learned position table (one row per step).
  const trainLengths = shape.transformer?.positional === 'learned' ? undefined : dataset.train.lengths;
  const model = buildModel({
    ...shape,
    ...(padded ? { readOut: 'every-step' as const } : {}),
    sequenceLength: sameLength && trainLengths === undefined ? dataset.sequenceLength : null,
    seed: deriveSeed(config.seed, 'init'),
    implementation,
    // The build recorded with the result and checkpoints is the one the layers run.
    ...(kernels ? { kernels } : {}),
  });
  assertCountMatches(model, shape);
  // Evaluation batches are cut to their own length too, with the same model condition as the training buckets.
  const evaluation = { trimToLength: trainLengths !== undefined };
  const optimizer = createOptimizer(config.training.optimizer, config.training.learningRate);
  const splits = {
    train: new SplitTensors(dataset.train, dataset.inputSize, shape.head),
    validation: new SplitTensors(dataset.validation, dataset.inputSize, shape.head),
    test: new SplitTensors(dataset.test, dataset.inputSize, shape.head),
  };
  let bestWeights: tf.Tensor[] | null = null;
  // While it trains, this trial counts toward the ones sharing the cores (the native kernels' thread count).
  const disposeAtEnd: (() => void)[] = [kernelTrialStarted()];
  try {
    const shuffleRng = createRng(deriveSeed(config.seed, 'shuffle'));
    const trainOrder = (): number[] => shuffleRng.shuffle(Array.from({ length: splits.train.count }, (_, i) => i));
    const { epochs, batchSize, clipNorm, earlyStoppingPatience } = config.training;
    const epochBatches = (): number[][] =>
      trainLengths
        ? bucketBatches(trainOrder(), trainLengths, batchSize, shuffleRng)
        : orderedBatches(trainOrder(), batchSize);
    const step = createTrainStep(model, shape.head, optimizer, clipNorm);
    const probe = splits.validation.gather(
      Int32Array.from({ length: Math.min(GRADIENT_PROBE_SIZE, splits.validation.count) }, (_, i) => i),
    );
    disposeAtEnd.push(() => disposeBatch(probe));
    // Measured once, before epoch 1; a resumed trial takes it from the checkpoint (its model is no longer untrained).
    const initialGradient = resumeFrom?.initialGradientNorms
      ? reachOf(resumeFrom.initialGradientNorms)
      : measureGradientReach(model, shape.head, probe);
    const batches = Math.ceil(splits.train.count / batchSize);
    let best = { epoch: 0, valLoss: Infinity };
    let epochsRun = 0;
    let lastYield = performance.now();
    const patienceExhausted = (epoch: number): boolean =>
      earlyStoppingPatience !== null && epoch - best.epoch >= earlyStoppingPatience;

    if (resumeFrom) {
      const resumed = await restoreCheckpoint(model, optimizer, resumeFrom);
      best = { epoch: resumeFrom.best.epoch, valLoss: resumeFrom.best.valLoss };
      bestWeights = resumed.bestWeights;
      epochsRun = resumeFrom.epoch;
      // Replaying the shuffles (and buckets) puts the data order exactly where the interrupted run would have been.
      for (let epoch = 1; epoch <= epochsRun; epoch++) epochBatches();
    }

    for (let epoch = epochsRun + 1; epoch <= epochs && !patienceExhausted(epoch - 1); epoch++) {
      const epochStart = performance.now();
      const plan = epochBatches();
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        const indices = plan[b] as number[];
        if (request.signal?.aborted) throw new TrainingAbortedError();
        const batch = splits.train.gather(Int32Array.from(indices), trainLengths !== undefined);
        const loss = await step(batch);
        disposeBatch(batch);
        if (!Number.isFinite(loss)) throw new TrainingDivergedError(epoch, loss);
        lossSum += loss * indices.length;
        request.onProgress?.({ epoch, epochs, batch: b + 1, batches });
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          // Let abort signals and progress messages through; training itself is synchronous tfjs work.
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const trainLoss = lossSum / splits.train.count;
      const validation = evaluate(model, shape.head, dataset.metric, splits.validation, evaluation);
      epochsRun = epoch;
      const gradient = measureGradientReach(model, shape.head, probe);
      if (validation.loss < best.valLoss) {
        best = { epoch, valLoss: validation.loss };
        tf.dispose(bestWeights ?? []);
        bestWeights = model.getWeights().map((weight) => weight.clone());
      }
      await request.onEpoch?.({
        epoch,
        trainLoss,
        valLoss: validation.loss,
        trainMetric: metricFromLoss(dataset.metric, trainLoss, splits.train.facts),
        valMetric: validation.metric,
        samplesPerSec: splits.train.count / trainSeconds,
        epochTimeMs: Math.round(performance.now() - epochStart),
        numTensors: tf.memory().numTensors,
        gradientNorms: gradient.norms,
        gradientReach: gradient.reach,
        gradientSlope: gradient.slope,
      });
      if (request.onCheckpoint) {
        const norms = initialGradient.norms;
        const state = { epoch, best, bestWeights, wallTimeMs: wallTimeMs(), initialGradientNorms: norms, kernels };
        await request.onCheckpoint(await captureCheckpoint(model, optimizer, state));
      }
    }

    // The test split is evaluated once, here, with the weights the task selects (normally the best validation epoch),
    // at its own length: longer than training for length-generalization tasks, while validation (what selected the
    // weights) used the training length.
    if (bestWeights && dataset.selectWeights !== 'last-epoch') model.setWeights(bestWeights);
    const train = evaluate(model, shape.head, dataset.metric, splits.train, evaluation);
    const validation = evaluate(model, shape.head, dataset.metric, splits.validation, evaluation);
    const test = evaluate(model, shape.head, dataset.metric, splits.test, {
      ...evaluation,
      metrics: dataset.testMetrics,
    });
    const finalGradient = measureGradientReach(model, shape.head, probe);
    return {
      backend: tf.getBackend(),
      kernels,
      hidden: request.hidden,
      paramCount: model.countParams(),
      epochsRun,
      bestEpoch: best.epoch,
      stoppedEarly: epochsRun < epochs,
      metricName: dataset.metric,
      trainLoss: train.loss,
      valLoss: validation.loss,
      testLoss: test.loss,
      trainMetric: train.metric,
      valMetric: validation.metric,
      testMetric: test.metric,
      testMetrics: test.metrics,
      generalizationGap: test.loss - train.loss,
      wallTimeMs: wallTimeMs(),
      ...(refusal === null ? {} : { restartedBecause: refusal }),
      initialGradient,
      finalGradient,
      initialGradientReach: initialGradient.reach,
      gradientReach: finalGradient.reach,
      initialGradientSlope: initialGradient.slope,
      gradientSlope: finalGradient.slope,
    };
  } finally {
    disposeAtEnd.forEach((dispose) => dispose());
    tf.dispose(bestWeights ?? []);
    Object.values(splits).forEach((split) => split.dispose());
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * The closed form that sized the trial (and that budgets compare) must be the model that trains: a plugin's
 * formula is the user's, so it is checked against tfjs's own count before the first step, and a wrong one fails
 * the trial rather than comparing cells at unequal sizes.
 */
function assertCountMatches(model: tf.LayersModel, shape: ModelShape): void {
  const formula = paramCount(shape);
  const built = model.countParams();
  if (formula === built) return;
  model.dispose();
  throw new ParamCountMismatchError(shape.cell, formula, built);
}

/** The reach and slope of stored norms: the same functions measureGradientReach applies, so the same numbers. */
function reachOf(norms: number[]): GradientReach {
  return { norms, reach: gradientReach(norms), slope: gradientSlope(norms) };
}

interface TrainingState {
  epoch: number;
  kernels: string | null;
  best: { epoch: number; valLoss: number };
  bestWeights: tf.Tensor[] | null;
  wallTimeMs: number;
  initialGradientNorms: number[];
}

async function captureCheckpoint(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  state: TrainingState,
): Promise<TrainerCheckpoint> {
  const named = (tensors: tf.Tensor[]): { name: string; tensor: tf.Tensor }[] =>
    tensors.map((tensor, i) => ({ name: model.weights[i]?.originalName ?? String(i), tensor }));
  return {
    version: 2,
    epoch: state.epoch,
    backend: tf.getBackend(),
    kernels: state.kernels,
    wallTimeMs: state.wallTimeMs,
    weights: await serializeTensors(named(model.getWeights())),
    optimizer: await captureOptimizerState(optimizer),
    best: { ...state.best, weights: state.bestWeights ? await serializeTensors(named(state.bestWeights)) : null },
    initialGradientNorms: state.initialGradientNorms,
  };
}

async function restoreCheckpoint(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  checkpoint: TrainerCheckpoint,
): Promise<{ bestWeights: tf.Tensor[] | null }> {
  const weights = toTensors(checkpoint.weights).map(({ tensor }) => tensor);
  model.setWeights(weights);
  tf.dispose(weights);
  await restoreOptimizerState(optimizer, checkpoint.optimizer);
  return {
    bestWeights: checkpoint.best.weights ? toTensors(checkpoint.best.weights).map(({ tensor }) => tensor) : null,
  };
}
