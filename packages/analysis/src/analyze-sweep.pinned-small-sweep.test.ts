import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { pinnedSweepRows } from './pinned-sweep.js';

// Computed by the analysis before the issue 17 rewrite (docs/scale.md); regenerate only for a deliberate change of
// method, and say so in docs/statistics.md.
const PINNED = new URL('../fixtures/pinned-analysis.json', import.meta.url);

/**
 * Equal but for the last bits of a float: the rows themselves come from Math.pow and the RNG's Math.log / Math.cos,
 * whose last bit differs between V8 versions (Node 20 and Node 24 make rows 1 ulp apart). Strings, counts, orders
 * and verdicts must match exactly.
 */
function assertSame(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(1, Math.abs(expected), Math.abs(actual));
    assert.ok(Math.abs(actual - expected) <= 1e-12 * scale, `${path}: ${actual} vs pinned ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: length differs`);
    expected.forEach((item, index) => assertSame((actual as unknown[])[index], item, `${path}[${index}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys differ`);
    for (const [key, value] of Object.entries(expected))
      assertSame((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

test('a small sweep analyses to the pinned numbers of the code before the issue 17 rewrite (to 1e-12)', () => {
  const analysis = JSON.parse(JSON.stringify(analyzeSweep(pinnedSweepRows()))) as Record<string, unknown>;
  const pinned = JSON.parse(readFileSync(PINNED, 'utf8')) as Record<string, unknown>;
  // Every part pinned then; parts added to the analysis since are not this test's business.
  for (const [part, value] of Object.entries(pinned)) assertSame(analysis[part], value, part);
});

test('the pinned sweep exercises every part: trends with CIs, comparisons, frontiers and gradient slopes', () => {
  const analysis = analyzeSweep(pinnedSweepRows());
  assert.equal(analysis.trends.length, 6);
  assert.ok(analysis.trends.every((trend) => trend.trend.ci !== null && trend.trend.n >= 23));
  assert.ok(analysis.comparisons.length >= 24);
  assert.ok(analysis.frontiers.length > 0);
  assert.ok(analysis.gradientSlopes.length > 0);
});
