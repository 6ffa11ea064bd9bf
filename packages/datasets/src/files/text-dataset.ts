/**
 * A plain-text file as next-character windows. The text is cut into three consecutive blocks (train, then
 * validation, then test, by the task's fractions), so no window sees another split's text; each block is cut into
 * windows of `sequenceLength + 1` characters with a stride of `sequenceLength` (each character is a target once):
 * x = one-hot of characters 0..T-1, y[t] = id of character t+1, every step scored.
 */
import type { FileSummary, FileTask } from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import { SPLIT_NAMES, type DatasetSplit, type SplitName } from '../types.js';
import type { RawText } from './read-text.js';

export interface TextSplits {
  summary: FileSummary;
  splits: Record<SplitName, DatasetSplit>;
}

export function buildTextSplits(path: string, task: FileTask, text: RawText): TextSplits {
  const steps = task.sequenceLength as number;
  const total = text.ids.length;
  const trainEnd = Math.floor(total * (1 - task.validationFraction - task.testFraction));
  const validationEnd = Math.floor(total * (1 - task.testFraction));
  const blocks: Record<SplitName, [number, number]> = {
    train: [0, trainEnd],
    validation: [trainEnd, validationEnd],
    test: [validationEnd, total],
  };
  const vocabularySize = text.vocabulary.length;
  const splits = {} as Record<SplitName, DatasetSplit>;
  for (const split of SPLIT_NAMES) {
    const [start, end] = blocks[split];
    const count = Math.max(0, Math.floor((end - start - 1) / steps));
    if (count === 0) {
      throw new DataFileError(
        path,
        '',
        `its ${split} block (${(end - start).toLocaleString('en-US')} characters) holds no window of ${steps + 1}`,
        `lower sequenceLength or use a longer text (${total.toLocaleString('en-US')} characters now)`,
      );
    }
    const x = new Float32Array(count * steps * vocabularySize);
    const y = new Int32Array(count * steps);
    for (let n = 0; n < count; n++) {
      for (let t = 0; t < steps; t++) {
        const at = start + n * steps + t;
        x[(n * steps + t) * vocabularySize + (text.ids[at] as number)] = 1;
        y[n * steps + t] = text.ids[at + 1] as number;
      }
    }
    splits[split] = { count, sequenceLength: steps, x, y };
  }
  const sequences = SPLIT_NAMES.reduce((sum, split) => sum + splits[split].count, 0);
  return { summary: { sequences, sequenceLength: steps, inputSize: vocabularySize, classes: text.vocabulary }, splits };
}
