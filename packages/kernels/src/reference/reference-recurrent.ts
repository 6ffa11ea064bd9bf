/**
 * Plain-TypeScript reference of the three recurrent layers (float64, no SIMD, no padding, batch-major), one sample
 * and one time step at a time, exactly as tfjs-layers writes its cells. Slow on purpose: it exists to check the wasm
 * kernels, and is itself checked against tfjs-layers and finite differences in the tests.
 */
import { GATE_COUNT, type FusedCellConfig, type LstmVariant } from '../cell-config.js';
import type { RecurrentGradients, RecurrentWeights, SequenceShape } from '../fused-recurrent.js';
import { gateActivation, gateDerivative, relu, reluDerivative, tanhDerivative } from './activations.js';

/** Row `row` of a [rows][cols] matrix times vector v: Σ_k v[k]·M[k][col] for every col (v·M). */
function vecMat(
  v: ArrayLike<number>,
  m: ArrayLike<number>,
  cols: number,
  colStart: number,
  colCount: number,
): number[] {
  const out = new Array<number>(colCount).fill(0);
  for (let k = 0; k < v.length; k++) {
    const vk = v[k] ?? 0;
    if (vk === 0) continue;
    for (let c = 0; c < colCount; c++) out[c] = (out[c] ?? 0) + vk * (m[k * cols + colStart + c] ?? 0);
  }
  return out;
}

/** Per step, per sample: the pre-activations and states the backward pass needs. */
interface StepRecord {
  hPrev: number[];
  cPrev: number[];
  /** Pre-activations, g·H (gru: the h block already includes (r∘h')·Uh). */
  pre: number[];
  c: number[];
  h: number[];
}

function forwardSample(
  config: FusedCellConfig,
  x: (t: number) => number[],
  steps: number,
  w: RecurrentWeights,
): StepRecord[] {
  const H = config.hidden;
  const G = weightWidth(config);
  const act = gateActivation(config.hardSigmoid);
  let h = new Array<number>(H).fill(0);
  let c = new Array<number>(H).fill(0);
  const records: StepRecord[] = [];
  for (let t = 0; t < steps; t++) {
    const xw = vecMat(x(t), w.kernel, G, 0, G).map((v, j) => v + (w.bias[j] ?? 0));
    const hPrev = h;
    const cPrev = c;
    let pre: number[];
    const ugrnn = config.cell === 'gru' && config.noResetGate === true;
    if (config.cell === 'gru' && !ugrnn) {
      const zr = vecMat(hPrev, w.recurrentKernel, G, 0, 2 * H);
      const z = zr.slice(0, H).map((v, j) => act(v + (xw[j] ?? 0)));
      const r = zr.slice(H).map((v, j) => act(v + (xw[H + j] ?? 0)));
      const rh = vecMat(
        r.map((rj, j) => rj * (hPrev[j] ?? 0)),
        w.recurrentKernel,
        G,
        2 * H,
        H,
      );
      pre = [...zr.map((v, j) => v + (xw[j] ?? 0)), ...rh.map((v, j) => v + (xw[2 * H + j] ?? 0))];
      h = z.map((zj, j) => zj * (hPrev[j] ?? 0) + (1 - zj) * Math.tanh(pre[2 * H + j] ?? 0));
    } else {
      pre = vecMat(hPrev, w.recurrentKernel, G, 0, G).map((v, j) => v + (xw[j] ?? 0));
      if (config.cell === 'rnn') {
        h = pre.map(config.activation === 'relu' ? relu : Math.tanh);
      } else if (ugrnn) {
        // UGRNN (Collins et al. 2017): blocks g, c; h = g∘h' + (1 − g)∘tanh(z_c).
        h = hPrev.map((hj, j) => {
          const g = act(pre[j] ?? 0);
          return g * hj + (1 - g) * Math.tanh(pre[H + j] ?? 0);
        });
      } else {
        const gates = lstmStep(config, w, pre, cPrev);
        c = gates.map(({ c: cj }) => cj);
        h = gates.map(({ o, tc }) => o * tc);
      }
    }
    records.push({ hPrev, cPrev, pre, c, h });
  }
  return records;
}

function sampleInput(input: ArrayLike<number>, shape: SequenceShape, inputSize: number, b: number) {
  return (t: number) => Array.from({ length: inputSize }, (_, i) => input[(b * shape.steps + t) * inputSize + i] ?? 0);
}

/** Output h for every step, [B][T][H]. */
export function referenceForward(
  config: FusedCellConfig,
  input: ArrayLike<number>,
  shape: SequenceShape,
  w: RecurrentWeights,
): Float64Array {
  const out = new Float64Array(shape.batch * shape.steps * config.hidden);
  for (let b = 0; b < shape.batch; b++) {
    const records = forwardSample(config, sampleInput(input, shape, config.inputSize, b), shape.steps, w);
    records.forEach((record, t) => out.set(record.h, (b * shape.steps + t) * config.hidden));
  }
  return out;
}

/** Gradients for a loss whose gradient w.r.t. the output sequence [B][T][H] is `outputGradient`. */
export function referenceBackward(
  config: FusedCellConfig,
  input: ArrayLike<number>,
  shape: SequenceShape,
  w: RecurrentWeights,
  outputGradient: ArrayLike<number>,
): RecurrentGradients {
  const { hidden: H, inputSize: I } = config;
  const G = weightWidth(config);
  const act = gateActivation(config.hardSigmoid);
  const dAct = gateDerivative(config.hardSigmoid);
  const grads = {
    input: new Float64Array(shape.batch * shape.steps * I),
    kernel: new Float64Array(I * G),
    recurrentKernel: new Float64Array(H * G),
    bias: new Float64Array(G),
    peephole: new Float64Array(3 * H),
  };
  const variant = lstmVariantOf(config);
  const ugrnn = config.cell === 'gru' && config.noResetGate === true;
  for (let b = 0; b < shape.batch; b++) {
    const x = sampleInput(input, shape, I, b);
    const records = forwardSample(config, x, shape.steps, w);
    let dhNext = new Array<number>(H).fill(0);
    const dcNext = new Array<number>(H).fill(0);
    for (let t = shape.steps - 1; t >= 0; t--) {
      const { hPrev, cPrev, pre } = records[t] as StepRecord;
      const dh = dhNext.map((v, j) => v + (outputGradient[(b * shape.steps + t) * H + j] ?? 0));
      const dPre = new Array<number>(G).fill(0);
      const dhPrev = new Array<number>(H).fill(0);
      const p = (block: number, j: number) => pre[block * H + j] ?? 0;
      for (let j = 0; j < H; j++) {
        const g = dh[j] ?? 0;
        if (config.cell === 'rnn') {
          dPre[j] = g * (config.activation === 'relu' ? reluDerivative(p(0, j)) : tanhDerivative(p(0, j)));
        } else if (config.cell === 'lstm') {
          const s = lstmStep(config, w, pre, cPrev)[j] as LstmUnit;
          const c0 = cPrev[j] ?? 0;
          const peep = (k: number) => (variant.peepholes ? (w.peephole?.[k * H + j] ?? 0) : 0);
          const dzo = variant.noOutputGate ? 0 : g * s.tc * dAct(s.ao);
          const dc = (dcNext[j] ?? 0) + g * s.o * (variant.noOutputActivation ? 1 : 1 - s.tc * s.tc) + dzo * peep(2);
          // CIFG: f = 1 − i, so i also reaches c through f.
          const di = variant.coupledInputForget ? dc * (s.cc - c0) : dc * s.cc;
          const dzi = variant.noInputGate ? 0 : di * dAct(s.ai);
          const dzf = variant.noForgetGate || variant.coupledInputForget ? 0 : dc * c0 * dAct(s.af);
          const dzc = dc * s.i * (variant.noInputActivation ? 1 : tanhDerivative(s.zc));
          const put = (block: LstmBlockName, value: number) => {
            const at = lstmBlockIndex(config, block);
            if (at >= 0) dPre[at * H + j] = value;
          };
          put('i', dzi);
          put('f', dzf);
          put('c', dzc);
          put('o', dzo);
          dcNext[j] = dc * s.f + dzi * peep(0) + dzf * peep(1);
          grads.peephole[j]! += dzi * c0;
          grads.peephole[H + j]! += dzf * c0;
          grads.peephole[2 * H + j]! += dzo * s.c;
        } else if (ugrnn) {
          const gate = act(p(0, j));
          dPre[j] = g * ((hPrev[j] ?? 0) - Math.tanh(p(1, j))) * dAct(p(0, j));
          dPre[H + j] = g * (1 - gate) * tanhDerivative(p(1, j));
          dhPrev[j] = g * gate;
        } else {
          const z = act(p(0, j));
          dPre[j] = g * ((hPrev[j] ?? 0) - Math.tanh(p(2, j))) * dAct(p(0, j));
          dPre[2 * H + j] = g * (1 - z) * tanhDerivative(p(2, j));
          dhPrev[j] = g * z;
        }
      }
      if (config.cell === 'gru' && !ugrnn) {
        // d(r∘h') = dPre_h · Uhᵀ; then r's gradient and the path through r∘h' into h'.
        for (let j = 0; j < H; j++) {
          let d = 0;
          for (let k = 0; k < H; k++) d += (dPre[2 * H + k] ?? 0) * (w.recurrentKernel[j * G + 2 * H + k] ?? 0);
          const r = act(p(1, j));
          dPre[H + j] = d * (hPrev[j] ?? 0) * dAct(p(1, j));
          dhPrev[j] = (dhPrev[j] ?? 0) + d * r;
          for (let k = 0; k < H; k++)
            grads.recurrentKernel[j * G + 2 * H + k]! += r * (hPrev[j] ?? 0) * (dPre[2 * H + k] ?? 0);
        }
      }
      // Recurrent path (gru: the z and r blocks only; the h block went through r∘h' above).
      const recurrentCols = config.cell === 'gru' && !ugrnn ? 2 * H : G;
      for (let j = 0; j < H; j++) {
        let d = 0;
        for (let k = 0; k < recurrentCols; k++) {
          d += (dPre[k] ?? 0) * (w.recurrentKernel[j * G + k] ?? 0);
          grads.recurrentKernel[j * G + k]! += (hPrev[j] ?? 0) * (dPre[k] ?? 0);
        }
        dhPrev[j] = (dhPrev[j] ?? 0) + d;
      }
      const xt = x(t);
      for (let k = 0; k < G; k++) {
        grads.bias[k]! += dPre[k] ?? 0;
        for (let i = 0; i < I; i++) grads.kernel[i * G + k]! += (xt[i] ?? 0) * (dPre[k] ?? 0);
      }
      for (let i = 0; i < I; i++) {
        let d = 0;
        for (let k = 0; k < G; k++) d += (dPre[k] ?? 0) * (w.kernel[i * G + k] ?? 0);
        grads.input[(b * shape.steps + t) * I + i] = d;
      }
      dhNext = dhPrev;
    }
  }
  return {
    input: Float32Array.from(grads.input),
    kernel: Float32Array.from(grads.kernel),
    recurrentKernel: Float32Array.from(grads.recurrentKernel),
    bias: Float32Array.from(grads.bias),
    ...(variant.peepholes ? { peephole: Float32Array.from(grads.peephole) } : {}),
  };
}

type LstmBlockName = 'i' | 'f' | 'c' | 'o';

function lstmVariantOf(config: FusedCellConfig): Required<LstmVariant> {
  const v = config.cell === 'lstm' ? (config.lstmVariant ?? {}) : {};
  return {
    noInputGate: v.noInputGate === true,
    noForgetGate: v.noForgetGate === true,
    noOutputGate: v.noOutputGate === true,
    noInputActivation: v.noInputActivation === true,
    noOutputActivation: v.noOutputActivation === true,
    coupledInputForget: v.coupledInputForget === true,
    peepholes: v.peepholes === true,
  };
}

/** The LSTM blocks that have weights, in order (written out here, not taken from the driver's lstm-variant.ts). */
function lstmBlockNames(config: FusedCellConfig): LstmBlockName[] {
  const v = lstmVariantOf(config);
  return (['i', 'f', 'c', 'o'] as const).filter(
    (block) =>
      !(block === 'i' && v.noInputGate) &&
      !(block === 'f' && (v.noForgetGate || v.coupledInputForget)) &&
      !(block === 'o' && v.noOutputGate),
  );
}

function lstmBlockIndex(config: FusedCellConfig, block: LstmBlockName): number {
  return lstmBlockNames(config).indexOf(block);
}

/** Columns of kernel, recurrent kernel and bias (the UGRNN has two blocks, g and c). */
function weightWidth(config: FusedCellConfig): number {
  if (config.cell === 'gru' && config.noResetGate) return 2 * config.hidden;
  return (config.cell === 'lstm' ? lstmBlockNames(config).length : GATE_COUNT[config.cell]) * config.hidden;
}

/** One LSTM unit at one step: gate pre-activations (peepholes included) and values, and the new cell state. */
interface LstmUnit {
  ai: number;
  af: number;
  ao: number;
  zc: number;
  i: number;
  f: number;
  cc: number;
  o: number;
  c: number;
  tc: number;
}

/** Every unit of one LSTM step (any variant) from its pre-activations `pre` (weights only) and c'. */
function lstmStep(
  config: FusedCellConfig,
  w: RecurrentWeights,
  pre: readonly number[],
  cPrev: readonly number[],
): LstmUnit[] {
  const H = config.hidden;
  const v = lstmVariantOf(config);
  const act = gateActivation(config.hardSigmoid);
  const z = (block: LstmBlockName, j: number) => {
    const at = lstmBlockIndex(config, block);
    return at < 0 ? 0 : (pre[at * H + j] ?? 0);
  };
  const peep = (k: number, j: number) => (v.peepholes ? (w.peephole?.[k * H + j] ?? 0) : 0);
  return cPrev.map((c0, j) => {
    const ai = z('i', j) + peep(0, j) * c0;
    const af = z('f', j) + peep(1, j) * c0;
    const zc = z('c', j);
    const i = v.noInputGate ? 1 : act(ai);
    const f = v.coupledInputForget ? 1 - i : v.noForgetGate ? 1 : act(af);
    const cc = v.noInputActivation ? zc : Math.tanh(zc);
    const c = f * c0 + i * cc;
    const ao = z('o', j) + peep(2, j) * c;
    const o = v.noOutputGate ? 1 : act(ao);
    return { ai, af, ao, zc, i, f, cc, o, c, tc: v.noOutputActivation ? c : Math.tanh(c) };
  });
}
