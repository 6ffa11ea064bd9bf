import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  finishTrial,
  GRADIENT_DECAY,
  GRADIENT_SEEDS,
  reachOf,
  seedSweep,
  SEQUENCE_STEPS,
  type SeededSweep,
} from './test-fixtures.js';
import { authHeaders, startTestDashboard, type TestDashboard } from './test-server.js';

describe('API: sweeps, trials, epochs and analysis on real Postgres', () => {
  let dash: TestDashboard;
  let seeded: SeededSweep;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${dash.url}${path}`, { headers: authHeaders() });
    assert.equal(response.status, 200, `${path}: ${response.status}`);
    return (await response.json()) as T;
  };
  const status = async (path: string) => (await fetch(`${dash.url}${path}`, { headers: authHeaders() })).status;

  before(async () => {
    dash = await startTestDashboard();
    seeded = await seedSweep(dash.store, 'queries-sweep', { epochs: 8 });
    await dash.store.upsertSweep({ name: 'another-sweep', spec: { task: { dataset: 'copy' } }, specHash: 'h2' });
  });
  after(() => dash.close());

  test('the sweeps list shows progress, task, start time and the best result', async () => {
    const page = await get<{ total: number; items: any[] }>('/api/sweeps');
    assert.equal(page.total, 2);
    const sweep = page.items.find((item) => item.name === 'queries-sweep');
    assert.deepEqual(sweep.progress, { done: 30, running: 2, failed: 2, queued: 2, cancelled: 0, total: 36 });
    assert.equal(sweep.task, 'adding');
    assert.ok(sweep.startedAt);
    assert.equal(sweep.spec, undefined, 'the list leaves specs out');
    const trials = await dash.store.listTrials(seeded.sweep.id, { status: 'COMPLETED' });
    const best = Math.min(...trials.map((t) => t.valLoss!));
    assert.equal(sweep.bestValLoss, best);
    assert.equal(trials.find((t) => t.valLoss === best)?.id, sweep.bestTrialId);
    const filtered = await get<{ total: number }>('/api/sweeps?q=ANOTHER');
    assert.equal(filtered.total, 1);
  });

  test('trials are paged with the total, and page sizes are capped', async () => {
    const first = await get<{ total: number; items: any[]; limit: number }>(
      `/api/sweeps/${seeded.sweep.id}/trials?limit=10`,
    );
    assert.equal(first.total, 36);
    assert.equal(first.items.length, 10);
    assert.deepEqual(
      first.items.map((t) => t.ordinal),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    const last = await get<{ items: any[] }>(`/api/sweeps/${seeded.sweep.id}/trials?limit=10&offset=30`);
    assert.deepEqual(
      last.items.map((t) => t.ordinal),
      [30, 31, 32, 33, 34, 35],
    );
    assert.equal(await status(`/api/sweeps/${seeded.sweep.id}/trials?limit=1001`), 400);
    assert.equal(await status(`/api/sweeps/${seeded.sweep.id}/trials?limit=0`), 400);
    assert.equal(await status(`/api/sweeps/${seeded.sweep.id}/trials?sort=password`), 400);
    assert.equal(await status(`/api/sweeps/${seeded.sweep.id}/trials?status=DONE`), 400);
    assert.equal(await status(`/api/sweeps/${seeded.sweep.id}/trials?hp.a;drop=1`), 400);
    assert.equal(await status('/api/sweeps/no-such-sweep/trials'), 404);
  });

  test('filters by cell, status, budget and a hyperparameter; sorts by validation loss with unfinished last', async () => {
    const id = seeded.sweep.id;
    const lstm = await get<{ total: number; items: any[] }>(`/api/sweeps/${id}/trials?cell=lstm&limit=100`);
    assert.equal(lstm.total, 12);
    assert.ok(lstm.items.every((t) => t.cell === 'lstm'));
    const two = await get<{ total: number }>(`/api/sweeps/${id}/trials?cell=lstm,gru&status=completed`);
    const expected = (await dash.store.listTrials(id, { status: 'COMPLETED' })).filter((t) => t.cell !== 'rnn').length;
    assert.equal(two.total, expected);
    const budget = await get<{ total: number; items: any[] }>(`/api/sweeps/${id}/trials?budget=2000&limit=100`);
    assert.equal(budget.total, 18);
    assert.ok(budget.items.every((t) => t.paramBudget === 2000));
    const lr = await get<{ total: number; items: any[] }>(
      `/api/sweeps/${id}/trials?hp.training.learningRate=0.003&limit=100`,
    );
    assert.equal(lr.total, 18);
    assert.ok(lr.items.every((t) => t.config.training.learningRate === 0.003));
    const sorted = await get<{ items: any[] }>(`/api/sweeps/${id}/trials?sort=valLoss&order=asc&limit=100`);
    const losses = sorted.items.map((t) => t.valLoss);
    const finished = losses.filter((v) => v !== null);
    assert.deepEqual(
      finished,
      [...finished].sort((a, b) => a - b),
    );
    assert.ok(
      losses.slice(finished.length).every((v) => v === null),
      'trials without a loss come last',
    );
    const desc = await get<{ items: any[] }>(`/api/sweeps/${id}/trials?sort=valLoss&order=desc&limit=1`);
    assert.equal(desc.items[0].valLoss, Math.max(...finished));
  });

  test('exports: CSV of the filtered table with hyperparameter columns, JSON as a download', async () => {
    const response = await fetch(`${dash.url}/api/sweeps/${seeded.sweep.id}/trials?format=csv&cell=gru`, {
      headers: authHeaders(),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment/);
    const lines = (await response.text()).trim().split('\r\n');
    assert.equal(lines.length, 1 + 12);
    assert.match(
      lines[0]!,
      /^ordinal,id,cell,layers,hidden,paramBudget,paramCount,seed,status,training\.learningRate,trainLoss,valLoss/,
    );
    // The kernel build each trial trained on, beside its backend (empty where it did not finish).
    assert.match(lines[0]!, /,backend,kernels,attempt,/);
    assert.ok(lines.slice(1).some((line) => line.includes(',relaxed,')));
    const json = await fetch(`${dash.url}/api/sweeps/${seeded.sweep.id}/trials?format=json&download=1`, {
      headers: authHeaders(),
    });
    assert.match(json.headers.get('content-disposition') ?? '', /attachment/);
    assert.equal(((await json.json()) as { items: unknown[] }).items.length, 36);
    const sweepsCsv = await fetch(`${dash.url}/api/sweeps?format=csv`, { headers: authHeaders() });
    assert.match((await sweepsCsv.text()).split('\r\n')[0]!, /^name,task,status,done,running,failed,queued/);
  });

  test('chart points carry only the varying hyperparameters; analysis has seed groups with CIs and a frontier', async () => {
    const points = await get<{ hyperparameters: any[]; points: any[] }>(`/api/sweeps/${seeded.sweep.id}/points`);
    assert.deepEqual(points.hyperparameters, [{ path: 'training.learningRate', values: [0.003, 0.01] }]);
    assert.equal(points.points.length, 36);
    assert.equal(points.points.filter((p) => p.status === 'COMPLETED').length, 30);
    const analysis = await get<any>(`/api/sweeps/${seeded.sweep.id}/analysis`);
    assert.equal(analysis.counts.analysed, 30);
    // 3 cells x 2 budgets x 2 learning rates; each with up to 3 seeds: @cellsweep/analysis's groups.
    assert.equal(analysis.groups.length, 12);
    const full = analysis.groups.find((g: any) => g.seeds.length === 3);
    const valLoss = full.metrics.valLoss;
    assert.ok(valLoss.ci[0] <= valLoss.mean && valLoss.mean <= valLoss.ci[1]);
    assert.ok(full.quartiles.valLoss[0] <= valLoss.median && valLoss.median <= full.quartiles.valLoss[1]);
    // One frontier per loss (one task); two budgets, so at most one point per budget.
    assert.deepEqual(analysis.frontiers.map((f: any) => f.metric).sort(), ['testLoss', 'valLoss']);
    for (const frontier of analysis.frontiers)
      assert.ok(frontier.groupMeans.length >= 1 && frontier.groupMeans.length <= 2);
    // @cellsweep/analysis runs in a worker thread: pending at first, then its paired comparisons and verdicts.
    assert.ok(['pending', 'ready'].includes(analysis.external.status));
    let external = analysis.external;
    for (let i = 0; i < 100 && external.status === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      external = (await get<any>(`/api/sweeps/${seeded.sweep.id}/analysis`)).external;
    }
    assert.equal(external.status, 'ready', external.note);
    analysis.external = external;
    assert.ok(Array.isArray(analysis.external.result.verdicts) && analysis.external.result.verdicts.length > 0);
    assert.ok(analysis.external.result.comparisons.length > 0);
  });

  test('learning curves are aggregated per cell and epoch, not shipped as rows', async () => {
    const curves = await get<{ bands: any[] }>(`/api/sweeps/${seeded.sweep.id}/curves`);
    assert.equal(curves.bands.length, 3 * 8, 'one row per cell per epoch');
    const lstm1 = curves.bands.find((b) => b.cell === 'lstm' && b.epoch === 1);
    assert.ok(lstm1.trainP10 <= lstm1.trainP50 && lstm1.trainP50 <= lstm1.trainP90);
    const coarse = await get<{ bands: any[] }>(`/api/sweeps/${seeded.sweep.id}/curves?buckets=2`);
    assert.ok(coarse.bands.length <= 3 * 3);
    const best = await get<{ trials: any[] }>(`/api/sweeps/${seeded.sweep.id}/curves/trials?top=3`);
    assert.equal(best.trials.length, 3);
    assert.equal(best.trials[0].epochs.length, 8);
  });

  test("gradient reach: per-group means over seeds, and the last epoch's norms of the best trials of each cell", async () => {
    const id = seeded.sweep.id;
    assert.equal((await fetch(`${dash.url}/api/sweeps/${id}/gradients`)).status, 401, 'no token, no data');
    const body = await get<{ threshold: number; groups: any[]; trials: any[] }>(`/api/sweeps/${id}/gradients`);
    assert.equal(body.threshold, 1e-3);
    // Hand-worked from GRADIENT_DECAY (norm k steps back ∝ rate^k; reach = #k with rate^k ≥ 1e-3):
    // initial rnn 0.4 → 8, lstm 0.6 → 14, gru 0.55 → 12; final rnn 0.5 → 10 / 0.6 → 14, lstm 0.75 → 25 / 0.7 → 20,
    // gru 0.7 → 20 / 0.55 → 12 (seed 0 / seed 1). Seeds 0 and 1 finished every group (cell × budget × learning rate);
    // seed 2 finished 2 of each cell's 4 without the probe. So every group measured 2 trials, and its means are
    // those two seeds'.
    const analysis = await get<{ groups: { key: string; seeds: number[] }[] }>(`/api/sweeps/${id}/analysis`);
    assert.deepEqual(
      body.groups.map((g) => g.key),
      analysis.groups.map((g) => g.key),
      "the analysis's groups, in its order",
    );
    const expected: Record<string, number[]> = {
      gru: [12, 16, 12, 20],
      lstm: [14, 22.5, 20, 25],
      rnn: [8, 12, 10, 14],
    };
    for (const [index, g] of body.groups.entries()) {
      const seeds = analysis.groups[index]!.seeds.length;
      assert.deepEqual(
        [g.completed, g.measured, g.initialMeasured, g.meanInitialReach, g.meanReach, g.minReach, g.maxReach],
        [seeds, 2, 2, ...expected[g.cell]!],
        g.key,
      );
    }
    assert.equal(body.groups.length, 12);
    for (const cell of ['gru', 'lstm', 'rnn']) {
      assert.equal(
        body.groups.filter((g) => g.cell === cell).reduce((sum, g) => sum + g.completed, 0),
        10,
      );
    }

    const completed = await dash.store.listTrials(id, { status: 'COMPLETED' });
    const probed = completed.filter((t) => GRADIENT_SEEDS.includes(t.seed));
    assert.equal(body.trials.length, probed.length, 'the default 24 covers every measured trial here');
    assert.deepEqual(body.trials.map((t) => t.id).sort(), probed.map((t) => t.id).sort());
    for (const trial of body.trials) {
      const last = (await dash.store.listEpochs(trial.id)).at(-1)!;
      assert.equal(trial.epoch, 8);
      assert.deepEqual(trial.gradientNorms, last.gradientNorms);
      assert.equal(trial.gradientNorms.length, SEQUENCE_STEPS);
      // One step back from the last input the norm falls by the trained decay rate.
      const rate = GRADIENT_DECAY[trial.cell]!.final[trial.seed]!;
      assert.ok(
        Math.abs(trial.gradientNorms[SEQUENCE_STEPS - 2] / trial.gradientNorms[SEQUENCE_STEPS - 1] - rate) < 1e-12,
      );
      assert.equal(trial.epochGradientReach, reachOf(trial.gradientNorms));
      assert.equal(trial.gradientReach, trial.epochGradientReach, "the fixtures' final weights are the last epoch's");
      assert.equal(trial.initialGradientReach, { rnn: 8, lstm: 14, gru: 12 }[trial.cell as string]);
    }

    // top=6: the best two of each cell by validation loss, taken in turn (gru, lstm, rnn, gru, lstm, rnn).
    const few = await get<{ trials: any[] }>(`/api/sweeps/${id}/gradients?top=6`);
    const bestOf = (cell: string) =>
      probed
        .filter((t) => t.cell === cell)
        .sort((a, b) => a.valLoss! - b.valLoss!)
        .map((t) => t.id);
    assert.deepEqual(
      few.trials.map((t) => t.id),
      [0, 1].flatMap((rank) => ['gru', 'lstm', 'rnn'].map((cell) => bestOf(cell)[rank])),
    );
    assert.equal(await status(`/api/sweeps/${id}/gradients?top=51`), 400);
    assert.equal(await status(`/api/sweeps/${id}/gradients?top=0`), 400);
    assert.equal(await status('/api/sweeps/no-such-sweep/gradients'), 404);
    const empty = await get<{ groups: any[]; trials: any[] }>('/api/sweeps/another-sweep/gradients');
    assert.deepEqual([empty.groups, empty.trials], [[], []]);
  });

  test('a trial: record, status history, error of a failed one, paged epochs', async () => {
    const failed = await get<any>(`/api/trials/${seeded.failedIds[0]}`);
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error, 'loss became NaN at epoch 3');
    assert.deepEqual(
      failed.history.map((e: any) => e.event),
      ['queued', 'started attempt 1 on wasm', 'failed'],
    );
    assert.equal(failed.sweepName, 'queries-sweep');
    const epochs = await get<{ total: number; items: any[] }>(
      `/api/trials/${seeded.completedIds[0]}/epochs?limit=5&offset=5`,
    );
    assert.equal(epochs.total, 8);
    assert.deepEqual(
      epochs.items.map((e) => e.epoch),
      [6, 7, 8],
    );
    assert.equal(await status(`/api/trials/${seeded.completedIds[0]}/epochs?limit=5001`), 400);
    assert.equal(await status('/api/trials/nope'), 404);
  });

  test('changes since a cursor include a trial that just finished, with the new progress', async () => {
    const before = await get<{ cursor: string; trials: any[] }>(`/api/sweeps/${seeded.sweep.id}/changes`);
    assert.equal(before.trials.length, 36);
    const cursor = before.cursor;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await finishTrial(dash.store, seeded.runningIds[0]!, 0.0123);
    const after = await get<{ sweep: any; trials: any[] }>(
      `/api/sweeps/${seeded.sweep.id}/changes?since=${encodeURIComponent(cursor)}`,
    );
    const finished = after.trials.find((t) => t.id === seeded.runningIds[0]);
    assert.equal(finished.status, 'COMPLETED');
    assert.equal(finished.valLoss, 0.0123);
    assert.equal(after.sweep.progress.done, 31);
  });
});
