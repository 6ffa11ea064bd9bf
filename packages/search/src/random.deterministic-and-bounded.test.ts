import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRandom } from './random.js';
import { mixedSpace } from './test-support.js';
import type { SearchSpace } from './types.js';

test('the same (space, seed, index) gives the same params; another seed or index different ones', () => {
  const a = sampleRandom(mixedSpace, 42, 7);
  assert.deepEqual(sampleRandom(mixedSpace, 42, 7), a);
  assert.notDeepEqual(sampleRandom(mixedSpace, 43, 7), a);
  assert.notDeepEqual(sampleRandom(mixedSpace, 42, 8), a);
  // Order of calls does not matter: suggestion 7 is the same whether or not 0..6 were drawn first.
  for (let k = 0; k < 7; k++) sampleRandom(mixedSpace, 42, k);
  assert.deepEqual(sampleRandom(mixedSpace, 42, 7), a);
});

test('adding a parameter does not change the values drawn for the others', () => {
  const extended: SearchSpace = [...mixedSpace, { name: 'clipNorm', domain: { kind: 'float', low: 0.1, high: 10 } }];
  for (let k = 0; k < 20; k++) {
    const { clipNorm, ...rest } = sampleRandom(extended, 5, k);
    assert.equal(typeof clipNorm, 'number');
    assert.deepEqual(rest, sampleRandom(mixedSpace, 5, k));
  }
});

test('ints, floats and log domains stay within their inclusive bounds, and int end points are reachable', () => {
  const space: SearchSpace = [
    { name: 'linearInt', domain: { kind: 'int', low: -2, high: 2 } },
    { name: 'logInt', domain: { kind: 'int', low: 1, high: 8, log: true } },
    { name: 'linearFloat', domain: { kind: 'float', low: -1.5, high: 2.5 } },
    { name: 'logFloat', domain: { kind: 'float', low: 1e-5, high: 1e-3, log: true } },
  ];
  const seen = { linearInt: new Set<number>(), logInt: new Set<number>() };
  for (let k = 0; k < 2_000; k++) {
    const p = sampleRandom(space, 3, k);
    const [li, gi, lf, gf] = [p.linearInt, p.logInt, p.linearFloat, p.logFloat] as number[];
    assert.ok(Number.isInteger(li) && li! >= -2 && li! <= 2, `linearInt ${li}`);
    assert.ok(Number.isInteger(gi) && gi! >= 1 && gi! <= 8, `logInt ${gi}`);
    assert.ok(lf! >= -1.5 && lf! <= 2.5, `linearFloat ${lf}`);
    assert.ok(gf! >= 1e-5 && gf! <= 1e-3, `logFloat ${gf}`);
    seen.linearInt.add(li!);
    seen.logInt.add(gi!);
  }
  assert.deepEqual(
    [...seen.linearInt].sort((a, b) => a - b),
    [-2, -1, 0, 1, 2],
  );
  assert.deepEqual(
    [...seen.logInt].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
});

test('a log int domain favours small values as log-uniform should', () => {
  // On [log 0.5, log 8.5] the cell of 1 is [log 0.5, log 1.5]: P = ln 3 / ln 17 = 0.388; the cell of 8 is
  // [log 7.5, log 8.5]: P = ln(17/15) / ln 17 = 0.0442.
  const space: SearchSpace = [{ name: 'n', domain: { kind: 'int', low: 1, high: 8, log: true } }];
  const draws = 5_000;
  let ones = 0;
  let eights = 0;
  for (let k = 0; k < draws; k++) {
    const n = sampleRandom(space, 11, k).n;
    if (n === 1) ones++;
    if (n === 8) eights++;
  }
  // Binomial sd: sqrt(0.388·0.612/5000) = 0.0069 and sqrt(0.0442·0.956/5000) = 0.0029; allow ~5 sd.
  assert.ok(Math.abs(ones / draws - Math.log(3) / Math.log(17)) < 0.035, `P(1) = ${ones / draws}`);
  assert.ok(Math.abs(eights / draws - Math.log(17 / 15) / Math.log(17)) < 0.015, `P(8) = ${eights / draws}`);
});
