import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleRandom } from './random.js';
import { suggestTpe } from './tpe.js';
import type { Observation, Params, SearchSpace } from './types.js';

// A shifted quadratic over one parameter of each kind: optimum 0 at x = 1.3, lr = 10^-3.2, units = 32, tanh.
const space: SearchSpace = [
  { name: 'x', domain: { kind: 'float', low: -5, high: 5 } },
  { name: 'lr', domain: { kind: 'float', low: 1e-5, high: 1, log: true } },
  { name: 'units', domain: { kind: 'int', low: 1, high: 256, log: true } },
  { name: 'activation', domain: { kind: 'categorical', choices: ['tanh', 'relu', 'sigmoid', 'linear', 'elu'] } },
];
const penalty: Record<string, number> = { tanh: 0, relu: 0.5, sigmoid: 1, linear: 2, elu: 0.8 };
const objective = (p: Params): number =>
  ((p.x as number) - 1.3) ** 2 +
  0.5 * (Math.log10(p.lr as number) + 3.2) ** 2 +
  0.3 * (Math.log2(p.units as number) - 5) ** 2 +
  (penalty[p.activation as string] as number);

const seeds = 30;
const trials = 60;

/** Best objective after `trials` sequential suggestions; `sign` −1 feeds TPE the negated objective (a broken TPE). */
function bestOf(searcher: 'tpe' | 'random', seed: number, sign = 1): number {
  const observations: Observation[] = [];
  let best = Infinity;
  for (let index = 0; index < trials; index++) {
    const params = searcher === 'tpe' ? suggestTpe(space, seed, index, observations) : sampleRandom(space, seed, index);
    const value = objective(params);
    best = Math.min(best, value);
    observations.push({ index, params, value: sign * value });
  }
  return best;
}

test('TPE beats random search on a mixed float/log/int/categorical quadratic (30 seeds × 60 trials)', () => {
  // Same seed for both: TPE's 10 startup trials are random search's first 10, so the comparison is paired.
  const tpe = Array.from({ length: seeds }, (_, seed) => bestOf('tpe', seed));
  const random = Array.from({ length: seeds }, (_, seed) => bestOf('random', seed));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const wins = tpe.filter((t, i) => t < (random[i] as number)).length;
  // Measured at the time of writing: TPE mean 0.64, random 1.48, TPE ahead in 24 of 30 seeds (85% over 40 seeds:
  // 30 seeds, not 10, so that a harmless change of random streams cannot fail the test by luck; seeds 0-9 alone
  // give 6/10).
  assert.ok(mean(tpe) < 0.6 * mean(random), `mean best: TPE ${mean(tpe)} vs random ${mean(random)}`);
  const pairs = tpe.map((t, i) => `${t.toFixed(3)}/${random[i]?.toFixed(3)}`).join(' ');
  assert.ok(wins >= 21, `TPE better in ${wins}/${seeds} seeds (TPE/random): ${pairs}`);

  // The same yardstick catches a TPE that optimises the wrong way (here by feeding it the negated objective, the
  // effect of a flipped l/g ratio or split): it does far worse than random (measured: mean 2.49 vs 1.21, 1 of 10 wins).
  const inverted = Array.from({ length: 10 }, (_, seed) => bestOf('tpe', seed, -1));
  const randomFirst10 = random.slice(0, 10);
  assert.ok(mean(inverted) > mean(randomFirst10), `inverted TPE ${mean(inverted)} vs random ${mean(randomFirst10)}`);
});
