import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { NORMAL_LEAD_CONSTANT, signFlipNormalMinPairs, signFlipTest } from './sign-flip.js';
import { SIGN_FLIP_NORMAL_FIXTURE } from './sign-flip.normal-fixture.js';

const B = 100_000;
const monteCarloSe = (p: number): number => Math.sqrt((p * (1 - p)) / B);

test('the threshold is the fixture’s lead constant times √B: 244 pairs at the default 100,000 patterns', () => {
  assert.ok(Math.abs(NORMAL_LEAD_CONSTANT - SIGN_FLIP_NORMAL_FIXTURE.leadConstant) < 5e-4);
  assert.equal(signFlipNormalMinPairs(B), 244);
});

test('above the threshold the normal approximation is within one Monte Carlo standard error of the exact p', () => {
  let normalCases = 0;
  for (const { name, d, exact, scipy } of SIGN_FLIP_NORMAL_FIXTURE.cases) {
    const result = signFlipTest(d);
    if (result.method !== 'normal') continue;
    normalCases++;
    // Exact (counted) and scipy's permutation_test (200,000 patterns) are two independent references.
    assert.ok(Math.abs(result.pValue - exact) < monteCarloSe(exact), `${name}: ${result.pValue} vs exact ${exact}`);
    const scipySe = Math.sqrt((exact * (1 - exact)) / 200_000);
    assert.ok(Math.abs(result.pValue - scipy) < 4 * (scipySe + monteCarloSe(exact)) + 1e-5, `${name}: vs scipy`);
    // And beside our own Monte Carlo on the same vector: the two agree within its noise.
    const mc = signFlipTest(d, { exactMaxN: 0, resamples: B, seed: 3, normalAbove: Number.POSITIVE_INFINITY });
    assert.equal(mc.method, 'monte-carlo');
    assert.ok(Math.abs(mc.pValue - result.pValue) < 4 * monteCarloSe(exact) + 2 / B, `${name}: vs Monte Carlo`);
  }
  assert.ok(normalCases >= 6, `${normalCases} fixture vectors took the normal approximation`);
});

test('a vector with enough pairs but one dominating share of Σd² keeps the Monte Carlo (the error guard)', () => {
  const noEffect = SIGN_FLIP_NORMAL_FIXTURE.cases.find((c) => c.name === 'normal, no effect');
  // 250 pairs, but 3(Σd²)²/Σd⁴ = 182 < 244: the normal curve's error could exceed the Monte Carlo's.
  assert.equal(signFlipTest(noEffect?.d ?? []).method, 'monte-carlo');
  const rng = createRng(4);
  const diverged = Array.from({ length: 400 }, (_, i) => rng.normal() + (i < 3 ? 40 : 0));
  assert.equal(signFlipTest(diverged).method, 'monte-carlo');
});

test('below 244 pairs nothing changes: a 243-pair test is the same Monte Carlo as with the approximation off', () => {
  const rng = createRng(9);
  const d = Array.from({ length: 243 }, () => 0.1 + rng.normal());
  const result = signFlipTest(d, { seed: 5 });
  assert.equal(result.method, 'monte-carlo');
  assert.deepEqual(result, signFlipTest(d, { seed: 5, normalAbove: Number.POSITIVE_INFINITY }));
});

test('the effective-pairs check is scale-free: differences of 1e-160 and 1e+100 decide as differences of 1 do', () => {
  const rng = createRng(11);
  const d = Array.from({ length: 600 }, () => 0.1 + rng.normal());
  const base = signFlipTest(d);
  assert.equal(base.method, 'normal');
  for (const scale of [1e-160, 1e100]) {
    const scaled = signFlipTest(d.map((x) => x * scale));
    assert.equal(scaled.method, 'normal');
    assert.ok(Math.abs(scaled.pValue - base.pValue) < 1e-12, `scale ${scale}`);
  }
});
