export { selectBackend } from './backend.js';
export {
  BackendUnavailableError,
  CheckpointFormatError,
  TrainingAbortedError,
  TrainingDivergedError,
} from './errors.js';
export type { MetricName } from './objective.js';
export {
  trainTrial,
  type EpochReport,
  type TrainProgress,
  type TrainTrialRequest,
  type TrainingResult,
} from './train-trial.js';
export { measureThroughput, type ThroughputOptions, type ThroughputResult } from './throughput.js';
export {
  decodeCheckpoint,
  encodeCheckpoint,
  resumeRefusal,
  type SerializedTensor,
  type TrainerCheckpoint,
} from './checkpoint.js';
export { GRADIENT_REACH_THRESHOLD, gradientReach, measureGradientReach, type GradientReach } from './gradient-reach.js';
// Plugin cells (docs/own-data.md#plugin-cells): what apps need to load the operator's allow-list and check specs.
export {
  assertCellsAvailable,
  CELL_PLUGINS_ENV,
  InvalidCellPluginError,
  isPluginCell,
  loadCellPlugins,
  loadedCellPluginNames,
  ParamCountMismatchError,
  UnknownCellPluginError,
  type CellPlugin,
} from '@cellsweep/models';
