// Measures what ragged data costs to train: the same number of sequences with lengths uniform in 1..MAX (right-padded,
// trained in length buckets), against fixed lengths MAX and the ragged file's mean length. Prints training samples
// per second (the median epoch of each run) for a gru, on both recurrent implementations.
// Usage: npm run build && [IMPL=fused|layers] [HIDDEN=32] node scripts/bench-ragged.mjs [max=50] [sequences=2000]
// The JSON Lines files are generated (seeded) into a temporary folder and removed afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, validateSweepSpec } from '@cellsweep/core';
import { resolveDataFiles } from '@cellsweep/datasets';
import { selectBackend, trainTrial } from '@cellsweep/trainer';

const MAX = Number(process.argv[2] ?? 50);
const SEQUENCES = Number(process.argv[3] ?? 2000);
const EPOCHS = 3;
const HIDDEN = Number(process.env.HIDDEN ?? 32);

const dir = mkdtempSync(join(tmpdir(), 'cellsweep-bench-ragged-'));
const rng = createRng(1);
/** A JSON Lines file of SEQUENCES sequences of 4 features, each as long as `lengthOf()` says. */
function writeFile(name, lengthOf) {
  const lines = Array.from({ length: SEQUENCES }, () => {
    const step = () => Array.from({ length: 4 }, () => Math.round(rng.normal() * 100) / 100);
    const x = Array.from({ length: lengthOf() }, step);
    return JSON.stringify({ x, y: (x.at(-1)?.[0] ?? 0) > 0 ? 'pos' : 'neg' });
  });
  writeFileSync(join(dir, name), lines.join('\n'));
  return name;
}

async function samplesPerSecond(file, implementation) {
  const task = { dataset: 'file', path: file, kind: 'classification' };
  const spec = validateSweepSpec({ name: 'b', task, cells: 'gru', hidden: HIDDEN });
  const resolved = (await resolveDataFiles(spec, dir)).spec.task[0];
  const rates = [];
  const training = { epochs: EPOCHS, batchSize: 32, optimizer: 'adam', learningRate: 0.01, clipNorm: 1 };
  await trainTrial({
    config: {
      task: resolved,
      cell: 'gru',
      size: { kind: 'hidden', hidden: HIDDEN },
      layers: 1,
      recurrentActivation: 'sigmoid',
      unitForgetBias: false,
      implementation,
      training: { ...training, earlyStoppingPatience: null },
      seed: 1,
    },
    hidden: HIDDEN,
    onEpoch: (row) => void rates.push(row.samplesPerSec),
  });
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)];
}

try {
  await selectBackend('wasm');
  const lengths = [];
  const ragged = writeFile('ragged.jsonl', () => {
    const length = 1 + rng.int(MAX);
    lengths.push(length);
    return length;
  });
  const mean = Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length);
  const files = [
    [`ragged 1..${MAX} (mean ${mean})`, ragged],
    [`fixed ${MAX}`, writeFile('max.jsonl', () => MAX)],
    [`fixed ${mean}`, writeFile('mean.jsonl', () => mean)],
  ];
  for (const implementation of (process.env.IMPL ?? 'fused,layers').split(',')) {
    for (const [label, file] of files) {
      const rate = await samplesPerSecond(file, implementation);
      const figure = `${rate.toFixed(0).padStart(6)} samples/s`;
      console.log(`${implementation.padEnd(6)} ${label.padEnd(24)} ${figure} (gru h=${HIDDEN}, batch 32)`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
