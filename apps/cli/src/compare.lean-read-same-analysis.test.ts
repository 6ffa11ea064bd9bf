/**
 * `compare` and `report` read trials through the store's analysis read model (issue 17: full records took most of a
 * minute at 100,000 trials). The analysis of what it returns must be the analysis of the full records, to the bit:
 * a stored sweep with two tasks, a varying cell option, two learning rates, two budgets, a diverged and a failed
 * trial, analysed both ways.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore, type NewTrial, type Store } from '@cellsweep/store';
import { analyseStoredSweep, analyseTrials } from './sweep-analysis.js';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
let store: Store;

before(async () => {
  store = await openStore({ dataDir: join(sandbox.home, 'db') });
  const sweep = await store.upsertSweep({ name: 'lean', spec: { name: 'lean' }, specHash: 'x' });
  const trials: NewTrial[] = [];
  for (const sequenceLength of [5, 9])
    for (const learningRate of [0.01, 0.003])
      for (const paramBudget of [300, 900])
        for (const [cell, unitForgetBias] of [
          ['rnn', undefined],
          ['lstm', true],
          ['lstm', false],
        ] as const)
          for (let seed = 0; seed < 4; seed++) {
            const ordinal = trials.length;
            trials.push({
              id: `t${ordinal}`,
              configKey: `k${ordinal}`,
              ordinal,
              cell,
              hidden: cell === 'rnn' ? 12 : 6,
              layers: 1,
              paramBudget,
              paramCount: paramBudget + (cell === 'rnn' ? -3 : 4),
              seed,
              config: {
                task: { dataset: 'adding', sequenceLength },
                cell,
                size: { kind: 'budget', paramBudget },
                layers: 1,
                seed,
                training: { learningRate, epochs: 2 },
                ...(unitForgetBias === undefined ? {} : { unitForgetBias }),
              },
            });
          }
  await store.insertTrials(sweep.id, trials);
  const ids = trials.map((trial) => trial.id as string);
  const started = await store.startAttempts(ids, { backend: 'wasm' });
  const results = new Map(
    ids.slice(0, -1).map((id, i) => {
      // Deterministic, distinct losses: falling with budget, lstm better, seed noise; trial 7 diverged.
      const loss = (0.2 + ((i * 37) % 11) / 100) * (trials[i]?.cell === 'rnn' ? 1.4 : 1) * (i % 8 < 4 ? 1 : 0.7);
      return [
        id,
        {
          attempt: (started.get(id) as { attempt: number }).attempt,
          wallTimeMs: 10,
          epochsRun: 2,
          trainLoss: loss * 0.9,
          valLoss: i === 7 ? Number.NaN : loss * 1.05,
          testLoss: i === 7 ? Number.NaN : loss * 1.1,
          generalizationGap: loss * 0.2,
          metricName: 'mse',
          valMetric: loss * 1.05,
          testMetric: loss * 1.1,
          initialGradientSlope: -0.3 - i / 1000,
          gradientSlope: -0.1 - i / 2000,
        },
      ];
    }),
  );
  await store.completeTrials(results);
  const last = ids.at(-1) as string;
  await store.failTrial(last, (started.get(last) as { attempt: number }).attempt, 'out of memory');
});

after(async () => {
  await store.close();
  sandbox.remove();
});

test('the analysis of the lean trials equals the analysis of the full records', async () => {
  const lean = await analyseStoredSweep(store, 'lean', { resamples: 500 });
  const full = analyseTrials(await store.listTrials(lean.sweep.id), { resamples: 500 });
  assert.equal(lean.trials.length, 96);
  assert.ok(lean.analysis.comparisons.length > 0 && lean.analysis.trends.length > 0);
  assert.deepEqual(lean.analysis.counts, { rows: 96, analysed: 95, excluded: { FAILED: 1 } });
  assert.deepEqual(lean.analysis, full);
});
