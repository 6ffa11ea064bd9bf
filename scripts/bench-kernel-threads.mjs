// `node scripts/bench-kernel-threads.mjs`: the native kernels' intra-trial threads, kernels alone (bench-kernels.mjs
// --threads-only measures the same around the tfjs training step, but its H=256 model builds take minutes on a
// loaded machine): forward + backward GFLOP/s at H=256 on 1 vs 2 threads, each against a GEMM of the kernels' own
// shape (64 x (I+H) x gates*H) and a large-matrix one on 1 thread; then 2 workers at once (as 2 trials of a sweep)
// with 1 kernel thread each, auto (each marked running: auto must pick 1) and 2 each. Ratios within one run; the
// load average is printed. A benchmark, not a test.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadavg } from 'node:os';
import {
  GATE_COUNT,
  kernelTrialStarted,
  measureGemm,
  measureKernelRate,
  resolveKernelVariant,
  setKernelThreads,
} from '@cellsweep/kernels';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const rate = (cell, hidden) =>
  measureKernelRate({ cell, hidden, steps: 30, inputSize: 8, rounds: 5, variant: 'native' }).gflops;
if (!isMainThread) {
  setKernelThreads(workerData.threads);
  kernelTrialStarted();
  const go = new Promise((r) => parentPort.once('message', r));
  parentPort.postMessage('ready');
  await go;
  let total = 0;
  for (let i = 0; i < 3; i++) total += rate('lstm', 256);
  parentPort.postMessage(total / 3);
} else {
  console.log(`# kernels alone (${resolveKernelVariant('native')}, fwd+bwd, B=64 I=8 T=30), best of 5; load ${load()}`);
  for (const cell of ['lstm', 'gru', 'rnn']) {
    const g = GATE_COUNT[cell];
    const r = { 1: [], 2: [] };
    for (let round = 0; round < 3; round++)
      for (const t of [1, 2]) {
        setKernelThreads(t);
        r[t].push(rate(cell, 256));
      }
    const med = (a) => a.sort((x, y) => x - y)[1];
    setKernelThreads(1);
    const gemm = measureGemm({ variant: 'native', m: 64, n: g * 256, k: 8 + 256, rounds: 7 });
    const peak = measureGemm({ variant: 'native', m: 192, n: 256, k: 256, rounds: 7 });
    console.log(
      `${cell} H=256: 1 thread ${med(r[1]).toFixed(1)} GFLOP/s, 2 threads ${med(r[2]).toFixed(1)}: ${(med(r[2]) / med(r[1])).toFixed(2)}x` +
        ` | 1 thread vs own-shape GEMM ${gemm.shape} ${gemm.gflops.toFixed(1)}: ${Math.round((100 * med(r[1])) / gemm.gflops)}%; large-matrix ${peak.shape} ${peak.gflops.toFixed(1)} | load ${load()}`,
    );
  }
  const together = async (threads) => {
    const ws = [0, 1].map(() => new Worker(new URL(import.meta.url), { workerData: { threads } }));
    const next = (w) =>
      new Promise((res, rej) => {
        w.once('message', res);
        w.once('error', rej);
      });
    await Promise.all(ws.map(next));
    const out = ws.map(next);
    ws.forEach((w) => w.postMessage('go'));
    const rates = await Promise.all(out);
    await Promise.all(ws.map((w) => w.terminate()));
    return rates.reduce((a, b) => a + b, 0);
  };
  const totals = {};
  for (const t of [1, 'auto', 2]) totals[t] = await together(t);
  const loss = (x) => `${(100 * (1 - x / totals[1])).toFixed(1)}%`;
  console.log(
    `2 lstm H=256 trials at once: total ${totals[1].toFixed(1)} GFLOP/s with 1 thread each, ${totals.auto.toFixed(1)} auto (loss ${loss(totals.auto)}), ${totals[2].toFixed(1)} with 2 each (loss ${loss(totals[2])}) | load ${load()}`,
  );
}
