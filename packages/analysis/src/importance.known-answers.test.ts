import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { hyperparameterImportance, type HyperparameterImportance } from './importance.js';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';

/** A 5 × 5 × 3 grid of fields a, b, c (learning-rate-like group fields), two seeds each, val loss = f + small noise. */
function gridRows(f: (a: number, b: number, c: number) => number): TrialRow[] {
  const rng = createRng(7);
  const rows: TrialRow[] = [];
  for (let a = 0; a < 5; a++) {
    for (let b = 0; b < 5; b++) {
      for (let c = 0; c < 3; c++) {
        for (const seed of [0, 1]) {
          const valLoss = f(a, b, c) + 0.001 * rng.normal();
          rows.push(trialRow({ id: `t-${a}-${b}-${c}-${seed}`, cell: 'lstm', seed, group: { a, b, c }, valLoss }));
        }
      }
    }
  }
  return rows;
}

const share = (result: HyperparameterImportance | undefined, field: string): number =>
  result?.fields.find((entry) => entry.field === field)?.importance ?? Number.NaN;
const pair = (result: HyperparameterImportance | undefined, a: string, b: string): number =>
  result?.interactions.find((entry) => entry.fields.join() === [a, b].join())?.importance ?? Number.NaN;

test('f = a + 0.1·b: a explains ≈ 99% (2 / 2.02 exactly), b ≈ 1%, the unused c ≈ 0', () => {
  const [result] = hyperparameterImportance(gridRows((a, b) => a + 0.1 * b));
  assert.equal(result?.task, 'adding');
  assert.deepEqual(
    result?.fields.map((entry) => entry.field),
    ['a', 'b', 'c'],
  );
  assert.ok(share(result, 'a') > 0.95, `a: ${share(result, 'a')}`);
  assert.ok(share(result, 'b') < 0.03 && share(result, 'b') > 0.001, `b: ${share(result, 'b')}`);
  assert.ok(share(result, 'a') > 30 * share(result, 'b'));
  assert.ok(share(result, 'c') < 0.005, `c: ${share(result, 'c')}`);
  const normalizedSum = result?.fields.reduce((sum, entry) => sum + entry.normalized, 0) ?? 0;
  assert.ok(Math.abs(normalizedSum - 1) < 1e-12);
  assert.equal(result?.caution, null);
});

test('f = (a − 2)·(b − 2): no main effect at all, the variance is the a × b interaction', () => {
  const [result] = hyperparameterImportance(gridRows((a, b) => (a - 2) * (b - 2)));
  assert.ok(share(result, 'a') < 0.1 && share(result, 'b') < 0.1, `a ${share(result, 'a')}, b ${share(result, 'b')}`);
  assert.ok(pair(result, 'a', 'b') > 0.7, `a×b: ${pair(result, 'a', 'b')}`);
  assert.ok(pair(result, 'a', 'c') < 0.02 && pair(result, 'b', 'c') < 0.02);
  assert.equal(result?.interactions[0]?.fields.join(), 'a,b');
});

test('cells are a field like any other; the seed is not one; a sweep with one varying field has no importance', () => {
  const rows = ['gru', 'lstm', 'rnn'].flatMap((cell, k) =>
    [0.001, 0.01].flatMap((learningRate) =>
      [0, 1, 2].map((seed) =>
        trialRow({ cell, seed, group: { learningRate }, valLoss: k + (learningRate === 0.01 ? 0.5 : 0) + seed * 1e-3 }),
      ),
    ),
  );
  const [result] = hyperparameterImportance(rows);
  assert.deepEqual(result?.fields.map((entry) => entry.field).sort(), ['cell', 'learningRate']);
  assert.ok(share(result, 'cell') > share(result, 'learningRate'));
  // 18 trials for 2 fields is under 10 per field: a caution says so.
  assert.match(result?.caution ?? '', /only 18 trials for 2 varying fields/);
  assert.deepEqual(hyperparameterImportance(rows.filter((row) => row.cell === 'gru')), []);
});

test('diverged and unfinished trials are left out and counted; one result per task', () => {
  const rows = gridRows((a) => a);
  rows[0] = { ...(rows[0] as TrialRow), valLoss: Number.NaN };
  rows[1] = { ...(rows[1] as TrialRow), status: 'FAILED' };
  const other = gridRows((_a, b) => b).map((row) => ({ ...row, id: `x${row.id}`, task: 'copy' }));
  const results = hyperparameterImportance([...rows, ...other]);
  assert.deepEqual(
    results.map((r) => r.task),
    ['adding', 'copy'],
  );
  assert.equal(results[0]?.trials, 148);
  assert.equal(results[0]?.leftOut, 1);
  assert.equal(results[1]?.fields[0]?.field, 'b');
});

test('deterministic for a seed, and plain JSON', () => {
  const rows = gridRows((a, b, c) => a * c + b);
  const first = hyperparameterImportance(rows, { seed: 3 });
  assert.deepEqual(hyperparameterImportance([...rows].reverse(), { seed: 3 }), first);
  assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
});

test('in an adaptive search only the search trials count: final re-runs carry no tuned values', () => {
  const search = gridRows((a, b) => a + 0.1 * b).map((row) => ({ ...row, role: 'search' as const }));
  // Final trials lost their tuned fields (from-record.ts): had they counted, `a` would gain a null "value".
  const finals = [0, 1, 2].map((seed) =>
    trialRow({ id: `final-${seed}`, cell: 'lstm', seed, role: 'final', group: { c: 0 }, valLoss: 50 }),
  );
  const [result] = hyperparameterImportance([...search, ...finals]);
  assert.equal(result?.trials, search.length);
  assert.equal(result?.fields.find((entry) => entry.field === 'a')?.values, 5);
});

test('an option only some cells have is no field when it does not vary among them (pinned elsewhere, it is the cell)', () => {
  // As expandSweep writes them: gru and rnn carry unitForgetBias pinned to false, the LSTMs their own value(s).
  const rows = (lstmBiases: boolean[]) =>
    ['gru', 'lstm', 'rnn'].flatMap((cell, k) =>
      (cell === 'lstm' ? lstmBiases : [false]).flatMap((unitForgetBias) =>
        [0.001, 0.01].flatMap((learningRate) =>
          [0, 1, 2].map((seed) =>
            trialRow({
              id: `${cell}-${unitForgetBias}-${learningRate}-${seed}`,
              cell,
              seed,
              group: { learningRate },
              variant: { unitForgetBias },
              valLoss: k + (learningRate === 0.01 ? 0.5 : 0) + (unitForgetBias ? 0 : 0.2) + seed * 1e-3,
            }),
          ),
        ),
      ),
    );
  const [fixed] = hyperparameterImportance(rows([true]));
  assert.deepEqual(fixed?.fields.map((entry) => entry.field).sort(), ['cell', 'learningRate']);
  const [varied] = hyperparameterImportance(rows([true, false]));
  assert.deepEqual(varied?.fields.map((entry) => entry.field).sort(), ['cell', 'learningRate', 'unitForgetBias']);
});
