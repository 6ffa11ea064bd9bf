// Ragged data trains in length buckets cut to each batch's longest sequence: a run must still be a function of its
// seed, and a trial stopped after any epoch and resumed from its checkpoint must end exactly as the uninterrupted
// one (the bucketed batches replay with the shuffles).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createRng, validateSweepSpec, type TaskSpec, type TrialConfig } from '@cellsweep/core';
import { loadTaskDataset, resolveDataFiles } from '@cellsweep/datasets';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial, type EpochReport, type TrainingResult } from './train-trial.js';

before(useWasm);

const EPOCHS = 3;
const TIMINGS = ['wallTimeMs', 'samplesPerSec', 'epochTimeMs'];
const withoutTimings = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => !TIMINGS.includes(key))) as Partial<T>;

/** 160 sequences of 1 to 12 steps, labelled by the sign of their last value. */
async function raggedTask(kind: 'classification' | 'labelling'): Promise<TaskSpec> {
  const rng = createRng(12);
  const lines = Array.from({ length: 160 }, () => {
    const x = Array.from({ length: 1 + rng.int(12) }, () => Math.round(rng.normal() * 100) / 100);
    const sign = (value: number) => (value > 0 ? 'pos' : 'neg');
    return JSON.stringify({ x, y: kind === 'labelling' ? x.map(sign) : sign(x.at(-1) ?? 0) });
  });
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-ragged-'));
  writeFileSync(join(dir, 'ragged.jsonl'), lines.join('\n'));
  const task = { dataset: 'file', path: 'ragged.jsonl', kind };
  const spec = validateSweepSpec({ name: 'r', task, cells: 'gru', hidden: 6 });
  return (await resolveDataFiles(spec, dir)).spec.task[0] as TaskSpec;
}

async function train(config: TrialConfig, resumeFrom?: Uint8Array) {
  const rows: EpochReport[] = [];
  const checkpoints: Uint8Array[] = [];
  const result = await trainTrial({
    config,
    hidden: 6,
    ...(resumeFrom ? { resumeFrom: decodeCheckpoint(resumeFrom) } : {}),
    onEpoch: (row) => void rows.push(row),
    onCheckpoint: async (checkpoint) => void checkpoints.push(encodeCheckpoint(checkpoint)),
  });
  return { rows, checkpoints, result };
}

for (const kind of ['classification', 'labelling'] as const) {
  for (const implementation of ['fused', 'layers'] as const) {
    test(`${kind}, gru ${implementation}: ragged data trains the same twice, and resumed after any epoch`, async () => {
      const task = await raggedTask(kind);
      const lengths = (await loadTaskDataset(task, 0)).train.lengths;
      assert.ok(lengths && Math.min(...lengths) === 1 && Math.max(...lengths) === 12, 'ragged, with one-step ones');
      const training = {
        epochs: EPOCHS,
        batchSize: 16,
        optimizer: 'adam' as const,
        learningRate: 0.02,
        clipNorm: 1,
        earlyStoppingPatience: null,
      };
      const config = tinyTrial({ cell: 'gru', implementation, training }, task);
      const straight = await train(config);
      const again = await train(config);
      assert.deepEqual(again.rows.map(withoutTimings), straight.rows.map(withoutTimings));
      assert.deepEqual(withoutTimings(again.result), withoutTimings(straight.result));
      const [first, last] = [straight.rows[0] as EpochReport, straight.rows.at(-1) as EpochReport];
      assert.ok(last.trainLoss < first.trainLoss, 'learns');
      for (let epoch = 1; epoch < EPOCHS; epoch++) {
        const resumed = await train(config, straight.checkpoints[epoch - 1]);
        const expected = straight.rows.slice(epoch).map(withoutTimings);
        assert.deepEqual(resumed.rows.map(withoutTimings), expected, `from epoch ${epoch}`);
        assert.deepEqual(withoutTimings(resumed.result as TrainingResult), withoutTimings(straight.result));
      }
    });
  }
}
