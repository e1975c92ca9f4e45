"""The error family of cultureservice.

Every error the library raises on purpose is a :class:`CultureServiceError`.
A caller who wants to catch "bad input" catches :class:`InvalidArgumentError`
(also a :class:`ValueError`), a caller who wants to know that no staffing level
meets a target catches :class:`InfeasibleError`.
"""

from __future__ import annotations

__all__ = [
    "CultureServiceError",
    "InvalidArgumentError",
    "UnknownCodeError",
    "DataError",
    "InfeasibleError",
    "MissingDependencyError",
]


class CultureServiceError(Exception):
    """Base class of every error raised on purpose by cultureservice."""


class InvalidArgumentError(CultureServiceError, ValueError):
    """An argument has a bad value, shape, dtype or kind (e.g. a naive datetime)."""


class UnknownCodeError(InvalidArgumentError, LookupError):
    """A country, subdivision, locale or time-zone code that is not known."""


class DataError(CultureServiceError):
    """A shipped or user-supplied table lacks a value or is malformed."""


class InfeasibleError(CultureServiceError, ValueError):
    """No staffing level up to the cap meets the requested targets."""


class MissingDependencyError(CultureServiceError, ImportError):
    """An optional extra (pandas, matplotlib, dask) is needed but not installed."""
