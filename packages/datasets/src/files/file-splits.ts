/**
 * Which split each sequence of a data file goes to: the user's split column, or a seeded random split, stratified
 * by class for classification so every split keeps the file's class shares. The assignment depends only on the
 * sequences' order, labels and the task's fractions and `splitSeed`, never on feature values: editing test rows'
 * values leaves training and validation exactly as they were.
 */
import { createRng, deriveSeed, type FileTask } from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import { SPLIT_NAMES, type SplitName } from '../types.js';
import type { RawSequence } from './raw-sequences.js';

/** Sequence indices per split, each in file order. */
export type SplitIndices = Record<SplitName, number[]>;

export function assignSplits(path: string, task: FileTask, sequences: readonly RawSequence[]): SplitIndices {
  const splits: SplitIndices = { train: [], validation: [], test: [] };
  if (task.splitColumn !== undefined) {
    sequences.forEach((sequence, index) => splits[sequence.split as SplitName].push(index));
  } else {
    const rng = createRng(deriveSeed(task.splitSeed, 'file-split'));
    for (const stratum of strata(task, sequences)) {
      rng.shuffle(stratum);
      const test = Math.round(stratum.length * task.testFraction);
      const validation = Math.round(stratum.length * task.validationFraction);
      stratum.forEach((index, i) =>
        splits[i < test ? 'test' : i < test + validation ? 'validation' : 'train'].push(index),
      );
    }
    for (const split of SPLIT_NAMES) splits[split].sort((a, b) => a - b);
  }
  for (const split of SPLIT_NAMES) {
    if (splits[split].length === 0) {
      const fix =
        task.splitColumn !== undefined
          ? `mark some sequences "${split}" in column "${task.splitColumn}"`
          : split === 'train'
            ? 'lower validationFraction / testFraction'
            : `raise ${split}Fraction or add sequences (${sequences.length} now)`;
      throw new DataFileError(path, '', `the ${split} split is empty`, fix);
    }
  }
  return splits;
}

/**
 * Classification: one list of indices per class (in order of first appearance); regression and labelling (no one
 * class per sequence): one list.
 */
function strata(task: FileTask, sequences: readonly RawSequence[]): number[][] {
  if (task.kind !== 'classification') return [sequences.map((_, index) => index)];
  const byClass = new Map<string, number[]>();
  sequences.forEach((sequence, index) => {
    const label = String(sequence.target);
    const members = byClass.get(label);
    if (members) members.push(index);
    else byClass.set(label, [index]);
  });
  return [...byClass.values()];
}
