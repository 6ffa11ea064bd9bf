/**
 * Per-feature standardisation with the training split's statistics only, so nothing about validation or test data
 * reaches training through the scaling. A constant feature is only centred (its standard deviation counts as 1).
 */

export interface Scaling {
  mean: Float64Array;
  std: Float64Array;
}

/** Mean and population standard deviation of each of `width` interleaved columns of the given rows, in float64. */
export function fitScaling(rows: readonly Float32Array[], width: number): Scaling {
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  let count = 0;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) mean[i % width] = (mean[i % width] as number) + (row[i] as number);
    count += row.length / width;
  }
  for (let f = 0; f < width; f++) mean[f] = (mean[f] as number) / Math.max(count, 1);
  for (const row of rows) {
    for (let i = 0; i < row.length; i++)
      std[i % width] = (std[i % width] as number) + ((row[i] as number) - (mean[i % width] as number)) ** 2;
  }
  for (let f = 0; f < width; f++) {
    const deviation = Math.sqrt((std[f] as number) / Math.max(count, 1));
    std[f] = deviation > 0 ? deviation : 1;
  }
  return { mean, std };
}

/** Writes `(value - mean) / std` of `source` into `target` at `offset`. */
export function applyScaling(scaling: Scaling, source: Float32Array, target: Float32Array, offset: number): void {
  const width = scaling.mean.length;
  for (let i = 0; i < source.length; i++) {
    target[offset + i] =
      ((source[i] as number) - (scaling.mean[i % width] as number)) / (scaling.std[i % width] as number);
  }
}

/** The identity scaling (standardize: false). */
export function noScaling(width: number): Scaling {
  return { mean: new Float64Array(width), std: new Float64Array(width).fill(1) };
}
