#!/usr/bin/env node
/**
 * Issue 19's resume comparison: for every optimizer × cell × implementation, train a 6-epoch trial straight
 * through, then resume it from the checkpoint of each epoch (1..6) and compare every number the trainer reports
 * with the uninterrupted run: each result field and each epoch row's fields, timings aside (wall time, samples/s,
 * epoch time). Prints the fields compared and how many differed, per combination and in total.
 *
 *   npm run build && node scripts/resume-comparison.mjs
 *
 * Seeded and on the wasm backend, so the table is the same on every machine (the same trials as the trainer test
 * checkpoint.resume-identical.test.ts, which asserts the zeros).
 */
import { isDeepStrictEqual } from 'node:util';
import { TaskSpec } from '../packages/core/dist/index.js';
import { decodeCheckpoint, encodeCheckpoint, selectBackend, trainTrial } from '../packages/trainer/dist/index.js';

const TIMINGS = new Set(['wallTimeMs', 'samplesPerSec', 'epochTimeMs']);
const EPOCHS = 6;
await selectBackend('wasm');

function trial(optimizer, cell, implementation) {
  const learningRate = optimizer === 'sgd' || optimizer === 'momentum' ? 0.05 : 0.01;
  return {
    task: TaskSpec.parse({ dataset: 'adding', sequenceLength: 8, trainSize: 96, validationSize: 32, testSize: 32 }),
    cell,
    size: { kind: 'hidden', hidden: 5 },
    layers: 1,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    implementation,
    training: { epochs: EPOCHS, batchSize: 8, optimizer, learningRate, clipNorm: 1, earlyStoppingPatience: null },
    seed: 3,
  };
}

async function train(config, resumeFrom) {
  const rows = [];
  const checkpoints = [];
  const result = await trainTrial({
    config,
    hidden: 5,
    ...(resumeFrom ? { resumeFrom } : {}),
    onEpoch: (row) => void rows.push(row),
    onCheckpoint: async (checkpoint) => void checkpoints.push(encodeCheckpoint(checkpoint)),
  });
  return { rows, checkpoints, result };
}

/** [fields compared, fields that differ] between two objects, timings aside. */
function compare(actual, expected) {
  const keys = Object.keys(expected).filter((key) => !TIMINGS.has(key));
  return [keys.length, keys.filter((key) => !isDeepStrictEqual(actual[key], expected[key])).length];
}

let totalCompared = 0;
let totalDiffering = 0;
console.log('optimizer  cell  implementation  resumes  fields compared  differing');
for (const optimizer of ['adam', 'momentum', 'rmsprop', 'sgd']) {
  for (const cell of ['rnn', 'lstm', 'gru']) {
    for (const implementation of ['fused', 'layers']) {
      const config = trial(optimizer, cell, implementation);
      const straight = await train(config);
      let compared = 0;
      let differing = 0;
      for (let epoch = 1; epoch <= EPOCHS; epoch++) {
        const resumed = await train(config, decodeCheckpoint(straight.checkpoints[epoch - 1]));
        const rowPairs = resumed.rows.map((row, i) => [row, straight.rows[epoch + i]]);
        const pairs = [[resumed.result, straight.result], ...rowPairs];
        if (resumed.rows.length !== EPOCHS - epoch) differing++;
        for (const [actual, expected] of pairs) {
          const [n, d] = compare(actual, expected);
          compared += n;
          differing += d;
        }
      }
      totalCompared += compared;
      totalDiffering += differing;
      const line = [optimizer.padEnd(9), cell.padEnd(5), implementation.padEnd(14), String(EPOCHS).padStart(7)];
      console.log(`${line.join('  ')}  ${String(compared).padStart(15)}  ${String(differing).padStart(9)}`);
    }
  }
}
console.log(`total: ${totalCompared} fields compared over 144 resumes, ${totalDiffering} differing`);
