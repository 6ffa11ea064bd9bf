import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { pinnedSweepRows } from './pinned-sweep.js';

// Computed by the analysis before the issue 17 rewrite (docs/scale.md); regenerate only for a deliberate change of
// method, and say so in docs/statistics.md.
const PINNED = new URL('../fixtures/pinned-analysis.json', import.meta.url);

test('a small sweep analyses to exactly the pinned numbers of the code before the issue 17 rewrite', () => {
  const analysis = JSON.parse(JSON.stringify(analyzeSweep(pinnedSweepRows()))) as Record<string, unknown>;
  const pinned = JSON.parse(readFileSync(PINNED, 'utf8')) as Record<string, unknown>;
  // Every part pinned then, exactly; parts added to the analysis since are not this test's business.
  for (const [part, value] of Object.entries(pinned)) assert.deepEqual(analysis[part], value, part);
});

test('the pinned sweep exercises every part: trends with CIs, comparisons, frontiers and gradient slopes', () => {
  const analysis = analyzeSweep(pinnedSweepRows());
  assert.equal(analysis.trends.length, 6);
  assert.ok(analysis.trends.every((trend) => trend.trend.ci !== null && trend.trend.n >= 23));
  assert.ok(analysis.comparisons.length >= 24);
  assert.ok(analysis.frontiers.length > 0);
  assert.ok(analysis.gradientSlopes.length > 0);
});
