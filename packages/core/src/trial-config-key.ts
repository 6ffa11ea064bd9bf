/**
 * Content keys, defined once: what identifies a trial (its config key, the input of its id) and a sweep (its spec
 * hash). Grid expansion (expand.ts) and adaptive search (@cellsweep/search-driver) both key trials with
 * `trialConfigKey`; stored trials carry these keys, so the formulas must not change (trial-config-key.pinned.test.ts).
 */
import { contentHash } from './canonical.js';
import { UnresolvedDataFileError } from './errors.js';
import type { FileTask } from './file-task.js';
import type { SweepSpec } from './spec.js';
import type { TaskSpec } from './task.js';
import type { TrialConfig } from './trial-config.js';

/**
 * A trial's content key: the hash of everything that affects what it measures. The implementation changes how a
 * trial runs, not what it measures, and a data file's path only where its bytes are: both stay out of the key.
 */
export function trialConfigKey(config: TrialConfig): string {
  return contentHash({ ...config, task: taskIdentity(config.task), implementation: undefined });
}

/**
 * What identifies a task: a file task by its bytes' SHA-256 and its parse options (moving or renaming the file
 * changes nothing, editing it makes new trials); every other task by all its options. A file task must have been
 * read first (`resolveDataFiles` in @cellsweep/datasets fills `sha256`).
 */
export function taskIdentity(task: TaskSpec): TaskSpec | Omit<FileTask, 'path'> {
  if (task.dataset !== 'file') return task;
  if (task.sha256 === undefined || task.summary === undefined) throw new UnresolvedDataFileError(task.path);
  const { path: _path, ...identity } = task;
  return identity;
}

/** The spec's content hash with data-file paths left out, so a moved data file resumes the same sweep. */
export function specContentHash(spec: SweepSpec): string {
  return contentHash({ ...spec, task: spec.task.map(taskIdentity) });
}
