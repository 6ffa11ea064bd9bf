/* The kernels, written once against a small vector layer that each isa-*.c defines before including this file:
 *   V (W floats), MR (rows per GEMM tile), VZERO VSET1 VLOAD VSTORE VADD VSUB VMUL VFMA(a, b, c) = a·b + c,
 *   VM (lane mask), VM_ALL, vmask(count), VLD(p, full, m) / VST(p, v, full, m) (masked when !full),
 *   activations vgate vgate_grad vtanh vtanh_grad vrelu vrelu_grad, and FN(name) (per-ISA names).
 * A line-by-line port of packages/kernels/assembly (gemm.ts, rnn.ts, lstm.ts, gru.ts, layout.ts): same arguments,
 * same time-major padded buffers, same packed-panel format, same order of operations in the cells. */
#include <stddef.h>
#include <string.h>

#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#define NV (16 / W) /* vectors per 16-column panel row */
#define KC 256      /* K block: a 256×16 panel of B (16 KB) stays in L1 across the row blocks */

/* ---------------- matrix product ---------------- */

/* mr rows × 16 columns of C (+)= A·B. A(i, p) at a[i·rs + p·ks]; row p of the 16-wide B panel at b + p·bs. */
static ALWAYS_INLINE void FN(tile16)(const int mr, int k, const float *a, size_t rs, size_t ks, const float *b,
                                     size_t bs, float *c, size_t ldc, int accumulate, const float *bias) {
  V acc[MR][NV];
  for (int r = 0; r < mr; r++)
    for (int v = 0; v < NV; v++) acc[r][v] = bias ? VLOAD(bias + v * W) : VZERO();
  for (int p = 0; p < k; p++) {
    const float *bp = b + (size_t)p * bs, *ap = a + (size_t)p * ks;
    V bv[NV];
    for (int v = 0; v < NV; v++) bv[v] = VLOAD(bp + v * W);
    for (int r = 0; r < mr; r++) {
      const V s = VSET1(ap[r * rs]);
      for (int v = 0; v < NV; v++) acc[r][v] = VFMA(s, bv[v], acc[r][v]);
    }
  }
  for (int r = 0; r < mr; r++) {
    float *cr = c + r * ldc;
    for (int v = 0; v < NV; v++) {
      V x = acc[r][v];
      if (accumulate) x = VADD(x, VLOAD(cr + v * W));
      VSTORE(cr + v * W, x);
    }
  }
}

/* Its own function per row count, so each keeps its accumulators in registers without the caller's loop state. */
#define TILE16_ROWS(R)                                                                                             \
  static NOINLINE void FN(tile16_##R)(int k, const float *a, size_t rs, size_t ks, const float *b, size_t bs,     \
                                      float *c, size_t ldc, int accumulate, const float *bias) {                  \
    FN(tile16)(R < MR ? R : MR, k, a, rs, ks, b, bs, c, ldc, accumulate, bias);                                    \
  }
TILE16_ROWS(1)
TILE16_ROWS(2)
TILE16_ROWS(3)
TILE16_ROWS(4)
TILE16_ROWS(5)
TILE16_ROWS(6)

static void FN(tile16_rows)(int mr, int k, const float *a, size_t rs, size_t ks, const float *b, size_t bs, float *c,
                            size_t ldc, int accumulate, const float *bias) {
  switch (mr) {
    case 1: FN(tile16_1)(k, a, rs, ks, b, bs, c, ldc, accumulate, bias); break;
    case 2: FN(tile16_2)(k, a, rs, ks, b, bs, c, ldc, accumulate, bias); break;
    case 3: FN(tile16_3)(k, a, rs, ks, b, bs, c, ldc, accumulate, bias); break;
    case 4: FN(tile16_4)(k, a, rs, ks, b, bs, c, ldc, accumulate, bias); break;
    case 5: FN(tile16_5)(k, a, rs, ks, b, bs, c, ldc, accumulate, bias); break;
    default: FN(tile16_6)(k, a, rs, ks, b, bs, c, ldc, accumulate, bias); break;
  }
}

/* m rows × 4 columns (the columns past the last 16-wide panel): row p of the 4 columns at b + p·bs. */
static NOINLINE void FN(narrow4)(int m, int k, const float *a, size_t rs, size_t ks, const float *b, size_t bs,
                                 float *c, size_t ldc, int accumulate, const float *bias) {
  int i = 0;
  for (; i + 4 <= m; i += 4) {
    float acc[4][4];
    for (int r = 0; r < 4; r++)
      for (int q = 0; q < 4; q++) acc[r][q] = bias ? bias[q] : 0.0f;
    for (int p = 0; p < k; p++) {
      const float *bp = b + (size_t)p * bs, *ap = a + (size_t)i * rs + (size_t)p * ks;
      for (int r = 0; r < 4; r++) {
        const float s = ap[r * rs];
        for (int q = 0; q < 4; q++) acc[r][q] = FMAF(s, bp[q], acc[r][q]);
      }
    }
    for (int r = 0; r < 4; r++)
      for (int q = 0; q < 4; q++) {
        float *cq = c + (size_t)(i + r) * ldc + q;
        *cq = accumulate ? acc[r][q] + *cq : acc[r][q];
      }
  }
  for (; i < m; i++) {
    float acc[4];
    for (int q = 0; q < 4; q++) acc[q] = bias ? bias[q] : 0.0f;
    for (int p = 0; p < k; p++) {
      const float s = a[(size_t)i * rs + (size_t)p * ks];
      for (int q = 0; q < 4; q++) acc[q] = FMAF(s, b[(size_t)p * bs + q], acc[q]);
    }
    for (int q = 0; q < 4; q++) {
      float *cq = c + (size_t)i * ldc + q;
      *cq = accumulate ? acc[q] + *cq : acc[q];
    }
  }
}

/* C (+)= A·B with B plain row-major (leading dimension ldb); A read through strides (rs, ks) as in tile16. */
static void FN(gemm_strided)(int m, int n, int k, const float *a, size_t rs, size_t ks, const float *b, size_t ldb,
                             float *c, size_t ldc, int accumulate, const float *bias) {
  if (k == 0) {
    if (!accumulate)
      for (int i = 0; i < m; i++) {
        if (bias) memcpy(c + (size_t)i * ldc, bias, (size_t)n * 4);
        else memset(c + (size_t)i * ldc, 0, (size_t)n * 4);
      }
    return;
  }
  const int n16 = n & ~15;
  for (int p0 = 0; p0 < k; p0 += KC) {
    const int kc = k - p0 < KC ? k - p0 : KC;
    const int acc = accumulate || p0 > 0;
    const float *biasK = p0 > 0 ? NULL : bias;
    const float *aK = a + (size_t)p0 * ks, *bK = b + (size_t)p0 * ldb;
    for (int j = 0; j < n16; j += 16)
      for (int i = 0; i < m; i += MR)
        FN(tile16_rows)(m - i < MR ? m - i : MR, kc, aK + (size_t)i * rs, rs, ks, bK + j, ldb, c + (size_t)i * ldc + j,
                        ldc, acc, biasK ? biasK + j : NULL);
    for (int j = n16; j < n; j += 4)
      FN(narrow4)(m, kc, aK, rs, ks, bK + j, ldb, c + j, ldc, acc, biasK ? biasK + j : NULL);
  }
}

/* Columns [0, n) of B[k×n] in panel-major order: 16-column panels (k rows of 16 floats), then 4-column panels; the
 * panel of column j starts at j·k. */
static void FN(packPanels)(const float *b, int k, int n, int ldb, float *dst) {
  const int n16 = n & ~15;
  for (int j = 0; j < n; j += j < n16 ? 16 : 4) {
    const int width = j < n16 ? 16 : 4;
    float *out = dst + (size_t)j * k;
    const float *src = b + j;
    for (int p = 0; p < k; p++, out += width, src += ldb) memcpy(out, src, (size_t)width * 4);
  }
}

static void FN(gemm_packed_strided)(int m, int n, int k, const float *a, size_t rs, size_t ks, const float *packed,
                                    float *c, size_t ldc, int accumulate) {
  if (k == 0) {
    if (!accumulate)
      for (int i = 0; i < m; i++) memset(c + (size_t)i * ldc, 0, (size_t)n * 4);
    return;
  }
  const int n16 = n & ~15;
  for (int p0 = 0; p0 < k; p0 += KC) {
    const int kc = k - p0 < KC ? k - p0 : KC;
    const int acc = accumulate || p0 > 0;
    const float *aK = a + (size_t)p0 * ks;
    for (int j = 0; j < n16; j += 16) {
      const float *bj = packed + (size_t)j * k + (size_t)p0 * 16;
      for (int i = 0; i < m; i += MR)
        FN(tile16_rows)(m - i < MR ? m - i : MR, kc, aK + (size_t)i * rs, rs, ks, bj, 16, c + (size_t)i * ldc + j, ldc,
                        acc, NULL);
    }
    for (int j = n16; j < n; j += 4)
      FN(narrow4)(m, kc, aK, rs, ks, packed + (size_t)j * k + (size_t)p0 * 4, 4, c + j, ldc, acc, NULL);
  }
}

static void FN(gemm)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                     int acc) {
  FN(gemm_strided)(m, n, k, a, lda, 1, b, ldb, c, ldc, acc, NULL);
}
static void FN(gemmBias)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, const float *bias,
                         float *c, int ldc) {
  FN(gemm_strided)(m, n, k, a, lda, 1, b, ldb, c, ldc, 0, bias);
}
static void FN(gemmTransposedA)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c,
                                int ldc, int acc) {
  FN(gemm_strided)(m, n, k, a, 1, lda, b, ldb, c, ldc, acc, NULL);
}
static void FN(gemmPacked)(int m, int n, int k, const float *a, int lda, const float *packed, float *c, int ldc,
                           int acc) {
  FN(gemm_packed_strided)(m, n, k, a, lda, 1, packed, c, ldc, acc);
}
static void FN(gemmPackedTransposedA)(int m, int n, int k, const float *a, int lda, const float *packed, float *c,
                                      int ldc, int acc) {
  FN(gemm_packed_strided)(m, n, k, a, 1, lda, packed, c, ldc, acc);
}

/* ---------------- elementwise loops ---------------- */
/* Runs BODY(j, full, mask) over [0, n) in vectors of W; n is a multiple of 4, so with W = 8 the last may be half. */
#define FOR_VECTORS(n, BODY)                                                                                       \
  do {                                                                                                             \
    size_t j_ = 0;                                                                                                 \
    for (; j_ + W <= (size_t)(n); j_ += W) BODY(j_, 1, VM_ALL);                                                    \
    if (j_ < (size_t)(n)) BODY(j_, 0, vmask((int)((size_t)(n) - j_)));                                             \
  } while (0)

/* ---------------- Elman RNN (rnn.ts) ---------------- */

static void FN(rnnForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *packed,
                           int relu) {
  const size_t stepH = (size_t)batch * hp;
  FN(packPanels)(wh, hp, hp, hp, packed);
  memset(hs, 0, stepH * 4);
  for (int t = 0; t < steps; t++) {
    float *zt = z + t * stepH, *hPrev = hs + t * stepH, *hNext = hPrev + stepH;
    if (t > 0) FN(gemmPacked)(batch, hp, hp, hPrev, hp, packed, zt, hp, 1);
#define RNN_FWD(j, full, m)                                                                                        \
  {                                                                                                                \
    const V x = VLD(zt + j, full, m);                                                                              \
    VST(hNext + j, relu ? vrelu(x) : vtanh(x), full, m);                                                           \
  }
    FOR_VECTORS(stepH, RNN_FWD);
#undef RNN_FWD
  }
}

static void FN(rnnBackward)(int steps, int batch, int hp, const float *hs, const float *whT, const float *dhs,
                            float *dz, float *dhNext, float *packed, int relu) {
  const size_t stepH = (size_t)batch * hp;
  FN(packPanels)(whT, hp, hp, hp, packed);
  memset(dhNext, 0, stepH * 4);
  for (int t = steps - 1; t >= 0; t--) {
    float *dzt = dz + t * stepH;
    const float *hNow = hs + (t + 1) * stepH, *dht = dhs + t * stepH;
#define RNN_BWD(j, full, m)                                                                                        \
  {                                                                                                                \
    const V dh = VADD(VLD(dht + j, full, m), VLD(dhNext + j, full, m));                                            \
    const V h = VLD(hNow + j, full, m);                                                                            \
    VST(dzt + j, relu ? vrelu_grad(dh, h) : VMUL(dh, vtanh_grad(h)), full, m);                                      \
  }
    FOR_VECTORS(stepH, RNN_BWD);
#undef RNN_BWD
    if (t > 0) FN(gemmPacked)(batch, hp, hp, dzt, hp, packed, dhNext, hp, 0);
  }
}

/* ---------------- LSTM (lstm.ts), gate order i, f, c, o ---------------- */

static void FN(lstmForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *cs, float *tcs,
                            float *packed, int hard) {
  const int g = hp * 4;
  FN(packPanels)(wh, hp, g, g, packed);
  const size_t stepZ = (size_t)batch * g, stepH = (size_t)batch * hp, gate = (size_t)hp;
  memset(hs, 0, stepH * 4);
  memset(cs, 0, stepH * 4);
  for (int t = 0; t < steps; t++) {
    float *zt = z + t * stepZ, *hPrev = hs + t * stepH, *cPrev = cs + t * stepH, *tct = tcs + t * stepH;
    if (t > 0) FN(gemmPacked)(batch, g, hp, hPrev, hp, packed, zt, g, 1);
    for (int b = 0; b < batch; b++) {
      float *row = zt + (size_t)b * g;
      const size_t unit = (size_t)b * hp;
#define LSTM_FWD(j, full, m)                                                                                       \
  {                                                                                                                \
    float *pi = row + j, *pf = pi + gate, *pc = pf + gate, *po = pc + gate;                                        \
    const V i = vgate(VLD(pi, full, m), hard), f = vgate(VLD(pf, full, m), hard);                                  \
    const V cc = vtanh(VLD(pc, full, m)), o = vgate(VLD(po, full, m), hard);                                       \
    const V c = VADD(VMUL(f, VLD(cPrev + unit + j, full, m)), VMUL(i, cc));                                        \
    VST(pi, i, full, m);                                                                                           \
    VST(pf, f, full, m);                                                                                           \
    VST(pc, cc, full, m);                                                                                          \
    VST(po, o, full, m);                                                                                           \
    VST(cPrev + stepH + unit + j, c, full, m);                                                                     \
    const V tc = vtanh(c);                                                                                         \
    VST(tct + unit + j, tc, full, m);                                                                              \
    VST(hPrev + stepH + unit + j, VMUL(o, tc), full, m);                                                           \
  }
      FOR_VECTORS(gate, LSTM_FWD);
#undef LSTM_FWD
    }
  }
}

static void FN(lstmBackward)(int steps, int batch, int hp, const float *z, const float *cs, const float *tcs,
                             const float *whT, const float *dhs, float *dz, float *dhNext, float *dcNext,
                             float *packed, int hard) {
  const int g = hp * 4;
  FN(packPanels)(whT, g, hp, hp, packed);
  const size_t stepZ = (size_t)batch * g, stepH = (size_t)batch * hp, gate = (size_t)hp;
  memset(dhNext, 0, stepH * 4);
  memset(dcNext, 0, stepH * 4);
  for (int t = steps - 1; t >= 0; t--) {
    const float *zt = z + t * stepZ, *cPrev = cs + t * stepH, *tct = tcs + t * stepH, *dht = dhs + t * stepH;
    float *dzt = dz + t * stepZ;
    for (int b = 0; b < batch; b++) {
      const size_t row = (size_t)b * g, unit = (size_t)b * hp;
#define LSTM_BWD(j, full, m)                                                                                       \
  {                                                                                                                \
    const size_t pi = row + j, pf = pi + gate, pc = pf + gate, po = pc + gate;                                     \
    const V i = VLD(zt + pi, full, m), f = VLD(zt + pf, full, m), cc = VLD(zt + pc, full, m);                      \
    const V o = VLD(zt + po, full, m);                                                                             \
    const V dh = VADD(VLD(dht + unit + j, full, m), VLD(dhNext + unit + j, full, m));                              \
    const V tc = VLD(tct + unit + j, full, m);                                                                     \
    const V dc = VADD(VLD(dcNext + unit + j, full, m), VMUL(VMUL(dh, o), vtanh_grad(tc)));                         \
    VST(dzt + pi, VMUL(VMUL(dc, cc), vgate_grad(i, hard)), full, m);                                               \
    VST(dzt + pf, VMUL(VMUL(dc, VLD(cPrev + unit + j, full, m)), vgate_grad(f, hard)), full, m);                   \
    VST(dzt + pc, VMUL(VMUL(dc, i), vtanh_grad(cc)), full, m);                                                     \
    VST(dzt + po, VMUL(VMUL(dh, tc), vgate_grad(o, hard)), full, m);                                               \
    VST(dcNext + unit + j, VMUL(dc, f), full, m);                                                                  \
  }
      FOR_VECTORS(gate, LSTM_BWD);
#undef LSTM_BWD
    }
    if (t > 0) FN(gemmPacked)(batch, hp, g, dzt, g, packed, dhNext, hp, 0);
  }
}

/* ---------------- GRU (gru.ts), tfjs's variant without reset_after, gate order z, r, h ---------------- */

static void FN(gruForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *rh,
                           float *packed, int hard, int noReset) {
  const int g = hp * 3;
  const size_t stepZ = (size_t)batch * g, stepH = (size_t)batch * hp, gate = (size_t)hp;
  float *packedH = packed + (size_t)hp * hp * 2;
  FN(packPanels)(wh, hp, hp * 2, g, packed);
  FN(packPanels)(wh + gate * 2, hp, hp, g, packedH);
  memset(hs, 0, stepH * 4);
  const V one = VSET1(1.0f);
  for (int t = 0; t < steps; t++) {
    float *zt = z + t * stepZ, *hPrev = hs + t * stepH, *hNext = hPrev + stepH, *rht = rh + t * stepH;
    if (t > 0) FN(gemmPacked)(batch, hp * 2, hp, hPrev, hp, packed, zt, g, 1);
    for (int b = 0; b < batch; b++) {
      float *row = zt + (size_t)b * g;
      const size_t unit = (size_t)b * hp;
#define GRU_FWD_GATES(j, full, m)                                                                                  \
  {                                                                                                                \
    float *pz = row + j, *pr = pz + gate;                                                                          \
    const V r = noReset ? one : vgate(VLD(pr, full, m), hard);                                                     \
    VST(pz, vgate(VLD(pz, full, m), hard), full, m);                                                               \
    VST(pr, r, full, m);                                                                                           \
    VST(rht + unit + j, VMUL(r, VLD(hPrev + unit + j, full, m)), full, m);                                         \
  }
      FOR_VECTORS(gate, GRU_FWD_GATES);
#undef GRU_FWD_GATES
    }
    if (t > 0) FN(gemmPacked)(batch, hp, hp, rht, hp, packedH, zt + gate * 2, g, 1);
    for (int b = 0; b < batch; b++) {
      float *row = zt + (size_t)b * g;
      const size_t unit = (size_t)b * hp;
#define GRU_FWD_STATE(j, full, m)                                                                                  \
  {                                                                                                                \
    float *pz = row + j, *ph = pz + gate * 2;                                                                      \
    const V zz = VLD(pz, full, m), hh = vtanh(VLD(ph, full, m)), prev = VLD(hPrev + unit + j, full, m);            \
    VST(ph, hh, full, m);                                                                                          \
    VST(hNext + unit + j, VADD(hh, VMUL(zz, VSUB(prev, hh))), full, m);                                            \
  }
      FOR_VECTORS(gate, GRU_FWD_STATE);
#undef GRU_FWD_STATE
    }
  }
}

static void FN(gruBackward)(int steps, int batch, int hp, const float *z, const float *hs, const float *whT,
                            const float *dhs, float *dz, float *dhNext, float *drh, float *packed, int hard,
                            int noReset) {
  const int g = hp * 3;
  const size_t stepZ = (size_t)batch * g, stepH = (size_t)batch * hp, gate = (size_t)hp;
  float *packedH = packed + (size_t)hp * hp * 2;
  FN(packPanels)(whT, hp * 2, hp, hp, packed);
  FN(packPanels)(whT + (size_t)hp * 2 * hp, hp, hp, hp, packedH);
  memset(dhNext, 0, stepH * 4);
  const V one = VSET1(1.0f), zero = VZERO();
  for (int t = steps - 1; t >= 0; t--) {
    const float *zt = z + t * stepZ, *hPrev = hs + t * stepH, *dht = dhs + t * stepH;
    float *dzt = dz + t * stepZ;
    for (int b = 0; b < batch; b++) {
      const size_t row = (size_t)b * g, unit = (size_t)b * hp;
#define GRU_BWD_STATE(j, full, m)                                                                                  \
  {                                                                                                                \
    const size_t pz = row + j, ph = pz + gate * 2;                                                                 \
    const V zz = VLD(zt + pz, full, m), hh = VLD(zt + ph, full, m), prev = VLD(hPrev + unit + j, full, m);         \
    const V dh = VADD(VLD(dht + unit + j, full, m), VLD(dhNext + unit + j, full, m));                              \
    VST(dzt + pz, VMUL(VMUL(dh, VSUB(prev, hh)), vgate_grad(zz, hard)), full, m);                                  \
    VST(dzt + ph, VMUL(VMUL(dh, VSUB(one, zz)), vtanh_grad(hh)), full, m);                                         \
    VST(dhNext + unit + j, VMUL(dh, zz), full, m);                                                                 \
  }
      FOR_VECTORS(gate, GRU_BWD_STATE);
#undef GRU_BWD_STATE
    }
    /* d(r∘h') = dz_h · Uhᵀ */
    FN(gemmPacked)(batch, hp, hp, dzt + gate * 2, g, packedH, drh, hp, 0);
    for (int b = 0; b < batch; b++) {
      const size_t row = (size_t)b * g, unit = (size_t)b * hp;
#define GRU_BWD_RESET(j, full, m)                                                                                  \
  {                                                                                                                \
    const size_t pr = row + j + gate;                                                                              \
    const V r = VLD(zt + pr, full, m), d = VLD(drh + unit + j, full, m);                                           \
    VST(dzt + pr, noReset ? zero : VMUL(VMUL(d, VLD(hPrev + unit + j, full, m)), vgate_grad(r, hard)), full, m);   \
    VST(dhNext + unit + j, VADD(VLD(dhNext + unit + j, full, m), VMUL(d, r)), full, m);                            \
  }
      FOR_VECTORS(gate, GRU_BWD_RESET);
#undef GRU_BWD_RESET
    }
    if (t > 0) FN(gemmPacked)(batch, hp, hp * 2, dzt, g, packed, dhNext, hp, 1);
  }
}

/* dst[width] = column sums of src[rows][width], row by row into dst (which stays in L1). */
static void FN(columnSums)(const float *src, int rows, int width, float *dst) {
  memset(dst, 0, (size_t)width * 4);
  for (int r = 0; r < rows; r++) {
    const float *row = src + (size_t)r * width;
#define COLUMN_SUM(j, full, m) VST(dst + j, VADD(VLD(dst + j, full, m), VLD(row + j, full, m)), full, m);
    FOR_VECTORS(width, COLUMN_SUM);
#undef COLUMN_SUM
  }
}

const kernel_table FN(kernels) = {
  ISA_NAME,
  FN(gemm),
  FN(gemmBias),
  FN(gemmTransposedA),
  FN(gemmPacked),
  FN(gemmPackedTransposedA),
  FN(packPanels),
  FN(rnnForward),
  FN(rnnBackward),
  FN(lstmForward),
  FN(lstmBackward),
  FN(gruForward),
  FN(gruBackward),
  FN(columnSums),
};
