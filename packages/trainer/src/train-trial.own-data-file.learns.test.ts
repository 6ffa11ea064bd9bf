import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createRng, validateSweepSpec, type TaskSpec } from '@cellsweep/core';
import { resolveDataFiles } from '@cellsweep/datasets';
import { tinyTrial, useWasm } from './test-helpers.js';
import { trainTrial } from './train-trial.js';

before(useWasm);

async function resolvedTask(name: string, text: string, task: Record<string, unknown>): Promise<TaskSpec> {
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-trainer-'));
  writeFileSync(join(dir, name), text);
  const spec = validateSweepSpec({
    name: 'own',
    task: { dataset: 'file', path: name, ...task },
    cells: 'gru',
    hidden: 8,
  });
  return (await resolveDataFiles(spec, dir)).spec.task[0] as TaskSpec;
}

const training = (epochs: number) => ({
  epochs,
  batchSize: 32,
  optimizer: 'adam' as const,
  learningRate: 0.02,
  clipNorm: 1,
  earlyStoppingPatience: null,
});

test('sequence regression from JSON Lines: the sum of the steps is learnt (test R² > 0.9), R² and MSE reported', async () => {
  const rng = createRng(5);
  const lines = Array.from({ length: 400 }, () => {
    const x = Array.from({ length: 5 }, () => Math.round(rng.normal() * 100) / 100);
    return JSON.stringify({ x, y: x.reduce((a, b) => a + b, 0) });
  });
  const task = await resolvedTask('sums.jsonl', lines.join('\n'), { kind: 'regression' });
  const result = await trainTrial({ config: tinyTrial({ cell: 'gru', training: training(25) }, task), hidden: 8 });
  assert.equal(result.metricName, 'r2');
  assert.ok(result.testMetric > 0.9, `test R² ${result.testMetric}`);
  assert.ok(Math.abs((result.testMetrics?.['r2'] ?? NaN) - result.testMetric) < 1e-12);
  assert.ok(Math.abs((result.testMetrics?.['mse'] ?? NaN) - result.testLoss) < 1e-6);
});

test('next-character prediction from plain text: a periodic text is learnt far below the uniform 2 bits per character', async () => {
  const task = await resolvedTask('abcd.txt', 'abcd'.repeat(600), { kind: 'next-char', sequenceLength: 12 });
  const result = await trainTrial({ config: tinyTrial({ cell: 'gru', training: training(12) }, task), hidden: 8 });
  assert.equal(result.metricName, 'bits-per-char');
  assert.ok(result.testMetric < 0.5, `test bits/char ${result.testMetric}`);
  assert.ok((result.testMetrics?.['token-accuracy'] ?? 0) > 0.9);
});

test('per-step labelling from JSON Lines: each step labelled by its own sign is learnt (token accuracy > 0.9)', async () => {
  const rng = createRng(6);
  const lines = Array.from({ length: 300 }, () => {
    const x = Array.from({ length: 6 }, () => [Math.round(rng.normal() * 100) / 100]);
    return JSON.stringify({ x, y: x.map(([value]) => ((value ?? 0) > 0 ? 'pos' : 'neg')) });
  });
  const task = await resolvedTask('signs.jsonl', lines.join('\n'), { kind: 'labelling' });
  const result = await trainTrial({ config: tinyTrial({ cell: 'gru', training: training(15) }, task), hidden: 8 });
  assert.equal(result.metricName, 'token-accuracy');
  assert.ok(result.testMetric > 0.9, `test token accuracy ${result.testMetric}`);
  assert.ok((result.testMetrics?.['sequence-accuracy'] ?? -1) >= 0);
});

test('forecast from JSON Lines: the next 3 values of a sine wave are predicted (R² > 0.8), one output each', async () => {
  const rng = createRng(7);
  const lines = Array.from({ length: 300 }, () => {
    const phase = rng.next() * 2 * Math.PI;
    const at = (t: number) => Math.round(Math.sin(phase + t * 0.5) * 1000) / 1000;
    return JSON.stringify({ x: Array.from({ length: 8 }, (_, t) => at(t)), y: [8, 9, 10].map(at) });
  });
  const task = await resolvedTask('sine.jsonl', lines.join('\n'), { kind: 'forecast' });
  const result = await trainTrial({ config: tinyTrial({ cell: 'gru', training: training(25) }, task), hidden: 8 });
  assert.equal(result.metricName, 'r2');
  assert.ok(result.testMetric > 0.8, `test R² ${result.testMetric}`);
});
