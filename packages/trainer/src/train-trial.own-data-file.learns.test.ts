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
  assert.ok(Math.abs((result.testMetrics?.r2 ?? NaN) - result.testMetric) < 1e-12);
  assert.ok(Math.abs((result.testMetrics?.mse ?? NaN) - result.testLoss) < 1e-6);
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

// Ragged sequences (3 to 10 steps), right-padded: the label is the sign of each sequence's LAST real value, which a
// model read out at the padded final step would see only through up to 7 steps of zeros. Fused and layers train
// the same curve (the padding changes no real step on either path).
test('ragged JSON Lines classification: the sign of the last real step is learnt, fused and layers alike', async () => {
  const rng = createRng(8);
  const lines = Array.from({ length: 400 }, () => {
    const x = Array.from({ length: 3 + rng.int(8) }, () => Math.round(rng.normal() * 100) / 100);
    return JSON.stringify({ x, y: (x.at(-1) ?? 0) > 0 ? 'pos' : 'neg' });
  });
  const task = await resolvedTask('ragged.jsonl', lines.join('\n'), { kind: 'classification' });
  assert.equal(task.dataset === 'file' && task.summary?.minLength, 3);
  const run = (implementation: 'fused' | 'layers') =>
    trainTrial({ config: tinyTrial({ cell: 'gru', implementation, training: training(12) }, task), hidden: 8 });
  const layers = await run('layers');
  const fused = await run('fused');
  assert.ok(layers.testMetric > 0.9, `test accuracy ${layers.testMetric}`);
  const relative = Math.abs(fused.testLoss - layers.testLoss) / layers.testLoss;
  assert.ok(relative < 5e-3, `test loss fused ${fused.testLoss} vs layers ${layers.testLoss}`);
  assert.equal(fused.testMetric, layers.testMetric);
});

test('labelling of ragged JSON Lines: token accuracy counts real steps only and is learnt (> 0.9)', async () => {
  const rng = createRng(9);
  const lines = Array.from({ length: 300 }, () => {
    const x = Array.from({ length: 2 + rng.int(7) }, () => [Math.round(rng.normal() * 100) / 100]);
    return JSON.stringify({ x, y: x.map(([value]) => ((value ?? 0) > 0 ? 'pos' : 'neg')) });
  });
  const task = await resolvedTask('ragged-signs.jsonl', lines.join('\n'), { kind: 'labelling' });
  const config = tinyTrial({ cell: 'lstm', implementation: 'fused', training: training(15) }, task);
  const result = await trainTrial({ config, hidden: 8 });
  assert.ok(result.testMetric > 0.9, `test token accuracy ${result.testMetric}`);
  assert.ok((result.testMetrics?.['sequence-accuracy'] ?? -1) > 0.5);
});
