// Layout conversions between tfjs's tensors and the kernels' padded, time-major buffers. Widths are padded to a
// multiple of 4 so every SIMD loop runs whole vectors; padded units carry zero weights, so they stay exactly 0.

/** src[outer][inner][width] (batch-major) -> dst[inner][outer][widthPadded] (time-major), zero-padded. */
export function toTimeMajor(src: usize, outer: i32, inner: i32, width: i32, dst: usize, widthPadded: i32): void {
  const rowBytes = <usize>width << 2, padBytes = <usize>(widthPadded - width) << 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const from = src + ((<usize>o * inner + i) * width << 2);
      const to = dst + ((<usize>i * outer + o) * widthPadded << 2);
      memory.copy(to, from, rowBytes);
      if (padBytes) memory.fill(to + rowBytes, 0, padBytes);
    }
  }
}

/** Inverse of toTimeMajor: src[inner][outer][widthPadded] -> dst[outer][inner][width]. */
export function toBatchMajor(src: usize, outer: i32, inner: i32, widthPadded: i32, dst: usize, width: i32): void {
  const rowBytes = <usize>width << 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      memory.copy(dst + ((<usize>o * inner + i) * width << 2), src + ((<usize>i * outer + o) * widthPadded << 2), rowBytes);
    }
  }
}

/** Gate-blocked weights src[rows][gates·h] -> dst[rowsPadded][gates·hp], each gate block at gate·hp, zero-padded. */
export function padGateColumns(src: usize, rows: i32, h: i32, gates: i32, dst: usize, rowsPadded: i32, hp: i32): void {
  memory.fill(dst, 0, <usize>rowsPadded * gates * hp << 2);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < gates; g++) {
      memory.copy(dst + ((<usize>r * gates * hp + g * hp) << 2), src + ((<usize>r * gates * h + g * h) << 2), <usize>h << 2);
    }
  }
}

/** Inverse of padGateColumns (drops the padding): src[rowsPadded][gates·hp] -> dst[rows][gates·h]. */
export function unpadGateColumns(src: usize, rows: i32, h: i32, gates: i32, dst: usize, hp: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < gates; g++) {
      memory.copy(dst + ((<usize>r * gates * h + g * h) << 2), src + ((<usize>r * gates * hp + g * hp) << 2), <usize>h << 2);
    }
  }
}

/** dst[cols][rows] = src[rows][cols]ᵀ, in 8×8 blocks so both sides stay in cache lines. */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r0 = 0; r0 < rows; r0 += 8) {
    const r1 = min(r0 + 8, rows);
    for (let c0 = 0; c0 < cols; c0 += 8) {
      const c1 = min(c0 + 8, cols);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) {
          store<f32>(dst + ((<usize>c * rows + r) << 2), load<f32>(src + ((<usize>r * cols + c) << 2)));
        }
      }
    }
  }
}

/**
 * dst[width] = column sums of src[rows][width] (the bias gradient). width must be a multiple of 4. Row by row into
 * dst (which stays in L1): column by column it strided width floats per load and re-read each cache line 4 times
 * (3 % of an LSTM step at H = 64, T = 100).
 */
export function columnSums(src: usize, rows: i32, width: i32, dst: usize): void {
  const bytes = <usize>width << 2;
  memory.fill(dst, 0, bytes);
  for (let r = 0; r < rows; r++) {
    const row = src + <usize>r * bytes;
    for (let j: usize = 0; j < bytes; j += 16) v128.store(dst + j, f32x4.add(v128.load(dst + j), v128.load(row + j)));
  }
}
