export { canonicalJson, contentHash } from './canonical.js';
export { InvalidEnvironmentError, parseEnv } from './env.js';
export { SpecLimitError, SpecSyntaxError, SpecValidationError, type SpecIssue } from './errors.js';
export { expandSweep, seedList, type TrialConfig, type TrialPlan, type TrialSize, type TrialTraining } from './expand.js';
export { formatPath, parseSweepSpec, validateSweepSpec } from './parse.js';
export { createRng, deriveSeed, type Rng } from './rng.js';
export {
  CellKind,
  DEFAULT_RECURRENT_IMPLEMENTATION,
  OptimizerName,
  RecurrentActivation,
  RecurrentImplementation,
  SweepSpec,
  type SweepSpecInput,
} from './spec.js';
export {
  AddingTask,
  CopyTask,
  DATASET_NAMES,
  MemorizeTask,
  MobyDickTask,
  ParityTask,
  SpamTask,
  TaskSpec,
  type DatasetName,
} from './task.js';
