// The LSTM variants of Greff et al. 2017 over a whole sequence, on the LSTM's buffers (see lstm.ts): four gate blocks
// i, f, c, o, where the driver leaves a block a variant does not have at zero weights and `flags` says what replaces
// it. The vanilla LSTM keeps its own kernel (lstm.ts), so its results and speed do not depend on this file.
//   i = 1 (NIG) or gate(z_i + p_i∘c');  f = 1 (NFG), 1 − i (CIFG) or gate(z_f + p_f∘c');  c~ = z_c (NIAF) or tanh(z_c)
//   c = f∘c' + i∘c~;  o = 1 (NOG) or gate(z_o + p_o∘c);  h = o∘c (NOAF) or o∘tanh(c)
// Peepholes p (PH) are [3][hp] floats (i, f, o) at `peep`; without PH `peep` is not read.
import { gemmPacked, packPanels } from './gemm';
import { vgate, vgateGrad, vtanh, vtanhGrad } from './activations';

export const NO_INPUT_GATE: i32 = 1;
export const NO_FORGET_GATE: i32 = 2;
export const NO_OUTPUT_GATE: i32 = 4;
export const NO_INPUT_ACTIVATION: i32 = 8;
export const NO_OUTPUT_ACTIVATION: i32 = 16;
export const COUPLED_INPUT_FORGET: i32 = 32;
export const PEEPHOLES: i32 = 64;

export function lstmVariantForward(
  steps: i32, batch: i32, hp: i32, z: usize, wh: usize, hs: usize, cs: usize, tcs: usize, packed: usize, hard: bool,
  flags: i32, peep: usize,
): void {
  const g = hp << 2;
  packPanels(wh, hp, g, g, packed);
  const stepZ = <usize>batch * g << 2, stepH = <usize>batch * hp << 2, gateB = <usize>hp << 2;
  const nig = (flags & NO_INPUT_GATE) != 0, nfg = (flags & NO_FORGET_GATE) != 0, nog = (flags & NO_OUTPUT_GATE) != 0;
  const niaf = (flags & NO_INPUT_ACTIVATION) != 0, noaf = (flags & NO_OUTPUT_ACTIVATION) != 0;
  const cifg = (flags & COUPLED_INPUT_FORGET) != 0, ph = (flags & PEEPHOLES) != 0;
  const one = f32x4.splat(1.0);
  memory.fill(hs, 0, stepH);
  memory.fill(cs, 0, stepH);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * stepZ, hPrev = hs + <usize>t * stepH, cPrev = cs + <usize>t * stepH, tct = tcs + <usize>t * stepH;
    if (t > 0) gemmPacked(batch, g, hp, hPrev, hp, packed, zt, g, true);
    for (let b = 0; b < batch; b++) {
      const row = zt + <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pi = row + j, pf = pi + gateB, pc = pf + gateB, po = pc + gateB;
        const c0 = v128.load(cPrev + unit + j);
        let i = one;
        if (!nig) {
          let a = v128.load(pi);
          if (ph) a = f32x4.add(a, f32x4.mul(v128.load(peep + j), c0));
          i = vgate(a, hard);
        }
        let f = one;
        if (cifg) f = f32x4.sub(one, i);
        else if (!nfg) {
          let a = v128.load(pf);
          if (ph) a = f32x4.add(a, f32x4.mul(v128.load(peep + gateB + j), c0));
          f = vgate(a, hard);
        }
        const cc = niaf ? v128.load(pc) : vtanh(v128.load(pc));
        const c = f32x4.add(f32x4.mul(f, c0), f32x4.mul(i, cc));
        let o = one;
        if (!nog) {
          let a = v128.load(po);
          if (ph) a = f32x4.add(a, f32x4.mul(v128.load(peep + 2 * gateB + j), c));
          o = vgate(a, hard);
        }
        v128.store(pi, i); v128.store(pf, f); v128.store(pc, cc); v128.store(po, o);
        v128.store(cPrev + stepH + unit + j, c);
        const tc = noaf ? c : vtanh(c);
        v128.store(tct + unit + j, tc);
        v128.store(hPrev + stepH + unit + j, f32x4.mul(o, tc));
      }
    }
  }
}

/**
 * BPTT of lstmVariantForward, as lstmBackward; a constant gate's block gets a zero gradient. With PH, dpeep [3][hp]
 * receives the peephole gradients (summed over steps and batch).
 */
export function lstmVariantBackward(
  steps: i32, batch: i32, hp: i32, z: usize, cs: usize, tcs: usize, whT: usize, dhs: usize, dz: usize,
  dhNext: usize, dcNext: usize, packed: usize, hard: bool, flags: i32, peep: usize, dpeep: usize,
): void {
  const g = hp << 2;
  packPanels(whT, g, hp, hp, packed);
  const stepZ = <usize>batch * g << 2, stepH = <usize>batch * hp << 2, gateB = <usize>hp << 2;
  const nig = (flags & NO_INPUT_GATE) != 0, nfg = (flags & NO_FORGET_GATE) != 0, nog = (flags & NO_OUTPUT_GATE) != 0;
  const niaf = (flags & NO_INPUT_ACTIVATION) != 0, noaf = (flags & NO_OUTPUT_ACTIVATION) != 0;
  const cifg = (flags & COUPLED_INPUT_FORGET) != 0, ph = (flags & PEEPHOLES) != 0;
  const one = f32x4.splat(1.0), zero = f32x4.splat(0.0);
  memory.fill(dhNext, 0, stepH);
  memory.fill(dcNext, 0, stepH);
  if (ph) memory.fill(dpeep, 0, 3 * gateB);
  for (let t = steps - 1; t >= 0; t--) {
    const zt = z + <usize>t * stepZ, dzt = dz + <usize>t * stepZ;
    const cPrev = cs + <usize>t * stepH, tct = tcs + <usize>t * stepH, dht = dhs + <usize>t * stepH;
    for (let b = 0; b < batch; b++) {
      const row = <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pi = row + j, pf = pi + gateB, pc = pf + gateB, po = pc + gateB;
        const i = v128.load(zt + pi), f = v128.load(zt + pf), cc = v128.load(zt + pc), o = v128.load(zt + po);
        const c0 = v128.load(cPrev + unit + j);
        const dh = f32x4.add(v128.load(dht + unit + j), v128.load(dhNext + unit + j));
        const tc = v128.load(tct + unit + j);
        const dzo = nog ? zero : f32x4.mul(f32x4.mul(dh, tc), vgateGrad(o, hard));
        let dc = f32x4.add(v128.load(dcNext + unit + j), f32x4.mul(f32x4.mul(dh, o), noaf ? one : vtanhGrad(tc)));
        if (ph) dc = f32x4.add(dc, f32x4.mul(dzo, v128.load(peep + 2 * gateB + j)));
        // CIFG: f = 1 − i, so i also reaches c through f.
        const di = cifg ? f32x4.mul(dc, f32x4.sub(cc, c0)) : f32x4.mul(dc, cc);
        const dzi = nig ? zero : f32x4.mul(di, vgateGrad(i, hard));
        const dzf = nfg || cifg ? zero : f32x4.mul(f32x4.mul(dc, c0), vgateGrad(f, hard));
        v128.store(dzt + pi, dzi);
        v128.store(dzt + pf, dzf);
        v128.store(dzt + pc, f32x4.mul(f32x4.mul(dc, i), niaf ? one : vtanhGrad(cc)));
        v128.store(dzt + po, dzo);
        let dcPrev = f32x4.mul(dc, f);
        if (ph) {
          const pI = peep + j, pF = peep + gateB + j;
          dcPrev = f32x4.add(dcPrev, f32x4.add(f32x4.mul(dzi, v128.load(pI)), f32x4.mul(dzf, v128.load(pF))));
          const gI = dpeep + j, gF = dpeep + gateB + j, gO = dpeep + 2 * gateB + j;
          v128.store(gI, f32x4.add(v128.load(gI), f32x4.mul(dzi, c0)));
          v128.store(gF, f32x4.add(v128.load(gF), f32x4.mul(dzf, c0)));
          v128.store(gO, f32x4.add(v128.load(gO), f32x4.mul(dzo, v128.load(cPrev + stepH + unit + j))));
        }
        v128.store(dcNext + unit + j, dcPrev);
      }
    }
    if (t > 0) gemmPacked(batch, hp, g, dzt, g, packed, dhNext, hp, false);
  }
}
