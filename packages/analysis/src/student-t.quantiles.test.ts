import assert from 'node:assert/strict';
import { test } from 'node:test';
import { studentTCdf, studentTQuantile } from './student-t.js';

// mpmath at 30 digits (scripts/statistics-fixtures.py). scipy 1.10's t.ppf itself is off by up to ~1e-9 here.
const T_975: [number, number][] = [
  [1, 12.706204736174694],
  [2, 4.302652729749462],
  [3, 3.1824463052837086],
  [4, 2.7764451051977934],
  [5, 2.5705818356363146],
  [7, 2.364624251592785],
  [9, 2.262157162798205],
  [11, 2.2009851600916392],
  [15, 2.131449545559775],
  [29, 2.045229642132704],
  [50, 2.0085591121007607],
  [100, 1.9839715185235518],
  [1_000, 1.962339080826408],
];

test('t quantiles match 30-digit references to 1e-13 relative', () => {
  for (const [df, expected] of T_975) {
    const got = studentTQuantile(0.975, df);
    assert.ok(Math.abs(got - expected) / expected < 1e-13, `t_0.975,${df} = ${got}, reference ${expected}`);
  }
  for (const [p, df, expected] of [
    [0.95, 4, 2.1318467863266495],
    [0.995, 3, 5.840909309733355],
    [0.9, 12, 1.3562173340232055],
  ] as const) {
    assert.ok(Math.abs(studentTQuantile(p, df) - expected) / expected < 1e-13);
    assert.ok(Math.abs(studentTQuantile(1 - p, df) + expected) / expected < 1e-13);
  }
  // Closed forms: ν = 1 is Cauchy, tan(π(p − 1/2)); ν = 2 is (2p − 1)/√(2p(1 − p)).
  assert.ok(Math.abs(studentTQuantile(0.975, 1) - Math.tan(0.475 * Math.PI)) < 1e-12);
  assert.ok(Math.abs(studentTQuantile(0.975, 2) - 0.95 / Math.sqrt(2 * 0.975 * 0.025)) < 1e-14);
});

test('CDF is symmetric, monotone, and refuses non-integer degrees of freedom', () => {
  assert.equal(studentTCdf(0, 7), 0.5);
  assert.ok(Math.abs(studentTCdf(-1.3, 7) + studentTCdf(1.3, 7) - 1) < 1e-15);
  let previous = 0;
  for (let t = -50; t <= 50; t += 0.25) {
    const p = studentTCdf(t, 4);
    assert.ok(p >= previous && p >= 0 && p <= 1);
    previous = p;
  }
  assert.throws(() => studentTQuantile(0.975, 2.5), /df/);
  assert.throws(() => studentTQuantile(1, 3), /probability/);
});
