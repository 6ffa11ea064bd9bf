#!/usr/bin/env node
/**
 * Issue 17: what continuing promoted ASHA rungs from their checkpoints saves over retraining them from epoch 1.
 * Runs each spec embedded (`cellsweep run`) twice in fresh stores, once with CELLSWEEP_ASHA_CONTINUE=0 (retrain, as
 * before) and once with the default (continue), and prints trials, epochs trained, wall time and whether every
 * trial's result is identical between the two (it must be: decisions and numbers do not change).
 *
 *   npm run build && node scripts/bench-asha.mjs [--workers 2] [--specs asha,sweep200] [--trials 200]
 *
 * `asha` is examples/search/asha.yaml (12 suggestions, rungs 3, 9); `sweep200` a 200-suggestion random search with
 * rungs 1, 3, 9 on a small adding problem (GRU h=8), written to a temporary file. Epochs trained: a retrained trial
 * trains all its epochs; a continued one only those above its lower rung (read from its epoch rows' attempt
 * numbers: rows moved from the lower rung carry attempt 0).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLoad, ROOT, runCli } from './lib/bench.mjs';
import { openStore } from '@cellsweep/store';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    specs: { type: 'string', default: 'asha,sweep200' },
    trials: { type: 'string', default: '200' },
  },
});

const scratch = mkdtempSync(join(tmpdir(), 'cellsweep-bench-asha-'));
const specs = {
  asha: { path: join(ROOT, 'examples/search/asha.yaml'), name: 'search-asha' },
  sweep200: {
    path: join(scratch, 'sweep200.yaml'),
    name: 'asha-200',
    text: [
      'name: asha-200',
      'task: { dataset: adding, sequenceLength: 10, trainSize: 256, validationSize: 64, testSize: 64 }',
      'cells: gru',
      'hidden: 8',
      'training: { epochs: 9 }',
      `search: { method: random, trials: ${Number(values.trials)}, parallelism: 4, seed: 11,`,
      '  space: { training.learningRate: { float: [0.0001, 0.1], log: true }, training.batchSize: { choice: [16, 64] } },',
      '  asha: { minEpochs: 1, reductionFactor: 3 } }',
    ].join('\n'),
  },
};

console.log(`${values.workers} workers; ${machineLoad()} at start`);
console.log('spec      mode      trials  epochs trained  wall s  best val loss');
try {
  for (const name of values.specs.split(',')) {
    const spec = specs[name];
    if (!spec) throw new Error(`unknown spec ${name} (known: ${Object.keys(specs).join(', ')})`);
    if (spec.text) writeFileSync(spec.path, `${spec.text}\n`);
    const retrain = await benchOne(name, spec, '0');
    const resumed = await benchOne(name, spec, '1');
    const same =
      retrain.results.size === resumed.results.size &&
      [...retrain.results].every(([key, result]) => resumed.results.get(key) === result);
    const saved = 1 - resumed.epochs / retrain.epochs;
    console.log(
      `${name}: continuing trained ${resumed.epochs} epochs instead of ${retrain.epochs} (${(saved * 100).toFixed(1)}% fewer), ` +
        `wall ${resumed.wallS.toFixed(1)} s instead of ${retrain.wallS.toFixed(1)} s ` +
        `(${((1 - resumed.wallS / retrain.wallS) * 100).toFixed(1)}% less); identical trial results: ${same ? 'yes' : 'NO'}`,
    );
  }
  console.log(`${machineLoad()} at end`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

async function benchOne(name, spec, ashaContinue) {
  const home = mkdtempSync(join(tmpdir(), `cellsweep-bench-asha-${name}-`));
  const env = {
    ...process.env,
    CELLSWEEP_HOME: home,
    CELLSWEEP_BACKEND: process.env.CELLSWEEP_BACKEND ?? 'wasm',
    CELLSWEEP_ASHA_CONTINUE: ashaContinue,
  };
  delete env.DATABASE_URL;
  try {
    const started = performance.now();
    await runCli(['run', spec.path, '--workers', values.workers], env);
    const wallS = (performance.now() - started) / 1000;
    // The embedded store, read directly once `run` has exited (PGlite is one process's at a time).
    const store = await openStore({ dataDir: join(home, 'db'), migrate: false });
    let trials;
    let epochs = 0;
    try {
      trials = await store.listTrials((await store.getSweep(spec.name)).id);
      for (const trial of trials) epochs += (await store.listEpochs(trial.id)).filter((row) => row.attempt > 0).length;
    } finally {
      await store.close();
    }
    const results = new Map(
      trials.map((t) => [t.configKey, JSON.stringify([t.valLoss, t.testLoss, t.epochsRun, t.bestEpoch])]),
    );
    const best = Math.min(...trials.map((t) => t.valLoss ?? Infinity));
    const mode = ashaContinue === '1' ? 'continue' : 'retrain';
    console.log(
      `${name.padEnd(8)}  ${mode.padEnd(8)}  ${String(trials.length).padStart(6)}  ${String(epochs).padStart(14)}  ` +
        `${wallS.toFixed(1).padStart(6)}  ${best.toPrecision(4).padStart(13)}`,
    );
    return { epochs, wallS, results };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
