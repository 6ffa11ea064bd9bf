import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { OptimizerName, TrialConfig } from '@cellsweep/core';
import { decodeCheckpoint, encodeCheckpoint, type TrainerCheckpoint } from './checkpoint.js';
import { TrainingAbortedError } from './errors.js';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport, type TrainingResult } from './train-trial.js';

before(useWasm);

const EPOCHS = 6;
const TASK = { dataset: 'adding', sequenceLength: 8, trainSize: 96, validationSize: 32, testSize: 32 };
// Timings are the only numbers a resume may change (a resumed trial's wall time adds the checkpoint's to its own).
const TIMINGS = ['wallTimeMs', 'samplesPerSec', 'epochTimeMs'];

function withoutTimings<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !TIMINGS.includes(key))) as Partial<T>;
}

async function train(config: TrialConfig, resumeFrom?: TrainerCheckpoint, signal?: AbortSignal) {
  const rows: EpochReport[] = [];
  const checkpoints: Uint8Array[] = [];
  const run = trainTrial({
    config,
    hidden: 5,
    ...(resumeFrom ? { resumeFrom } : {}),
    ...(signal ? { signal } : {}),
    onEpoch: (row) => void rows.push(row),
    onCheckpoint: async (checkpoint) => void checkpoints.push(encodeCheckpoint(checkpoint)),
  });
  return { rows, checkpoints, result: await run.catch((error: unknown) => error) };
}

// Every optimizer × cell × implementation: stop the trial during each epoch (an abort, as on SIGTERM or Ctrl-C),
// resume from the checkpoint it left (the last one, as after a SIGKILL), and demand the uninterrupted trial's
// numbers exactly: every epoch row and every result field but the timings.
for (const optimizer of ['adam', 'momentum', 'rmsprop', 'sgd'] as const satisfies readonly OptimizerName[]) {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    for (const implementation of ['fused', 'layers'] as const) {
      const title = `${optimizer} ${cell} ${implementation}: stopped in any epoch and resumed, ends as uninterrupted`;
      test(title, async () => {
        const learningRate = optimizer === 'sgd' || optimizer === 'momentum' ? 0.05 : 0.01;
        // Batches of 8: 72 Adam steps, enough for tfjs's pow(β, t) and the running product of β to differ.
        const training = { epochs: EPOCHS, batchSize: 8, optimizer, learningRate, clipNorm: 1 };
        const config = tinyTrial(
          { cell, implementation, training: { ...training, earlyStoppingPatience: null } },
          TASK,
        );
        const straight = await train(config);
        assert.ok(!(straight.result instanceof Error), String(straight.result));
        const expected = straight.result as TrainingResult;
        assert.equal(straight.checkpoints.length, EPOCHS);
        assert.ok(expected.initialGradientReach !== null && expected.initialGradientSlope !== null);

        for (let epoch = 1; epoch <= EPOCHS; epoch++) {
          // Stopped in the middle of epoch `epoch + 1`: what it left behind is the checkpoint of `epoch`.
          let left = straight.checkpoints[epoch - 1] as Uint8Array;
          if (epoch < EPOCHS) {
            const stop = new AbortController();
            const previous = epoch > 1 ? decodeCheckpoint(straight.checkpoints[epoch - 2] as Uint8Array) : undefined;
            const stopped = await trainStopping(config, previous, stop, epoch + 1);
            assert.ok(stopped.result instanceof TrainingAbortedError, `stopped in epoch ${epoch + 1}`);
            left = stopped.checkpoints.at(-1) as Uint8Array;
            const same = decodeCheckpoint(straight.checkpoints[epoch - 1] as Uint8Array);
            const what = `the checkpoint a stop in epoch ${epoch + 1} left`;
            assert.deepEqual(stateOf(decodeCheckpoint(left)), stateOf(same), what);
          }
          const resumed = await train(config, decodeCheckpoint(left));
          const where = `resumed after epoch ${epoch}`;
          assert.ok(!(resumed.result instanceof Error), `${where}: ${String(resumed.result)}`);
          const expectedRows = straight.rows.slice(epoch).map(withoutTimings);
          assert.deepEqual(resumed.rows.map(withoutTimings), expectedRows, `${where}: epoch rows`);
          assert.deepEqual(
            withoutTimings(resumed.result as TrainingResult),
            withoutTimings(expected),
            `${where}: result`,
          );
          const wallTimeMs = (resumed.result as TrainingResult).wallTimeMs;
          assert.ok(wallTimeMs >= decodeCheckpoint(left).wallTimeMs, `${where}: wall time adds up`);
        }
      });
    }
  }
}

/** A checkpoint's numbers, without the wall time and the tensor names (tfjs numbers its variables globally). */
function stateOf(checkpoint: TrainerCheckpoint) {
  const values = (tensors: TrainerCheckpoint['weights'] | null) =>
    tensors?.map(({ shape, values }) => ({ shape, values }));
  const { wallTimeMs: _, weights, optimizer, best, ...rest } = checkpoint;
  const bestValues = { ...best, weights: values(best.weights) };
  return { ...rest, weights: values(weights), optimizer: values(optimizer), best: bestValues };
}

/** Trains from `resumeFrom` (or epoch 1) and aborts at the second batch of `stopEpoch`. */
async function trainStopping(
  config: TrialConfig,
  resumeFrom: TrainerCheckpoint | undefined,
  stop: AbortController,
  stopEpoch: number,
) {
  const rows: EpochReport[] = [];
  const checkpoints: Uint8Array[] = [];
  const result = await trainTrial({
    config,
    hidden: 5,
    ...(resumeFrom ? { resumeFrom } : {}),
    signal: stop.signal,
    onEpoch: (row) => void rows.push(row),
    onProgress: ({ epoch, batch }) => epoch === stopEpoch && batch === 5 && stop.abort(),
    onCheckpoint: async (checkpoint) => void checkpoints.push(encodeCheckpoint(checkpoint)),
  }).catch((error: unknown) => error);
  return { rows, checkpoints, result };
}

test('Adam above the fused size (tfjs ops) resumes exactly too', async () => {
  const training = {
    epochs: 3,
    batchSize: 8,
    optimizer: 'adam' as const,
    learningRate: 0.01,
    clipNorm: 1,
    earlyStoppingPatience: null,
  };
  const config = tinyTrial({ cell: 'lstm', training }, TASK);
  const run = async (resumeFrom?: TrainerCheckpoint) => {
    const rows: EpochReport[] = [];
    const checkpoints: Uint8Array[] = [];
    // 4·(90·(2 + 90) + 90) + 91 = 33,571 parameters > FUSED_ADAM_MAX_PARAMS: the tfjs Adam path.
    const result = await trainTrial({
      config,
      hidden: 90,
      ...(resumeFrom ? { resumeFrom } : {}),
      onEpoch: (row) => void rows.push(row),
      onCheckpoint: async (checkpoint) => void checkpoints.push(encodeCheckpoint(checkpoint)),
    });
    return { rows, checkpoints, result };
  };
  const straight = await run();
  assert.ok(straight.result.paramCount > 32_768);
  const resumed = await run(decodeCheckpoint(straight.checkpoints[0] as Uint8Array));
  assert.deepEqual(resumed.rows.map(withoutTimings), straight.rows.slice(1).map(withoutTimings));
  assert.deepEqual(withoutTimings(resumed.result), withoutTimings(straight.result));
});
