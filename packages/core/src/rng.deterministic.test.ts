import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, deriveSeed } from './rng.js';

test('the same seed replays the same stream; nearby seeds differ', () => {
  const draw = (seed: number): number[] => Array.from({ length: 5 }, createRng(seed).next);
  assert.deepEqual(draw(1), draw(1));
  assert.notDeepEqual(draw(1), draw(2));
});

test('uniform draws have mean ~1/2 and normals mean ~0, variance ~1', () => {
  const rng = createRng(42);
  const n = 20_000;
  const uniforms = Array.from({ length: n }, rng.next);
  const normals = Array.from({ length: n }, rng.normal);
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean(uniforms) - 0.5) < 0.01);
  assert.ok(uniforms.every((u) => u >= 0 && u < 1));
  assert.ok(Math.abs(mean(normals)) < 0.03);
  assert.ok(Math.abs(mean(normals.map((x) => x * x)) - 1) < 0.05);
});

test('shuffle is a seeded permutation', () => {
  const a = createRng(3).shuffle([...Array(50).keys()]);
  assert.deepEqual(createRng(3).shuffle([...Array(50).keys()]), a);
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    [...Array(50).keys()],
  );
  assert.notDeepEqual(a, [...Array(50).keys()]);
});

test('derived seeds are stable per purpose and differ between purposes', () => {
  assert.equal(deriveSeed(5, 'init'), deriveSeed(5, 'init'));
  assert.notEqual(deriveSeed(5, 'init'), deriveSeed(5, 'data'));
  assert.notEqual(deriveSeed(5, 'init'), deriveSeed(6, 'init'));
});
