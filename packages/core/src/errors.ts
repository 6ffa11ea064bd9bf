/** Errors raised while reading and expanding a sweep spec. Each names the field and the fix. */
import { CellsweepError, fieldMessage } from './cellsweep-error.js';

export interface SpecIssue {
  /** Dotted field path, e.g. `training.learningRate[1]`; empty for the document itself. */
  path: string;
  message: string;
}

/** The spec text is not valid YAML/JSON. */
export class SpecSyntaxError extends CellsweepError {
  constructor(
    readonly source: string,
    readonly detail: string,
  ) {
    super(fieldMessage(source, `not valid YAML/JSON: ${detail}`));
  }
}

/** The spec parsed but broke the schema; lists every problem, not just the first. */
export class SpecValidationError extends CellsweepError {
  constructor(
    readonly source: string,
    readonly issues: readonly SpecIssue[],
  ) {
    super(
      `${source}: invalid sweep spec (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.path || '(spec)'}: ${issue.message}`).join('\n'),
    );
  }
}

/** The spec is valid but asks for more than the configured limits allow (absurd sizes). */
export class SpecLimitError extends CellsweepError {
  constructor(
    readonly field: string,
    readonly value: number,
    readonly limit: number,
    readonly limitField: string,
  ) {
    super(
      fieldMessage(
        field,
        `${value.toLocaleString('en-US')} exceeds the limit of ${limit.toLocaleString('en-US')}`,
        `reduce it, or raise ${limitField} in the spec if you really mean it`,
      ),
    );
  }
}

/** A stored trial configuration does not match the TrialConfig schema (corrupted, or written by another version). */
export class TrialConfigError extends CellsweepError {
  constructor(
    readonly source: string,
    readonly issues: readonly SpecIssue[],
  ) {
    super(
      `${source}: invalid trial configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.path || '(config)'}: ${issue.message}`).join('\n'),
    );
  }
}

/** A trial of a `dataset: file` task was keyed or planned before its file was read (a caller's mistake). */
export class UnresolvedDataFileError extends CellsweepError {
  constructor(readonly path: string) {
    super(
      fieldMessage(
        path,
        'the data file has not been read yet',
        'call resolveDataFiles (@cellsweep/datasets) before planning',
      ),
    );
  }
}
