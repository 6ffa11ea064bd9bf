import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recurrentBackward, recurrentForward } from './fused-recurrent.js';
import { kernelMemory, kernelVariantFor, resolveKernelVariant } from './kernel-selection.js';
import { nativeIsas, nativeKernels } from './native-module.js';
import { relativeError, reportMissingNative, seededArray } from './test-fixtures.js';

const native = nativeKernels().addon;
const noNative = native ? false : nativeKernels().reason;
reportMissingNative(test);

function withKernelsEnv<T>(value: string | undefined, run: () => T): T {
  const saved = process.env.CELLSWEEP_KERNELS;
  if (value === undefined) delete process.env.CELLSWEEP_KERNELS;
  else process.env.CELLSWEEP_KERNELS = value;
  try {
    return run();
  } finally {
    if (saved === undefined) delete process.env.CELLSWEEP_KERNELS;
    else process.env.CELLSWEEP_KERNELS = saved;
  }
}

test('auto picks the best native vector build (avx512, avx2) where built and supported, else wasm; CELLSWEEP_KERNELS forces', () => {
  const wasm = withKernelsEnv('wasm', () => resolveKernelVariant());
  assert.ok(wasm === 'relaxed' || wasm === 'simd', wasm);
  assert.equal(
    withKernelsEnv(undefined, () => resolveKernelVariant()),
    nativeIsas().includes('avx512') ? 'native-avx512' : nativeIsas().includes('avx2') ? 'native-avx2' : wasm,
  );
  assert.equal(
    withKernelsEnv('native-scalar', () => resolveKernelVariant()),
    'native-scalar',
  );
  assert.throws(() => withKernelsEnv('fast', () => resolveKernelVariant()), /CELLSWEEP_KERNELS=fast: expected one of/);
  if (native)
    assert.equal(
      withKernelsEnv('native', () => resolveKernelVariant()),
      `native-${native.isa}`,
    );
  else
    assert.throws(() => withKernelsEnv('native', () => resolveKernelVariant()), {
      name: 'KernelModuleUnavailableError',
    });
  // An explicit preference is not overridden by the environment.
  assert.equal(
    withKernelsEnv('native', () => resolveKernelVariant('simd')),
    'simd',
  );
});

test('the LSTM variants (no native build) run on wasm whatever the preference', () => {
  const peephole = {
    cell: 'lstm' as const,
    inputSize: 3,
    hidden: 4,
    hardSigmoid: false,
    lstmVariant: { peepholes: true },
  };
  const vanilla = { cell: 'lstm' as const, inputSize: 3, hidden: 4, hardSigmoid: false };
  const wasm = resolveKernelVariant('wasm');
  assert.equal(kernelVariantFor(peephole, 'native-scalar'), wasm);
  assert.equal(kernelVariantFor(vanilla, 'native-scalar'), 'native-scalar');
  assert.equal(kernelVariantFor(vanilla, 'simd'), 'simd');
});

test('native and wasm agree on a layer whose tape grows the native memory past its first size', {
  skip: noNative,
}, () => {
  const config = { cell: 'lstm' as const, inputSize: 8, hidden: 130, hardSigmoid: false };
  const shape = { batch: 65, steps: 100 };
  // Recurrent weights small enough that 100 steps stay contracting (randomWeights' scale is chaotic at H = 130,
  // where every build, wasm included, then drifts from the float64 reference by 0.3).
  const g = 4 * config.hidden;
  const weights = {
    kernel: seededArray(config.inputSize * g, 3, 0.3),
    recurrentKernel: seededArray(config.hidden * g, 4, 0.05),
    bias: seededArray(g, 5, 0.1),
  };
  const input = seededArray(shape.batch * shape.steps * config.inputSize, 4, 0.5);
  const memory = kernelMemory('native');
  const before = memory.kernels.memory.buffer.byteLength;
  const native = recurrentForward(config, input, shape, weights, true, { variant: 'native' });
  assert.ok(memory.kernels.memory.buffer.byteLength > before, 'the memory grew while the tape was live');
  const wasm = recurrentForward(config, input, shape, weights, true, { variant: 'wasm' });
  assert.ok(
    relativeError(native.output, wasm.output) < 1e-5,
    `output off by ${relativeError(native.output, wasm.output)}`,
  );
  const dy = seededArray(native.output.length, 5);
  assert.ok(native.tape && wasm.tape);
  const a = recurrentBackward(native.tape, dy, true);
  const b = recurrentBackward(wasm.tape, dy, true);
  for (const key of ['input', 'kernel', 'recurrentKernel', 'bias'] as const) {
    assert.ok(relativeError(a[key], b[key]) < 1e-5, `d${key} off by ${relativeError(a[key], b[key])}`);
  }
});

test('a native kernel given an offset outside its memory throws instead of writing there', { skip: noNative }, () => {
  const { kernels } = kernelMemory('native');
  const outside = kernels.memory.buffer.byteLength + 64;
  assert.throws(() => kernels.columnSums(64, 1, 4, outside), /outside the kernels' memory/);
  assert.throws(() => kernels.transpose(64, 2, 2, -4), /outside the kernels' memory/);
});
