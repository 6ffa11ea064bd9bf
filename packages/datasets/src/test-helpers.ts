/** Shared helpers for this package's tests (not exported from the package). */
import { TaskSpec } from '@cellsweep/core';
import type { DatasetSplit } from './types.js';

/** A complete task (zod defaults applied) with small splits unless overridden. */
export function smallTask<D extends TaskSpec['dataset']>(
  options: { readonly dataset: D } & Record<string, unknown>,
): Extract<TaskSpec, { dataset: D }> {
  return TaskSpec.parse({ trainSize: 300, validationSize: 100, testSize: 100, ...options }) as Extract<
    TaskSpec,
    { dataset: D }
  >;
}

/** Raw bytes of a typed array, for byte-identical comparisons. */
export function bytesOf(array: Float32Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** One string per sample holding its input bytes, so rows can be compared across splits with a Set. */
export function rowKeys(split: DatasetSplit): string[] {
  const width = split.x.length / split.count;
  return Array.from({ length: split.count }, (_, n) =>
    bytesOf(split.x.subarray(n * width, (n + 1) * width)).toString('latin1'),
  );
}

/** Index of the largest value in `values[offset, offset + width)`, relative to `offset`. */
export function argmax(values: Float32Array, offset: number, width: number): number {
  let best = 0;
  for (let i = 1; i < width; i++) if ((values[offset + i] as number) > (values[offset + best] as number)) best = i;
  return best;
}
