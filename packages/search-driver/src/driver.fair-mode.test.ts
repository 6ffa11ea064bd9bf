import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchSpec, simulate } from './test-support.js';

test('fair mode: each cell gets the same suggestions and budget, then its best config re-runs on fresh seeds', () => {
  const spec = searchSpec(
    `{ method: random, trials: 8, parallelism: 2, seed: 4, asha: { minEpochs: 1 }, fair: { finalSeeds: 3 }, space: { training.learningRate: { float: [0.0001, 0.3], log: true }, training.batchSize: { choice: [16, 64, 256] } } }`,
    'seeds: [2]',
  );
  const { trials } = simulate(spec);
  const search = trials.filter((trial) => trial.config.search?.role === 'search');
  const finals = trials.filter((trial) => trial.config.search?.role === 'final');
  for (const cell of ['lstm', 'gru']) {
    const mine = search.filter((trial) => trial.config.cell === cell);
    // Same seed, same space: random search draws the same values for both cells.
    const draws = (c: string) =>
      search
        .filter((t) => t.config.cell === c && t.config.training.epochs === 1)
        .map((t) => [t.config.search?.index, t.config.training.learningRate])
        .sort((x, y) => Number(x[0]) - Number(y[0]));
    assert.deepEqual(draws(cell), draws('lstm'));
    assert.equal(mine.filter((trial) => trial.config.training.epochs === 1).length, 8);
    assert.ok(
      mine.every((trial) => trial.config.seed === 2),
      'search trials train on the spec seed',
    );

    const cellFinals = finals.filter((trial) => trial.config.cell === cell);
    assert.deepEqual(
      cellFinals.map((trial) => trial.config.seed).sort(),
      [0, 1, 3],
      'fresh seeds skip the search seed 2',
    );
    assert.ok(cellFinals.every((trial) => trial.config.training.epochs === 9));
    // The best: among suggestions that trained the top rung, the lowest validation loss.
    const top = mine.filter((trial) => trial.config.training.epochs === 9);
    const best = top.reduce((a, b) => ((a.valLoss ?? Infinity) <= (b.valLoss ?? Infinity) ? a : b));
    for (const final of cellFinals) {
      assert.equal(final.config.training.learningRate, best.config.training.learningRate);
      assert.equal(final.config.training.batchSize, best.config.training.batchSize);
      assert.deepEqual(final.config.search, {
        role: 'final',
        index: best.config.search?.index,
        tuned: ['training.learningRate', 'training.batchSize'],
      });
    }
  }
});
