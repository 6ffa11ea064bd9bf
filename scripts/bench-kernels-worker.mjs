// One worker thread of `npm run bench`'s cores section (scripts/bench-kernels.mjs): trains its own model and
// reports samples/s.
import { parentPort, workerData } from 'node:worker_threads';
import { measureThroughput, selectBackend } from '@cellsweep/trainer';

await selectBackend('wasm');
const result = await measureThroughput(workerData);
parentPort?.postMessage(result.samplesPerSec);
