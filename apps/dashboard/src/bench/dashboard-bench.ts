/**
 * `npm run bench -w apps/dashboard`: seeds a 10,000-trial / 500,000-epoch sweep in a fresh Postgres database and
 * prints the sweep page's API latencies (p50/p95; cold = first request, live = a trial changes before every request
 * so no cache can help) and the browser's time to first chart. Drops the database afterwards.
 */
import { performance } from 'node:perf_hooks';
import { openStore } from '@cellsweep/store';
import { createTestDatabase } from '@cellsweep/store/testing';
import { chromiumMissing, launchChromium, signIn } from '../browser-support.js';
import { quantile } from '@cellsweep/analysis';
import { buildDashboardServer } from '../server.js';
import { authHeaders, TEST_TOKEN } from '../test-server.js';
import { seedLargeSweep } from './seed-large-sweep.js';

const WARM_RUNS = 30;
const LIVE_RUNS = 8;

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

function stats(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const store = await openStore({ databaseUrl: database.url });
  const app = await buildDashboardServer({ store, token: TEST_TOKEN });
  try {
    let started = performance.now();
    const described = await seedLargeSweep(store, database.url, 'bench-10k');
    const sweepId = described.split(' ')[0]!;
    for (let i = 0; i < 20; i++)
      await store.upsertSweep({ name: `small-${i}`, spec: { task: { dataset: 'copy' } }, specHash: `s${i}` });
    console.log(`seeded sweep ${described} + 20 empty sweeps in ${ms(performance.now() - started)}`);

    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const someTrial = (await store.listTrialPage(sweepId, { limit: 1, sortBy: 'valLoss' })).items[0]!.id;
    const running = (await store.listTrialPage(sweepId, { limit: LIVE_RUNS * 4, statuses: ['RUNNING'] })).items.map(
      (t) => t.id,
    );

    const endpoints: [string, string][] = [
      ['sweeps list', '/api/sweeps'],
      ['sweep', `/api/sweeps/${sweepId}`],
      ['points (10k)', `/api/sweeps/${sweepId}/points`],
      ['analysis', `/api/sweeps/${sweepId}/analysis`],
      ['curve bands', `/api/sweeps/${sweepId}/curves`],
      ['best-12 curves', `/api/sweeps/${sweepId}/curves/trials?top=12`],
      ['gradient reach (24)', `/api/sweeps/${sweepId}/gradients`],
      ['gradient reach (50)', `/api/sweeps/${sweepId}/gradients?top=50`],
      ['leaderboard p1', `/api/sweeps/${sweepId}/trials?sort=valLoss&order=asc&limit=50`],
      [
        'leaderboard filtered',
        `/api/sweeps/${sweepId}/trials?cell=lstm&budget=8000&hp.training.learningRate=0.01&sort=testLoss&limit=50`,
      ],
      ['leaderboard deep page', `/api/sweeps/${sweepId}/trials?sort=valLoss&offset=9000&limit=50`],
      ['changes (none)', `/api/sweeps/${sweepId}/changes?since=${encodeURIComponent(new Date().toISOString())}`],
      ['trial', `/api/trials/${someTrial}`],
      ['trial epochs', `/api/trials/${someTrial}/epochs`],
      ['CSV export (10k)', `/api/sweeps/${sweepId}/trials?format=csv`],
    ];
    const timed = async (path: string): Promise<{ ms: number; bytes: number }> => {
      const start = performance.now();
      const response = await fetch(`${base}${path}`, { headers: authHeaders() });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return { ms: performance.now() - start, bytes: body.byteLength };
    };

    console.log(`\nAPI over HTTP on loopback, ${WARM_RUNS} warm runs each (2 shared cores):`);
    console.log(
      `${'endpoint'.padEnd(24)}${'cold'.padStart(11)}${'p50'.padStart(11)}${'p95'.padStart(11)}${'size'.padStart(11)}`,
    );
    for (const [label, path] of endpoints) {
      const cold = await timed(path);
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push((await timed(path)).ms);
      const { p50, p95 } = stats(warm);
      console.log(
        `${label.padEnd(24)}${ms(cold.ms).padStart(11)}${ms(p50).padStart(11)}${ms(p95).padStart(11)}${`${(cold.bytes / 1024).toFixed(0)} KB`.padStart(11)}`,
      );
    }

    console.log(`\nlive sweep: one trial finishes before each request (cache invalidated), ${LIVE_RUNS} runs:`);
    for (const [label, suffix] of [
      ['points', 'points'],
      ['analysis', 'analysis'],
      ['curve bands', 'curves'],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < LIVE_RUNS; i++) {
        const id = running.shift();
        if (id) {
          const trial = await store.getTrial(id);
          await store.completeTrial(id, {
            attempt: trial.attempt,
            wallTimeMs: 1,
            epochsRun: 50,
            trainLoss: 0.1,
            valLoss: 0.11,
            testLoss: 0.12,
          });
        }
        samples.push((await timed(`/api/sweeps/${sweepId}/${suffix}`)).ms);
      }
      const { p50, p95 } = stats(samples);
      console.log(`${label.padEnd(24)}${''.padStart(11)}${ms(p50).padStart(11)}${ms(p95).padStart(11)}`);
    }

    if (chromiumMissing) {
      console.log(`\nbrowser: skipped (${chromiumMissing})`);
    } else {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await signIn(page, base);
        console.log('\nbrowser (Chromium, headless): sweep page navigation start -> first chart drawn');
        for (let run = 1; run <= 3; run++) {
          if (run === 1) await fetch(`${base}/api/sweeps/${sweepId}/points`, { headers: authHeaders() }); // same server cache state for all runs
          started = performance.now();
          await page.goto(`${base}/#/sweep/${sweepId}`);
          await page.reload();
          await page.waitForSelector('#chart-scatter[data-points]');
          await page.waitForFunction("performance.getEntriesByName('cellsweep:first-chart').length > 0");
          const firstChart = (await page.evaluate(
            "performance.getEntriesByName('cellsweep:first-chart')[0].startTime",
          )) as number;
          const points = await page.getAttribute('#chart-scatter', 'data-points');
          console.log(`  run ${run}: first chart at ${ms(firstChart)} (${points} points on the scatter)`);
        }
        await page.waitForSelector('#chart-curves canvas');
      } finally {
        await browser.close();
      }
    }
  } finally {
    await app.close();
    await store.close();
    await database.drop();
  }
}

await main();
