/* The portable build of the kernels: one float per "vector", plain C the compiler may vectorise for the baseline
 * of its target. It runs where AVX2/FMA is missing (or when asked for: CELLSWEEP_NATIVE_ISA=scalar), and the tests
 * hold it to the same reference as the AVX2 build. */
#include <string.h>
#include "kernels.h"

#define ISA_NAME "scalar"
#define FN(name) name##_scalar
#define W 1
#define MR 4
typedef float V;
typedef int VM;
#define VZERO() 0.0f
#define VSET1(x) ((float)(x))
#define VLOAD(p) (*(p))
#define VSTORE(p, v) (*(p) = (v))
#define VADD(a, b) ((a) + (b))
#define VSUB(a, b) ((a) - (b))
#define VMUL(a, b) ((a) * (b))
#define VFMA(a, b, c) ((a) * (b) + (c))
#define FMAF(a, b, c) ((a) * (b) + (c))
#define VM_ALL 1
#define vmask(count) (count)
#define VLD(p, full, m) (*(p))
#define VST(p, v, full, m) (*(p) = (v))

/* The same polynomials as isa-avx2.c and assembly/activations.ts. */
static inline float vexp(float x) {
  x = x < -87.0f ? -87.0f : x > 88.0f ? 88.0f : x;
  const float t = x * 1.44269504088896341f + 12582912.0f;
  const float n = t - 12582912.0f;
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = (p * (r * r) + r) + 1.0f;
  unsigned bits;
  memcpy(&bits, &t, 4);
  bits = (bits + 127u) << 23;
  float pow2n;
  memcpy(&pow2n, &bits, 4);
  return p * pow2n;
}
static inline float vtanh(float x) {
  x = x < -7.90531110763549805f ? -7.90531110763549805f : x > 7.90531110763549805f ? 7.90531110763549805f : x;
  const float x2 = x * x;
  float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = x2 * p + -8.60467152213735e-11f;
  p = x2 * p + 5.12229709037114e-8f;
  p = x2 * p + 1.48572235717979e-5f;
  p = x2 * p + 6.37261928875436e-4f;
  p = x2 * p + 4.89352455891786e-3f;
  p = x * p;
  float q = x2 * 1.19825839466702e-6f + 1.18534705686654e-4f;
  q = x2 * q + 2.26843463243900e-3f;
  q = x2 * q + 4.89352518554385e-3f;
  return p / q;
}
static inline float vgate(float x, int hard) {
  if (hard) {
    const float y = 0.5f + 0.2f * x;
    return y < 0.0f ? 0.0f : y > 1.0f ? 1.0f : y;
  }
  return 1.0f / (1.0f + vexp(-x));
}
static inline float vgate_grad(float y, int hard) {
  if (hard) return y > 0.0f && y < 1.0f ? 0.2f : 0.0f;
  return y * (1.0f - y);
}
static inline float vtanh_grad(float y) { return 1.0f - y * y; }
static inline float vrelu(float x) { return x > 0.0f ? x : 0.0f; }
static inline float vrelu_grad(float dh, float y) { return y > 0.0f ? dh : 0.0f; }

#include "kernels-body.h"
