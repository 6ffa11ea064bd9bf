/**
 * Trains one trial: builds the cell, feeds the dataset's splits in seeded order, reports every epoch, keeps the
 * weights of the best validation epoch, and evaluates the test split exactly once, at the end, with those weights.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, type TrialConfig } from '@cellsweep/core';
import { loadDataset, type Dataset } from '@cellsweep/datasets';
import type { HeadSpec, ModelShape } from '@cellsweep/models';
import { buildModelQuietly } from './build-quietly.js';
import { TrainingAbortedError, TrainingDivergedError } from './errors.js';
import { batchSums, finishMetric, type MetricName } from './objective.js';
import { createOptimizer } from './optimizer.js';
import { createTrainStep } from './train-step.js';
import { disposeBatch, SplitTensors } from './split-tensors.js';

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
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

export interface TrialResult {
  backend: string;
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
  /** Held-out minus training loss, both measured with the best weights after training. */
  generalizationGap: number;
  wallTimeMs: number;
}

export interface TrainTrialRequest {
  config: TrialConfig;
  /** Units per layer, already solved from the budget where the trial has one. */
  hidden: number;
  /** A preloaded dataset; loaded from the config's task and seed when absent. */
  dataset?: Dataset;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

const EVAL_BATCH_SIZE = 512;
const YIELD_EVERY_MS = 100;

/** Trains one trial on the active tfjs backend (see selectBackend). */
export async function trainTrial(request: TrainTrialRequest): Promise<TrialResult> {
  const startedAt = performance.now();
  const { config } = request;
  const dataset = request.dataset ?? loadDataset(config.task, deriveSeed(config.seed, 'data'));
  const shape = modelShape(config, request.hidden, dataset);
  const model = buildModelQuietly({ ...shape, sequenceLength: dataset.sequenceLength, seed: deriveSeed(config.seed, 'init') });
  const optimizer = createOptimizer(config.training.optimizer, config.training.learningRate);
  const splits = {
    train: new SplitTensors(dataset.train, dataset.sequenceLength, dataset.inputSize, shape.head),
    validation: new SplitTensors(dataset.validation, dataset.sequenceLength, dataset.inputSize, shape.head),
    test: new SplitTensors(dataset.test, dataset.sequenceLength, dataset.inputSize, shape.head),
  };
  let bestWeights: tf.Tensor[] | null = null;
  try {
    const shuffleRng = createRng(deriveSeed(config.seed, 'shuffle'));
    const { epochs, batchSize, clipNorm, earlyStoppingPatience } = config.training;
    const step = createTrainStep(model, shape.head, optimizer, clipNorm);
    const batches = Math.ceil(splits.train.count / batchSize);
    let best = { epoch: 0, valLoss: Infinity };
    let epochsRun = 0;
    let lastYield = performance.now();

    for (let epoch = 1; epoch <= epochs; epoch++) {
      const epochStart = performance.now();
      const order = shuffleRng.shuffle(Array.from({ length: splits.train.count }, (_, i) => i));
      let lossSum = 0;
      for (let b = 0; b < batches; b++) {
        if (request.signal?.aborted) throw new TrainingAbortedError();
        const batch = splits.train.gather(Int32Array.from(order.slice(b * batchSize, (b + 1) * batchSize)));
        const loss = await step(batch);
        disposeBatch(batch);
        if (!Number.isFinite(loss)) throw new TrainingDivergedError(epoch, loss);
        lossSum += loss * Math.min(batchSize, splits.train.count - b * batchSize);
        request.onProgress?.({ epoch, epochs, batch: b + 1, batches });
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          // Let abort signals and progress messages through; training itself is synchronous tfjs work.
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const trainLoss = lossSum / splits.train.count;
      const validation = evaluate(model, shape.head, dataset.metric, splits.validation);
      epochsRun = epoch;
      await request.onEpoch?.({
        epoch,
        trainLoss,
        valLoss: validation.loss,
        trainMetric: dataset.metric === 'accuracy' ? null : finishMetric(dataset.metric, [trainLoss, trainLoss, 1]).metric,
        valMetric: validation.metric,
        samplesPerSec: splits.train.count / trainSeconds,
        epochTimeMs: Math.round(performance.now() - epochStart),
        numTensors: tf.memory().numTensors,
      });
      if (validation.loss < best.valLoss) {
        best = { epoch, valLoss: validation.loss };
        tf.dispose(bestWeights ?? []);
        bestWeights = model.getWeights().map((weight) => weight.clone());
      } else if (earlyStoppingPatience !== null && epoch - best.epoch >= earlyStoppingPatience) {
        break;
      }
    }

    if (bestWeights) model.setWeights(bestWeights);
    const train = evaluate(model, shape.head, dataset.metric, splits.train);
    const validation = evaluate(model, shape.head, dataset.metric, splits.validation);
    const test = evaluate(model, shape.head, dataset.metric, splits.test);
    return {
      backend: tf.getBackend(),
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
      generalizationGap: test.loss - train.loss,
      wallTimeMs: Math.round(performance.now() - startedAt),
    };
  } finally {
    tf.dispose(bestWeights ?? []);
    Object.values(splits).forEach((split) => split.dispose());
    optimizer.dispose();
    model.dispose();
  }
}

/** The model the trial describes, with the head its dataset needs. */
export function modelShape(config: TrialConfig, hidden: number, task: { inputSize: number; target: HeadSpec }): ModelShape {
  return {
    cell: config.cell,
    inputSize: task.inputSize,
    hidden,
    layers: config.layers,
    head: task.target,
    recurrentActivation: config.recurrentActivation,
    unitForgetBias: config.unitForgetBias,
  };
}

function evaluate(
  model: tf.LayersModel,
  head: HeadSpec,
  metric: MetricName,
  split: SplitTensors,
): { loss: number; metric: number } {
  const totals = [0, 0, 0];
  for (const batch of split.inOrder(EVAL_BATCH_SIZE)) {
    const sums = tf.tidy(() => batchSums(head, model.apply(batch.x, { training: false }) as tf.Tensor, batch));
    sums.dataSync().forEach((value, i) => (totals[i] = (totals[i] ?? 0) + value));
    tf.dispose(sums);
    disposeBatch(batch);
  }
  return finishMetric(metric, totals);
}
