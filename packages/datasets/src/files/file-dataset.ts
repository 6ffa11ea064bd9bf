/**
 * A data file as a Dataset: read (CSV, JSON Lines or .npz), checked (finite values, at least two classes), split,
 * standardised from the training split and, when its sequences differ in length, right-padded to the longest
 * (with each split's `lengths`, and a `mask` for per-step labels). `describeFileTask` answers from the task's
 * `summary` (filled by resolveDataFiles) without reading the file; `loadFileDataset` reads it and refuses bytes other than `sha256`.
 */
import { formatFromPath, type FileSummary, type FileTask } from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import { sameSplits } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';
import { assignSplits, type SplitIndices } from './file-splits.js';
import type { RawSequence, RawSequences } from './raw-sequences.js';
import { readCsv } from './read-csv.js';
import { readJsonl } from './read-jsonl.js';
import { readNpz } from './read-npz.js';
import { readText, type RawText } from './read-text.js';
import { buildTextSplits } from './text-dataset.js';
import { applyScaling, fitScaling, noScaling } from './standardize.js';

/** What `cellsweep inspect` shows about a data file before anything trains. */
export interface DataFileReport {
  path: string;
  sha256: string;
  summary: FileSummary;
  lengths: { min: number; median: number; max: number };
  splitSizes: Record<SplitName, number>;
  /** Classification: sequences per class (in `summary.classes` order) in each split. */
  classCounts?: Record<SplitName, number[]>;
}

export function describeFileTask(task: FileTask): TaskShape {
  const summary = task.summary;
  if (!summary)
    throw new DataFileError(task.path, '', 'has not been read yet', 'plan the sweep through resolveDataFiles');
  const classes = summary.classes?.length ?? 0;
  const sequences = summary.sequences.toLocaleString('en-US');
  const longest = summary.sequenceLength;
  const steps = summary.minLength === undefined ? longest : `${summary.minLength}–${longest}`;
  const source = `${sequences} sequences of ${steps} steps × ${summary.inputSize} features`;
  const shape = {
    inputSize: summary.inputSize,
    sequenceLength: summary.sequenceLength,
    scoredSteps: null,
    splits: sameSplits(summary.sequenceLength, null),
    // The content-blind loss depends on the training split's class shares / targets; not claimed from the summary.
    baselineLoss: null,
  };
  if (task.kind === 'next-char') {
    return {
      ...shape,
      target: { kind: 'sequence-classification', classes },
      metric: 'bits-per-char',
      testMetrics: ['bits-per-char', 'token-accuracy'],
      metricHigherIsBetter: false,
      description:
        `${task.path}: next-character prediction, ${summary.sequences.toLocaleString('en-US')} windows of ` +
        `${summary.sequenceLength} characters over a ${classes}-character vocabulary`,
    };
  }
  if (task.kind === 'labelling') {
    return {
      ...shape,
      target: { kind: 'sequence-classification', classes },
      metric: 'token-accuracy',
      testMetrics: ['token-accuracy', 'sequence-accuracy'],
      metricHigherIsBetter: true,
      description: `${task.path}: a label per step (${classes} classes), ${source}`,
    };
  }
  if (task.kind === 'classification') {
    return {
      ...shape,
      target: { kind: 'classification', classes },
      metric: 'accuracy',
      testMetrics: ['accuracy', 'macro-f1'],
      metricHigherIsBetter: true,
      description: `${task.path}: ${classes}-class sequence classification, ${source}`,
    };
  }
  if (task.kind === 'forecast') {
    const horizon = summary.outputSize ?? 1;
    return {
      ...shape,
      target: { kind: 'regression', outputSize: horizon },
      metric: 'r2',
      testMetrics: ['r2', 'mse'],
      metricHigherIsBetter: true,
      description:
        `${task.path}: forecast of ${horizon} value${horizon === 1 ? '' : 's'} per sequence, ${source}` +
        (task.standardize ? ' (each standardised by its training mean and std)' : ''),
    };
  }
  return {
    ...shape,
    target: { kind: 'regression', outputSize: 1 },
    metric: 'r2',
    testMetrics: ['r2', 'mse'],
    metricHigherIsBetter: true,
    description: `${task.path}: sequence regression, ${source}${task.standardize ? ' (MSE in training-target std units)' : ''}`,
  };
}

/** Reads the file with the reader its format names: raw sequences, or plain text's character ids. */
export async function readDataFile(path: string, task: FileTask): Promise<RawSequences | RawText> {
  const format = task.format ?? formatFromPath(path);
  if (format === 'csv') return readCsv(path, task);
  if (format === 'jsonl') return readJsonl(path, task);
  if (format === 'text') return readText(path, task);
  if (format === 'npz') return readNpz(path, task);
  throw new DataFileError(path, '', 'has no known format', 'set task.format: csv, jsonl, text or npz');
}

/** Checks what every kind needs and builds the splits; the summary and report describe the result. */
export function buildFileDataset(
  path: string,
  task: FileTask,
  raw: RawSequences | RawText,
): { dataset: Dataset; report: DataFileReport } {
  if ('ids' in raw) return buildTextDataset(path, task, raw);
  const { sequences, inputSize } = raw;
  if (sequences.length === 0) throw new DataFileError(path, '', 'has no sequences', 'add rows after the header');
  const lengths = sequences.map((sequence) => sequence.steps);
  // Reduced, not spread: Math.max(...) of 100,000s of arguments overflows the stack.
  const sequenceLength = lengths.reduce((a, b) => Math.max(a, b));
  const minLength = lengths.reduce((a, b) => Math.min(a, b));
  const padded = minLength !== sequenceLength;
  const perStep = task.kind === 'labelling';
  const classes = task.kind === 'classification' || perStep ? classList(path, task, sequences) : undefined;
  const outputSize = task.kind === 'forecast' ? checkOneHorizon(path, sequences) : 1;
  const summary: FileSummary = {
    sequences: sequences.length,
    sequenceLength,
    ...(padded ? { minLength } : {}),
    inputSize,
    ...(classes ? { classes } : {}),
    ...(task.kind === 'forecast' ? { outputSize } : {}),
  };
  const resolved: FileTask = { ...task, sha256: raw.sha256, summary };
  const splits = assignSplits(path, task, sequences);
  const train = splits.train.map((index) => (sequences[index] as RawSequence).values);
  const scaling = task.standardize ? fitScaling(train, inputSize) : noScaling(inputSize);
  const classIndex = new Map((classes ?? []).map((label, i) => [label, i]));
  // Per sequence: its class id (classification), its steps' class ids (labelling) or its number(s) (regression,
  // forecast).
  const targets = sequences.map((sequence) =>
    classes
      ? labelsOf(sequence).map((label) => classIndex.get(label) as number)
      : Array.isArray(sequence.target)
        ? (sequence.target as number[])
        : [Number(sequence.target)],
  );
  const numeric = task.kind === 'regression' || task.kind === 'forecast';
  const targetScaling =
    numeric && task.standardize
      ? fitScaling(
          splits.train.map((index) => Float32Array.from(targets[index] as number[])),
          outputSize,
        )
      : noScaling(outputSize);
  const width = perStep ? sequenceLength : outputSize;
  const build = (split: SplitName): DatasetSplit => {
    const members = splits[split];
    const x = new Float32Array(members.length * sequenceLength * inputSize);
    const y = classes ? new Int32Array(members.length * width) : new Float32Array(members.length * width);
    // Padded steps stay 0 (and their labels class 0): causal cells never let them reach a real step's output.
    members.forEach((index, n) => {
      applyScaling(scaling, (sequences[index] as RawSequence).values, x, n * sequenceLength * inputSize);
      const target = targets[index] as number[];
      if (classes) y.set(target, n * width);
      else applyScaling(targetScaling, Float32Array.from(target), y as Float32Array, n * width);
    });
    const plain: DatasetSplit = { count: members.length, sequenceLength, x, y };
    if (!padded) return plain;
    const splitLengths = Int32Array.from(members, (index) => lengths[index] as number);
    if (!perStep) return { ...plain, lengths: splitLengths };
    const mask = new Float32Array(members.length * sequenceLength);
    splitLengths.forEach((length, n) => mask.fill(1, n * sequenceLength, n * sequenceLength + length));
    return { ...plain, lengths: splitLengths, mask };
  };
  const dataset: Dataset = {
    ...describeFileTask(resolved),
    task: resolved,
    train: build('train'),
    validation: build('validation'),
    test: build('test'),
  };
  return { dataset, report: report(path, raw, summary, splits, targets) };
}

function buildTextDataset(path: string, task: FileTask, text: RawText): { dataset: Dataset; report: DataFileReport } {
  const { summary, splits } = buildTextSplits(path, task, text);
  const resolved: FileTask = { ...task, sha256: text.sha256, summary };
  const dataset: Dataset = { ...describeFileTask(resolved), task: resolved, ...splits };
  const length = summary.sequenceLength;
  const splitSizes = { train: splits.train.count, validation: splits.validation.count, test: splits.test.count };
  return {
    dataset,
    report: { path, sha256: text.sha256, summary, lengths: { min: length, median: length, max: length }, splitSizes },
  };
}

/** Forecast: every sequence predicts the same number of values. */
function checkOneHorizon(path: string, sequences: readonly RawSequence[]): number {
  const first = sequences[0] as RawSequence;
  const horizon = (first.target as number[]).length;
  for (const sequence of sequences) {
    if ((sequence.target as number[]).length !== horizon) {
      throw new DataFileError(
        path,
        `line ${sequence.line}`,
        `this sequence has ${(sequence.target as number[]).length} target values, ` +
          `the one on line ${first.line} has ${horizon}`,
        'give every sequence the same forecast horizon',
      );
    }
  }
  return horizon;
}

/** The distinct labels, numerically sorted when all are numbers, else by code unit; at least two. */
function classList(path: string, task: FileTask, sequences: readonly RawSequence[]): string[] {
  const labels = [...new Set(sequences.flatMap(labelsOf))];
  const numeric = labels.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  labels.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length < 2) {
    throw new DataFileError(
      path,
      `target "${task.target}"`,
      `has one class (${JSON.stringify(labels[0])})`,
      'classification needs at least two classes: check the target column, or use kind: regression',
    );
  }
  return labels;
}

/** A sequence's labels: its one label, or (labelling) one per step. */
function labelsOf(sequence: RawSequence): string[] {
  return Array.isArray(sequence.target) ? sequence.target.map(String) : [String(sequence.target)];
}

/** `classCounts` counts sequences per class, or (labelling) steps per class. */
function report(
  path: string,
  raw: RawSequences,
  summary: FileSummary,
  splits: SplitIndices,
  targets: number[][],
): DataFileReport {
  const lengths = raw.sequences.map((sequence) => sequence.steps).sort((a, b) => a - b);
  const middle = lengths.length / 2;
  const median =
    lengths.length % 2
      ? (lengths[Math.floor(middle)] as number)
      : ((lengths[middle - 1] as number) + (lengths[middle] as number)) / 2;
  const splitSizes = { train: splits.train.length, validation: splits.validation.length, test: splits.test.length };
  const out: DataFileReport = {
    path,
    sha256: raw.sha256,
    summary,
    lengths: { min: lengths[0] as number, median, max: lengths[lengths.length - 1] as number },
    splitSizes,
  };
  if (summary.classes) {
    const width = summary.classes.length;
    const counts = (split: SplitName): number[] => {
      const row = new Array<number>(width).fill(0);
      for (const index of splits[split]) for (const id of targets[index] as number[]) row[id] = (row[id] as number) + 1;
      return row;
    };
    out.classCounts = Object.fromEntries(SPLIT_NAMES.map((split) => [split, counts(split)])) as Record<
      SplitName,
      number[]
    >;
  }
  return out;
}
