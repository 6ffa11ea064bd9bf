/* The AVX2 + FMA build of the kernels: 8-float vectors, 6×16 GEMM tiles (12 accumulators + 2 B vectors + 1
 * broadcast = 15 of the 16 ymm registers). Only this file's functions carry the avx2/fma target (the pragma is a
 * per-function target attribute for everything below), so the binary still loads on any x86-64; addon.c calls it
 * only when CPUID says the core has both. */
#include "kernels.h"
#ifdef CELLSWEEP_HAVE_AVX2
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC target("avx2,fma")
#endif
#include <immintrin.h>

#define ISA_NAME "avx2"
#define FN(name) name##_avx2
#define W 8
#define MR 6
typedef __m256 V;
typedef __m256i VM;
#define VZERO() _mm256_setzero_ps()
#define VSET1(x) _mm256_set1_ps(x)
#define VLOAD(p) _mm256_loadu_ps(p)
#define VSTORE(p, v) _mm256_storeu_ps(p, v)
#define VADD _mm256_add_ps
#define VSUB _mm256_sub_ps
#define VMUL _mm256_mul_ps
#define VFMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define FMAF(a, b, c) __builtin_fmaf(a, b, c)
#define VM_ALL _mm256_set1_epi32(-1)
static inline VM vmask(int count) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
#define VLD(p, full, m) ((full) ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, m))
#define VST(p, v, full, m)                                                                                         \
  do {                                                                                                             \
    if (full) _mm256_storeu_ps(p, v);                                                                              \
    else _mm256_maskstore_ps(p, m, v);                                                                             \
  } while (0)

/* The activations of assembly/activations.ts, constant for constant: Cephes exp with Cody-Waite reduction and the
 * 1.5·2^23 rounding add, Eigen's 13/6 rational tanh, Keras' hard sigmoid in tfjs's order of operations. */
static inline V vexp(V x) {
  x = _mm256_min_ps(_mm256_max_ps(x, VSET1(-87.0f)), VSET1(88.0f));
  const V t = VADD(VMUL(x, VSET1(1.44269504088896341f)), VSET1(12582912.0f));
  const V n = VSUB(t, VSET1(12582912.0f));
  V r = VSUB(x, VMUL(n, VSET1(0.693359375f)));
  r = VSUB(r, VMUL(n, VSET1(-2.12194440e-4f)));
  V p = VSET1(1.9875691500e-4f);
  p = VFMA(p, r, VSET1(1.3981999507e-3f));
  p = VFMA(p, r, VSET1(8.3334519073e-3f));
  p = VFMA(p, r, VSET1(4.1665795894e-2f));
  p = VFMA(p, r, VSET1(1.6666665459e-1f));
  p = VFMA(p, r, VSET1(5.0000001201e-1f));
  p = VADD(VFMA(p, VMUL(r, r), r), VSET1(1.0f));
  const __m256i pow2n = _mm256_slli_epi32(_mm256_add_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(127)), 23);
  return VMUL(p, _mm256_castsi256_ps(pow2n));
}
static inline V vtanh(V x) {
  x = _mm256_min_ps(_mm256_max_ps(x, VSET1(-7.90531110763549805f)), VSET1(7.90531110763549805f));
  const V x2 = VMUL(x, x);
  V p = VFMA(x2, VSET1(-2.76076847742355e-16f), VSET1(2.00018790482477e-13f));
  p = VFMA(x2, p, VSET1(-8.60467152213735e-11f));
  p = VFMA(x2, p, VSET1(5.12229709037114e-8f));
  p = VFMA(x2, p, VSET1(1.48572235717979e-5f));
  p = VFMA(x2, p, VSET1(6.37261928875436e-4f));
  p = VFMA(x2, p, VSET1(4.89352455891786e-3f));
  p = VMUL(x, p);
  V q = VFMA(x2, VSET1(1.19825839466702e-6f), VSET1(1.18534705686654e-4f));
  q = VFMA(x2, q, VSET1(2.26843463243900e-3f));
  q = VFMA(x2, q, VSET1(4.89352518554385e-3f));
  return _mm256_div_ps(p, q);
}
static inline V vgate(V x, int hard) {
  if (hard) {
    const V y = VADD(VSET1(0.5f), VMUL(VSET1(0.2f), x));
    return _mm256_min_ps(_mm256_max_ps(y, VZERO()), VSET1(1.0f));
  }
  return _mm256_div_ps(VSET1(1.0f), VADD(VSET1(1.0f), vexp(_mm256_xor_ps(x, VSET1(-0.0f)))));
}
static inline V vgate_grad(V y, int hard) {
  if (hard) {
    const V inside = _mm256_and_ps(_mm256_cmp_ps(y, VZERO(), _CMP_GT_OQ), _mm256_cmp_ps(y, VSET1(1.0f), _CMP_LT_OQ));
    return _mm256_and_ps(VSET1(0.2f), inside);
  }
  return VMUL(y, VSUB(VSET1(1.0f), y));
}
static inline V vtanh_grad(V y) { return VSUB(VSET1(1.0f), VMUL(y, y)); }
static inline V vrelu(V x) { return _mm256_max_ps(x, VZERO()); }
static inline V vrelu_grad(V dh, V y) { return _mm256_and_ps(dh, _mm256_cmp_ps(y, VZERO(), _CMP_GT_OQ)); }

#include "kernels-body.h"

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
