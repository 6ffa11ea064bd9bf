import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRowFromRecord, type TrialRecordLike } from './from-record.js';
import { slopeRegime } from './gradient-slopes.js';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
/** A fixed zero-mean wobble per seed (sums to 0), so each group's mean slope is known exactly. */
const WOBBLE = [0.004, -0.004, 0.002, -0.002, 0.001, -0.001, 0.003, -0.003];

/** rnn vanishes (ln 0.5), lstm is stable (0), gru explodes (ln 2) after training; all start near ln 0.8. */
function sweep(): TrialRow[] {
  const finals: Record<string, number> = { rnn: Math.log(0.5), lstm: 0, gru: Math.log(2) };
  return Object.entries(finals).flatMap(([cell, final]) =>
    SEEDS.map((seed) =>
      trialRow({
        cell,
        seed,
        initialGradientSlope: Math.log(0.8) + (WOBBLE[seed] as number),
        gradientSlope: final + (WOBBLE[seed] as number),
      }),
    ),
  );
}

test('per group: mean slope over seeds with its CI, and the regime the whole CI supports', () => {
  const stats = analyzeSweep(sweep(), { resamples: 2_000 }).gradientSlopes;
  assert.deepEqual(
    stats.map((s) => s.arm),
    ['gru', 'lstm', 'rnn'],
  );
  const expected: Record<string, [number, string]> = {
    rnn: [Math.log(0.5), 'vanishing'],
    lstm: [0, 'stable'],
    gru: [Math.log(2), 'exploding'],
  };
  for (const group of stats) {
    const [mean, regime] = expected[group.arm] as [number, string];
    const final = group.final;
    assert.ok(final && group.initial);
    assert.equal(final.slope.n, 8);
    assert.ok(Math.abs(final.slope.mean - mean) < 1e-15, `${group.arm}: ${final.slope.mean}`);
    assert.ok(final.slope.ci && final.slope.ci[0] <= final.slope.mean && final.slope.mean <= final.slope.ci[1]);
    assert.equal(final.regime, regime, group.arm);
    assert.equal(final.trialRegimes[regime as 'stable'], 8);
    assert.ok(Math.abs(group.initial.slope.mean - Math.log(0.8)) < 1e-15);
    assert.equal(group.initial.regime, 'vanishing');
    assert.equal(group.trials, 8);
  }
});

test('a CI that crosses ±0.01 per step is unclear, even when most trials lean one way', () => {
  const rows = SEEDS.map((seed) => trialRow({ cell: 'rnn', seed, gradientSlope: -0.02 + 0.01 * (seed - 3.5) }));
  const [group] = analyzeSweep(rows, { resamples: 2_000 }).gradientSlopes;
  assert.ok(group?.final?.slope.ci);
  assert.ok(group.final.slope.ci[0] < -0.01 && group.final.slope.ci[1] > -0.01, `CI ${group.final.slope.ci}`);
  assert.equal(group.final.regime, 'unclear');
  assert.deepEqual(group.final.trialRegimes, { vanishing: 5, stable: 2, exploding: 1 });
  assert.equal(group.initial, null, 'no initial slopes recorded: no initial summary');
});

test('the regime rule at its edges (per step, tolerance 0.01)', () => {
  assert.equal(slopeRegime([-0.5, -0.0101]), 'vanishing');
  assert.equal(slopeRegime([-0.5, -0.01]), 'unclear');
  assert.equal(slopeRegime([-0.01, 0.01]), 'stable');
  assert.equal(slopeRegime([0.0101, 3]), 'exploding');
  assert.equal(slopeRegime([-0.2, 0.2]), 'unclear');
  assert.equal(slopeRegime([-0.2, 0.2], 0.5), 'stable');
});

test('trials without a slope are left out; groups without any are not listed; one trial is judged on its value', () => {
  const rows = [
    trialRow({ cell: 'lstm', seed: 0, gradientSlope: -0.3 }),
    trialRow({ cell: 'lstm', seed: 1, gradientSlope: null }),
    trialRow({ cell: 'gru', seed: 0 }),
    trialRow({ cell: 'gru', seed: 1 }),
  ];
  const stats = analyzeSweep(rows, { resamples: 200 }).gradientSlopes;
  assert.deepEqual(
    stats.map((s) => s.arm),
    ['lstm'],
  );
  const [lstm] = stats;
  assert.equal(lstm?.trials, 2);
  assert.equal(lstm?.final?.slope.n, 1);
  assert.equal(lstm?.final?.slope.ci, null);
  assert.equal(lstm?.final?.regime, 'vanishing');
});

test('groups are keyed like the group statistics, and are plain JSON', () => {
  const analysis = analyzeSweep(sweep(), { resamples: 500, seed: 3 });
  assert.deepEqual(
    analysis.gradientSlopes.map((s) => s.key),
    analysis.groups.map((g) => g.key),
  );
  assert.deepEqual(JSON.parse(JSON.stringify(analysis.gradientSlopes)), analysis.gradientSlopes);
});

test('store records carry their slopes into rows; records without the columns give rows without them', () => {
  const record = (extra: object): TrialRecordLike => ({
    id: 'a',
    cell: 'rnn',
    layers: 1,
    hidden: 4,
    paramBudget: null,
    paramCount: 40,
    seed: 0,
    status: 'COMPLETED',
    trainLoss: 1,
    valLoss: 1,
    testLoss: 1,
    valMetric: null,
    testMetric: null,
    metricName: 'mse',
    generalizationGap: 0,
    config: { task: { dataset: 'adding' } },
    ...extra,
  });
  const row = trialRowFromRecord(record({ initialGradientSlope: null, gradientSlope: -0.25 }));
  assert.deepEqual([row.initialGradientSlope, row.gradientSlope], [null, -0.25]);
  assert.equal('gradientSlope' in trialRowFromRecord(record({})), false);
});
