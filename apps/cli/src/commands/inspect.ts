/** Read-only commands over stored sweeps: `sweeps`, `results`, and `plan` (a dry run of a spec). */
import { describeSearchBudget } from '@cellsweep/search-driver';
import type { SweepSummary } from '@cellsweep/store';
import type { CliEnv } from '../env.js';
import { cellOptionColumns, cellOptionPaths, cellOptionsOf } from '../output/cell-option-columns.js';
import { renderGroupSummary } from '../output/group-summary.js';
import { renderResults, type ResultFormat } from '../output/results.js';
import { renderCsv, renderTable, type Column } from '../output/text-table.js';
import { describeDataFile } from '../output/data-file-summary.js';
import { loadSpecFile } from '../spec-file.js';
import { openCliStore } from '../store-access.js';
import { describeTrials } from '../sweep-analysis.js';

const SWEEP_COLUMNS: Column<SweepSummary>[] = [
  { header: 'name', value: (s) => s.name },
  { header: 'status', value: (s) => s.status },
  { header: 'trials', value: (s) => s.trialCount },
  { header: 'done', value: (s) => s.trialCounts.COMPLETED },
  { header: 'failed', value: (s) => s.trialCounts.FAILED },
  { header: 'pending', value: (s) => s.trialCounts.PENDING + s.trialCounts.RUNNING },
  { header: 'created', value: (s) => s.createdAt.toISOString().replace('T', ' ').slice(0, 19) },
  { header: 'id', value: (s) => s.id },
];

export async function sweepsCommand(format: ResultFormat, env: CliEnv): Promise<number> {
  const { store, close } = await openCliStore(env);
  try {
    const sweeps = await store.listSweeps();
    if (format === 'json') process.stdout.write(`${JSON.stringify(sweeps, null, 2)}\n`);
    else if (format === 'csv') process.stdout.write(`${renderCsv(SWEEP_COLUMNS, sweeps)}\n`);
    else if (sweeps.length === 0) process.stdout.write('no sweeps yet: try `cellsweep run examples/quick.yaml`\n');
    else process.stdout.write(`${renderTable(SWEEP_COLUMNS, sweeps)}\n`);
    return 0;
  } finally {
    await close();
  }
}

export async function resultsCommand(nameOrId: string, format: ResultFormat, env: CliEnv): Promise<number> {
  const { store, close } = await openCliStore(env);
  try {
    const sweep = await store.getSweep(nameOrId);
    const trials = await store.listTrials(sweep.id);
    process.stdout.write(`${renderResults(sweep, trials, format)}\n`);
    if (format === 'table') process.stdout.write(`\n${renderGroupSummary(describeTrials(trials), trials)}\n`);
    return 0;
  } finally {
    await close();
  }
}

/** Shows what `run` would train, without touching the store: widths solved for budgets, parameter counts. */
export async function planCommand(specPath: string, format: ResultFormat, env: CliEnv): Promise<number> {
  const { spec, trials, dataFiles } = await loadSpecFile(specPath, env.cellPlugins, {
    parsedCacheDir: env.datasetCacheDir,
  });
  if (format === 'table') for (const file of dataFiles) process.stdout.write(`${describeDataFile(file)}\n`);
  if (spec.search !== 'grid') {
    // An adaptive search has no list of trials up front: explain what it will spend instead (docs/search.md).
    const budget = describeSearchBudget(spec);
    if (format === 'table')
      process.stdout.write(`sweep ${spec.name}:\n${budget.lines.map((line) => `  ${line}`).join('\n')}\n`);
    else
      process.stdout.write(
        `${JSON.stringify({ name: spec.name, search: { ...budget, lines: undefined } }, null, 2)}\n`,
      );
    return 0;
  }
  const rows = trials.map((t) => ({
    ordinal: t.ordinal,
    cell: t.config.cell,
    layers: t.config.layers,
    hidden: t.hidden,
    paramBudget: t.paramBudget,
    paramCount: t.paramCount,
    budgetError: t.budgetError,
    /** Transformer trials only: heads, feed-forward multiplier and positional encoding of the d_model = hidden blocks. */
    transformer: t.config.transformer ?? null,
    /** The options only some cells have (irnn's identityScale, the LSTMs' unitForgetBias, ...), "—" elsewhere. */
    cellOptions: cellOptionsOf(t.config),
    seed: t.config.seed,
    learningRate: t.config.training.learningRate,
    batchSize: t.config.training.batchSize,
    epochs: t.config.training.epochs,
    configKey: t.configKey,
  }));
  type Row = (typeof rows)[number];
  // The transformer's options have their own column below; the rest get one each, defaults included.
  const optionPaths = cellOptionPaths(
    trials.map((t) => t.config),
    'applying',
  ).filter((path) => !path.startsWith('transformer.'));
  const columns: Column<Row>[] = [
    { header: '#', value: (r) => r.ordinal },
    { header: 'cell', value: (r) => r.cell },
    { header: 'layers', value: (r) => r.layers },
    { header: 'hidden', value: (r) => r.hidden },
    { header: 'budget', value: (r) => r.paramBudget },
    { header: 'params', value: (r) => r.paramCount },
    {
      header: 'budget error',
      value: (r) => (r.budgetError === null ? null : `${(r.budgetError * 100).toFixed(2)}%`),
      align: 'right',
    },
    // Only sweeps with a transformer get the column; `hidden` is its d_model and `layers` its blocks.
    ...(rows.some((r) => r.transformer !== null)
      ? [
          {
            header: 'transformer',
            value: (r: Row) =>
              r.transformer
                ? `${r.transformer.heads} heads, ff ×${r.transformer.ffMultiplier}, ${r.transformer.positional}`
                : null,
          },
        ]
      : []),
    ...cellOptionColumns<Row>(optionPaths, (r) => r.cellOptions),
    { header: 'seed', value: (r) => r.seed },
    { header: 'lr', value: (r) => r.learningRate },
    { header: 'batch', value: (r) => r.batchSize },
    { header: 'epochs', value: (r) => r.epochs },
    { header: 'key', value: (r) => r.configKey },
  ];
  if (format === 'json') process.stdout.write(`${JSON.stringify({ name: spec.name, trials: rows }, null, 2)}\n`);
  else if (format === 'csv') process.stdout.write(`${renderCsv(columns, rows)}\n`);
  else process.stdout.write(`sweep ${spec.name}: ${rows.length} trials\n${renderTable(columns, rows)}\n`);
  return 0;
}
