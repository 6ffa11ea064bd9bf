#!/usr/bin/env python3
"""Reference values for packages/analysis tests, from SciPy (Debian's python3-scipy; 1.10.1 when written).

Run: /usr/bin/python3 scripts/statistics-fixtures.py
Every constant a test in packages/analysis/src/*.test.ts quotes as "scipy" is printed here, so it can be re-derived.
"""
import math

import numpy as np
from scipy import stats


def section(title):
    print(f"\n## {title}")


section("normal CDF (scipy.stats.norm.cdf), tails to |x| = 40")
for x in [-40, -38.5, -37.5, -30, -20, -12, -11.5, -8, -5, -3.5, -3, -1, 0, 0.5, 3, 5, 8, 11.5, 20, 40]:
    print(f"  {x:>6}: cdf {stats.norm.cdf(x)!r}  sf {stats.norm.sf(x)!r}")

section("Student-t quantiles t_{0.975, df} (scipy.stats.t.ppf)")
for df in [1, 2, 3, 4, 5, 7, 9, 11, 15, 29, 50, 100, 1000]:
    print(f"  df {df:>4}: {stats.t.ppf(0.975, df)!r}")
print(f"  t_0.95,4 {stats.t.ppf(0.95, 4)!r}  t_0.995,3 {stats.t.ppf(0.995, 3)!r}  t_0.9,12 {stats.t.ppf(0.9, 12)!r}")

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
