/**
 * A stand-in trainer for tests and benchmarks where training itself is not the point: it sleeps `epochMs` per
 * epoch (so faults can hit a trial mid-way), reports losses that depend only on the seed and the epoch, and
 * checkpoints/resumes like the real trainer. A resumed trial therefore ends with exactly the result of an
 * uninterrupted one, which the fault tests check.
 */
import { CellsweepError } from '@cellsweep/core';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TrialConfig } from '@cellsweep/core';
import type { TrainTrialRequest, TrainingResult } from '@cellsweep/trainer';

const MAGIC = 'cellsweep-simulated-checkpoint';

/** Same name as the trainer's class, so the thread treats both alike (without loading tfjs). */
class TrainingAbortedError extends CellsweepError {
  constructor() {
    super('training aborted');
  }
}

/** The validation loss the simulated trainer reports for `seed` after `epoch` (also what tests expect). */
export function simulatedValLoss(seed: number, epoch: number): number {
  return 1 / (epoch + 1) + (seed % 97) / 1_000;
}

export async function trainSimulated(
  request: Omit<TrainTrialRequest, 'resumeFrom' | 'onCheckpoint'> & {
    epochMs: number;
    resumeFrom: Uint8Array | null;
    onCheckpoint?: (epoch: number, data: Uint8Array) => Promise<void>;
  },
): Promise<TrainingResult> {
  const startedAt = performance.now();
  const config: TrialConfig = request.config;
  const epochs = config.training.epochs;
  let epoch = request.resumeFrom ? decode(request.resumeFrom) : 0;
  for (epoch += 1; epoch <= epochs; epoch++) {
    const epochStart = performance.now();
    const batches = 4;
    for (let batch = 1; batch <= batches; batch++) {
      if (request.signal?.aborted) throw new TrainingAbortedError();
      await sleep(request.epochMs / batches);
      request.onProgress?.({ epoch, epochs, batch, batches });
    }
    const valLoss = simulatedValLoss(config.seed, epoch);
    await request.onEpoch?.({
      epoch,
      trainLoss: valLoss * 0.9,
      valLoss,
      trainMetric: null,
      valMetric: valLoss,
      samplesPerSec: 1_000,
      epochTimeMs: Math.round(performance.now() - epochStart),
      numTensors: 0,
      gradientNorms: [],
      gradientReach: 0,
      gradientSlope: null,
    });
    await request.onCheckpoint?.(epoch, encode(epoch));
  }
  const valLoss = simulatedValLoss(config.seed, epochs);
  return {
    backend: 'simulated',
    kernels: null,
    hidden: request.hidden,
    paramCount: 0,
    epochsRun: epochs,
    bestEpoch: epochs,
    stoppedEarly: false,
    metricName: 'mse',
    trainLoss: valLoss * 0.9,
    valLoss,
    testLoss: valLoss * 1.1,
    trainMetric: valLoss * 0.9,
    valMetric: valLoss,
    testMetric: valLoss * 1.1,
    generalizationGap: valLoss * 0.2,
    wallTimeMs: Math.round(performance.now() - startedAt),
    initialGradient: null,
    finalGradient: { norms: [], reach: 0, slope: null },
    initialGradientReach: null,
    gradientReach: 0,
    initialGradientSlope: null,
    gradientSlope: null,
  };
}

function encode(epoch: number): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ magic: MAGIC, epoch }));
}

function decode(data: Uint8Array): number {
  const parsed = JSON.parse(new TextDecoder().decode(data)) as { magic?: string; epoch?: number };
  if (parsed.magic !== MAGIC || typeof parsed.epoch !== 'number') throw new Error('not a simulated-trainer checkpoint');
  return parsed.epoch;
}
