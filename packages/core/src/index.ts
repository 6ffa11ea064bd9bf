export { createRng, deriveSeed, type Rng } from './rng.js';
export {
  AddingTask,
  CopyTask,
  DATASET_NAMES,
  MobyDickTask,
  ParityTask,
  SpamTask,
  TaskSpec,
  type DatasetName,
} from './task.js';
