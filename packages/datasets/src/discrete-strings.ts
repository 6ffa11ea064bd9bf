/**
 * Symbol strings for the discrete synthetic tasks (parity bits, copy symbols), drawn so that no string appears in
 * two splits. Without this, parity over 20 bits with the default 2,000/500/500 sizes would put ~1 test string in
 * the training set by the birthday bound, and copy with 8 symbols x 5 (32,768 strings) ~30.
 *
 * - Small spaces (at most 2^20 strings) are enumerated, shuffled with the seed and dealt 70/15/15 into
 *   train/validation/test pools. Each split draws from its own pool without replacement and starts a fresh
 *   shuffled pass only when the pool runs out, so short strings repeat within a split but never across splits.
 * - Large spaces: uniform draws, rejecting any string already drawn anywhere; test first, then validation, then
 *   train.
 *
 * Either way the test strings depend only on (seed, space, testSize): a sweep over trainSize keeps its test set.
 */
import { createRng, deriveSeed } from '@cellsweep/core';
import { DatasetSizeError, DisjointSplitError } from './errors.js';
import { shuffleInts, sizeField, splitWord } from './split.js';
import type { SplitName } from './types.js';

const POOL_LIMIT = 2 ** 20;
const POOL_FRACTION = { validation: 0.15, test: 0.15 } as const;

export interface StringSpace {
  /** Dataset name, used for seed purposes and error messages. */
  dataset: string;
  /** Symbols per position (2 for bits). At most 256. */
  base: number;
  /** Positions per string. */
  length: number;
  /** Which options set the space, for the error when it is too small (e.g. `task.alphabetSize ** task.copyLength`). */
  spaceHint: string;
}

/** Flat `count * length` symbol arrays per split, drawn deterministically from `seed`. */
export function drawDisjointStrings(
  space: StringSpace,
  sizes: Readonly<Record<SplitName, number>>,
  seed: number,
): Record<SplitName, Uint8Array> {
  const spaceSize = space.base ** space.length;
  if (spaceSize < 3) throw new DisjointSplitError(space.dataset, spaceSize, space.spaceHint);
  return spaceSize <= POOL_LIMIT
    ? drawFromPools(space, spaceSize, sizes, seed)
    : drawUnique(space, spaceSize, sizes, seed);
}

function drawFromPools(
  space: StringSpace,
  spaceSize: number,
  sizes: Readonly<Record<SplitName, number>>,
  seed: number,
): Record<SplitName, Uint8Array> {
  const all = new Int32Array(spaceSize);
  for (let i = 0; i < spaceSize; i++) all[i] = i;
  shuffleInts(all, createRng(deriveSeed(seed, `${space.dataset}:partition`)));
  const validationCount = Math.max(1, Math.round(spaceSize * POOL_FRACTION.validation));
  const testCount = Math.max(1, Math.round(spaceSize * POOL_FRACTION.test));
  const trainCount = spaceSize - validationCount - testCount;
  const pools: Record<SplitName, Int32Array> = {
    train: all.subarray(0, trainCount),
    validation: all.subarray(trainCount, trainCount + validationCount),
    test: all.subarray(trainCount + validationCount),
  };
  const draw = (split: SplitName): Uint8Array => {
    const rng = createRng(deriveSeed(seed, `${space.dataset}:${split}`));
    const pool = pools[split];
    const count = sizes[split];
    const out = new Uint8Array(count * space.length);
    let order: Int32Array = new Int32Array(0);
    for (let n = 0; n < count; n++) {
      const inPass = n % pool.length;
      if (inPass === 0) order = shuffleInts(Int32Array.from(pool), rng);
      writeDigits(order[inPass] as number, space.base, out, n * space.length, space.length);
    }
    return out;
  };
  return { train: draw('train'), validation: draw('validation'), test: draw('test') };
}

function writeDigits(index: number, base: number, out: Uint8Array, offset: number, length: number): void {
  let rest = index;
  for (let t = 0; t < length; t++) {
    out[offset + t] = rest % base;
    rest = Math.floor(rest / base);
  }
}

function drawUnique(
  space: StringSpace,
  spaceSize: number,
  sizes: Readonly<Record<SplitName, number>>,
  seed: number,
): Record<SplitName, Uint8Array> {
  // Rejection stays fast while at most half the space is taken; more than 2^19 strings is a spec mistake anyway.
  const drawLimit = Math.floor(spaceSize / 2);
  const seen = new Set<string>();
  const draw = (split: SplitName): Uint8Array => {
    const count = sizes[split];
    if (seen.size + count > drawLimit) {
      throw new DatasetSizeError(
        sizeField(split),
        count,
        Math.max(0, drawLimit - seen.size),
        `distinct ${space.dataset} sequences left for ${splitWord(split)} (draws stop at half of the space)`,
      );
    }
    const rng = createRng(deriveSeed(seed, `${space.dataset}:${split}`));
    const out = new Uint8Array(count * space.length);
    for (let n = 0; n < count; ) {
      const row = out.subarray(n * space.length, (n + 1) * space.length);
      for (let t = 0; t < space.length; t++) row[t] = rng.int(space.base);
      const key = Buffer.from(row.buffer, row.byteOffset, row.length).toString('latin1');
      if (seen.has(key)) continue;
      seen.add(key);
      n++;
    }
    return out;
  };
  const test = draw('test');
  const validation = draw('validation');
  return { train: draw('train'), validation, test };
}
