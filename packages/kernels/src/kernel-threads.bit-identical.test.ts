import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { recurrentBackward, recurrentForward } from './fused-recurrent.js';
import { availableKernelVariants } from './kernel-selection.js';
import { kernelThreadedCalls, setKernelThreads } from './kernel-threads.js';
import { parseKernelThreads } from './kernel-thread-limit.js';
import { caseConfig, CELL_CASES, randomWeights, reportMissingNative, seededArray } from './test-fixtures.js';

// Shapes that split unevenly: batches that leave threads different row counts (and, at 3+ threads, a thread without
// a whole GEMM tile), hidden sizes whose padded gate blocks straddle the 16-column panels, and H = 128 with a batch
// of 40, where the whole-sequence products split by rows (T·B > g·H) and by panels (dWh, dWx).
const SHAPES = [
  { batch: 13, steps: 6, inputSize: 5, hidden: 37 },
  { batch: 40, steps: 4, inputSize: 3, hidden: 128 },
  { batch: 25, steps: 3, inputSize: 9, hidden: 70 },
];
const NATIVE = availableKernelVariants().filter((variant) => variant.startsWith('native-'));
reportMissingNative(test);
after(() => setKernelThreads('auto'));

function bytes(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

for (const variant of NATIVE)
  for (const cellCase of CELL_CASES) {
    if (cellCase.lstmVariant) continue; // no native build: they run on wasm, one thread
    test(`${variant} ${cellCase.label}: 2, 3 and 4 threads give the bits of 1 thread, forward and backward`, () => {
      // Small calls stay on one thread (pool.c): count, per thread count, the calls that did not.
      const threaded = new Map<number, number>();
      for (const [index, { batch, steps, inputSize, hidden }] of SHAPES.entries()) {
        const config = caseConfig(cellCase, inputSize, hidden);
        const weights = randomWeights(config, 31 * index + 1);
        const input = seededArray(batch * steps * inputSize, 31 * index + 2);
        const run = (threads: number) => {
          setKernelThreads(threads);
          const { output, tape } = recurrentForward(config, input, { batch, steps }, weights, true, { variant });
          assert.ok(tape);
          const gradients = recurrentBackward(tape, seededArray(output.length, 31 * index + 3), true);
          return { output, ...gradients };
        };
        const one = run(1);
        for (const threads of [2, 3, 4]) {
          const before = kernelThreadedCalls();
          const many = run(threads);
          threaded.set(threads, (threaded.get(threads) ?? 0) + kernelThreadedCalls() - before);
          for (const key of ['output', 'input', 'kernel', 'recurrentKernel', 'bias'] as const) {
            const label = `B=${batch} H=${hidden} ${threads} threads: ${key}`;
            assert.ok(bytes(many[key]).equals(bytes(one[key])), `${label} differs from 1 thread`);
          }
        }
      }
      for (const [threads, calls] of threaded) assert.ok(calls > 0, `${threads} threads: no call ran on more than one`);
    });
  }

test('CELLSWEEP_KERNEL_THREADS: auto or a whole number 1-64, else an error naming the variable and the fix', () => {
  assert.equal(parseKernelThreads('auto'), 0);
  assert.equal(parseKernelThreads('3'), 3);
  for (const bad of ['0', '2.5', 'two', '65'])
    assert.throws(() => parseKernelThreads(bad), {
      name: 'InvalidKernelThreadsError',
      message: /CELLSWEEP_KERNEL_THREADS.*use auto or a whole number 1-64/,
    });
});
