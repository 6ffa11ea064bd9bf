/**
 * Whether a task's data can be made at all, checked before any trial runs: `plan` and `run` used to accept specs
 * whose every trial then failed at load time (trainSize 1e9, a copy alphabet of 2 symbols of length 1, more spam
 * e-mails or g2p words than the corpus holds) (issue 14, defect 19). Corpus tasks draw their sample indices here
 * (no tensors); synthetic tasks are checked by arithmetic.
 */
import type { TaskSpec } from '@cellsweep/core';
import { assertTaskSplitsFit } from './dataset.js';
import { DisjointSplitError } from './errors.js';
import { sampleG2pWords } from './tasks/g2p.js';
import { sampleMobyDickWindows } from './tasks/moby-dick.js';
import { sampleSpamEmails } from './tasks/spam.js';

/** Throws what `loadDataset(task, seed)` would throw for a split that cannot be filled (DatasetSizeError, DisjointSplitError). */
export function checkTaskData(task: TaskSpec): void {
  // A data file was read and split when the spec was resolved (resolveDataFiles): nothing left to check.
  if (task.dataset === 'file') return;
  assertTaskSplitsFit(task);
  switch (task.dataset) {
    case 'copy':
      for (const length of new Set([task.copyLength, task.testCopyLength ?? task.copyLength])) {
        assertStringSpace('copy', task.alphabetSize, length, 'increase task.alphabetSize or task.copyLength');
      }
      return;
    case 'parity':
      for (const length of new Set([task.sequenceLength, task.testSequenceLength ?? task.sequenceLength])) {
        assertStringSpace('parity', 2, length, 'increase task.sequenceLength');
      }
      return;
    // The corpora's splits do not depend on the seed's draw for their sizes: seed 0 stands for all.
    case 'spam':
      sampleSpamEmails(task, 0);
      return;
    case 'g2p':
      sampleG2pWords(task, 0);
      return;
    case 'moby-dick':
      sampleMobyDickWindows(task, 0);
      return;
    default:
      return;
  }
}

/** discrete-strings.ts needs at least 3 distinct strings to keep the splits disjoint. */
function assertStringSpace(dataset: string, base: number, length: number, hint: string): void {
  const spaceSize = base ** length;
  if (spaceSize < 3) throw new DisjointSplitError(dataset, spaceSize, hint);
}
