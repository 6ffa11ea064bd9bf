/**
 * @cellsweep/training-threads — trials trained in worker threads, off the event loop of whoever runs them: the
 * distributed worker (one thread per BullMQ concurrency slot) and the CLI's embedded runner (one per core); and
 * the one attempt lifecycle both of them run around it (`runAttempt`: fenced writes, checkpoints, resume).
 */
export { CheckpointSchedule, EVERY_EPOCH, type CheckpointCadence } from './checkpoint-cadence.js';
export { NoIdleThreadError, TrainingThreadCrashedError, TrainingThreadStartError } from './errors.js';
export type { ThreadSetup, TrainerKind } from './messages.js';
export { simulatedValLoss } from './simulated-trainer.js';
export { ThreadPool, type TrainHandlers, type TrainOutcome, type TrainRequest } from './thread-pool.js';
export {
  runAttempt,
  type AttemptDeps,
  type AttemptEnding,
  type AttemptEvents,
  type AttemptWrites,
} from './run-attempt.js';
