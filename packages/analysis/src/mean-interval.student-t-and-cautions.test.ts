import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intervalCaution, sampleSkewness, studentTMeanCi } from './mean-interval.js';
import { pairedTest } from './paired.js';
import { summarise } from './summarise.js';

const close = (got: number, expected: number, tolerance = 1e-13): void =>
  assert.ok(Math.abs(got - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${got} vs ${expected}`);

test('the CI of a mean is scipy.stats.t.interval, labelled student-t, and silent when nothing is wrong', () => {
  // scipy.stats.t.interval(0.95, 4, loc=mean, scale=sem) = (0.28609677106109593, 0.3459032289389041).
  const summary = summarise([0.31, 0.29, 0.35, 0.3, 0.33]);
  assert.ok(summary?.ci);
  close(summary.ci[0], 0.28609677106109593);
  close(summary.ci[1], 0.3459032289389041);
  assert.equal(summary.ciMethod, 'student-t');
  assert.equal(summary.ciCaution, null);
  // scipy.stats.skew(bias=False) = 0.6013638196305262: below 2 standard errors (1.83 at n = 5), so no caution.
  close(sampleSkewness([0.31, 0.29, 0.35, 0.3, 0.33]) as number, 0.6013638196305262);
});

test('a skewed group and a small group carry a caution; a constant group a zero-width interval', () => {
  const skewed = [1, 1.2, 0.9, 1.1, 1, 1.05, 0.95, 3];
  // scipy: skew(bias=False) = 2.7335301108748307 > 2 · 0.75; t.interval = (0.6872316789679854, 1.8627683210320143).
  close(sampleSkewness(skewed) as number, 2.7335301108748307);
  const ci = studentTMeanCi(skewed) as readonly [number, number];
  // 1e-9: scipy 1.10's t.ppf(0.975, 7) is itself 2.5e-10 off (scripts/statistics-fixtures.py).
  close(ci[0], 0.6872316789679854, 1e-9);
  close(ci[1], 1.8627683210320143, 1e-9);
  assert.match(intervalCaution(skewed) ?? '', /skewed \(sample skewness 2\.73 over 8 values\)/);
  assert.match(summarise([0.3, 0.31, 0.35, 0.29])?.ciCaution ?? '', /only 4 values/);
  assert.deepEqual(studentTMeanCi([2, 2, 2]), [2, 2]);
  assert.equal(studentTMeanCi([2]), null);
});

test('paired differences get the same interval and caution as their mean', () => {
  const a = [0.41, 0.38, 0.45, 0.4, 0.43];
  const b = [0.1, 0.09, 0.1, 0.1, 0.1];
  const pairs = a.map((value, seed) => ({ seed, a: value, b: b[seed] as number }));
  const test = pairedTest({ a: 'lstm', b: 'gru', metric: 'testLoss', pairs });
  assert.deepEqual(test.ci, studentTMeanCi(a.map((value, i) => value - (b[i] as number))));
  assert.equal(test.ciMethod, 'student-t');
  assert.equal(test.ciCaution, null);
  const three = pairedTest({ a: 'lstm', b: 'gru', metric: 'testLoss', pairs: pairs.slice(0, 3) });
  assert.match(three.ciCaution ?? '', /only 3 pairs/);
});
