/**
 * Entry point of one training thread. Training is CPU-bound synchronous tfjs work: run on the main thread it would
 * starve whatever that thread owns (a worker's BullMQ lock renewal: the job looks dead, another worker takes it,
 * doubled training; the embedded runner's store writes and progress bars). Here it runs off that event loop; one
 * thread per concurrency slot, because tfjs's wasm backend is single-threaded under Node.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EpochReport, TrainerCheckpoint, TrainProgress, TrainingResult } from '@cellsweep/trainer';
import type { FromThread, ThreadSetup, ToThread } from './messages.js';
import { trainSimulated } from './simulated-trainer.js';

const DEFAULT_PROGRESS_INTERVAL_MS = 250;

const port = parentPort;
if (!port) throw new Error('training-thread must run as a worker thread');
const setup = workerData as ThreadSetup;
const progressIntervalMs = setup.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
// tfjs takes a second to load: only threads that train for real load it.
const trainer = setup.trainer === 'tfjs' ? await import('@cellsweep/trainer') : null;
const send = (message: FromThread, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
let controller = new AbortController();

port.on('message', (message: ToThread) => {
  if (message.type === 'abort') controller.abort();
  else void train(message);
});

async function train(message: Extract<ToThread, { type: 'train' }>): Promise<void> {
  controller = new AbortController();
  const { trialId } = message;
  let lastProgressAt = 0;
  const common = {
    config: message.config,
    hidden: message.hidden,
    signal: controller.signal,
    onEpoch: (report: EpochReport) => send({ type: 'epoch', trialId, report }),
    onProgress: (progress: TrainProgress) => {
      const now = Date.now();
      if (now - lastProgressAt < progressIntervalMs && progress.batch !== progress.batches) return;
      lastProgressAt = now;
      send({ type: 'progress', trialId, progress });
    },
  };
  const sendCheckpoint = async (epoch: number, data: Uint8Array): Promise<void> => {
    const copy = data.slice();
    send({ type: 'checkpoint', trialId, epoch, data: copy }, [copy.buffer as ArrayBuffer]);
  };
  try {
    let result: TrainingResult;
    if (!trainer) {
      result = await trainSimulated({
        ...common,
        epochMs: setup.simulatedEpochMs ?? 0,
        resumeFrom: message.resumeFrom,
        ...(message.checkpoints ? { onCheckpoint: sendCheckpoint } : {}),
      });
    } else {
      result = await trainer.trainTrial({
        ...common,
        ...(setup.parsedDatasetCacheDir === undefined ? {} : { parsedDatasetCacheDir: setup.parsedDatasetCacheDir }),
        ...(message.resumeFrom ? { resumeFrom: trainer.decodeCheckpoint(message.resumeFrom) } : {}),
        ...(message.checkpoints
          ? {
              onCheckpoint: (checkpoint: TrainerCheckpoint) =>
                sendCheckpoint(checkpoint.epoch, trainer.encodeCheckpoint(checkpoint)),
            }
          : {}),
      });
    }
    send({ type: 'done', trialId, result });
  } catch (error) {
    // By name: the simulated trainer has its own class, so this thread need not load tfjs to recognise it.
    if (error instanceof Error && error.name === 'TrainingAbortedError') send({ type: 'aborted', trialId });
    else {
      const { name, message: text } = error instanceof Error ? error : new Error(String(error));
      send({ type: 'failed', trialId, error: { name, message: text } });
    }
  }
}

try {
  const backend = trainer ? await trainer.selectBackend(setup.backend) : setup.trainer;
  // A module that will not load is the operator's mistake: the thread does not start, with the module named.
  if (trainer) await trainer.loadCellPlugins(setup.cellPlugins ?? []);
  send({ type: 'ready', backend });
} catch (error) {
  send({ type: 'startup-failed', message: error instanceof Error ? error.message : String(error) });
}
