import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DRIVERS, openTestStore } from './test-support.js';
import type { NewTrial } from './types.js';

// Issue 17: the dashboard's scatter at scale reads per cell × size counts and deciles and a sample from SQL, on both
// drivers. 2 cells × 2 sizes × 10 seeds × 2 learning rates; losses known, so the expected sample is worked by hand.
for (const driver of DRIVERS) {
  test(`${driver}: strata count every trial and take deciles; the sample spreads over ranks and keeps each best`, async () => {
    const { store, close } = await openTestStore(driver);
    try {
      const sweep = await store.upsertSweep({ name: 'strata', spec: { task: 'adding' }, specHash: 'strata' });
      const plans: NewTrial[] = [];
      for (const cell of ['gru', 'lstm'])
        for (const paramCount of [100, 200])
          for (const learningRate of [0.01, 0.001])
            for (let seed = 0; seed < 10; seed++)
              plans.push({
                configKey: `${cell}-${paramCount}-${learningRate}-${seed}`,
                ordinal: plans.length,
                cell,
                hidden: paramCount / 10,
                layers: 1,
                paramBudget: paramCount,
                paramCount,
                seed,
                config: { cell, size: { paramBudget: paramCount }, training: { learningRate }, seed },
              });
      await store.addTrials(sweep.id, plans);
      const trials = await store.listTrials(sweep.id);
      const results = new Map();
      const attempts = await store.startAttempts(
        trials.map((t) => t.id),
        { backend: 'wasm' },
      );
      // Validation loss = 1 + rank within the stratum (0..19); test loss runs the other way, so its best is the last.
      const rank = (t: (typeof trials)[number]) => t.ordinal % 20;
      for (const t of trials.slice(0, -1)) {
        const started = attempts.get(t.id);
        if (!started || started instanceof Error) throw started ?? new Error('not started');
        results.set(t.id, {
          attempt: started.attempt,
          wallTimeMs: 1,
          epochsRun: 1,
          trainLoss: 1,
          valLoss: 1 + rank(t),
          testLoss: 100 - rank(t),
        });
      }
      await store.completeTrials(results);

      const { statusCounts, strata } = await store.summarizeTrialStrata(sweep.id);
      assert.deepEqual(statusCounts, { COMPLETED: 79, RUNNING: 1 });
      assert.deepEqual(
        strata.map((s) => [s.cell, s.paramCount, s.trials, s.completed]),
        [
          ['gru', 100, 20, 20],
          ['gru', 200, 20, 20],
          ['lstm', 100, 20, 20],
          ['lstm', 200, 20, 19],
        ],
      );
      // Type-7 deciles of 1..20: 1 + 0.1·19 = 2.9, 10.5, 18.1; of 1..19: 2.8, 10, 17.2.
      const close3 = (a: number[] | null, b: number[]) => !!a?.every((v, i) => Math.abs(v - b[i]!) < 1e-9);
      assert.ok(close3(strata[0]!.valLoss, [2.9, 10.5, 18.1]), String(strata[0]!.valLoss));
      assert.ok(close3(strata[3]!.valLoss, [2.8, 10, 17.2]), String(strata[3]!.valLoss));

      // 4 per stratum of 20: ranks 1, 6, 11, 16 (floor((k-1)·4/20) steps up), plus the best by test loss (rank 20).
      const sample = await store.sampleTrialPoints(sweep.id, { perStratum: 4 });
      const ranks = (cell: string, paramCount: number) =>
        sample.filter((p) => p.cell === cell && p.paramCount === paramCount).map((p) => p.valLoss);
      assert.deepEqual(ranks('gru', 100), [1, 6, 11, 16, 20]);
      assert.deepEqual(ranks('lstm', 200), [1, 6, 11, 16, 19], 'of 19: the same ranks, and the best by test (19)');

      // Filters apply before sampling: a learning rate's 10 trials per stratum, all kept at 10 per stratum.
      const filter = { cells: ['gru'], config: [{ path: ['training', 'learningRate'], equals: 0.001 }] };
      const filtered = await store.sampleTrialPoints(sweep.id, { perStratum: 10, filter });
      const expected = trials.filter((t) => t.cell === 'gru' && rank(t) >= 10).map((t) => t.id);
      assert.deepEqual(filtered.map((p) => p.id).sort(), expected.sort());
      const summary = await store.summarizeTrialStrata(sweep.id, filter);
      assert.deepEqual(summary.statusCounts, { COMPLETED: 20 });
      assert.deepEqual(
        (await store.listDistinctConfigs(sweep.id)).map((c) => JSON.stringify(c)).sort(),
        ['gru', 'lstm'].flatMap((cell) =>
          [0.001, 0.01].map((learningRate) => JSON.stringify({ cell, training: { learningRate } })),
        ),
      );
    } finally {
      await close();
    }
  });
}
