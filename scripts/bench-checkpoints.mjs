#!/usr/bin/env node
/**
 * Issue 17: checkpoint write load per worker against model size, and what 100 workers put on one Postgres.
 * For LSTMs of hidden 16, 64 and 256 (Adam), trains one real epoch to get a real checkpoint (format 2: weights, best
 * weights, Adam's moments), then writes it 20 times with the worker's fenced `saveCheckpoint` into a fresh Postgres
 * database, and 20 epoch rows with `recordAttemptEpoch`. Prints bytes per checkpoint, ms per write (median), and
 * MB/s per training slot at 1 s and 10 s per epoch with every-epoch checkpoints and with the worker's default
 * cadence (one per 30 s, at most 256 KiB/s: apps/worker/src/env.ts).
 *
 *   npm run build && node scripts/bench-checkpoints.mjs [--writes 20]
 *
 * Needs the machine's Postgres (CELLSWEEP_TEST_PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { parseArgs } from 'node:util';
import { TaskSpec } from '../packages/core/dist/index.js';
import { openStore } from '../packages/store/dist/index.js';
import { createTestDatabase, testTrial, uniqueName } from '../packages/store/dist/test-support.js';
import { encodeCheckpoint, selectBackend, trainTrial } from '../packages/trainer/dist/index.js';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '20' } } });
const WRITES = Number(values.writes);
const INTERVAL_S = 30;
const MAX_BYTES_PER_S = 256 * 1024;
await selectBackend('wasm');

const config = (hidden) => ({
  task: TaskSpec.parse({ dataset: 'adding', sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }),
  cell: 'lstm',
  size: { kind: 'hidden', hidden },
  layers: 1,
  recurrentActivation: 'sigmoid',
  unitForgetBias: true,
  training: {
    epochs: 1,
    batchSize: 32,
    optimizer: 'adam',
    learningRate: 0.01,
    clipNorm: 1,
    earlyStoppingPatience: null,
  },
  seed: 1,
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const database = await createTestDatabase();
const store = await openStore({ databaseUrl: database.url });
const rows = [];
try {
  for (const hidden of [16, 64, 256]) {
    let data = null;
    let encodeMs = 0;
    const result = await trainTrial({
      config: config(hidden),
      hidden,
      onCheckpoint: async (checkpoint) => {
        const t0 = performance.now();
        data = encodeCheckpoint(checkpoint);
        encodeMs = performance.now() - t0;
      },
    });
    const sweep = await store.upsertSweep({ name: uniqueName('bench'), spec: {}, specHash: 'h' });
    const trial = testTrial(hidden);
    await store.insertTrials(sweep.id, [trial]);
    const { attempt } = await store.startAttempt(trial.id, { backend: 'wasm' });
    const writeMs = [];
    const epochMs = [];
    for (let i = 1; i <= WRITES; i++) {
      let t0 = performance.now();
      await store.saveCheckpoint(trial.id, attempt, { epoch: i, data });
      writeMs.push(performance.now() - t0);
      t0 = performance.now();
      const norms = Array.from({ length: 8 }, (_, k) => k / 8);
      const row = { epoch: i, trainLoss: 0.1, valLoss: 0.2, samplesPerSec: 1000, epochTimeMs: 1000 };
      row.gradientNorms = norms;
      await store.recordAttemptEpoch(trial.id, attempt, row);
      epochMs.push(performance.now() - t0);
    }
    const bytes = data.byteLength;
    const params = result.paramCount;
    rows.push({ hidden, params, bytes, encodeMs, writeMs: median(writeMs), epochMs: median(epochMs) });
  }
} finally {
  await store.close();
  await database.drop();
}

const mb = (bytes) => bytes / 1e6;
/** Seconds between checkpoint writes of one slot: every epoch, or the cadence (never more often than epochs end). */
const gap = (bytes, epochS, cadence) => (cadence ? Math.max(epochS, INTERVAL_S, bytes / MAX_BYTES_PER_S) : epochS);
console.log(`Postgres write of one checkpoint and one epoch row, median of ${WRITES}; MB/s per training slot`);
console.log(
  'LSTM H  params   bytes/ckpt  encode ms  write ms  epoch row ms  every epoch 1 s / 10 s  cadence 1 s / 10 s',
);
for (const r of rows) {
  const per = (epochS, cadence) => (mb(r.bytes) / gap(r.bytes, epochS, cadence)).toFixed(3);
  console.log(
    `${String(r.hidden).padStart(6)}  ${String(r.params).padStart(6)}  ${String(r.bytes).padStart(11)}  ` +
      `${r.encodeMs.toFixed(1).padStart(9)}  ${r.writeMs.toFixed(1).padStart(8)}  ` +
      `${r.epochMs.toFixed(1).padStart(12)}  ` +
      `${`${per(1, false)} / ${per(10, false)}`.padStart(22)}  ${`${per(1, true)} / ${per(10, true)}`.padStart(18)}`,
  );
}
const big = rows.at(-1);
const size = `${big.params} parameters, ${mb(big.bytes).toFixed(2)} MB per checkpoint`;
console.log(`\n100 slots of LSTM H=${big.hidden} (${size}):`);
for (const epochS of [1, 10]) {
  for (const cadence of [false, true]) {
    const ckptPerS = 100 / gap(big.bytes, epochS, cadence);
    const epochRowsPerS = 100 / epochS;
    // Postgres busy time: each write holds one connection for its measured duration.
    const busy = (ckptPerS * big.writeMs) / 1000 + (epochRowsPerS * big.epochMs) / 1000;
    console.log(
      `  ${epochS} s/epoch, ${cadence ? 'cadence    ' : 'every epoch'}: ${epochRowsPerS.toFixed(0)} epoch rows/s, ` +
        `${ckptPerS.toFixed(2)} checkpoint rows/s, ${(ckptPerS * mb(big.bytes)).toFixed(1)} MB/s of checkpoints, ` +
        `~${busy.toFixed(2)} connection-seconds/s of Postgres write time`,
    );
  }
}
