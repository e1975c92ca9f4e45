"""The one place that calls ``numba.njit``.

``kernel`` compiles a serial kernel and ``parallel_kernel`` one whose outer loop
is a ``numba.prange``. Both cache compiled code on disk (``cache=True``) and
declare no eager signatures, so importing a kernel module compiles nothing.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["kernel", "parallel_kernel", "prange"]

prange = numba.prange


def kernel(func: F) -> F:
    """Compile ``func`` with ``numba.njit(cache=True, nogil=True)``."""
    return cast(F, numba.njit(cache=True, nogil=True)(func))


def parallel_kernel(func: F) -> F:
    """Compile ``func`` with ``numba.njit(cache=True, nogil=True, parallel=True)``."""
    return cast(F, numba.njit(cache=True, nogil=True, parallel=True)(func))
