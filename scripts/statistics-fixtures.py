#!/usr/bin/env python3
"""Reference values for packages/analysis tests, from SciPy (Debian's python3-scipy; 1.10.1 when written).

Run: /usr/bin/python3 scripts/statistics-fixtures.py
Every constant a test in packages/analysis/src/*.test.ts quotes as "scipy" is printed here, so it can be re-derived.
"""
import math

import mpmath
import numpy as np
from scipy import stats


def section(title):
    print(f"\n## {title}")


section("normal CDF (scipy.stats.norm.cdf), tails to |x| = 40")
for x in [-40, -38.5, -37.5, -30, -20, -12, -11.5, -8, -5, -3.5, -3, -1, 0, 0.5, 3, 5, 8, 11.5, 20, 40]:
    print(f"  {x:>6}: cdf {stats.norm.cdf(x)!r}  sf {stats.norm.sf(x)!r}")

section("Student-t quantiles t_{0.975, df}: mpmath at 30 digits (scipy 1.10's t.ppf is off by up to ~1e-9)")
mpmath.mp.dps = 30


def t_quantile(p, df):
    # P(T <= t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 for t > 0; solved at 30 digits.
    cdf = lambda t: 1 - mpmath.betainc(df / 2, 0.5, 0, df / (df + t * t), regularized=True) / 2
    return mpmath.findroot(lambda t: cdf(t) - mpmath.mpf(p), stats.t.ppf(p, df))


for df in [1, 2, 3, 4, 5, 7, 9, 11, 15, 29, 50, 100, 1000]:
    print(f"  df {df:>4}: {float(t_quantile(0.975, df))!r}  (scipy ppf {stats.t.ppf(0.975, df)!r})")
for p, df in [(0.95, 4), (0.995, 3), (0.9, 12)]:
    print(f"  t_{p},{df}: {float(t_quantile(p, df))!r}")

section("Student-t 95% CI of the mean of [0.31, 0.29, 0.35, 0.30, 0.33] (scipy.stats.t.interval)")
sample = np.array([0.31, 0.29, 0.35, 0.30, 0.33])
print("  ", stats.t.interval(0.95, len(sample) - 1, loc=sample.mean(), scale=stats.sem(sample)))
print("   adjusted skewness G1:", stats.skew(sample, bias=False))


def wilcoxon_vector(n):
    # The same vector the JS test builds: distinct |d| (10007 is prime, 0.9 * 10007 is no integer), no ties.
    return np.array([((i * 7919) % 10007) / 10007 - 0.45 for i in range(1, n + 1)])


section("Wilcoxon normal approximation, 10,000 pairs (scipy.stats.wilcoxon, method='approx', no continuity)")
d = wilcoxon_vector(10_000)
print("  ", stats.wilcoxon(d, method="approx", correction=False))
print("   all negative d = -[1..201]:", stats.wilcoxon(-np.arange(1, 202), method="approx", correction=False))

section("Student-t 95% CI coverage on lognormal (sigma = 0.5) samples, numpy, 200,000 repetitions (seed 19)")
rng = np.random.default_rng(19)
for n in [5, 8, 12, 30]:
    x = np.exp(0.5 * rng.standard_normal((200_000, n)))
    half = stats.t.ppf(0.975, n - 1) * x.std(axis=1, ddof=1) / math.sqrt(n)
    centre = x.mean(axis=1)
    true_mean = math.exp(0.125)
    print(f"  n {n:>2}: {np.mean((centre - half <= true_mean) & (true_mean <= centre + half)):.3f}")
