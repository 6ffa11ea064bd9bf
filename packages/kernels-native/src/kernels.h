/* The kernel set one instruction-set build provides (isa-avx2.c, isa-scalar.c compile kernels-body.h once each).
 * Same functions, arguments and memory layout as the AssemblyScript kernels (packages/kernels/assembly), with
 * pointers already resolved from byte offsets to addresses and sizes in floats. */
#ifndef CELLSWEEP_KERNELS_H
#define CELLSWEEP_KERNELS_H

typedef struct kernel_table {
  const char *isa;
  void (*gemm)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc, int acc);
  void (*gemmBias)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, const float *bias, float *c,
                   int ldc);
  void (*gemmTransposedA)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                          int acc);
  void (*gemmPacked)(int m, int n, int k, const float *a, int lda, const float *packed, float *c, int ldc, int acc);
  void (*gemmPackedTransposedA)(int m, int n, int k, const float *a, int lda, const float *packed, float *c, int ldc,
                                int acc);
  void (*packPanels)(const float *b, int k, int n, int ldb, float *dst);
  void (*rnnForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *packed, int relu);
  void (*rnnBackward)(int steps, int batch, int hp, const float *hs, const float *whT, const float *dhs, float *dz,
                      float *dhNext, float *packed, int relu);
  void (*lstmForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *cs, float *tcs,
                      float *packed, int hard);
  void (*lstmBackward)(int steps, int batch, int hp, const float *z, const float *cs, const float *tcs,
                       const float *whT, const float *dhs, float *dz, float *dhNext, float *dcNext, float *packed,
                       int hard);
  void (*gruForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *rh, float *packed,
                     int hard, int noReset);
  void (*gruBackward)(int steps, int batch, int hp, const float *z, const float *hs, const float *whT,
                      const float *dhs, float *dz, float *dhNext, float *drh, float *packed, int hard, int noReset);
  void (*columnSums)(const float *src, int rows, int width, float *dst);
} kernel_table;

extern const kernel_table kernels_scalar;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CELLSWEEP_HAVE_AVX2 1
extern const kernel_table kernels_avx2;
extern const kernel_table kernels_avx512;
#endif

#endif
