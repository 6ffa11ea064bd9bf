/**
 * Entry point of one training thread. Training is CPU-bound synchronous tfjs work, so it runs here, off the main
 * thread that owns the store and draws progress. One thread = one core: tfjs's wasm backend is single-threaded
 * under Node, so parallelism comes from running one trial per thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, TrainingAbortedError, trainTrial, type BackendPreference } from '@cellsweep/trainer';
import type { FromThread, ToThread } from './messages.js';

const port = parentPort;
if (!port) throw new Error('training-thread must run as a worker thread');
const send = (message: FromThread): void => port.postMessage(message);
let controller = new AbortController();

port.on('message', (message: ToThread) => {
  if (message.type === 'abort') controller.abort();
  else void train(message);
});

async function train(message: Extract<ToThread, { type: 'train' }>): Promise<void> {
  controller = new AbortController();
  const { trialId } = message;
  let lastProgressAt = 0;
  try {
    const result = await trainTrial({
      config: message.config,
      hidden: message.hidden,
      signal: controller.signal,
      onEpoch: (report) => send({ type: 'epoch', trialId, report }),
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastProgressAt < 200 && progress.batch !== progress.batches) return;
        lastProgressAt = now;
        send({ type: 'progress', trialId, progress });
      },
    });
    send({ type: 'done', trialId, result });
  } catch (error) {
    if (error instanceof TrainingAbortedError) send({ type: 'aborted', trialId });
    else {
      const { name, message: text } = error instanceof Error ? error : new Error(String(error));
      send({ type: 'failed', trialId, error: { name, message: text } });
    }
  }
}

try {
  const backend = await selectBackend((workerData as { backend: BackendPreference }).backend);
  send({ type: 'ready', backend });
} catch (error) {
  send({ type: 'startup-failed', message: error instanceof Error ? error.message : String(error) });
}
