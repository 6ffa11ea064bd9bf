/**
 * Benchmark (prints figures; not a test): expand and enqueue one big sweep the way the scheduler does, timing each
 * phase. Usage: node apps/scheduler/dist/bench/expand-enqueue.js [trials=100000] [runs=1] [--bullmq-addbulk]
 * `--bullmq-addbulk` enqueues through BullMQ's own `Queue.addBulk` (one script call per job) instead of the bulk
 * script, for a before/after ratio measured in the same conditions. Needs Postgres (CELLSWEEP_TEST_PG_ADMIN_URL,
 * default local trust) and Redis (CELLSWEEP_TEST_REDIS_URL).
 *
 * Besides wall times it prints CPU time: this process's, Redis's (INFO cpu) and every Postgres process's on this
 * host (/proc). Redis and Postgres are shared with whatever else runs, so their figures are upper bounds; on a busy
 * machine CPU time is steadier than wall time.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { contentHash, validateSweepSpec } from '@cellsweep/core';
import { JobProducer, jobOptions } from '@cellsweep/queue';
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase } from '@cellsweep/store/testing';
import { Redis } from 'ioredis';
import { reconcileSweep } from '../reconcile.js';
import { gridPolicy } from '../search-policy.js';

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const trials = Number(positional[0] ?? 100_000);
const runs = Number(positional[1] ?? 1);
const viaBullmq = process.argv.includes('--bullmq-addbulk');
const redisUrl = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Wall time during which at least one call of a kind was in flight. */
class Busy {
  private inFlight = 0;
  private since = 0;
  totalMs = 0;
  track<T>(promise: Promise<T>): Promise<T> {
    if (this.inFlight++ === 0) this.since = performance.now();
    return promise.finally(() => {
      if (--this.inFlight === 0) this.totalMs += performance.now() - this.since;
    });
  }
}

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

async function once(store: Store, producer: JobProducer, redis: Redis, run: number): Promise<void> {
  const spec = validateSweepSpec({
    name: `bench-expand-${run}`,
    task: { dataset: 'adding', sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 },
    cells: ['rnn', 'lstm', 'gru'],
    hidden: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
    seeds: Math.ceil(trials / 30),
    limits: { maxTrials: trials + 30 },
  });
  const sweep = await store.upsertSweep({ name: spec.name, spec, specHash: contentHash(spec) });
  let t = performance.now();
  const planned = gridPolicy.initialTrials(sweep, spec);
  const planMs = performance.now() - t;

  const inserting = new Busy();
  const enqueuing = new Busy();
  const timedStore: Store = {
    ...store,
    insertTrialsListingOpen: (id, rows) => inserting.track(store.insertTrialsListingOpen(id, rows)),
  };
  const queue = producer.queue('trials');
  const timedProducer = Object.create(producer) as JobProducer;
  timedProducer.addBulk = (name, jobs, chunkSize) =>
    enqueuing.track(
      viaBullmq
        ? (async () => {
            for (let start = 0; start < jobs.length; start += 2_000) {
              const chunk = jobs.slice(start, start + 2_000);
              await queue.addBulk(
                chunk.map((job) => ({ name, data: job.payload, opts: { ...jobOptions(name), jobId: job.jobId } })),
              );
            }
            return jobs.length;
          })()
        : producer.addBulk(name, jobs, chunkSize),
    );

  const [redis0, pg0, cpu0] = [await redisCpuMs(redis), postgresCpuMs(), process.cpuUsage()];
  t = performance.now();
  const report = await reconcileSweep({ store: timedStore, producer: timedProducer, log: () => undefined }, sweep);
  const totalMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const [redisMs, pgMs] = [(await redisCpuMs(redis)) - redis0, postgresCpuMs() - pg0];
  t = performance.now();
  const again = await reconcileSweep({ store, producer, log: () => undefined }, await store.getSweep(sweep.id));
  const steadyMs = performance.now() - t;
  const waiting = (await producer.counts('trials')).waiting ?? 0;

  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `run ${run + 1}: expand + insert + enqueue ${report.inserted} trials (${report.enqueued} jobs, ${waiting} waiting): ${s(totalMs)} ` +
      `= ${(report.enqueued / (totalMs / 1000)).toFixed(0)} trials/s${viaBullmq ? ' [BullMQ addBulk]' : ''}`,
  );
  console.log(
    `  planning alone ${s(planMs)} (${planned.length} trials); inserts in flight ${s(inserting.totalMs)}, enqueues in flight ${s(enqueuing.totalMs)}`,
  );
  console.log(
    `  CPU: scheduler ${s((cpu.user + cpu.system) / 1000)}, Redis ${s(redisMs)}, Postgres (all on this host) ${s(pgMs)}`,
  );
  console.log(`  a second (steady-state) reconcile pass: ${s(steadyMs)}, ${again.enqueued} jobs added`);
  await queue.obliterate({ force: true });
}

const database = await createTestDatabase();
const store = await openStore({ databaseUrl: database.url });
const producer = await JobProducer.connect({ redisUrl, prefix: `bench-${randomUUID()}` });
const redis = new Redis(redisUrl);
try {
  for (let run = 0; run < runs; run++) await once(store, producer, redis, run);
} finally {
  await producer.queue('trials').obliterate({ force: true });
  await producer.close();
  redis.disconnect();
  await store.close();
  await database.drop();
}
