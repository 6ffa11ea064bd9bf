import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toInternal } from './numeric.js';
import { OPTUNA_PARZEN } from './parzen.optuna-fixture.js';
import { categoricalProbabilities, mixtureLogDensity, numericMixture } from './parzen.js';
import { ageWeights, tpeGroups } from './tpe.js';
import type { Observation, Params } from './types.js';

/**
 * Optuna's own numbers (scripts/optuna-parzen-fixture.py runs Debian's python3-optuna 3.1.0 on these histories; the
 * categorical estimator is the same in 4.x). Categorical arithmetic is exact up to rounding: 1e-12. Numeric
 * densities go through an erfc approximation good to 1.2e-7 relative (parzen.ts): 1e-6 on the log density.
 */
const close = (actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void => {
  assert.equal(actual.length, expected.length, `${what}: length`);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tolerance, `${what}[${i}]: ${a} vs Optuna's ${e}`);
  });
};

test("the categorical Parzen estimator gives Optuna's probabilities (per-observation kernels plus the prior)", () => {
  assert.ok(OPTUNA_PARZEN.estimators.length >= 8);
  for (const c of OPTUNA_PARZEN.estimators) {
    close(ageWeights(c.choices.length), c.weights, 1e-15, `${c.name}: default_weights`);
    const p = categoricalProbabilities(c.choices, ageWeights(c.choices.length), c.choiceCount, c.priorWeight);
    close(p, c.probabilities, 1e-12, c.name);
  }
});

/** The fixture's history as observations of parameter `p` (absent where the trial lacked it). */
function observations(params: readonly (number | null)[], values: readonly number[]): Observation[] {
  return params.map((param, index) => {
    const p: Params = param === null ? {} : { p: param };
    return { index, params: p, value: values[index] as number };
  });
}

/** What suggestTpe models for `p`: the good and rest groups, restricted to the trials that have it. */
function groups(history: Observation[]): { good: number[]; rest: number[] } {
  const { good, rest } = tpeGroups(history, 0.1, 25);
  const values = (group: Observation[]): number[] =>
    group.filter((o) => 'p' in o.params).map((o) => o.params.p as number);
  return { good: values(good), rest: values(rest) };
}

test("TPE's l(x) and g(x) for a categorical equal the below/above estimators Optuna's TPESampler builds", () => {
  for (const c of OPTUNA_PARZEN.samplers) {
    const { good, rest } = groups(observations(c.params, c.values));
    close(categoricalProbabilities(good, ageWeights(good.length), c.choiceCount, 1), c.below, 1e-12, `${c.name}: l(x)`);
    close(categoricalProbabilities(rest, ageWeights(rest.length), c.choiceCount, 1), c.above, 1e-12, `${c.name}: g(x)`);
  }
});

test("TPE's l(x) and g(x) for a log float equal Optuna's (>= 3.5, i.e. with the optuna#5109 fix)", () => {
  for (const c of OPTUNA_PARZEN.numerics) {
    const domain = { kind: 'float', low: c.low, high: c.high, log: true } as const;
    const { good, rest } = groups(observations(c.params, c.values));
    const [low, high] = [Math.log(c.low), Math.log(c.high)];
    const mixture = (xs: number[]) =>
      numericMixture(
        xs.map((x) => toInternal(domain, x)),
        ageWeights(xs.length),
        low,
        high,
        1,
      );
    const l = mixture(good);
    const g = mixture(rest);
    close(
      c.points.map((x) => mixtureLogDensity(l, x)),
      c.belowLogDensity,
      1e-6,
      `${c.name}: log l(x)`,
    );
    close(
      c.points.map((x) => mixtureLogDensity(g, x)),
      c.aboveLogDensity,
      1e-6,
      `${c.name}: log g(x)`,
    );
  }
});
