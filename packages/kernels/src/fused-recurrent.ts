/**
 * Whole-sequence forward and backward passes of one recurrent layer on plain Float32Arrays, driving the wasm
 * kernels: the input projection for all time steps is one matrix product, the recurrence one call, and BPTT one call
 * followed by three whole-sequence matrix products for the weight gradients. tfjs runs the same layer as ~12 small
 * ops per step forward and more backward (~1,000+ launches per T=30 batch); see fused-op.ts for the tfjs binding.
 *
 * Layouts (tfjs's): input [B][T][I]; kernel [I][g·H]; recurrentKernel [H][g·H]; bias [g·H]; output [B][T][H], or
 * [B][H] (last step) without `returnSequences`. Inside, buffers are time-major and padded to multiples of 4.
 */
import { GATE_COUNT, padTo4, type FusedCellConfig } from './cell-config.js';
import { KernelShapeError, KernelTapeError } from './errors.js';
import { hasPeepholes, narrowBlocks, variantFlags, weightBlocks, widenBlocks } from './lstm-variant.js';
import { kernelMemory, kernelVariantFor, type KernelVariantPreference } from './kernel-selection.js';
import { Scratch, type KernelMemory } from './wasm-module.js';

export interface RecurrentWeights {
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  /** The peephole LSTM's diagonal weights [3H] (i, f, o); only that variant has them. */
  peephole?: Float32Array;
}

export interface SequenceShape {
  batch: number;
  steps: number;
}

export interface RecurrentGradients {
  input: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
  /** Only for the peephole LSTM. */
  peephole?: Float32Array;
}

/** Sizes shared by both passes. */
function dims(config: FusedCellConfig, shape: SequenceShape) {
  const gates = GATE_COUNT[config.cell];
  const hp = padTo4(config.hidden);
  const ip = padTo4(config.inputSize);
  const rows = shape.steps * shape.batch;
  // The blocks that have weights: all `gates` but for an LSTM variant, which the kernel runs as four (lstm-variant.ts).
  const blocks = weightBlocks(config, gates);
  return { gates, hp, ip, g: gates * hp, rows, stepH: shape.batch * hp, blocks, flags: variantFlags(config) };
}
type Dims = ReturnType<typeof dims>;

/** Float offsets of the tape's parts within its one region. */
function tapeLayout(config: FusedCellConfig, shape: SequenceShape, d: Dims) {
  const sizes = {
    wx: d.ip * d.g,
    wh: d.hp * d.g,
    xs: d.rows * d.ip,
    hs: (shape.steps + 1) * d.stepH,
    gates: config.cell === 'rnn' ? 0 : d.rows * d.g,
    // lstm: c_0 .. c_T; gru: r∘h_{t-1} per step.
    extra: config.cell === 'lstm' ? (shape.steps + 1) * d.stepH : config.cell === 'gru' ? d.rows * d.hp : 0,
    // lstm: tanh(c_1) .. tanh(c_T), so BPTT does not recompute them.
    tanhC: config.cell === 'lstm' ? d.rows * d.hp : 0,
    // The peephole LSTM's weights, padded [3][hp].
    peep: hasPeepholes(config) ? 3 * d.hp : 0,
  };
  let floats = 0;
  const offsets = {} as Record<keyof typeof sizes, number>;
  for (const [key, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    offsets[key] = floats;
    floats += Math.ceil(size / 16) * 16;
  }
  return { offsets, floats };
}

/**
 * What the backward pass needs from the forward pass (padded weights, input, states, gates), left in wasm memory.
 * `recurrentBackward` consumes it; a tape that is never consumed is freed when garbage-collected.
 */
export class RecurrentTape {
  private region: number | null;

  constructor(
    readonly memory: KernelMemory,
    readonly config: FusedCellConfig,
    readonly shape: SequenceShape,
    region: number,
    readonly at: Record<'wx' | 'wh' | 'xs' | 'hs' | 'gates' | 'extra' | 'tanhC' | 'peep', number>,
  ) {
    this.region = region;
    unconsumedTapes.register(this, { memory, region }, this);
  }

  get released(): boolean {
    return this.region === null;
  }

  release(): void {
    if (this.region === null) return;
    unconsumedTapes.unregister(this);
    this.memory.allocator.release(this.region);
    this.region = null;
  }
}

const unconsumedTapes = new FinalizationRegistry<{ memory: KernelMemory; region: number }>(({ memory, region }) =>
  memory.allocator.release(region),
);

function checkShapes(
  config: FusedCellConfig,
  input: Float32Array,
  shape: SequenceShape,
  weights: RecurrentWeights,
): void {
  const { inputSize: i, hidden: h } = config;
  const gh = weightBlocks(config, GATE_COUNT[config.cell]).length * h;
  const check = (what: string, length: number, expected: number[]) => {
    if (length !== expected.reduce((a, b) => a * b, 1)) throw new KernelShapeError(what, expected, [length]);
  };
  check('input', input.length, [shape.batch, shape.steps, i]);
  check('kernel', weights.kernel.length, [i, gh]);
  check('recurrentKernel', weights.recurrentKernel.length, [h, gh]);
  check('bias', weights.bias.length, [gh]);
  if (hasPeepholes(config)) check('peephole', weights.peephole?.length ?? 0, [3 * h]);
}

/**
 * Forward pass. Returns the output and, with `keepTape` (default), the tape for `recurrentBackward`; inference
 * skips it.
 */
export function recurrentForward(
  config: FusedCellConfig,
  input: Float32Array,
  shape: SequenceShape,
  weights: RecurrentWeights,
  returnSequences: boolean,
  options: { variant?: KernelVariantPreference; keepTape?: boolean } = {},
): { output: Float32Array; tape: RecurrentTape | null } {
  checkShapes(config, input, shape, weights);
  const { variant = 'auto', keepTape = true } = options;
  const d = dims(config, shape);
  const { batch, steps } = shape;
  const h = config.hidden;
  const memory = kernelMemory(kernelVariantFor(config, variant));
  const k = memory.kernels;
  const scratch = new Scratch(memory);
  const layout = tapeLayout(config, shape, d);
  const region = memory.allocator.alloc(layout.floats * 4);
  const at = Object.fromEntries(
    Object.entries(layout.offsets).map(([key, offset]) => [key, region + offset * 4]),
  ) as RecurrentTape['at'];
  try {
    const wide = (values: Float32Array, rows: number) => widenBlocks(values, rows, h, d.blocks, d.gates);
    const raw = {
      kernel: scratch.put(wide(weights.kernel, config.inputSize)),
      recurrent: scratch.put(wide(weights.recurrentKernel, h)),
      bias: scratch.put(wide(weights.bias, 1)),
      input: scratch.put(input),
    };
    if (weights.peephole && hasPeepholes(config)) {
      k.padGateColumns(scratch.put(weights.peephole), 1, h, 3, at.peep, 1, d.hp);
    }
    k.padGateColumns(raw.kernel, config.inputSize, h, d.gates, at.wx, d.ip, d.hp);
    k.padGateColumns(raw.recurrent, h, h, d.gates, at.wh, d.hp, d.hp);
    const bias = scratch.alloc(d.g);
    k.padGateColumns(raw.bias, 1, h, d.gates, bias, 1, d.hp);
    k.toTimeMajor(raw.input, batch, steps, config.inputSize, at.xs, d.ip);
    // rnn keeps no gates (its backward pass reads tanh's output from hs), so its pre-activations live in scratch.
    const z = config.cell === 'rnn' ? scratch.alloc(d.rows * d.g) : at.gates;
    k.gemmBias(d.rows, d.g, d.ip, at.xs, d.ip, at.wx, d.g, bias, z, d.g);
    const hard = config.hardSigmoid ? 1 : 0;
    const packed = scratch.alloc(d.g * d.hp);
    if (d.flags !== 0) {
      k.lstmVariantForward(steps, batch, d.hp, z, at.wh, at.hs, at.extra, at.tanhC, packed, hard, d.flags, at.peep);
    } else if (config.cell === 'lstm')
      k.lstmForward(steps, batch, d.hp, z, at.wh, at.hs, at.extra, at.tanhC, packed, hard);
    else if (config.cell === 'gru') {
      k.gruForward(steps, batch, d.hp, z, at.wh, at.hs, at.extra, packed, hard, config.noResetGate ? 1 : 0);
    } else k.rnnForward(steps, batch, d.hp, z, at.wh, at.hs, packed, config.activation === 'relu' ? 1 : 0);
    const outSteps = returnSequences ? steps : 1;
    const out = scratch.alloc(batch * outSteps * h);
    k.toBatchMajor(at.hs + (returnSequences ? 1 : steps) * d.stepH * 4, batch, outSteps, d.hp, out, h);
    const output = memory.take(out, batch * outSteps * h);
    if (!keepTape) {
      memory.allocator.release(region);
      return { output, tape: null };
    }
    return { output, tape: new RecurrentTape(memory, config, shape, region, at) };
  } catch (error) {
    memory.allocator.release(region);
    throw error;
  } finally {
    scratch.releaseAll();
  }
}

/**
 * Backward pass: gradients of the loss w.r.t. input and weights (at the weights the forward pass saw), given its
 * gradient w.r.t. the output. Consumes the tape.
 */
export function recurrentBackward(
  tape: RecurrentTape,
  outputGradient: Float32Array,
  returnSequences: boolean,
): RecurrentGradients {
  if (tape.released) throw new KernelTapeError('the tape was already consumed by a backward pass');
  const { memory, config, shape, at } = tape;
  const d = dims(config, shape);
  const { batch, steps } = shape;
  const h = config.hidden;
  const expected = batch * h * (returnSequences ? steps : 1);
  if (outputGradient.length !== expected)
    throw new KernelShapeError('output gradient', [expected], [outputGradient.length]);
  const k = memory.kernels;
  const scratch = new Scratch(memory);
  try {
    const whT = scratch.alloc(d.g * d.hp);
    k.transpose(at.wh, d.hp, d.g, whT);
    const rawGradient = scratch.put(outputGradient);
    const dhs = scratch.alloc(d.rows * d.hp);
    if (returnSequences) {
      k.toTimeMajor(rawGradient, batch, steps, h, dhs, d.hp);
    } else {
      memory.view(dhs, d.rows * d.hp).fill(0);
      k.toTimeMajor(rawGradient, batch, 1, h, dhs + (steps - 1) * d.stepH * 4, d.hp);
    }
    const dz = scratch.alloc(d.rows * d.g);
    const scratchA = scratch.alloc(d.stepH);
    const scratchB = scratch.alloc(d.stepH);
    const hard = config.hardSigmoid ? 1 : 0;
    const packed = scratch.alloc(d.g * d.hp);
    const dwh = scratch.alloc(d.hp * d.g);
    const dpeep = hasPeepholes(config) ? scratch.alloc(3 * d.hp) : 0;
    if (d.flags !== 0) {
      const { flags } = d;
      k.lstmVariantBackward(
        steps,
        batch,
        d.hp,
        at.gates,
        at.extra,
        at.tanhC,
        whT,
        dhs,
        dz,
        scratchA,
        scratchB,
        packed,
        hard,
        flags,
        at.peep,
        dpeep,
      );
    } else if (config.cell === 'lstm')
      k.lstmBackward(steps, batch, d.hp, at.gates, at.extra, at.tanhC, whT, dhs, dz, scratchA, scratchB, packed, hard);
    else if (config.cell === 'gru') {
      const noReset = config.noResetGate ? 1 : 0;
      k.gruBackward(steps, batch, d.hp, at.gates, at.hs, whT, dhs, dz, scratchA, scratchB, packed, hard, noReset);
    } else
      k.rnnBackward(steps, batch, d.hp, at.hs, whT, dhs, dz, scratchA, packed, config.activation === 'relu' ? 1 : 0);
    // Weight gradients over all steps at once: dWh = Hᵀ·dz (H = h_0 .. h_{T-1}, each step's recurrent input, read
    // transposed in place) and dWx = Xᵀ·dz. dz is packed once for both: read row by row it strides g floats (4 KB
    // at H = 256), and packing took dWh at H = 256 from 30 to ~50 GFLOP/s. The gru packs two column segments:
    // [Uz Ur] multiply h_{t-1}, Uh multiplies r∘h_{t-1}.
    const segments =
      config.cell === 'gru'
        ? [
            { column: 0, width: 2 * d.hp, recurrentInput: at.hs },
            { column: 2 * d.hp, width: d.hp, recurrentInput: at.extra },
          ]
        : [{ column: 0, width: d.g, recurrentInput: at.hs }];
    const dwx = scratch.alloc(d.ip * d.g);
    const dzPacked = scratch.alloc(d.rows * d.g);
    for (const { column, width, recurrentInput } of segments) {
      const panels = dzPacked + column * d.rows * 4;
      k.packPanels(dz + column * 4, d.rows, width, d.g, panels);
      k.gemmPackedTransposedA(d.hp, width, d.rows, recurrentInput, d.hp, panels, dwh + column * 4, d.g, 0);
      k.gemmPackedTransposedA(d.ip, width, d.rows, at.xs, d.ip, panels, dwx + column * 4, d.g, 0);
    }
    // Input side: db = Σ dz, dX = dz·Wxᵀ, each over all T·B rows.
    const db = scratch.alloc(d.g);
    k.columnSums(dz, d.rows, d.g, db);
    const wxT = scratch.alloc(d.g * d.ip);
    k.transpose(at.wx, d.ip, d.g, wxT);
    const dxs = scratch.alloc(d.rows * d.ip);
    k.gemm(d.rows, d.ip, d.g, dz, d.g, wxT, d.ip, dxs, d.ip, 0);

    const gh = d.gates * h;
    const out = {
      kernel: scratch.alloc(config.inputSize * gh),
      recurrentKernel: scratch.alloc(h * gh),
      bias: scratch.alloc(gh),
      input: scratch.alloc(batch * steps * config.inputSize),
    };
    k.unpadGateColumns(dwx, config.inputSize, h, d.gates, out.kernel, d.hp);
    k.unpadGateColumns(dwh, h, h, d.gates, out.recurrentKernel, d.hp);
    k.unpadGateColumns(db, 1, h, d.gates, out.bias, d.hp);
    k.toBatchMajor(dxs, batch, steps, d.ip, out.input, config.inputSize);
    const narrow = (values: Float32Array, rows: number) => narrowBlocks(values, rows, h, d.blocks, d.gates);
    const peephole = dpeep === 0 ? null : scratch.alloc(3 * h);
    if (peephole !== null) k.unpadGateColumns(dpeep, 1, h, 3, peephole, d.hp);
    return {
      input: memory.take(out.input, batch * steps * config.inputSize),
      kernel: narrow(memory.take(out.kernel, config.inputSize * gh), config.inputSize),
      recurrentKernel: narrow(memory.take(out.recurrentKernel, h * gh), h),
      bias: narrow(memory.take(out.bias, gh), 1),
      ...(peephole === null ? {} : { peephole: memory.take(peephole, 3 * h) }),
    };
  } finally {
    scratch.releaseAll();
    tape.release();
  }
}
