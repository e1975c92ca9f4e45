"""Slow, obvious reference code for the message tests; imports nothing from cultureservice.

* a hand-written reader of gettext ``.po`` files (no babel), for the catalog
  checks: duplicates, comments, placeholders, plural forms;
* local wall-clock time of a UTC instant with :mod:`zoneinfo` only;
* babel's own date, time and zone formatting of a local datetime, pieced
  together as CLDR says (date pattern + short time, joined by the locale's
  date-time pattern).
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, get_timezone_name


@dataclass
class PoEntry:
    context: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    line: int = 0


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def read_po_entries(path: Path) -> list[PoEntry]:
    """Entries of a .po file in file order (the header is the entry with msgid "")."""
    entries: list[PoEntry] = []
    current = PoEntry()
    target: tuple[str, int | None] | None = None
    started = False

    def flush() -> None:
        nonlocal current, started, target
        if started:
            entries.append(current)
        current = PoEntry()
        started = False
        target = None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#."):
            if started and target is not None:
                flush()
            current.comments.append(line[2:].strip())
            continue
        if line.startswith("#,"):
            current.flags.extend(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            kind, index = target
            piece = _unquote(line)
            if kind == "msgstr_plural":
                assert index is not None
                current.msgstr_plural[index] += piece
            else:
                setattr(current, kind, (getattr(current, kind) or "") + piece)
            continue
        keyword, _, rest = line.partition(" ")
        if not started:
            current.line = number
        started = True
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if match:
            index = int(match.group(1))
            current.msgstr_plural[index] = _unquote(rest)
            target = ("msgstr_plural", index)
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            attr = "context" if keyword == "msgctxt" else keyword
            setattr(current, attr, _unquote(rest))
            target = (attr, None)
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
    flush()
    return entries


def header_fields(entry: PoEntry) -> dict[str, str]:
    out = {}
    for line in (entry.msgstr or "").splitlines():
        key, _, value = line.partition(":")
        out[key.strip()] = value.strip()
    return out


def placeholders(text: str) -> set[str]:
    """Named ``{fields}`` of a str.format template; positional ``{}`` is reported as ''."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def local_time(utc: datetime, zone_name: str) -> datetime:
    """The wall clock of ``zone_name`` at the UTC instant ``utc`` (zoneinfo only)."""
    assert utc.tzinfo is UTC
    return utc.astimezone(ZoneInfo(zone_name))


def ceil_minute(utc: datetime) -> datetime:
    """Round an instant up to the whole minute."""
    floor = utc.replace(second=0, microsecond=0)
    return floor if floor == utc else floor + timedelta(minutes=1)


def babel_parts(local: datetime, locale: str, date_style: str) -> tuple[str, str, str]:
    """babel's date text, short time text and short zone name of a local datetime."""
    return (
        format_date(local.date(), date_style, locale=locale),
        format_time(local, "short", tzinfo=local.tzinfo, locale=locale),
        get_timezone_name(local, width="short", locale=locale),
    )


def cldr_join(locale: str, date_style: str, date_text: str, time_text: str) -> str:
    """Join date and time with the locale's CLDR date-time pattern of that length."""
    pattern = str(Locale.parse(locale).datetime_formats[date_style])
    assert "'" not in pattern or pattern.count("'") % 2 == 0
    literal = re.sub(r"'([^']*)'", r"\1", pattern)
    return literal.replace("{1}", "\x00").replace("{0}", time_text).replace("\x00", date_text)


def gmt_short(local: datetime, locale: str) -> str:
    """The CLDR short localized GMT zone text (``GMT+1``, ``UTC+5:30``) by hand."""
    offset = local.utcoffset()
    assert offset is not None
    minutes = int(offset.total_seconds()) // 60
    gmt = Locale.parse(locale).zone_formats["gmt"]
    if minutes == 0:
        return gmt % ""
    sign = "+" if minutes > 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return gmt % (f"{sign}{h}" + (f":{m:02d}" if m else ""))
