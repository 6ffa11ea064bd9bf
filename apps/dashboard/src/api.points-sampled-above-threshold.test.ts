/**
 * `/points` above the scatter's threshold (issue 17): a sample per cell × size that keeps each stratum's best by
 * validation and test loss, with every stratum's counts and quantiles, saying it is a sample; filters apply to every
 * trial of the sweep before sampling; below the threshold nothing changes. The fixture's 30 finished trials stand in
 * for 100,000 with a threshold of 12.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { quantile } from '@cellsweep/analysis';
import type { TrialRecord } from '@cellsweep/store';
import type { Points } from './api-types.js';
import { seedSweep, type SeededSweep } from './test-fixtures.js';
import { authHeaders, startTestDashboard, type TestDashboard } from './test-server.js';

const MAX_POINTS = 12;

describe('chart points above the scatter threshold', () => {
  let dash: TestDashboard;
  let seeded: SeededSweep;
  let completed: TrialRecord[];
  const get = async (path: string): Promise<Points> => {
    const response = await fetch(`${dash.url}${path}`, { headers: authHeaders() });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Points;
  };
  const stratumOf = (t: { cell: string; paramCount: number }) => `${t.cell}/${t.paramCount}`;

  before(async () => {
    dash = await startTestDashboard({ scatterMaxPoints: MAX_POINTS });
    seeded = await seedSweep(dash.store, 'sampled', { epochs: 2 });
    completed = await dash.store.listTrials(seeded.sweep.id, { status: 'COMPLETED' });
  });
  after(async () => dash?.close());

  test('a sample of finished trials, per cell and size, keeping the best of each, and saying so', async () => {
    const body = await get(`/api/sweeps/${seeded.sweep.id}/points`);
    assert.equal(body.sampling.sampled, true);
    assert.equal(body.sampling.finished, completed.length);
    assert.equal(body.sampling.total, seeded.trialIds.length);
    assert.equal(body.sampling.shown, body.points.length);
    assert.ok(body.points.length < completed.length, `${body.points.length} points`);
    assert.equal(
      body.sampling.note,
      `showing ${body.points.length} of ${completed.length} finished trials, evenly sampled per cell and size (the best of each kept)`,
    );
    assert.ok(body.points.every((point) => point.status === 'COMPLETED'));
    const shown = new Set(body.points.map((point) => point.id));
    const strata = new Map<string, TrialRecord[]>();
    for (const trial of completed) strata.set(stratumOf(trial), [...(strata.get(stratumOf(trial)) ?? []), trial]);
    assert.equal(strata.size, 6);
    const perStratum = Math.floor(MAX_POINTS / strata.size);
    assert.equal(body.sampling.perStratum, perStratum);
    for (const [key, trials] of strata) {
      const best = (loss: 'valLoss' | 'testLoss') =>
        [...trials].sort((a, b) => a[loss]! - b[loss]! || a.ordinal - b.ordinal)[0]!.id;
      assert.ok(shown.has(best('valLoss')), `${key}: best by validation loss kept`);
      assert.ok(shown.has(best('testLoss')), `${key}: best by test loss kept`);
      const kept = body.points.filter((point) => stratumOf(point) === key).length;
      assert.ok(kept >= perStratum && kept <= perStratum + 1, `${key}: ${kept} kept`);
      // Every stratum's counts and validation-loss deciles are of all its trials, not of the sample.
      const stratum = body.sampling.strata.find((s) => stratumOf(s) === key)!;
      assert.equal(stratum.completed, trials.length);
      const losses = trials.map((t) => t.valLoss!).sort((a, b) => a - b);
      const expected = [0.1, 0.5, 0.9].map((q) => quantile(losses, q));
      stratum.valLoss!.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-12, `${key} q${i}`));
    }
    // Facets and the leaderboard's choices are the whole sweep's.
    assert.deepEqual(body.hyperparameters, [{ path: 'training.learningRate', values: [0.003, 0.01] }]);
    assert.deepEqual(body.cells, ['gru', 'lstm', 'rnn']);
    assert.deepEqual(body.budgets, [2_000, 8_000]);
  });

  test('filters apply to every trial before sampling, not to the sample', async () => {
    const unfiltered = new Set((await get(`/api/sweeps/${seeded.sweep.id}/points`)).points.map((point) => point.id));
    const body = await get(`/api/sweeps/${seeded.sweep.id}/points?cell=lstm&hp.training.learningRate=0.003`);
    const learningRate = (t: TrialRecord) => (t.config.training as { learningRate?: number }).learningRate;
    const matching = completed.filter((t) => t.cell === 'lstm' && learningRate(t) === 0.003);
    assert.equal(body.sampling.finished, matching.length);
    // Few enough to show them all: every matching finished trial, including ones the unfiltered sample left out.
    assert.equal(body.sampling.sampled, false);
    assert.deepEqual(body.points.map((point) => point.id).sort(), matching.map((t) => t.id).sort());
    assert.ok(matching.some((t) => !unfiltered.has(t.id)));
    assert.ok(body.points.every((point) => point.hp[0] === 0.003 && point.cell === 'lstm'));

    const byBudget = await get(`/api/sweeps/${seeded.sweep.id}/points?budget=2000`);
    const ofBudget = completed.filter((t) => t.paramBudget === 2_000);
    assert.equal(byBudget.sampling.finished, ofBudget.length);
    assert.equal(byBudget.sampling.sampled, true);
    assert.match(byBudget.sampling.note, new RegExp(`of ${ofBudget.length} finished trials matching the filters`));
    assert.ok(byBudget.points.every((point) => point.paramBudget === 2_000));
  });

  test('below the threshold every trial is a point, as before', async () => {
    const small = await startTestDashboard();
    try {
      const sweep = await seedSweep(small.store, 'small', { epochs: 2 });
      const response = await fetch(`${small.url}/api/sweeps/${sweep.sweep.id}/points`, { headers: authHeaders() });
      const body = (await response.json()) as Points;
      assert.equal(body.points.length, sweep.trialIds.length);
      assert.deepEqual(body.sampling, {
        sampled: false,
        shown: sweep.completedIds.length,
        finished: sweep.completedIds.length,
        total: sweep.trialIds.length,
        perStratum: null,
        strata: [],
        note: '',
      });
    } finally {
      await small.close();
    }
  });
});
