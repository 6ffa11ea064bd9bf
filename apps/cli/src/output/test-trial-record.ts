/**
 * A finished trial as the store returns it, for the output modules' tests: each test gives the fields its assertion
 * is about and takes the rest from here (one COMPLETED attempt on wasm, losses 0.3/0.4/0.45, no gradient record).
 */
import type { TrialRecord } from '@cellsweep/store';

const at = new Date('2026-12-07T10:00:00.000Z');

export function finishedTrial(fields: Partial<TrialRecord> & Pick<TrialRecord, 'ordinal'>): TrialRecord {
  const key = `t${fields.ordinal}`;
  return {
    id: key,
    sweepId: 's',
    configKey: key,
    cell: 'gru',
    hidden: 8,
    layers: 1,
    paramBudget: null,
    paramCount: 100,
    seed: 0,
    config: {},
    status: 'COMPLETED',
    attempt: 1,
    backend: 'wasm',
    kernels: 'relaxed',
    error: null,
    startedAt: at,
    finishedAt: at,
    wallTimeMs: 1_000,
    epochsRun: 1,
    bestEpoch: 1,
    trainLoss: 0.3,
    valLoss: 0.4,
    testLoss: 0.45,
    generalizationGap: 0.15,
    metricName: 'mse',
    trainMetric: null,
    valMetric: 0.4,
    testMetric: 0.45,
    testMetrics: null,
    initialGradientReach: null,
    gradientReach: null,
    initialGradientSlope: null,
    gradientSlope: null,
    createdAt: at,
    updatedAt: at,
    ...fields,
  };
}
