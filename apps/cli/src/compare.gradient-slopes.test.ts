import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { openStore } from '@cellsweep/store';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

const SEEDS = [0, 1, 2, 3, 4, 5];
/** Zero-mean per-seed wobble, so each cell's mean slope is known exactly. */
const WOBBLE = [0.003, -0.003, 0.001, -0.001, 0.002, -0.002];
/** After training: rnn vanishes (×0.5 per step), lstm is stable, gru explodes (×2); untrained, all ×0.8. */
const FINAL: Record<string, number> = { rnn: Math.log(0.5), lstm: 0, gru: Math.log(2) };
const INITIAL = Math.log(0.8);

/** A stored sweep whose trials recorded gradient slopes, and one stored before slopes existed (none recorded). */
before(async () => {
  const store = await openStore({ dataDir: join(sandbox.home, 'db') });
  try {
    for (const name of ['slopes', 'legacy']) {
      const sweep = await store.upsertSweep({ name, spec: { name }, specHash: name });
      const trials = Object.keys(FINAL).flatMap((cell, c) =>
        SEEDS.map((seed) => ({
          id: `${name}-${cell}-${seed}`,
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
        const wobble = WOBBLE[trial.seed] as number;
        const slopes =
          name === 'slopes'
            ? { initialGradientSlope: INITIAL + wobble, gradientSlope: (FINAL[trial.cell] as number) + wobble }
            : {};
        await store.completeTrial(trial.id, {
          attempt,
          wallTimeMs: 10,
          epochsRun: 1,
          bestEpoch: 1,
          trainLoss: 0.2,
          valLoss: 0.3,
          testLoss: 0.3 + trial.seed / 100,
          ...slopes,
        });
      }
    }
  } finally {
    await store.close();
  }
});

interface Summary {
  slope: { n: number; mean: number; ci: [number, number] | null };
  regime: string;
}
interface SlopeGroup {
  key: string;
  arm: string;
  trials: number;
  initial: Summary | null;
  final: Summary | null;
}

test("compare --format json gives each cell's mean slope over seeds, its CI and its regime, before and after training", async () => {
  const result = await sandbox.run(['compare', 'slopes', '--format', 'json', '--resamples', '2000']);
  assert.equal(result.code, 0, result.stderr);
  const { analysis } = JSON.parse(result.stdout) as {
    analysis: { gradientSlopes: SlopeGroup[]; groups: { key: string }[] };
  };
  assert.deepEqual(
    analysis.gradientSlopes.map((g) => g.arm),
    ['gru', 'lstm', 'rnn'],
  );
  assert.deepEqual(
    analysis.gradientSlopes.map((g) => g.key),
    analysis.groups.map((g) => g.key),
    'the same groups as every other statistic',
  );
  const regimes: Record<string, string> = { rnn: 'vanishing', lstm: 'stable', gru: 'exploding' };
  for (const group of analysis.gradientSlopes) {
    assert.equal(group.trials, 6);
    assert.equal(group.final?.slope.n, 6);
    assert.ok(Math.abs((group.final?.slope.mean as number) - (FINAL[group.arm] as number)) < 1e-15, group.arm);
    const ci = group.final?.slope.ci as [number, number];
    assert.ok(ci[0] <= (FINAL[group.arm] as number) && (FINAL[group.arm] as number) <= ci[1]);
    assert.equal(group.final?.regime, regimes[group.arm]);
    assert.ok(Math.abs((group.initial?.slope.mean as number) - INITIAL) < 1e-15);
    assert.equal(group.initial?.regime, 'vanishing');
  }
});

test('the compare table has a gradient-slope section in words; a sweep without slopes has none', async () => {
  const result = await sandbox.run(['compare', 'slopes', '--resamples', '2000']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Gradient slope: ln ‖∂loss_T\/∂x_t‖ per step back/);
  assert.match(
    result.stdout,
    /^budget 1,000\s+rnn\s+6\/6\s+-0\.223 \[-0\.2\d\d, -0\.2\d\d\]\s+vanishing\s+-0\.693 \[-0\.69\d, -0\.69\d\]\s+vanishing\s+x0\.500$/m,
  );
  assert.match(
    result.stdout,
    /^budget 1,000\s+lstm\s+6\/6\s+.*\s+vanishing\s+0\.000 \[-0\.00\d, \+0\.00\d\]\s+stable\s+x1\.00$/m,
  );
  assert.match(result.stdout, /^budget 1,000\s+gru\s+.*\s+\+0\.693 \[\+0\.69\d, \+0\.69\d\]\s+exploding\s+x2\.00$/m);
  assert.ok(result.stdout.indexOf('Gradient slope') < result.stdout.indexOf('Verdict'));

  const legacy = await sandbox.run(['compare', 'legacy', '--resamples', '200']);
  assert.equal(legacy.code, 0, legacy.stderr);
  assert.doesNotMatch(legacy.stdout, /Gradient slope/);
  const json = JSON.parse(
    (await sandbox.run(['compare', 'legacy', '--format', 'json', '--resamples', '200'])).stdout,
  ) as { analysis: { gradientSlopes: unknown[] } };
  assert.deepEqual(json.analysis.gradientSlopes, []);
});
