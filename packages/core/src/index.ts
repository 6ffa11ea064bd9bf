// @cellsweep/core: the spec, its expansion and content keys, env fragments, shared words (glossary.ts defines them).
export { BACKEND_PREFERENCES, BackendPreference, BACKENDS, type Backend } from './backend.js';
export { canonicalJson, contentHash } from './canonical.js';
export { CellsweepError, fieldMessage } from './cellsweep-error.js';
export { CELL_ONLY_OPTIONS, cellsWithOption, optionAppliesTo } from './cell-options.js';
export { csvField, renderCsv, type CsvColumn, type CsvOptions } from './csv.js';
export { parseEnv } from './env.js';
export {
  cellPluginModules,
  datasetCacheDir,
  datasetCacheEnv,
  DEFAULT_QUEUE_PREFIX,
  durationMs,
  REDIS_URL,
  serviceEnv,
  type UrlRules,
} from './env-fragments.js';
export {
  SpecLimitError,
  SpecSyntaxError,
  SpecValidationError,
  TrialConfigError,
  UnresolvedDataFileError,
  type SpecIssue,
} from './errors.js';
export {
  expandSweep,
  normalise as normaliseTrialConfig,
  seedList,
  type TrialPlan,
} from './expand.js';
export { specContentHash, taskIdentity, trialConfigKey } from './trial-config-key.js';
export {
  parseTrialConfig,
  TrialConfig,
  TrialSearchTag,
  TrialSize,
  TrialTraining,
  TrialTransformer,
} from './trial-config.js';
export {
  FLOAT32_MIN_NORMAL,
  gradientRegime,
  gradientSlope,
  STABLE_SLOPE_PER_STEP,
  type GradientRegime,
} from './gradient-slope.js';
export {
  AdaptiveSearchSpec,
  SEARCHABLE_FIELDS,
  SearchSpec,
  type SearchValue,
} from './search-spec.js';
export { formatPath, parseSweepSpec, validateSweepSpec } from './parse.js';
export { createRng, deriveSeed, type Rng } from './rng.js';
export { upperBound } from './sorted.js';
export {
  CellKind,
  SpecCell,
  type PluginCellName,
  DEFAULT_MAX_DATA_FILE_BYTES,
  DEFAULT_RECURRENT_IMPLEMENTATION,
  DEFAULT_TRANSFORMER_OPTIONS,
  OptimizerName,
  PositionalEncoding,
  RecurrentActivation,
  RecurrentImplementation,
  SweepSpec,
  TRANSFORMER_DEFAULTS,
  TransformerOptionsSpec,
  type SweepSpecInput,
} from './spec.js';
export {
  csvLayout,
  FileSummary,
  FileTask,
  formatFromPath,
} from './file-task.js';
export {
  AddingTask,
  type BuiltInTask,
  CopyTask,
  G2pTask,
  g2pSequenceLength,
  LABEL_NOISE_DATASETS,
  LabelNoise,
  MackeyGlassTask,
  MemorizeTask,
  MobyDickTask,
  ParityTask,
  SpamTask,
  TaskSpec,
  taskSequenceLengths,
  type DatasetName,
} from './task.js';
