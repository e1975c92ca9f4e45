"""The one place that calls ``numba.njit``.

``kernel`` compiles a serial kernel and ``parallel_kernel`` one whose outer loop
is a ``numba.prange``. Both cache compiled code on disk (``cache=True``) and
declare no eager signatures, so importing a kernel module compiles nothing.

``run_chunked`` spreads a serial, ``nogil`` kernel over threads in contiguous
chunks: the same parallel speed for element-wise kernels, without the seconds
numba's ``parallel=True`` lowering adds to a first (uncached) compile.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["kernel", "parallel_kernel", "prange", "run_chunked"]

#: Smallest chunk worth a thread of its own. [elements]
MIN_CHUNK = 16_384

prange = numba.prange


def kernel(func: F) -> F:
    """Compile ``func`` with ``numba.njit(cache=True, nogil=True)``."""
    return cast(F, numba.njit(cache=True, nogil=True)(func))


def parallel_kernel(func: F) -> F:
    """Compile ``func`` with ``numba.njit(cache=True, nogil=True, parallel=True)``."""
    return cast(F, numba.njit(cache=True, nogil=True, parallel=True)(func))


def run_chunked(call: Callable[[int, int], None], size: int, *, min_chunk: int = MIN_CHUNK) -> None:
    """Run ``call(start, stop)`` over ``[0, size)`` in contiguous chunks on threads.

    ``call`` must invoke a ``nogil`` kernel on the slices ``start:stop`` of its
    arrays and write only to its own slice of the output. The number of
    threads is ``numba.get_num_threads()`` (``NUMBA_NUM_THREADS``), fewer for
    small inputs; one chunk runs in the calling thread.
    """
    chunks = max(1, min(numba.get_num_threads(), size // min_chunk))
    if chunks == 1:
        call(0, size)
        return
    bounds = [size * i // chunks for i in range(chunks + 1)]
    with ThreadPoolExecutor(max_workers=chunks) as pool:
        for future in [pool.submit(call, bounds[i], bounds[i + 1]) for i in range(chunks)]:
            future.result()
