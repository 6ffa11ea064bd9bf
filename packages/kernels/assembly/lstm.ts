// LSTM over a whole sequence, tfjs/Keras gate order i, f, c, o:
//   z = x·Wx + b + h·Wh;  i, f, o = gate(z_i, z_f, z_o);  c~ = tanh(z_c);  c = f∘c' + i∘c~;  h = o∘tanh(c)
// Buffers are time-major and padded (see layout.ts): z[T][B][4hp] arrives holding x·Wx + b for every step (one
// matrix product for the whole sequence) and leaves holding the activated gates, which the backward pass reads.
import { gemmPacked, packPanels } from './gemm';
import { vgate, vgateGrad, vtanh, vtanhGrad } from './activations';

// tcs[T][B][hp] keeps tanh(c_t) for the backward pass, which otherwise recomputed it (one of its five
// transcendentals per element; its elementwise loop was ~9 % of an LSTM H=64 T=100 step).
export function lstmForward(steps: i32, batch: i32, hp: i32, z: usize, wh: usize, hs: usize, cs: usize, tcs: usize, packed: usize, hard: bool): void {
  const g = hp << 2;
  packPanels(wh, hp, g, g, packed);
  const stepZ = <usize>batch * g << 2, stepH = <usize>batch * hp << 2, gateB = <usize>hp << 2;
  memory.fill(hs, 0, stepH);
  memory.fill(cs, 0, stepH);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * stepZ, hPrev = hs + <usize>t * stepH, cPrev = cs + <usize>t * stepH, tct = tcs + <usize>t * stepH;
    // h_0 = 0, so the first step has no recurrent term.
    if (t > 0) gemmPacked(batch, g, hp, hPrev, hp, packed, zt, g, true);
    for (let b = 0; b < batch; b++) {
      const row = zt + <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pi = row + j, pf = pi + gateB, pc = pf + gateB, po = pc + gateB;
        const i = vgate(v128.load(pi), hard), f = vgate(v128.load(pf), hard);
        const cc = vtanh(v128.load(pc)), o = vgate(v128.load(po), hard);
        const c = f32x4.add(f32x4.mul(f, v128.load(cPrev + unit + j)), f32x4.mul(i, cc));
        v128.store(pi, i); v128.store(pf, f); v128.store(pc, cc); v128.store(po, o);
        v128.store(cPrev + stepH + unit + j, c);
        const tc = vtanh(c);
        v128.store(tct + unit + j, tc);
        v128.store(hPrev + stepH + unit + j, f32x4.mul(o, tc));
      }
    }
  }
}

/**
 * Backpropagation through time. dhs[T][B][hp] is the loss gradient reaching each step's output; dz[T][B][4hp]
 * receives the gradient at the gate pre-activations, from which the caller forms every weight gradient with three
 * whole-sequence matrix products. whT is Whᵀ [4hp][hp]; dhNext, dcNext are [B][hp] scratch; packed [4hp·hp] scratch.
 */
export function lstmBackward(
  steps: i32, batch: i32, hp: i32, z: usize, cs: usize, tcs: usize, whT: usize, dhs: usize, dz: usize,
  dhNext: usize, dcNext: usize, packed: usize, hard: bool,
): void {
  const g = hp << 2;
  packPanels(whT, g, hp, hp, packed);
  const stepZ = <usize>batch * g << 2, stepH = <usize>batch * hp << 2, gateB = <usize>hp << 2;
  memory.fill(dhNext, 0, stepH);
  memory.fill(dcNext, 0, stepH);
  for (let t = steps - 1; t >= 0; t--) {
    const zt = z + <usize>t * stepZ, dzt = dz + <usize>t * stepZ;
    const cPrev = cs + <usize>t * stepH, tct = tcs + <usize>t * stepH, dht = dhs + <usize>t * stepH;
    for (let b = 0; b < batch; b++) {
      const row = <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pi = row + j, pf = pi + gateB, pc = pf + gateB, po = pc + gateB;
        const i = v128.load(zt + pi), f = v128.load(zt + pf), cc = v128.load(zt + pc), o = v128.load(zt + po);
        const dh = f32x4.add(v128.load(dht + unit + j), v128.load(dhNext + unit + j));
        const tc = v128.load(tct + unit + j);
        const dc = f32x4.add(v128.load(dcNext + unit + j), f32x4.mul(f32x4.mul(dh, o), vtanhGrad(tc)));
        v128.store(dzt + pi, f32x4.mul(f32x4.mul(dc, cc), vgateGrad(i, hard)));
        v128.store(dzt + pf, f32x4.mul(f32x4.mul(dc, v128.load(cPrev + unit + j)), vgateGrad(f, hard)));
        v128.store(dzt + pc, f32x4.mul(f32x4.mul(dc, i), vtanhGrad(cc)));
        v128.store(dzt + po, f32x4.mul(f32x4.mul(dh, tc), vgateGrad(o, hard)));
        v128.store(dcNext + unit + j, f32x4.mul(dc, f));
      }
    }
    // dh_{t-1} = dz_t · Whᵀ; nothing needs the gradient at the (constant zero) initial state.
    if (t > 0) gemmPacked(batch, hp, g, dzt, g, packed, dhNext, hp, false);
  }
}
