import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fusedKernelBuild, kernelThreadedCalls, setKernelThreads } from '@cellsweep/models';
import { decodeCheckpoint, encodeCheckpoint, type TrainerCheckpoint } from './checkpoint.js';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport, type TrainingResult } from './train-trial.js';

before(useWasm);
after(() => setKernelThreads('auto'));

// Big enough that the kernels split their work (batch 24 ≥ 2 GEMM tiles per thread, H = 40): what is compared is a
// run whose kernel calls really ran on 2 threads against one that ran on 1.
const TASK = { dataset: 'adding', sequenceLength: 8, trainSize: 96, validationSize: 24, testSize: 24 };
const HIDDEN = 40;
const TIMINGS = ['wallTimeMs', 'samplesPerSec', 'epochTimeMs'];
const native = fusedKernelBuild({ cell: 'lstm', implementation: 'fused' })?.startsWith('native-') ?? false;

function withoutTimings<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !TIMINGS.includes(key))) as Partial<T>;
}

/** A checkpoint's numbers, without the wall time and the tensor names (tfjs numbers its variables globally). */
function stateOf(checkpoint: TrainerCheckpoint) {
  const values = (tensors: TrainerCheckpoint['weights'] | null) =>
    tensors?.map(({ shape, values }) => ({ shape, values }));
  const { wallTimeMs: _, weights, optimizer, best, ...rest } = checkpoint;
  return { ...rest, weights: values(weights), optimizer: values(optimizer), best: values(best.weights) };
}

async function train(cell: 'lstm' | 'gru' | 'rnn', threads: number, resumeFrom?: TrainerCheckpoint) {
  setKernelThreads(threads);
  const training = { epochs: 3, batchSize: 24, optimizer: 'adam' as const, learningRate: 0.01, clipNorm: 1 };
  const config = tinyTrial(
    { cell, implementation: 'fused', training: { ...training, earlyStoppingPatience: null } },
    TASK,
  );
  const rows: EpochReport[] = [];
  const checkpoints: TrainerCheckpoint[] = [];
  const threadedBefore = kernelThreadedCalls();
  const result: TrainingResult = await trainTrial({
    config,
    hidden: HIDDEN,
    ...(resumeFrom ? { resumeFrom } : {}),
    onEpoch: (row) => void rows.push(row),
    // Through the stored format, as a resume reads it.
    onCheckpoint: async (checkpoint) => void checkpoints.push(decodeCheckpoint(encodeCheckpoint(checkpoint))),
  });
  return { rows, checkpoints, result, threadedCalls: kernelThreadedCalls() - threadedBefore };
}

for (const cell of ['lstm', 'gru', 'rnn'] as const) {
  test(`${cell}: a trial on 2 kernel threads has the losses and weights of 1 thread, and resumes across them`, {
    skip: native ? false : 'the native kernels are not built here (intra-trial threads are theirs)',
  }, async () => {
    const one = await train(cell, 1);
    assert.equal(one.threadedCalls, 0, '1 thread: no call ran on more');
    const two = await train(cell, 2);
    assert.ok(two.threadedCalls > 0, '2 threads: kernel calls ran on more than one thread');
    assert.deepEqual(two.rows.map(withoutTimings), one.rows.map(withoutTimings), 'epoch rows (losses, metrics)');
    assert.deepEqual(withoutTimings(two.result), withoutTimings(one.result), 'result');
    assert.deepEqual(two.checkpoints.map(stateOf), one.checkpoints.map(stateOf), 'weights and optimizer state');
    // Stopped after epoch 1 on 1 thread, resumed on 2 (and the other way): the uninterrupted run's numbers.
    for (const [from, to] of [
      [one, 2],
      [two, 1],
    ] as const) {
      const resumed = await train(cell, to, from.checkpoints[0]);
      const where = `resumed on ${to} thread(s)`;
      assert.deepEqual(resumed.rows.map(withoutTimings), one.rows.slice(1).map(withoutTimings), `${where}: rows`);
      assert.deepEqual(withoutTimings(resumed.result), withoutTimings(one.result), `${where}: result`);
      assert.deepEqual(
        stateOf(resumed.checkpoints.at(-1) as TrainerCheckpoint),
        stateOf(one.checkpoints.at(-1) as TrainerCheckpoint),
        where,
      );
    }
  });
}
