export { describeTask, loadDataset, loadTaskDataset } from './dataset.js';
export { checkTaskData } from './check-task.js';
export { CorpusFormatError, DataFileError, DatasetSizeError, DisjointSplitError, LabelNoiseError } from './errors.js';
export { noisyLabels, withLabelNoise } from './label-noise.js';
export type { DataFileReport } from './files/file-dataset.js';
export { loadFileDataset, resolveDataFiles, type FileLoadOptions, type ResolvedSpec } from './files/resolve.js';
export {
  metricHigherIsBetter,
  SPLIT_NAMES,
  type Dataset,
  type DatasetSplit,
  type MetricName,
  type SplitName,
  type SplitShape,
  type StepRange,
  type TargetSpec,
  type TaskShape,
} from './types.js';
export { MOBY_DICK_UNK, MOBY_DICK_VOCABULARY } from './corpus/moby-dick.js';
export { SPAM_ALPHABET, SPAM_INPUT_SIZE } from './corpus/spam.js';
export { G2P_LETTERS, phonemeInventory } from './corpus/cmudict.js';
