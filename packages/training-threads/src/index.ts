/**
 * @cellsweep/training-threads — trials trained in worker threads, off the event loop of whoever runs them: the
 * distributed worker (one thread per BullMQ concurrency slot) and the CLI's embedded runner (one per core).
 */
export { NoIdleThreadError, TrainingThreadCrashedError, TrainingThreadStartError } from './errors.js';
export type { ThreadSetup, TrainerKind } from './messages.js';
export { simulatedValLoss } from './simulated-trainer.js';
export { ThreadPool, type TrainHandlers, type TrainOutcome, type TrainRequest } from './thread-pool.js';
