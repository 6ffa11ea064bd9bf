/**
 * The user's own data: `task: { dataset: file, path, kind, … }` (docs/own-data.md). The spec says where the file is
 * and how to read it; @cellsweep/datasets' `resolveDataFiles` reads it once before planning and fills `sha256` (of
 * the file's bytes) and `summary` (the shapes planning needs). A trial's identity is the bytes and the parse
 * options, never the path (see `taskIdentity`): editing the file makes new trials, the same bytes elsewhere the same.
 */
import { z } from 'zod';

export const FileFormat = z.enum(['csv', 'jsonl', 'text', 'npz']);
export type FileFormat = z.infer<typeof FileFormat>;

/**
 * What is learnt: one label per sequence (cross-entropy; accuracy, macro-F1), one number (MSE; R²), several numbers
 * read out at the last step (`forecast`, e.g. the next H values: MSE; R² pooled over them), a label per step
 * (`labelling`: cross-entropy; token and sequence accuracy) or, from plain text, the next character at every step
 * (cross-entropy; bits per character).
 */
export const FileTaskKind = z.enum(['classification', 'regression', 'forecast', 'labelling', 'next-char']);
export type FileTaskKind = z.infer<typeof FileTaskKind>;

/** What resolveDataFiles learnt from the file: everything planning needs without reading it again. */
export const FileSummary = z.strictObject({
  sequences: z.number().int().min(0),
  /** Steps per sequence: the longest, when they differ (shorter ones are right-padded to it). */
  sequenceLength: z.number().int().min(1),
  /** The shortest sequence's steps; only when sequences differ in length. */
  minLength: z.number().int().min(1).optional(),
  /** Features per step. */
  inputSize: z.number().int().min(1),
  /** Classification: the distinct labels, sorted; class i is `classes[i]`. */
  classes: z.array(z.string()).optional(),
  /** Forecast: numbers predicted per sequence (the horizon). */
  outputSize: z.number().int().min(1).optional(),
});
export type FileSummary = z.infer<typeof FileSummary>;

const SHA256 = /^[0-9a-f]{64}$/;
const fraction = z.number().min(0).max(0.9);

export const FileTask = z
  .strictObject({
    dataset: z.literal('file'),
    /** The data file; a relative path is read from the spec file's folder. Not part of any trial's identity. */
    path: z.string().min(1, 'give the data file, e.g. path: data/train.csv'),
    /** From the file's extension (.csv, .jsonl / .ndjson) when absent. */
    format: FileFormat.optional(),
    kind: FileTaskKind,
    /** CSV only: `wide` = one sequence per row, `long` = one row per step (sequence id, step, features, target). */
    layout: z.enum(['wide', 'long']).optional(),
    /** Column (CSV) or field (JSON Lines) holding the target. */
    target: z.string().min(1).default('y'),
    /** Plain text (next-char): characters per training window; windows do not overlap and never cross splits. */
    sequenceLength: z.number().int().min(1).optional(),
    /** CSV wide: features per step (the value columns are step-major: t0f0, t0f1, …, t1f0, …). */
    inputSize: z.number().int().min(1).optional(),
    /**
     * CSV: the sequence-id column (long: groups a sequence's rows, default `sequence`; wide: names a row and is not
     * a feature).
     */
    sequenceColumn: z.string().min(1).optional(),
    /** CSV long: the step column that orders a sequence's rows (default `step`). */
    stepColumn: z.string().min(1).optional(),
    /** CSV: the feature columns; by default every column that has no other role. */
    features: z.array(z.string().min(1)).min(1).optional(),
    /**
     * `.npz` only: an [N] integer array of each sequence's real steps (1..T); the rest of its row of x is padding,
     * never read. Without it, trailing steps of x that are NaN in every feature are the padding.
     */
    lengthsArray: z.string().min(1).optional(),
    /** The user's split: a column (CSV) / field (JSON Lines) of `train`, `validation` or `test` per sequence. */
    splitColumn: z.string().min(1).optional(),
    /** Without `splitColumn`: shares of sequences drawn (seeded, stratified by class) for validation and test. */
    validationFraction: fraction.default(0.15),
    testFraction: fraction.default(0.15),
    /** Seed of the random split: fixed per task, so every trial and seed of a sweep sees the same split. */
    splitSeed: z.number().int().min(0).default(0),
    /** Scale each feature (and a regression target) by the training split's mean and standard deviation. */
    standardize: z.boolean().default(true),
    /** Hex SHA-256 of the file's bytes: filled when the file is read; written by hand, it pins the file. */
    sha256: z.string().regex(SHA256, 'expected 64 lowercase hex digits (sha256sum of the file)').optional(),
    /** kind: classification only: the share of training labels replaced by another class (task.ts `LabelNoise`). */
    labelNoise: z
      .number()
      .min(0, 'at least 0 (the share of training labels replaced)')
      .lt(1, 'below 1 (the share of training labels replaced, e.g. 0.2 = 20%)')
      .optional(),
    /** Filled when the file is read (do not write it): shapes and classes for planning. */
    summary: FileSummary.optional(),
  })
  .superRefine((task, context) => {
    const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
    if (task.validationFraction + task.testFraction >= 0.9) {
      issue('testFraction', 'validationFraction + testFraction must leave at least 10% for training');
    }
    const format = task.format ?? formatFromPath(task.path);
    if (format === null && task.path.toLowerCase().endsWith('.npy')) {
      issue('path', 'a .npy file holds one array: save inputs and targets together, numpy.savez("data.npz", x=X, y=y)');
    } else if (format === null)
      issue('format', 'cannot tell the format from the file name: set format: csv, jsonl, text or npz');
    if ((format === 'text') !== (task.kind === 'next-char')) {
      issue(
        'kind',
        format === 'text'
          ? 'plain text trains kind: next-char'
          : 'kind: next-char reads plain text (format: text, a .txt file)',
      );
    }
    if (format === 'text') {
      if (task.sequenceLength === undefined)
        issue('sequenceLength', 'give the characters per window, e.g. sequenceLength: 64');
      for (const field of ['layout', 'inputSize', 'sequenceColumn', 'stepColumn', 'features', 'splitColumn'] as const) {
        if (task[field] !== undefined) issue(field, 'does not apply to plain text (its splits are consecutive blocks)');
      }
    } else if (task.sequenceLength !== undefined) {
      issue(
        'sequenceLength',
        'is for plain text; sequences in CSV / JSON Lines files have the length they are written with',
      );
    }
    if (format === 'jsonl' || format === 'npz') {
      for (const field of ['layout', 'inputSize', 'sequenceColumn', 'stepColumn', 'features'] as const) {
        if (task[field] !== undefined)
          issue(
            field,
            `is a CSV option; ${format === 'npz' ? 'an .npz holds arrays x and y' : 'JSON Lines rows hold x and y'}`,
          );
      }
    }
    if (task.labelNoise !== undefined && task.kind !== 'classification') {
      const why = `replaces class labels of kind: classification (one label per sequence), not kind: ${task.kind}`;
      issue('labelNoise', why);
    }
    if (task.lengthsArray !== undefined && format !== 'npz') {
      issue('lengthsArray', 'is for .npz archives; CSV and JSON Lines sequences have the length they are written with');
    }
    const long = task.layout === 'long';
    if (!long && task.stepColumn !== undefined) issue('stepColumn', 'needs layout: long');
    if (long && task.inputSize !== undefined) issue('inputSize', 'is for layout: wide; long rows have one step each');
    if (task.kind === 'forecast' && format === 'csv') {
      issue('kind', 'forecast targets come from JSON Lines (y a list of numbers) or .npz (y of shape [N, H])');
    }
    if (task.kind === 'labelling' && format === 'csv' && !long) {
      issue('kind', 'labels per step come from layout: long (a target on every row) or JSON Lines (y a list per step)');
    }
  });
export type FileTask = z.infer<typeof FileTask>;

/** The format a path's extension names, or null. */
export function formatFromPath(path: string): FileFormat | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.txt')) return 'text';
  if (lower.endsWith('.npz')) return 'npz';
  return null;
}

/** The CSV layout in force (`wide` unless the spec says `long`). */
export function csvLayout(task: FileTask): 'wide' | 'long' {
  return task.layout ?? 'wide';
}
