import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRecords } from '@cellsweep/analysis';
import type { TrialRecord } from '@cellsweep/store';
import { renderGroupSummary } from './group-summary.js';
import { finishedTrial } from './test-trial-record.js';

/** long-range's shape: adding at T=10 and T=40, rnn and lstm from one 3,000 budget, 7 seeds each. */
function trial(sequenceLength: number, cell: string, seed: number, testLoss: number): TrialRecord {
  const task = { dataset: 'adding', sequenceLength, trainSize: 1_024, validationSize: 256, testSize: 512 };
  return finishedTrial({
    id: `${sequenceLength}-${cell}-${seed}`,
    configKey: `${sequenceLength}-${cell}-${seed}`,
    ordinal: seed,
    cell,
    hidden: cell === 'rnn' ? 52 : 25,
    paramBudget: 3_000,
    paramCount: cell === 'rnn' ? 3_022 : 3_043,
    seed,
    epochsRun: 15,
    bestEpoch: 15,
    trainLoss: testLoss - 0.001,
    valLoss: testLoss,
    testLoss,
    generalizationGap: 0.001,
    valMetric: testLoss,
    testMetric: testLoss,
    config: {
      task,
      cell,
      seed,
      layers: 1,
      size: { kind: 'budget', paramBudget: 3_000 },
      training: { epochs: 15, learningRate: 0.01 },
    },
  });
}

const loss = (t: number, cell: string, seed: number): number =>
  (t === 10 ? 0.01 : 0.15) * (cell === 'rnn' ? 2 : 1) + seed / 1_000;
const trials = [10, 40].flatMap((t) =>
  ['rnn', 'lstm'].flatMap((cell) => [0, 1, 2, 3, 4, 5, 6].map((s) => trial(t, cell, s, loss(t, cell, s)))),
);

test('the run summary has one row per task × cell, never pooling T=10 with T=40', () => {
  const text = renderGroupSummary(describeRecords(trials, { resamples: 500 }), trials);
  const tables = text.split('\n\n');
  assert.equal(tables.length, 2, text);
  assert.match(
    tables[0] ?? '',
    /^adding\(sequenceLength=10, testSize=512, trainSize=1024, validationSize=256\) · 1 layer/,
  );
  assert.match(tables[1] ?? '', /^adding\(sequenceLength=40, /);
  for (const [index, t] of [10, 40].entries()) {
    const rows = (tables[index] ?? '').split('\n').slice(3);
    assert.equal(rows.length, 2, tables[index]);
    for (const [cell, row] of [
      ['lstm', rows[0]],
      ['rnn', rows[1]],
    ] as const) {
      // Seven seeds per row, and the mean is that task's alone (hand sum: base·7 + (0+…+6)/1000, over 7).
      const expected = (t === 10 ? 0.01 : 0.15) * (cell === 'rnn' ? 2 : 1) + 0.003;
      assert.match(
        row ?? '',
        new RegExp(`^budget 3,000 +${cell} +7 +${cell === 'rnn' ? '3,022' : '3,043'} +${expected.toPrecision(4)} \\[`),
      );
    }
  }
});

test('failed trials are named per group, not silently dropped', () => {
  const failed = { ...trial(10, 'rnn', 7, 0), status: 'FAILED' as const, testLoss: null };
  const text = renderGroupSummary(describeRecords([...trials, failed], { resamples: 500 }), [...trials, failed]);
  assert.match(text, /left out/);
  assert.match(text, /rnn +7 +1 FAILED/);
});
