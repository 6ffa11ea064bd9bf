// `npm run bench`: training samples/s of fused vs tfjs-layers recurrent layers on each available tfjs backend, with
// PyTorch 1-thread on the identical step in the same run (when /usr/bin/python3 has torch), and the ratios; the fused
// layer runs twice per config when the native kernels are built (@cellsweep/kernels-native: CELLSWEEP_KERNELS=native,
// then =wasm); a roofline line per kernel build (its GFLOP/s against the same build's measured single-core GEMM
// peak); then memory over back-to-back trials, and two-core use (samples/s and trials/min with one trial per
// worker thread, 1 vs N threads), and the native kernels' intra-trial threads (one trial at H=256 on 1 vs N kernel
// threads; N trials at once with auto threads vs 1 each). Everything before that section runs the native kernels on
// one thread (CELLSWEEP_KERNEL_THREADS=1 for this thread), as the 1-thread targets say. A benchmark, not a test: it
// asserts nothing.
//
// Usage: node scripts/bench-kernels.mjs [--cells lstm,gru,rnn] [--hidden 16,32,64,256] [--steps 30,100]
//          [--backends wasm,cpu] [--seconds 1] [--rounds 3] [--memory-trials 100] [--sweep-trials 24]
//          [--skip-cores] [--skip-threads] [--threads-only] [--threads-hidden 256] [--full]
// The machine may be shared: per config, torch, fused and layers are measured back to back in each of --rounds
// rounds and the medians printed, so each ratio compares like with like; absolute rates move with the load
// (load averages are printed). docs/kernels.md says how to run it on a quiet machine and how to read it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { measureThroughput, selectBackend, trainTrial } from '@cellsweep/trainer';
import { TaskSpec } from '@cellsweep/core';
import {
  availableKernelVariants,
  GATE_COUNT,
  measureGemm,
  measureGemmPeak,
  measureKernelRate,
  recurrentFlopPerSample,
  resolveKernelVariant,
  setKernelThreads,
} from '@cellsweep/kernels';

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
const INPUT_SIZE = 8;
const gflops = (samplesPerSec, flop) =>
  Number.isFinite(samplesPerSec) ? ((samplesPerSec * flop) / 1e9).toFixed(1) : '-';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const rate = (x) => (Number.isFinite(x) ? `${Math.round(x)}/s` : '-');
/** The native kernel build when @cellsweep/kernels-native was built here, else null (the bench then runs wasm only). */
const nativeBuild = availableKernelVariants().some((v) => v.startsWith('native-')) ? 'native' : null;
/** Runs `fn` with CELLSWEEP_KERNELS set (the fused layer resolves its kernels per call, so this switches builds). */
async function withKernels(kernels, fn) {
  const saved = process.env.CELLSWEEP_KERNELS;
  process.env.CELLSWEEP_KERNELS = kernels;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.CELLSWEEP_KERNELS;
    else process.env.CELLSWEEP_KERNELS = saved;
  }
}
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-');

/** The PyTorch peer as a long-lived child (one import of torch), asked config by config. */
async function startTorch() {
  const python = '/usr/bin/python3';
  if (!existsSync(python) || spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  // torch.set_num_threads(1) does not reach Debian's torch's BLAS: it is built against the generic libblas, which
  // resolves to OpenBLAS's pthread build, whose own pool defaults to one thread per core (seen here: 2 threads in the
  // process, torch.mm at 174 GFLOP/s, above one core's peak). The env pins every pool to the one thread we compare to.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const child = spawn(python, [new URL('./bench-torch.py', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env,
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const hello = JSON.parse((await lines.next()).value);
  return {
    version: `${hello.torch}, ${hello.osThreads} OS thread(s) after a warm-up mm`,
    async measure(config) {
      child.stdin.write(`${JSON.stringify(config)}\n`);
      return JSON.parse((await lines.next()).value).samplesPerSec;
    },
    async gemmPeak() {
      child.stdin.write(`${JSON.stringify({ gemm: true })}\n`);
      return JSON.parse((await lines.next()).value).gflops;
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
async function measureConfig(config, torch, roofline) {
  const fusedBatches = await withKernels('wasm', () => batchesFor({ ...config, implementation: 'fused' }));
  const nativeBatches = nativeBuild
    ? await withKernels('native', () => batchesFor({ ...config, implementation: 'fused' }))
    : 0;
  const layersBatches = await batchesFor({ ...config, implementation: 'layers' });
  const rates = {
    torch: [],
    fused: [],
    native: [],
    layers: [],
    kernels: [],
    nativeKernels: [],
    gemmWasm: [],
    gemmNative: [],
  };
  const { cell, hidden, sequenceLength: steps } = config;
  const kernelRate = (variant) => measureKernelRate({ cell, hidden, steps, inputSize: INPUT_SIZE, rounds: 3, variant });
  for (let round = 0; round < rounds; round++) {
    if (torch) rates.torch.push(await torch.measure({ cell, hidden, steps, batches: 2 * fusedBatches }));
    rates.fused.push(
      (
        await withKernels('wasm', () =>
          measureThroughput({ ...config, implementation: 'fused', batches: fusedBatches }),
        )
      ).samplesPerSec,
    );
    if (nativeBuild) {
      rates.native.push(
        (
          await withKernels('native', () =>
            measureThroughput({ ...config, implementation: 'fused', batches: nativeBatches }),
          )
        ).samplesPerSec,
      );
    }
    // The kernels alone (forward + backward on random data, best of 3), in the same round as the step they sit in.
    if (roofline) {
      rates.kernels.push(kernelRate('wasm'));
      if (nativeBuild) rates.nativeKernels.push(kernelRate('native'));
      const gemm = (variant) =>
        measureGemm({ variant, m: 64, n: GATE_COUNT[cell] * hidden, k: INPUT_SIZE + hidden, rounds: 3 });
      rates.gemmWasm.push(gemm('wasm'));
      if (nativeBuild) rates.gemmNative.push(gemm('native'));
    }
    rates.layers.push(
      (await measureThroughput({ ...config, implementation: 'layers', batches: layersBatches })).samplesPerSec,
    );
  }
  const summary = (list) =>
    list.length > 0
      ? { gflops: median(list.map((k) => k.gflops)), msPerBatch: median(list.map((k) => k.msPerBatch)) }
      : null;
  return {
    torch: median(rates.torch),
    fused: median(rates.fused),
    native: median(rates.native),
    layers: median(rates.layers),
    kernels: summary(rates.kernels),
    nativeKernels: summary(rates.nativeKernels),
    sameShapeGemm: {
      wasm: bestGemm(rates.gemmWasm),
      native: bestGemm(rates.gemmNative),
    },
  };
}
const bestGemm = (list) => (list.length > 0 ? list.reduce((a, b) => (b.gflops > a.gflops ? b : a)) : null);

/**
 * The roofline's ceiling: the best single-core GFLOP/s of the kernels' own packed GEMM (wasm SIMD, 128-bit), and of
 * torch.mm (native; OpenBLAS uses AVX-512 here) for scale. Measured in the run, like everything else.
 */
async function gemmPeaks(torch) {
  const wasm = measureGemmPeak({ variant: 'wasm' });
  const native = nativeBuild ? measureGemmPeak({ variant: 'native' }) : null;
  const mm = torch ? await torch.gemmPeak() : NaN;
  console.log(
    `# GEMM peak, 1 core: wasm-SIMD ${wasm.variant} ${wasm.gflops.toFixed(1)} GFLOP/s (${wasm.shape}, this package's 2x16 tile)` +
      (native ? `; ${native.variant} ${native.gflops.toFixed(1)} GFLOP/s (${native.shape}, 6x16 tile)` : '') +
      (torch
        ? `; torch.mm ${mm.toFixed(1)} GFLOP/s (ceiling of fused/torch for GEMM-bound work: wasm ${(wasm.gflops / mm).toFixed(2)}x` +
          (native ? `, native ${(native.gflops / mm).toFixed(2)}x` : '') +
          ')'
        : '') +
      `; load ${load()}`,
  );
  return { wasm: wasm.gflops, native: native?.gflops ?? NaN };
}

/**
 * One roofline line: GFLOP/s (matrix-product FLOPs only) of the fused kernels alone (forward + backward on random
 * data; median over the rounds), of the whole fused training step, and of torch's step, against the wasm GEMM peak.
 */
function rooflineLine(config, r, peak, build) {
  const { cell, hidden, sequenceLength } = config;
  const flop = recurrentFlopPerSample(cell, hidden, sequenceLength, INPUT_SIZE);
  const kernels = build === 'native' ? r.nativeKernels : r.kernels;
  const fused = build === 'native' ? r.native : r.fused;
  const stepGflops = (fused * flop) / 1e9;
  const share = (x) => `${Math.round((100 * x) / peak)}%`;
  const kernelShare = (kernels.msPerBatch / (64_000 / fused)) * 100;
  // The product the kernels are made of, at their own shape: batch x (I + H) x gates·H, same build, same thread.
  const same = r.sameShapeGemm?.[build];
  const sameShape = same
    ? `, ${Math.round((100 * kernels.gflops) / same.gflops)}% of its own-shape GEMM (${same.shape} ${same.gflops.toFixed(1)} GFLOP/s)`
    : '';
  return (
    `  roofline ${build} ${cell} H=${hidden} T=${sequenceLength}: kernels ${kernels.gflops.toFixed(1)} GFLOP/s (${share(kernels.gflops)} of peak ${peak.toFixed(1)}${sameShape})` +
    `, fused step ${stepGflops.toFixed(1)} (${share(stepGflops)}; kernels ${Math.min(100, kernelShare).toFixed(0)}% of its time)` +
    (Number.isFinite(r.torch) ? `, torch step ${((r.torch * flop) / 1e9).toFixed(1)}` : '')
  );
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
    console.log(
      `# backend ${backend}: 1 layer + dense head, Adam, MSE, clip 1, batch 64, I=8; medians of ${rounds} rounds; load ${load()}`,
    );
    // Warm the JIT on both implementations' code paths first: the first config measured in a cold process ran at
    // a quarter of its later rate here (rnn H=16 T=30, 1 round).
    for (const implementation of ['fused', 'layers'])
      await measureThroughput({ cell: 'lstm', hidden: 16, sequenceLength: 10, batches: 20, implementation });
    if (nativeBuild)
      await withKernels(nativeBuild, () =>
        measureThroughput({ cell: 'lstm', hidden: 16, sequenceLength: 10, batches: 20, implementation: 'fused' }),
      );
    const peaks = backend === 'wasm' ? await gemmPeaks(torch) : null;
    for (const cell of cells) {
      for (const hidden of hiddens) {
        for (const sequenceLength of stepsList) {
          // The pure-JS cpu backend's orthogonal initializer alone takes 1-2 min per H=256 model (either implementation).
          if (backend === 'cpu' && hidden >= 256 && !args.full) {
            console.log(
              `${cell} H=${hidden} T=${sequenceLength} ${backend} skipped (cpu backend builds H=256 in minutes; --full runs it)`,
            );
            continue;
          }
          const config = { cell, hidden, sequenceLength };
          const r = await measureConfig(config, torch, backend === 'wasm');
          const flop = recurrentFlopPerSample(cell, hidden, sequenceLength, INPUT_SIZE);
          const torchPart = torch ? ` torch ${rate(r.torch)} fused/torch ${ratio(r.fused, r.torch)}` : '';
          const nativePart = nativeBuild
            ? ` native ${rate(r.native)} native/wasm ${ratio(r.native, r.fused)}${torch ? ` native/torch ${ratio(r.native, r.torch)}` : ''}`
            : '';
          console.log(
            `${cell} H=${hidden} T=${sequenceLength} ${backend} fused(wasm) ${rate(r.fused)} layers ${rate(r.layers)} fused/layers ${ratio(r.fused, r.layers)}${torchPart}${nativePart}` +
              ` | recurrent GFLOP/s wasm ${gflops(r.fused, flop)}${nativeBuild ? ` native ${gflops(r.native, flop)}` : ''}${torch ? ` torch ${gflops(r.torch, flop)}` : ''} | load ${load()}`,
          );
          if (peaks) {
            console.log(rooflineLine(config, r, peaks.wasm, 'wasm'));
            if (nativeBuild) console.log(rooflineLine(config, r, peaks.native, 'native'));
          }
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
    training: {
      epochs: 1,
      batchSize: 64,
      optimizer: 'adam',
      learningRate: 0.01,
      clipNorm: 1,
      earlyStoppingPatience: null,
    },
    seed: 0,
  };
  console.log(`# memory: ${trials} back-to-back lstm H=32 T=20 fused trials on wasm in one process`);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  for (let trial = 1; trial <= trials; trial++) {
    await trainTrial({ config: { ...config, seed: trial }, hidden: 32 });
    if (trial === 1 || trial % Math.max(1, Math.floor(trials / 5)) === 0) {
      const memory = tf.memory();
      const usage = process.memoryUsage();
      console.log(
        `trial ${trial}: rss ${mb(usage.rss)} heap ${mb(usage.heapUsed)} external ${mb(usage.external)} tensors ${memory.numTensors} tfjs bytes ${memory.numBytes} | load ${load()}`,
      );
    }
  }
}

/** Aggregate samples/s with 1..N worker threads each training its own model (the embedded runner's model). */
async function coresScaling() {
  const options = {
    mode: 'throughput',
    // Marked running as trials are, so auto kernel threads do not oversubscribe the cores (threadScaling below).
    trialRunning: true,
    cell: 'lstm',
    hidden: 64,
    sequenceLength: 30,
    batches: 30,
    implementation: 'fused',
  };
  console.log(`# cores: lstm H=64 T=30 fused, one model per worker thread (${cpus().length} cores; load ${load()})`);
  for (let threads = 1; threads <= cpus().length; threads++) {
    const rates = await inWorkers(threads, options);
    const total = rates.reduce((a, b) => a + b, 0);
    console.log(`${threads} thread(s): total ${rate(total)} (${rates.map(rate).join(', ')}) | load ${load()}`);
  }
}

/**
 * Trials/min of a fixed sweep shaped like examples/quick.yaml (rnn, lstm, gru x seeds; adding T=50, 1280 samples,
 * 20 epochs of batch 32, ~5 k parameters each: H = 66 / 32 / 38; fused) on a pool of 1..N worker threads that each train one whole trial at a time, as the embedded runner's LocalPool does.
 * tfjs's wasm backend has no intra-op threads under Node (WASM_HAS_MULTITHREAD_SUPPORT is false) and the fused
 * kernels are single-threaded, so one trial per core is the only way to use a second core.
 */
async function sweepScaling(trialCount) {
  const hidden = { rnn: 66, lstm: 32, gru: 38 };
  const trials = Array.from({ length: trialCount }, (_, i) => {
    const cell = ['rnn', 'lstm', 'gru'][i % 3];
    return { cell, hidden: hidden[cell], seed: 1 + Math.floor(i / 3) };
  });
  console.log(
    `# sweep: ${trialCount} trials like examples/quick.yaml (rnn/lstm/gru x seeds, adding T=50, 20 epochs, ~5k params, fused), one trial per worker thread; load ${load()}`,
  );
  for (let threads = 1; threads <= cpus().length; threads++) {
    // Threads start (and load tfjs) before the clock does: a pool starts once per sweep, not once per trial.
    const workers = await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL('./bench-kernels-worker.mjs', import.meta.url), {
              workerData: { mode: 'trials' },
            });
            worker.once('message', () => resolve(worker));
            worker.once('error', reject);
          }),
      ),
    );
    const queue = [...trials];
    const started = performance.now();
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise((resolve, reject) => {
            const next = () => {
              const trial = queue.shift();
              if (trial) worker.postMessage(trial);
              else resolve();
            };
            worker.on('message', next);
            worker.once('error', reject);
            next();
          }),
      ),
    );
    const minutes = (performance.now() - started) / 60_000;
    console.log(
      `${threads} thread(s): ${(trialCount / minutes).toFixed(1)} trials/min (${(minutes * 60).toFixed(1)} s) | load ${load()}`,
    );
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The native kernels' intra-trial threads (issue 18). One trial alone: samples/s of the training step, and GFLOP/s
 * of the kernels alone, on 1 vs N kernel threads, measured alternately per round. Then N trials at once, one per
 * worker thread as the embedded runner's pool runs them: total samples/s with 1 kernel thread each (no intra-trial
 * threads at all) vs `auto` with each trial marked running (what a sweep does: auto must then pick 1 thread each,
 * so this is the cost of the threading machinery), and vs N threads each (the oversubscription auto avoids).
 */
async function threadScaling() {
  const cores = availableParallelism();
  const hidden = Number(args['threads-hidden'] ?? 256);
  const sequenceLength = 30;
  console.log(
    `# intra-trial threads: native kernels, batch 64, T=${sequenceLength}, H=${hidden}, ${cores} cores, medians of ${rounds} rounds; load ${load()}`,
  );
  await withKernels('native', async () => {
    for (const cell of cells) {
      const config = { cell, hidden, sequenceLength, implementation: 'fused' };
      setKernelThreads(1);
      const batches = await batchesFor(config);
      const step = { 1: [], [cores]: [] };
      const kernels = { 1: [], [cores]: [] };
      for (let round = 0; round < rounds; round++) {
        for (const threads of [1, cores]) {
          setKernelThreads(threads);
          step[threads].push((await measureThroughput({ ...config, batches })).samplesPerSec);
          kernels[threads].push(
            measureKernelRate({
              cell,
              hidden,
              steps: sequenceLength,
              inputSize: INPUT_SIZE,
              rounds: 3,
              variant: 'native',
            }).gflops,
          );
        }
      }
      const [s1, sN, k1, kN] = [step[1], step[cores], kernels[1], kernels[cores]].map(median);
      console.log(
        `${cell} H=${hidden} T=${sequenceLength} one trial: step ${rate(s1)} on 1 thread, ${rate(sN)} on ${cores}: ${ratio(sN, s1)}` +
          ` | kernels alone ${k1.toFixed(1)} -> ${kN.toFixed(1)} GFLOP/s: ${ratio(kN, k1)} | load ${load()}`,
      );
    }
    setKernelThreads(1);
    const cell = cells[0];
    const options = { mode: 'throughput', cell, hidden, sequenceLength, batches: 20, implementation: 'fused' };
    const totals = {};
    for (const threads of ['1', 'auto', String(cores)]) {
      const samples = [];
      for (let round = 0; round < rounds; round++) {
        const rates = await inWorkers(cores, { ...options, threads, trialRunning: true });
        samples.push(rates.reduce((a, b) => a + b, 0));
      }
      totals[threads] = median(samples);
    }
    const loss = (x) => `${(100 * (1 - x / totals['1'])).toFixed(1)}%`;
    console.log(
      `${cores} trials at once (${cell} H=${hidden}, one per worker thread): total ${rate(totals['1'])} with 1 kernel thread each,` +
        ` ${rate(totals.auto)} with auto (loss ${loss(totals.auto)}), ${rate(totals[String(cores)])} with ${cores} each (loss ${loss(totals[String(cores)])}) | load ${load()}`,
    );
  });
}

/** Starts `count` bench worker threads with `options`, lets them measure at once; resolves with their samples/s. */
async function inWorkers(count, options) {
  const workers = Array.from(
    { length: count },
    () =>
      new Worker(new URL('./bench-kernels-worker.mjs', import.meta.url), {
        workerData: { ...options, startTogether: true },
      }),
  );
  const next = (worker) =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(workers.map(next));
  const results = workers.map(next);
  for (const worker of workers) worker.postMessage('go');
  return Promise.all(results);
}

// The tables and rooflines compare one thread with one thread (PyTorch is pinned to one too).
setKernelThreads(1);
const torch = await startTorch();
console.log(
  `# node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, torch ${torch ? `${torch.version} (set_num_threads 1, OPENBLAS_NUM_THREADS=1)` : 'absent'}; ` +
    `kernels wasm ${await withKernels('wasm', () => resolveKernelVariant())}, native ${nativeBuild ? await withKernels('native', () => resolveKernelVariant()) : 'not built'}; load ${load()}`,
);
// Memory first, while the process is fresh like a worker's: after the H=256 configs its RSS holds their wasm heaps.
const memoryTrials = args['threads-only'] ? 0 : Number(args['memory-trials'] ?? 100);
if (memoryTrials > 0) await memoryOverTrials(memoryTrials);
try {
  if (!args['threads-only']) await throughputTable(torch);
} finally {
  torch?.close();
}
if (!args['skip-cores'] && !args['threads-only']) {
  await coresScaling();
  await sweepScaling(Number(args['sweep-trials'] ?? 24));
}
if (nativeBuild && !args['skip-threads']) await threadScaling();
console.log(`# done; load ${load()}`);
