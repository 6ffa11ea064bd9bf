/**
 * The full analysis refuses a sweep with two trials of one arm and seed in a setting (pairing by seed needs one):
 * that is why the dashboard reported `failed` on the benchmark's 101,000-trial sweep, whose live-added trials
 * repeated grid configurations seed included. The route must say why (the analysis's own message, which names the
 * trials and the fix), and a later version without the duplicate is analysed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrialPoint } from '@cellsweep/store';
import { ExternalAnalysisRunner, type ExternalAnalysis } from './analysis-hook.js';

function trial(id: string, cell: string, seed: number, loss: number): TrialPoint {
  return {
    id,
    ordinal: 0,
    cell,
    hidden: 8,
    layers: 1,
    paramBudget: 500,
    paramCount: 500,
    seed,
    status: 'COMPLETED',
    trainLoss: loss,
    valLoss: loss,
    testLoss: loss,
    generalizationGap: 0,
    valMetric: null,
    testMetric: null,
    metricName: null,
    config: { task: { dataset: 'adding', sequenceLength: 10 }, cell, seed, training: { learningRate: 0.01 } },
    updatedAt: new Date(0),
    initialGradientReach: null,
    gradientReach: null,
    initialGradientSlope: null,
    gradientSlope: null,
    trainMetric: null,
  };
}

async function settled(
  runner: ExternalAnalysisRunner,
  version: string,
  trials: TrialPoint[],
): Promise<ExternalAnalysis> {
  // Generous: only a hang should trip this (a loaded machine runs a small analysis in seconds).
  for (let i = 0; i < 600; i++) {
    const state = runner.request('sweep', version, trials);
    if (state.status !== 'pending' || state.version === version) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the analysis never settled');
}

test('two trials of one arm and seed: failed, saying which and what to do; without them: ready', async () => {
  const runner = new ExternalAnalysisRunner({ minIntervalMs: 0, resamples: 200 });
  try {
    const clean = [0, 1, 2, 3].flatMap((seed) => [
      trial(`gru-${seed}`, 'gru', seed, 0.1 + seed / 100),
      trial(`lstm-${seed}`, 'lstm', seed, 0.2 + seed / 100),
    ]);
    const failed = await settled(runner, 'v1', [...clean, trial('gru-0-again', 'gru', 0, 0.3)]);
    assert.equal(failed.status, 'failed');
    assert.match(failed.note, /^analysis failed: .*gru-0.*gru-0-again.*seed 0.*one trial per arm and seed/);
    const ready = await settled(runner, 'v2', clean);
    assert.equal(ready.status, 'ready', ready.note);
    assert.ok((ready.result?.comparisons.length ?? 0) > 0);
  } finally {
    await runner.close();
  }
});
