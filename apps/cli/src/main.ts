/** The `cellsweep` command line. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_PREFERENCES, type BackendPreference } from '@cellsweep/core';
import { readEnv } from './env.js';
import { RESULT_FORMATS, type ResultFormat } from './output/results.js';

// Commands are imported when they run: loading tfjs, Prisma and PGlite for every `--help` cost seconds.

/**
 * A whole-number option between `min` and `max`. Unbounded, `report --resamples 1e12` and `bench --hidden 100000`
 * died with `Invalid typed array length` (issue 14, defect 16); commander names the option in the error.
 */
function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`,
      );
    }
    return parsed;
  };
}

/** Bounds of the numeric options: far above any sensible use, below what exhausts memory or typed-array limits. */
const THREADS = wholeNumber(1, 256);
const RESAMPLES = wholeNumber(1, 1_000_000);
const BENCH_HIDDEN = wholeNumber(1, 2_048);
const BENCH_LENGTH = wholeNumber(1, 2_000);
const BENCH_BATCHES = wholeNumber(1, 10_000);

function probability(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 1)) throw new InvalidArgumentError('expected a number between 0 and 1');
  return parsed;
}

function portNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new InvalidArgumentError('expected a port number 0-65535');
  return parsed;
}

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (!(Number.isFinite(parsed) && parsed >= 0)) throw new InvalidArgumentError('expected a number ≥ 0');
  return parsed;
}

const SWEEP_ARG = 'sweep name or id (id:<id> or name:<name> to say which)';
const EXTEND_HELP =
  "the sweep of this name exists with a different spec: add this spec's trials to it (without it, that is refused)";

const formatOption = (): Option =>
  new Option('-f, --format <format>', 'output format').choices(RESULT_FORMATS).default('table');
const backendOption = (): Option =>
  new Option(
    '-b, --backend <backend>',
    'tfjs backend (default: $CELLSWEEP_BACKEND or auto: tensorflow > wasm > cpu)',
  ).choices(BACKEND_PREFERENCES);

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('cellsweep')
    .description(
      'Test claims about recurrent cells with evidence: sweeps of RNN/LSTM/GRU over sizes, hyperparameters, tasks and seeds.\n' +
        'Embedded by default (data in $CELLSWEEP_HOME, default ./.cellsweep); set DATABASE_URL to use Postgres.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('run')
    .description(
      'run a sweep on this machine (one training thread per core); run again to continue an interrupted sweep',
    )
    .argument('<spec>', 'sweep spec file (YAML or JSON)')
    .option('-w, --workers <n>', 'training threads (default: $CELLSWEEP_WORKERS or one per core)', THREADS)
    .addOption(backendOption())
    .option('--retry-failed', 'train FAILED trials again', false)
    .option('--extend', EXTEND_HELP, false)
    .option('--dashboard [port]', 'serve the live dashboard from this process while the sweep runs', portNumber)
    .action(
      async (
        spec: string,
        options: {
          workers?: number;
          backend?: BackendPreference;
          retryFailed: boolean;
          extend: boolean;
          dashboard?: number | true;
        },
      ) => {
        setExitCode(await (await import('./commands/run.js')).runCommand(spec, options, readEnv()));
      },
    );

  program
    .command('plan')
    .description('show the trials a spec expands to (widths solved for budgets, parameter counts) without running them')
    .argument('<spec>', 'sweep spec file (YAML or JSON)')
    .addOption(formatOption())
    .action(async (spec: string, options: { format: ResultFormat }) =>
      setExitCode(await (await import('./commands/inspect.js')).planCommand(spec, options.format, readEnv())),
    );

  program
    .command('sweeps')
    .description('list stored sweeps with their progress')
    .addOption(formatOption())
    .action(async (options: { format: ResultFormat }) =>
      setExitCode(await (await import('./commands/inspect.js')).sweepsCommand(options.format, readEnv())),
    );

  program
    .command('results')
    .description('print the results of a sweep: one row per trial')
    .argument('<sweep>', SWEEP_ARG)
    .addOption(formatOption())
    .action(async (sweep: string, options: { format: ResultFormat }) =>
      setExitCode(await (await import('./commands/inspect.js')).resultsCommand(sweep, options.format, readEnv())),
    );

  program
    .command('compare')
    .description('answer with evidence: per-cell statistics over seeds with CIs, paired verdicts, frontier, trends')
    .argument('<sweep>', SWEEP_ARG)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--alpha <p>', 'significance level for verdicts (Holm-corrected)', probability, 0.05)
    .option('--resamples <n>', 'bootstrap resamples for trend-slope confidence intervals', RESAMPLES, 10_000)
    .action(async (sweep: string, options: { format: 'table' | 'json'; alpha: number; resamples: number }) =>
      setExitCode(await (await import('./commands/compare.js')).compareCommand(sweep, options, readEnv())),
    );

  program
    .command('report')
    .description('write one self-contained HTML report (plots, verdicts) that opens offline in a browser')
    .argument('<sweep>', SWEEP_ARG)
    .option('-o, --out <file>', 'output file', 'report.html')
    .option('--alpha <p>', 'significance level for verdicts (Holm-corrected)', probability, 0.05)
    .option('--resamples <n>', 'bootstrap resamples for trend-slope confidence intervals', RESAMPLES, 10_000)
    .action(async (sweep: string, options: { out: string; alpha: number; resamples: number }) =>
      setExitCode(await (await import('./commands/report.js')).reportCommand(sweep, options, readEnv())),
    );

  program
    .command('bench')
    .description('measure training throughput (samples/s) per cell on the available backends')
    .option('--hidden <n>', 'units per layer', BENCH_HIDDEN, 64)
    .option('--length <n>', 'sequence length', BENCH_LENGTH, 30)
    .option('--batches <n>', 'timed batches per configuration', BENCH_BATCHES, 8)
    .addOption(backendOption())
    .action(async (options: { hidden: number; length: number; batches: number; backend?: BackendPreference }) =>
      setExitCode(await (await import('./commands/bench.js')).benchCommand(options)),
    );

  registerDistributedCommands(program, setExitCode);

  program
    .command('dashboard')
    .description('serve the result dashboard (web UI + read-only JSON API); binds 127.0.0.1 and requires a token')
    .option('-p, --port <n>', 'port (default: $CELLSWEEP_DASHBOARD_PORT or 4600; 0 picks a free one)', portNumber)
    .option('-H, --host <host>', 'address to bind (default: $CELLSWEEP_DASHBOARD_HOST or 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) =>
      setExitCode(await (await import('./commands/dashboard.js')).dashboardCommand(options)),
    );

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply the committed SQL migrations (embedded store, or Postgres with DATABASE_URL)')
    .action(async () => setExitCode(await (await import('./commands/db.js')).dbMigrateCommand(readEnv())));
  db.command('prune-datasets')
    .description(
      'list the stored data files with their sizes and what uses them; --apply removes those no open trial needs',
    )
    .option('--apply', 'remove them (without it, only list what would go)', false)
    .option(
      '--include-finished',
      'also remove files that only finished sweeps use (resuming those needs a new submit)',
      false,
    )
    .option('--min-age-hours <n>', 'leave files stored less than n hours ago (default 1)', nonNegativeNumber)
    .action(async (options: { apply: boolean; includeFinished: boolean; minAgeHours?: number }) =>
      setExitCode(await (await import('./commands/db-prune-datasets.js')).dbPruneDatasetsCommand(readEnv(), options)),
    );

  return program;
}

/** Runs the CLI; the process exit code reports success (0), failure (1), usage errors (2) or interruption (130). */
export async function main(argv: string[]): Promise<void> {
  ignoreClosedPipes();
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    exitCode = reportError(error);
  }
  process.exitCode = exitCode;
}

/**
 * `cellsweep plan big.yaml | head` closed the pipe under a write and died with an EPIPE stack trace (issue 14,
 * defect 15). Output to a reader that has gone is dropped; the command still ends normally (a `run` keeps its
 * store consistent rather than exiting mid-write).
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

function reportError(error: unknown): number {
  const commanderCode = (error as { code?: string }).code;
  if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.')) {
    // Commander already printed help/version/usage; help and version are successes.
    return commanderCode === 'commander.helpDisplayed' ||
      commanderCode === 'commander.version' ||
      commanderCode === 'commander.help'
      ? 0
      : 2;
  }
  // A thrown non-Error (PGlite's file-system errors are plain objects) printed as `[object Object]`.
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null
        ? JSON.stringify(error)
        : String(error);
  process.stderr.write(`cellsweep: ${message}\n`);
  if (error instanceof Error && error.name === 'DataDirLockedError') {
    process.stderr.write(
      '  to watch a running sweep on the embedded store, start it with `cellsweep run <spec> --dashboard`\n',
    );
  }
  if (process.env.CELLSWEEP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** The distributed mode: submit to / inspect / control the scheduler and workers (DATABASE_URL + REDIS_URL). */
function registerDistributedCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('submit')
    .description('submit a sweep to the distributed scheduler and workers (needs DATABASE_URL and REDIS_URL)')
    .argument('<spec>', 'sweep spec file (YAML or JSON)')
    .option('--extend', EXTEND_HELP, false)
    .action(async (spec: string, options: { extend: boolean }) =>
      setExitCode(await (await import('./commands/submit.js')).submitCommand(spec, readEnv(), options)),
    );
  program
    .command('status')
    .description('show where a distributed sweep stands: trials by status, running and failed trials, queue counts')
    .argument('<sweep>', SWEEP_ARG)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (sweep: string, options: { format: 'table' | 'json' }) =>
      setExitCode(await (await import('./commands/status.js')).statusCommand(sweep, options.format, readEnv())),
    );
  program
    .command('watch')
    .description('live progress bars of a distributed sweep until it finishes')
    .argument('<sweep>', SWEEP_ARG)
    .action(async (sweep: string) =>
      setExitCode(await (await import('./commands/watch.js')).watchCommand(sweep, readEnv())),
    );
  program
    .command('cancel')
    .description('cancel a distributed sweep: unfinished trials stop, queued jobs are removed')
    .argument('<sweep>', SWEEP_ARG)
    .action(async (sweep: string) =>
      setExitCode(await (await import('./commands/cancel.js')).cancelCommand(sweep, readEnv())),
    );
  program
    .command('resume')
    .description(
      'run the failed and cancelled trials of a distributed sweep again (cancelled ones continue from their checkpoints, failed ones start over)',
    )
    .argument('<sweep>', SWEEP_ARG)
    .action(async (sweep: string) =>
      setExitCode(await (await import('./commands/resume.js')).resumeCommand(sweep, readEnv())),
    );
  program
    .command('worker')
    .description(
      'run a distributed worker: trains queued trials until SIGTERM (env: DATABASE_URL, REDIS_URL, CELLSWEEP_WORKER_*)',
    )
    .option(
      '-c, --concurrency <n>',
      'trials trained at once (default: $CELLSWEEP_WORKER_CONCURRENCY or one per core)',
      THREADS,
    )
    .action(async (options: { concurrency?: number }) =>
      setExitCode(await (await import('./commands/services.js')).workerCommand(options)),
    );
  program
    .command('scheduler')
    .description(
      'run the distributed scheduler: expands, enqueues and finishes sweeps until SIGTERM (env: DATABASE_URL, REDIS_URL)',
    )
    .action(async () => setExitCode(await (await import('./commands/services.js')).schedulerCommand()));
}
