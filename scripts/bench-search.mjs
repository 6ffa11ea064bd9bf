#!/usr/bin/env node
/**
 * Issue 5's closing figure: how many trials, epochs and seconds grid, random, ASHA and TPE search need to reach a
 * target validation loss on the same task (examples/search/*.yaml: adding problem T=10, GRU h=16, 9 epochs, 12
 * configurations each). Each spec runs embedded (`cellsweep run`) in a fresh CELLSWEEP_HOME; one line per method.
 *
 *   npm run build && node scripts/bench-search.mjs [--target 0.001,0.0003] [--workers 2] [--methods grid,random,asha,tpe]
 *
 * "until target" counts trials in the order they finished, and the time from the first trial's start to the
 * finish of the first trial whose validation loss reached the target. Wall time includes thread start-up and the
 * store; the load average is printed because other processes on the machine slow every trial alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLoad, ROOT, runCli } from './lib/bench.mjs';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: '0.001,0.0003' },
    workers: { type: 'string', default: '2' },
    methods: { type: 'string', default: 'grid,random,asha,tpe' },
  },
});
const targets = values.target.split(',').map(Number);

const fmt = (n, digits = 4) => (n === null || n === undefined ? '-' : Number(n).toPrecision(digits));
console.log(`target validation MSE ${targets.join(', ')}; ${values.workers} workers; ${machineLoad()} at start`);
console.log(
  `method  trials  epochs  wall s  best val loss${targets.map((t) => `  trials/s to ${t}`.padStart(20)).join('')}`,
);
for (const method of values.methods.split(',')) {
  for (let attempt = 1; ; attempt++) {
    try {
      await benchOne(method);
      break;
    } catch (error) {
      // A run can die of something outside it (a dist file rebuilt under it on a shared tree): one fresh retry.
      if (attempt >= 2) throw error;
      console.error(`${method}: ${String(error.message).split('\n').slice(-2).join(' ')}; retrying from scratch`);
    }
  }
}
console.log(`${machineLoad()} at end`);

async function benchOne(method) {
  const home = mkdtempSync(join(tmpdir(), `cellsweep-bench-search-${method}-`));
  const env = { ...process.env, CELLSWEEP_HOME: home, CELLSWEEP_BACKEND: process.env.CELLSWEEP_BACKEND ?? 'wasm' };
  delete env.DATABASE_URL;
  try {
    const started = performance.now();
    await runCli(['run', join(ROOT, 'examples/search', `${method}.yaml`), '--workers', values.workers], env);
    const wallS = (performance.now() - started) / 1000;
    const { trials } = JSON.parse(await runCli(['results', `search-${method}`, '--format', 'json'], env));
    const done = trials
      .filter((t) => t.status === 'COMPLETED')
      .sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt));
    const t0 = Math.min(...trials.map((t) => Date.parse(t.startedAt ?? t.finishedAt)));
    const epochs = trials.reduce((sum, t) => sum + (t.epochsRun ?? 0), 0);
    const best = Math.min(...done.map((t) => t.valLoss ?? Infinity));
    const reach = targets.map((target) => {
      const hit = done.findIndex((t) => t.valLoss !== null && t.valLoss <= target);
      return hit < 0 ? 'never' : `${hit + 1} / ${((Date.parse(done[hit].finishedAt) - t0) / 1000).toFixed(1)} s`;
    });
    console.log(
      `${method.padEnd(6)}  ${String(trials.length).padStart(6)}  ${String(epochs).padStart(6)}  ${wallS.toFixed(1).padStart(6)}  ${fmt(best).padStart(13)}${reach.map((r) => r.padStart(20)).join('')}`,
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
