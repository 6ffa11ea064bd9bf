// Row-major single-precision matrix product C = A·B (or C += A·B), the only heavy operation in the recurrent
// kernels. Register tile 2 rows × 16 columns: 8 accumulators + 4 B vectors + 1 broadcast + 1 product temporary
// = 14 of the 16 xmm registers V8 allocates on x64. Measured here (M=60, N=240, K=64..256, wasm SIMD, noisy
// shared machine): 2×16 reached 21–36 GFLOP/s, 4×12 (17 live registers: spills) 14–23, 4×8 15–25, 5×8 11–20.
// K is blocked by 256 so a 256×16 panel of B (16 KB) stays in L1 across the row blocks. Columns past the last
// 16-wide panel go through a 4×8 tile (narrowColumns). Single-core peak of the packed form, measured by the bench
// (measureGemmPeak): ~59 GFLOP/s relaxed here, i.e. near 16 FLOP/cycle, the 128-bit FMA limit.
// N must be a multiple of 4 (callers pad widths to 4); M and K are free.
import { madd } from './simd';

const KC: i32 = 256;

// Not inlined: as its own function V8 allocates its 14 vector registers without the caller's loop state.
// `bias` (0 for none) is a row the accumulators start from: C = bias + A·B without first broadcasting the bias into
// C (that broadcast and the read-back of C it forces cost ~2 % of an LSTM step at H = 64).
function tile2x16(k: i32, a: usize, rowStep: usize, kStep: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: bool, bias: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  if (bias) {
    c00 = v128.load(bias); c01 = v128.load(bias, 16); c02 = v128.load(bias, 32); c03 = v128.load(bias, 48);
  }
  let c10 = c00, c11 = c01, c12 = c02, c13 = c03;
  for (let p: usize = 0, bp = b, ap = a; p < <usize>k; p++, bp += ldb, ap += kStep) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bp, 32), b3 = v128.load(bp, 48);
    let s = v128.load32_splat(ap);
    c00 = madd(s, b0, c00); c01 = madd(s, b1, c01); c02 = madd(s, b2, c02); c03 = madd(s, b3, c03);
    s = v128.load32_splat(ap + rowStep);
    c10 = madd(s, b0, c10); c11 = madd(s, b1, c11); c12 = madd(s, b2, c12); c13 = madd(s, b3, c13);
  }
  const r1 = c + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c02 = f32x4.add(c02, v128.load(c, 32)); c03 = f32x4.add(c03, v128.load(c, 48));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c12 = f32x4.add(c12, v128.load(r1, 32)); c13 = f32x4.add(c13, v128.load(r1, 48));
  }
  v128.store(c, c00); v128.store(c, c01, 16); v128.store(c, c02, 32); v128.store(c, c03, 48);
  v128.store(r1, c10); v128.store(r1, c11, 16); v128.store(r1, c12, 32); v128.store(r1, c13, 48);
}

/** Rows × one 4-wide column vector: the column remainder and the row remainder both go through here. */
function tileRx4(rows: i32, k: i32, a: usize, rowStep: usize, kStep: usize, b: usize, ldb: usize, c: usize, ldc: usize, accumulate: bool, bias: usize): void {
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * rowStep;
    let acc0 = bias ? v128.load(bias) : f32x4.splat(0), acc1 = f32x4.splat(0);
    let p: i32 = 0, bp = b, ap = ar;
    // Two independent chains hide the add latency.
    for (; p + 1 < k; p += 2, bp += ldb << 1, ap += kStep << 1) {
      acc0 = madd(v128.load32_splat(ap), v128.load(bp), acc0);
      acc1 = madd(v128.load32_splat(ap + kStep), v128.load(bp + ldb), acc1);
    }
    if (p < k) acc0 = madd(v128.load32_splat(ap), v128.load(bp), acc0);
    let sum = f32x4.add(acc0, acc1);
    const cr = c + <usize>r * ldc;
    if (accumulate) sum = f32x4.add(sum, v128.load(cr));
    v128.store(cr, sum);
  }
}

/**
 * 4 rows × 2 column vectors (b0 and b1, each 4 wide): the columns left after the 16-wide panels. Narrow products
 * land here whole: dX = dz·Wxᵀ has N = I (8 in the bench), and one row at a time through tileRx4 it ran at a
 * fraction of the 2×16 tile's rate (tileRx4 was 5 % of an LSTM step at H = 64). Pass b1 = b0 for one vector
 * (the duplicate is computed and not stored).
 */
function tile4x2v(k: i32, a: usize, rowStep: usize, kStep: usize, b0: usize, b1: usize, ldb: usize, c: usize, ldc: usize, two: bool, accumulate: bool, bias0: usize, bias1: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  if (bias0) {
    c00 = v128.load(bias0); c01 = v128.load(bias1);
  }
  let c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
  for (let p: usize = 0, bp0 = b0, bp1 = b1, ap = a; p < <usize>k; p++, bp0 += ldb, bp1 += ldb, ap += kStep) {
    const v0 = v128.load(bp0), v1 = v128.load(bp1);
    let s = v128.load32_splat(ap);
    c00 = madd(s, v0, c00); c01 = madd(s, v1, c01);
    s = v128.load32_splat(ap + rowStep);
    c10 = madd(s, v0, c10); c11 = madd(s, v1, c11);
    s = v128.load32_splat(ap + (rowStep << 1));
    c20 = madd(s, v0, c20); c21 = madd(s, v1, c21);
    s = v128.load32_splat(ap + rowStep * 3);
    c30 = madd(s, v0, c30); c31 = madd(s, v1, c31);
  }
  const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c10 = f32x4.add(c10, v128.load(r1));
    c20 = f32x4.add(c20, v128.load(r2)); c30 = f32x4.add(c30, v128.load(r3));
  }
  v128.store(c, c00); v128.store(r1, c10); v128.store(r2, c20); v128.store(r3, c30);
  if (two) {
    if (accumulate) {
      c01 = f32x4.add(c01, v128.load(c, 16)); c11 = f32x4.add(c11, v128.load(r1, 16));
      c21 = f32x4.add(c21, v128.load(r2, 16)); c31 = f32x4.add(c31, v128.load(r3, 16));
    }
    v128.store(c, c01, 16); v128.store(r1, c11, 16); v128.store(r2, c21, 16); v128.store(r3, c31, 16);
  }
}

/**
 * Columns [j0, n) (fewer than 16, a multiple of 4) of C (+)= A·B, two vectors at a time over 4-row blocks. Column
 * vector v of B starts at `b + v·vStep` (16 bytes apart in a plain B; one 4-wide panel apart in a packed one).
 */
function narrowColumns(
  m: i32, n: i32, j0: i32, k: i32, a: usize, rowStep: usize, kStep: usize,
  b: usize, vStep: usize, ldb: usize, c: usize, ldc: usize, accumulate: bool, bias: usize,
): void {
  const m4 = m & ~3;
  for (let j = j0; j < n; j += 8) {
    const two = j + 8 <= n;
    const v = <usize>(j - j0) >> 2;
    const b0 = b + v * vStep, b1 = two ? b0 + vStep : b0, cj = c + (<usize>j << 2);
    const bias0 = bias ? bias + (<usize>j << 2) : 0, bias1 = bias && two ? bias0 + 16 : bias0;
    for (let i = 0; i < m4; i += 4) tile4x2v(k, a + <usize>i * rowStep, rowStep, kStep, b0, b1, ldb, cj + <usize>i * ldc, ldc, two, accumulate, bias0, bias1);
    if (m4 < m) {
      const ai = a + <usize>m4 * rowStep, ci = cj + <usize>m4 * ldc;
      tileRx4(m - m4, k, ai, rowStep, kStep, b0, ldb, ci, ldc, accumulate, bias0);
      if (two) tileRx4(m - m4, k, ai, rowStep, kStep, b1, ldb, ci + 16, ldc, accumulate, bias1);
    }
  }
}

/**
 * C[m×n] (+)= A·B with A read through strides: element (i, p) of A is at a + i·rowStep + p·kStep (bytes). A plain
 * row-major A has rowStep = 4·lda, kStep = 4; Aᵀ of a row-major [k][m] matrix has rowStep = 4, kStep = 4·lda, which
 * gives the weight gradients Hᵀ·dz without transposing H (T·B·H floats: transposing it cost ~6 % of an RNN step).
 */
function gemmStrided(
  m: i32, n: i32, k: i32,
  a: usize, rowStep: usize, kStep: usize, b: usize, ldbB: usize, c: usize, ldcB: usize,
  accumulate: bool, bias: usize,
): void {
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) {
      if (bias) memory.copy(c + <usize>i * ldcB, bias, <usize>n << 2);
      else memory.fill(c + <usize>i * ldcB, 0, <usize>n << 2);
    }
    return;
  }
  const m2 = m & ~1, n16 = n & ~15;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const acc = accumulate || p0 > 0;
    const biasK: usize = p0 > 0 ? 0 : bias;
    const aK = a + <usize>p0 * kStep, bK = b + <usize>p0 * ldbB;
    for (let j = 0; j < n16; j += 16) {
      const bj = bK + (<usize>j << 2), cj = c + (<usize>j << 2), biasJ = biasK ? biasK + (<usize>j << 2) : 0;
      for (let i = 0; i < m2; i += 2) tile2x16(kc, aK + <usize>i * rowStep, rowStep, kStep, bj, ldbB, cj + <usize>i * ldcB, ldcB, acc, biasJ);
      if (m2 < m) {
        const ai = aK + <usize>m2 * rowStep, ci = cj + <usize>m2 * ldcB;
        for (let v: usize = 0; v < 64; v += 16) tileRx4(1, kc, ai, rowStep, kStep, bj + v, ldbB, ci + v, ldcB, acc, biasJ ? biasJ + v : 0);
      }
    }
    if (n16 < n) narrowColumns(m, n, n16, kc, aK, rowStep, kStep, bK + (<usize>n16 << 2), 16, ldbB, c, ldcB, acc, biasK);
  }
}

/**
 * Copies columns [0, n) of B[k×n] (leading dimension ldb) into panel-major order for gemmPacked: 16-column panels
 * (k rows of 16 contiguous floats), then 4-column panels for the remainder; the panel of column j starts at j·k.
 * The recurrent weights are reused by every time step, and read row by row they stride ldb floats (4 KB at
 * H = 256), which maps every row to the same L1 set; packed, each step streams them contiguously.
 */
export function packPanels(b: usize, k: i32, n: i32, ldb: i32, dst: usize): void {
  const n16 = n & ~15, ldbB = <usize>ldb << 2;
  for (let j = 0; j < n; j += j < n16 ? 16 : 4) {
    const width: usize = j < n16 ? 64 : 16;
    let out = dst + (<usize>j * k << 2), src = b + (<usize>j << 2);
    for (let p = 0; p < k; p++, out += width, src += ldbB) memory.copy(out, src, width);
  }
}

/** C[m×n] (+)= A·B, A read through strides as in gemmStrided, B packed by packPanels(B, k, n, ...). */
function gemmPackedStrided(
  m: i32, n: i32, k: i32,
  a: usize, rowStep: usize, kStep: usize, packed: usize, c: usize, ldcB: usize,
  accumulate: bool,
): void {
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcB, 0, <usize>n << 2);
    return;
  }
  const m2 = m & ~1, n16 = n & ~15;
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const acc = accumulate || p0 > 0;
    const aK = a + <usize>p0 * kStep;
    for (let j = 0; j < n16; j += 16) {
      const bj = packed + ((<usize>j * k + <usize>p0 * 16) << 2), cj = c + (<usize>j << 2);
      for (let i = 0; i < m2; i += 2) tile2x16(kc, aK + <usize>i * rowStep, rowStep, kStep, bj, 64, cj + <usize>i * ldcB, ldcB, acc, 0);
      if (m2 < m) {
        const ai = aK + <usize>m2 * rowStep, ci = cj + <usize>m2 * ldcB;
        for (let v: usize = 0; v < 64; v += 16) tileRx4(1, kc, ai, rowStep, kStep, bj + v, 64, ci + v, ldcB, acc, 0);
      }
    }
    // 4-wide panels of the remainder: column j's starts at j·k floats, and 4·k floats separate consecutive ones.
    if (n16 < n) {
      const first = packed + ((<usize>n16 * k + <usize>p0 * 4) << 2);
      narrowColumns(m, n, n16, kc, aK, rowStep, kStep, first, <usize>k << 4, 16, c, ldcB, acc, 0);
    }
  }
}

/** C[m×n] (+)= A[m×k]·B with B packed by packPanels(B, k, n, ...). */
export function gemmPacked(m: i32, n: i32, k: i32, a: usize, lda: i32, packed: usize, c: usize, ldc: i32, accumulate: bool): void {
  gemmPackedStrided(m, n, k, a, <usize>lda << 2, 4, packed, c, <usize>ldc << 2, accumulate);
}

/** C[m×n] (+)= Aᵀ·B for A stored row-major as [k][m] (leading dimension lda), B packed by packPanels. */
export function gemmPackedTransposedA(m: i32, n: i32, k: i32, a: usize, lda: i32, packed: usize, c: usize, ldc: i32, accumulate: bool): void {
  gemmPackedStrided(m, n, k, a, 4, <usize>lda << 2, packed, c, <usize>ldc << 2, accumulate);
}

/**
 * C[m×n] (+)= A[m×k]·B[k×n]; pointers are byte addresses, leading dimensions are in floats.
 * With accumulate = false, C is overwritten (k = 0 then writes zeros).
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  accumulate: bool,
): void {
  gemmStrided(m, n, k, a, <usize>lda << 2, 4, b, <usize>ldb << 2, c, <usize>ldc << 2, accumulate, 0);
}

/** C[m×n] = bias + A[m×k]·B[k×n], bias a row of n floats added to every row of C. */
export function gemmBias(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32, bias: usize, c: usize, ldc: i32,
): void {
  gemmStrided(m, n, k, a, <usize>lda << 2, 4, b, <usize>ldb << 2, c, <usize>ldc << 2, false, bias);
}

/** C[m×n] (+)= Aᵀ·B for A stored row-major as [k][m] (leading dimension lda), B [k×n]. */
export function gemmTransposedA(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32,
  accumulate: bool,
): void {
  gemmStrided(m, n, k, a, 4, <usize>lda << 2, b, <usize>ldb << 2, c, <usize>ldc << 2, accumulate, 0);
}
