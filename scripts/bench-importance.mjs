#!/usr/bin/env node
/**
 * How long hyperparameter importance (fANOVA over a 64-tree forest, packages/analysis/src/importance.ts) takes per
 * sweep size, on two shapes: a grid (3 cells × 4 budgets × 5 learning rates, seeds repeat) and a search (learning
 * rate continuous, every trial a new value: the forest's deepest case). Validation loss = signal + seeded noise.
 *
 *   npm run build && node scripts/bench-importance.mjs [--sizes 200,1000,2000]
 *
 * Above MAX_IMPORTANCE_TRIALS the trials are subsampled, so time stops growing there. The load average is printed
 * because other processes on the machine slow every run alike.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createRng } from '@cellsweep/core';
import { hyperparameterImportance, MAX_IMPORTANCE_TRIALS } from '@cellsweep/analysis';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '200,1000,2000' } } });
const sizes = values.sizes.split(',').map(Number);
const CELLS = ['rnn', 'lstm', 'gru'];
const BUDGETS = [1000, 2000, 4000, 8000];
const RATES = [0.0003, 0.001, 0.003, 0.01, 0.03];

function rows(count, shape) {
  const rng = createRng(count);
  return Array.from({ length: count }, (_, i) => {
    const cell = i % 3;
    const budget = Math.floor(i / 3) % 4;
    const learningRate = shape === 'grid' ? RATES[Math.floor(i / 12) % 5] : Math.exp(-8 + 6 * rng.next());
    const valLoss = Math.abs(Math.log10(learningRate) + 2.5) + 0.2 * cell - 0.05 * budget + 0.1 * rng.normal();
    return {
      id: `t${i}`,
      cell: CELLS[cell],
      layers: 1,
      hidden: 8,
      paramBudget: BUDGETS[budget],
      paramCount: BUDGETS[budget],
      seed: Math.floor(i / 60),
      status: 'COMPLETED',
      task: 'bench',
      group: { learningRate },
      trainLoss: null,
      valLoss,
      testLoss: null,
      valMetric: null,
      testMetric: null,
      metricName: null,
      generalizationGap: null,
    };
  });
}

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(`cap ${MAX_IMPORTANCE_TRIALS} trials; ${cpus().length} cpus, load average ${load}`);
for (const shape of ['grid', 'search']) {
  for (const size of sizes) {
    const input = rows(size, shape);
    const started = performance.now();
    const [result] = hyperparameterImportance(input);
    const ms = performance.now() - started;
    const shares = result.fields.map((f) => `${f.field} ${(100 * f.importance).toFixed(1)}%`).join(', ');
    console.log(`${shape.padEnd(6)} ${String(size).padStart(6)} trials: ${ms.toFixed(0).padStart(6)} ms  (${shares})`);
  }
}
