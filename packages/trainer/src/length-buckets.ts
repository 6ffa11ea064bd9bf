/**
 * Training batches of similar length for right-padded data, so a batch runs to its own longest sequence rather than
 * the file's. The epoch's shuffled order is cut into pools of `POOL_BATCHES` batches; each pool is sorted by length
 * (stable, so ties keep the shuffled order) and cut into batches; then the epoch's batches are shuffled, so short and
 * long batches interleave. Everything comes from the trial's seeded order and rng: a run, and a resumed run that
 * replays its epochs, get the same batches.
 */
import type { Rng } from '@cellsweep/core';

/** Batches per pool: small enough that batches stay random within a length band, large enough to form bands. */
export const POOL_BATCHES = 16;

/** The epoch's batches (sample indices), bucketed by `lengths`; every index of `order` exactly once. */
export function bucketBatches(order: readonly number[], lengths: Int32Array, batchSize: number, rng: Rng): number[][] {
  const batches: number[][] = [];
  const pool = batchSize * POOL_BATCHES;
  for (let start = 0; start < order.length; start += pool) {
    const sorted = order.slice(start, start + pool).sort((a, b) => (lengths[a] as number) - (lengths[b] as number));
    for (let at = 0; at < sorted.length; at += batchSize) batches.push(sorted.slice(at, at + batchSize));
  }
  return rng.shuffle(batches);
}

/**
 * Evaluation's order for padded data: every index sorted by length (ties by index), so batches of similar length
 * run only to their own longest sequence. It depends only on the lengths: compute it once per split, not per epoch.
 */
export function lengthOrder(lengths: Int32Array): Int32Array {
  return Int32Array.from(lengths.keys()).sort((a, b) => (lengths[a] as number) - (lengths[b] as number) || a - b);
}

/** The epoch's batches in the shuffled order as it is (fixed-length data: exactly the batches it always had). */
export function orderedBatches(order: readonly number[], batchSize: number): number[][] {
  const batches: number[][] = [];
  for (let at = 0; at < order.length; at += batchSize) batches.push(order.slice(at, at + batchSize));
  return batches;
}
