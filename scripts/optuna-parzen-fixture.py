#!/usr/bin/python3
"""Regenerates packages/search/src/parzen.optuna-fixture.ts: Optuna's own Parzen estimator numbers for fixed
histories, which parzen.matches-optuna.test.ts compares @cellsweep/search's estimators with (the tests then need no
Python).

    apt-get install -y python3-optuna      # Debian's Optuna 3.1.0 with numpy, in /usr/bin/python3
    /usr/bin/python3 scripts/optuna-parzen-fixture.py

Three kinds of cases:
- "estimator": Optuna's _ParzenEstimator for one categorical parameter, built from given choice indices with
  Optuna's default_weights and prior weight; the fixture keeps the probability of every choice (exp of log_pdf).
- "sampler": a study history (trial number, choice or absent, value); TPESampler.sample_independent builds its
  below/above estimators from it (captured here as they are built), so the split, the gamma, the weights and the
  estimator are Optuna's own code end to end.
- "numeric": the same for a log-scaled float; log densities at fixed points of the internal (log) scale. Optuna
  3.1.0's truncnorm.logpdf forgets the -log(scale) term (optuna#5109, fixed in 3.5 by #5110): the fix is applied
  here so the numbers are those of Optuna >= 3.5.

The categorical estimator is the same in Optuna 4.x (_calculate_categorical_distributions: prior_weight / (n + 1)
on every choice of every kernel, +1 on the observed one, rows normalised) when no categorical_distance_func is set.
"""
import json
import math
import os
import sys

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution
from optuna.samplers._tpe import _truncnorm
from optuna.samplers._tpe import sampler as tpe_sampler
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

optuna.logging.set_verbosity(optuna.logging.WARNING)

_buggy_logpdf = _truncnorm.logpdf


def _fixed_logpdf(x, a, b, loc=0, scale=1):
    # optuna#5110: the density of a scaled truncated normal carries 1/scale.
    return _buggy_logpdf(x, a, b, loc=loc, scale=scale) - np.log(scale)


_truncnorm.logpdf = _fixed_logpdf

PARAMETERS = _ParzenEstimatorParameters(
    consider_prior=True,
    prior_weight=1.0,
    consider_magic_clip=True,
    consider_endpoints=False,
    weights=default_weights,
    multivariate=False,
)


def estimator_case(name, choice_count, choices, prior_weight=1.0):
    parameters = PARAMETERS._replace(prior_weight=prior_weight)
    distribution = CategoricalDistribution(list(range(choice_count)))
    estimator = _ParzenEstimator(
        {"c": np.asarray(choices, dtype=float)}, {"c": distribution}, parameters
    )
    log_pdf = estimator.log_pdf({"c": np.arange(choice_count)})
    return {
        "name": name,
        "choiceCount": choice_count,
        "choices": choices,
        "priorWeight": prior_weight,
        "weights": [float(w) for w in default_weights(len(choices))],
        "probabilities": [float(p) for p in np.exp(log_pdf)],
    }


def captured_estimators(history, distribution, value_of):
    """Runs one TPE suggestion after `history` and returns the (below, above) estimators Optuna built for it."""
    captured = []

    class Capturing(_ParzenEstimator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            captured.append(self)

    tpe_sampler._ParzenEstimator = Capturing
    try:
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=0))
        for entry in history:
            params, distributions = {}, {}
            if entry["param"] is not None:
                params["p"] = value_of(entry["param"])
                distributions["p"] = distribution
            study.add_trial(
                optuna.trial.create_trial(
                    params=params, distributions=distributions, value=entry["value"]
                )
            )
        study.optimize(lambda trial: _suggest(trial, distribution), n_trials=1)
    finally:
        tpe_sampler._ParzenEstimator = _ParzenEstimator
    assert len(captured) == 2, f"expected the below and above estimators, got {len(captured)}"
    return captured


def _suggest(trial, distribution):
    if isinstance(distribution, CategoricalDistribution):
        trial.suggest_categorical("p", distribution.choices)
    else:
        trial.suggest_float("p", distribution.low, distribution.high, log=distribution.log)
    return 0.0


def history(rng, count, choice_count, absent_every=0, numeric=False):
    """Trials 0..count-1 with distinct values; every `absent_every`-th trial lacks the parameter (conditional)."""
    values = rng.permutation(count) / count + rng.uniform(0, 1e-3, size=count)
    entries = []
    for number in range(count):
        absent = absent_every > 0 and number % absent_every == absent_every - 1
        if numeric:
            param = None if absent else float(np.exp(rng.uniform(math.log(1e-5), 0)))
        else:
            param = None if absent else int(rng.randint(choice_count))
        entries.append({"index": number, "param": param, "value": float(values[number])})
    return entries


def sampler_case(name, entries, choice_count):
    distribution = CategoricalDistribution(list(range(choice_count)))
    below, above = captured_estimators(entries, distribution, lambda c: c)
    probabilities = lambda estimator: [float(p) for p in np.exp(estimator.log_pdf({"p": np.arange(choice_count)}))]
    return {
        "name": name,
        "choiceCount": choice_count,
        "params": [e["param"] for e in entries],
        "values": [e["value"] for e in entries],
        "below": probabilities(below),
        "above": probabilities(above),
    }


def numeric_case(name, entries, low, high, points):
    distribution = FloatDistribution(low, high, log=True)
    below, above = captured_estimators(entries, distribution, lambda x: x)
    xs = np.exp(np.asarray(points))
    return {
        "name": name,
        "low": low,
        "high": high,
        "params": [e["param"] for e in entries],
        "values": [e["value"] for e in entries],
        "points": points,
        "belowLogDensity": [float(v) for v in below.log_pdf({"p": xs})],
        "aboveLogDensity": [float(v) for v in above.log_pdf({"p": xs})],
    }


def to_ts(value, indent):
    """JSON with scalar arrays wrapped at 118 columns, so the generated file stays readable."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {to_ts(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return "[\n" + ",\n".join(inner + to_ts(v, inner) for v in value) + f"\n{indent}]"
    if isinstance(value, list):
        lines, line = [], ""
        for text in (json.dumps(v) for v in value):
            if line and len(inner) + len(line) + len(text) + 2 > 118:
                lines.append(line + ",")
                line = ""
            line = f"{line}, {text}" if line else text
        if not lines and len(indent) + len(line) < 118 - 30:  # room for the key before it
            return f"[{line}]"
        return "[\n" + "\n".join(inner + l for l in lines + [line]) + f"\n{indent}]"
    return json.dumps(value)


def main():
    rng = np.random.RandomState(20261207)
    estimators = [
        estimator_case("no observations", 5, []),
        estimator_case("one observation", 3, [2]),
        estimator_case("six good observations all in one category", 5, [1, 1, 1, 1, 1, 1]),
        estimator_case("six mixed", 5, [0, 0, 1, 3, 0, 2]),
        estimator_case("25 observations: weights all 1", 4, [int(c) for c in rng.randint(4, size=25)]),
        estimator_case("40 observations: the oldest 15 ramp up", 5, [int(c) for c in rng.randint(5, size=40)]),
        estimator_case("prior weight 2.5", 5, [4, 4, 0], prior_weight=2.5),
        estimator_case("two choices, 31 observations", 2, [int(c) for c in rng.randint(2, size=31)]),
    ]
    samplers = [
        sampler_case("20 trials, 5 choices", history(rng, 20, 5), 5),
        sampler_case("60 trials, 5 choices", history(rng, 60, 5), 5),
        sampler_case("120 trials, 3 choices (good group capped at 25, ramped weights)", history(rng, 120, 3), 3),
        sampler_case("45 trials, every 4th lacks the parameter", history(rng, 45, 4, absent_every=4), 4),
    ]
    points = [float(x) for x in np.linspace(math.log(1e-5), 0, 9)]
    numerics = [
        numeric_case("30 trials, log float [1e-5, 1]", history(rng, 30, 0, numeric=True), 1e-5, 1.0, points),
        numeric_case("80 trials, log float [1e-5, 1]", history(rng, 80, 0, numeric=True), 1e-5, 1.0, points),
    ]
    fixture = {
        "optunaVersion": optuna.__version__,
        "estimators": estimators,
        "samplers": samplers,
        "numerics": numerics,
    }
    out = os.path.join(os.path.dirname(__file__), "..", "packages", "search", "src", "parzen.optuna-fixture.ts")
    with open(out, "w") as f:
        f.write("// Generated by scripts/optuna-parzen-fixture.py from Optuna's own code; do not edit by hand.\n")
        f.write("// Read by parzen.matches-optuna.test.ts.\n")
        f.write("export const OPTUNA_PARZEN = ")
        f.write(to_ts(fixture, ""))
        f.write(";\n")
    print(f"wrote {os.path.normpath(out)} (Optuna {optuna.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
