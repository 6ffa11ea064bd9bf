/**
 * A small sweep whose full analysis is pinned in `fixtures/pinned-analysis.json`, computed by the code before the
 * issue 17 rewrite of trends (commit 7d7af13). Optimisations must reproduce it exactly: small sweeps keep today's
 * numbers. 3 cells × 4 budgets × 6 seeds × 2 learning rates, plus a failed and a diverged trial (test-only).
 */
import { createRng } from '@cellsweep/core';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';

export function pinnedSweepRows(): TrialRow[] {
  const rng = createRng(17);
  const rows: TrialRow[] = [];
  for (const learningRate of [0.01, 0.003]) {
    for (const budget of [1_000, 4_000, 16_000, 64_000]) {
      for (let seed = 0; seed < 6; seed++) {
        for (const cell of ['rnn', 'lstm', 'gru']) {
          const base = (cell === 'rnn' ? 0.4 : 0.3) * (8_000 / budget) ** 0.1 + (learningRate === 0.01 ? 0.02 : 0);
          const testLoss = base + 0.03 * rng.normal();
          rows.push(
            trialRow({
              id: `${cell}-${budget}-${learningRate}-${seed}`,
              cell,
              seed,
              paramBudget: budget,
              paramCount: budget + (cell === 'rnn' ? -3 : 5),
              group: { learningRate },
              trainLoss: testLoss * 0.8,
              valLoss: testLoss * 0.95 + 0.01 * rng.normal(),
              testLoss,
              valMetric: testLoss,
              testMetric: testLoss,
              gradientSlope: -0.1 + 0.02 * rng.normal(),
              initialGradientSlope: -0.3 + 0.02 * rng.normal(),
            }),
          );
        }
      }
    }
  }
  rows.push(trialRow({ id: 'rnn-failed', cell: 'rnn', seed: 9, status: 'FAILED', testLoss: null }));
  rows.push(trialRow({ id: 'gru-diverged', cell: 'gru', seed: 10, paramBudget: 1_000, testLoss: NaN, trainLoss: NaN }));
  return rows;
}
