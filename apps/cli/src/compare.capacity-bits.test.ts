import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '@cellsweep/store';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

const task = {
  dataset: 'memorize',
  sequenceLength: 5,
  inputSize: 4,
  classes: 2,
  trainSize: 4000,
  validationSize: 200,
  testSize: 200,
};

before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const sweep = await store.upsertSweep({ name: 'cap', spec: { name: 'cap' }, specHash: 'x' });
    const trials = [0, 1].map((seed) => ({
      id: `gru${seed}`,
      configKey: `gru${seed}`,
      ordinal: seed,
      cell: 'gru',
      hidden: 8,
      layers: 1,
      paramCount: 400,
      seed,
      config: { task, cell: 'gru', seed },
    }));
    await store.addTrials(sweep.id, trials);
    for (const trial of trials) {
      const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
      const trainLoss = trial.seed === 0 ? 0.3 : 0.4;
      const trainMetric = trial.seed === 0 ? 0.9 : 0.8;
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 1,
        epochsRun: 1,
        trainLoss,
        valLoss: 0.7,
        testLoss: 0.7,
        generalizationGap: 0.7 - trainLoss,
        metricName: 'accuracy',
        trainMetric,
        valMetric: 0.5,
        testMetric: 0.5,
      });
    }
  } finally {
    await store.close();
  }
});

test('on random-label memorization, compare reports bits/param by the loss bound and by mutual information', async () => {
  const result = await sandbox.run(['compare', 'cap', '--format', 'json', '--resamples', '1000']);
  assert.equal(result.code, 0, result.stderr);
  type Mean = { mean: number } | undefined;
  type Groups = { groups: { metrics: { bitsPerParameter?: Mean; mutualInformationPerParameter?: Mean } }[] };
  const { analysis } = JSON.parse(result.stdout) as { analysis: Groups };
  // Bits stored = N·(log2 C − H_bits) with H_bits = train loss / ln 2; N = 4000, C = 2, 400 parameters:
  // seed 0: 4000·(1 − 0.3/ln 2) / 400 = 5.6719; seed 1: 4000·(1 − 0.4/ln 2) / 400 = 4.2292; mean 4.9506.
  const expected = ((4000 * (1 - 0.3 / Math.LN2)) / 400 + (4000 * (1 - 0.4 / Math.LN2)) / 400) / 2;
  assert.ok(Math.abs((analysis.groups[0]?.metrics.bitsPerParameter?.mean ?? 0) - expected) < 1e-9);
  assert.ok(Math.abs(expected - 4.9506) < 1e-4);
  // Collins et al.: N·(1 − H2(accuracy))/params with the stored train accuracy, 0.9 and 0.8:
  // 4000·0.531004/400 = 5.3100 and 4000·0.278072/400 = 2.7807; mean 4.0454.
  const binary = (p: number): number => 1 + p * Math.log2(p) + (1 - p) * Math.log2(1 - p);
  const mi = ((4000 * binary(0.9)) / 400 + (4000 * binary(0.8)) / 400) / 2;
  assert.ok(Math.abs((analysis.groups[0]?.metrics.mutualInformationPerParameter?.mean ?? 0) - mi) < 1e-9);
  assert.ok(Math.abs(mi - 4.0454) < 1e-4);
  const table = await sandbox.run(['compare', 'cap', '--resamples', '1000']);
  assert.match(table.stdout, /bits\/param \(loss bound\)/);
  assert.match(table.stdout, /bits\/param \(MI\)/);
});
