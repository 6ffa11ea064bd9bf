/** Errors of the datasets package. Each is a CellsweepError (core's cellsweep-error.ts) and carries the facts a caller needs to react. */
import { CellsweepError, fieldMessage } from '@cellsweep/core';

const count = (n: number): string => n.toLocaleString('en-US');

/** A split size asks for more sequences than the task can supply (or than fits in memory). */
export class DatasetSizeError extends CellsweepError {
  constructor(
    /** Dotted path of the offending option, e.g. `task.trainSize`. */
    readonly field: string,
    readonly requested: number,
    readonly available: number,
    /** What is counted and where, e.g. `e-mails available for training`. */
    readonly what: string,
  ) {
    super(fieldMessage(field, `${count(requested)} exceeds the ${count(available)} ${what}`));
  }
}

/** The task's options leave too few distinct sequences to keep train, validation and test disjoint. */
export class DisjointSplitError extends CellsweepError {
  constructor(
    readonly dataset: string,
    readonly distinctSequences: number,
    readonly hint: string,
  ) {
    super(
      fieldMessage(
        dataset,
        `only ${count(distinctSequences)} distinct sequences exist, fewer than the 3 needed to keep ` +
          `train, validation and test disjoint (${hint})`,
      ),
    );
  }
}

/** A bundled corpus package did not have the shape this package was written against. */
export class CorpusFormatError extends CellsweepError {
  constructor(
    readonly packageName: string,
    readonly reason: string,
  ) {
    super(fieldMessage(packageName, `unexpected data (${reason})`));
  }
}

/**
 * A data file (`task: { dataset: file }`) cannot be used as written. Names the file, where in it (line, column or
 * field) when the problem has a place, what is wrong and how to fix it.
 */
export class DataFileError extends CellsweepError {
  constructor(
    readonly file: string,
    /** e.g. `line 12, column "temp"`; empty when the problem is the whole file. */
    readonly where: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(fieldMessage(where ? `${file}: ${where}` : file, problem, fix));
  }
}

/** `task.labelNoise` cannot be applied: a fraction outside [0, 1), or a task without one class label per sequence. */
export class LabelNoiseError extends CellsweepError {
  constructor(readonly reason: string) {
    super(
      fieldMessage(
        'task.labelNoise',
        `${reason} (label noise replaces a share in [0, 1) of the training class labels)`,
      ),
    );
  }
}
