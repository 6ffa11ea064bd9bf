/**
 * Benchmark (prints figures; not a test): expand and enqueue one big sweep the way the scheduler does, timing each
 * phase. Usage: node apps/scheduler/dist/bench/expand-enqueue.js [trials=100000]
 * Needs Postgres (CELLSWEEP_TEST_PG_ADMIN_URL, default local trust) and Redis (CELLSWEEP_TEST_REDIS_URL).
 */
import { randomUUID } from 'node:crypto';
import { contentHash, validateSweepSpec } from '@cellsweep/core';
import { JobProducer } from '@cellsweep/queue';
import { openStore } from '@cellsweep/store';
import { createTestDatabase } from '@cellsweep/store/testing';
import { reconcileSweep } from '../reconcile.js';
import { gridPolicy } from '../search-policy.js';

const trials = Number(process.argv[2] ?? 100_000);
const database = await createTestDatabase();
const store = await openStore({ databaseUrl: database.url });
const prefix = `bench-${randomUUID()}`;
const producer = await JobProducer.connect({ redisUrl: process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix });
try {
  const spec = validateSweepSpec({
    name: 'bench-expand',
    task: { dataset: 'adding', sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 },
    cells: ['rnn', 'lstm', 'gru'],
    hidden: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    seeds: Math.ceil(trials / 30),
    limits: { maxTrials: trials + 30 },
  });
  const sweep = await store.upsertSweep({ name: spec.name, spec, specHash: contentHash(spec) });
  let t = performance.now();
  const planned = gridPolicy.initialTrials(sweep, spec);
  console.log(`plan ${planned.length} trials: ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const report = await reconcileSweep({ store, producer, log: () => undefined }, sweep);
  const totalMs = performance.now() - t;
  const counts = await producer.counts('trials');
  console.log(`expand + insert + enqueue (scheduler pass): ${totalMs.toFixed(0)} ms for ${report.inserted} trials, ${report.enqueued} jobs`);
  console.log(`queue: ${JSON.stringify(counts)}`);
  console.log(`=> ${(report.enqueued / (totalMs / 1000)).toFixed(0)} trials/s expanded and enqueued`);
  t = performance.now();
  const again = await reconcileSweep({ store, producer, log: () => undefined }, await store.getSweep(sweep.id));
  console.log(`a second (steady-state) reconcile pass: ${(performance.now() - t).toFixed(0)} ms, ${again.enqueued} jobs added`);
} finally {
  await producer.queue('trials').obliterate({ force: true });
  await producer.close();
  await store.close();
  await database.drop();
}
