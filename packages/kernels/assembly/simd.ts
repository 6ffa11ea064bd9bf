// Shared SIMD helpers. `madd` is one fused multiply-add where the engine has relaxed SIMD (V8 >= 11.4, or Node 20
// with the flag the loader sets), else a multiply and an add; the build emits both variants (see package.json).

// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
