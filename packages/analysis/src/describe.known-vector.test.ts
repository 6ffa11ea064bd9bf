import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extent, mean, median, quantile, sampleSd } from './describe.js';
import { summarise } from './summarise.js';

// x = [2, 4, 4, 4, 5, 5, 7, 9]: the textbook vector with population sd exactly 2.
// Worked by hand: sum = 40, mean = 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
// sample variance = 32/7, sample sd = sqrt(32/7) = 2.138089935299395; median = (4+5)/2 = 4.5.
const x = [2, 4, 4, 4, 5, 5, 7, 9];

test('mean, sample sd and median of a known vector', () => {
  assert.equal(mean(x), 5);
  assert.ok(Math.abs((sampleSd(x) as number) - Math.sqrt(32 / 7)) < 1e-15);
  assert.equal(median(x), 4.5);
  assert.equal(median([3, 1, 2]), 2);
  assert.deepEqual(extent(x), [2, 9]);
});

test('quantiles interpolate like R type 7 / numpy default', () => {
  // numpy.quantile([2,4,4,4,5,5,7,9], [0.25, 0.9]) = [4.0, 7.6]: h = 7·0.9 = 6.3 → 7 + 0.3·(9 − 7).
  assert.equal(quantile(x, 0.25), 4);
  assert.ok(Math.abs(quantile(x, 0.9) - 7.6) < 1e-12);
  assert.equal(quantile(x, 0), 2);
  assert.equal(quantile(x, 1), 9);
});

test('sd is null for one value; summarise says why the CI is missing at n = 1', () => {
  assert.equal(sampleSd([3]), null);
  const one = summarise([0.25]);
  assert.ok(one !== null);
  assert.equal(one.n, 1);
  assert.equal(one.ci, null);
  assert.match(one.ciNote ?? '', /n = 1/);
});

test('summarise leaves out diverged (non-finite) values and counts them; nulls are ignored', () => {
  const s = summarise([...x, NaN, Infinity, null]);
  assert.ok(s !== null);
  assert.equal(s.n, 8);
  assert.equal(s.nonFinite, 2);
  assert.equal(s.mean, 5);
  assert.equal(s.min, 2);
  assert.equal(s.max, 9);
  assert.equal(summarise([null, NaN]), null);
});
