import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, createRng, parseSweepSpec, type TrialConfig } from '@cellsweep/core';
import { resolveDataFiles } from '@cellsweep/datasets';
import { selectBackend, trainTrial, type EpochReport } from '@cellsweep/trainer';
import { nextPlans, nextTrialPlans } from './driver.js';
import { choices, searchSpec, simulate } from './test-support.js';

const spec = searchSpec(
  `{ method: tpe, trials: 14, parallelism: 2, seed: 3, space: { training.learningRate: { float: [0.0001, 0.3], log: true }, training.batchSize: { choice: [16, 32, 64, 128] } } }`,
);

test('perturbing stored test losses and metrics changes no suggestion; perturbing a validation loss does', () => {
  // A state part-way through the sweep, with several finished suggestions for TPE to learn from.
  const { snapshots } = simulate(spec, { orderSeed: 5 });
  const state = snapshots[9] ?? [];
  assert.ok(state.filter((trial) => trial.status === 'COMPLETED').length >= 8);
  const keys = (trials: typeof state): string[] => nextTrialPlans(spec, trials).map((plan) => plan.configKey);
  const reference = keys(state);

  const testPerturbed = state.map((trial, i) => ({ ...trial, testLoss: i % 2 ? -1e9 : 1e9, testMetric: Number.NaN }));
  assert.deepEqual(keys(testPerturbed), reference);

  // The same change to validation losses (reversing their ranking) moves TPE's next suggestions.
  const valPerturbed = state.map((trial) =>
    trial.valLoss === null ? trial : { ...trial, valLoss: 1 / trial.valLoss },
  );
  assert.notDeepEqual(keys(valPerturbed), reference);
});

test('a whole sweep run on perturbed test data makes the same choices', () => {
  const a = simulate(spec, { orderSeed: 2 });
  assert.equal(a.trials.length, 14 * 1); // one stream (no fair mode), no ASHA: one trial per suggestion
  const b = a.trials.map((trial) => ({ ...trial, testLoss: 0 }));
  assert.deepEqual(
    nextTrialPlans(spec, b)
      .map((p) => p.configKey)
      .sort(),
    a.trials.map((t) => t.configKey).sort(),
  );
  assert.deepEqual(choices(a.trials), choices(simulate(spec, { orderSeed: 2 }).trials));
});

/**
 * The same guarantee on the user's own data, trained for real: two data files that differ only in their test rows
 * (values and labels; the split column keeps membership fixed) give every epoch the same training and validation
 * numbers, and a TPE search over them makes the same choices. Their trials differ only in identity (the bytes).
 */
test("a data file's test rows change nothing the searcher sees (real training, TPE)", async () => {
  await selectBackend('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-search-'));
  const rng = createRng(4);
  const rows = Array.from({ length: 48 }, (_, n) => {
    const x = Array.from({ length: 5 }, () => [Math.round(rng.normal() * 100) / 100]);
    const split = n < 32 ? 'train' : n < 40 ? 'validation' : 'test';
    return { x, y: (x[4]?.[0] ?? 0) > 0 ? 'up' : 'down', split };
  });
  const write = (name: string, test: (row: (typeof rows)[number]) => object): void =>
    writeFileSync(
      join(dir, name),
      rows.map((row) => JSON.stringify(row.split === 'test' ? test(row) : row)).join('\n'),
    );
  write('a.jsonl', (row) => row);
  const flipped = (row: (typeof rows)[number]) => ({ ...row, x: row.x.map(([v]) => [(v ?? 0) * -50 + 3]) });
  write('b.jsonl', (row) => ({ ...flipped(row), y: row.y === 'up' ? 'down' : 'up' }));

  const search = async (file: string) => {
    const written = parseSweepSpec(
      `name: own\ntask: { dataset: file, path: ${file}, kind: classification, splitColumn: split }\n` +
        'cells: [rnn, gru]\nhidden: 4\ntraining: { epochs: 2, batchSize: 16 }\n' +
        'search: { method: tpe, trials: 4, parallelism: 2, seed: 1,\n' +
        '  space: { training.learningRate: { float: [0.001, 0.1], log: true } } }',
    );
    const { spec } = await resolveDataFiles(written, dir);
    const state: { configKey: string; status: string; valLoss: number | null; config: TrialConfig }[] = [];
    const seen: { epochs: object[]; valLoss: number; testLoss: number }[] = [];
    // nextPlans lists every trial the sweep should have by now: train the ones not trained yet, until none is new.
    const trained = (key: string) => state.some((trial) => trial.configKey === key);
    const fresh = () => nextPlans(spec, state).filter((plan) => !trained(plan.configKey));
    for (let plans = fresh(); plans.length > 0; plans = fresh()) {
      for (const plan of plans) {
        const epochs: object[] = [];
        const onEpoch = (row: EpochReport) =>
          void epochs.push([row.trainLoss, row.valLoss, row.valMetric, row.gradientNorms]);
        const result = await trainTrial({ config: plan.config, hidden: plan.hidden, onEpoch });
        seen.push({ epochs, valLoss: result.valLoss, testLoss: result.testLoss });
        state.push({ configKey: plan.configKey, status: 'COMPLETED', valLoss: result.valLoss, config: plan.config });
      }
    }
    const choices = state.map(({ config }) => canonicalJson([config.cell, config.search, config.training]));
    return { seen, choices };
  };
  const a = await search('a.jsonl');
  const b = await search('b.jsonl');
  assert.ok(a.seen.length >= 4);
  assert.deepEqual(b.choices, a.choices);
  const searcherSaw = (run: typeof a) => run.seen.map(({ epochs, valLoss }) => [epochs, valLoss]);
  assert.deepEqual(searcherSaw(b), searcherSaw(a));
  assert.ok(a.seen.every((trial, i) => trial.testLoss !== b.seen[i]?.testLoss));
});
