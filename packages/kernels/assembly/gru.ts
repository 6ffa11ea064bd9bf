// GRU over a whole sequence, tfjs's variant (no reset_after; gate order z, r, h):
//   z = gate(x·Wz + bz + h'·Uz);  r = gate(x·Wr + br + h'·Ur);  h~ = tanh(x·Wh + bh + (r∘h')·Uh);
//   h = z∘h' + (1 - z)∘h~
// z[T][B][3hp] arrives holding x·Wx + b and leaves holding z, r, h~; rh[T][B][hp] keeps r∘h' for the gradient of Uh.
// `noReset` makes r the constant 1: the UGRNN of Collins et al. 2017 (h~ = tanh(x·Wh + bh + h'·Uh)), whose r block
// the driver leaves at zero weights and whose r gradient is zero.
import { gemmPacked, packPanels } from './gemm';
import { vgate, vgateGrad, vtanh, vtanhGrad } from './activations';

export function gruForward(steps: i32, batch: i32, hp: i32, z: usize, wh: usize, hs: usize, rh: usize, packed: usize, hard: bool, noReset: bool): void {
  const g = hp * 3;
  const stepZ = <usize>batch * g << 2, stepH = <usize>batch * hp << 2, gateB = <usize>hp << 2;
  // [Uz Ur] and Uh are multiplied separately (r∘h' comes between): one packed copy each.
  const packedH = packed + (<usize>hp * hp << 3);
  packPanels(wh, hp, hp << 1, g, packed);
  packPanels(wh + (gateB << 1), hp, hp, g, packedH);
  memory.fill(hs, 0, stepH);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * stepZ, hPrev = hs + <usize>t * stepH, hNext = hPrev + stepH, rht = rh + <usize>t * stepH;
    if (t > 0) gemmPacked(batch, hp << 1, hp, hPrev, hp, packed, zt, g, true);
    for (let b = 0; b < batch; b++) {
      const row = zt + <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pz = row + j, pr = pz + gateB;
        const r = noReset ? f32x4.splat(1.0) : vgate(v128.load(pr), hard);
        v128.store(pz, vgate(v128.load(pz), hard));
        v128.store(pr, r);
        v128.store(rht + unit + j, f32x4.mul(r, v128.load(hPrev + unit + j)));
      }
    }
    if (t > 0) gemmPacked(batch, hp, hp, rht, hp, packedH, zt + (gateB << 1), g, true);
    for (let b = 0; b < batch; b++) {
      const row = zt + <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pz = row + j, ph = pz + (gateB << 1);
        const zz = v128.load(pz), hh = vtanh(v128.load(ph)), prev = v128.load(hPrev + unit + j);
        v128.store(ph, hh);
        // z∘h' + (1 - z)∘h~ written as h~ + z∘(h' - h~), the same value with one multiply.
        v128.store(hNext + unit + j, f32x4.add(hh, f32x4.mul(zz, f32x4.sub(prev, hh))));
      }
    }
  }
}

/**
 * BPTT for the GRU: fills dz[T][B][3hp] with the pre-activation gradients. whT is Whᵀ [3hp][hp]; its rows 2hp..3hp
 * are Uhᵀ and rows 0..2hp are [Uz Ur]ᵀ. dhNext and drh are [B][hp] scratch; packed [3hp·hp] scratch.
 */
export function gruBackward(
  steps: i32, batch: i32, hp: i32, z: usize, hs: usize, whT: usize, dhs: usize, dz: usize,
  dhNext: usize, drh: usize, packed: usize, hard: bool, noReset: bool,
): void {
  const g = hp * 3;
  const stepZ = <usize>batch * g << 2, stepH = <usize>batch * hp << 2, gateB = <usize>hp << 2;
  const packedH = packed + (<usize>hp * hp << 3);
  packPanels(whT, hp << 1, hp, hp, packed);
  packPanels(whT + (<usize>(hp << 1) * hp << 2), hp, hp, hp, packedH);
  memory.fill(dhNext, 0, stepH);
  for (let t = steps - 1; t >= 0; t--) {
    const zt = z + <usize>t * stepZ, dzt = dz + <usize>t * stepZ, hPrev = hs + <usize>t * stepH, dht = dhs + <usize>t * stepH;
    for (let b = 0; b < batch; b++) {
      const row = <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pz = row + j, ph = pz + (gateB << 1);
        const zz = v128.load(zt + pz), hh = v128.load(zt + ph), prev = v128.load(hPrev + unit + j);
        const dh = f32x4.add(v128.load(dht + unit + j), v128.load(dhNext + unit + j));
        v128.store(dzt + pz, f32x4.mul(f32x4.mul(dh, f32x4.sub(prev, hh)), vgateGrad(zz, hard)));
        v128.store(dzt + ph, f32x4.mul(f32x4.mul(dh, f32x4.sub(f32x4.splat(1.0), zz)), vtanhGrad(hh)));
        v128.store(dhNext + unit + j, f32x4.mul(dh, zz));
      }
    }
    // d(r∘h') = dz_h · Uhᵀ
    gemmPacked(batch, hp, hp, dzt + (gateB << 1), g, packedH, drh, hp, false);
    for (let b = 0; b < batch; b++) {
      const row = <usize>b * g * 4, unit = <usize>b * hp << 2;
      for (let j: usize = 0; j < gateB; j += 16) {
        const pr = row + j + gateB;
        const r = v128.load(zt + pr), d = v128.load(drh + unit + j);
        v128.store(dzt + pr, noReset ? f32x4.splat(0.0) : f32x4.mul(f32x4.mul(d, v128.load(hPrev + unit + j)), vgateGrad(r, hard)));
        v128.store(dhNext + unit + j, f32x4.add(v128.load(dhNext + unit + j), f32x4.mul(d, r)));
      }
    }
    if (t > 0) gemmPacked(batch, hp, hp << 1, dzt, g, packed, dhNext, hp, true);
  }
}
