/**
 * Spam vs ham from the first T characters of an e-mail body (see corpus/spam.ts), one-hot over SPAM_ALPHABET + UNK.
 * Bodies shorter than T are padded at the front with all-zero steps, so the text always ends at the last step,
 * next to the classification read-out.
 *
 * Splits: the corpus is dealt once, with a fixed seed, into train/validation/test pools of 70/15/15% of each class,
 * disjoint by e-mail (`group/id`). E-mails with identical bodies (forwarded or re-sent copies: 146 groups, ~350
 * e-mails) are dealt as one unit, so no body appears in two pools. The pools do not depend on sequenceLength:
 * a sweep over input lengths is evaluated on the same e-mails (different e-mails can still share their first T
 * characters, e.g. a MIME preamble, when T is short). A trial's seed then picks `trainSize` etc. e-mails from each
 * pool, stratified so every split keeps the corpus's 31% spam share.
 */
import { createRng, deriveSeed, type SpamTask } from '@cellsweep/core';
import {
  SPAM_ALPHABET,
  SPAM_CORPUS_SIZE,
  SPAM_CORPUS_SPAM_COUNT,
  SPAM_INPUT_SIZE,
  spamEmails,
  type Email,
} from '../corpus/spam.js';
import { DatasetSizeError } from '../errors.js';
import { bernoulliEntropyNats, sameSplits, sizeField, splitSize, splitWord } from '../split.js';
import { SPLIT_NAMES, type Dataset, type DatasetSplit, type SplitName, type TaskShape } from '../types.js';

/** Fixed so that every trial of every sweep holds out the same e-mails. */
const PARTITION_SEED = 20_020_822;
const POOL_SHARE = { train: 0.7, validation: 0.15 } as const;

export function describeSpam(task: SpamTask): TaskShape {
  return {
    inputSize: SPAM_INPUT_SIZE,
    sequenceLength: task.sequenceLength,
    target: { kind: 'classification', classes: 2 },
    metric: 'accuracy',
    testMetrics: ['accuracy', 'f1', 'precision', 'recall'],
    metricHigherIsBetter: true,
    description:
      `SpamAssassin spam vs ham from the first ${task.sequenceLength} body characters ` +
      `(lowercased, ${SPAM_INPUT_SIZE}-channel one-hot); always answering "ham" scores 69% accuracy (and F1 0: ` +
      `F1, precision and recall treat spam as the positive class).`,
    // Predicting the class prior: cross-entropy = binary entropy of the spam share (~0.621 nats).
    baselineLoss: bernoulliEntropyNats(SPAM_CORPUS_SPAM_COUNT / SPAM_CORPUS_SIZE),
    scoredSteps: null,
    splits: sameSplits(task.sequenceLength, null),
  };
}

interface Pool {
  spam: number[];
  ham: number[];
}

let poolCache: Record<SplitName, Pool> | undefined;

/** The fixed train/validation/test pools (indices into `spamEmails()`), computed once per process. */
export function spamPools(): Record<SplitName, Pool> {
  if (poolCache) return poolCache;
  const emails = spamEmails();
  const units = new Map<string, number[]>();
  emails.forEach((email, index) => {
    const unit = units.get(email.body);
    if (unit) unit.push(index);
    else units.set(email.body, [index]);
  });
  const pools: Record<SplitName, Pool> = {
    train: { spam: [], ham: [] },
    validation: { spam: [], ham: [] },
    test: { spam: [], ham: [] },
  };
  const rng = createRng(PARTITION_SEED);
  for (const spamUnits of [true, false]) {
    // A unit counts for the class most of its e-mails have (in this corpus no body is both spam and ham).
    const ofClass = [...units.values()].filter(
      (unit) => unit.filter((i) => (emails[i] as Email).spam).length * 2 > unit.length === spamUnits,
    );
    const total = ofClass.reduce((sum, unit) => sum + unit.length, 0);
    let dealt = 0;
    for (const unit of rng.shuffle(ofClass)) {
      const split: SplitName =
        dealt < POOL_SHARE.train * total
          ? 'train'
          : dealt < (POOL_SHARE.train + POOL_SHARE.validation) * total
            ? 'validation'
            : 'test';
      for (const index of unit) pools[split][(emails[index] as Email).spam ? 'spam' : 'ham'].push(index);
      dealt += unit.length;
    }
  }
  poolCache = pools;
  return pools;
}

/** The e-mails of every split, in sample order (exposed for tests and provenance). */
export function sampleSpamEmails(task: SpamTask, seed: number): Record<SplitName, Email[]> {
  const emails = spamEmails();
  const pools = spamPools();
  const pick = (split: SplitName): Email[] => {
    const pool = pools[split];
    const available = pool.spam.length + pool.ham.length;
    const count = splitSize(task, split);
    if (count > available) {
      throw new DatasetSizeError(sizeField(split), count, available, `e-mails available for ${splitWord(split)}`);
    }
    const spamCount = Math.min(
      pool.spam.length,
      Math.max(count - pool.ham.length, Math.round((count * pool.spam.length) / available)),
    );
    const rng = createRng(deriveSeed(seed, `spam:${split}`));
    const chosen = [
      ...rng.shuffle([...pool.spam]).slice(0, spamCount),
      ...rng.shuffle([...pool.ham]).slice(0, count - spamCount),
    ];
    return rng.shuffle(chosen).map((index) => emails[index] as Email);
  };
  return { train: pick('train'), validation: pick('validation'), test: pick('test') };
}

export function loadSpam(task: SpamTask, seed: number): Dataset {
  const shape = describeSpam(task);
  const picked = sampleSpamEmails(task, seed);
  const steps = task.sequenceLength;
  const width = shape.inputSize;
  const channelOf = new Map([...SPAM_ALPHABET].map((char, id) => [char, id]));
  const unk = SPAM_ALPHABET.length;
  const build = (split: SplitName): DatasetSplit => {
    const chosen = picked[split];
    const count = chosen.length;
    const x = new Float32Array(count * steps * width);
    const y = new Int32Array(count);
    chosen.forEach((email, n) => {
      const text = email.body.slice(0, steps);
      const padding = steps - text.length;
      for (let t = 0; t < text.length; t++) {
        x[(n * steps + padding + t) * width + (channelOf.get(text[t] as string) ?? unk)] = 1;
      }
      y[n] = email.spam ? 1 : 0;
    });
    return { count, sequenceLength: task.sequenceLength, x, y };
  };
  const [train, validation, test] = SPLIT_NAMES.map(build) as [DatasetSplit, DatasetSplit, DatasetSplit];
  return { ...shape, task, train, validation, test };
}
