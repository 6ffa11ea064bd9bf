import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { contentHash, type TrialConfig } from '@cellsweep/core';
import { JobProducer } from '@cellsweep/queue';
import { choices, searchSpec, simulate, syntheticLoss, type FakeTrial } from '@cellsweep/search-driver/testing';
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';
import { reconcileSweep, type ReconcileDeps } from './reconcile.js';

const REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let database: TestDatabase;
let store: Store;
let producer: JobProducer;
const prefix = `test-${randomUUID()}`;

before(async () => {
  database = await createTestDatabase();
  store = await openStore({ databaseUrl: database.url });
  producer = await JobProducer.connect({ redisUrl: REDIS_URL, prefix });
});
after(async () => {
  for (const kind of ['trials', 'control'] as const) await producer.queue(kind).obliterate({ force: true });
  await producer.close();
  await store.close();
  await database.drop();
});

test('an ASHA + TPE sweep through the scheduler (Postgres + Redis) makes the same choices as the driver alone', async () => {
  const spec = searchSpec(
    `{ method: tpe, trials: 8, parallelism: 2, seed: 5, asha: { minEpochs: 1, reductionFactor: 3 }, fair: { finalSeeds: 2 }, space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }`,
  );
  const sweep = await store.upsertSweep({ name: `adaptive-${randomUUID()}`, spec, specHash: contentHash(spec) });
  const deps: ReconcileDeps = { store, producer, log: () => undefined };
  await reconcileSweep(deps, sweep);
  for (let pass = 0; pass < 200; pass++) {
    const open = await store.listTrials(sweep.id, { status: ['PENDING', 'RUNNING'] });
    if (open.length === 0) break;
    // A "worker": takes the lowest open trial (a different order than the simulation's), reports a synthetic result.
    const trial = open[pass % open.length];
    assert.ok(trial);
    const started = await store.startAttempt(trial.id, { backend: 'test' });
    const { valLoss, testLoss } = syntheticLoss(trial.config as unknown as TrialConfig);
    const epochsRun = (trial.config as unknown as TrialConfig).training.epochs;
    await store.completeTrials(
      new Map([[trial.id, { attempt: started.attempt, wallTimeMs: 1, epochsRun, valLoss, testLoss }]]),
    );
    // The reconcile pass (not the completion event) adds the next trials: what a restarted scheduler relies on.
    await reconcileSweep(deps, await store.getSweep(sweep.id));
  }
  const stored = await store.listTrials(sweep.id);
  assert.equal((await store.getSweep(sweep.id)).status, 'COMPLETED');
  const expected = simulate(spec, { orderSeed: 9 }).trials;
  const asFake = stored.map((trial) => ({ config: trial.config as unknown as TrialConfig }) as FakeTrial);
  assert.deepEqual(choices(asFake), choices(expected));
  // Exactly one job per trial, with the trial's id.
  const counts = await producer.counts('trials');
  assert.equal(
    Object.values(counts).reduce((sum, n) => sum + n, 0),
    stored.length,
  );
  assert.equal(
    stored.filter((trial) => (trial.config.search as { role?: string } | undefined)?.role === 'final').length,
    4,
  );
});
