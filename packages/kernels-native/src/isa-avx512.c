/* The AVX-512 build of the kernels (F + DQ): 16-float vectors, so a 16-column panel row is one vector and a 6×16
 * tile holds 6 accumulators. Offered only where CPUID reports AVX-512F and DQ (addon.c); like isa-avx2.c, only
 * this file's functions carry the target, so the binary loads on any x86-64. `auto` and `native` pick it where the
 * CPU has it (kernel-selection.ts); CELLSWEEP_KERNELS=native-avx2 runs the AVX2 build instead. */
#include "kernels.h"
#ifdef CELLSWEEP_HAVE_AVX2
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,fma"))), apply_to = function)
#else
#pragma GCC target("avx512f,avx512dq,fma")
#endif
#include <immintrin.h>

#define ISA_NAME "avx512"
#define FN(name) name##_avx512
#define W 16
#define MR 6
typedef __m512 V;
typedef __mmask16 VM;
#define VZERO() _mm512_setzero_ps()
#define VSET1(x) _mm512_set1_ps(x)
#define VLOAD(p) _mm512_loadu_ps(p)
#define VSTORE(p, v) _mm512_storeu_ps(p, v)
#define VADD _mm512_add_ps
#define VSUB _mm512_sub_ps
#define VMUL _mm512_mul_ps
#define VFMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define FMAF(a, b, c) __builtin_fmaf(a, b, c)
#define VM_ALL ((__mmask16)0xFFFF)
static inline VM vmask(int count) { return (__mmask16)((1u << count) - 1u); }
#define VLD(p, full, m) ((full) ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(m, p))
#define VST(p, v, full, m)                                                                                         \
  do {                                                                                                             \
    if (full) _mm512_storeu_ps(p, v);                                                                              \
    else _mm512_mask_storeu_ps(p, m, v);                                                                           \
  } while (0)

/* The same polynomials and order of operations as isa-avx2.c and assembly/activations.ts. */
static inline V vexp(V x) {
  x = _mm512_min_ps(_mm512_max_ps(x, VSET1(-87.0f)), VSET1(88.0f));
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
  const __m512i pow2n = _mm512_slli_epi32(_mm512_add_epi32(_mm512_castps_si512(t), _mm512_set1_epi32(127)), 23);
  return VMUL(p, _mm512_castsi512_ps(pow2n));
}
static inline V vtanh(V x) {
  x = _mm512_min_ps(_mm512_max_ps(x, VSET1(-7.90531110763549805f)), VSET1(7.90531110763549805f));
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
  return _mm512_div_ps(p, q);
}
static inline V vgate(V x, int hard) {
  if (hard) {
    const V y = VADD(VSET1(0.5f), VMUL(VSET1(0.2f), x));
    return _mm512_min_ps(_mm512_max_ps(y, VZERO()), VSET1(1.0f));
  }
  return _mm512_div_ps(VSET1(1.0f), VADD(VSET1(1.0f), vexp(_mm512_xor_ps(x, VSET1(-0.0f)))));
}
static inline V vgate_grad(V y, int hard) {
  if (hard) {
    const __mmask16 inside =
        _mm512_cmp_ps_mask(y, VZERO(), _CMP_GT_OQ) & _mm512_cmp_ps_mask(y, VSET1(1.0f), _CMP_LT_OQ);
    return _mm512_maskz_mov_ps(inside, VSET1(0.2f));
  }
  return VMUL(y, VSUB(VSET1(1.0f), y));
}
static inline V vtanh_grad(V y) { return VSUB(VSET1(1.0f), VMUL(y, y)); }
static inline V vrelu(V x) { return _mm512_max_ps(x, VZERO()); }
static inline V vrelu_grad(V dh, V y) { return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(y, VZERO(), _CMP_GT_OQ), dh); }

#include "kernels-body.h"

#if defined(__clang__)
#pragma clang attribute pop
#endif
#endif
