"""Slow, obvious reference code for the culture-profile tests.

Imports nothing from cultureservice: it reads the shipped CSV files from the
source tree with :mod:`csv` and asks babel, holidays and pytz directly, the
plain way (full locale loads, one holidays object per country).
"""

from __future__ import annotations

import csv
import datetime as dt
from fractions import Fraction
from pathlib import Path

import holidays
import pytz
from babel.core import Locale, UnknownLocaleError, get_global
from babel.numbers import get_territory_currencies

DATA = Path(__file__).resolve().parents[1] / "src" / "cultureservice" / "data"
CHANNELS = ("phone", "email", "chat", "messaging", "social", "self_service")


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def assumption_rows() -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in rows("assumptions.csv")}


def holiday_countries() -> set[str]:
    """Two-letter codes holidays supports, minus CLDR aliases such as UK."""
    aliases = get_global("territory_aliases")
    return {c for c in holidays.list_supported_countries() if len(c) == 2 and c not in aliases}


def english_name(country: str) -> str:
    return Locale("en").territories[country]


def likely_locale(country: str) -> Locale | None:
    try:
        return Locale.parse(f"und_{country}")
    except (UnknownLocaleError, ValueError):
        return None


def first_weekday(country: str) -> int:
    loc = likely_locale(country) or Locale.parse("en_001")
    return loc.first_week_day


def cldr_weekend(country: str) -> set[int]:
    loc = likely_locale(country) or Locale.parse("en_001")
    start, end = loc.weekend_start, loc.weekend_end
    days = {start}
    d = start
    while d != end:
        d = (d + 1) % 7
        days.add(d)
    return days


def holidays_weekend(country: str, today: dt.date) -> set[int]:
    h = holidays.country_holidays(country, years=today.year)
    monday = today - dt.timedelta(days=today.weekday())
    return {i for i in range(7) if h.is_weekend(monday + dt.timedelta(days=i))}


def business_days(country: str, today: dt.date) -> tuple[int, ...]:
    off = holidays_weekend(country, today)
    return tuple(d for d in range(7) if d not in off)


def currency(country: str) -> str | None:
    found = get_territory_currencies(country)
    return found[0] if found else None


def time_zones(country: str) -> tuple[str, ...]:
    return tuple(pytz.country_timezones[country]) if country in pytz.country_timezones else ()


def primary_time_zone(country: str) -> str | None:
    table = assumption_rows()
    row = table.get(f"primary_time_zone.{country}")
    if row:
        return row["value"]
    zones = time_zones(country)
    return zones[0] if zones else None


def languages(country: str, statuses=("official", "de_facto_official")) -> dict[str, float]:
    """The documented split rule, written out plainly."""
    info = get_global("territory_languages").get(country, {})
    listed = {code: d for code, d in info.items() if code != "und"}
    kept = {c: d["population_percent"] for c, d in listed.items() if d["official_status"] in statuses}
    if not kept:
        kept = {c: d["population_percent"] for c, d in listed.items()}
    # script variants into the base language
    for code in sorted(kept):
        if "_" in code and code.split("_")[0] in kept:
            base = code.split("_")[0]
            kept[base] = max(kept[base], kept[code])
            del kept[code]
    # macrolanguage dropped when a member is listed
    parents = get_global("parent_exceptions")
    for code in list(kept):
        parent = parents.get(code)
        if parent and "_" not in code and "_" not in parent and parent in kept:
            del kept[parent]
    total = sum(kept.values())
    if not kept:
        return {}
    if total == 0:
        return {c: 1 / len(kept) for c in kept}
    return {c: w / total for c, w in kept.items()}


def main_language(shares: dict[str, float]) -> str | None:
    if not shares:
        return None
    best = max(shares.values())
    return next(c for c, s in shares.items() if s == best)


def formal_address(language: str | None) -> bool | None:
    if language is None:
        return None
    table = {}
    for r in rows("wals_45a_politeness_pronouns.csv"):
        key = r["cldr_language"] or r["iso639_3"]
        if key:
            table[key] = int(r["value"])
    base = language.split("_")[0]
    candidates = [language, base]
    parent = get_global("parent_exceptions").get(base)
    if parent and "_" not in parent:
        candidates.append(parent)
    for code in candidates:
        if code in table:
            return table[code] != 1
    return None


def messaging_app(country: str) -> str | None:
    best = None
    for r in rows("messaging_apps_by_country.csv"):
        if r["iso2"] == country and r["metric"] == "top_messaging_app":
            if best is None or r["data_period"] > best[0]:
                best = (r["data_period"], r["app"])
    return best[1] if best else None


def named_style(country: str) -> str | None:
    parts: list[str] = []
    for r in rows("lewis_model_mentions.csv"):
        if r["iso2"] == country and r["entity_kind"] == "country":
            kind = "multi-active|reactive" if r["lewis_type"] == "hybrid" else r["lewis_type"]
            for p in kind.split("|"):
                if p not in parts:
                    parts.append(p)
    return "|".join(parts) or None


def style(country: str) -> str | None:
    named = named_style(country)
    if named:
        return named
    for name, r in assumption_rows().items():
        if name.startswith("lewis_region.") and country in r["value"].split():
            return name.split(".")[1]
    return None


def context(country: str) -> str | None:
    found = set()
    for r in rows("hall_context_mentions.csv"):
        if r["iso2"] == country and r["entity_kind"] == "country" and r["context_stated"]:
            found.add("high" if r["context_stated"].startswith("high") else "low")
    return found.pop() if len(found) == 1 else None


def channel_mix(country: str) -> dict[str, float]:
    table = assumption_rows()
    s = style(country)
    parts = s.split("|") if s else ["baseline"]
    mix = {c: sum(float(table[f"channel_mix.{p}.{c}"]["value"]) for p in parts) / len(parts) for c in CHANNELS}
    if messaging_app(country) is not None:
        w = float(table["channel_mix.messaging_app_weight"]["value"])
        mix = {c: (1 - w) * v + (w if c == "messaging" else 0.0) for c, v in mix.items()}
    return mix


def contacts_per_issue(country: str) -> float:
    table = assumption_rows()
    s = style(country)
    parts = s.split("|") if s else ["baseline"]
    return sum(float(table[f"contacts_per_issue.{p}"]["value"]) for p in parts) / len(parts)


def dirichlet_mean(prior: dict[str, Fraction], counts: dict[str, int], strength: Fraction) -> dict[str, Fraction]:
    n = sum(counts.values())
    return {c: (strength * prior[c] + counts.get(c, 0)) / (strength + n) for c in prior}


def gamma_poisson_contacts(prior_contacts: Fraction, contacts: int, issues: int, strength: Fraction) -> Fraction:
    shape = strength * (prior_contacts - 1)
    rate = strength
    return 1 + (shape + (contacts - issues)) / (rate + issues)
