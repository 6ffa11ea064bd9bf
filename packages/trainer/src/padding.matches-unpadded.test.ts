// Variable-length data: a right-padded batch must train exactly like its sequences run unpadded one at a time.
// Every cell is causal, so outputs at real steps do not see the padding; the objective reads per-sequence heads out
// at each sequence's own last step and weights per-step losses by the mask. Checked here for the loss, every
// weight's gradient, the predictions and the metric sums, on both recurrent implementations and the transformer.
// The padded steps hold random values, not zeros, so nothing can pass by the padding happening to be harmless.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  buildModel,
  loadCellPlugins,
  type CellKind,
  type HeadSpec,
  type ModelBuildSpec,
  type RecurrentImplementation,
} from '@cellsweep/models';
import { addSums, batchLoss, batchSums, readOut, type Batch } from './objective.js';
import { SplitTensors, disposeBatch } from './split-tensors.js';
import { useWasm } from './test-helpers.js';

/** The example plugin cell (a tfjs custom RNN cell): a user's cell gets the same guarantee as the built-in ones. */
const MGU_MODULE = new URL('../../../examples/own-data/plugins/mgu/index.mjs', import.meta.url).pathname;

before(async () => {
  await useWasm();
  await loadCellPlugins([MGU_MODULE]);
});

/**
 * A full, a short and a one-step sequence. tfjs-layers cannot differentiate its recurrent layers or timeDistributed
 * (the per-step head) on a one-step input (tfjs 4.22: "Argument tensors passed to stack must be a `Tensor[]`"), so
 * their unpadded reference gets 3 steps there instead; a padded batch never has a one-step input.
 */
const lengthsFor = (cell: CellKind, implementation: RecurrentImplementation, head: HeadSpec): number[] =>
  head.kind === 'sequence-classification' || (cell !== 'transformer' && implementation === 'layers')
    ? [5, 2, 4, 3]
    : [5, 2, 4, 1];
const T = 5;
const TRANSFORMER = { heads: 2, ffMultiplier: 2, positional: 'sinusoidal' } as const;
const INPUT = 3;

/** Deterministic values in [-1, 1) (a small LCG), so every run checks the same numbers. */
function values(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = (state / 2147483648) * 2 - 1;
  }
  return out;
}

/**
 * Largest difference over the larger of the expected values' scale and `floor`: some gradients are zero in exact
 * arithmetic (the transformer's key bias: softmax ignores a shift shared by every key) and only float noise here.
 */
function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  assert.equal(actual.length, expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / Math.max(scale, floor);
}

interface Run {
  loss: number;
  grads: Float32Array[];
  predictions: Float32Array;
  sums: number[];
}

function run(model: tf.LayersModel, head: HeadSpec, batch: Batch): Run {
  let result: Run | undefined;
  tf.tidy(() => {
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const loss = (): tf.Scalar => batchLoss(head, model.apply(batch.x) as tf.Tensor, batch);
    const { value, grads } = tf.variableGrads(loss, variables);
    const output = model.apply(batch.x) as tf.Tensor;
    result = {
      loss: value.dataSync()[0] as number,
      grads: variables.map((variable) => (grads[variable.name] as tf.Tensor).dataSync() as Float32Array),
      predictions: readOut(head, output, batch).dataSync() as Float32Array,
      sums: Array.from(batchSums(head, output, batch).dataSync()),
    };
  });
  return result as Run;
}

function check(cell: CellKind, implementation: RecurrentImplementation, head: HeadSpec): void {
  const perStep = head.kind === 'sequence-classification';
  const spec: Omit<ModelBuildSpec, 'sequenceLength'> = {
    cell,
    inputSize: INPUT,
    hidden: 6,
    layers: 2,
    head,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    ...(cell === 'transformer' ? { transformer: TRANSFORMER } : {}),
    seed: 11,
    implementation,
  };
  const padded = buildModel({ ...spec, sequenceLength: T, ...(perStep ? {} : { readOut: 'every-step' as const }) });
  const unpadded = buildModel({ ...spec, sequenceLength: null });
  unpadded.setWeights(padded.getWeights());
  const LENGTHS = lengthsFor(cell, implementation, head);
  const count = LENGTHS.length;
  const x = values(count * T * INPUT, 7);
  const classes = head.kind === 'regression' ? 0 : head.classes;
  const labels = Int32Array.from(values(count * T, 3), (v) => Math.floor((v + 1) * 0.5 * classes) % classes);
  const y = perStep ? labels : head.kind === 'classification' ? labels.slice(0, count) : values(count, 5);
  const mask = new Float32Array(count * T);
  LENGTHS.forEach((length, n) => mask.fill(1, n * T, n * T + length));
  const split = new SplitTensors(
    { count, sequenceLength: T, x, y, lengths: Int32Array.from(LENGTHS), ...(perStep ? { mask } : {}) },
    INPUT,
    head,
  );
  const batch = split.gather(Int32Array.from({ length: count }, (_, n) => n));
  try {
    const actual = run(padded, head, batch);
    // The reference: each sequence alone, cut to its own length, through the model as it is built for fixed data.
    let loss = 0;
    let weight = 0;
    const grads = actual.grads.map((grad) => new Float64Array(grad.length));
    const predictions: number[] = [];
    const sums: number[] = [];
    LENGTHS.forEach((length, n) => {
      const one = ((): Run => {
        const xs = tf.tensor3d(x.subarray(n * T * INPUT, (n * T + length) * INPUT), [1, length, INPUT]);
        const ys = perStep
          ? tf.tensor2d(labels.subarray(n * T, n * T + length), [1, length], 'int32')
          : head.kind === 'classification'
            ? tf.tensor1d([y[n] as number], 'int32')
            : tf.tensor2d([y[n] as number], [1, 1]);
        const result = run(unpadded, head, { x: xs, y: ys, mask: null });
        tf.dispose([xs, ys]);
        return result;
      })();
      const share = perStep ? length : 1;
      loss += one.loss * share;
      weight += share;
      one.grads.forEach((grad, i) => {
        const total = grads[i] as Float64Array;
        grad.forEach((g, j) => (total[j] = (total[j] as number) + g * share));
      });
      predictions.push(...one.predictions);
      addSums(sums, one.sums);
    });
    assert.ok(Math.abs(actual.loss - loss / weight) <= 1e-5 * Math.max(1, Math.abs(loss / weight)), 'loss');
    actual.grads.forEach((grad, i) => {
      const error = maxRelativeError(
        grad,
        (grads[i] as Float64Array).map((g) => g / weight),
        1e-3,
      );
      assert.ok(error < 1e-4, `gradient of ${padded.trainableWeights[i]?.originalName} off by ${error}`);
    });
    // Per step, the padded run predicts at every step; compare its real steps only.
    const width = head.kind === 'regression' ? head.outputSize : head.classes;
    const real = perStep
      ? Float32Array.from(
          LENGTHS.flatMap((length, n) => [...actual.predictions.subarray(n * T * width, (n * T + length) * width)]),
        )
      : actual.predictions;
    assert.ok(maxRelativeError(real, predictions) < 1e-5, 'predictions');
    // Loss sum, hits, scored elements (and for labelling: right sequences, sequences) as the unpadded runs add up.
    assert.ok(Math.abs((actual.sums[0] as number) - (sums[0] as number)) < 1e-4 * Math.abs(sums[0] as number));
    assert.deepEqual(actual.sums.slice(1), sums.slice(1));
    assert.equal(actual.sums[2], perStep ? LENGTHS.reduce((a, b) => a + b) : count);
  } finally {
    disposeBatch(batch);
    split.dispose();
    padded.dispose();
    unpadded.dispose();
  }
}

const HEADS: HeadSpec[] = [
  { kind: 'classification', classes: 3 },
  { kind: 'regression', outputSize: 1 },
  { kind: 'sequence-classification', classes: 4 },
];

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  for (const implementation of ['fused', 'layers'] as const) {
    for (const head of HEADS) {
      test(`${cell} (${implementation}), ${head.kind}: a padded batch matches its sequences unpadded one by one`, () =>
        check(cell, implementation, head));
    }
  }
}

for (const head of HEADS) {
  test(`transformer, ${head.kind}: a padded batch matches its sequences unpadded one by one`, () =>
    check('transformer', 'layers', head));
}

for (const head of HEADS) {
  test(`plugin:mgu (the example plugin), ${head.kind}: a padded batch matches its sequences unpadded one by one`, () =>
    check('plugin:mgu', 'layers', head));
}

// Training batches of ragged data are cut to their longest sequence (SplitTensors.gather with trim): the cut steps
// are padding in every sample, so loss, gradients and predictions stay those of the full padded batch.
for (const implementation of ['fused', 'layers'] as const) {
  for (const head of [HEADS[0], HEADS[2]] as HeadSpec[]) {
    test(`gru (${implementation}), ${head.kind}: a batch cut to its longest sequence trains as the full one`, () => {
      const perStep = head.kind === 'sequence-classification';
      const model = buildModel({
        cell: 'gru',
        inputSize: INPUT,
        hidden: 5,
        layers: 1,
        head,
        recurrentActivation: 'sigmoid',
        unitForgetBias: false,
        seed: 4,
        implementation,
        sequenceLength: null,
        ...(perStep ? {} : { readOut: 'every-step' as const }),
      });
      const steps = 8;
      const lengths = Int32Array.from([3, 1, 2, 3]);
      const count = lengths.length;
      const mask = new Float32Array(count * steps);
      lengths.forEach((length, n) => mask.fill(1, n * steps, n * steps + length));
      const split = new SplitTensors(
        {
          count,
          sequenceLength: steps,
          x: values(count * steps * INPUT, 9),
          y: perStep ? new Int32Array(count * steps).map((_, i) => i % 3) : Int32Array.from([0, 2, 1, 1]),
          lengths,
          ...(perStep ? { mask } : {}),
        },
        INPUT,
        head,
      );
      const all = Int32Array.from([0, 1, 2, 3]);
      const full = split.gather(all);
      const cut = split.gather(all, true);
      try {
        assert.equal(cut.x.shape[1], 3);
        const expected = run(model, head, full);
        const actual = run(model, head, cut);
        assert.ok(Math.abs(actual.loss - expected.loss) <= 1e-6 * Math.abs(expected.loss), 'loss');
        actual.grads.forEach((grad, i) => assert.ok(maxRelativeError(grad, expected.grads[i] as Float32Array) < 1e-5));
        const width = head.kind === 'regression' ? head.outputSize : head.classes;
        const real = (predictions: Float32Array, stride: number) =>
          perStep
            ? [...lengths].flatMap((length, n) => [
                ...predictions.subarray(n * stride * width, (n * stride + length) * width),
              ])
            : [...predictions];
        assert.ok(maxRelativeError(real(actual.predictions, 3), real(expected.predictions, steps)) < 1e-6);
      } finally {
        disposeBatch(full);
        disposeBatch(cut);
        split.dispose();
        model.dispose();
      }
    });
  }
}

test('a length outside 1..sequenceLength is refused when the split becomes tensors', () => {
  const head: HeadSpec = { kind: 'classification', classes: 2 };
  const split = { count: 2, sequenceLength: 3, x: new Float32Array(6), y: Int32Array.from([0, 1]) };
  const withLengths = (lengths: number[]) => () =>
    new SplitTensors({ ...split, lengths: Int32Array.from(lengths) }, 1, head);
  assert.throws(withLengths([3, 0]), /sequence 1 has length 0/);
  assert.throws(withLengths([4, 1]), /length 4; lengths must be 1\.\.3/);
});
