// Dashboard under load (prints figures; not a test). Build first (`npm run build`).
//   node scripts/bench-dashboard-load.mjs [embedded|postgres|both] [--concurrency 200] [--seconds 10] [--trials 1000]
// For each store: seeds one sweep (`--trials` trials, 3 cells, 10 epoch rows each with a 30-step gradient-norm curve,
// 95% completed) and 20 small sweeps, starts the real `cellsweep dashboard` as its own process, then keeps
// `--concurrency` requests in flight for `--seconds` against the sweep page's endpoints in turn: once right after
// start-up (cold: no caches, the analysis worker starts) and once more (warm). Prints count, rate, errors and
// latency quantiles (nearest rank) of each run, and the dashboard's CPU time per request (the load average of a
// shared machine moves latencies a lot; CPU per request much less). The load comes from this process over loopback,
// on the same cores.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../packages/store/dist/index.js';
import { mulberry32, startDashboard } from './lib/bench.mjs';
import { createTempDir, createTestDatabase } from '../packages/store/dist/test-support.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const which = args.find((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg)) ?? 'both';
const CONCURRENCY = option('concurrency', 200);
const SECONDS = option('seconds', 10);
const TRIALS = option('trials', 1_000);
const EPOCHS = 10;
const STEPS = 30;
const CELLS = ['rnn', 'lstm', 'gru'];
const BUDGETS = [1_000, 2_000, 4_000, 8_000, 16_000];
const TOKEN = randomBytes(24).toString('base64url');

// Node's fetch opens as many connections to one origin as requests are in flight (no per-origin pool cap), so
// `--concurrency` requests in flight are that many connections, like as many clients.

async function seed(store) {
  const rand = mulberry32(42);
  const spec = { name: 'load', task: { dataset: 'adding' } };
  const sweep = await store.upsertSweep({ name: 'load', spec, specHash: 'load' });
  const trials = Array.from({ length: TRIALS }, (_, ordinal) => {
    const cell = CELLS[ordinal % CELLS.length];
    const budget = BUDGETS[Math.floor(ordinal / CELLS.length) % BUDGETS.length];
    const learningRate = [0.01, 0.003][Math.floor(ordinal / (CELLS.length * BUDGETS.length)) % 2];
    const seedValue = Math.floor(ordinal / (CELLS.length * BUDGETS.length * 2));
    return {
      configKey: `${cell}-${budget}-${learningRate}-${seedValue}`,
      ordinal,
      cell,
      hidden: Math.round(Math.sqrt(budget)),
      layers: 1,
      paramBudget: budget,
      paramCount: budget,
      seed: seedValue,
      config: {
        task: { dataset: 'adding', sequenceLength: STEPS },
        cell,
        size: { kind: 'budget', paramBudget: budget },
        layers: 1,
        training: { epochs: EPOCHS, batchSize: 32, optimizer: 'adam', learningRate },
        seed: seedValue,
      },
    };
  });
  await store.insertTrials(sweep.id, trials);
  const states = await store.listTrialStates(sweep.id);
  const finishing = states.filter((trial) => trial.ordinal % 20 !== 19).map((trial) => trial.id);
  const attempts = await store.startAttempts(finishing, { backend: 'wasm' });
  const results = new Map();
  for (const id of finishing) {
    const attempt = attempts.get(id).attempt;
    const rate = 0.6 + 0.35 * rand();
    const norms = Array.from({ length: STEPS }, (_, t) => 0.3 * rate ** (STEPS - 1 - t));
    for (let epoch = 1; epoch <= EPOCHS; epoch++) {
      const trainLoss = 0.2 / epoch + 0.02 * rand();
      await store.recordAttemptEpoch(id, attempt, {
        epoch,
        trainLoss,
        valLoss: trainLoss * 1.1,
        samplesPerSec: 700,
        epochTimeMs: 40,
        gradientNorms: norms,
        gradientReach: 5,
        gradientSlope: Math.log(rate),
      });
    }
    const valLoss = 0.02 + 0.05 * rand();
    results.set(id, {
      attempt,
      wallTimeMs: 400,
      epochsRun: EPOCHS,
      bestEpoch: EPOCHS,
      trainLoss: valLoss * 0.9,
      valLoss,
      testLoss: valLoss * 1.05,
      generalizationGap: valLoss * 0.15,
      metricName: 'mse',
      valMetric: valLoss,
      testMetric: valLoss,
      initialGradientSlope: Math.log(0.8),
      gradientSlope: Math.log(rate),
      gradientReach: 5,
      initialGradientReach: 4,
    });
  }
  await store.completeTrials(results);
  for (let i = 0; i < 20; i++) {
    await store.upsertSweep({ name: `small-${i}`, spec: { task: { dataset: 'copy' } }, specHash: `s${i}` });
  }
  return { sweepId: sweep.id, trialId: finishing[0] };
}

/** CPU ms (user + system) the dashboard process has used so far, from /proc (USER_HZ = 100). */
function processCpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function load(base, paths, pid) {
  const cpuBeforeMs = processCpuMs(pid);
  const loadBefore = loadavg()[0];
  const latencies = [];
  const byPath = new Map(paths.map((path) => [path, []]));
  const errors = new Map();
  let next = 0;
  const endAt = performance.now() + SECONDS * 1_000;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < endAt) {
      const path = paths[next++ % paths.length];
      const t0 = performance.now();
      try {
        const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
        await response.arrayBuffer();
        if (response.status !== 200) errors.set(`${response.status}`, (errors.get(`${response.status}`) ?? 0) + 1);
      } catch (error) {
        const key = error.cause?.code ?? error.name;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      latencies.push(performance.now() - t0);
      byPath.get(path).push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const elapsedS = (performance.now() - started) / 1_000;
  latencies.sort((a, b) => a - b);
  for (const samples of byPath.values()) samples.sort((a, b) => a - b);
  const cpuMs = processCpuMs(pid) - cpuBeforeMs;
  return { count: latencies.length, elapsedS, errors, latencies, byPath, cpuMs, loadBefore };
}

/** Each endpoint alone, one request at a time (after the warm run): the service time without a queue. */
async function serviceTimes(base, paths) {
  const times = [];
  for (const path of paths) {
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      await response.arrayBuffer();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    times.push([path, quantile(samples, 0.5)]);
  }
  return times;
}

function line(label, run) {
  const ms = (q) => `${(quantile(run.latencies, q) / 1_000).toFixed(2)} s`;
  const errorText = run.errors.size === 0 ? '0' : [...run.errors].map(([k, n]) => `${n}×${k}`).join(', ');
  return (
    `${label.padEnd(22)}${String(run.count).padStart(7)}${(run.count / run.elapsedS).toFixed(0).padStart(8)}` +
    `${ms(0.5).padStart(9)}${ms(0.9).padStart(9)}${ms(0.99).padStart(9)}${ms(1).padStart(9)}` +
    `${(run.cpuMs / run.count).toFixed(1).padStart(9)}${run.loadBefore.toFixed(1).padStart(7)}   ${errorText}`
  );
}

async function bench(kind) {
  let env;
  let cleanup;
  let store;
  const seedStarted = performance.now();
  if (kind === 'embedded') {
    const dir = createTempDir('cellsweep-load-');
    env = { CELLSWEEP_HOME: dir.path };
    store = await openStore({ dataDir: join(dir.path, 'db') });
    cleanup = async () => dir.remove();
  } else {
    const database = await createTestDatabase();
    const home = createTempDir('cellsweep-load-');
    env = { CELLSWEEP_HOME: home.path, DATABASE_URL: database.url };
    store = await openStore({ databaseUrl: database.url });
    cleanup = async () => (await database.drop(), home.remove());
  }
  const { sweepId, trialId } = await seed(store);
  await store.close();
  const seedS = ((performance.now() - seedStarted) / 1_000).toFixed(1);
  const dashboard = startDashboard(env, TOKEN);
  try {
    const base = await dashboard.url;
    const paths = [
      '/api/sweeps',
      `/api/sweeps/${sweepId}`,
      `/api/sweeps/${sweepId}/points`,
      `/api/sweeps/${sweepId}/analysis`,
      `/api/sweeps/${sweepId}/trials?sort=valLoss&order=asc&limit=50`,
      `/api/sweeps/${sweepId}/curves`,
      `/api/sweeps/${sweepId}/curves/trials?top=12`,
      `/api/sweeps/${sweepId}/gradients`,
      `/api/trials/${trialId}`,
      `/api/trials/${trialId}/epochs`,
    ];
    console.log(
      `\n${kind} store (seeded ${TRIALS} trials × ${EPOCHS} epochs + 20 sweeps in ${seedS} s), ` +
        `${CONCURRENCY} in flight for ${SECONDS} s over ${paths.length} sweep-page endpoints in turn:`,
    );
    console.log(
      `${'run'.padEnd(22)}${'requests'.padStart(7)}${'req/s'.padStart(8)}${'p50'.padStart(9)}` +
        `${'p90'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}${'CPU ms/r'.padStart(9)}${'load'.padStart(7)}` +
        '   errors',
    );
    console.log(line(`${kind} cold`, await load(base, paths, dashboard.pid)));
    const warm = await load(base, paths, dashboard.pid);
    console.log(line(`${kind} warm`, warm));
    const seconds = (samples, q) => (quantile(samples, q) / 1_000).toFixed(2);
    const perPath = [...warm.byPath].map(([path, samples]) => {
      const name = path.replace(sweepId, ':sweep').replace(trialId, ':trial');
      return `${name} ${seconds(samples, 0.5)} / ${seconds(samples, 0.99)} s`;
    });
    console.log(`  warm, per endpoint (p50 / p99): ${perPath.join('; ')}`);
    const alone = (await serviceTimes(base, paths)).map(
      ([path, ms]) => `${path.replace(sweepId, ':sweep').replace(trialId, ':trial')} ${ms.toFixed(0)} ms`,
    );
    console.log(`  one request at a time (median of 5): ${alone.join('; ')}`);
    console.log(
      `  load average (1 min) after the runs: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; ` +
        "CPU ms/r: the dashboard process's CPU time (its analysis worker thread included) per request; " +
        'load: before the run',
    );
  } finally {
    await dashboard.stop();
    await cleanup();
  }
}

for (const kind of which === 'both' ? ['embedded', 'postgres'] : [which]) await bench(kind);
