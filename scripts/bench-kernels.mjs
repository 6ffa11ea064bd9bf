// `npm run bench`: training samples/s of fused vs tfjs-layers recurrent layers on each available tfjs backend, with
// PyTorch 1-thread on the identical step in the same run (when /usr/bin/python3 has torch), and the ratios; then
// memory over back-to-back trials and throughput with one trial per core. A benchmark, not a test: it asserts nothing.
//
// Usage: node scripts/bench-kernels.mjs [--cells lstm,gru,rnn] [--hidden 16,32,64,256] [--steps 30,100]
//          [--backends wasm,cpu] [--seconds 1] [--rounds 3] [--memory-trials 100] [--skip-cores] [--full]
// The machine may be shared: per config, torch, fused and layers are measured back to back in each of --rounds
// rounds and the medians printed, so each ratio compares like with like; absolute rates move with the load
// (load averages are printed).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { measureThroughput, selectBackend, trainTrial } from '@cellsweep/trainer';
import { TaskSpec } from '@cellsweep/core';

const args = parseArgs(process.argv.slice(2));
const cells = list(args.cells ?? 'lstm,gru,rnn');
const hiddens = list(args.hidden ?? '16,32,64,256').map(Number);
const stepsList = list(args.steps ?? '30,100').map(Number);
const backends = list(args.backends ?? 'wasm,cpu');
const targetMs = Number(args.seconds ?? 1) * 1000;
const rounds = Number(args.rounds ?? 3);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else (out[key] = next), i++;
  }
  return out;
}
function list(value) {
  return String(value).split(',').filter(Boolean);
}
/**
 * Matrix-product FLOPs of one recurrent layer per sample and training step: forward x·Wx and h·Wh over T steps
 * (2·g·H·(I+H)·T), backward twice that (input/state gradients and weight gradients). For the roofline: the
 * achieved rate against this machine's ~165 GFLOP/s single-core AVX-512 SGEMM peak (OpenBLAS).
 */
function recurrentFlopPerSample(cell, hidden, steps, inputSize = 8) {
  const gates = { rnn: 1, gru: 3, lstm: 4 }[cell];
  return 3 * 2 * gates * hidden * (inputSize + hidden) * steps;
}
const gflops = (samplesPerSec, flop) => (Number.isFinite(samplesPerSec) ? (samplesPerSec * flop / 1e9).toFixed(1) : '-');
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const rate = (x) => (Number.isFinite(x) ? `${Math.round(x)}/s` : '-');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-');

/** The PyTorch peer as a long-lived child (one import of torch), asked config by config. */
async function startTorch() {
  const python = '/usr/bin/python3';
  if (!existsSync(python) || spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  const child = spawn(python, [new URL('./bench-torch.py', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const hello = JSON.parse((await lines.next()).value);
  return {
    version: hello.torch,
    async measure(config) {
      child.stdin.write(`${JSON.stringify(config)}\n`);
      return JSON.parse((await lines.next()).value).samplesPerSec;
    },
    close: () => child.stdin.end(),
  };
}

/** Batches that take ~targetMs for this config (2..200), from one probe batch. */
async function batchesFor(options) {
  const probe = await measureThroughput({ ...options, batches: 1 });
  return Math.max(2, Math.min(200, Math.round(targetMs / probe.msPerBatch)));
}

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Median samples/s of torch, fused and layers over `rounds` rounds, each round measuring the three back to back,
 * so a burst of load from other processes hits all three of a round rather than one implementation.
 */
async function measureConfig(config, torch) {
  const fusedBatches = await batchesFor({ ...config, implementation: 'fused' });
  const layersBatches = await batchesFor({ ...config, implementation: 'layers' });
  const rates = { torch: [], fused: [], layers: [] };
  for (let round = 0; round < rounds; round++) {
    if (torch) rates.torch.push(await torch.measure({ cell: config.cell, hidden: config.hidden, steps: config.sequenceLength, batches: 2 * fusedBatches }));
    rates.fused.push((await measureThroughput({ ...config, implementation: 'fused', batches: fusedBatches })).samplesPerSec);
    rates.layers.push((await measureThroughput({ ...config, implementation: 'layers', batches: layersBatches })).samplesPerSec);
  }
  return { torch: median(rates.torch), fused: median(rates.fused), layers: median(rates.layers) };
}

async function throughputTable(torch) {
  for (const backendName of backends) {
    let backend;
    try {
      backend = await selectBackend(backendName);
    } catch (error) {
      console.log(`# ${backendName}: unavailable (${error.message.split('\n')[0]})`);
      continue;
    }
    console.log(`# backend ${backend}: 1 layer + dense head, Adam, MSE, clip 1, batch 64, I=8; medians of ${rounds} rounds; load ${load()}`);
    for (const cell of cells) {
      for (const hidden of hiddens) {
        for (const sequenceLength of stepsList) {
          // The pure-JS cpu backend's orthogonal initializer alone takes 1-2 min per H=256 model (either implementation).
          if (backend === 'cpu' && hidden >= 256 && !args.full) {
            console.log(`${cell} H=${hidden} T=${sequenceLength} ${backend} skipped (cpu backend builds H=256 in minutes; --full runs it)`);
            continue;
          }
          const config = { cell, hidden, sequenceLength };
          const r = await measureConfig(config, torch);
          const flop = recurrentFlopPerSample(cell, hidden, sequenceLength);
          const torchPart = torch ? ` torch ${rate(r.torch)} fused/torch ${ratio(r.fused, r.torch)}` : '';
          console.log(
            `${cell} H=${hidden} T=${sequenceLength} ${backend} fused ${rate(r.fused)} layers ${rate(r.layers)} fused/layers ${ratio(r.fused, r.layers)}${torchPart}` +
              ` | recurrent GFLOP/s fused ${gflops(r.fused, flop)}${torch ? ` torch ${gflops(r.torch, flop)}` : ''}`,
          );
        }
      }
    }
  }
}

/** RSS and live tensors over back-to-back fused trials in this one process (a worker runs trials like this). */
async function memoryOverTrials(trials) {
  await selectBackend('wasm');
  const config = {
    task: TaskSpec.parse({ dataset: 'adding', sequenceLength: 20, trainSize: 256, validationSize: 64, testSize: 64 }),
    cell: 'lstm',
    size: { kind: 'hidden', hidden: 32 },
    layers: 1,
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    implementation: 'fused',
    training: { epochs: 1, batchSize: 64, optimizer: 'adam', learningRate: 0.01, clipNorm: 1, earlyStoppingPatience: null },
    seed: 0,
  };
  console.log(`# memory: ${trials} back-to-back lstm H=32 T=20 fused trials on wasm in one process`);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  for (let trial = 1; trial <= trials; trial++) {
    await trainTrial({ config: { ...config, seed: trial }, hidden: 32 });
    if (trial === 1 || trial % Math.max(1, Math.floor(trials / 5)) === 0) {
      const memory = tf.memory();
      console.log(`trial ${trial}: rss ${mb(process.memoryUsage().rss)} tensors ${memory.numTensors} tfjs bytes ${memory.numBytes}`);
    }
  }
}

/** Aggregate samples/s with 1..N worker threads each training its own model (the embedded runner's model). */
async function coresScaling() {
  const options = { cell: 'lstm', hidden: 64, sequenceLength: 30, batches: 30, implementation: 'fused' };
  console.log(`# cores: lstm H=64 T=30 fused, one model per worker thread (${cpus().length} cores; load ${load()})`);
  for (let threads = 1; threads <= cpus().length; threads++) {
    const rates = await Promise.all(
      Array.from({ length: threads }, () =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./bench-kernels-worker.mjs', import.meta.url), { workerData: options });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
      ),
    );
    const total = rates.reduce((a, b) => a + b, 0);
    console.log(`${threads} thread(s): total ${rate(total)} (${rates.map(rate).join(', ')})`);
  }
}

const torch = await startTorch();
console.log(`# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, torch ${torch ? `${torch.version} (1 thread)` : 'absent'}; load ${load()}`);
// Memory first, while the process is fresh like a worker's: after the H=256 configs its RSS holds their wasm heaps.
const memoryTrials = Number(args['memory-trials'] ?? 100);
if (memoryTrials > 0) await memoryOverTrials(memoryTrials);
try {
  await throughputTable(torch);
} finally {
  torch?.close();
}
if (!args['skip-cores']) await coresScaling();
console.log(`# done; load ${load()}`);
