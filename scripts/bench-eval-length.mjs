// Measures evaluation of a ragged split at the full padded length against batches cut to their own length
// (packages/trainer/src/evaluate.ts): the same gru, the same sequences (lengths uniform in 1..MAX), batches of 512.
// Prints the median time of 3 passes each and the two losses (equal up to float rounding).
// Usage: npm run build && [IMPL=fused|layers] [HIDDEN=64] node scripts/bench-eval-length.mjs [max=50] [sequences=4000]
import { createRng } from '@cellsweep/core';
import { buildModel } from '@cellsweep/models';
import { selectBackend } from '@cellsweep/trainer';
import { evaluate } from '../packages/trainer/dist/evaluate.js';
import { SplitTensors } from '../packages/trainer/dist/split-tensors.js';

const MAX = Number(process.argv[2] ?? 50);
const COUNT = Number(process.argv[3] ?? 4000);
const HIDDEN = Number(process.env.HIDDEN ?? 64);
const INPUT = 4;
const implementation = process.env.IMPL ?? 'fused';

await selectBackend('wasm');
const rng = createRng(1);
const lengths = Int32Array.from({ length: COUNT }, () => 1 + rng.int(MAX));
const x = Float32Array.from({ length: COUNT * MAX * INPUT }, () => rng.normal());
const y = Int32Array.from({ length: COUNT }, () => rng.int(2));
const head = { kind: 'classification', classes: 2 };
const model = buildModel({
  cell: 'gru',
  inputSize: INPUT,
  hidden: HIDDEN,
  layers: 1,
  head,
  recurrentActivation: 'sigmoid',
  unitForgetBias: false,
  seed: 1,
  implementation,
  sequenceLength: null,
  readOut: 'every-step',
});
const split = new SplitTensors({ count: COUNT, sequenceLength: MAX, x, y, lengths }, INPUT, head);
const time = (trimToLength) => {
  const runs = [];
  let result;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    result = evaluate(model, head, 'accuracy', split, { trimToLength });
    runs.push((performance.now() - started) / 1000);
  }
  return { seconds: runs.sort((a, b) => a - b)[1], loss: result.loss };
};
const full = time(false);
const cut = time(true);
const mean = lengths.reduce((a, b) => a + b, 0) / COUNT;
console.log(
  `evaluate ${COUNT} sequences, lengths 1..${MAX} (mean ${mean.toFixed(1)}), gru h=${HIDDEN} ${implementation}, batches of 512:`,
);
console.log(`  full padded length  ${full.seconds.toFixed(2)} s  (loss ${full.loss.toFixed(7)})`);
console.log(`  cut to own length   ${cut.seconds.toFixed(2)} s  (loss ${cut.loss.toFixed(7)})`);
console.log(`  ${(full.seconds / cut.seconds).toFixed(2)}× faster`);
split.dispose();
model.dispose();
