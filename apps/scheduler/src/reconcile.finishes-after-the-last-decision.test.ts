import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { contentHash, type TrialConfig } from '@cellsweep/core';
import { JobProducer } from '@cellsweep/queue';
import { searchSpec, syntheticLoss } from '@cellsweep/search-driver/testing';
import { openStore, type Store, type TrialRecord } from '@cellsweep/store';
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

/** What a worker does: start the trial's attempt and store a synthetic result. */
async function train(trial: TrialRecord): Promise<void> {
  const started = await store.startAttempt(trial.id, { backend: 'test' });
  const config = trial.config as unknown as TrialConfig;
  const { valLoss, testLoss } = syntheticLoss(config);
  const result = { attempt: started.attempt, wallTimeMs: 1, epochsRun: config.training.epochs, valLoss, testLoss };
  await store.completeTrials(new Map([[trial.id, result]]));
}

/**
 * The race behind search.distributed-matches-embedded's "2 !== 6": a pass read the stored trials for the search
 * policy while the last open trial was still RUNNING (so the driver could add nothing yet), the trial finished, and
 * the same pass's finish check then saw no open trial and marked the sweep COMPLETED with 4 of its 6 suggestions
 * never made. Completion events only follow RUNNING sweeps, so nothing ever made them. Here a worker finishes the
 * trial at exactly that moment: right after the policy's read.
 */
test('an adaptive sweep is not finished by a pass whose policy read was older than its finish check', async () => {
  const spec = searchSpec(
    '{ method: random, trials: 3, parallelism: 1, seed: 2, space: { training.learningRate: { float: [0.0001, 0.3], log: true } } }',
  );
  const sweep = await store.upsertSweep({ name: `race-${randomUUID()}`, spec, specHash: contentHash(spec) });
  await reconcileSweep({ store, producer, log: () => undefined }, sweep);
  const [first] = await store.listTrials(sweep.id);
  assert.ok(first);
  await store.startAttempt(first.id, { backend: 'test' });

  let finishedMeanwhile = false;
  const racing: Store = {
    ...store,
    listTrials: async (sweepId, filter) => {
      const rows = await store.listTrials(sweepId, filter);
      if (filter === undefined && !finishedMeanwhile) {
        finishedMeanwhile = true;
        const running = await store.getTrial(first.id);
        const { valLoss, testLoss } = syntheticLoss(running.config as unknown as TrialConfig);
        const result = { attempt: running.attempt, wallTimeMs: 1, epochsRun: 9, valLoss, testLoss };
        await store.completeTrials(new Map([[first.id, result]]));
      }
      return rows;
    },
  };
  const deps: ReconcileDeps = { store: racing, producer, log: () => undefined };
  await reconcileSweep(deps, await store.getSweep(sweep.id));
  assert.ok(finishedMeanwhile, 'the policy read the stored trials');
  assert.equal((await store.getSweep(sweep.id)).status, 'RUNNING', 'suggestions 1 and 2 are still to be made');

  // The next passes make them, and only then is the sweep finished.
  for (let pass = 0; pass < 20; pass++) {
    await reconcileSweep({ store, producer, log: () => undefined }, await store.getSweep(sweep.id));
    const open = await store.listTrials(sweep.id, { status: ['PENDING'] });
    if (open.length === 0) break;
    for (const trial of open) await train(trial);
  }
  const trials = await store.listTrials(sweep.id);
  assert.deepEqual(trials.map((t) => (t.config.search as { index: number }).index).sort(), [0, 1, 2]);
  assert.equal((await store.getSweep(sweep.id)).status, 'COMPLETED');
});
