// Elman RNN (tfjs SimpleRNN): h = tanh(x·Wx + b + h'·Wh), or relu(...) when `relu` (the irnn of Le, Jaitly &
// Hinton 2015, whose identity initialisation is the driver's business). z[T][B][hp] arrives holding x·Wx + b.
import { gemmPacked, packPanels } from './gemm';
import { vrelu, vreluGrad, vtanh, vtanhGrad } from './activations';

export function rnnForward(steps: i32, batch: i32, hp: i32, z: usize, wh: usize, hs: usize, packed: usize, relu: bool): void {
  const stepH = <usize>batch * hp << 2;
  packPanels(wh, hp, hp, hp, packed);
  memory.fill(hs, 0, stepH);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * stepH, hPrev = hs + <usize>t * stepH, hNext = hPrev + stepH;
    if (t > 0) gemmPacked(batch, hp, hp, hPrev, hp, packed, zt, hp, true);
    if (relu) for (let k: usize = 0; k < stepH; k += 16) v128.store(hNext + k, vrelu(v128.load(zt + k)));
    else for (let k: usize = 0; k < stepH; k += 16) v128.store(hNext + k, vtanh(v128.load(zt + k)));
  }
}

/** BPTT: dz[T][B][hp] = gradient at the pre-activations; whT is Whᵀ; dhNext [B][hp] and packed [hp·hp] scratch. */
export function rnnBackward(steps: i32, batch: i32, hp: i32, hs: usize, whT: usize, dhs: usize, dz: usize, dhNext: usize, packed: usize, relu: bool): void {
  const stepH = <usize>batch * hp << 2;
  packPanels(whT, hp, hp, hp, packed);
  memory.fill(dhNext, 0, stepH);
  for (let t = steps - 1; t >= 0; t--) {
    const dzt = dz + <usize>t * stepH, hNow = hs + <usize>(t + 1) * stepH, dht = dhs + <usize>t * stepH;
    for (let k: usize = 0; k < stepH; k += 16) {
      const dh = f32x4.add(v128.load(dht + k), v128.load(dhNext + k));
      const h = v128.load(hNow + k);
      v128.store(dzt + k, relu ? vreluGrad(dh, h) : f32x4.mul(dh, vtanhGrad(h)));
    }
    if (t > 0) gemmPacked(batch, hp, hp, dzt, hp, packed, dhNext, hp, false);
  }
}
