"""cultureservice: culture-aware customer service planning.

Culture profiles per country, business-hour calendars, SLA evaluation,
Erlang B/C/A staffing, a discrete-event simulation and a planner that turns
them into staffing plans per market, language, channel and interval.

Submodules are imported lazily (PEP 562), so ``import cultureservice`` stays
light: it loads neither numba nor any optional extra.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cultureservice.errors import (
    CultureServiceError,
    DataError,
    InfeasibleError,
    InvalidArgumentError,
    MissingDependencyError,
    UnknownCodeError,
)

__version__ = "0.1.0.dev0"

_SUBMODULES = frozenset(
    {"queueing", "calendar", "culture", "sla", "sim", "planning", "messages", "kpi", "cli", "plot", "dask"}
)

__all__ = [
    "CultureServiceError",
    "DataError",
    "InfeasibleError",
    "InvalidArgumentError",
    "MissingDependencyError",
    "UnknownCodeError",
    "__version__",
    *sorted(_SUBMODULES),
]

if TYPE_CHECKING:  # pragma: no cover
    from cultureservice import queueing as queueing


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f"cultureservice.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'cultureservice' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
