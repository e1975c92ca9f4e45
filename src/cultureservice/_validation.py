"""Argument checks shared by the public functions.

Each check converts its input once (to a read-only view or a fresh array, never
writing to the caller's data) and raises :class:`InvalidArgumentError` whose
message names the argument, the first bad value (and its index, for arrays) and
what is allowed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from cultureservice.errors import InvalidArgumentError

__all__ = ["as_float_array", "as_int_array", "check_probability", "describe", "first_bad"]


def describe(value: Any) -> str:
    """A value as Python prints it (``.item()`` for numpy scalars)."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)


def first_bad(arr: npt.NDArray[Any], bad: npt.NDArray[np.bool_]) -> str:
    """``"got V"`` or ``"got V at index I"`` for the first True of ``bad``."""
    flat = np.flatnonzero(bad.ravel())
    i = int(flat[0])
    value = describe(arr.ravel()[i])
    if arr.ndim == 0:
        return f"got {value}"
    index = np.unravel_index(i, arr.shape)
    where = index[0] if len(index) == 1 else tuple(int(k) for k in index)
    return f"got {value} at index {where}"


def _bounds_text(
    min_value: float | None, max_value: float | None, min_open: bool, max_open: bool, allow_inf: bool
) -> str:
    if min_value is not None and max_value is not None:
        lo = "(" if min_open else "["
        hi = ")" if max_open else "]"
        return f"in {lo}{min_value:g}, {max_value:g}{hi}"
    if min_value is not None:
        op = ">" if min_open else ">="
        text = f"{op} {min_value:g}"
        return text + ("" if allow_inf else " and finite")
    if max_value is not None:
        op = "<" if max_open else "<="
        return f"{op} {max_value:g}"
    return "finite" if not allow_inf else "numbers"


def as_float_array(
    name: str,
    value: npt.ArrayLike,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    min_open: bool = False,
    max_open: bool = False,
    allow_inf: bool = False,
    hint: str = "",
) -> npt.NDArray[np.float64]:
    """``value`` as a float64 array, checked against bounds; NaN is never allowed.

    Raises
    ------
    InvalidArgumentError
        If a value is not a real number, is NaN, is infinite (unless
        ``allow_inf``) or lies outside the bounds.
    """
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(f"{name} must be real numbers; got {describe(value)}") from exc
    if np.iscomplexobj(value):
        raise InvalidArgumentError(f"{name} must be real numbers; got {describe(value)}")
    allowed = _bounds_text(min_value, max_value, min_open, max_open, allow_inf)
    bad = np.isnan(arr)
    if not allow_inf:
        bad |= np.isinf(arr)
    if min_value is not None:
        bad |= (arr <= min_value) if min_open else (arr < min_value)
    if max_value is not None:
        bad |= (arr >= max_value) if max_open else (arr > max_value)
    if bad.any():
        raise InvalidArgumentError(f"{name} must be {allowed}; {first_bad(arr, bad)}{hint}")
    return arr


def as_int_array(
    name: str,
    value: npt.ArrayLike,
    *,
    min_value: int | None = None,
    max_value: int | None = None,
) -> npt.NDArray[np.int64]:
    """``value`` as an int64 array of whole numbers within bounds.

    Floats are accepted when they hold whole numbers (``12.0``); ``12.5``,
    NaN, infinities and booleans are rejected.
    """
    arr = np.asarray(value)
    lo = "" if min_value is None else f" >= {min_value}"
    hi = "" if max_value is None else f" <= {max_value}"
    allowed = f"integers{lo}{' and' if lo and hi else ''}{hi}"
    if arr.dtype == np.bool_ or arr.dtype.kind not in "iuf":
        if arr.dtype == object:
            try:
                arr = arr.astype(np.float64)
            except (TypeError, ValueError):
                raise InvalidArgumentError(f"{name} must be {allowed}; got {describe(value)}") from None
        else:
            raise InvalidArgumentError(f"{name} must be {allowed}; got {describe(value)}")
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr)
        bad |= np.where(bad, False, arr != np.trunc(np.where(bad, 0.0, arr)))
        if bad.any():
            raise InvalidArgumentError(f"{name} must be {allowed}; {first_bad(arr, bad)}")
    if arr.dtype.kind == "u" and arr.dtype.itemsize >= 8 and (arr > np.iinfo(np.int64).max).any():
        bad = arr > np.iinfo(np.int64).max
        raise InvalidArgumentError(f"{name} must be {allowed}; {first_bad(arr, bad)}")
    if arr.dtype.kind == "f" and (np.abs(arr) > 2.0**62).any():
        bad = np.abs(arr) > 2.0**62
        raise InvalidArgumentError(f"{name} must be {allowed}; {first_bad(arr, bad)}")
    out = arr.astype(np.int64)
    bad = np.zeros(out.shape, dtype=bool)
    if min_value is not None:
        bad |= out < min_value
    if max_value is not None:
        bad |= out > max_value
    if bad.any():
        raise InvalidArgumentError(f"{name} must be {allowed}; {first_bad(out, bad)}")
    return out


def check_probability(name: str, value: npt.ArrayLike, *, open_low: bool, open_high: bool) -> npt.NDArray[np.float64]:
    """A share or probability in [0, 1] (ends open as asked); hints at percent."""
    arr = as_float_array(name, value)
    lo_bad = (arr <= 0.0) if open_low else (arr < 0.0)
    hi_bad = (arr >= 1.0) if open_high else (arr > 1.0)
    bad = lo_bad | hi_bad
    if bad.any():
        lo = "(" if open_low else "["
        hi = ")" if open_high else "]"
        bad_value = float(arr.ravel()[int(np.flatnonzero(bad.ravel())[0])])
        hint = f" (pass {bad_value / 100:g} for {bad_value:g} %)" if 1.0 < bad_value <= 100.0 else ""
        raise InvalidArgumentError(f"{name} must be in {lo}0, 1{hi}; {first_bad(arr, bad)}{hint}")
    return arr

