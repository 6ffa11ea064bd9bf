import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { analyzeSweep } from './analyze-sweep.js';
import { DuplicateTrialError } from './errors.js';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';

function messySweep(): TrialRow[] {
  const rng = createRng(8);
  const rows: TrialRow[] = [];
  for (const learningRate of [0.01, 0.003]) {
    for (const budget of [2_000, 20_000]) {
      for (let seed = 0; seed < 5; seed++) {
        for (const cell of ['lstm', 'gru']) {
          rows.push(
            trialRow({
              cell,
              seed,
              paramBudget: budget,
              paramCount: budget + (cell === 'lstm' ? 7 : 3),
              group: { learningRate, batchSize: 64 },
              testLoss: 0.3 + 0.05 * rng.normal(),
              valMetric: 0.8,
              testMetric: 0.8 + 0.01 * rng.normal(),
              metricName: 'accuracy',
            }),
          );
        }
      }
    }
  }
  // A failed trial, a diverged one, and a group with a single trial.
  const group = { learningRate: 0.01, batchSize: 64 };
  rows.push(trialRow({ cell: 'rnn', seed: 0, group, status: 'FAILED', testLoss: null }));
  rows.push(trialRow({ cell: 'rnn', seed: 1, group, testLoss: NaN, trainLoss: NaN }));
  rows.push(trialRow({ cell: 'rnn', seed: 2, group, testLoss: 0.5 }));
  return rows;
}
const options = { resamples: 500, compareMetrics: ['testLoss', 'testMetric'] as const };

test('the analysis survives JSON.stringify unchanged (no NaN, Infinity or undefined inside)', () => {
  const analysis = analyzeSweep(messySweep(), { ...options, compareMetrics: [...options.compareMetrics] });
  assert.deepEqual(JSON.parse(JSON.stringify(analysis)), analysis);
  assert.match(analysis.verdicts[0] ?? '', /left out: 1 FAILED/);
  assert.ok(analysis.verdicts.some((line) => /1 trial ended with a non-finite test loss/.test(line)));
  const rnn = analysis.groups.find((g) => g.arm === 'rnn');
  assert.equal(rnn?.metrics.testLoss?.n, 1);
  assert.equal(rnn?.metrics.testLoss?.ci, null);
  assert.deepEqual(rnn?.excluded, { FAILED: 1 });
  // Only learningRate varies, so only it appears in labels.
  assert.ok(analysis.groups.some((g) => g.setting.label === 'adding · budget 2,000 · 1 layer · learningRate=0.003'));
  // Accuracy: higher is better, inferred from the metric name.
  assert.ok(analysis.comparisons.filter((c) => c.metric === 'testMetric').every((c) => c.higherIsBetter));
});

test('row order does not change the result', () => {
  const rows = messySweep();
  const shuffled = createRng(1).shuffle([...rows]);
  const opts = { ...options, compareMetrics: [...options.compareMetrics] };
  assert.deepEqual(analyzeSweep(shuffled, opts), analyzeSweep(rows, opts));
});

test('two trials for one arm, setting and seed are refused with the facts', () => {
  const rows = [
    trialRow({ cell: 'lstm', seed: 0 }),
    trialRow({ cell: 'lstm', seed: 0, id: 'other' }),
    trialRow({ cell: 'gru', seed: 0 }),
  ];
  assert.throws(() => analyzeSweep(rows, { resamples: 100 }), DuplicateTrialError);
});

test('default options (B = 10,000) on a 40-trial sweep stay fast', () => {
  const started = performance.now();
  analyzeSweep(messySweep());
  // A guard against a quadratic path coming back (~0.4 s idle), not a benchmark: bounded loosely for loaded machines.
  assert.ok(performance.now() - started < 30_000);
});
