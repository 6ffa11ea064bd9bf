import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ashaDecisions, ashaRungs, type AshaTrial } from '@cellsweep/search';
import { searchSpec, simulate, type FakeTrial } from './test-support.js';

/**
 * The driver decides ASHA through @cellsweep/search's AshaLadder. Checked here from the outside: after a whole
 * sweep (with failures), ashaDecisions over the stored rung results says, for every suggestion, exactly which rung
 * trials the driver created: a stop at rung r leaves rungs 0..r, a completion all of them, a failure ends it there.
 */
test("every suggestion's rung trials are those ashaDecisions' verdicts call for", () => {
  const rungs = ashaRungs(1, 9, 3);
  const spec = searchSpec(
    '{ method: random, trials: 30, parallelism: 3, seed: 4, asha: { minEpochs: 1, reductionFactor: 3 }, ' +
      'space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }',
  );
  const fail = (config: FakeTrial['config']): boolean => (config.search?.index ?? 0) % 11 === 5;
  const { trials } = simulate(spec, { orderSeed: 3, workers: 3, fail });
  const bySuggestion = new Map<number, FakeTrial[]>();
  for (const trial of trials) {
    const index = trial.config.search?.index as number;
    bySuggestion.set(index, [...(bySuggestion.get(index) ?? []), trial]);
  }
  assert.equal(bySuggestion.size, 30);
  const asha: AshaTrial[] = [...bySuggestion].map(([index, rows]) => {
    const sorted = rows.sort((a, b) => a.config.training.epochs - b.config.training.epochs);
    const epochs = sorted.map((t) => t.config.training.epochs);
    assert.deepEqual(epochs, rungs.slice(0, sorted.length), `suggestion ${index}: rungs in order`);
    const ended = sorted.some((t) => t.status === 'FAILED');
    return { index, rungValues: sorted.map((t) => (t.status === 'FAILED' ? Infinity : (t.valLoss as number))), ended };
  });
  const decided = ashaDecisions(asha, { rungs, reductionFactor: 3 });
  assert.deepEqual(decided.waiting, []);
  assert.deepEqual(decided.promote, [], 'nothing left to train');
  const trained = (index: number): number => bySuggestion.get(index)?.length ?? 0;
  for (const { index, rung } of decided.stop) {
    assert.equal(trained(index), rung + 1, `suggestion ${index} stopped at rung ${rung}`);
  }
  for (const index of decided.complete) assert.equal(trained(index), rungs.length, `suggestion ${index} complete`);
  const failed = asha.filter((t) => t.ended && trained(t.index) < rungs.length);
  assert.ok(failed.length >= 2, 'the fixture has failures below the last rung');
  assert.equal(decided.stop.length + decided.complete.length + failed.length, 30, 'every suggestion accounted for');
  assert.ok(
    decided.stop.some((s) => s.rung === 1),
    'a stop at the second rung',
  );
  assert.ok(decided.complete.length >= 1, 'completions');
});
