export { describeTask, loadDataset } from './dataset.js';
export { checkTaskData } from './check-task.js';
export { CorpusFormatError, DatasetSizeError, DisjointSplitError } from './errors.js';
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
