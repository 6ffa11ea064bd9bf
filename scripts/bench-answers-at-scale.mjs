// Answers at scale (issue 17; prints figures, not a test). Build first (`npm run build`).
//   node scripts/bench-answers-at-scale.mjs [--trials 100000] [--epochs 10] [--stores postgres,pglite]
//        [--timeout 600] [--no-dashboard] [--no-cli] [--warm 20] [--keep | --database-url URL]
// Seeds one finished sweep per store: 3 cells × 50 parameter budgets × 34 seeds × 4 learning rates × 5 batch sizes
// (102,000 configurations, the first `--trials` of them, seeds varying before hyperparameters so a small run still
// has seeds to pair), every trial COMPLETED with `--epochs` epoch rows. Trials and results go in through the store's
// bulk repositories; epoch rows through one set-based INSERT per 10,000 trials (a million one-row upserts would make
// the benchmark about seeding). Then it times, as spawned processes under /usr/bin/time -v (wall time and peak RSS):
// `cellsweep compare <sweep> --format json` and `cellsweep report <sweep>`; and starts `cellsweep dashboard` to time
// every sweep-page API route once right after start-up (cold) and `--warm` times after (warm p50/p95), plus the time
// until the analysis route says `ready`. A CLI run that passes `--timeout` seconds is stopped and printed as "> T s".
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openStore, pgExecutor, pgliteExecutor } from '../packages/store/dist/index.js';
import { CLI, mulberry32, startDashboard } from './lib/bench.mjs';
import { createTempDir, createTestDatabase } from '../packages/store/dist/test-support.js';
import { chromiumMissing, launchChromium, signIn } from '../apps/dashboard/dist/browser-support.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const TRIALS = Number(option('trials', 100_000));
const EPOCHS = Number(option('epochs', 10));
const STORES = String(option('stores', 'postgres,pglite')).split(',');
const TIMEOUT_S = Number(option('timeout', 600));
const WARM_REQUESTS = Number(option('warm', 20));
const DASHBOARD = !args.includes('--no-dashboard');
const CLI_RUNS = !args.includes('--no-cli');
/**
 * `--keep` leaves the seeded Postgres database (its URL printed); `--database-url URL` reuses one, seeding it only
 * when it has no such sweep yet (so two engineers can each keep a database of their own).
 */
const KEEP = args.includes('--keep');
const REUSE_URL = option('database-url', undefined);
/** Trials finished per second during the live-refresh run (Postgres only), and for how long. */
const FINISH_RATE = Number(option('finish-rate', 50));
const LIVE_SECONDS = Number(option('live-seconds', 20));
const TOKEN = randomBytes(24).toString('base64url');

const CELLS = ['rnn', 'lstm', 'gru'];
/** 50 budgets spaced geometrically from 1,000 to ~1M parameters, as sweeps space sizes. */
const BUDGETS = Array.from({ length: 50 }, (_, i) => Math.round(1_000 * 1.15 ** i));
const SEEDS = 34;
const LEARNING_RATES = [0.03, 0.01, 0.003, 0.001];
const BATCH_SIZES = [16, 32, 64, 128, 256];
const NORM_STEPS = 10;

/** Configuration `ordinal` of the grid: cell fastest, then budget, seed, learning rate, batch size. */
function configAt(ordinal) {
  let rest = ordinal;
  const pick = (values) => {
    const value = values[rest % values.length];
    rest = Math.floor(rest / values.length);
    return value;
  };
  const cell = pick(CELLS);
  const budget = pick(BUDGETS);
  const seed = pick(Array.from({ length: SEEDS }, (_, i) => i));
  const learningRate = pick(LEARNING_RATES);
  const batchSize = pick(BATCH_SIZES);
  return { cell, budget, seed, learningRate, batchSize };
}

/**
 * The `n`th trial added during the live run: a new seed (34, 35, ...) of every cell × budget at the first learning
 * rate and batch size, so each is the only trial of its arm and seed in its setting. (It used to repeat configuration
 * `n` of the grid, seed included: two trials of one arm and seed, which pairing by seed refuses, so the dashboard's
 * full analysis of the 101,000-trial sweep reported `failed`, as `cellsweep compare` does on it.)
 */
function liveConfigAt(n) {
  return {
    cell: CELLS[n % CELLS.length],
    budget: BUDGETS[Math.floor(n / CELLS.length) % BUDGETS.length],
    seed: SEEDS + Math.floor(n / (CELLS.length * BUDGETS.length)),
    learningRate: LEARNING_RATES[0],
    batchSize: BATCH_SIZES[0],
  };
}

async function seedSweep(store, sql, name) {
  const rand = mulberry32(42);
  const sweep = await store.upsertSweep({ name, spec: { name, task: { dataset: 'adding' } }, specHash: name });
  const CHUNK = 5_000;
  for (let start = 0; start < TRIALS; start += CHUNK) {
    const trials = [];
    for (let ordinal = start; ordinal < Math.min(TRIALS, start + CHUNK); ordinal++) {
      const { cell, budget, seed, learningRate, batchSize } = configAt(ordinal);
      trials.push({
        configKey: `${cell}-${budget}-${seed}-${learningRate}-${batchSize}`,
        ordinal,
        cell,
        hidden: Math.round(Math.sqrt(budget)),
        layers: 1,
        paramBudget: budget,
        paramCount: Math.round(budget * (cell === 'rnn' ? 0.98 : 1.01)),
        seed,
        config: {
          task: { dataset: 'adding', sequenceLength: 30 },
          cell,
          size: { kind: 'budget', paramBudget: budget },
          layers: 1,
          training: { epochs: EPOCHS, batchSize, optimizer: 'adam', learningRate },
          seed,
        },
      });
    }
    await store.insertTrials(sweep.id, trials);
  }
  const states = await store.listTrialStates(sweep.id);
  for (let start = 0; start < states.length; start += CHUNK) {
    const chunk = states.slice(start, start + CHUNK);
    const attempts = await store.startAttempts(
      chunk.map((trial) => trial.id),
      { backend: 'wasm' },
    );
    const results = new Map();
    for (const trial of chunk) {
      const { cell, budget, learningRate } = configAt(trial.ordinal);
      // Loss falls with budget (lstm/gru faster than rnn), a best learning rate, lognormal-ish seed noise.
      const base = (cell === 'rnn' ? 0.08 : cell === 'lstm' ? 0.05 : 0.055) * (8_000 / budget) ** 0.15;
      const lrPenalty = 1 + 0.3 * Math.abs(Math.log10(learningRate / 0.003));
      const trainLoss = base * lrPenalty * (0.85 + 0.3 * rand());
      const valLoss = trainLoss * (1.05 + 0.1 * rand());
      const testLoss = trainLoss * (1.08 + 0.1 * rand());
      const rate = (cell === 'rnn' ? 0.5 : 0.75) + 0.1 * rand();
      results.set(trial.id, {
        attempt: attempts.get(trial.id).attempt,
        wallTimeMs: 30_000,
        epochsRun: EPOCHS,
        bestEpoch: EPOCHS,
        trainLoss,
        valLoss,
        testLoss,
        generalizationGap: testLoss - trainLoss,
        metricName: 'mse',
        valMetric: valLoss,
        testMetric: testLoss,
        trainMetric: trainLoss,
        initialGradientSlope: Math.log(rate - 0.1),
        gradientSlope: Math.log(rate),
        gradientReach: 8,
        initialGradientReach: 5,
      });
    }
    await store.completeTrials(results);
  }
  // Epoch rows: a falling curve per trial, a 10-step gradient-norm curve on each row.
  for (let start = 0; start < TRIALS; start += 10_000) {
    await sql.query(
      `INSERT INTO epoch_metrics (trial_id, epoch, attempt, train_loss, val_loss, samples_per_sec, epoch_time_ms,
                                  gradient_norms, gradient_reach, gradient_slope)
       SELECT t.id, e.epoch, 1, t.train_loss * (1 + 3 * exp(-e.epoch / 3.0)), t.val_loss * (1 + 3 * exp(-e.epoch / 3.0)),
              700, 600, ARRAY(SELECT power(0.7, $3::int - s) FROM generate_series(1, $3::int) AS s), 8, ln(0.7)
         FROM trials t CROSS JOIN generate_series(1, $2::int) AS e(epoch)
        WHERE t.sweep_id = $1 AND t.ordinal >= $4 AND t.ordinal < $5`,
      [sweep.id, EPOCHS, NORM_STEPS, start, start + 10_000],
    );
  }
  await sql.query('ANALYZE');
  return sweep.id;
}

/** Runs the CLI under /usr/bin/time -v; resolves wall seconds, peak RSS (MB) and exit code, or a timeout. */
function timedCli(cliArgs, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-v', process.execPath, CLI, ...cliArgs], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdoutBytes += chunk.length));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, TIMEOUT_S * 1_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1_000;
      const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
      const tail = stderr
        .split('\n')
        .filter((l) => l && !l.startsWith('\t'))
        .slice(-3)
        .join(' | ');
      resolve({ seconds, rssMb: rssKb / 1024, code, timedOut, stdoutBytes, tail });
    });
  });
}

async function timedGet(base, path) {
  const t0 = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await response.text();
  return { ms: performance.now() - t0, status: response.status, body };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

async function benchDashboard(kind, env, sweepId, trialId) {
  const dashboard = startDashboard(env, TOKEN);
  const rows = [];
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
    const started = performance.now();
    const cold = new Map();
    for (const path of paths) cold.set(path, await timedGet(base, path));
    // The analysis runs off the request path; time until the route serves a finished one.
    let analysisReadyS = null;
    while (performance.now() - started < TIMEOUT_S * 1_000) {
      const { body } = await timedGet(base, `/api/sweeps/${sweepId}/analysis`);
      const status = JSON.parse(body).external?.status;
      if (status !== 'pending') {
        const trends = JSON.parse(body).external?.result?.trends?.length ?? 0;
        analysisReadyS = `${((performance.now() - started) / 1_000).toFixed(1)} s (${status}, ${trends} trends)`;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const path of paths) {
      const samples = [];
      let bytes = 0;
      for (let i = 0; i < WARM_REQUESTS; i++) {
        const { ms, status, body } = await timedGet(base, path);
        if (status !== 200) throw new Error(`${path}: HTTP ${status}: ${body.slice(0, 200)}`);
        samples.push(ms);
        bytes = body.length;
      }
      samples.sort((a, b) => a - b);
      const name = path.replace(sweepId, ':sweep').replace(trialId, ':trial');
      rows.push({ name, coldMs: cold.get(path).ms, p50: quantile(samples, 0.5), p95: quantile(samples, 0.95), bytes });
    }
    // Printed now: a failure in the live run below must not lose them.
    printRoutes(kind, rows, analysisReadyS);
    // A failed live run (the dashboard dying under load, say) is printed with the dashboard's last words.
    const live = env.DATABASE_URL
      ? await liveRefresh(base, env.DATABASE_URL, sweepId).catch((error) => ({
          failed: `${error.message} ${error.cause?.message ?? ''}; dashboard stderr: ${dashboard.stderr().slice(-2_000)}`,
        }))
      : null;
    printLive(live);
    const firstChart = await timeToFirstChart(base, sweepId).catch(
      (error) => `failed: ${error.message.split('\n')[0]}`,
    );
    console.log(`  time to first chart (Chromium, 3 loads): ${firstChart}; load average ${loadavg()[0].toFixed(1)}`);
  } finally {
    await dashboard.stop();
  }
}

/**
 * The sweep page's refresh while trials finish: `FINISH_RATE` new trials per second are added to the sweep and
 * completed (in batches every 100 ms, through the store), and meanwhile the page's refresh (the requests it sends
 * after a change: points, analysis, curve bands, best curves, gradients, the leaderboard page, all at once) is
 * timed back to back. Prints p50/p95 of the whole refresh and of each request.
 */
async function liveRefresh(base, databaseUrl, sweepId) {
  const store = await openStore({ databaseUrl });
  const paths = [
    `/api/sweeps/${sweepId}/points`,
    `/api/sweeps/${sweepId}/analysis`,
    `/api/sweeps/${sweepId}/curves`,
    `/api/sweeps/${sweepId}/curves/trials?top=12`,
    `/api/sweeps/${sweepId}/gradients?top=24`,
    `/api/sweeps/${sweepId}/trials?sort=valLoss&order=asc&offset=0&limit=50`,
  ];
  const rand = mulberry32(7);
  let finished = 0;
  let writing = true;
  const writer = (async () => {
    let batch = 0;
    const started = performance.now();
    while (writing) {
      const due = Math.floor(((performance.now() - started) / 1_000) * FINISH_RATE) - finished;
      if (due > 0) {
        const trials = Array.from({ length: due }, (_, i) => {
          const ordinal = 1_000_000 + finished + i;
          const { cell, budget, seed, learningRate, batchSize } = liveConfigAt(finished + i);
          return {
            configKey: `live-${ordinal}`,
            ordinal,
            cell,
            hidden: Math.round(Math.sqrt(budget)),
            layers: 1,
            paramBudget: budget,
            paramCount: Math.round(budget * (cell === 'rnn' ? 0.98 : 1.01)),
            seed,
            config: {
              task: { dataset: 'adding', sequenceLength: 30 },
              cell,
              size: { kind: 'budget', paramBudget: budget },
              layers: 1,
              training: { epochs: EPOCHS, batchSize, optimizer: 'adam', learningRate },
              seed,
            },
          };
        });
        await store.insertTrials(sweepId, trials);
        const pending = await store.listTrialPage(sweepId, { statuses: ['PENDING'], limit: due });
        const idList = pending.items.map((trial) => trial.id);
        const attempts = await store.startAttempts(idList, { backend: 'wasm' });
        const results = new Map();
        for (const id of idList) {
          const valLoss = 0.05 * (0.85 + 0.3 * rand());
          results.set(id, {
            attempt: attempts.get(id).attempt,
            wallTimeMs: 1_000,
            epochsRun: EPOCHS,
            trainLoss: valLoss * 0.9,
            valLoss,
            testLoss: valLoss * 1.05,
          });
        }
        await store.completeTrials(results);
        finished += due;
        batch++;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return batch;
  })();
  const refreshes = [];
  const perPath = new Map(paths.map((path) => [path, []]));
  const endAt = performance.now() + LIVE_SECONDS * 1_000;
  try {
    while (performance.now() < endAt) {
      const t0 = performance.now();
      await Promise.all(
        paths.map(async (path) => {
          const { ms, status, body } = await timedGet(base, path);
          if (status !== 200) throw new Error(`${path}: HTTP ${status}: ${body.slice(0, 200)}`);
          perPath.get(path).push(ms);
        }),
      );
      refreshes.push(performance.now() - t0);
    }
  } finally {
    writing = false;
    await writer;
    await store.close();
  }
  const q = (samples, p) =>
    quantile(
      [...samples].sort((a, b) => a - b),
      p,
    );
  return {
    finished,
    seconds: LIVE_SECONDS,
    refreshes: refreshes.length,
    p50: q(refreshes, 0.5),
    p95: q(refreshes, 0.95),
    perPath: [...perPath].map(([path, samples]) => [
      path.replace(sweepId, ':sweep'),
      q(samples, 0.5),
      q(samples, 0.95),
    ]),
  };
}

/** Chromium (headless): sweep page navigation start -> the scatter drawn (the page's `cellsweep:first-chart` mark). */
async function timeToFirstChart(base, sweepId) {
  if (chromiumMissing) return `skipped (${chromiumMissing})`;
  const browser = await launchChromium();
  try {
    // The dashboard's CSP forbids eval; the probes below are Playwright's, not the page's.
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
    const page = await context.newPage();
    await signIn(page, base, TOKEN);
    const runs = [];
    for (let run = 0; run < 3; run++) {
      await page.goto('about:blank');
      await page.goto(`${base}/#/sweep/${sweepId}`, { waitUntil: 'commit', timeout: TIMEOUT_S * 1_000 });
      await page.waitForFunction("performance.getEntriesByName('cellsweep:first-chart').length > 0", null, {
        timeout: TIMEOUT_S * 1_000,
      });
      runs.push(await page.evaluate("performance.getEntriesByName('cellsweep:first-chart')[0].startTime"));
    }
    const points = await page.getAttribute('#chart-scatter', 'data-points');
    return `${runs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (${points} points drawn)`;
  } finally {
    await browser.close();
  }
}

function printRoutes(kind, rows, analysisReadyS) {
  console.log(`  ${kind} dashboard: analysis route ready after ${analysisReadyS ?? `> ${TIMEOUT_S} s`}`);
  console.log(
    `  ${'route'.padEnd(44)}${'cold ms'.padStart(9)}${'warm p50'.padStart(10)}${'p95'.padStart(8)}${'KB'.padStart(8)}`,
  );
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(44)}${row.coldMs.toFixed(0).padStart(9)}${row.p50.toFixed(0).padStart(10)}` +
        `${row.p95.toFixed(0).padStart(8)}${(row.bytes / 1024).toFixed(0).padStart(8)}`,
    );
  }
}

function printLive(live) {
  if (!live) return;
  if (live.failed) {
    console.log(`  live: failed: ${live.failed}`);
    return;
  }
  console.log(
    `  live: ${live.finished} trials finished in ${live.seconds} s (${FINISH_RATE}/s asked); ` +
      `${live.refreshes} page refreshes back to back: p50 ${live.p50.toFixed(0)} ms, p95 ${live.p95.toFixed(0)} ms`,
  );
  for (const [path, p50, p95] of live.perPath) {
    console.log(`    ${path.padEnd(60)} p50 ${p50.toFixed(0).padStart(6)} ms  p95 ${p95.toFixed(0).padStart(6)} ms`);
  }
}

async function openKind(kind) {
  if (kind === 'pglite') {
    const home = createTempDir('cellsweep-scale-');
    const dataDir = join(home.path, 'db');
    return {
      env: { CELLSWEEP_HOME: home.path },
      store: await openStore({ dataDir }),
      // The store holds the data folder's lock; the seeding SQL opens the folder after the store closes.
      sqlAfterClose: async (fn) => {
        const db = await PGlite.create(dataDir);
        try {
          await fn(pgliteExecutor(db));
        } finally {
          await db.close();
        }
      },
      cleanup: async () => home.remove(),
      size: () => `${Math.round(folderBytes(dataDir) / 1e6)} MB on disk`,
    };
  }
  const database = REUSE_URL ? { url: REUSE_URL, drop: async () => {} } : await createTestDatabase();
  const home = createTempDir('cellsweep-scale-');
  return {
    reused: REUSE_URL !== undefined,
    env: { CELLSWEEP_HOME: home.path, DATABASE_URL: database.url },
    store: await openStore({ databaseUrl: database.url }),
    sqlAfterClose: async (fn) => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await fn(pgExecutor(client));
      } finally {
        await client.end();
      }
    },
    cleanup: async () => {
      if (KEEP) console.log(`  kept the database: --database-url ${database.url}`);
      else await database.drop();
      home.remove();
    },
    size: () => 'postgres',
  };
}

function folderBytes(path) {
  let total = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else total += stat.size;
    }
  };
  walk(path);
  return total;
}

async function bench(kind) {
  const seedStarted = performance.now();
  const target = await openKind(kind);
  const name = `scale-${TRIALS}`;
  // Trials and results through the store; the epoch rows need the sweep id, so the store closes first (PGlite).
  const deferred = [];
  const sqlProxy = { query: (text, params) => (deferred.push([text, params]), Promise.resolve({ rows: [] })) };
  // A reused database (`--database-url`) is seeded once, the first time it is named.
  const found = target.reused ? await target.store.findSweep(name) : null;
  const sweepId = found ? found.id : await seedSweep(target.store, sqlProxy, name);
  const trialId = (await target.store.listTrialPage(sweepId, { limit: 1, offset: 0 })).items?.[0]?.id;
  await target.store.close();
  await target.sqlAfterClose(async (sql) => {
    for (const [text, params] of deferred) await sql.query(text, params);
  });
  const seedS = (performance.now() - seedStarted) / 1_000;
  console.log(
    `\n${kind}: seeded ${TRIALS.toLocaleString('en')} trials × ${EPOCHS} epochs in ${seedS.toFixed(0)} s ` +
      `(${target.size()}); load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
  );
  try {
    const report = join(target.env.CELLSWEEP_HOME, 'report.html');
    const runs = [
      ['compare', ['compare', name, '--format', 'json']],
      ['report', ['report', name, '--out', report]],
    ];
    for (const [label, cliArgs] of CLI_RUNS ? runs : []) {
      const r = await timedCli(cliArgs, target.env);
      const time = r.timedOut ? `> ${TIMEOUT_S} s` : `${r.seconds.toFixed(1)} s`;
      const extra =
        label === 'report' && !r.timedOut && r.code === 0
          ? `, ${(statSync(report).size / 1e6).toFixed(1)} MB html`
          : '';
      const failed = r.code !== 0 && !r.timedOut ? `, exit ${r.code}: ${r.tail}` : '';
      console.log(
        `  ${kind} ${label.padEnd(8)} ${time.padStart(9)}  peak RSS ${r.rssMb.toFixed(0)} MB${extra}${failed}`,
      );
    }
    if (DASHBOARD && trialId) await benchDashboard(kind, target.env, sweepId, trialId);
  } finally {
    await target.cleanup();
  }
}

for (const kind of STORES) await bench(kind);
