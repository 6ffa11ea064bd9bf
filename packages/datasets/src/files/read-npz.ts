/**
 * NumPy `.npz` archives (`numpy.savez` / `savez_compressed`): `x` of shape [N, T, I] (or [N, T]: one feature per
 * step) and the target array (`y`, or `task.target`): [N] for a label or number per sequence, [N, T] for labels per
 * step; optionally the split array named by `task.splitColumn` (strings train / validation / test). The zip is
 * streamed through fflate's Unzip and each member parsed by npyjs.
 *
 * Sequences shorter than T: the [N] integer array named by `task.lengthsArray` gives each one's steps, or, without
 * it, the steps at the end of a row of x that are NaN in every feature are padding. Padding is never read (nor are
 * per-step labels there).
 */
import type { FileTask } from '@cellsweep/core';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { parse as parseNpy, type NpyArray } from 'npyjs';
import { DataFileError } from '../errors.js';
import { openHashed } from './hashed-stream.js';
import { splitValue, type RawSequence, type RawSequences } from './raw-sequences.js';

export async function readNpz(path: string, task: FileTask): Promise<RawSequences> {
  const optional = [task.splitColumn, task.lengthsArray].filter((name): name is string => name !== undefined);
  const wanted = new Set(['x', 'X', task.target, ...optional]);
  const members = await unzipMembers(path, (name) => wanted.has(name.replace(/\.npy$/, '')));
  const array = (name: string): NpyArray | undefined => {
    const bytes = members.get(name);
    if (!bytes) return undefined;
    try {
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return parseNpy(copy);
    } catch (error) {
      throw new DataFileError(
        path,
        `array "${name}"`,
        `is not a readable .npy (${(error as Error).message})`,
        'save it with numpy.savez',
      );
    }
  };
  const x = array('x') ?? array('X');
  const y = array(task.target);
  const found = [...members.keys()].map((name) => `"${name}"`).join(', ') || 'none';
  if (!x)
    throw new DataFileError(
      path,
      '',
      `has no array "x" (arrays read: ${found})`,
      'save the inputs as x: numpy.savez(path, x=X, y=y)',
    );
  if (!y)
    throw new DataFileError(
      path,
      '',
      `has no array "${task.target}" (task.target; arrays read: ${found})`,
      `save the targets as ${task.target}, or set task.target`,
    );
  const lengths = task.lengthsArray === undefined ? undefined : array(task.lengthsArray);
  if (task.lengthsArray !== undefined && !lengths) {
    throw new DataFileError(
      path,
      '',
      `has no array "${task.lengthsArray}" (task.lengthsArray; arrays read: ${found})`,
      `save each sequence's steps as ${task.lengthsArray}, or drop task.lengthsArray to mark padding with NaN`,
    );
  }
  const split = task.splitColumn ? array(task.splitColumn) : undefined;
  return { ...toSequences(path, task, { x, y, split, lengths }), sha256: await members.sha256 };
}

type Members = Map<string, Uint8Array> & { sha256: Promise<string> };

/** The archive's members whose name (without `.npy`) is wanted, read while the file streams past. */
async function unzipMembers(path: string, wanted: (name: string) => boolean): Promise<Members> {
  const file = await openHashed(path);
  const members = new Map<string, Uint8Array>() as Members;
  const pending: Promise<void>[] = [];
  const unzip = new Unzip((entry: UnzipFile) => {
    const name = entry.name.replace(/\.npy$/, '');
    if (!wanted(name)) return;
    const chunks: Uint8Array[] = [];
    pending.push(
      new Promise((resolve, reject) => {
        entry.ondata = (error, chunk, final) => {
          if (error) return reject(error);
          chunks.push(chunk);
          if (final) {
            members.set(name, Buffer.concat(chunks));
            resolve();
          }
        };
        entry.start();
      }),
    );
  });
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of file.stream as AsyncIterable<Buffer>) unzip.push(chunk);
    unzip.push(new Uint8Array(0), true);
    await Promise.all(pending);
  } catch (error) {
    throw new DataFileError(
      path,
      '',
      `is not a readable .npz archive (${(error as Error).message ?? error})`,
      'save it with numpy.savez or numpy.savez_compressed',
    );
  }
  members.sha256 = Promise.resolve(file.sha256());
  return members;
}

interface Arrays {
  x: NpyArray;
  y: NpyArray;
  split: NpyArray | undefined;
  lengths: NpyArray | undefined;
}

function toSequences(path: string, task: FileTask, arrays: Arrays): Omit<RawSequences, 'sha256'> {
  const { x, y, split } = arrays;
  if (x.fortranOrder || y.fortranOrder) {
    throw new DataFileError(path, '', 'holds a Fortran-ordered array', 'save numpy.ascontiguousarray(X) (C order)');
  }
  if (x.shape.length !== 2 && x.shape.length !== 3) {
    throw new DataFileError(
      path,
      'array "x"',
      `has shape [${x.shape.join(', ')}]`,
      'give x the shape [sequences, steps, features] (or [sequences, steps])',
    );
  }
  const [count = 0, steps = 0, inputSize = 1] = x.shape;
  const perStep = task.kind === 'labelling';
  const horizon = task.kind === 'forecast' ? (y.shape[1] ?? 0) : 0;
  const expected = perStep ? [count, steps] : task.kind === 'forecast' ? [count, Math.max(horizon, 1)] : [count];
  if (y.shape.join() !== expected.join()) {
    throw new DataFileError(
      path,
      `array "${task.target}"`,
      `has shape [${y.shape.join(', ')}], x has ${count} sequences of ${steps} steps`,
      `give it the shape [${expected.join(', ')}]`,
    );
  }
  // x's padding may hold anything (NaN marks it); each sequence's real steps are checked once its length is known.
  const values = numbers(path, 'x', x, false);
  const lengths = arrays.lengths ? givenLengths(path, task, arrays.lengths, count, steps) : null;
  const targets = perStep || task.kind === 'classification' ? labels(y) : numbers(path, task.target, y);
  const splits = split ? labels(split) : null;
  const width = steps * inputSize;
  const sequences: RawSequence[] = Array.from({ length: count }, (_, n) => {
    const target = perStep
      ? Array.from({ length: steps }, (_, t) => String(targets[n * steps + t]))
      : horizon > 0
        ? Array.from({ length: horizon }, (_, h) => targets[n * horizon + h] as number)
        : task.kind === 'classification'
          ? String(targets[n])
          : (targets[n] as number);
    const where = splits?.[n];
    const value = where === undefined ? null : splitValue(String(where));
    if (splits && value === null) {
      throw new DataFileError(
        path,
        `array "${task.splitColumn}"[${n}]`,
        `${JSON.stringify(where)} is not a split`,
        'write train, validation or test',
      );
    }
    const row = values.subarray(n * width, (n + 1) * width);
    const length = lengths ? (lengths[n] as number) : stepsBeforeNaN(row, inputSize);
    checkFinite(path, row.subarray(0, length * inputSize), n, inputSize, length);
    return {
      values: Float32Array.from(row.subarray(0, length * inputSize)),
      steps: length,
      target: Array.isArray(target) ? target.slice(0, length) : target,
      split: value,
      line: n + 1,
    };
  });
  return { sequences, inputSize };
}

/** The [N] lengths array: integers from 1 to T. */
function givenLengths(path: string, task: FileTask, array: NpyArray, count: number, steps: number): Float64Array {
  const name = task.lengthsArray as string;
  if (array.shape.join() !== String(count)) {
    throw new DataFileError(
      path,
      `array "${name}"`,
      `has shape [${array.shape.join(', ')}], x has ${count} sequences`,
      `give it the shape [${count}]: each sequence's number of real steps`,
    );
  }
  const lengths = numbers(path, name, array);
  lengths.forEach((length, n) => {
    if (!Number.isInteger(length) || length < 1 || length > steps) {
      throw new DataFileError(
        path,
        `array "${name}"[${n}]`,
        `${length} is not a length from 1 to ${steps} (x's steps)`,
        'give every sequence at least one real step, and at most as many as x has',
      );
    }
  });
  return lengths;
}

/** Steps of a row of x before its trailing steps that are NaN in every feature (NaN padding). */
function stepsBeforeNaN(row: Float64Array, inputSize: number): number {
  let steps = row.length / inputSize;
  while (steps > 0 && row.subarray((steps - 1) * inputSize, steps * inputSize).every(Number.isNaN)) steps--;
  return steps;
}

/** A sequence's real steps: at least one, every value finite. */
function checkFinite(path: string, real: Float64Array, n: number, inputSize: number, length: number): void {
  if (length === 0) {
    throw new DataFileError(
      path,
      `array "x", sequence ${n}`,
      'has no steps (every step is NaN padding)',
      'give every sequence at least one real step, or drop it',
    );
  }
  const bad = real.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new DataFileError(
      path,
      `array "x", sequence ${n}, step ${Math.floor(bad / inputSize)}`,
      `${real[bad]} is not a finite number`,
      'fill missing values before saving (NaN marks padding only in whole steps at the end of a sequence)',
    );
  }
}

/** A numeric array as float64, refusing NaN and infinities with the index of the first (unless not `finite`). */
function numbers(path: string, name: string, array: NpyArray, finite = true): Float64Array {
  if (array.dtype.startsWith('U') || array.dtype === 'c8' || array.dtype === 'c16') {
    throw new DataFileError(
      path,
      `array "${name}"`,
      `has dtype ${array.dtype}`,
      'give it a real numeric dtype (float or int)',
    );
  }
  const source = array.data as unknown as ArrayLike<number | bigint | boolean>;
  const out = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) {
    const value = Number(source[i]);
    if (finite && !Number.isFinite(value)) {
      throw new DataFileError(
        path,
        `array "${name}", flat index ${i}`,
        `${value} is not a finite number`,
        'fill or drop missing values before saving',
      );
    }
    out[i] = value;
  }
  return out;
}

/** Labels as strings: from a string (U) array, or integers / booleans written out. */
function labels(array: NpyArray): (string | number)[] {
  const source = array.data as unknown as ArrayLike<string | number | bigint | boolean>;
  return Array.from({ length: source.length }, (_, i) => String(source[i]));
}
