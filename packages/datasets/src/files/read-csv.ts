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
  // No `info` or `trim` options: they cost csv-parse more than half its speed. Lines are counted here instead (a
  // quoted value may span lines), and Number() ignores the blanks around a number anyway.
  const parser = file.stream.pipe(parse({ relax_column_count: true }));
  const layout = csvLayout(task);
  let columns: Columns | null = null;
  const wide: RawSequence[] = [];
  const long = new LongSequences(path, task);
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
  const sequences = layout === 'wide' ? wide : long.finish(columns.features.length);
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

/** A growable typed array (rows of a long file arrive one by one, count unknown). */
class Growable<T extends Float32Array | Float64Array | Int32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

interface LongSequence {
  id: string;
  line: number;
  target: string | number;
  split: SplitName | null;
}

/**
 * Collects long-format rows by sequence id, then orders each sequence by its step column. Rows are kept in flat
 * typed arrays (sequence, step, line, features, label), not an object per row: a 100 MB file has ~2 million rows.
 */
class LongSequences {
  private readonly byId = new Map<string, number>();
  private readonly sequences: LongSequence[] = [];
  private readonly sequenceOf = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly stepOf = new Growable(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly lineOf = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly labelOf = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly labels = new Map<string, number>();
  private values: Growable<Float32Array> | null = null;
  constructor(
    private readonly path: string,
    private readonly task: FileTask,
  ) {}

  add(columns: Columns, record: string[], line: number): void {
    const { path, task } = this;
    const id = (record[columns.sequence as number] ?? '').trim();
    const step = numberAt(path, columns.names, record, columns.step as number, line);
    const target = targetAt(path, task, columns, record, line);
    const split = splitAt(path, columns, record, line);
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.sequences.length;
      this.byId.set(id, index);
      this.sequences.push({ id, line, target, split });
    }
    const sequence = this.sequences[index] as LongSequence;
    const where = `line ${line}`;
    if (task.kind === 'labelling') {
      const label = String(target);
      let labelId = this.labels.get(label);
      if (labelId === undefined) this.labels.set(label, (labelId = this.labels.size));
      this.labelOf.push(labelId);
    } else if (sequence.target !== target) {
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
    const values = (this.values ??= new Growable(
      new Float32Array(1024 * columns.features.length),
      (n) => new Float32Array(n),
    ));
    for (const feature of columns.features) values.push(numberAt(path, columns.names, record, feature, line));
    this.sequenceOf.push(index);
    this.stepOf.push(step);
    this.lineOf.push(line);
    this.stepColumn = columns.names[columns.step as number] as string;
  }

  private stepColumn = '';

  finish(width: number): RawSequence[] {
    const rows = this.sequenceOf.length;
    const sequenceOf = this.sequenceOf.data;
    const stepOf = this.stepOf.data;
    // Rows grouped by sequence (a counting sort keeps file order within each), then each group sorted by step.
    const starts = new Int32Array(this.sequences.length + 1);
    for (let row = 0; row < rows; row++) {
      const next = (sequenceOf[row] as number) + 1;
      starts[next] = (starts[next] as number) + 1;
    }
    for (let i = 0; i < this.sequences.length; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
    const order = new Int32Array(rows);
    const fill = starts.slice(0, this.sequences.length);
    for (let row = 0; row < rows; row++) {
      const sequence = sequenceOf[row] as number;
      const at = fill[sequence] as number;
      order[at] = row;
      fill[sequence] = at + 1;
    }
    const labelNames = [...this.labels.keys()];
    const values = this.values?.data ?? new Float32Array(0);
    return this.sequences.map(({ id, line, target, split }, index) => {
      const group = Array.from(order.subarray(starts[index], starts[index + 1]));
      group.sort((a, b) => (stepOf[a] as number) - (stepOf[b] as number));
      const out = new Float32Array(group.length * width);
      group.forEach((row, t) => {
        if (t > 0 && stepOf[row] === stepOf[group[t - 1] as number]) {
          const later = Math.max(row, group[t - 1] as number);
          throw new DataFileError(
            this.path,
            `line ${this.lineOf.data[later]}, column "${this.stepColumn}"`,
            `sequence "${id}" has step ${stepOf[row]} twice`,
            'give each step of a sequence one row',
          );
        }
        out.set(values.subarray(row * width, (row + 1) * width), t * width);
      });
      const labelled =
        this.task.kind === 'labelling'
          ? group.map((row) => labelNames[this.labelOf.data[row] as number] as string)
          : target;
      return { values: out, steps: group.length, target: labelled, split, line };
    });
  }
}
