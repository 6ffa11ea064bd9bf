import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';

const fast = { resamples: 200 };

const losses = (loss: number) => ({ valLoss: loss, testLoss: loss });

/** long-range's shape: rnn and lstm sized from one 3,000 budget (3,022 and 3,043 parameters), rnn worse. */
function oneBudget(): TrialRow[] {
  return Array.from({ length: 7 }, (_, seed) => [
    trialRow({ cell: 'rnn', seed, paramBudget: 3_000, paramCount: 3_022, ...losses(0.1 + 0.01 * seed) }),
    trialRow({ cell: 'lstm', seed, paramBudget: 3_000, paramCount: 3_043, ...losses(0.02 + 0.001 * seed) }),
  ]).flat();
}

test('cells sized from one budget are one size: the frontier is the best at that budget, not both cells', () => {
  const analysis = analyzeSweep(oneBudget(), fast);
  for (const frontier of analysis.frontiers) {
    assert.deepEqual(
      frontier.groupMeans.map((p) => p.arm),
      ['lstm'],
      frontier.metric,
    );
    // Per trial too: rnn's seed-0 trial has fewer parameters than every lstm trial but is no smaller model.
    assert.deepEqual([...new Set(frontier.trials.map((p) => p.arm))], ['lstm'], frontier.metric);
  }
  const line = analysis.verdicts.find((v) => v.includes('best at budget'));
  assert.equal(line, 'adding: best at budget 3,000: lstm (mean test loss 0.023)');
  assert.ok(!analysis.verdicts.some((v) => v.includes('Pareto')));
});

test('genuinely different sizes keep the Pareto frontier, one point per budget', () => {
  const rows = [
    ...oneBudget(),
    ...Array.from({ length: 7 }, (_, seed) => [
      trialRow({ cell: 'rnn', seed, paramBudget: 30_000, paramCount: 29_990, testLoss: 0.01 }),
      trialRow({ cell: 'lstm', seed, paramBudget: 30_000, paramCount: 30_011, testLoss: 0.015 }),
    ]).flat(),
  ];
  const analysis = analyzeSweep(rows, fast);
  const test = analysis.frontiers.find((f) => f.metric === 'testLoss');
  assert.deepEqual(
    test?.groupMeans.map((p) => [p.arm, p.budget]),
    [
      ['lstm', 3_000],
      ['rnn', 30_000],
    ],
  );
  assert.ok(
    analysis.verdicts.includes(
      'adding: best mean test loss for its size (Pareto frontier): ' +
        'budget 3,000: lstm → 0.023; budget 30,000: rnn → 0.01',
    ),
    analysis.verdicts.join('\n'),
  );
});

test('width sweeps (no budget) place groups at their real parameter counts', () => {
  const rows = Array.from({ length: 5 }, (_, seed) => [
    trialRow({ cell: 'rnn', seed, paramBudget: null, hidden: 16, paramCount: 337, testLoss: 0.2 }),
    trialRow({ cell: 'lstm', seed, paramBudget: null, hidden: 16, paramCount: 1_233, testLoss: 0.05 }),
  ]).flat();
  const analysis = analyzeSweep(rows, fast);
  const test = analysis.frontiers.find((f) => f.metric === 'testLoss');
  const points = test?.groupMeans.map((p) => [p.arm, p.paramCount, p.budget]);
  assert.deepEqual(points, [
    ['rnn', 337, null],
    ['lstm', 1_233, null],
  ]);
  assert.ok(analysis.verdicts.some((v) => v.endsWith('rnn at 337 params → 0.2; lstm at 1,233 params → 0.05')));
});

test('when layers or hyperparameters vary, the frontier sentence names the winning setting, not just the cell', () => {
  const rows = [0.01, 0.001].flatMap((learningRate) =>
    Array.from({ length: 5 }, (_, seed) => [
      trialRow({ cell: 'rnn', seed, group: { learningRate }, paramBudget: 3_000, paramCount: 3_022, ...losses(0.2) }),
      trialRow({
        cell: 'lstm',
        seed,
        group: { learningRate },
        paramBudget: 3_000,
        paramCount: 3_043,
        ...losses(learningRate * 10),
      }),
    ]).flat(),
  );
  const analysis = analyzeSweep(
    rows.map((row) => ({ ...row, id: `${row.id}-${row.group?.learningRate}` })),
    fast,
  );
  assert.ok(
    analysis.verdicts.includes(
      'adding: best at budget 3,000: lstm (1 layer · learningRate=0.001) (mean test loss 0.01)',
    ),
    analysis.verdicts.join('\n'),
  );
});
