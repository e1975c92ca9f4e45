"""Slow, obvious reference code for the KPI tests; imports nothing from cultureservice.

Each function is the textbook definition written with loops and exact
fractions, so that a vectorised implementation has something independent to
be compared with.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction


def service_level(waits: Sequence[float], answered: Sequence[bool], target: float, short: float) -> Fraction:
    hits = 0
    counted = 0
    for w, a in zip(waits, answered, strict=True):
        if not a and w < short:
            continue  # a short abandon leaves the count
        counted += 1
        if a and w <= target:
            hits += 1
    return Fraction(hits, counted)


def abandonment(waits: Sequence[float], answered: Sequence[bool], short: float) -> Fraction:
    lost = 0
    counted = 0
    for w, a in zip(waits, answered, strict=True):
        if not a and w < short:
            continue
        counted += 1
        if not a:
            lost += 1
    return Fraction(lost, counted)


def asa(waits: Sequence[float], answered: Sequence[bool]) -> Fraction:
    picked = [Fraction(w) for w, a in zip(waits, answered, strict=True) if a]
    return sum(picked, Fraction(0)) / len(picked)


def mean(values: Sequence[float]) -> Fraction:
    return sum((Fraction(v) for v in values), Fraction(0)) / len(values)


def top_two_box(scores: Sequence[int], highest: int) -> Fraction:
    return Fraction(sum(1 for s in scores if s >= highest - 1), len(scores))


def nps(scores: Sequence[int]) -> Fraction:
    promoters = sum(1 for s in scores if s in (9, 10))
    detractors = sum(1 for s in scores if s in (0, 1, 2, 3, 4, 5, 6))
    return Fraction(100 * (promoters - detractors), len(scores))


def groups(*columns: Sequence[str]) -> dict[tuple[str, ...], list[int]]:
    out: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, key in enumerate(zip(*columns, strict=True)):
        out[tuple(key)].append(i)
    return dict(out)


def effort_per_contact(mix: Mapping[str, float], handle_time: Mapping[str, float]) -> Fraction:
    """Channel mix restricted to the channels with a handle time, renormalised, times the handle times."""
    shares = {c: Fraction(mix[c]) for c in handle_time}
    total = sum(shares.values(), Fraction(0))
    return sum((shares[c] * Fraction(handle_time[c]) for c in handle_time), Fraction(0)) / total


def population_mean_sd(values: Sequence[float]) -> tuple[float, float]:
    m = math.fsum(values) / len(values)
    return m, math.sqrt(math.fsum((v - m) ** 2 for v in values) / len(values))


def credibility(n: int, mean_m: float, sd_m: float, k: float, prior_mean: float, prior_sd: float) -> tuple[float, float]:
    """Bühlmann-style blend of a market's own history with its prior, k pseudo-responses."""
    if math.isinf(k) or n == 0:
        return prior_mean, prior_sd
    m = (n * mean_m + k * prior_mean) / (n + k)
    v = (n * sd_m**2 + k * prior_sd**2) / (n + k)
    return m, math.sqrt(v)
