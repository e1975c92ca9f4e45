"""Read the tables shipped in ``cultureservice/data/``: read-only and cached.

Every shipped file is named, with its origin, licence and columns, in
``data/SOURCES.md``. Tables are read with :mod:`importlib.resources` and
:mod:`csv` once per process and handed out as tuples of read-only rows, so no
caller can change what another caller sees.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType

from cultureservice.errors import DataError

__all__ = ["data_files", "read_text", "read_table"]

_PACKAGE = "cultureservice"


def _data_dir() -> Traversable:
    return resources.files(_PACKAGE).joinpath("data")


@functools.cache
def data_files() -> tuple[str, ...]:
    """Names of the files shipped in ``cultureservice/data/``, sorted."""
    return tuple(sorted(p.name for p in _data_dir().iterdir() if p.is_file() and not p.name.startswith(".")))


@functools.cache
def read_text(name: str) -> str:
    """The text of the shipped file ``name`` (UTF-8).

    Raises
    ------
    DataError
        If no such file ships with the package.
    """
    path = _data_dir().joinpath(name)
    if not path.is_file():
        raise DataError(
            f"data file {name!r} is not shipped with cultureservice; shipped files: {', '.join(data_files())}"
        )
    return path.read_text(encoding="utf-8")


@functools.cache
def read_table(name: str, required: tuple[str, ...] = ()) -> tuple[Mapping[str, str], ...]:
    """Rows of the shipped CSV file ``name`` as read-only mappings (cached).

    Parameters
    ----------
    name : str
        File name inside ``cultureservice/data/``, e.g. ``"assumptions.csv"``.
    required : tuple of str
        Columns the caller needs; a missing one raises :class:`DataError`.

    Raises
    ------
    DataError
        If the file does not ship, lacks a required column or has a row whose
        length differs from the header.
    """
    reader = csv.reader(io.StringIO(read_text(name), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"data file {name!r} is empty") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(f"data file {name!r} lacks column(s) {missing}; it has {header}")
    rows = []
    for line_no, values in enumerate(reader, start=2):
        if not values:
            continue
        if len(values) != len(header):
            raise DataError(f"data file {name!r} line {line_no} has {len(values)} fields; the header has {len(header)}")
        rows.append(MappingProxyType(dict(zip(header, values, strict=True))))
    return tuple(rows)


@functools.cache
def _assumption_values() -> Mapping[str, str]:
    return MappingProxyType({row["name"]: row["value"] for row in read_table("assumptions.csv", ("name", "value"))})


def assumption(name: str) -> str:
    """The value text of the planning assumption ``name`` in ``assumptions.csv``.

    Raises
    ------
    DataError
        If the table has no row of that name.
    """
    try:
        return _assumption_values()[name]
    except KeyError:
        raise DataError(f"assumptions.csv has no row named {name!r}") from None


def assumption_numbers(name: str) -> tuple[float, ...]:
    """A planning assumption holding one or more numbers separated by spaces."""
    text = assumption(name)
    try:
        return tuple(float(part) for part in text.split())
    except ValueError:
        raise DataError(f"assumptions.csv row {name!r} must hold numbers separated by spaces; got {text!r}") from None
