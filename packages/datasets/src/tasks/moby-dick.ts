/**
 * Character-level language modelling on Moby Dick. A sample is a window of T+1 consecutive characters from one
 * chapter of its split: x = one-hot of characters 0..T-1, y[t] = id of character t+1, every step scored.
 * Window starts are drawn with the seed, without replacement, from every position of the split's chapters where a
 * window fits; windows may overlap (random crops), never cross a chapter, never come from another split's chapters.
 */
import { createRng, deriveSeed, upperBound, type MobyDickTask } from '@cellsweep/core';
import {
  MOBY_DICK_TRAIN_UNIGRAM_NATS,
  MOBY_DICK_VOCABULARY,
  mobyDickChapters,
  type MobyDickChapter,
} from '../corpus/moby-dick.js';
import { DatasetSizeError } from '../errors.js';
import { sameSplits, sampleDistinct, sizeField, splitSize, splitWord } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';

export function describeMobyDick(task: MobyDickTask): TaskShape {
  const vocabularySize = MOBY_DICK_VOCABULARY.length;
  return {
    inputSize: vocabularySize,
    sequenceLength: task.sequenceLength,
    target: { kind: 'sequence-classification', classes: vocabularySize },
    metric: 'bits-per-char',
    testMetrics: ['bits-per-char'],
    metricHigherIsBetter: false,
    description:
      `Moby Dick, character level: predict the next of ${task.sequenceLength} characters ` +
      `(${vocabularySize}-symbol vocabulary, lowercased); held-out chapters for validation and test.`,
    baselineLoss: MOBY_DICK_TRAIN_UNIGRAM_NATS,
    scoredSteps: null,
    splits: sameSplits(task.sequenceLength, null),
  };
}

/** Where a window starts: chapter index (into `mobyDickChapters()`) and character offset. */
export interface WindowStart {
  chapter: number;
  offset: number;
}

/** The seeded window starts of every split (exposed for tests and provenance). */
export function sampleMobyDickWindows(task: MobyDickTask, seed: number): Record<SplitName, WindowStart[]> {
  const chapters = mobyDickChapters();
  const windowChars = task.sequenceLength + 1;
  const pick = (split: SplitName): WindowStart[] => {
    const own = chapters.flatMap((chapter, index) => (chapter.split === split ? [index] : []));
    // cumulative[k] = number of window starts in the first k chapters of this split.
    const cumulative = [0];
    for (const index of own) {
      const starts = Math.max(0, (chapters[index] as MobyDickChapter).ids.length - windowChars + 1);
      cumulative.push((cumulative.at(-1) as number) + starts);
    }
    const available = cumulative.at(-1) as number;
    const count = splitSize(task, split);
    if (count > available) {
      throw new DatasetSizeError(
        sizeField(split),
        count,
        available,
        `${windowChars}-character windows available in the ${splitWord(split)} chapters`,
      );
    }
    const rng = createRng(deriveSeed(seed, `moby-dick:${split}`));
    return Array.from(sampleDistinct(available, count, rng), (start) => {
      const k = upperBound(cumulative, start) - 1;
      return { chapter: own[k] as number, offset: start - (cumulative[k] as number) };
    });
  };
  return { train: pick('train'), validation: pick('validation'), test: pick('test') };
}

export function loadMobyDick(task: MobyDickTask, seed: number): Dataset {
  const shape = describeMobyDick(task);
  const chapters = mobyDickChapters();
  const windows = sampleMobyDickWindows(task, seed);
  const steps = task.sequenceLength;
  const width = shape.inputSize;
  const build = (split: SplitName): DatasetSplit => {
    const starts = windows[split];
    const count = starts.length;
    const x = new Float32Array(count * steps * width);
    const y = new Int32Array(count * steps);
    starts.forEach(({ chapter, offset }, n) => {
      const ids = (chapters[chapter] as MobyDickChapter).ids;
      for (let t = 0; t < steps; t++) {
        x[(n * steps + t) * width + (ids[offset + t] as number)] = 1;
        y[n * steps + t] = ids[offset + t + 1] as number;
      }
    });
    return { count, sequenceLength: task.sequenceLength, x, y };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...shape, task, train, validation, test };
}
