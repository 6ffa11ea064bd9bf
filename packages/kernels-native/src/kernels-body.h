/* The kernels, written once against a small vector layer that each isa-*.c defines before including this file:
 *   V (W floats), MR (rows per GEMM tile), VZERO VSET1 VLOAD VSTORE VADD VSUB VMUL VFMA(a, b, c) = a·b + c,
 *   VM (lane mask), VM_ALL, vmask(count), VLD(p, full, m) / VST(p, v, full, m) (masked when !full),
 *   activations vgate vgate_grad vtanh vtanh_grad vrelu vrelu_grad, and FN(name) (per-ISA names).
 * A line-by-line port of packages/kernels/assembly (gemm.ts, rnn.ts, lstm.ts, gru.ts, layout.ts): same arguments,
 * same time-major padded buffers, same packed-panel format, same order of operations in the cells. */
#include <stddef.h>
#include <string.h>
#include "pool.h"

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

/* ---------------- threads (pool.h) ----------------
 * Each call below splits its outputs (C's rows or 16-column panels; a recurrence's batch rows) between threads;
 * every element is computed by one thread exactly as one thread computes it (the same tile code, the same K
 * blocks, the same order of fused multiply-adds), so results do not depend on the thread count. */

/* Thread tid's share [*u0, *u1) of `units` pieces. */
static inline void share(int units, int tid, int nth, int *u0, int *u1) {
  *u0 = (int)((long long)units * tid / nth);
  *u1 = (int)((long long)units * (tid + 1) / nth);
}

typedef struct {
  int m, n, k;
  const float *a;
  size_t rs, ks;
  const float *b; /* plain B (leading dimension ldb), or NULL when `packed` */
  size_t ldb;
  const float *packed;
  float *c;
  size_t ldc;
  int accumulate;
  const float *bias;
  int byRows;
} gemm_job;

/* Column panels: the 16-wide ones, then the 4-wide tail as one piece (so a column keeps its tile kind). */
static inline int column_units(int n) { return (n >> 4) + ((n & 15) != 0); }

static void FN(gemm_part)(void *raw, int tid, int nth) {
  const gemm_job *g = raw;
  int u0, u1;
  if (g->byRows) {
    share((g->m + MR - 1) / MR, tid, nth, &u0, &u1);
    const int i0 = u0 * MR, i1 = u1 * MR < g->m ? u1 * MR : g->m;
    if (i0 >= i1) return;
    const float *a = g->a + (size_t)i0 * g->rs;
    float *c = g->c + (size_t)i0 * g->ldc;
    if (g->packed) FN(gemm_packed_strided)(i1 - i0, g->n, g->k, a, g->rs, g->ks, g->packed, c, g->ldc, g->accumulate);
    else FN(gemm_strided)(i1 - i0, g->n, g->k, a, g->rs, g->ks, g->b, g->ldb, c, g->ldc, g->accumulate, g->bias);
    return;
  }
  share(column_units(g->n), tid, nth, &u0, &u1);
  const int j0 = u0 * 16 < g->n ? u0 * 16 : g->n, j1 = u1 * 16 < g->n ? u1 * 16 : g->n;
  if (j0 >= j1) return;
  if (g->packed)
    FN(gemm_packed_strided)(g->m, j1 - j0, g->k, g->a, g->rs, g->ks, g->packed + (size_t)j0 * g->k, g->c + j0, g->ldc,
                            g->accumulate);
  else
    FN(gemm_strided)(g->m, j1 - j0, g->k, g->a, g->rs, g->ks, g->b + j0, g->ldb, g->c + j0, g->ldc, g->accumulate,
                     g->bias ? g->bias + j0 : NULL);
}

/* Splits the larger side: rows of a tall C (the input projection, dX), panels of a wide one (dWh, dWx). */
static void FN(gemm_threads)(gemm_job *g) {
  g->byRows = g->m > g->n;
  const int units = g->byRows ? (g->m + MR - 1) / MR : column_units(g->n);
  par_run(par_threads(2.0 * g->m * g->n * g->k, units), FN(gemm_part), g);
}

static void FN(gemm)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                     int acc) {
  gemm_job g = {m, n, k, a, (size_t)lda, 1, b, (size_t)ldb, NULL, c, (size_t)ldc, acc, NULL, 0};
  FN(gemm_threads)(&g);
}
static void FN(gemmBias)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, const float *bias,
                         float *c, int ldc) {
  gemm_job g = {m, n, k, a, (size_t)lda, 1, b, (size_t)ldb, NULL, c, (size_t)ldc, 0, bias, 0};
  FN(gemm_threads)(&g);
}
static void FN(gemmTransposedA)(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c,
                                int ldc, int acc) {
  gemm_job g = {m, n, k, a, 1, (size_t)lda, b, (size_t)ldb, NULL, c, (size_t)ldc, acc, NULL, 0};
  FN(gemm_threads)(&g);
}
static void FN(gemmPacked)(int m, int n, int k, const float *a, int lda, const float *packed, float *c, int ldc,
                           int acc) {
  gemm_job g = {m, n, k, a, (size_t)lda, 1, NULL, 0, packed, c, (size_t)ldc, acc, NULL, 0};
  FN(gemm_threads)(&g);
}
static void FN(gemmPackedTransposedA)(int m, int n, int k, const float *a, int lda, const float *packed, float *c,
                                      int ldc, int acc) {
  gemm_job g = {m, n, k, a, 1, (size_t)lda, NULL, 0, packed, c, (size_t)ldc, acc, NULL, 0};
  FN(gemm_threads)(&g);
}

/* One step's recurrent product for batch rows [b0, b1) (the serial GEMM: the recurrence already runs on threads). */
static inline void FN(rows_packed)(int rows, int n, int k, const float *a, int lda, const float *packed, float *c,
                                   int ldc, int acc) {
  FN(gemm_packed_strided)(rows, n, k, a, (size_t)lda, 1, packed, c, (size_t)ldc, acc);
}

/* A recurrence splits its batch: row b's states depend on row b's alone, so the threads need no barrier per step.
 * At least MR rows per thread, so every thread fills whole GEMM tiles. */
static inline int FN(recurrence_threads)(int steps, int batch, int g, int hp) {
  return par_threads(4.0 * steps * batch * g * hp, batch / MR);
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

typedef struct {
  int steps, batch, hp, relu;
  float *z, *hs, *dz, *dhNext;
  const float *hsIn, *dhs, *packed;
} rnn_job;

static void FN(rnn_forward_rows)(void *raw, int tid, int nth) {
  const rnn_job *q = raw;
  int b0, b1;
  share(q->batch, tid, nth, &b0, &b1);
  if (b0 >= b1) return;
  const int hp = q->hp, relu = q->relu, rows = b1 - b0;
  const size_t stepH = (size_t)q->batch * hp, off = (size_t)b0 * hp, n = (size_t)rows * hp;
  for (int t = 0; t < q->steps; t++) {
    float *zt = q->z + t * stepH + off, *hPrev = q->hs + t * stepH + off, *hNext = hPrev + stepH;
    if (t > 0) FN(rows_packed)(rows, hp, hp, hPrev, hp, q->packed, zt, hp, 1);
#define RNN_FWD(j, full, m)                                                                                        \
  {                                                                                                                \
    const V x = VLD(zt + j, full, m);                                                                              \
    VST(hNext + j, relu ? vrelu(x) : vtanh(x), full, m);                                                           \
  }
    FOR_VECTORS(n, RNN_FWD);
#undef RNN_FWD
  }
}

static void FN(rnnForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *packed,
                           int relu) {
  FN(packPanels)(wh, hp, hp, hp, packed);
  memset(hs, 0, (size_t)batch * hp * 4);
  rnn_job q = {steps, batch, hp, relu, z, hs, NULL, NULL, NULL, NULL, packed};
  par_run(FN(recurrence_threads)(steps, batch, hp, hp), FN(rnn_forward_rows), &q);
}

static void FN(rnn_backward_rows)(void *raw, int tid, int nth) {
  const rnn_job *q = raw;
  int b0, b1;
  share(q->batch, tid, nth, &b0, &b1);
  if (b0 >= b1) return;
  const int hp = q->hp, relu = q->relu, rows = b1 - b0;
  const size_t stepH = (size_t)q->batch * hp, off = (size_t)b0 * hp, n = (size_t)rows * hp;
  float *dhNext = q->dhNext + off;
  for (int t = q->steps - 1; t >= 0; t--) {
    float *dzt = q->dz + t * stepH + off;
    const float *hNow = q->hsIn + (t + 1) * stepH + off, *dht = q->dhs + t * stepH + off;
#define RNN_BWD(j, full, m)                                                                                        \
  {                                                                                                                \
    const V dh = VADD(VLD(dht + j, full, m), VLD(dhNext + j, full, m));                                            \
    const V h = VLD(hNow + j, full, m);                                                                            \
    VST(dzt + j, relu ? vrelu_grad(dh, h) : VMUL(dh, vtanh_grad(h)), full, m);                                      \
  }
    FOR_VECTORS(n, RNN_BWD);
#undef RNN_BWD
    if (t > 0) FN(rows_packed)(rows, hp, hp, dzt, hp, q->packed, dhNext, hp, 0);
  }
}

static void FN(rnnBackward)(int steps, int batch, int hp, const float *hs, const float *whT, const float *dhs,
                            float *dz, float *dhNext, float *packed, int relu) {
  FN(packPanels)(whT, hp, hp, hp, packed);
  memset(dhNext, 0, (size_t)batch * hp * 4);
  rnn_job q = {steps, batch, hp, relu, NULL, NULL, dz, dhNext, hs, dhs, packed};
  par_run(FN(recurrence_threads)(steps, batch, hp, hp), FN(rnn_backward_rows), &q);
}

/* ---------------- LSTM (lstm.ts), gate order i, f, c, o ---------------- */

typedef struct {
  int steps, batch, hp, hard;
  float *z, *hs, *cs, *tcs, *dz, *dhNext, *dcNext;
  const float *zIn, *csIn, *tcsIn, *dhs, *packed;
} lstm_job;

static void FN(lstm_forward_rows)(void *raw, int tid, int nth) {
  const lstm_job *q = raw;
  int b0, b1;
  share(q->batch, tid, nth, &b0, &b1);
  if (b0 >= b1) return;
  const int hp = q->hp, g = hp * 4, hard = q->hard;
  const size_t stepZ = (size_t)q->batch * g, stepH = (size_t)q->batch * hp, gate = (size_t)hp;
  for (int t = 0; t < q->steps; t++) {
    float *zt = q->z + t * stepZ, *hPrev = q->hs + t * stepH, *cPrev = q->cs + t * stepH, *tct = q->tcs + t * stepH;
    if (t > 0) FN(rows_packed)(b1 - b0, g, hp, hPrev + (size_t)b0 * hp, hp, q->packed, zt + (size_t)b0 * g, g, 1);
    for (int b = b0; b < b1; b++) {
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

static void FN(lstmForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *cs, float *tcs,
                            float *packed, int hard) {
  const int g = hp * 4;
  FN(packPanels)(wh, hp, g, g, packed);
  memset(hs, 0, (size_t)batch * hp * 4);
  memset(cs, 0, (size_t)batch * hp * 4);
  lstm_job q = {steps, batch, hp, hard, z, hs, cs, tcs, NULL, NULL, NULL, NULL, NULL, NULL, NULL, packed};
  par_run(FN(recurrence_threads)(steps, batch, g, hp), FN(lstm_forward_rows), &q);
}

static void FN(lstm_backward_rows)(void *raw, int tid, int nth) {
  const lstm_job *q = raw;
  int b0, b1;
  share(q->batch, tid, nth, &b0, &b1);
  if (b0 >= b1) return;
  const int hp = q->hp, g = hp * 4, hard = q->hard;
  const size_t stepZ = (size_t)q->batch * g, stepH = (size_t)q->batch * hp, gate = (size_t)hp;
  float *dhNext = q->dhNext, *dcNext = q->dcNext;
  for (int t = q->steps - 1; t >= 0; t--) {
    const float *zt = q->zIn + t * stepZ, *cPrev = q->csIn + t * stepH, *tct = q->tcsIn + t * stepH;
    const float *dht = q->dhs + t * stepH;
    float *dzt = q->dz + t * stepZ;
    for (int b = b0; b < b1; b++) {
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
    if (t > 0)
      FN(rows_packed)(b1 - b0, hp, g, dzt + (size_t)b0 * g, g, q->packed, dhNext + (size_t)b0 * hp, hp, 0);
  }
}

static void FN(lstmBackward)(int steps, int batch, int hp, const float *z, const float *cs, const float *tcs,
                             const float *whT, const float *dhs, float *dz, float *dhNext, float *dcNext,
                             float *packed, int hard) {
  const int g = hp * 4;
  FN(packPanels)(whT, g, hp, hp, packed);
  memset(dhNext, 0, (size_t)batch * hp * 4);
  memset(dcNext, 0, (size_t)batch * hp * 4);
  lstm_job q = {steps, batch, hp, hard, NULL, NULL, NULL, NULL, dz, dhNext, dcNext, z, cs, tcs, dhs, packed};
  par_run(FN(recurrence_threads)(steps, batch, g, hp), FN(lstm_backward_rows), &q);
}

/* ---------------- GRU (gru.ts), tfjs's variant without reset_after, gate order z, r, h ---------------- */

typedef struct {
  int steps, batch, hp, hard, noReset;
  float *z, *hs, *rh, *dz, *dhNext, *drh;
  const float *zIn, *hsIn, *dhs, *packed, *packedH;
} gru_job;

static void FN(gru_forward_rows)(void *raw, int tid, int nth) {
  const gru_job *q = raw;
  int b0, b1;
  share(q->batch, tid, nth, &b0, &b1);
  if (b0 >= b1) return;
  const int hp = q->hp, g = hp * 3, hard = q->hard, noReset = q->noReset, rows = b1 - b0;
  const size_t stepZ = (size_t)q->batch * g, stepH = (size_t)q->batch * hp, gate = (size_t)hp;
  const size_t rowZ = (size_t)b0 * g, rowH = (size_t)b0 * hp;
  const V one = VSET1(1.0f);
  for (int t = 0; t < q->steps; t++) {
    float *zt = q->z + t * stepZ, *hPrev = q->hs + t * stepH, *hNext = hPrev + stepH, *rht = q->rh + t * stepH;
    if (t > 0) FN(rows_packed)(rows, hp * 2, hp, hPrev + rowH, hp, q->packed, zt + rowZ, g, 1);
    for (int b = b0; b < b1; b++) {
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
    if (t > 0) FN(rows_packed)(rows, hp, hp, rht + rowH, hp, q->packedH, zt + rowZ + gate * 2, g, 1);
    for (int b = b0; b < b1; b++) {
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

static void FN(gruForward)(int steps, int batch, int hp, float *z, const float *wh, float *hs, float *rh,
                           float *packed, int hard, int noReset) {
  const int g = hp * 3;
  float *packedH = packed + (size_t)hp * hp * 2;
  FN(packPanels)(wh, hp, hp * 2, g, packed);
  FN(packPanels)(wh + (size_t)hp * 2, hp, hp, g, packedH);
  memset(hs, 0, (size_t)batch * hp * 4);
  gru_job q = {steps, batch, hp, hard, noReset, z, hs, rh, NULL, NULL, NULL, NULL, NULL, NULL, packed, packedH};
  par_run(FN(recurrence_threads)(steps, batch, g, hp), FN(gru_forward_rows), &q);
}

static void FN(gru_backward_rows)(void *raw, int tid, int nth) {
  const gru_job *q = raw;
  int b0, b1;
  share(q->batch, tid, nth, &b0, &b1);
  if (b0 >= b1) return;
  const int hp = q->hp, g = hp * 3, hard = q->hard, noReset = q->noReset, rows = b1 - b0;
  const size_t stepZ = (size_t)q->batch * g, stepH = (size_t)q->batch * hp, gate = (size_t)hp;
  const size_t rowZ = (size_t)b0 * g, rowH = (size_t)b0 * hp;
  float *dhNext = q->dhNext, *drh = q->drh;
  const V one = VSET1(1.0f), zero = VZERO();
  for (int t = q->steps - 1; t >= 0; t--) {
    const float *zt = q->zIn + t * stepZ, *hPrev = q->hsIn + t * stepH, *dht = q->dhs + t * stepH;
    float *dzt = q->dz + t * stepZ;
    for (int b = b0; b < b1; b++) {
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
    FN(rows_packed)(rows, hp, hp, dzt + rowZ + gate * 2, g, q->packedH, drh + rowH, hp, 0);
    for (int b = b0; b < b1; b++) {
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
    if (t > 0) FN(rows_packed)(rows, hp, hp * 2, dzt + rowZ, g, q->packed, dhNext + rowH, hp, 1);
  }
}

static void FN(gruBackward)(int steps, int batch, int hp, const float *z, const float *hs, const float *whT,
                            const float *dhs, float *dz, float *dhNext, float *drh, float *packed, int hard,
                            int noReset) {
  const int g = hp * 3;
  float *packedH = packed + (size_t)hp * hp * 2;
  FN(packPanels)(whT, hp * 2, hp, hp, packed);
  FN(packPanels)(whT + (size_t)hp * 2 * hp, hp, hp, hp, packedH);
  memset(dhNext, 0, (size_t)batch * hp * 4);
  gru_job q = {steps, batch, hp, hard, noReset, NULL, NULL, NULL, dz, dhNext, drh, z, hs, dhs, packed, packedH};
  par_run(FN(recurrence_threads)(steps, batch, g, hp), FN(gru_backward_rows), &q);
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
