// Vectorised activations. AssemblyScript's Mathf.exp is scalar software code (~10 ns); an LSTM step at H=64, B=64
// needs 16 k of them, so scalar exp alone would cost more than the step's matrix product.
//
// Written for what V8 11 emits on x64 (the LSTM forward's activations took longer than its matrix products):
// - constants come from a static table, one broadcast load per use: an inline v128 constant is rematerialised
//   with several instructions at every use inside a loop (measured: forward activations ~15 % faster);
// - clamps use pmin/pmax (one minps/maxps) instead of min/max, whose NaN/-0 semantics cost ~6 instructions;
// - exp rounds with the 1.5·2^23 "magic number" add instead of nearest + trunc_sat (a long sequence in V8).
import { madd } from './simd';

// prettier-ignore
const CONSTANTS = memory.data<f32>([
  -87.0, 88.0, 1.44269504088896341, 0.693359375, -2.12194440e-4,                       // 0-4: exp range, log2 e, ln 2 (hi, lo)
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, // 5-9: exp polynomial (Cephes)
  5.0000001201e-1, 1.0, 0.5, 0.2, 0.0,                                                  // 10-14
  -7.90531110763549805, 7.90531110763549805,                                            // 15-16: tanh range
  -2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, // 17-20: tanh numerator (Eigen)
  1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3,                        // 21-23
  1.19825839466702e-6, 1.18534705686654e-4, 2.26843463243900e-3, 4.89352518554385e-3,  // 24-27: tanh denominator
  12582912.0,                                                                           // 28: 1.5·2^23
]);
const EXP_LO = 0, EXP_HI = 1, LOG2E = 2, LN2_HI = 3, LN2_LO = 4, EXP_P = 5, ONE = 11, HALF = 12, FIFTH = 13, ZERO = 14;
const TANH_LO = 15, TANH_HI = 16, TANH_P = 17, TANH_Q = 24, MAGIC = 28;

// @ts-ignore: decorator
@inline
function c(index: i32): v128 {
  return v128.load32_splat(CONSTANTS + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, c(EXP_LO)), c(EXP_HI));
  // t's low mantissa bits hold n = round(x·log2 e); t - 1.5·2^23 is n as a float.
  const t = f32x4.add(f32x4.mul(x, c(LOG2E)), c(MAGIC));
  const n = f32x4.sub(t, c(MAGIC));
  // Two-constant ln2 so r = x - n ln2 stays exact to float precision (Cody-Waite).
  let r = f32x4.sub(x, f32x4.mul(n, c(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, c(LN2_LO)));
  let p = c(EXP_P);
  p = madd(p, r, c(EXP_P + 1));
  p = madd(p, r, c(EXP_P + 2));
  p = madd(p, r, c(EXP_P + 3));
  p = madd(p, r, c(EXP_P + 4));
  p = madd(p, r, c(EXP_P + 5));
  p = f32x4.add(madd(p, f32x4.mul(r, r), r), c(ONE));
  // 2^n: (n + 127) << 23; t's bits are 0x4B400000 + n, whose high bits the shift discards.
  const pow2n = i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23);
  return f32x4.mul(p, pow2n);
}

// @ts-ignore: decorator
@inline
export function vsigmoid(x: v128): v128 {
  return f32x4.div(c(ONE), f32x4.add(c(ONE), vexp(f32x4.neg(x))));
}

/** Keras' hard sigmoid, in tfjs's own order of operations (0.5 + 0.2·x, then clip) so results match bit for bit. */
// @ts-ignore: decorator
@inline
export function vhardSigmoid(x: v128): v128 {
  const y = f32x4.add(c(HALF), f32x4.mul(c(FIFTH), x));
  return f32x4.pmin(f32x4.pmax(y, c(ZERO)), c(ONE));
}

/**
 * tanh as a 13/6 rational function (Eigen's float ptanh): ~14 vector ops and one division against ~35 for the
 * exp-based form, accurate to a few ulp including near 0 (no 1 - 2/(e^2x + 1) cancellation). Beyond |x| = 7.9,
 * tanh rounds to ±1 in float32, so clamping there is exact.
 */
// @ts-ignore: decorator
@inline
export function vtanh(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, c(TANH_LO)), c(TANH_HI));
  const x2 = f32x4.mul(x, x);
  let p = madd(x2, c(TANH_P), c(TANH_P + 1));
  p = madd(x2, p, c(TANH_P + 2));
  p = madd(x2, p, c(TANH_P + 3));
  p = madd(x2, p, c(TANH_P + 4));
  p = madd(x2, p, c(TANH_P + 5));
  p = madd(x2, p, c(TANH_P + 6));
  p = f32x4.mul(x, p);
  let q = madd(x2, c(TANH_Q), c(TANH_Q + 1));
  q = madd(x2, q, c(TANH_Q + 2));
  q = madd(x2, q, c(TANH_Q + 3));
  return f32x4.div(p, q);
}

/** Gate activation: sigmoid, or hard sigmoid when `hard`. */
// @ts-ignore: decorator
@inline
export function vgate(x: v128, hard: bool): v128 {
  return hard ? vhardSigmoid(x) : vsigmoid(x);
}

/**
 * Derivative of the gate activation from its output y: y(1 - y) for sigmoid; 0.2 inside (0, 1) for hard sigmoid
 * (tfjs's clip gradient also passes at exactly 0 and 1, a measure-zero difference).
 */
// @ts-ignore: decorator
@inline
export function vgateGrad(y: v128, hard: bool): v128 {
  if (hard) {
    const inside = v128.and(f32x4.gt(y, c(ZERO)), f32x4.lt(y, c(ONE)));
    return v128.and(c(FIFTH), inside);
  }
  return f32x4.mul(y, f32x4.sub(c(ONE), y));
}

/** tanh'(x) from y = tanh(x): 1 - y². */
// @ts-ignore: decorator
@inline
export function vtanhGrad(y: v128): v128 {
  return f32x4.sub(c(ONE), f32x4.mul(y, y));
}

/** relu(x) = max(x, 0) (pmax: one maxps, as the clamps above). */
// @ts-ignore: decorator
@inline
export function vrelu(x: v128): v128 {
  return f32x4.pmax(x, c(ZERO));
}

/** dh through relu, from its output y: dh where y > 0, else 0 (tfjs's relu gradient is 0 at exactly 0 too). */
// @ts-ignore: decorator
@inline
export function vreluGrad(dh: v128, y: v128): v128 {
  return v128.and(dh, f32x4.gt(y, c(ZERO)));
}
