#!/usr/bin/python3
"""The Optuna side of scripts/bench-tpe-vs-optuna.mjs (run that; it starts this with the same objective).

Reads one objective as JSON on stdin (parameters and terms, see the .mjs), runs Optuna's TPESampler with its
defaults for `--trials` sequential trials on each seed, and prints one JSON line per seed:
{"seed", "best", "bestParams", "suggestMs": [per trial after the start-up trials]}.

Debian's python3-optuna is 3.1.0, whose truncnorm.logpdf lacks the -log(scale) term (optuna#5109, fixed in 3.5 by
#5110). That skews float and int parameters, not categorical ones. By default the fix is applied here, so the
comparison is with Optuna >= 3.5; `--unpatched` runs 3.1.0 as shipped.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import optuna
from optuna.samplers._tpe import _truncnorm

optuna.logging.set_verbosity(optuna.logging.WARNING)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--unpatched", action="store_true")
    args = parser.parse_args()
    if not args.unpatched:
        buggy = _truncnorm.logpdf
        _truncnorm.logpdf = lambda x, a, b, loc=0, scale=1: buggy(x, a, b, loc=loc, scale=scale) - np.log(scale)
    objective = json.load(sys.stdin)

    for seed in range(args.first_seed, args.first_seed + args.seeds):
        suggest_ms = []

        def run(trial):
            started = time.perf_counter()
            params = {p["name"]: suggest(trial, p) for p in objective["params"]}
            if trial.number >= 10:
                suggest_ms.append((time.perf_counter() - started) * 1000)
            return evaluate(objective, params)

        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(run, n_trials=args.trials)
        result = {"seed": seed, "best": study.best_value, "bestParams": study.best_params, "suggestMs": suggest_ms}
        print(json.dumps(result), flush=True)


def suggest(trial, p):
    if p["kind"] == "categorical":
        return trial.suggest_categorical(p["name"], p["choices"])
    if p["kind"] == "int":
        return trial.suggest_int(p["name"], p["low"], p["high"], log=p.get("log", False))
    return trial.suggest_float(p["name"], p["low"], p["high"], log=p.get("log", False))


def evaluate(objective, params):
    """The objective's sum of terms; the same arithmetic as evaluate() in bench-tpe-vs-optuna.mjs."""
    total = 0.0
    for term in objective["terms"]:
        x = params[term["param"]]
        if term["kind"] == "log-quadratic":
            total += term["scale"] * (math.log10(x) - math.log10(term["center"])) ** 2
        elif term["kind"] == "quadratic":
            total += term["scale"] * (x - term["center"]) ** 2
        else:
            total += term["values"][str(x)]
    return total


if __name__ == "__main__":
    main()
