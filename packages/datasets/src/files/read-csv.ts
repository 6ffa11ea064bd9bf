/**
 * CSV data files, streamed through csv-parse (never read whole into a string). Two layouts:
 * - wide: one sequence per row; the feature columns hold `steps × inputSize` values, step-major.
 * - long: one row per step; a sequence-id and a step column group and order the rows (in any order in the file).
 * The target (and split) column holds one value per sequence; in long files every row of a sequence repeats it,
 * except for `kind: labelling`, where each row's target labels its own step.
 */
import { csvLayout, type FileTask } from '@cellsweep/core';
import { CsvError, parse } from 'csv-parse';
import { DataFileError } from '../errors.js';
import type { SplitName } from '../types.js';
import { openHashed } from './hashed-stream.js';
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
  const parser = file.stream.pipe(parse({ info: true, skip_empty_lines: true, trim: true, relax_column_count: true }));
  const layout = csvLayout(task);
  let columns: Columns | null = null;
  const wide: RawSequence[] = [];
  const long = new LongSequences(path, task);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === null) {
        columns = headerColumns(path, task, record);
        continue;
      }
      const line = info.lines;
      if (record.length !== columns.names.length) {
        throw new DataFileError(
          path,
          `line ${line}`,
          `has ${record.length} fields, the header has ${columns.names.length}`,
          'give every row one value per header column (quote values that contain commas)',
        );
      }
      if (layout === 'wide') wide.push(wideRow(path, task, columns, record, line));
      else long.add(columns, record, line);
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
  const sequences = layout === 'wide' ? wide : long.finish();
  const inputSize = layout === 'wide' ? (task.inputSize ?? 1) : columns.features.length;
  return { sequences, inputSize, sha256: file.sha256() };
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
  const value = text === '' ? NaN : Number(text);
  if (!Number.isFinite(value)) {
    throw new DataFileError(
      path,
      `line ${line}, column "${names[index]}"`,
      text === '' ? 'is empty' : `"${text}" is not a finite number`,
      'write a number there (fill missing values, or drop the row, before training)',
    );
  }
  return value;
}

function targetAt(path: string, task: FileTask, columns: Columns, record: string[], line: number): string | number {
  if (task.kind === 'regression') return numberAt(path, columns.names, record, columns.target, line);
  const label = record[columns.target] ?? '';
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
  const values = new Float32Array(columns.features.length);
  columns.features.forEach((index, i) => (values[i] = numberAt(path, columns.names, record, index, line)));
  const steps = columns.features.length / (task.inputSize ?? 1);
  return {
    values,
    steps,
    target: targetAt(path, task, columns, record, line),
    split: splitAt(path, columns, record, line),
    line,
  };
}

interface LongSequence {
  line: number;
  target: string | number;
  /** Labelling: each step's label. */
  labels: Map<number, string>;
  split: SplitName | null;
  steps: Map<number, Float32Array>;
}

/** Collects long-format rows by sequence id, then orders each sequence by its step column. */
class LongSequences {
  private readonly byId = new Map<string, LongSequence>();
  constructor(
    private readonly path: string,
    private readonly task: FileTask,
  ) {}

  add(columns: Columns, record: string[], line: number): void {
    const { path, task } = this;
    const id = record[columns.sequence as number] ?? '';
    const step = numberAt(path, columns.names, record, columns.step as number, line);
    const target = targetAt(path, task, columns, record, line);
    const split = splitAt(path, columns, record, line);
    let sequence = this.byId.get(id);
    if (!sequence) this.byId.set(id, (sequence = { line, target, split, steps: new Map(), labels: new Map() }));
    const where = `line ${line}`;
    if (task.kind === 'labelling') sequence.labels.set(step, String(target));
    else if (sequence.target !== target) {
      throw new DataFileError(
        path,
        `${where}, column "${columns.names[columns.target]}"`,
        `sequence "${id}" has target ${String(target)} here but ${String(sequence.target)} on line ${sequence.line}`,
        'give every row of a sequence the same target (one label or value per sequence)',
      );
    }
    if (sequence.split !== split) {
      throw new DataFileError(
        path,
        `${where}, column "${columns.names[columns.split as number]}"`,
        `sequence "${id}" is in ${split} here but in ${sequence.split} on line ${sequence.line}`,
        'put every row of a sequence in the same split',
      );
    }
    if (sequence.steps.has(step)) {
      throw new DataFileError(
        path,
        `${where}, column "${columns.names[columns.step as number]}"`,
        `sequence "${id}" has step ${step} twice`,
        'give each step of a sequence one row',
      );
    }
    const values = new Float32Array(columns.features.length);
    columns.features.forEach((index, i) => (values[i] = numberAt(path, columns.names, record, index, line)));
    sequence.steps.set(step, values);
  }

  finish(): RawSequence[] {
    return [...this.byId.values()].map(({ line, target, split, steps, labels }) => {
      const ordered = [...steps.keys()].sort((a, b) => a - b);
      const width = steps.get(ordered[0] as number)?.length ?? 0;
      const values = new Float32Array(ordered.length * width);
      ordered.forEach((step, t) => values.set(steps.get(step) as Float32Array, t * width));
      const labelled = this.task.kind === 'labelling' ? ordered.map((step) => labels.get(step) as string) : target;
      return { values, steps: ordered.length, target: labelled, split, line };
    });
  }
}
