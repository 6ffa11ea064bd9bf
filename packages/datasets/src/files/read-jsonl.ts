/**
 * JSON Lines data files, streamed line by line: one sequence per line, `{"x": [[…], …], "y": …}`; `x` is a list of
 * steps, each a list of features (or a flat list of numbers for one feature per step). The target field is
 * `task.target` (default `y`), the split field `task.splitColumn`.
 */
import { createInterface } from 'node:readline';
import type { FileTask } from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import { openHashed } from './hashed-stream.js';
import { splitValue, type RawSequence, type RawSequences } from './raw-sequences.js';

export async function readJsonl(path: string, task: FileTask): Promise<RawSequences> {
  const file = await openHashed(path);
  const sequences: RawSequence[] = [];
  let inputSize: { value: number; line: number } | null = null;
  let line = 0;
  for await (const text of createInterface({ input: file.stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    const sequence = parseLine(path, task, text, line);
    const width = sequence.values.length / sequence.steps;
    if (inputSize === null) inputSize = { value: width, line };
    else if (width !== inputSize.value) {
      throw new DataFileError(
        path,
        `line ${line}, field "x"`,
        `has ${width} features per step, line ${inputSize.line} has ${inputSize.value}`,
        'give every step of every sequence the same number of features',
      );
    }
    sequences.push(sequence);
  }
  if (inputSize === null) throw new DataFileError(path, '', 'has no sequences', 'write one JSON object per line');
  return { sequences, inputSize: inputSize.value, sha256: file.sha256() };
}

function parseLine(path: string, task: FileTask, text: string, line: number): RawSequence {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(
      path,
      `line ${line}`,
      `not valid JSON (${(error as Error).message})`,
      'write one complete JSON object per line',
    );
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    throw new DataFileError(path, `line ${line}`, 'is not a JSON object', 'write {"x": [[…], …], "y": …} on each line');
  }
  const record = row as Record<string, unknown>;
  const { values, steps } = stepsOf(path, record.x, line);
  const target =
    task.kind === 'forecast'
      ? forecastTargets(path, task, record[task.target], line)
      : task.kind === 'labelling'
        ? stepLabels(path, task, record[task.target], steps, line)
        : targetOf(path, task, record[task.target], line);
  return { values, steps, target, split: splitOf(path, task, record, line), line };
}

function stepsOf(path: string, x: unknown, line: number): { values: Float32Array; steps: number } {
  const where = `line ${line}, field "x"`;
  if (!Array.isArray(x) || x.length === 0) {
    throw new DataFileError(
      path,
      where,
      x === undefined ? 'is missing' : 'is not a non-empty list of steps',
      'write x as a list of steps, each a list of numbers (or a list of numbers for one feature)',
    );
  }
  const flat = !Array.isArray(x[0]);
  const width = flat ? 1 : (x[0] as unknown[]).length;
  const values = new Float32Array(x.length * width);
  x.forEach((step: unknown, t) => {
    const features = flat ? [step] : step;
    if (!Array.isArray(features) || features.length !== width) {
      throw new DataFileError(
        path,
        `${where}, step ${t}`,
        `has ${Array.isArray(features) ? features.length : 'no list of'} features, step 0 has ${width}`,
        'give every step the same number of features',
      );
    }
    features.forEach((value: unknown, i) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new DataFileError(
          path,
          `${where}, step ${t}, feature ${i}`,
          `${JSON.stringify(value)} is not a finite number`,
          'write a number there (fill missing values before training)',
        );
      }
      values[t * width + i] = value;
    });
  });
  return { values, steps: x.length };
}

function targetOf(path: string, task: FileTask, value: unknown, line: number, at?: string): string | number {
  const where = at ?? `line ${line}, field "${task.target}"`;
  if (task.kind === 'regression' || task.kind === 'forecast') {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new DataFileError(
        path,
        where,
        value === undefined ? 'is missing' : `${JSON.stringify(value)} is not a finite number`,
        'give every sequence a numeric target',
      );
    }
    return value;
  }
  if ((typeof value !== 'string' || value === '') && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new DataFileError(
      path,
      where,
      value === undefined ? 'is missing' : `${JSON.stringify(value)} is not a label`,
      'give every sequence a class label (a string or a number)',
    );
  }
  return String(value);
}

/** Forecast: `y` is a non-empty list of numbers (the same length on every line, checked when the splits are built). */
function forecastTargets(path: string, task: FileTask, value: unknown, line: number): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DataFileError(
      path,
      `line ${line}, field "${task.target}"`,
      'is not a list of numbers',
      'give y as [v1, v2, …]',
    );
  }
  return value.map(
    (entry: unknown, i) => targetOf(path, task, entry, line, `line ${line}, field "${task.target}"[${i}]`) as number,
  );
}

/** Labelling: `y` is a list with one label per step of `x`. */
function stepLabels(path: string, task: FileTask, value: unknown, steps: number, line: number): string[] {
  const where = `line ${line}, field "${task.target}"`;
  if (!Array.isArray(value) || value.length !== steps) {
    throw new DataFileError(
      path,
      where,
      Array.isArray(value) ? `has ${value.length} labels for ${steps} steps` : 'is not a list of labels, one per step',
      'give one label per step of x',
    );
  }
  return value.map((label: unknown, t) => String(targetOf(path, task, label, line, `${where}, step ${t}`)));
}

function splitOf(path: string, task: FileTask, record: Record<string, unknown>, line: number): RawSequence['split'] {
  if (task.splitColumn === undefined) return null;
  const value = record[task.splitColumn];
  const split = typeof value === 'string' ? splitValue(value) : null;
  if (split === null) {
    throw new DataFileError(
      path,
      `line ${line}, field "${task.splitColumn}"`,
      `${JSON.stringify(value ?? null)} is not a split`,
      'write "train", "validation" or "test"',
    );
  }
  return split;
}
