import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { openStore } from '@cellsweep/store';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

/** A stored toy sweep whose verdict is known: on 8 seeds gru's test loss is 0.1 below lstm's; rnn equals lstm. */
before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    const sweep = await store.upsertSweep({
      name: 'toy',
      spec: { name: 'toy', description: '<script>alert(1)</script> & friends' },
      specHash: 'x',
    });
    const cells = ['rnn', 'lstm', 'gru'] as const;
    const trials = cells.flatMap((cell, c) =>
      Array.from({ length: 8 }, (_, seed) => ({
        id: `${cell}-${seed}`,
        configKey: `${cell}-${seed}`,
        ordinal: seed * 3 + c,
        cell,
        hidden: 8,
        layers: 1,
        paramBudget: 1000,
        paramCount: 1000 + c,
        seed,
        config: { task: { dataset: 'adding', sequenceLength: 10 }, cell, seed, training: { learningRate: 0.01 } },
      })),
    );
    await store.addTrials(sweep.id, trials);
    for (const trial of trials) {
      const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
      const base = 0.3 + 0.01 * trial.seed + 0.001 * ((trial.seed * 7) % 5);
      const testLoss = trial.cell === 'gru' ? base - 0.1 : base;
      await store.recordAttemptEpoch(trial.id, attempt, {
        epoch: 1,
        trainLoss: testLoss + 0.05,
        valLoss: testLoss,
        samplesPerSec: 100,
        epochTimeMs: 10,
      });
      await store.completeTrial(trial.id, {
        attempt,
        wallTimeMs: 10,
        epochsRun: 1,
        bestEpoch: 1,
        trainLoss: testLoss - 0.02,
        valLoss: testLoss,
        testLoss,
        generalizationGap: 0.02,
        metricName: 'mse',
        valMetric: testLoss,
        testMetric: testLoss,
      });
    }
    await store.setSweepStatus(sweep.id, 'COMPLETED');
  } finally {
    await store.close();
  }
});

interface Comparison {
  a: string;
  b: string;
  winner: 'a' | 'b' | null;
  pValue: number;
  pHolm: number;
  n: number;
  verdict: string;
}

test('compare declares the known winner and no difference where there is none', async () => {
  const result = await sandbox.run(['compare', 'toy', '--format', 'json', '--resamples', '2000']);
  assert.equal(result.code, 0, result.stderr);
  const { analysis } = JSON.parse(result.stdout) as { analysis: { comparisons: Comparison[]; verdicts: string[] } };
  const find = (a: string, b: string) => analysis.comparisons.find((c) => c.a === a && c.b === b) as Comparison;
  const gruLstm = find('gru', 'lstm');
  assert.equal(gruLstm.n, 8);
  assert.equal(gruLstm.winner, 'a');
  assert.equal(gruLstm.pValue, 2 / 256); // every one of 8 paired differences favours gru: exact two-sided p = 2/2^8
  assert.equal(gruLstm.pHolm, Math.min(1, 3 * (2 / 256))); // smallest of three p-values: Holm multiplies by 3
  assert.match(gruLstm.verdict, /^gru beats lstm on test loss/);
  const lstmRnn = find('lstm', 'rnn');
  assert.equal(lstmRnn.winner, null);
  assert.match(lstmRnn.verdict, /no significant difference between lstm and rnn/);
});

test('compare prints the per-cell table with CIs and the verdict in words', async () => {
  const result = await sandbox.run(['compare', 'toy', '--resamples', '2000']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /mean over seeds, 95% Student-t CI/);
  assert.match(result.stdout, /^budget 1,000\s+gru\s+8\s+1,002\s+0\.2\d+ \[0\.2\d+, 0\.2\d+\]/m);
  assert.match(result.stdout, /Verdict[^\n]*:\n[\s\S]*gru beats lstm on test loss/);
});
