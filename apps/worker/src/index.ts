/** @cellsweep/worker — the distributed worker: BullMQ consumer of trial jobs, training in threads. */
export { readWorkerEnv, type WorkerEnv } from './env.js';
export { runWorker } from './main.js';
export { startWorkerService, type WorkerService } from './worker-service.js';
export { simulatedValLoss, type TrainerKind } from '@cellsweep/training-threads';
