/** Runs the real `cellsweep` binary in tests, each with its own CELLSWEEP_HOME. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { openStore, type Store } from '@cellsweep/store';
import { copyMigratedPglite, createTestDatabase, type TestDatabase } from '@cellsweep/store/testing';

export const CLI_BIN = fileURLToPath(new URL('../bin/cellsweep.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  home: string;
  /** Writes a spec (or data) file into the sandbox, making its folders, and returns its path. */
  spec(name: string, text: string): string;
  run(args: string[], env?: Record<string, string>): Promise<CliResult>;
  start(args: string[], env?: Record<string, string>): ChildProcess;
  remove(): void;
}

export interface SandboxOptions {
  /**
   * `migrated` (the default) registers a `before` hook that copies a migrated, empty embedded store into the home:
   * creating one from nothing costs ~9 CPU-s, in the test and again in every file's first command (measured
   * 2026-12-07). `none` leaves the home empty, for tests of a first run (home.refuses-unusable-folders and
   * run.end-to-end run commands on a fresh home) and for sandboxes made inside a hook, where `before` cannot be called.
   */
  embeddedStore?: 'migrated' | 'none';
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'cellsweep-cli-'));
  const home = join(dir, 'home');
  if ((options.embeddedStore ?? 'migrated') === 'migrated') before(() => copyMigratedPglite(join(home, 'db')));
  const baseEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    // Parsed data files go to the sandbox too, not the machine's shared cache.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CELLSWEEP_HOME: home,
      CELLSWEEP_BACKEND: 'wasm',
      CELLSWEEP_DATASET_CACHE_DIR: join(dir, 'dataset-cache'),
      ...extra,
    };
    if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
    return env;
  };
  const start = (args: string[], env?: Record<string, string>): ChildProcess =>
    spawn(process.execPath, [CLI_BIN, ...args], { cwd: dir, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  return {
    home,
    spec: (name, text) => {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    start,
    run: (args, env) =>
      new Promise((resolve, reject) => {
        const child = start(args, env);
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A sweep small enough to train in seconds: 3 cells × 1 width × `seeds` seeds on a short adding problem. */
export function tinySpec(name: string, seeds = 1, epochs = 2): string {
  return [
    `name: ${name}`,
    'task: { dataset: adding, sequenceLength: 8, trainSize: 128, validationSize: 32, testSize: 32 }',
    'cells: [rnn, lstm, gru]',
    'hidden: 4',
    `training: { epochs: ${epochs}, batchSize: 32, learningRate: 0.01 }`,
    `seeds: ${seeds}`,
  ].join('\n');
}

/**
 * A fresh Postgres database migrated by the CLI's own `db migrate`, and a store open on it, for tests that read what
 * `run` wrote while or after it runs (the embedded PGlite store belongs to one process). Registers the file's
 * before/after hooks, which also remove the sandbox; read `url` and `store` inside tests.
 */
export function migratedPostgres(sandbox: Sandbox): { readonly url: string; readonly store: Store } {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  before(async () => {
    database = await createTestDatabase();
    const migrate = await sandbox.run(['db', 'migrate'], { DATABASE_URL: database.url });
    assert.equal(migrate.code, 0, migrate.stderr);
    store = await openStore({ databaseUrl: database.url, migrate: false });
  });
  after(async () => {
    await store?.close();
    await database?.drop();
    sandbox.remove();
  });
  return {
    get url() {
      return database!.url;
    },
    get store() {
      return store!;
    },
  };
}
