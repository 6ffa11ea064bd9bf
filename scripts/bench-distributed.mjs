// Benchmarks of the distributed mode (print figures; not tests). Build first (`npm run build`).
//   node scripts/bench-distributed.mjs scaling [workers...]   trials/min of one fixed sweep, 1, 2, 4 worker processes
//   node scripts/bench-distributed.mjs overhead [trials] [workers=2] [concurrency=100]
//                                                             no-op trainer: dispatches/s, per-trial overhead and CPU
//   node scripts/bench-distributed.mjs takeover [runs] [--defaults]
//                                                             time from SIGKILL of a worker to its trial running again,
//                                                             with the fault tests' 1 s lock or the worker's defaults
//   node scripts/bench-distributed.mjs redis-load [slots=4] [epochMs=1000]
//                                                             Redis commands per training slot per second while trials
//                                                             train (simulated epochs), counted with MONITOR
//   node apps/scheduler/dist/bench/expand-enqueue.js [trials] expand + enqueue one big sweep (default 100,000)
// Each run gets its own Postgres database and BullMQ prefix (see apps/worker/src/system/cluster.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { FAST_FAULTS, startCluster, waitFor, waitForSweepEnd } from '../apps/worker/dist/system/cluster.js';

const [mode = 'scaling', ...args] = process.argv.slice(2);

const SCALING_SPEC = [
  'name: bench-scaling',
  'task: { dataset: adding, sequenceLength: 30, trainSize: 8192, validationSize: 256, testSize: 256 }',
  'cells: [rnn, lstm, gru]',
  'hidden: 32',
  'training: { epochs: 4, batchSize: 64 }',
  // 48 trials of ~0.8 s in 4 epochs of ~0.2 s with the fused wasm kernel. Each epoch costs the worker's main thread
  // a store write of the epoch row and checkpoint (~10 ms of CPU as Prisma interactive transactions, before they
  // became single statements): at 3 epochs of 2,048 samples
  // (~0.2 s per trial) or 15 (~50 ms per epoch) one worker process used ~1.2 cores, so two oversubscribed this 2-core
  // host and the ratio measured the store, not training. Enough trials that start-up and the last straggler don't.
  'seeds: 16',
].join('\n');

/** CPU ms (user + system) a process has used so far, from /proc; 0 once it is gone. */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ = 100
  } catch {
    return 0;
  }
}

/** CPU ms of every Postgres process on this host (shared with anything else running: an upper bound). */
function postgresCpuMs() {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) total += processCpuMs(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function redisCpuMs(redis) {
  const info = await redis.info('cpu');
  const field = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

async function ready(service) {
  await waitFor(`${service.name} ready`, async () => service.output().includes('ready'), 120_000);
}

async function scaling(counts) {
  for (const workers of counts) {
    const cluster = await startCluster({
      env: { CELLSWEEP_TRAINER: 'tfjs', CELLSWEEP_WORKER_CONCURRENCY: '1', CELLSWEEP_RECONCILE_INTERVAL_MS: '500' },
    });
    try {
      const scheduler = cluster.startScheduler();
      const pool = Array.from({ length: workers }, (_, i) => cluster.startWorker(`w${i}`));
      await Promise.all([scheduler, ...pool].map(ready));
      const startedAt = performance.now();
      const submitted = await cluster.cli(['submit', cluster.writeSpec('s.yaml', SCALING_SPEC)]);
      if (submitted.code !== 0) throw new Error(submitted.stderr);
      await waitForSweepEnd(cluster, 'bench-scaling', 600_000);
      const sweep = await cluster.store.getSweep('bench-scaling');
      const trials = await cluster.store.listTrials(sweep.id);
      // From the first trial's start to the last trial's result (the CLI's own start-up is not the workers' speed).
      const first = Math.min(...trials.map((t) => t.startedAt?.getTime() ?? Infinity));
      const last = Math.max(...trials.map((t) => t.finishedAt?.getTime() ?? 0));
      const minutes = (last - first) / 60_000;
      void startedAt;
      const trainMs = trials.reduce((sum, t) => sum + (t.wallTimeMs ?? 0), 0);
      console.log(
        `${workers} worker process(es): ${trials.length} trials in ${(minutes * 60).toFixed(1)} s = ${(trials.length / minutes).toFixed(1)} trials/min ` +
          `(mean trial wall time ${(trainMs / trials.length).toFixed(0)} ms, backend ${trials[0]?.backend})`,
      );
    } finally {
      await cluster.stop();
    }
  }
}

async function overhead(trials, workers = 2, concurrency = 100) {
  const cluster = await startCluster({
    // The scheduler's default reconcile interval (15 s), as deployed: finishing and follow-ups ride on queue events.
    // CELLSWEEP_RECONCILE_INTERVAL_MS=1000 reproduces the figures measured before 2026-11-27 13:00 (a pass a second).
    env: {
      CELLSWEEP_TRAINER: 'noop',
      CELLSWEEP_WORKER_CONCURRENCY: String(concurrency),
      ...(process.env.CELLSWEEP_RECONCILE_INTERVAL_MS
        ? { CELLSWEEP_RECONCILE_INTERVAL_MS: process.env.CELLSWEEP_RECONCILE_INTERVAL_MS }
        : {}),
    },
  });
  try {
    const scheduler = cluster.startScheduler();
    const pool = Array.from({ length: workers }, (_, i) => cluster.startWorker(`w${i}`));
    await Promise.all([scheduler, ...pool].map(ready));
    const spec = [
      'name: bench-overhead',
      'task: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }',
      'cells: [rnn, lstm, gru]',
      'hidden: 4',
      'training: { epochs: 1 }',
      `seeds: ${Math.ceil(trials / 3)}`,
      `limits: { maxTrials: ${trials + 3} }`,
    ].join('\n');
    const redis = new Redis(cluster.redisUrl);
    const services = [scheduler, ...pool];
    const cpuBefore = services.map((service) => processCpuMs(service.child.pid));
    const [redisBefore, postgresBefore] = [await redisCpuMs(redis), postgresCpuMs()];
    const startedAt = performance.now();
    const submitted = await cluster.cli(['submit', cluster.writeSpec('s.yaml', spec)]);
    if (submitted.code !== 0) throw new Error(submitted.stderr);
    const sweep = await waitFor(
      'the sweep',
      () => cluster.store.findSweep('bench-overhead').then((s) => s ?? undefined),
      60_000,
    );
    await waitFor('enqueued', async () => (await cluster.store.getSweep(sweep.id)).status !== 'PENDING', 120_000);
    const enqueuedAt = performance.now();
    await waitForSweepEnd(cluster, 'bench-overhead', 600_000);
    const doneAt = performance.now();
    const cpuMs = services.map((service, i) => processCpuMs(service.child.pid) - (cpuBefore[i] ?? 0));
    const [redisMs, postgresMs] = [(await redisCpuMs(redis)) - redisBefore, postgresCpuMs() - postgresBefore];
    redis.disconnect();
    const n = (await cluster.store.countTrialStatuses(sweep.id)).COMPLETED;
    const drainS = (doneAt - enqueuedAt) / 1000;
    // Workers start on the first chunk while later ones are still being enqueued, so the rate after enqueueing
    // flatters; the store's own timestamps give the dispatch rate from the first start to the last result.
    const trialRows = await cluster.store.listTrials(sweep.id);
    const firstStart = Math.min(...trialRows.map((t) => t.startedAt?.getTime() ?? Infinity));
    const lastFinish = Math.max(...trialRows.map((t) => t.finishedAt?.getTime() ?? 0));
    const dispatchS = (lastFinish - firstStart) / 1000;
    console.log(`no-op trainer, ${workers} worker processes x concurrency ${concurrency}, ${n} trials:`);
    console.log(
      `  submit -> all results in Postgres: ${((doneAt - startedAt) / 1000).toFixed(1)} s (${(n / ((doneAt - startedAt) / 1000)).toFixed(0)} trials/s incl. expansion)`,
    );
    console.log(
      `  from enqueued to done: ${drainS.toFixed(1)} s = ${(n / drainS).toFixed(0)} dispatches/s (scheduler -> BullMQ -> worker -> Postgres)`,
    );
    console.log(
      `  first start -> last result (store timestamps): ${dispatchS.toFixed(1)} s = ${(n / dispatchS).toFixed(0)} trials/s`,
    );
    console.log(
      `  per-trial overhead: ${((dispatchS * 1000) / n).toFixed(2)} ms of wall time per trial (amortised over ${workers * concurrency} in flight)`,
    );
    // CPU per trial does not depend on what else runs on the machine the way wall time does; the cores it needs
    // bound the rate: 2 cores / (CPU ms per trial) is the best this machine could do with nothing else running.
    const perTrial = (ms) => (ms / n).toFixed(3);
    const totalMs = cpuMs.reduce((sum, ms) => sum + ms, 0) + redisMs + postgresMs;
    console.log(
      `  CPU per trial: scheduler ${perTrial(cpuMs[0])} ms, workers ${cpuMs.slice(1).map(perTrial).join(' + ')} ms, Redis ${perTrial(redisMs)} ms, ` +
        `Postgres ${perTrial(postgresMs)} ms (all of this host's) = ${perTrial(totalMs)} ms => at most ${((2 * 1000 * n) / totalMs).toFixed(0)} trials/s on 2 idle cores`,
    );
  } finally {
    await cluster.stop();
  }
}

async function takeover(runs, defaults) {
  const env = { ...FAST_FAULTS, CELLSWEEP_SIMULATED_EPOCH_MS: '500' };
  if (defaults) {
    delete env.CELLSWEEP_LOCK_DURATION_MS;
    delete env.CELLSWEEP_STALLED_INTERVAL_MS;
  }
  const { DEFAULT_LOCK_DURATION_MS, DEFAULT_STALLED_INTERVAL_MS } = await import('../apps/worker/dist/env.js');
  const lockMs = env.CELLSWEEP_LOCK_DURATION_MS ?? DEFAULT_LOCK_DURATION_MS;
  const stalledMs = env.CELLSWEEP_STALLED_INTERVAL_MS ?? DEFAULT_STALLED_INTERVAL_MS;
  const cluster = await startCluster({ env });
  try {
    cluster.startScheduler();
    const spare = cluster.startWorker('spare');
    await ready(spare);
    const gaps = [];
    for (let i = 0; i < runs; i++) {
      spare.child.kill('SIGSTOP'); // paused, so the victim gets the trial; resumed at the moment of the kill
      const name = `bench-takeover-${i}`;
      const spec = `name: ${name}\ntask: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }\ncells: [lstm]\nhidden: 4\ntraining: { epochs: 40 }\nseeds: 1`;
      const submitted = await cluster.cli(['submit', cluster.writeSpec(`${name}.yaml`, spec)]);
      if (submitted.code !== 0) throw new Error(submitted.stderr);
      const victim = cluster.startWorker(`victim-${i}`);
      const sweep = await waitFor('the sweep', () => cluster.store.findSweep(name).then((s) => s ?? undefined));
      const trial = await waitFor(
        'a running trial',
        async () => {
          const [t] = await cluster.store.listTrials(sweep.id, { status: 'RUNNING' });
          return t && (await cluster.store.listEpochs(t.id)).length >= 1 ? t : undefined;
        },
        120_000,
      );
      victim.child.kill('SIGKILL');
      const killedAt = Date.now();
      spare.child.kill('SIGCONT');
      const again = await waitFor(
        'the trial running again',
        async () => {
          const t = await cluster.store.getTrial(trial.id);
          return t.attempt > trial.attempt && t.status === 'RUNNING' ? t : undefined;
        },
        120_000,
      );
      gaps.push((again.startedAt?.getTime() ?? Date.now()) - killedAt);
      await cluster.store.cancelSweep(sweep.id);
      await waitFor(
        'the spare to let go',
        async () =>
          spare.output().includes(`refused: attempt ${again.attempt} no longer owns`) ||
          spare.output().split('refused').length > i + 1,
        30_000,
      );
    }
    gaps.sort((a, b) => a - b);
    const middle = gaps.length / 2;
    const median = gaps.length % 2 ? gaps[Math.floor(middle)] : (gaps[middle - 1] + gaps[middle]) / 2;
    console.log(
      `SIGKILL -> trial running again (lockDuration ${lockMs} ms, stalledInterval ${stalledMs} ms): ` +
        `median ${(median / 1000).toFixed(1)} s, min ${(gaps[0] / 1000).toFixed(1)} s, ` +
        `max ${(gaps.at(-1) / 1000).toFixed(1)} s over ${gaps.length} kills; ` +
        `each: ${gaps.map((gap) => (gap / 1000).toFixed(1)).join(' ')} s; ` +
        'expect at most lockDuration + 2 × stalledInterval',
    );
  } finally {
    await cluster.stop();
  }
}

if (mode === 'scaling') await scaling(args.length ? args.map(Number) : [1, 2, 4]);
else if (mode === 'overhead') await overhead(Number(args[0] ?? 20_000), Number(args[1] ?? 2), Number(args[2] ?? 100));
else if (mode === 'takeover') {
  const defaults = args.includes('--defaults');
  const counts = args.filter((arg) => arg !== '--defaults');
  await takeover(Number(counts[0] ?? 5), defaults);
} else if (mode === 'redis-load') await redisLoad(Number(args[0] ?? 4), Number(args[1] ?? 1000));
else throw new Error(`unknown mode ${mode}`);

/**
 * Issue 17's Redis input for the 100-worker estimate: one worker with `slots` training slots trains 3 × slots
 * simulated trials of 10 epochs of `epochMs` with the worker's defaults (lock, progress throttle, checkpoint cadence);
 * MONITOR counts this run's commands (its key prefix appears in each), script calls (EVALSHA) and the commands
 * those scripts ran. The Redis is shared: only commands naming this run's prefix are counted.
 */
async function redisLoad(slots, epochMs) {
  const epochs = 10;
  const spec = [
    'name: bench-redis',
    'task: { dataset: adding, sequenceLength: 10, trainSize: 64, validationSize: 32, testSize: 32 }',
    'cells: [gru]',
    'hidden: 4',
    `training: { epochs: ${epochs} }`,
    `seeds: ${3 * slots}`,
  ].join('\n');
  const cluster = await startCluster({
    env: {
      CELLSWEEP_TRAINER: 'simulated',
      CELLSWEEP_SIMULATED_EPOCH_MS: String(epochMs),
      CELLSWEEP_WORKER_CONCURRENCY: String(slots),
    },
  });
  const redis = new Redis(cluster.redisUrl);
  const monitor = await redis.monitor();
  const counts = { calls: 0, inScripts: 0, all: 0 };
  let counting = false;
  monitor.on('monitor', (_time, args, source) => {
    if (!counting || !args.some((arg) => String(arg).includes(cluster.prefix))) return;
    counts.all++;
    if (String(source).startsWith('lua')) counts.inScripts++;
    else if (/^evalsha|^eval$|^fcall/i.test(String(args[0]))) counts.calls++;
  });
  try {
    const scheduler = cluster.startScheduler();
    const worker = cluster.startWorker('w0');
    await Promise.all([scheduler, worker].map(ready));
    counting = true;
    const startedAt = performance.now();
    const submitted = await cluster.cli(['submit', cluster.writeSpec('s.yaml', spec)]);
    if (submitted.code !== 0) throw new Error(submitted.stderr);
    await waitForSweepEnd(cluster, 'bench-redis', 600_000);
    counting = false;
    const seconds = (performance.now() - startedAt) / 1000;
    const slotSeconds = slots * seconds;
    console.log(
      `${3 * slots} trials x ${epochs} epochs of ${epochMs} ms on ${slots} slots in ${seconds.toFixed(1)} s: ` +
        `${counts.all} commands naming the prefix ` +
        `(${counts.calls} script calls, ${counts.inScripts} run inside scripts)`,
    );
    console.log(
      `per slot-second: ${(counts.all / slotSeconds).toFixed(2)} commands, ` +
        `${(counts.calls / slotSeconds).toFixed(2)} ` +
        `script calls; x 100 slots: ${((100 * counts.all) / slotSeconds).toFixed(0)} commands/s, ` +
        `${((100 * counts.calls) / slotSeconds).toFixed(0)} script calls/s (includes submit, scheduling and start-up)`,
    );
  } finally {
    monitor.disconnect();
    redis.disconnect();
    await cluster.stop();
  }
}
