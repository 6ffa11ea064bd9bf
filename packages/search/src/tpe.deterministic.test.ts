import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { SearchArgumentError } from './errors.js';
import { sampleRandom } from './random.js';
import { canTake } from './space.js';
import { mixedSpace } from './test-support.js';
import { suggestTpe } from './tpe.js';
import type { Observation } from './types.js';

/** 40 random trials scored by a made-up objective, one in seven failed. */
function history(count: number): Observation[] {
  return Array.from({ length: count }, (_, index) => {
    const params = sampleRandom(mixedSpace, 99, index);
    const loss = Math.abs(Math.log10(params.learningRate as number) + 2) + (params.dropout as number);
    const value = index % 7 === 3 ? Infinity : loss;
    return { index, params, value };
  });
}

test('the same inputs give the same suggestion; seed, index and observations change it', () => {
  const observations = history(40);
  const a = suggestTpe(mixedSpace, 7, 40, observations);
  assert.deepEqual(suggestTpe(mixedSpace, 7, 40, observations), a);
  assert.notDeepEqual(suggestTpe(mixedSpace, 8, 40, observations), a);
  assert.notDeepEqual(suggestTpe(mixedSpace, 7, 41, observations), a);
  assert.notDeepEqual(suggestTpe(mixedSpace, 7, 40, observations.slice(0, 30)), a);
});

test('the order observations arrive in does not matter', () => {
  const observations = history(40);
  const shuffled = createRng(3).shuffle([...observations]);
  assert.deepEqual(suggestTpe(mixedSpace, 7, 40, shuffled), suggestTpe(mixedSpace, 7, 40, observations));
});

test('before startupTrials observations TPE is exactly random search', () => {
  const observations = history(9);
  assert.deepEqual(suggestTpe(mixedSpace, 7, 9, observations), sampleRandom(mixedSpace, 7, 9));
  assert.deepEqual(suggestTpe(mixedSpace, 7, 20, history(19), { startupTrials: 20 }), sampleRandom(mixedSpace, 7, 20));
  assert.notDeepEqual(suggestTpe(mixedSpace, 7, 10, history(10)), sampleRandom(mixedSpace, 7, 10));
});

test('suggestions are legal and conditional params present exactly when active', () => {
  const observations = history(40);
  for (let index = 40; index < 140; index++) {
    const p = suggestTpe(mixedSpace, 5, index, observations);
    for (const spec of mixedSpace) {
      if (Object.hasOwn(p, spec.name)) assert.ok(canTake(spec.domain, p[spec.name]), `${spec.name} = ${p[spec.name]}`);
    }
    assert.equal(Object.hasOwn(p, 'forgetBias'), p.cell === 'lstm');
    assert.equal(Object.hasOwn(p, 'recurrentDropout'), (p.layers as number) >= 2);
    assert.equal(Object.hasOwn(p, 'dropoutMask'), p.recurrentDropout === 0.1 || p.recurrentDropout === 0.25);
  }
});

test('NaN counts as a failure (Infinity), and all-failed histories still give legal suggestions', () => {
  const nan = history(40).map((o) => (o.value === Infinity ? { ...o, value: NaN } : o));
  assert.deepEqual(suggestTpe(mixedSpace, 7, 40, nan), suggestTpe(mixedSpace, 7, 40, history(40)));
  const failed = history(40).map((o) => ({ ...o, value: Infinity }));
  const p = suggestTpe(mixedSpace, 7, 40, failed);
  assert.ok(canTake({ kind: 'float', low: 1e-4, high: 1e-1 }, p.learningRate));
});

test('options are checked', () => {
  const observations = history(12);
  assert.throws(() => suggestTpe(mixedSpace, 1, 12, observations, { gamma: 0 }), SearchArgumentError);
  assert.throws(() => suggestTpe(mixedSpace, 1, 12, observations, { candidates: 0 }), SearchArgumentError);
  assert.throws(() => suggestTpe(mixedSpace, 1, 12, observations, { startupTrials: -1 }), SearchArgumentError);
});
