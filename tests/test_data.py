"""The shipped data files: every file has a SOURCES.md entry and the reverse,
every source_id resolves, and the reader hands out cached, read-only rows."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from cultureservice import _data
from cultureservice.errors import DataError

DATA = Path(__file__).resolve().parents[1] / "src" / "cultureservice" / "data"
SOURCES = (DATA / "SOURCES.md").read_text(encoding="utf-8")


def section_ids() -> set[str]:
    return set(re.findall(r"^### ([A-Za-z0-9_]+): ", SOURCES, flags=re.M))


def shipped_table() -> dict[str, set[str]]:
    """The 'Shipped files' table of SOURCES.md: file -> source ids it lists."""
    block = SOURCES.split("## Shipped files", 1)[1].split("\n## ", 1)[0]
    out: dict[str, set[str]] = {}
    for line in block.splitlines():
        match = re.match(r"\| `([^`]+)` \| ([^|]+) \|", line)
        if match:
            out[match.group(1)] = {s.strip() for s in match.group(2).split(",")}
    return out


def data_files() -> set[str]:
    return {p.name for p in DATA.iterdir() if p.is_file() and p.name != "SOURCES.md" and not p.name.startswith(".")}


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def files_named() -> set[str]:
    """Files named in the 'Shipped files' table or on a section's **Files:** line."""
    named = set(shipped_table())
    for line in re.findall(r"\*\*Files:\*\*(.*)", SOURCES):
        named.update(re.findall(r"`([^`]+\.[a-z]+)`", line))
    return named


def test_every_data_file_has_a_sources_entry_and_the_reverse():
    assert data_files() <= files_named(), data_files() - files_named()
    assert files_named() <= data_files(), files_named() - data_files()
    assert set(_data.data_files()) == data_files() | {"SOURCES.md"}


def test_every_source_id_resolves_to_a_section():
    ids = section_ids()
    for name, listed_ids in shipped_table().items():
        assert listed_ids <= ids, name
        if name.endswith(".csv"):
            used = {r["source_id"] for r in csv_rows(name)}
            assert used <= ids, (name, used - ids)
            assert used <= listed_ids, (name, used - listed_ids)


def test_every_section_names_origin_licence_and_files():
    sections = re.split(r"^### ", SOURCES, flags=re.M)[1:]
    for text in sections:
        if not re.match(r"[A-Za-z0-9_]+: ", text):
            continue
        assert "**Origin:**" in text, text.splitlines()[0]
        assert "**Licence:**" in text, text.splitlines()[0]
        assert "**Files:**" in text or "**Used for:**" in text, text.splitlines()[0]


@pytest.mark.parametrize("name", sorted(n for n in data_files() if n.endswith(".csv")))
def test_csv_files_are_utf8_snake_case_with_source_id(name):
    text = (DATA / name).read_bytes().decode("utf-8")
    header = next(csv.reader([text.splitlines()[0]]))
    assert "source_id" in header
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", column) for column in header), header
    rows = csv_rows(name)
    assert rows and all(len(r) == len(header) and None not in r for r in rows)


def test_assumptions_are_labelled_and_each_style_mix_sums_to_one():
    rows = csv_rows("assumptions.csv")
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    for r in rows:
        assert r["basis"].startswith(("Planning assumption", "Region rule")), r["name"]
    sums: dict[str, float] = {}
    for r in rows:
        parts = r["name"].split(".")
        if parts[0] == "channel_mix" and len(parts) == 3:
            sums[parts[1]] = sums.get(parts[1], 0.0) + float(r["value"])
    assert sums and all(abs(v - 1.0) < 1e-9 for v in sums.values()), sums


def test_read_table_is_cached_and_read_only():
    rows = _data.read_table("assumptions.csv")
    assert rows is _data.read_table("assumptions.csv")
    with pytest.raises(TypeError):
        rows[0]["value"] = "x"  # type: ignore[index]
    assert len(rows) == len(csv_rows("assumptions.csv"))


def test_read_table_errors():
    with pytest.raises(DataError, match="'nope.csv' is not shipped"):
        _data.read_table("nope.csv")
    with pytest.raises(DataError, match="lacks column"):
        _data.read_table("assumptions.csv", ("name", "colour"))
