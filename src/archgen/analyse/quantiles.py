"""Latency distributions kept as a few quantiles, and the arithmetic the latency budgets need.

A time is a vector of quantiles at fixed levels (p10 ... p99.9). The operations and their reasons:

- a hop or a callee's work is a log-normal fitted to its p50 and p99 (latencies are right-skewed,
  and the log-normal is the usual two-parameter fit);
- a batch window is uniform from zero to the window; a queue wait is M/M/c (see queueing.py);
- a sum of independent times: medians add, and each level's distance from the median adds as the
  root of the sum of squares (independent tails rarely line up; adding the p99s would assume they
  always do, an upper bound the write-up mentions);
- the slowest of N identical calls made at once is exact: its level-q quantile is one call's
  quantile at q^(1/N), so a fan-out's p99 is a single call's p99.9 when N = 10;
- the later of two independent branches is exact given each branch's distribution;
- a step taken only by a share q of requests is exact: zero for a share 1 - q, the step's time otherwise.

Quantiles between the kept levels are interpolated linearly in the normal score, so the arithmetic is
deterministic and needs no sampling.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from statistics import NormalDist

LEVELS: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999)
MEDIAN = LEVELS.index(0.5)
_NORMAL = NormalDist()
_Z = tuple(_NORMAL.inv_cdf(level) for level in LEVELS)
_Z99 = _NORMAL.inv_cdf(0.99)


@dataclass(frozen=True)
class Dist:
    """Quantiles of a time in seconds, at LEVELS. Infinite everywhere for a queue that never drains."""

    values: tuple[float, ...]

    @property
    def unbounded(self) -> bool:
        return math.isinf(self.values[-1])

    @property
    def p50(self) -> float:
        return self.values[MEDIAN]

    def at(self, level: float) -> float:
        """The quantile at any level, interpolated linearly in the normal score between kept levels."""
        if self.unbounded:
            return math.inf
        if level <= 0:
            return 0.0
        if level >= 1:
            level = 1 - 1e-9
        z = _NORMAL.inv_cdf(level)
        index = bisect_right(_Z, z, 1, len(_Z) - 1)  # the segment holding z; the end ones extend outwards
        (z0, z1), (v0, v1) = (_Z[index - 1], _Z[index]), (self.values[index - 1], self.values[index])
        return max(0.0, v0 + (v1 - v0) * (z - z0) / (z1 - z0))

    def cdf(self, seconds: float) -> float:
        """The share of requests done within `seconds`: the inverse of `at`, solved on the segment where
        the quantiles pass `seconds` (exact; bisection over `at` cost 60 calls a point and made the
        later-of-branches arithmetic most of a render's Python time on designs with parallel steps)."""
        if self.unbounded or seconds < 0:
            return 0.0
        values = self.values
        index = bisect_right(values, seconds, 1, len(_Z) - 1)  # the segment passing `seconds`, as in `at`
        (z0, z1), (v0, v1) = (_Z[index - 1], _Z[index]), (values[index - 1], values[index])
        if v1 <= v0:  # flat: the top segment lies within `seconds`, the bottom one (extending down) beyond it
            return 1.0 if v0 <= seconds else 0.0
        return _NORMAL.cdf(z0 + (seconds - v0) * (z1 - z0) / (v1 - v0))


ZERO = Dist(tuple(0.0 for _ in LEVELS))
UNBOUNDED = Dist(tuple(math.inf for _ in LEVELS))


def constant(seconds: float) -> Dist:
    return Dist(tuple(seconds for _ in LEVELS))


def lognormal(p50: float, p99: float) -> Dist:
    """The log-normal through (p50, p99); equal figures give a constant."""
    if p50 <= 0 or p99 <= p50:
        return constant(max(p50, p99, 0.0))
    sigma = math.log(p99 / p50) / _Z99
    return Dist(tuple(p50 * math.exp(sigma * z) for z in _Z))


def uniform(window: float) -> Dist:
    """A wait for a batch window that a request joins at a random moment: 0 to `window`."""
    return Dist(tuple(level * window for level in LEVELS))


def waiting_time(chance_to_wait: float, drain_rate: float) -> Dist:
    """An M/M/c queue wait: zero with probability 1 - C, else exponential with rate cμ(1 - ρ)."""
    if drain_rate <= 0:
        return UNBOUNDED
    return Dist(tuple(0.0 if level <= 1 - chance_to_wait else math.log(chance_to_wait / (1 - level)) / drain_rate
                      for level in LEVELS))


def add(*parts: Dist) -> Dist:
    """A sum of independent times: medians add; distances from the median combine as a root sum of squares."""
    if any(part.unbounded for part in parts):
        return UNBOUNDED
    median = sum(part.p50 for part in parts)
    values = []
    for index in range(len(LEVELS)):
        spread = math.sqrt(sum((part.values[index] - part.p50) ** 2 for part in parts))
        values.append(max(0.0, median + spread if index >= MEDIAN else median - spread))
    return Dist(tuple(values))


def repeat(dist: Dist, times: float) -> Dist:
    """`times` calls one after another (a fractional count is an average): medians scale by N, spreads by √N."""
    if dist.unbounded:
        return UNBOUNDED
    median = dist.p50 * times
    return Dist(tuple(max(0.0, median + (value - dist.p50) * math.sqrt(times)) for value in dist.values))


def slowest_of(dist: Dist, count: float) -> Dist:
    """The slowest of `count` independent calls made at once (rounded up: 2.5 recipients wait for 3)."""
    n = max(1, math.ceil(count - 1e-9))
    if n == 1 or dist.unbounded:
        return dist
    return Dist(tuple(dist.at(level ** (1 / n)) for level in LEVELS))


def later_of(*branches: Dist) -> Dist:
    """The later of independent branches: P(max ≤ t) is the product of each branch's P(≤ t)."""
    branches = tuple(b for b in branches if b != ZERO) or (ZERO,)
    if len(branches) == 1:
        return branches[0]
    if any(b.unbounded for b in branches):
        return UNBOUNDED
    values = []
    for level in LEVELS:
        low = max(b.at(level) for b in branches)
        high = max(b.at(level ** (1 / len(branches))) for b in branches)
        for _ in range(50):
            middle = (low + high) / 2
            if math.prod(b.cdf(middle) for b in branches) >= level:
                high = middle
            else:
                low = middle
        values.append(high)
    return Dist(tuple(values))


def latest_on_one_timeline(*branches: Dist) -> Dist:
    """The later of branches that share their start (one caller's timeline): level by level, the largest.
    They are strongly correlated, so treating them as independent would overstate the tail."""
    if any(b.unbounded for b in branches):
        return UNBOUNDED
    return Dist(tuple(max(values) for values in zip(*(b.values for b in branches), strict=True)))


def sometimes(dist: Dist, share: float) -> Dist:
    """A step that only a `share` of requests take: zero for the rest."""
    if share >= 1:
        return dist
    if dist.unbounded:
        return UNBOUNDED
    return Dist(tuple(0.0 if level <= 1 - share else dist.at((level - (1 - share)) / share) for level in LEVELS))
