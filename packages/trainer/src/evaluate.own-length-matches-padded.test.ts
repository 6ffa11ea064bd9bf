// Evaluation batches cut to their own length (evaluate.ts) must score a ragged split as the full padded length does.
// The numbers are sums over the same sequences' real steps, so only float rounding may differ: float32 outputs whose
// sums are taken in other batches and another order (each batch's sums are float32 over at most 64 x 30 terms, then
// added in float64). That bounds the relative difference near 64 * 30 * 2^-24 ~ 1e-4 in the worst case and ~1e-6
// typically; the test allows 1e-5 on losses and MSE. Accuracy-type metrics count argmax hits and must be exactly
// equal (a flip would need two logits within ~1e-6 of each other).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { buildModel, type CellKind, type HeadSpec, type RecurrentImplementation } from '@cellsweep/models';
import { evaluate } from './evaluate.js';
import type { MetricName } from './objective.js';
import { SplitTensors } from './split-tensors.js';
import { useWasm } from './test-helpers.js';

before(useWasm);

const T = 30;
const INPUT = 3;
const COUNT = 200;

function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648) * 2 - 1;
  }
  return out;
}

const cases: { cell: CellKind; implementation: RecurrentImplementation; head: HeadSpec; metrics: MetricName[] }[] = [
  {
    cell: 'gru',
    implementation: 'fused',
    head: { kind: 'classification', classes: 3 },
    metrics: ['accuracy', 'macro-f1'],
  },
  { cell: 'lstm', implementation: 'layers', head: { kind: 'regression', outputSize: 1 }, metrics: ['r2', 'mse'] },
  {
    cell: 'rnn',
    implementation: 'fused',
    head: { kind: 'sequence-classification', classes: 4 },
    metrics: ['token-accuracy', 'sequence-accuracy'],
  },
];

for (const { cell, implementation, head, metrics } of cases) {
  test(`${cell} (${implementation}), ${head.kind}: batches cut to their own length score as full-length ones`, () => {
    const perStep = head.kind === 'sequence-classification';
    const model = buildModel({
      cell,
      inputSize: INPUT,
      hidden: 8,
      layers: 1,
      head,
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      seed: 5,
      implementation,
      sequenceLength: null,
      ...(perStep ? {} : { readOut: 'every-step' as const }),
    });
    // Lengths 1..T in a seeded order; padded steps hold random values (they must count nowhere).
    const lengths = Int32Array.from(values(COUNT, 9), (v) => 1 + (Math.floor((v + 1) * 0.5 * T * 7919) % T));
    const x = values(COUNT * T * INPUT, 7);
    const classes = head.kind === 'regression' ? 0 : head.classes;
    const labels = Int32Array.from(values(COUNT * T, 3), (v) => Math.floor((v + 1) * 0.5 * classes) % classes);
    const y = perStep ? labels : head.kind === 'classification' ? labels.slice(0, COUNT) : values(COUNT, 5);
    const mask = new Float32Array(COUNT * T);
    lengths.forEach((length, n) => mask.fill(1, n * T, n * T + length));
    const split = new SplitTensors(
      { count: COUNT, sequenceLength: T, x, y, lengths, ...(perStep ? { mask } : {}) },
      INPUT,
      head,
    );
    try {
      const metric = metrics[0] as MetricName;
      const full = evaluate(model, head, metric, split, { trimToLength: false, metrics, batchSize: 64 });
      const cut = evaluate(model, head, metric, split, { trimToLength: true, metrics, batchSize: 64 });
      const close = (a: number, b: number, what: string) =>
        assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
      close(cut.loss, full.loss, 'loss');
      for (const name of metrics) {
        const [a, b] = [cut.metrics[name] as number, full.metrics[name] as number];
        assert.ok(Number.isFinite(b), name);
        if (name === 'r2' || name === 'mse') close(a, b, name);
        else assert.equal(a, b, name);
      }
      assert.ok(full.loss > 0);
    } finally {
      split.dispose();
      model.dispose();
    }
  });
}
