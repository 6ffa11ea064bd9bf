// One worker thread of `npm run bench`'s cores sections (scripts/bench-kernels.mjs). `throughput`: trains its own
// model and reports samples/s. `trials`: trains whole trials as the main thread hands them out (like the embedded
// runner's pool), answering 'done' after each. `threads` ('auto' or a count) sets its native kernel threads;
// `trialRunning` marks it as a running trial (as trainTrial does), which auto divides the cores by.
import { parentPort, workerData } from 'node:worker_threads';
import { TaskSpec } from '@cellsweep/core';
import { kernelTrialStarted, setKernelThreads } from '@cellsweep/kernels';
import { measureThroughput, selectBackend, trainTrial } from '@cellsweep/trainer';

await selectBackend('wasm');
if (workerData.mode === 'trials') {
  // examples/quick.yaml's trials: adding T=50, 1280 training samples, 20 epochs of batch 32, ~5 k parameters.
  const task = TaskSpec.parse({
    dataset: 'adding',
    sequenceLength: 50,
    trainSize: 1280,
    validationSize: 256,
    testSize: 1000,
  });
  parentPort?.on('message', async ({ cell, hidden, seed }) => {
    const config = {
      task,
      cell,
      size: { kind: 'hidden', hidden },
      layers: 1,
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      implementation: 'fused',
      training: {
        epochs: 20,
        batchSize: 32,
        optimizer: 'adam',
        learningRate: 0.01,
        clipNorm: 1,
        earlyStoppingPatience: null,
      },
      seed,
    };
    await trainTrial({ config, hidden });
    parentPort?.postMessage('done');
  });
  parentPort?.postMessage('ready');
} else {
  if (workerData.threads !== undefined)
    setKernelThreads(workerData.threads === 'auto' ? 'auto' : Number(workerData.threads));
  if (workerData.trialRunning) kernelTrialStarted();
  if (workerData.startTogether) {
    // Every worker marks its trial first, then all start at once (else the first would see itself alone).
    const go = new Promise((resolve) => parentPort?.once('message', resolve));
    parentPort?.postMessage('ready');
    await go;
  }
  const result = await measureThroughput(workerData);
  parentPort?.postMessage(result.samplesPerSec);
}
