/** Builders for test rows (not exported from the package). */
import type { TrialRow } from './types.js';

/** A completed trial row with sensible defaults; override anything. */
export function trialRow(overrides: Partial<TrialRow> & { cell: string; seed: number }): TrialRow {
  const base: TrialRow = {
    id: `${overrides.cell}-${overrides.paramBudget ?? 'b'}-${overrides.seed}`,
    cell: overrides.cell,
    layers: 1,
    hidden: 16,
    paramBudget: 20_000,
    paramCount: 20_000,
    seed: overrides.seed,
    status: 'COMPLETED',
    task: 'adding',
    group: { learningRate: 0.01 },
    trainLoss: 0.1,
    valLoss: 0.2,
    testLoss: 0.2,
    valMetric: null,
    testMetric: null,
    metricName: 'mse',
    generalizationGap: null,
  };
  const row = { ...base, ...overrides };
  return overrides.id === undefined ? { ...row, id: `${row.cell}-${row.paramBudget ?? row.hidden}-${row.seed}` } : row;
}
