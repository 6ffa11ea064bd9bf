import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ashaPromotes, ashaRungs } from './asha.js';
import { SearchArgumentError } from './errors.js';

test('rungs are minEpochs·η^k ending at maxEpochs', () => {
  assert.deepEqual(ashaRungs(1, 27, 3), [1, 3, 9, 27]);
  assert.deepEqual(ashaRungs(1, 81, 3), [1, 3, 9, 27, 81]);
  assert.deepEqual(ashaRungs(1, 16, 2), [1, 2, 4, 8, 16]);
  assert.deepEqual(ashaRungs(3, 30, 3), [3, 9, 30]); // 27 is within √3 of 30: dropped
  assert.deepEqual(ashaRungs(1, 50, 3), [1, 3, 9, 27, 50]); // 27·√3 = 46.8 < 50: kept
  assert.deepEqual(ashaRungs(5, 5, 3), [5]);
  assert.deepEqual(ashaRungs(1, 2, 3), [1, 2]); // minEpochs always stays a rung
});

test('a last geometric rung within √η of maxEpochs is dropped: (2, 20, 3) is [2, 6, 20], not [2, 6, 18, 20]', () => {
  assert.deepEqual(ashaRungs(2, 20, 3), [2, 6, 20]);
  assert.deepEqual(ashaRungs(1, 10, 3), [1, 3, 10]);
  assert.deepEqual(ashaRungs(1, 100, 4), [1, 4, 16, 100]); // 64·2 = 128 > 100
});

test('rung arguments are checked', () => {
  assert.throws(() => ashaRungs(0, 10, 3), SearchArgumentError);
  assert.throws(() => ashaRungs(4, 3, 3), SearchArgumentError);
  assert.throws(() => ashaRungs(1, 10, 1), SearchArgumentError);
  assert.throws(() => ashaPromotes({ index: 0, value: 1 }, [], 0.5), SearchArgumentError);
});

test('the first trial is always promoted; trial 1 only if it beats trial 0 (top max(1, floor(n/η)))', () => {
  assert.equal(ashaPromotes({ index: 0, value: 9.9 }, [], 3), true);
  assert.equal(ashaPromotes({ index: 1, value: 0.3 }, [{ index: 0, value: 0.4 }], 3), true);
  assert.equal(ashaPromotes({ index: 1, value: 0.5 }, [{ index: 0, value: 0.4 }], 3), false);
  // A tie goes to the lower index.
  assert.equal(ashaPromotes({ index: 1, value: 0.4 }, [{ index: 0, value: 0.4 }], 3), false);
  assert.equal(ashaPromotes({ index: 0, value: 0.4 }, [{ index: 1, value: 0.4 }], 3), true);
});

test('η = 3 with six results: the top floor(6/3) = 2 are promoted', () => {
  const peers = [0.5, 0.3, 0.9, 0.7, 0.4].map((value, index) => ({ index, value }));
  // 0.35 is beaten only by 0.3 (rank 2 of 6): promoted. 0.45 is beaten by 0.3 and 0.4 (rank 3): stopped.
  assert.equal(ashaPromotes({ index: 5, value: 0.35 }, peers, 3), true);
  assert.equal(ashaPromotes({ index: 5, value: 0.45 }, peers, 3), false);
  // With two more peers (n = 8, still 2 slots) nothing changes; at n = 9 a third slot opens.
  const eight = [...peers, { index: 5, value: 0.8 }, { index: 6, value: 0.6 }];
  assert.equal(ashaPromotes({ index: 7, value: 0.45 }, eight.slice(0, 7), 3), false);
  assert.equal(ashaPromotes({ index: 8, value: 0.45 }, [...eight, { index: 7, value: 0.95 }], 3), true);
  // η = 4 with n = 8: 2 slots.
  assert.equal(ashaPromotes({ index: 7, value: 0.35 }, eight.slice(0, 7), 4), true);
});

test('failed results never promote and rank below every finite one', () => {
  assert.equal(ashaPromotes({ index: 0, value: Infinity }, [], 3), false);
  assert.equal(ashaPromotes({ index: 0, value: NaN }, [], 3), false);
  const failedPeers = [Infinity, NaN, Infinity].map((value, index) => ({ index, value }));
  assert.equal(ashaPromotes({ index: 3, value: 123 }, failedPeers, 3), true);
});
