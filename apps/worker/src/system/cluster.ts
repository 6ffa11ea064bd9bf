/**
 * A throwaway distributed deployment for system tests (used by *.test.ts only): its own Postgres database and BullMQ
 * prefix, a scheduler and workers as real child processes (so they can be SIGKILLed, SIGSTOPped...), the CLI
 * binary for `submit`. Short lock and stall settings make takeovers happen in about a second.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { JobProducer } from '@cellsweep/queue';
import { openStore, type Store } from '@cellsweep/store';
import { createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';

const WORKER_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
const SCHEDULER_MAIN = fileURLToPath(new URL('../../../scheduler/dist/main.js', import.meta.url));
const CLI_BIN = fileURLToPath(new URL('../../../cli/bin/cellsweep.js', import.meta.url));

export const TEST_REDIS_URL = process.env.CELLSWEEP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Service {
  name: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ClusterOptions {
  /** Environment for every service (trainer, lock settings...). */
  env?: Record<string, string>;
  redisUrl?: string;
  /** Workers reach Postgres through this URL when set (e.g. a fault-injecting proxy). */
  workerDatabaseUrl?: (databaseUrl: string) => string;
}

export interface Cluster {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  store: Store;
  producer: JobProducer;
  startScheduler(env?: Record<string, string>): Service;
  startWorker(name: string, env?: Record<string, string>): Service;
  /** Starts the CLI (`watch`...) as a service: its output can be read while it runs. */
  startCli(name: string, args: string[], env?: Record<string, string>): Service;
  /** Runs the CLI (`submit`, `run`...) to completion. */
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }>;
  writeSpec(name: string, text: string): string;
  stop(): Promise<void>;
}

/**
 * Lock 1 s, stall check every 0.5 s, one stall allowed, reconcile every 0.5 s, simulated 300 ms epochs, a checkpoint
 * after every epoch.
 */
export const FAST_FAULTS: Record<string, string> = {
  CELLSWEEP_TRAINER: 'simulated',
  CELLSWEEP_SIMULATED_EPOCH_MS: '300',
  CELLSWEEP_LOCK_DURATION_MS: '1000',
  CELLSWEEP_STALLED_INTERVAL_MS: '500',
  CELLSWEEP_MAX_STALLED_COUNT: '1',
  CELLSWEEP_RECONCILE_INTERVAL_MS: '500',
  CELLSWEEP_WORKER_CONCURRENCY: '1',
  CELLSWEEP_STORE_RETRY_MS: '20000',
  // Every epoch's checkpoint: the kill-and-resume tests wait for one after epoch 1 or 2.
  CELLSWEEP_CHECKPOINT_INTERVAL_MS: '0',
};

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const database: TestDatabase = await createTestDatabase();
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const prefix = `test-${randomUUID()}`;
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-cluster-'));
  const store = await openStore({ databaseUrl: database.url });
  const producer = await JobProducer.connect({ redisUrl, prefix });
  const services: Service[] = [];
  const baseEnv = (extra: Record<string, string> = {}, databaseUrl = database.url): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    CELLSWEEP_QUEUE_PREFIX: prefix,
    CELLSWEEP_HOME: join(dir, 'home'),
    CELLSWEEP_BACKEND: 'wasm',
    CELLSWEEP_DATASET_CACHE_DIR: join(dir, 'dataset-cache'),
    ...options.env,
    ...extra,
  });
  // Profiling a benchmark: CELLSWEEP_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses
  // --cpu-prof); services then get a SIGTERM at stop so that they exit cleanly and write their profiles.
  const nodeArgs = process.env.CELLSWEEP_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const start = (name: string, args: string[], env: NodeJS.ProcessEnv): Service => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const service = { name, child, output: () => output, exited };
    services.push(service);
    return service;
  };
  return {
    databaseUrl: database.url,
    redisUrl,
    prefix,
    store,
    producer,
    startScheduler: (env) => start('scheduler', [SCHEDULER_MAIN], baseEnv(env)),
    startWorker: (name, env) =>
      start(
        name,
        [WORKER_MAIN],
        baseEnv({ CELLSWEEP_WORKER_NAME: name, ...env }, options.workerDatabaseUrl?.(database.url)),
      ),
    startCli: (name, args, env) => start(name, [CLI_BIN, ...args], baseEnv(env)),
    cli: (args, env) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI_BIN, ...args], {
          cwd: dir,
          env: baseEnv(env),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
    writeSpec: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    stop: async () => {
      if (process.env.CELLSWEEP_TEST_DUMP)
        for (const service of services) process.stderr.write(`--- ${service.name}\n${service.output()}\n`);
      const running = () =>
        services.filter((service) => service.child.exitCode === null && service.child.signalCode === null);
      if (nodeArgs.length > 0) {
        for (const service of running()) service.child.kill('SIGTERM');
        await Promise.race([Promise.all(services.map((service) => service.exited)), sleep(10_000)]);
      }
      for (const service of running()) service.child.kill('SIGKILL');
      await Promise.all(services.map((service) => service.exited));
      for (const kind of ['trials', 'control'] as const)
        await producer
          .queue(kind)
          .obliterate({ force: true })
          .catch(() => undefined);
      await producer.close();
      await store.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 50 ms until it returns a value other than undefined/false, or fails after `timeoutMs`. */
// How long a wait may take before the test fails: generous, because CI and loaded dev machines (load 50 with several
// engineers building) run these services many times slower than an idle one; a passing run never waits for it.
const WAIT_MS = 180_000;

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** A sweep of simulated trials: `cells` x `seeds`, `epochs` each. */
export function simulatedSpec(
  name: string,
  options: { seeds?: number; epochs?: number; cells?: string[] } = {},
): string {
  return [
    `name: ${name}`,
    'task: { dataset: adding, sequenceLength: 8, trainSize: 64, validationSize: 32, testSize: 32 }',
    `cells: [${(options.cells ?? ['rnn', 'lstm', 'gru']).join(', ')}]`,
    'hidden: 4',
    `training: { epochs: ${options.epochs ?? 4}, batchSize: 32 }`,
    `seeds: ${options.seeds ?? 1}`,
  ].join('\n');
}

/**
 * The end state every fault test demands: each trial finished (one row each: the trial id is the primary key) and
 * no job left waiting, active or delayed.
 */
export async function settledState(cluster: Cluster, sweepName: string) {
  const sweep = await cluster.store.getSweep(sweepName);
  const trials = await cluster.store.listTrials(sweep.id);
  const counts = await cluster.producer.counts('trials');
  return { sweep, trials, counts };
}

/** Jobs still to be processed (anything but completed and failed). */
export function liveJobs(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([state]) => state !== 'completed' && state !== 'failed')
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Waits until the sweep is COMPLETED, FAILED or CANCELLED. */
export async function waitForSweepEnd(cluster: Cluster, sweepName: string, timeoutMs = WAIT_MS): Promise<void> {
  await waitFor(
    `sweep ${sweepName} to finish`,
    async () => {
      const sweep = await cluster.store.findSweep(sweepName);
      return sweep !== null && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(sweep.status);
    },
    timeoutMs,
  );
}

/** Waits until some trial of the sweep is RUNNING with `attempt` and at least `epochs` epoch rows of that attempt. */
export async function waitForTrialMidway(
  cluster: Cluster,
  sweepName: string,
  attempt: number,
  epochs: number,
  trialId?: string,
) {
  return waitFor(`a trial in attempt ${attempt} past epoch ${epochs}`, async () => {
    const sweep = await cluster.store.findSweep(sweepName);
    if (!sweep) return undefined;
    for (const trial of await cluster.store.listTrials(sweep.id, { status: 'RUNNING' })) {
      if (trial.attempt !== attempt || (trialId && trial.id !== trialId)) continue;
      const rows = await cluster.store.listEpochs(trial.id);
      if (rows.filter((row) => row.attempt === attempt).length >= epochs) return trial;
    }
    return undefined;
  });
}
