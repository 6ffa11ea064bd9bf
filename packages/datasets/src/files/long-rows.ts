/**
 * The rows of a long-format file (one row per step, in any order) gathered into sequences. Rows live in flat typed
 * arrays (values, step, sequence, line, per-step label), not an object per row: a 100 MB file has ~1.5 million rows.
 *
 * Memory is what this class is about (issue 11: a 100 MB file must load in < 3× its size, and the process itself
 * holds ~70 MB). Doubling arrays held up to 1.4× the values at the end and 2.1× (old and new) while growing, and
 * copying every sequence out at the end held the values twice. So the arrays grow to an estimate of the file's row
 * count (from its size and the bytes per row so far), and when the file is already grouped by sequence and ordered
 * by step (what writers produce), each sequence's values are a view into the one array, not a copy.
 */
import { DataFileError } from '../errors.js';
import type { SplitName } from '../types.js';
import type { RawSequence } from './raw-sequences.js';

/** Rows held before the first estimate: ~2 MB of values at 8 features, and enough rows to estimate from. */
const FIRST_CAPACITY_ROWS = 65_536;
/** Headroom over the estimated row count (rows late in a file are often longer: larger ids and steps). */
const ESTIMATE_HEADROOM = 1.03;
/** The least a grow adds, should the estimate fall short again. */
const MIN_GROWTH = 1.25;

interface LongSequence {
  id: string;
  line: number;
  target: string | number;
  split: SplitName | null;
}

/** Column names, for error messages. */
export interface LongColumnNames {
  target: string;
  split: string;
  step: string;
}

export class LongRows {
  private readonly byId = new Map<string, number>();
  private readonly sequences: LongSequence[] = [];
  private readonly labels = new Map<string, number>();
  private rows = 0;
  private capacity = 0;
  private values = new Float32Array(0);
  private stepOf = new Float64Array(0);
  private sequenceOf = new Int32Array(0);
  private lineOf = new Int32Array(0);
  private labelOf = new Int32Array(0);
  /** Bytes of the rows so far (their text: fields, separators, line break), for the row estimate. */
  private rowBytes = 0;
  /** One row's values for the reader to fill before `add`, which copies them: no array per row. */
  readonly scratch: Float32Array;

  /**
   * @param fileBytes the file's size, to estimate its rows from
   * @param width features per row
   * @param perStepLabels `kind: labelling`: each row's target labels its own step
   */
  constructor(
    private readonly path: string,
    private readonly width: number,
    private readonly fileBytes: number,
    private readonly perStepLabels: boolean,
    private readonly names: LongColumnNames,
  ) {
    this.scratch = new Float32Array(width);
  }

  /** One row: its sequence id, step, target and split, and `width` feature values (copied). */
  add(
    id: string,
    step: number,
    target: string | number,
    split: SplitName | null,
    values: ArrayLike<number>,
    line: number,
    textBytes: number,
  ): void {
    let index = this.byId.get(id);
    if (index === undefined) {
      index = this.sequences.length;
      this.byId.set(id, index);
      this.sequences.push({ id, line, target, split });
    }
    const sequence = this.sequences[index] as LongSequence;
    let labelId = 0;
    if (this.perStepLabels) {
      const label = String(target);
      const known = this.labels.get(label);
      if (known === undefined) this.labels.set(label, (labelId = this.labels.size));
      else labelId = known;
    } else if (sequence.target !== target) {
      throw new DataFileError(
        this.path,
        `line ${line}, column "${this.names.target}"`,
        `sequence "${id}" has target ${String(target)} here but ${String(sequence.target)} on line ${sequence.line}`,
        'give every row of a sequence the same target (one label or value per sequence)',
      );
    }
    if (sequence.split !== split) {
      throw new DataFileError(
        this.path,
        `line ${line}, column "${this.names.split}"`,
        `sequence "${id}" is in ${split} here but in ${sequence.split} on line ${sequence.line}`,
        'put every row of a sequence in the same split',
      );
    }
    if (this.rows === this.capacity) this.grow();
    const row = this.rows++;
    this.values.set(values, row * this.width);
    this.stepOf[row] = step;
    this.sequenceOf[row] = index;
    this.lineOf[row] = line;
    if (this.perStepLabels) this.labelOf[row] = labelId;
    this.rowBytes += textBytes;
  }

  /** To the estimated rows of the whole file (at least MIN_GROWTH more), copying what is held. */
  private grow(): void {
    const estimate =
      this.rows === 0
        ? FIRST_CAPACITY_ROWS
        : Math.ceil(((this.rows * this.fileBytes) / this.rowBytes) * ESTIMATE_HEADROOM);
    const capacity = Math.max(estimate, Math.ceil(this.capacity * MIN_GROWTH), FIRST_CAPACITY_ROWS);
    const grown = <T extends Float32Array | Float64Array | Int32Array>(old: T, make: (n: number) => T, per = 1): T => {
      const next = make(capacity * per);
      next.set(old.subarray(0, this.rows * per));
      return next;
    };
    this.values = grown(this.values, (n) => new Float32Array(n), this.width);
    this.stepOf = grown(this.stepOf, (n) => new Float64Array(n));
    this.sequenceOf = grown(this.sequenceOf, (n) => new Int32Array(n));
    this.lineOf = grown(this.lineOf, (n) => new Int32Array(n));
    if (this.perStepLabels) this.labelOf = grown(this.labelOf, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  /** The sequences in order of first appearance, each ordered by step; throws on a step given twice. */
  finish(): RawSequence[] {
    const { rows, width, stepOf } = this;
    const count = this.sequences.length;
    // Rows grouped by sequence (a counting sort keeps file order within each), then each group sorted by step.
    const starts = new Int32Array(count + 1);
    for (let row = 0; row < rows; row++) {
      const next = (this.sequenceOf[row] as number) + 1;
      starts[next] = (starts[next] as number) + 1;
    }
    for (let i = 0; i < count; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
    const order = new Int32Array(rows);
    const fill = starts.slice(0, count);
    for (let row = 0; row < rows; row++) {
      const sequence = this.sequenceOf[row] as number;
      const at = fill[sequence] as number;
      order[at] = row;
      fill[sequence] = at + 1;
    }
    let inFileOrder = true;
    for (let i = 0; i < count; i++) {
      const group = order.subarray(starts[i], starts[i + 1]);
      if (!isSortedBy(group, stepOf)) group.sort((a, b) => (stepOf[a] as number) - (stepOf[b] as number));
      this.checkSteps(i, group);
    }
    for (let at = 0; at < rows && inFileOrder; at++) inFileOrder = order[at] === at;
    // In file order, the sequences are consecutive runs of the one array: views. Otherwise one copy, in order.
    const ordered = inFileOrder ? this.values : new Float32Array(rows * width);
    if (!inFileOrder) {
      for (let at = 0; at < rows; at++) {
        const row = order[at] as number;
        ordered.set(this.values.subarray(row * width, (row + 1) * width), at * width);
      }
    }
    this.values = new Float32Array(0); // this object no longer holds the values, only the sequences' views do
    const labelNames = [...this.labels.keys()];
    return this.sequences.map(({ target, split, line }, index) => {
      const [start, end] = [starts[index] as number, starts[index + 1] as number];
      const labelled = this.perStepLabels
        ? Array.from(order.subarray(start, end), (row) => labelNames[this.labelOf[row] as number] as string)
        : target;
      return {
        values: ordered.subarray(start * width, end * width),
        steps: end - start,
        target: labelled,
        split,
        line,
      };
    });
  }

  private checkSteps(sequence: number, group: Int32Array): void {
    for (let t = 1; t < group.length; t++) {
      const [before, row] = [group[t - 1] as number, group[t] as number];
      if (this.stepOf[row] !== this.stepOf[before]) continue;
      const id = (this.sequences[sequence] as LongSequence).id;
      throw new DataFileError(
        this.path,
        `line ${this.lineOf[Math.max(row, before)]}, column "${this.names.step}"`,
        `sequence "${id}" has step ${this.stepOf[row]} twice`,
        'give each step of a sequence one row',
      );
    }
  }
}

function isSortedBy(group: Int32Array, key: Float64Array): boolean {
  for (let t = 1; t < group.length; t++) {
    if ((key[group[t] as number] as number) < (key[group[t - 1] as number] as number)) return false;
  }
  return true;
}
