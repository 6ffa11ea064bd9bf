/**
 * While trials finish at 50/s every request sees a new sweep version. A slow view (a 100,000-trial sweep's groups)
 * is then served as it was and recomputed at most once per `recomputeEveryMs`, not once per finished trial; a view
 * past that interval starts one recomputation and is served stale until it is done.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Store } from '@cellsweep/store';
import { SweepCache } from './sweep-cache.js';

// `memo` never touches the store (only `view`, `facets` and `learningCurves` read it).
const NO_STORE = null as unknown as Store;

function counting() {
  const started: string[] = [];
  return { started, compute: (version: string) => async () => (started.push(version), version) };
}

test('a slow view is served as it was while the interval runs, however many versions pass', async () => {
  // blockingMs -1: every finished computation counts as slow.
  const cache = new SweepCache(NO_STORE, { blockingMs: -1, recomputeEveryMs: 3_600_000 });
  const { started, compute } = counting();
  assert.equal(await cache.memo('view', 'v1', compute('v1')), 'v1');
  await new Promise((resolve) => setImmediate(resolve));
  for (const version of ['v2', 'v3', 'v4']) assert.equal(await cache.memo('view', version, compute(version)), 'v1');
  assert.deepEqual(started, ['v1']);
});

test('past the interval one recomputation starts, the old answer is served until it is done', async () => {
  const cache = new SweepCache(NO_STORE, { blockingMs: -1, recomputeEveryMs: 0 });
  const { started, compute } = counting();
  assert.equal(await cache.memo('view', 'v1', compute('v1')), 'v1');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await cache.memo('view', 'v2', compute('v2')), 'v1');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await cache.memo('view', 'v2', compute('v2')), 'v2');
  assert.deepEqual(started, ['v1', 'v2']);
});

test('a fast view is always current (recomputed for every version)', async () => {
  const cache = new SweepCache(NO_STORE, { blockingMs: 3_600_000, recomputeEveryMs: 3_600_000 });
  const { started, compute } = counting();
  for (const version of ['v1', 'v2', 'v3']) assert.equal(await cache.memo('view', version, compute(version)), version);
  assert.deepEqual(started, ['v1', 'v2', 'v3']);
});
