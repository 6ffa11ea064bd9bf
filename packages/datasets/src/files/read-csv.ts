/**
 * CSV data files, streamed through csv-parse (never read whole into a string). Two layouts:
 * - wide: one sequence per row; the feature columns hold `steps × inputSize` values, step-major (a shorter sequence
 *   leaves its trailing steps empty).
 * - long: one row per step; a sequence-id and a step column group and order the rows (in any order in the file).
 * The target (and split) column holds one value per sequence; in long files every row of a sequence repeats it,
 * except for `kind: labelling`, where each row's target labels its own step.
 */
import { csvLayout, type FileTask } from '@cellsweep/core';
import { CsvError, parse } from 'csv-parse';
import { DataFileError } from '../errors.js';
import type { SplitName } from '../types.js';
import { stat } from 'node:fs/promises';
import { openHashed } from './hashed-stream.js';
import { LongRows } from './long-rows.js';
import { splitValue, type RawSequence, type RawSequences } from './raw-sequences.js';

const DEFAULT_SEQUENCE_COLUMN = 'sequence';
const DEFAULT_STEP_COLUMN = 'step';

interface Columns {
  target: number;
  split: number | null;
  sequence: number | null;
  step: number | null;
  features: number[];
  names: string[];
}

/** Reads a CSV data file into raw sequences, checking every cell it uses. */
export async function readCsv(path: string, task: FileTask): Promise<RawSequences> {
  const file = await openHashed(path);
  // No `info` or `trim` options: they cost csv-parse more than half its speed. Lines are counted here instead (a
  // quoted value may span lines), and Number() ignores the blanks around a number anyway.
  const parser = file.stream.pipe(parse({ relax_column_count: true }));
  const layout = csvLayout(task);
  let columns: Columns | null = null;
  const wide: RawSequence[] = [];
  const fileBytes = (await stat(path)).size;
  let long: LongRows | null = null;
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line += 1 + extraLines(record);
      if (record.length === 1 && record[0] === '') continue; // an empty line
      if (columns === null) {
        columns = headerColumns(
          path,
          task,
          record.map((name) => name.trim()),
        );
        continue;
      }
      if (record.length !== columns.names.length) {
        throw new DataFileError(
          path,
          `line ${line}`,
          `has ${record.length} fields, the header has ${columns.names.length}`,
          'give every row one value per header column (quote values that contain commas)',
        );
      }
      if (layout === 'wide') wide.push(wideRow(path, task, columns, record, line));
      else addLongRow((long ??= longRows(path, task, columns, fileBytes)), path, task, columns, record, line);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new DataFileError(
        path,
        line ? `line ${line}` : '',
        `not valid CSV (${error.message})`,
        'fix the quoting on that line',
      );
    }
    throw error;
  }
  if (columns === null)
    throw new DataFileError(path, '', 'is empty', 'write a header row and one row per sequence (or step)');
  const sequences = layout === 'wide' ? wide : (long?.finish() ?? []);
  const inputSize = layout === 'wide' ? (task.inputSize ?? 1) : columns.features.length;
  return { sequences, inputSize, sha256: file.sha256() };
}

/** Line breaks inside quoted values: the record ends that many lines further down. */
function extraLines(record: string[]): number {
  let extra = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) extra++;
  }
  return extra;
}

function headerColumns(path: string, task: FileTask, names: string[]): Columns {
  const find = (name: string, field: string): number => {
    const index = names.indexOf(name);
    if (index < 0) {
      throw new DataFileError(
        path,
        'line 1 (header)',
        `has no column "${name}" (task.${field})`,
        `name one of the columns: ${names
          .slice(0, 12)
          .map((n) => `"${n}"`)
          .join(', ')}${names.length > 12 ? ', …' : ''}`,
      );
    }
    return index;
  };
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new DataFileError(
      path,
      'line 1 (header)',
      `names column "${duplicate}" twice`,
      'give every column its own name',
    );
  }
  const long = csvLayout(task) === 'long';
  const target = find(task.target, 'target');
  const split = task.splitColumn === undefined ? null : find(task.splitColumn, 'splitColumn');
  const sequenceName = long ? (task.sequenceColumn ?? DEFAULT_SEQUENCE_COLUMN) : task.sequenceColumn;
  const sequence = sequenceName === undefined ? null : find(sequenceName, 'sequenceColumn');
  const step = long ? find(task.stepColumn ?? DEFAULT_STEP_COLUMN, 'stepColumn') : null;
  const roles = new Set([target, split, sequence, step].filter((index): index is number => index !== null));
  const features = task.features
    ? task.features.map((name) => find(name, 'features'))
    : names.map((_, index) => index).filter((index) => !roles.has(index));
  if (features.length === 0) {
    throw new DataFileError(path, 'line 1 (header)', 'has no feature columns', 'add value columns besides the target');
  }
  const inputSize = long ? 1 : (task.inputSize ?? 1);
  if (features.length % inputSize !== 0) {
    throw new DataFileError(
      path,
      'line 1 (header)',
      `has ${features.length} feature columns, not a multiple of task.inputSize ${inputSize}`,
      'set inputSize to the features per step, with steps × inputSize value columns',
    );
  }
  return { target, split, sequence, step, features, names };
}

/** A finite number from a cell, or a DataFileError naming the line and column. */
function numberAt(path: string, names: string[], record: string[], index: number, line: number): number {
  const text = record[index] ?? '';
  // Number('  ') is 0: a blank cell is empty, not zero.
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new DataFileError(
      path,
      `line ${line}, column "${names[index]}"`,
      text.trim() === '' ? 'is empty' : `"${text}" is not a finite number`,
      'write a number there (fill missing values, or drop the row, before training)',
    );
  }
  return value;
}

function targetAt(path: string, task: FileTask, columns: Columns, record: string[], line: number): string | number {
  if (task.kind === 'regression') return numberAt(path, columns.names, record, columns.target, line);
  const label = (record[columns.target] ?? '').trim();
  if (label === '') {
    throw new DataFileError(
      path,
      `line ${line}, column "${columns.names[columns.target]}"`,
      'has no label',
      'give every sequence a class label',
    );
  }
  return label;
}

function splitAt(path: string, columns: Columns, record: string[], line: number): SplitName | null {
  if (columns.split === null) return null;
  const text = record[columns.split] ?? '';
  const split = splitValue(text);
  if (split === null) {
    throw new DataFileError(
      path,
      `line ${line}, column "${columns.names[columns.split]}"`,
      `"${text}" is not a split`,
      'write train, validation or test',
    );
  }
  return split;
}

function wideRow(path: string, task: FileTask, columns: Columns, record: string[], line: number): RawSequence {
  const width = task.inputSize ?? 1;
  const steps = stepsWritten(columns.features, width, record);
  if (steps === 0) {
    throw new DataFileError(
      path,
      `line ${line}`,
      'has no values (a sequence needs at least one step)',
      'write the first step, or drop the row',
    );
  }
  const values = new Float32Array(steps * width);
  for (let i = 0; i < values.length; i++) {
    values[i] = numberAt(path, columns.names, record, columns.features[i] as number, line);
  }
  return {
    values,
    steps,
    target: targetAt(path, task, columns, record, line),
    split: splitAt(path, columns, record, line),
    line,
  };
}

/**
 * Steps of a wide row up to its last written one: trailing steps whose every cell is empty end a shorter sequence
 * (right-padding, as pandas writes NaN). An empty cell before that is refused by `numberAt`.
 */
function stepsWritten(features: readonly number[], width: number, record: string[]): number {
  let steps = features.length / width;
  const empty = (step: number): boolean =>
    features.slice(step * width, (step + 1) * width).every((index) => (record[index] ?? '').trim() === '');
  while (steps > 0 && empty(steps - 1)) steps--;
  return steps;
}

function longRows(path: string, task: FileTask, columns: Columns, fileBytes: number): LongRows {
  const name = (index: number | null) => (index === null ? '' : (columns.names[index] as string));
  return new LongRows(path, columns.features.length, fileBytes, task.kind === 'labelling', {
    target: name(columns.target),
    split: name(columns.split),
    step: name(columns.step),
  });
}

function addLongRow(
  long: LongRows,
  path: string,
  task: FileTask,
  columns: Columns,
  record: string[],
  line: number,
): void {
  const id = (record[columns.sequence as number] ?? '').trim();
  const step = numberAt(path, columns.names, record, columns.step as number, line);
  const target = targetAt(path, task, columns, record, line);
  const split = splitAt(path, columns, record, line);
  const { features } = columns;
  const values = long.scratch;
  let textBytes = record.length; // the separators and the line break
  for (let i = 0; i < features.length; i++) {
    values[i] = numberAt(path, columns.names, record, features[i] as number, line);
  }
  for (const field of record) textBytes += field.length;
  long.add(id, step, target, split, values, line, textBytes);
}
