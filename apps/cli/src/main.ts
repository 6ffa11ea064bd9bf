/** The `cellsweep` command line. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKEND_PREFERENCES, type BackendPreference } from '@cellsweep/trainer';
import { benchCommand } from './commands/bench.js';
import { dbMigrateCommand } from './commands/db.js';
import { planCommand, resultsCommand, sweepsCommand } from './commands/inspect.js';
import { runCommand } from './commands/run.js';
import { readEnv } from './env.js';
import { RESULT_FORMATS, type ResultFormat } from './output/results.js';

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return parsed;
}

const formatOption = (): Option =>
  new Option('-f, --format <format>', 'output format').choices(RESULT_FORMATS).default('table');
const backendOption = (): Option =>
  new Option('-b, --backend <backend>', 'tfjs backend (default: $CELLSWEEP_BACKEND or auto: tensorflow > wasm > cpu)').choices(
    BACKEND_PREFERENCES,
  );

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
    .description('run a sweep on this machine (one training thread per core); run again to continue an interrupted sweep')
    .argument('<spec>', 'sweep spec file (YAML or JSON)')
    .option('-w, --workers <n>', 'training threads (default: $CELLSWEEP_WORKERS or one per core)', positiveInt)
    .addOption(backendOption())
    .option('--retry-failed', 'train FAILED trials again', false)
    .action(async (spec: string, options: { workers?: number; backend?: BackendPreference; retryFailed: boolean }) => {
      setExitCode(await runCommand(spec, options, readEnv()));
    });

  program
    .command('plan')
    .description('show the trials a spec expands to (widths solved for budgets, parameter counts) without running them')
    .argument('<spec>', 'sweep spec file (YAML or JSON)')
    .addOption(formatOption())
    .action((spec: string, options: { format: ResultFormat }) => setExitCode(planCommand(spec, options.format)));

  program
    .command('sweeps')
    .description('list stored sweeps with their progress')
    .addOption(formatOption())
    .action(async (options: { format: ResultFormat }) => setExitCode(await sweepsCommand(options.format, readEnv())));

  program
    .command('results')
    .description('print the results of a sweep: one row per trial')
    .argument('<sweep>', 'sweep name or id')
    .addOption(formatOption())
    .action(async (sweep: string, options: { format: ResultFormat }) =>
      setExitCode(await resultsCommand(sweep, options.format, readEnv())),
    );

  program
    .command('bench')
    .description('measure training throughput (samples/s) per cell on the available backends')
    .option('--hidden <n>', 'units per layer', positiveInt, 64)
    .option('--length <n>', 'sequence length', positiveInt, 30)
    .option('--batches <n>', 'timed batches per configuration', positiveInt, 8)
    .addOption(backendOption())
    .action(async (options: { hidden: number; length: number; batches: number; backend?: BackendPreference }) =>
      setExitCode(await benchCommand(options)),
    );

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply the committed SQL migrations (embedded store, or Postgres with DATABASE_URL)')
    .action(async () => setExitCode(await dbMigrateCommand(readEnv())));

  return program;
}

/** Runs the CLI; the process exit code reports success (0), failure (1), usage errors (2) or interruption (130). */
export async function main(argv: string[]): Promise<void> {
  let exitCode = 0;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    exitCode = reportError(error);
  }
  process.exitCode = exitCode;
}

function reportError(error: unknown): number {
  const commanderCode = (error as { code?: string }).code;
  if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.')) {
    // Commander already printed help/version/usage; help and version are successes.
    return commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version' || commanderCode === 'commander.help'
      ? 0
      : 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`cellsweep: ${message}\n`);
  if (process.env.CELLSWEEP_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}
