import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { JobProducer } from '@cellsweep/queue';
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';

const SCHEDULER_MAIN = fileURLToPath(new URL('./main.js', import.meta.url));
const CLI_BIN = fileURLToPath(new URL('../../cli/bin/cellsweep.js', import.meta.url));
const REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TRIALS = 12_000;

let database: TestDatabase;
let store: Store;
let producer: JobProducer;
let dir: string;
const prefix = `test-${randomUUID()}`;
const children: ChildProcess[] = [];

before(async () => {
  database = await createTestDatabase();
  store = await openStore({ databaseUrl: database.url });
  producer = await JobProducer.connect({ redisUrl: REDIS_URL, prefix });
  dir = mkdtempSync(join(tmpdir(), 'cellsweep-scheduler-'));
});
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const kind of ['trials', 'control'] as const) await producer.queue(kind).obliterate({ force: true });
  await producer.close();
  await store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: database.url,
  REDIS_URL,
  CELLSWEEP_QUEUE_PREFIX: prefix,
  CELLSWEEP_RECONCILE_INTERVAL_MS: '500',
  // The killed scheduler's leader lease must lapse before the restarted one acts.
  CELLSWEEP_LEADER_LEASE_MS: '1000',
});

function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { env: env(), stdio: 'ignore' });
  children.push(child);
  return child;
}

test(`a scheduler SIGKILLed half-way through enqueueing ${TRIALS} trials, restarted, leaves exactly one job per trial`, async () => {
  const spec = join(dir, 'big.yaml');
  writeFileSync(
    spec,
    [
      'name: big',
      'task: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }',
      'cells: [rnn, lstm, gru]',
      'hidden: 4',
      `seeds: ${TRIALS / 3}`,
      `limits: { maxTrials: ${TRIALS} }`,
    ].join('\n'),
  );
  const submit = start([CLI_BIN, 'submit', spec]);
  assert.equal(await new Promise((resolve) => submit.on('exit', resolve)), 0);
  const first = start([SCHEDULER_MAIN]);
  const sweep = await store.getSweep('big');

  // Kill it once it has started enqueueing but not finished.
  let seen = 0;
  for (let i = 0; i < 6_000 && (seen === 0 || seen >= TRIALS); i++) {
    seen = (await producer.counts('trials')).waiting ?? 0;
    if (seen > 0 && seen < TRIALS) break;
    await sleep(10);
  }
  first.kill('SIGKILL');
  await new Promise((resolve) => first.on('exit', resolve));
  const atKill = (await producer.counts('trials')).waiting ?? 0;
  assert.ok(atKill > 0 && atKill < TRIALS, `killed mid-enqueue (${atKill} of ${TRIALS} jobs were in)`);
  assert.equal((await store.getSweep('big')).status, 'PENDING', 'not marked RUNNING before every job was in');

  start([SCHEDULER_MAIN]);
  for (let i = 0; i < 600 && (await store.getSweep('big')).status !== 'RUNNING'; i++) await sleep(50);
  assert.equal((await store.getSweep('big')).status, 'RUNNING');

  const counts = await producer.counts('trials');
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  assert.equal(total, TRIALS, JSON.stringify(counts));
  const trials = await store.listTrialStates(sweep.id);
  assert.equal(trials.length, TRIALS);
  const gaps = await producer.finishedOrMissing(
    'trials',
    trials.map((trial) => trial.id),
  );
  assert.equal(gaps.size, 0, 'every trial has its job');
});
