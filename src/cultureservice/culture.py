"""Culture profiles: what a support operation plans for in one market.

A *culture profile* describes a market, a country given by its ISO 3166-1
alpha-2 code, for planning. It never describes a person: a customer's own
stated preference (language, channel, form of address) always wins over the
profile of the market they live in.

A profile holds two kinds of fields, and every field says where its value
came from in :attr:`CultureProfile.provenance`:

* **data** read at run time from the dependencies (CLDR through babel, the
  ``holidays`` package, the tz database through pytz) or from the tables
  shipped in ``cultureservice/data/`` (each named in ``data/SOURCES.md``):
  languages and their demand shares, time zones, first day of the week, the
  business week, currency, whether the main language has a formal "you",
  the top messaging app, the communication style named by a source;
* **planning assumptions** with a documented default rule
  (``data/assumptions.csv``), each overridable per profile
  (:meth:`CultureProfile.with_overrides`), per call (``assumptions=``) or by
  calibration on the user's own contact history (:func:`calibrate`): channel
  mix, contacts per issue, first-response times, support hours, escalation,
  feedback style, upselling, formality and acceptance of a fallback language.

Provenance strings take one of these forms: source ids (``"cldr: ..."``,
``"L2, L3: ..."``), ``"assumption: <rule>"``, ``"no source: <why>"``,
``"not loaded: ..."``, ``"override"`` or ``"calibrated from N observations"``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import json
import math
import numbers
import os
import pickle
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

import attrs
import babel
import holidays as _holidays
import pytz
from babel import localedata
from babel.core import Locale, UnknownLocaleError, get_cldr_version, get_global
from babel.numbers import get_territory_currencies

from cultureservice import _data
from cultureservice.errors import DataError, InvalidArgumentError, UnknownCodeError

__all__ = [
    "ASSUMPTION_FIELDS",
    "CHANNELS",
    "DATA_FIELDS",
    "RESPONSE_CHANNELS",
    "CultureProfile",
    "FrozenMap",
    "LANGUAGE_EQUIVALENTS",
    "LocalizedNames",
    "calibrate",
    "format_profile",
    "language_demand_split",
    "load_profiles",
    "profile",
    "profiles",
    "save_profiles",
    "supported_countries",
]

#: Contact channels of a channel mix, in this order.
CHANNELS: Final = ("phone", "email", "chat", "messaging", "social", "self_service")
#: Channels with a first response to wait for (self-service has none).
RESPONSE_CHANNELS: Final = ("phone", "email", "chat", "messaging", "social")
SUPPORT_HOURS: Final = ("24/7", "extended", "business")
ESCALATIONS: Final = ("peer", "standard", "senior")
FEEDBACK_STYLES: Final = ("direct", "indirect", "expressive")
FORMALITIES: Final = ("formal", "informal")
LEWIS_TYPES: Final = ("linear-active", "multi-active", "reactive")
CONTEXTS: Final = ("high", "low")
LANGUAGE_STATUSES: Final = ("official", "de_facto_official", "official_regional", "unofficial")

#: Fields read from data (CLDR, holidays, tzdata, shipped tables), in display order.
DATA_FIELDS: Final = (
    "country_name",
    "locale",
    "languages",
    "time_zones",
    "primary_time_zone",
    "first_weekday",
    "business_days",
    "currency",
    "subdivisions",
    "holiday_categories",
    "formal_address",
    "messaging_app",
    "communication_style",
    "context",
    "dimensions",
)
#: Planning-assumption fields, in display order.
ASSUMPTION_FIELDS: Final = (
    "channel_mix",
    "contacts_per_issue",
    "first_response_s",
    "support_hours",
    "escalation",
    "feedback_style",
    "upsell_ok",
    "formality",
    "fallback_acceptance",
)
_FIELDS: Final = DATA_FIELDS + ASSUMPTION_FIELDS
_SUM_TOLERANCE: Final = 1e-6
_HOFSTEDE_FILE: Final = "hofstede_6d.csv"
_HOFSTEDE_URL: Final = "https://geerthofstede.com/research-and-vsm/dimension-data-matrix/"
_DIMENSION_META_COLUMNS: Final = frozenset({"iso2", "iso3", "hofstede_code", "country_name", "kind", "source_id"})
_WEEKDAY_NAMES: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

K = TypeVar("K")
V = TypeVar("V")


# --------------------------------------------------------------------------- read-only mapping


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable mapping (the mapping fields of a profile).

    It compares equal to any mapping with the same items and prints like a
    ``dict``.

    Examples
    --------
    >>> m = FrozenMap({"phone": 0.5, "email": 0.5})
    >>> m == {"phone": 0.5, "email": 0.5}, m["phone"]
    (True, 0.5)
    """

    __slots__ = ("_items", "_hash")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._items: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __repr__(self) -> str:
        return repr(self._items)


# --------------------------------------------------------------------------- validation helpers


#: Languages whose speakers are served by another language's staff, from the
#: one-way matches of CLDR's language matching data (``languageInfo.xml``:
#: ``<languageMatch desired="gsw" supported="de" oneway="true"/>``, "All Swiss
#: speakers can read High German"). Used by ``messages.choose_language`` and
#: ``kpi.localization_priorities``; both take an ``equivalents=`` override.
LANGUAGE_EQUIVALENTS: Final = FrozenMap({"gsw": "de"})


def _fail(name: str, allowed: str, value: Any) -> NoReturn:
    raise InvalidArgumentError(f"{name} must be {allowed}; got {value!r}")


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _real(
    name: str, value: Any, *, low: float | None = None, low_open: bool = False, high: float | None = None
) -> float:
    if low is not None and high is not None:
        allowed = f"a number in [{low:g}, {high:g}]"
    elif low is not None:
        allowed = f"a number {'>' if low_open else '>='} {low:g}"
    else:
        allowed = "a finite number"
    if not _is_real(value):
        _fail(name, allowed, value)
    number = float(value)
    if not math.isfinite(number):
        _fail(name, allowed, value)
    if low is not None and (number <= low if low_open else number < low):
        _fail(name, allowed, value)
    if high is not None and number > high:
        _fail(name, allowed, value)
    return number


def _choice(name: str, value: Any, choices: Iterable[str]) -> str:
    options = tuple(choices)
    if not isinstance(value, str) or value not in options:
        _fail(name, f"one of {', '.join(repr(c) for c in options)}", value)
    return value


def _mapping(name: str, value: Any) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        _fail(name, "a mapping", value)
    return value


def _keys_exactly(name: str, value: Mapping[Any, Any], keys: tuple[str, ...]) -> None:
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise InvalidArgumentError(
            f"{name} has unknown key {unknown[0]!r}; allowed keys: {', '.join(repr(k) for k in keys)}"
        )
    missing = [k for k in keys if k not in value]
    if missing:
        raise InvalidArgumentError(
            f"{name} lacks key(s) {', '.join(repr(k) for k in missing)}; "
            f"it needs all of {', '.join(repr(k) for k in keys)}"
        )


def _check_sum(name: str, shares: Mapping[str, float]) -> None:
    total = math.fsum(shares.values())
    if abs(total - 1.0) > _SUM_TOLERANCE:
        raise InvalidArgumentError(f"{name} must sum to 1 (within {_SUM_TOLERANCE:g}); got a sum of {total!r}")


def _conv_country(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
        _fail("country", "an ISO 3166-1 alpha-2 code such as 'DE'", value)
    return value


def _conv_str(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        _fail(name, "a non-empty string", value)
    return value


def _conv_optional_str(name: str, value: Any) -> str | None:
    return None if value is None else _conv_str(name, value)


def _conv_country_name(value: Any) -> str:
    return _conv_str("country_name", value)


def _conv_locale(value: Any) -> str | None:
    return _conv_optional_str("locale", value)


def _conv_messaging_app(value: Any) -> str | None:
    return _conv_optional_str("messaging_app", value)


@functools.lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    codes: set[str] = set()
    for info in get_global("territory_languages").values():
        codes.update(info)
    codes.update(get_global("likely_subtags"))
    codes.update(localedata.locale_identifiers())
    codes.discard("und")
    return frozenset(codes)


def _conv_languages(value: Any) -> FrozenMap[str, float]:
    name = "languages"
    mapping = _mapping(name, value)
    known = _known_languages()
    shares: dict[str, float] = {}
    for code, share in mapping.items():
        if not isinstance(code, str) or code not in known:
            hint = difflib.get_close_matches(str(code), sorted(known), n=1)
            raise UnknownCodeError(
                f"{name} keys must be CLDR language ids such as 'de' or 'zh_Hant'; got {code!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
        shares[code] = _real(f"{name}[{code!r}]", share, low=0.0, high=1.0)
    if shares:
        _check_sum(name, shares)
    return FrozenMap(shares)


def _conv_time_zones(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail("time_zones", "a sequence of IANA time-zone names", value)
    zones = tuple(value)
    for i, zone in enumerate(zones):
        _check_zone(f"time_zones[{i}]", zone)
    if len(set(zones)) != len(zones):
        _fail("time_zones", "a sequence of distinct IANA time-zone names", value)
    return zones


def _check_zone(name: str, zone: Any) -> str:
    if not isinstance(zone, str) or zone not in pytz.all_timezones_set:
        hint = difflib.get_close_matches(str(zone), pytz.all_timezones, n=1) if isinstance(zone, str) else []
        raise UnknownCodeError(
            f"{name} must be an IANA time-zone name such as 'Europe/Berlin'; got {zone!r}"
            + (f" (did you mean {hint[0]!r}?)" if hint else "")
        )
    return zone


def _conv_primary_time_zone(value: Any) -> str | None:
    return None if value is None else _check_zone("primary_time_zone", value)


def _weekday(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= int(value) <= 6:
        _fail(name, "a weekday number 0-6 (Monday = 0)", value)
    return int(value)


def _conv_first_weekday(value: Any) -> int:
    return _weekday("first_weekday", value)


def _conv_business_days(value: Any) -> tuple[int, ...]:
    name = "business_days"
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail(name, "a non-empty sequence of distinct weekday numbers 0-6 (Monday = 0)", value)
    days = [_weekday(f"{name}[{i}]", d) for i, d in enumerate(value)]
    if not days or len(set(days)) != len(days):
        _fail(name, "a non-empty sequence of distinct weekday numbers 0-6 (Monday = 0)", value)
    return tuple(sorted(days))


def _conv_currency(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in get_global("all_currencies"):
        _fail("currency", "an ISO 4217 currency code such as 'EUR', or None", value)
    return value


def _str_tuple(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        _fail(name, "a sequence of strings", value)
    items = tuple(value)
    for i, item in enumerate(items):
        _conv_str(f"{name}[{i}]", item)
    return items


def _conv_subdivisions(value: Any) -> tuple[str, ...]:
    return _str_tuple("subdivisions", value)


def _conv_holiday_categories(value: Any) -> tuple[str, ...]:
    return _str_tuple("holiday_categories", value)


def _conv_formal_address(value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        _fail("formal_address", "True, False or None", value)
    return value


def _conv_style(value: Any) -> str | None:
    if value is None:
        return None
    parts = value.split("|") if isinstance(value, str) else []
    if not parts or any(p not in LEWIS_TYPES for p in parts) or len(set(parts)) != len(parts):
        _fail(
            "communication_style",
            f"None or one or more of {', '.join(repr(t) for t in LEWIS_TYPES)} joined by '|'",
            value,
        )
    return str(value)


def _conv_context(value: Any) -> str | None:
    return None if value is None else _choice("context", value, CONTEXTS)


def _conv_dimensions(value: Any) -> FrozenMap[str, float] | None:
    if value is None:
        return None
    mapping = _mapping("dimensions", value)
    out: dict[str, float] = {}
    for key, score in mapping.items():
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            _fail("dimensions keys", "snake_case names such as 'pdi'", key)
        out[key] = _real(f"dimensions[{key!r}]", score)
    return FrozenMap(out)


def _share_map(name: str, value: Any, keys: tuple[str, ...], *, sums_to_one: bool) -> FrozenMap[str, float]:
    mapping = _mapping(name, value)
    _keys_exactly(name, mapping, keys)
    shares = {k: _real(f"{name}[{k!r}]", mapping[k], low=0.0, high=1.0) for k in keys}
    if sums_to_one:
        _check_sum(name, shares)
    return FrozenMap(shares)


def _conv_channel_mix(value: Any) -> FrozenMap[str, float]:
    return _share_map("channel_mix", value, CHANNELS, sums_to_one=True)


def _conv_contacts_per_issue(value: Any) -> float:
    return _real("contacts_per_issue", value, low=1.0)


def _conv_first_response_s(value: Any) -> FrozenMap[str, float]:
    mapping = _mapping("first_response_s", value)
    _keys_exactly("first_response_s", mapping, RESPONSE_CHANNELS)
    return FrozenMap(
        {k: _real(f"first_response_s[{k!r}]", mapping[k], low=0.0, low_open=True) for k in RESPONSE_CHANNELS}
    )


def _conv_support_hours(value: Any) -> str:
    return _choice("support_hours", value, SUPPORT_HOURS)


def _conv_escalation(value: Any) -> str:
    return _choice("escalation", value, ESCALATIONS)


def _conv_feedback_style(value: Any) -> str:
    return _choice("feedback_style", value, FEEDBACK_STYLES)


def _conv_upsell_ok(value: Any) -> bool:
    if not isinstance(value, bool):
        _fail("upsell_ok", "True or False", value)
    return value


def _conv_formality(value: Any) -> str:
    return _choice("formality", value, FORMALITIES)


def _conv_fallback_acceptance(value: Any) -> FrozenMap[str, float]:
    return _share_map("fallback_acceptance", value, CHANNELS, sums_to_one=False)


def _conv_provenance(value: Any) -> FrozenMap[str, str]:
    mapping = _mapping("provenance", value)
    _keys_exactly("provenance", mapping, _FIELDS)
    return FrozenMap({k: _conv_str(f"provenance[{k!r}]", mapping[k]) for k in _FIELDS})


def _check_primary_zone(instance: CultureProfile, attribute: Any, value: str | None) -> None:
    if value is None and instance.time_zones:
        raise InvalidArgumentError(
            f"primary_time_zone must be an IANA time-zone name when time_zones is not empty; got None "
            f"(time_zones: {', '.join(instance.time_zones)})"
        )


# --------------------------------------------------------------------------- the profile object


@attrs.frozen(kw_only=True)
class LocalizedNames:
    """Country and language names of a profile in one locale (from CLDR via babel)."""

    locale: str
    country: str
    languages: FrozenMap[str, str]


@attrs.frozen(kw_only=True)
class CultureProfile:
    """Planning profile of one market (country): sourced data plus assumptions.

    Obtain profiles with :func:`profile` or :func:`profiles`; change them with
    :meth:`with_overrides` or :func:`calibrate`. Every field except
    ``country`` has an entry in ``provenance`` saying where its value came
    from.

    Attributes
    ----------
    country : str
        ISO 3166-1 alpha-2 code. [code]
    country_name : str
        English name of the country (CLDR).
    locale : str or None
        Likely CLDR locale of the country (CLDR likely subtags), e.g. ``"hi_IN"``.
    languages : mapping of str to float
        CLDR language id to its share of the market's contact demand; sums
        to 1 (empty for uninhabited territories). [0-1]
    time_zones : tuple of str
        IANA time zones of the country (tz database via pytz).
    primary_time_zone : str or None
        The zone used when one zone stands for the market.
    first_weekday : int
        First day of the week (CLDR), Monday = 0. [weekday]
    business_days : tuple of int
        Weekdays that are not weekend days, Monday = 0. [weekday]
    currency : str or None
        ISO 4217 code of the currency in use (CLDR).
    subdivisions : tuple of str
        Subdivision codes the ``holidays`` package knows for the country.
    holiday_categories : tuple of str
        Holiday categories the ``holidays`` package supports for it.
    formal_address : bool or None
        Whether the main language has a formal "you" (WALS 45A); None where
        WALS has no entry for the language.
    messaging_app : str or None
        Top messaging app where a source names one.
    communication_style : str or None
        Lewis type(s): ``"linear-active"``, ``"multi-active"``,
        ``"reactive"`` or two joined by ``"|"``; None without a source.
    context : str or None
        ``"high"`` or ``"low"`` context (Hall, Meyer) where a source states it.
    dimensions : mapping of str to float or None
        Cultural dimension scores (opt-in, e.g. Hofstede); None unless loaded.
    channel_mix : mapping of str to float
        Share of contacts per channel (``phone``, ``email``, ``chat``,
        ``messaging``, ``social``, ``self_service``); sums to 1. [0-1]
    contacts_per_issue : float
        Contacts per issue (repeat-contact factor), at least 1. [contacts]
    first_response_s : mapping of str to float
        Expected first-response time per channel (no self-service). [s]
    support_hours : str
        ``"24/7"``, ``"extended"`` or ``"business"``.
    escalation : str
        Escalation expectation: ``"peer"``, ``"standard"`` or ``"senior"``.
    feedback_style : str
        How mild feedback should be read: ``"direct"`` (as said),
        ``"indirect"`` (mild words may carry a serious complaint) or
        ``"expressive"`` (strong words need not).
    upsell_ok : bool
        Whether an offer at the end of a service contact is appropriate.
    formality : str
        Register for service: ``"formal"`` or ``"informal"``.
    fallback_acceptance : mapping of str to float
        Share of the market's customers accepting service in the fallback
        language (English unless changed) per channel. [0-1]
    provenance : mapping of str to str
        Field name to where its value came from.

    Examples
    --------
    >>> de = profile("DE")
    >>> de.country_name, dict(de.languages), de.business_days, de.currency
    ('Germany', {'de': 1.0}, (0, 1, 2, 3, 4), 'EUR')
    >>> de.provenance["channel_mix"].startswith("assumption:")
    True
    """

    country: str = attrs.field(converter=_conv_country)
    country_name: str = attrs.field(converter=_conv_country_name)
    locale: str | None = attrs.field(converter=_conv_locale)
    languages: FrozenMap[str, float] = attrs.field(converter=_conv_languages)
    time_zones: tuple[str, ...] = attrs.field(converter=_conv_time_zones)
    primary_time_zone: str | None = attrs.field(converter=_conv_primary_time_zone, validator=_check_primary_zone)
    first_weekday: int = attrs.field(converter=_conv_first_weekday)
    business_days: tuple[int, ...] = attrs.field(converter=_conv_business_days)
    currency: str | None = attrs.field(converter=_conv_currency)
    subdivisions: tuple[str, ...] = attrs.field(converter=_conv_subdivisions)
    holiday_categories: tuple[str, ...] = attrs.field(converter=_conv_holiday_categories)
    formal_address: bool | None = attrs.field(converter=_conv_formal_address)
    messaging_app: str | None = attrs.field(converter=_conv_messaging_app)
    communication_style: str | None = attrs.field(converter=_conv_style)
    context: str | None = attrs.field(converter=_conv_context)
    dimensions: FrozenMap[str, float] | None = attrs.field(converter=_conv_dimensions)
    channel_mix: FrozenMap[str, float] = attrs.field(converter=_conv_channel_mix)
    contacts_per_issue: float = attrs.field(converter=_conv_contacts_per_issue)
    first_response_s: FrozenMap[str, float] = attrs.field(converter=_conv_first_response_s)
    support_hours: str = attrs.field(converter=_conv_support_hours)
    escalation: str = attrs.field(converter=_conv_escalation)
    feedback_style: str = attrs.field(converter=_conv_feedback_style)
    upsell_ok: bool = attrs.field(converter=_conv_upsell_ok)
    formality: str = attrs.field(converter=_conv_formality)
    fallback_acceptance: FrozenMap[str, float] = attrs.field(converter=_conv_fallback_acceptance)
    provenance: FrozenMap[str, str] = attrs.field(converter=_conv_provenance)

    @property
    def main_language(self) -> str | None:
        """The language with the largest demand share (None if there is none).

        Examples
        --------
        >>> profile("IN").main_language
        'hi'
        """
        if not self.languages:
            return None
        return max(self.languages, key=lambda code: self.languages[code])

    def with_overrides(self, **changes: Any) -> CultureProfile:
        """A copy with some fields replaced; their provenance becomes ``"override"``.

        Parameters
        ----------
        **changes
            Field name to new value, for any field in :data:`DATA_FIELDS` or
            :data:`ASSUMPTION_FIELDS`. Values are validated as on construction.

        Returns
        -------
        profile : CultureProfile
            A new profile; ``self`` is unchanged.

        Raises
        ------
        InvalidArgumentError
            If a name is not an overridable field or a value is invalid (e.g.
            a channel mix that does not sum to 1).

        Examples
        --------
        >>> se = profile("SE").with_overrides(contacts_per_issue=1.4)
        >>> se.contacts_per_issue, se.provenance["contacts_per_issue"]
        (1.4, 'override')
        """
        return self._replace(changes, {name: "override" for name in changes})

    def _replace(self, changes: Mapping[str, Any], provenance: Mapping[str, str]) -> CultureProfile:
        for name in changes:
            if name not in _FIELDS:
                hint = difflib.get_close_matches(name, _FIELDS, n=1)
                raise InvalidArgumentError(
                    f"with_overrides got unknown field {name!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else "")
                    + f"; overridable fields: {', '.join(_FIELDS)}"
                )
        new_provenance = dict(self.provenance)
        new_provenance.update(provenance)
        return attrs.evolve(self, **changes, provenance=new_provenance)

    def localized_names(self, locale: str | None = None) -> LocalizedNames:
        """Country and language names in ``locale`` (CLDR via babel).

        Parameters
        ----------
        locale : str, optional
            CLDR locale id; default: the market's own :attr:`locale` (or
            ``"en"`` where it has none).

        Raises
        ------
        UnknownCodeError
            If babel has no data for ``locale``.

        Examples
        --------
        >>> names = profile("CH").localized_names("fr")
        >>> names.country, names.languages["de"]
        ('Suisse', 'allemand')
        """
        ident = locale if locale is not None else (self.locale or "en")
        loc = _parse_locale("locale", ident)
        country = loc.territories.get(self.country, self.country)
        return LocalizedNames(
            locale=str(loc),
            country=country,
            languages=FrozenMap({code: _language_name(loc, code) for code in self.languages}),
        )

    def holidays(
        self,
        years: int | Iterable[int],
        *,
        subdiv: str | None = None,
        categories: str | Iterable[str] | None = None,
        language: str | None = None,
    ) -> _holidays.HolidayBase:
        """Public holidays of the market from the ``holidays`` package.

        Parameters
        ----------
        years : int or iterable of int
            Years to compute.
        subdiv : str, optional
            Subdivision code as in ``holidays`` (see :attr:`subdivisions`).
        categories : str or iterable of str, optional
            Holiday categories (see :attr:`holiday_categories`); default public.
        language : str, optional
            Language of the holiday names, if the country supports it.

        Returns
        -------
        holidays : holidays.HolidayBase
            A dict-like of date to holiday name.

        Raises
        ------
        UnknownCodeError
            If ``holidays`` rejects the country, subdivision, category or language.

        Examples
        --------
        >>> import datetime
        >>> profile("DE").holidays(2026, language="de")[datetime.date(2026, 10, 3)]
        'Tag der Deutschen Einheit'
        """
        kwargs: dict[str, Any] = {"years": years, "subdiv": subdiv, "language": language}
        if categories is not None:
            kwargs["categories"] = categories
        try:
            return _holidays.country_holidays(self.country, **kwargs)
        except NotImplementedError as exc:
            raise UnknownCodeError(
                f"subdiv must be a subdivision of {self.country} known to holidays "
                f"({', '.join(self.subdivisions) or 'none'}); got {subdiv!r}"
            ) from exc
        except (ValueError, KeyError) as exc:
            raise UnknownCodeError(
                f"holidays rejected categories={categories!r} or language={language!r} for {self.country} ({exc}); "
                f"categories: {', '.join(self.holiday_categories)}"
            ) from exc

    def calendar(self, hours: Any = None, *, subdiv: str | None = None, **options: Any) -> Any:
        """A ready :class:`cultureservice.calendar.BusinessCalendar` for this market.

        The calendar module is imported only here, so building profiles never
        depends on it. The calendar uses the profile's ``business_days`` and
        ``primary_time_zone``, so overrides of those carry over.

        Parameters
        ----------
        hours : list of (open, close) or mapping, optional
            Opening hours: a list of ``(open, close)`` pairs in local time
            applies to every business day; a mapping is passed on as weekly
            hours. Default: the hours the ``support_hours`` assumption stands
            for (``support_hours.business_hours`` or
            ``support_hours.extended_hours`` in ``data/assumptions.csv``;
            ``"24/7"`` gives an always-open calendar). [local time]
        subdiv : str, optional
            Subdivision whose holidays apply (see :attr:`subdivisions`).
        **options
            Passed on to ``BusinessCalendar.for_country`` (e.g.
            ``categories``, ``extra_holidays``, ``date_overrides``).

        Returns
        -------
        calendar : cultureservice.calendar.BusinessCalendar
        """
        from cultureservice.calendar import BusinessCalendar

        if hours is None:
            if self.support_hours == "24/7":
                return BusinessCalendar.always_open(self.primary_time_zone or "UTC")
            row = _assumption_table()[f"support_hours.{self.support_hours}_hours"]
            hours = [tuple(row.value.split("-"))]
        if not isinstance(hours, Mapping):
            hours = {day: (hours if day in self.business_days else []) for day in range(7)}
        options.setdefault("time_zone", self.primary_time_zone)
        return BusinessCalendar.for_country(self.country, subdiv, hours=hours, **options)


# --------------------------------------------------------------------------- country codes


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Non-ISO codes that ``holidays`` or CLDR accept, mapped to the ISO code."""
    out: dict[str, str] = {}
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 2 and targets and len(targets[0]) == 2:
            out[alias] = targets[0]
    return out


@functools.lru_cache(maxsize=1)
def supported_countries() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes with a profile: every country ``holidays`` supports.

    Alias codes that ``holidays`` also accepts (``"UK"`` for ``"GB"``) and its
    alpha-3 codes are left out.

    Examples
    --------
    >>> "DE" in supported_countries(), "UK" in supported_countries()
    (True, False)
    """
    aliases = _aliases()
    codes = {
        code
        for code in _holidays.list_supported_countries()
        if len(code) == 2 and code.isalpha() and code.isupper() and code not in aliases
    }
    return tuple(sorted(codes))


@functools.lru_cache(maxsize=1)
def _supported_set() -> frozenset[str]:
    return frozenset(supported_countries())


def _check_country(country: Any) -> str:
    if isinstance(country, str) and country in _supported_set():
        return country
    hint = ""
    if isinstance(country, str):
        upper = country.strip().upper()
        if upper in _supported_set():
            hint = upper
        elif upper in _aliases():
            hint = _aliases()[upper]
        elif len(upper) == 3:
            try:
                hint = _holidays.country_holidays(upper).country
            except (NotImplementedError, AttributeError, KeyError):
                hint = ""
            hint = hint if hint in _supported_set() else ""
    raise UnknownCodeError(
        f"country must be an ISO 3166-1 alpha-2 code with a profile; got {country!r}"
        + (f" (did you mean {hint!r}?)" if hint else " (see supported_countries())")
    )


# --------------------------------------------------------------------------- sources read at run time


@functools.lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    return {
        "babel": babel.__version__,
        "cldr": str(get_cldr_version()),
        "holidays": str(getattr(_holidays, "__version__", "unknown")),
        "pytz": pytz.__version__,
    }


def _cldr() -> str:
    v = _versions()
    return f"cldr (babel {v['babel']}, CLDR {v['cldr']})"


def _parse_locale(name: str, ident: str) -> Locale:
    try:
        return Locale.parse(ident)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise UnknownCodeError(f"{name} must be a CLDR locale id such as 'de_AT'; got {ident!r}") from exc


def _language_name(loc: Locale, code: str) -> str:
    names = loc.languages
    if code in names:
        return str(names[code])
    base, _, script = code.partition("_")
    if base in names and script in loc.scripts:
        return f"{names[base]} ({loc.scripts[script]})"
    return str(names.get(base, code))


@functools.lru_cache(maxsize=1)
def _english() -> Locale:
    return Locale("en")


@functools.lru_cache(maxsize=1)
def _root_week() -> dict[str, int]:
    return dict(localedata.load("root")["week_data"])


def _cldr_locale(country: str) -> str | None:
    try:
        return str(Locale.parse(f"und_{country}"))
    except (UnknownLocaleError, ValueError):
        return None


def _locale_chain(locale_id: str) -> list[str]:
    """The locale and its ancestors that carry a territory or script (CLDR parent rules)."""
    parents = get_global("parent_exceptions")
    chain = [locale_id]
    while True:
        current = chain[-1]
        parent = parents.get(current) or ("_".join(current.split("_")[:-1]) if "_" in current else "root")
        if parent == "root" or "_" not in parent:
            return chain
        chain.append(parent)


@functools.cache
def _own_week_data(locale_id: str) -> Mapping[str, int]:
    with open(localedata.resolve_locale_filename(locale_id), "rb") as handle:
        own = pickle.load(handle)  # noqa: S301 - babel's own packaged data, as babel reads it
    return FrozenMap(own.get("week_data", {}))


def _cldr_week(locale_id: str | None) -> dict[str, int]:
    """CLDR week data of a territory locale without loading the full locale.

    CLDR keys week data by territory; babel stores it in the data file of
    each territory locale (and of territory-bearing parents such as
    ``pt_PT`` for ``pt_AO``) and fills the rest from the world default
    (root). Reading only those small files, as babel itself reads them
    (pickles shipped inside babel, never user input), avoids loading and
    merging whole locales, the main cost of building every profile.
    ``localedata.load(..., merge_inherited=False)`` is not used because babel
    caches that unmerged result for later merged loads. The tests compare
    the result with ``Locale.first_week_day`` and friends for every country.
    """
    week = _root_week().copy()
    if locale_id is None:
        return week
    if not hasattr(localedata, "resolve_locale_filename"):  # pragma: no cover - babel < 2.12
        loc = Locale.parse(locale_id)
        return {
            "first_day": loc.first_week_day,
            "weekend_start": loc.weekend_start,
            "weekend_end": loc.weekend_end,
            "min_days": loc.min_week_days,
        }
    for ident in reversed(_locale_chain(locale_id)):
        week.update(_own_week_data(ident))
    return week


def _days_between(start: int, end: int) -> tuple[int, ...]:
    days = [start]
    while days[-1] != end:
        days.append((days[-1] + 1) % 7)
    return tuple(sorted(days))


def _day_names(days: Iterable[int]) -> str:
    return "+".join(_WEEKDAY_NAMES[d] for d in sorted(days)) or "none"


def _today() -> _dt.date:
    return _dt.date.today()


# --------------------------------------------------------------------------- languages


def _language_split(
    country: str, statuses: tuple[str | None, ...], min_population_share: float
) -> tuple[dict[str, float], list[str]]:
    info = get_global("territory_languages").get(country, {})
    notes: list[str] = []
    rows = [(code, d) for code, d in info.items() if code != "und"]
    chosen = {
        code: float(d.get("population_percent") or 0.0)
        for code, d in rows
        if d.get("official_status") in statuses
        and float(d.get("population_percent") or 0.0) / 100.0 >= min_population_share
    }
    if not chosen and rows:
        chosen = {
            code: float(d.get("population_percent") or 0.0)
            for code, d in rows
            if float(d.get("population_percent") or 0.0) / 100.0 >= min_population_share
        }
        if chosen:
            notes.append("no language has the requested status; all listed languages used")
    for code in list(chosen):
        base = code.split("_")[0]
        if base != code and base in chosen:
            chosen[base] = max(chosen[base], chosen.pop(code))
            notes.append(f"{code} merged into {base}")
    parents = get_global("parent_exceptions")
    for code in list(chosen):
        parent = parents.get(code)
        if parent and "_" not in code and "_" not in parent and parent in chosen:
            del chosen[parent]
            notes.append(f"macrolanguage {parent} dropped in favour of {code}")
    total = math.fsum(chosen.values())
    if not chosen:
        return {}, notes
    if total <= 0.0:
        shares = {code: 1.0 / len(chosen) for code in chosen}
        notes.append("no speaker shares given; split equally")
    else:
        shares = {code: w / total for code, w in chosen.items()}
    ordered = sorted(shares.items(), key=lambda item: -item[1])
    return dict(ordered), notes


def language_demand_split(
    country: str,
    *,
    statuses: Iterable[str] = ("official", "de_facto_official"),
    min_population_share: float = 0.0,
) -> dict[str, float]:
    """Split a market's contact demand over its languages (the profile's rule).

    CLDR gives, per territory, the share of the population that speaks each
    language; the shares overlap (multilingual people count once per
    language). The rule:

    1. keep the languages whose CLDR status is in ``statuses`` and whose
       speaker share is at least ``min_population_share`` (if none has such
       a status, keep every listed language);
    2. merge script variants into the base language when both are listed
       (``sr_Latn`` into ``sr``), keeping the larger speaker share, and drop a
       macrolanguage when one of its members is listed (``no`` beside ``nb``);
    3. normalise the speaker shares to sum to 1 (equal split if all are 0).

    Pass the result, or your own split, to
    :meth:`CultureProfile.with_overrides` as ``languages=``.

    Parameters
    ----------
    country : str
        ISO 3166-1 alpha-2 code. [code]
    statuses : iterable of str, optional
        CLDR official statuses to keep: ``"official"``,
        ``"de_facto_official"``, ``"official_regional"``, ``"unofficial"``.
    min_population_share : float, optional
        Smallest speaker share a language needs. [0-1]

    Returns
    -------
    shares : dict of str to float
        CLDR language id to demand share, largest first; sums to 1. [0-1]

    Raises
    ------
    UnknownCodeError
        If ``country`` has no profile.
    InvalidArgumentError
        If a status is unknown or ``min_population_share`` is outside [0, 1].

    Examples
    --------
    >>> {k: round(v, 3) for k, v in language_demand_split("IN").items()}
    {'hi': 0.683, 'en': 0.317}
    >>> split = language_demand_split("IN", statuses=["official", "official_regional"])
    >>> len(split) > 10
    True
    """
    country = _check_country(country)
    if isinstance(statuses, str):
        statuses = (statuses,)
    wanted: list[str | None] = []
    for status in statuses:
        _choice("statuses", status, LANGUAGE_STATUSES)
        wanted.append(None if status == "unofficial" else status)
    share = _real("min_population_share", min_population_share, low=0.0, high=1.0)
    return _language_split(country, tuple(wanted), share)[0]


# --------------------------------------------------------------------------- shipped tables


@functools.lru_cache(maxsize=1)
def _wals() -> dict[str, Mapping[str, str]]:
    out: dict[str, Mapping[str, str]] = {}
    for row in _data.read_table(
        "wals_45a_politeness_pronouns.csv", ("cldr_language", "iso639_3", "value", "value_label")
    ):
        key = row["cldr_language"] or row["iso639_3"]
        if key:
            out[key] = row
    return out


def _formal_address(language: str | None) -> tuple[bool | None, str]:
    if language is None:
        return None, "no source: the market has no language"
    table = _wals()
    base = language.split("_")[0]
    candidates = [language, base]
    parent = get_global("parent_exceptions").get(base)
    if parent and "_" not in parent:
        candidates.append(parent)
    for code in candidates:
        row = table.get(code)
        if row is not None:
            value = int(row["value"])
            via = "" if code == language else f" (looked up as {code!r})"
            return value != 1, (
                f"wals_45a: main language {language!r}{via} is {row['language_name']}, "
                f"value {value} '{row['value_label']}'"
            )
    return None, f"no source: WALS 45A has no entry for the main language {language!r}"


@functools.lru_cache(maxsize=1)
def _messaging() -> dict[str, tuple[str, str, str]]:
    best: dict[str, tuple[str, str, str]] = {}
    for row in _data.read_table("messaging_apps_by_country.csv", ("iso2", "metric", "app", "data_period", "source_id")):
        if row["metric"] != "top_messaging_app" or not row["iso2"]:
            continue
        current = best.get(row["iso2"])
        if current is None or row["data_period"] > current[1]:
            best[row["iso2"]] = (row["app"], row["data_period"], row["source_id"])
    return best


@functools.lru_cache(maxsize=1)
def _lewis_named() -> dict[str, tuple[str, tuple[str, ...]]]:
    parts: dict[str, list[str]] = {}
    sources: dict[str, list[str]] = {}
    for row in _data.read_table("lewis_model_mentions.csv", ("iso2", "entity_kind", "lewis_type", "source_id")):
        if row["entity_kind"] != "country" or not row["iso2"]:
            continue
        kind = "multi-active|reactive" if row["lewis_type"] == "hybrid" else row["lewis_type"]
        bucket = parts.setdefault(row["iso2"], [])
        for part in kind.split("|"):
            if part not in bucket:
                bucket.append(part)
        if row["source_id"] not in sources.setdefault(row["iso2"], []):
            sources[row["iso2"]].append(row["source_id"])
    return {code: ("|".join(p), tuple(sorted(sources[code]))) for code, p in parts.items()}


@functools.lru_cache(maxsize=1)
def _hall() -> dict[str, tuple[str | None, tuple[str, ...]]]:
    stated: dict[str, set[str]] = {}
    sources: dict[str, set[str]] = {}
    for row in _data.read_table("hall_context_mentions.csv", ("iso2", "entity_kind", "context_stated", "source_id")):
        if row["entity_kind"] != "country" or not row["iso2"] or not row["context_stated"]:
            continue
        context = row["context_stated"].split(" ")[0]
        stated.setdefault(row["iso2"], set()).add(context)
        sources.setdefault(row["iso2"], set()).add(row["source_id"])
    return {
        code: (next(iter(found)) if len(found) == 1 else None, tuple(sorted(sources[code])))
        for code, found in stated.items()
    }


# --------------------------------------------------------------------------- planning assumptions table


@attrs.frozen
class _Assumption:
    name: str
    value: Any
    unit: str
    basis: str
    source_id: str


_UNIT_PARSERS: Final = {
    "share",
    "contacts per issue",
    "s",
    "Hofstede score",
    "bool",
    "category",
    "CLDR language",
    "IANA time zone",
    "iso2 list",
    "local time interval",
    "ratio",
    "count",
    "number list",
}


def _category_choices(name: str) -> tuple[str, ...] | None:
    field = name.split(".")[0]
    return {
        "support_hours": SUPPORT_HOURS,
        "escalation": ESCALATIONS,
        "feedback_style": FEEDBACK_STYLES,
        "formality": FORMALITIES,
    }.get(field)


def _assumption_value(name: str, unit: str, value: Any, *, from_text: bool) -> Any:
    """Parse (from the CSV) or check (from a caller) one assumption value."""
    label = f"assumptions[{name!r}]"
    if unit in ("share", "contacts per issue", "s", "Hofstede score", "ratio", "count"):
        if from_text:
            value = float(value)
        if unit == "ratio":
            return _real(label, value, low=0.0, low_open=True)
        if unit == "count":
            return _real(label, value, low=0.0)
        if unit == "share":
            return _real(label, value, low=0.0, high=1.0)
        if unit == "contacts per issue":
            return _real(label, value, low=1.0)
        if unit == "s":
            return _real(label, value, low=0.0, low_open=True)
        return _real(label, value)
    if unit == "bool":
        if from_text:
            if value not in ("true", "false"):
                raise DataError(f"assumptions.csv: {name} must be 'true' or 'false'; got {value!r}")
            return value == "true"
        if not isinstance(value, bool):
            _fail(label, "True or False", value)
        return value
    if unit == "category":
        choices = _category_choices(name)
        return _choice(label, value, choices) if choices else _conv_str(label, value)
    if unit == "CLDR language":
        if not isinstance(value, str) or value not in _known_languages():
            _fail(label, "a CLDR language id such as 'en'", value)
        return value
    if unit == "IANA time zone":
        return _check_zone(label, value)
    if unit == "local time interval":
        if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d", value):
            _fail(label, "an interval 'HH:MM-HH:MM' in local time", value)
        return value
    if unit == "number list":
        items = value.split() if isinstance(value, str) else value
        if isinstance(items, str) or not isinstance(items, Iterable):
            _fail(label, "numbers >= 0 (a list or a space-separated string)", value)
        return tuple(_real(label, float(item) if from_text else item, low=0.0) for item in items)
    if unit == "iso2 list":
        codes = value.split() if isinstance(value, str) else value
        if isinstance(codes, str) or not isinstance(codes, Iterable):
            _fail(label, "ISO 3166-1 alpha-2 codes (a list or a space-separated string)", value)
        out = tuple(codes)
        for code in out:
            _check_country(code)
        return out
    raise DataError(f"assumptions.csv: {name} has unknown unit {unit!r}; known units: {sorted(_UNIT_PARSERS)}")


@functools.lru_cache(maxsize=1)
def _assumption_table() -> Mapping[str, _Assumption]:
    table: dict[str, _Assumption] = {}
    for row in _data.read_table("assumptions.csv", ("name", "value", "unit", "basis", "source_id")):
        if row["name"] in table:
            raise DataError(f"assumptions.csv: duplicate row {row['name']!r}")
        value = _assumption_value(row["name"], row["unit"], row["value"], from_text=True)
        table[row["name"]] = _Assumption(row["name"], value, row["unit"], row["basis"], row["source_id"])
    return FrozenMap(table)


_COUNTRY_FAMILIES: Final = {
    "support_hours": "category",
    "escalation": "category",
    "feedback_style": "category",
    "upsell_ok": "bool",
    "formality": "category",
    "contacts_per_issue": "contacts per issue",
    "primary_time_zone": "IANA time zone",
}


def _family_unit(name: str) -> str | None:
    """Unit of an assumption name outside the table that a caller may add."""
    parts = name.split(".")
    if len(parts) == 2 and parts[0] in _COUNTRY_FAMILIES and parts[1] in _supported_set():
        return _COUNTRY_FAMILIES[parts[0]]
    if len(parts) == 3 and parts[0] == "lewis_region" and _conv_style_ok(parts[1]):
        return "iso2 list"
    return None


def _conv_style_ok(text: str) -> bool:
    parts = text.split("|")
    return all(p in LEWIS_TYPES for p in parts) and len(set(parts)) == len(parts)


def _merge_assumptions(changes: Mapping[str, Any] | None) -> tuple[Mapping[str, _Assumption], frozenset[str]]:
    base = _assumption_table()
    if not changes:
        return base, frozenset()
    _mapping("assumptions", changes)
    merged = dict(base)
    for name, value in changes.items():
        row = base.get(name) if isinstance(name, str) else None
        if row is not None:
            merged[name] = attrs.evolve(row, value=_assumption_value(name, row.unit, value, from_text=False))
            continue
        unit = _family_unit(name) if isinstance(name, str) else None
        if unit is None:
            hint = difflib.get_close_matches(str(name), list(base), n=3)
            raise InvalidArgumentError(
                f"assumptions has unknown name {name!r}"
                + (f" (did you mean {', '.join(repr(h) for h in hint)}?)" if hint else "")
                + "; allowed: the names in data/assumptions.csv, '<field>.<country>' for "
                + ", ".join(sorted(_COUNTRY_FAMILIES))
                + ", and 'lewis_region.<style>.<label>'"
            )
        merged[name] = _Assumption(
            name, _assumption_value(name, unit, value, from_text=False), unit, "set by the caller", "assumption"
        )
    styles = {n.split(".")[1] for n in merged if n.startswith("channel_mix.") and n.count(".") == 2}
    for style in sorted(styles):
        _mix_for(style, merged)
    return FrozenMap(merged), frozenset(changes)


# --------------------------------------------------------------------------- dimensions (opt-in)


@attrs.frozen
class _Dimensions:
    label: str
    table: Mapping[str, tuple[FrozenMap[str, float], str]]


def _dimension_key(spec: Any) -> Any:
    """A hashable cache key for ``dimensions``, or raise if it cannot be cached."""
    if spec is None or isinstance(spec, str) and spec == "hofstede":
        return spec
    if isinstance(spec, (str, os.PathLike)):
        path = Path(spec)
        try:
            stat = path.stat()
        except OSError as exc:
            raise InvalidArgumentError(
                f"dimensions must be None, 'hofstede', a path to a CSV file or a mapping; "
                f"got {os.fspath(spec)!r}, which cannot be read ({exc.strerror})"
            ) from exc
        return ("file", str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    raise TypeError("not cacheable")


@functools.lru_cache(maxsize=8)
def _dimensions_cached(key: Any) -> _Dimensions | None:
    if key is None:
        return None
    if key == "hofstede":
        if _HOFSTEDE_FILE not in _data.data_files():
            raise DataError(
                "dimensions='hofstede' needs the Hofstede dimension data matrix, which does not ship with "
                "cultureservice: its scores carry no open licence (free for research, commercial use requires "
                f"contacting the authors). Download it from {_HOFSTEDE_URL} (or use a copy you may use), convert "
                "it to the documented CSV layout and pass dimensions=<path>"
            )
        return _read_dimensions(_data.read_text(_HOFSTEDE_FILE), f"hofstede_6d ({_HOFSTEDE_FILE})", _HOFSTEDE_FILE)
    path = Path(key[1])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"dimensions file {str(path)!r} cannot be read: {exc}") from exc
    return _read_dimensions(text, f"dimensions file {path.name}", str(path))


def _resolve_dimensions(spec: Any) -> _Dimensions | None:
    if isinstance(spec, Mapping):
        table: dict[str, tuple[FrozenMap[str, float], str]] = {}
        for code, scores in spec.items():
            if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
                _fail("dimensions keys", "ISO 3166-1 alpha-2 codes such as 'DE'", code)
            checked = _conv_dimensions(scores)
            assert checked is not None or scores is None
            if checked is not None:
                table[code] = (checked, "dimensions mapping given by the caller")
        return _Dimensions("caller mapping", table)
    try:
        key = _dimension_key(spec)
    except TypeError:
        _fail("dimensions", "None, 'hofstede', a path to a CSV file or a mapping of country to scores", spec)
    return _dimensions_cached(key)


def _read_dimensions(text: str, label: str, where: str) -> _Dimensions:
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "iso2" not in header:
        raise DataError(f"{where}: a dimensions file needs an 'iso2' column; its columns are {header}")
    dims = [c for c in header if c not in _DIMENSION_META_COLUMNS]
    for column in dims:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", column):
            raise DataError(
                f"{where}: column {column!r} is neither a dimension name (snake_case) nor one of "
                f"{sorted(_DIMENSION_META_COLUMNS)}"
            )
    countries: dict[str, dict[str, float]] = {}
    regions: dict[str, tuple[str, dict[str, float]]] = {}
    for line, row in enumerate(reader, start=2):
        scores: dict[str, float] = {}
        for column in dims:
            cell = (row.get(column) or "").strip()
            if not cell:
                continue
            try:
                scores[column] = float(cell)
            except ValueError:
                raise DataError(
                    f"{where}: line {line}, column {column!r} must be a number or empty; got {cell!r}"
                ) from None
            if not math.isfinite(scores[column]):
                raise DataError(f"{where}: line {line}, column {column!r} must be finite; got {cell!r}")
        kind = (row.get("kind") or "country").strip()
        if kind == "region":
            regions[(row.get("hofstede_code") or "").strip()] = ((row.get("country_name") or "").strip(), scores)
            continue
        if kind.startswith("subnational"):
            continue
        if kind != "country":
            raise DataError(
                f"{where}: line {line}, column 'kind' must be 'country', 'region' or 'subnational:XX'; got {kind!r}"
            )
        code = (row.get("iso2") or "").strip()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise DataError(f"{where}: line {line}, column 'iso2' must be an ISO 3166-1 alpha-2 code; got {code!r}")
        if code in countries:
            raise DataError(f"{where}: line {line} repeats country {code!r}")
        countries[code] = scores
    members: dict[str, str] = {}
    for member in _data.read_table("hofstede_regions.csv", ("region_code", "iso2")):
        members[member["iso2"]] = member["region_code"]
    table: dict[str, tuple[FrozenMap[str, float], str]] = {}
    for code in sorted(set(countries) | {c for c, r in members.items() if r in regions}):
        own = countries.get(code, {})
        region_code = members.get(code)
        filled = dict(own)
        note = label
        if region_code in regions:
            region_name, region_scores = regions[region_code]
            borrowed = [d for d in dims if d not in own and d in region_scores]
            for d in borrowed:
                filled[d] = region_scores[d]
            if borrowed:
                note += f"; {', '.join(borrowed)} from the regional aggregate '{region_name}' (hofstede_regions)"
        if filled:
            table[code] = (FrozenMap({d: filled[d] for d in dims if d in filled}), note)
    return _Dimensions(label, table)


# --------------------------------------------------------------------------- building a profile


@functools.cache
def _facts(country: str) -> tuple[Mapping[str, Any], Mapping[str, str], Mapping[str, Any]]:
    """Data fields, their provenance and helper facts of one country (cached)."""
    versions = _versions()
    cldr = _cldr()
    values: dict[str, Any] = {}
    prov: dict[str, str] = {}
    extra: dict[str, Any] = {}

    values["country_name"] = _english().territories.get(country, country)
    prov["country_name"] = f"{cldr}: English territory name"

    locale_id = _cldr_locale(country)
    values["locale"] = locale_id
    prov["locale"] = (
        f"{cldr}: likely subtags of und_{country}" if locale_id else f"no source: CLDR has no locale for {country}"
    )

    languages, notes = _language_split(country, ("official", "de_facto_official"), 0.0)
    values["languages"] = languages
    if languages:
        prov["languages"] = (
            f"{cldr}: territory languages with official or de facto official status, speaker shares "
            "normalised to sum to 1" + (f" ({'; '.join(notes)})" if notes else "")
        )
    else:
        prov["languages"] = f"no source: CLDR lists no language for {country}"

    zones = tuple(pytz.country_timezones.get(country, ()))
    values["time_zones"] = zones
    prov["time_zones"] = (
        f"tzdata (pytz {versions['pytz']}): zones of the country"
        if zones
        else f"no source: tzdata lists no zone for {country}"
    )

    week = _cldr_week(locale_id)
    values["first_weekday"] = week["first_day"]
    prov["first_weekday"] = (
        f"{cldr}: week data of territory {country}" if locale_id else f"{cldr}: world default (no locale for {country})"
    )
    cldr_weekend = _days_between(week["weekend_start"], week["weekend_end"])

    today = _today()
    try:
        calendar = _holidays.country_holidays(country, expand=False)
    except NotImplementedError:  # pragma: no cover - every profiled country is supported by holidays
        calendar = None
    if calendar is not None:
        monday = today - _dt.timedelta(days=today.weekday())
        weekend = tuple(d for d in range(7) if calendar.is_weekend(monday + _dt.timedelta(days=d)))
        values["subdivisions"] = tuple(calendar.subdivisions)
        values["holiday_categories"] = tuple(sorted(calendar.supported_categories))
        prov["subdivisions"] = f"holidays {versions['holidays']}: subdivisions"
        prov["holiday_categories"] = f"holidays {versions['holidays']}: supported categories"
    else:  # pragma: no cover
        weekend = ()
        values["subdivisions"] = ()
        values["holiday_categories"] = ()
        prov["subdivisions"] = prov["holiday_categories"] = f"no source: holidays does not support {country}"
    if calendar is not None and len(weekend) < 7:
        note = (
            f"holidays {versions['holidays']}: weekend rule in force in the week of {monday.isoformat()} "
            f"({_day_names(weekend)})"
        )
        if set(weekend) != set(cldr_weekend):
            note += f"; CLDR {versions['cldr']} gives the weekend as {_day_names(cldr_weekend)} (the two disagree)"
        prov["business_days"] = note
    else:  # pragma: no cover - fallback when holidays has no rule
        weekend = cldr_weekend
        prov["business_days"] = f"{cldr}: weekend of territory {country} (holidays has no weekend rule for it)"
    values["business_days"] = tuple(d for d in range(7) if d not in weekend)

    currencies = get_territory_currencies(country, start_date=today)
    values["currency"] = currencies[0] if currencies else None
    if currencies:
        prov["currency"] = f"{cldr}: first tender currency in use on {today.isoformat()}" + (
            f" (also: {', '.join(currencies[1:])})" if len(currencies) > 1 else ""
        )
    else:
        prov["currency"] = f"no source: CLDR lists no currency for {country}"

    main = max(languages, key=lambda code: languages[code]) if languages else None
    values["formal_address"], prov["formal_address"] = _formal_address(main)

    app = _messaging().get(country)
    values["messaging_app"] = app[0] if app else None
    prov["messaging_app"] = (
        f"{app[2]}: top messaging app, data of {app[1]}" if app else "no source: no source names a top messaging app"
    )

    named = _lewis_named().get(country)
    if named:
        values["communication_style"] = named[0]
        prov["communication_style"] = f"{', '.join(named[1])}: the country is named in the Lewis model"
    else:
        values["communication_style"] = None
        prov["communication_style"] = "no source: no source names the country in the Lewis model"
    extra["region_rule_possible"] = not named

    hall = _hall().get(country)
    if hall and hall[0] is not None:
        values["context"] = hall[0]
        prov["context"] = f"{', '.join(hall[1])}: stated as {hall[0]}-context"
    elif hall:
        values["context"] = None
        prov["context"] = f"no source: {', '.join(hall[1])} disagree"
    else:
        values["context"] = None
        prov["context"] = "no source: no source states high or low context for the country"

    fallback_info = get_global("territory_languages").get(country, {})
    extra["speaker_shares"] = {
        code: float(d.get("population_percent") or 0.0) / 100.0 for code, d in fallback_info.items()
    }
    return FrozenMap(values), FrozenMap(prov), FrozenMap(extra)


def _style_from_regions(country: str, table: Mapping[str, _Assumption]) -> tuple[str, str] | None:
    for name, row in table.items():
        if name.startswith("lewis_region.") and country in row.value:
            return name.split(".")[1], name
    return None


def _mix_for(style: str, table: Mapping[str, _Assumption]) -> dict[str, float]:
    mix = {}
    for channel in CHANNELS:
        name = f"channel_mix.{style}.{channel}"
        if name not in table:
            raise DataError(f"assumptions: {name} is missing")
        mix[channel] = float(table[name].value)
    total = math.fsum(mix.values())
    if abs(total - 1.0) > _SUM_TOLERANCE:
        raise InvalidArgumentError(
            f"assumptions channel_mix.{style}.* must sum to 1 (within {_SUM_TOLERANCE:g}); got {total!r}"
        )
    return mix


def _tag(names: Iterable[str], changed: frozenset[str]) -> str:
    set_by_caller = [n for n in names if n in changed]
    return f" [set by the caller: {', '.join(set_by_caller)}]" if set_by_caller else ""


def _build(
    country: str,
    dims: _Dimensions | None,
    table: Mapping[str, _Assumption],
    changed: frozenset[str],
) -> CultureProfile:
    facts, facts_prov, extra = _facts(country)
    values = dict(facts)
    prov = dict(facts_prov)

    # primary time zone: the only zone, else a country row, else tzdata's first zone
    zones = values["time_zones"]
    row = table.get(f"primary_time_zone.{country}")
    if row is not None:
        values["primary_time_zone"] = row.value
        prov["primary_time_zone"] = f"assumption: {row.name} ({row.basis})" + _tag([row.name], changed)
    elif zones:
        values["primary_time_zone"] = zones[0]
        prov["primary_time_zone"] = (
            f"tzdata (pytz {_versions()['pytz']}): the only zone"
            if len(zones) == 1
            else f"assumption: the first zone tzdata lists for the country (of {len(zones)})"
        )
    else:
        values["primary_time_zone"] = None
        prov["primary_time_zone"] = f"no source: tzdata lists no zone for {country}"

    # communication style: named by a source, else a labelled region rule
    style = values["communication_style"]
    if style is None and extra["region_rule_possible"]:
        found = _style_from_regions(country, table)
        if found is not None:
            style, rule = found
            values["communication_style"] = style
            prov["communication_style"] = (
                f"assumption: region rule {rule} ({table[rule].source_id}); the country itself is not named by a source"
                + _tag([rule], changed)
            )
    parts = style.split("|") if style else ["baseline"]
    style_text = f"communication style {style}" if style else "no sourced communication style"

    # dimensions (opt-in)
    if dims is None:
        values["dimensions"] = None
        prov["dimensions"] = "not loaded: dimensions are opt-in (dimensions='hofstede', a file or a mapping)"
    else:
        entry = dims.table.get(country)
        values["dimensions"] = entry[0] if entry else None
        prov["dimensions"] = entry[1] if entry else f"no source: {dims.label} has no entry for {country}"

    # channel mix
    mixes = [_mix_for(part, table) for part in parts]
    mix = {c: math.fsum(m[c] for m in mixes) / len(mixes) for c in CHANNELS}
    used = [f"channel_mix.{p}.*" for p in parts]
    mix_rule = f"assumption: {' averaged with '.join(used)} ({style_text})"
    if values["messaging_app"] is not None:
        weight = float(table["channel_mix.messaging_app_weight"].value)
        mix = {c: (1.0 - weight) * share + (weight if c == "messaging" else 0.0) for c, share in mix.items()}
        mix_rule += (
            f"; channel_mix.messaging_app_weight {weight:g} moved to messaging ({values['messaging_app']} named)"
        )
    values["channel_mix"] = mix
    prov["channel_mix"] = mix_rule + _tag(
        [n for p in parts for n in table if n.startswith(f"channel_mix.{p}.")] + ["channel_mix.messaging_app_weight"],
        changed,
    )

    # contacts per issue
    row = table.get(f"contacts_per_issue.{country}")
    if row is not None:
        values["contacts_per_issue"] = row.value
        prov["contacts_per_issue"] = f"assumption: {row.name}" + _tag([row.name], changed)
    else:
        names = [f"contacts_per_issue.{p}" for p in parts]
        values["contacts_per_issue"] = math.fsum(float(table[n].value) for n in names) / len(names)
        prov["contacts_per_issue"] = f"assumption: {' averaged with '.join(names)} ({style_text})" + _tag(
            names, changed
        )

    # first response per channel
    names = [f"first_response_s.{c}" for c in RESPONSE_CHANNELS]
    values["first_response_s"] = {c: table[f"first_response_s.{c}"].value for c in RESPONSE_CHANNELS}
    prov["first_response_s"] = "assumption: first_response_s.<channel>, the same for every market" + _tag(
        names, changed
    )

    # support hours
    row = table.get(f"support_hours.{country}") or table["support_hours.default"]
    values["support_hours"] = row.value
    prov["support_hours"] = f"assumption: {row.name}" + _tag([row.name], changed)

    # escalation
    row = table.get(f"escalation.{country}")
    pdi = values["dimensions"].get("pdi") if values["dimensions"] is not None else None
    if row is not None:
        values["escalation"] = row.value
        prov["escalation"] = f"assumption: {row.name}" + _tag([row.name], changed)
    elif pdi is not None:
        high = float(table["escalation.pdi_senior_min"].value)
        low = float(table["escalation.pdi_peer_max"].value)
        values["escalation"] = "senior" if pdi >= high else "peer" if pdi <= low else "standard"
        prov["escalation"] = (
            f"assumption: power distance {pdi:g} from the loaded dimensions; senior at >= {high:g} "
            f"(escalation.pdi_senior_min), peer at <= {low:g} (escalation.pdi_peer_max)"
            + _tag(["escalation.pdi_senior_min", "escalation.pdi_peer_max"], changed)
        )
    else:
        row = table["escalation.default"]
        values["escalation"] = row.value
        prov["escalation"] = f"assumption: {row.name} (no power-distance score loaded)" + _tag([row.name], changed)

    # feedback style: country row, else stated context, else communication style, else default
    row = table.get(f"feedback_style.{country}")
    if row is None and values["context"] is not None:
        row = table[f"feedback_style.hall_{values['context']}"]
        reason = f"{values['context']}-context"
    elif row is None and style:
        row = table[f"feedback_style.{parts[0]}"]
        reason = style_text
    elif row is None:
        row = table["feedback_style.default"]
        reason = "no source places the country"
    else:
        reason = "country row"
    values["feedback_style"] = row.value
    prov["feedback_style"] = f"assumption: {row.name} ({reason})" + _tag([row.name], changed)

    # upselling
    row = table.get(f"upsell_ok.{country}")
    if row is None:
        row = table[f"upsell_ok.{parts[0]}"] if style else table["upsell_ok.default"]
    values["upsell_ok"] = row.value
    prov["upsell_ok"] = f"assumption: {row.name} ({style_text})" + _tag([row.name], changed)

    # formality: country row, else the formal "you" of the main language
    row = table.get(f"formality.{country}")
    if row is not None:
        values["formality"] = row.value
        prov["formality"] = f"assumption: {row.name} ({row.basis})" + _tag([row.name], changed)
    elif values["formal_address"] is None:
        row = table["formality.unknown"]
        values["formality"] = row.value
        prov["formality"] = f"assumption: {row.name} (no formal-address data)" + _tag([row.name], changed)
    else:
        values["formality"] = "formal" if values["formal_address"] else "informal"
        prov["formality"] = (
            "assumption: formal where the main language has a formal 'you' (formal_address), else informal"
        )

    # acceptance of the fallback language per channel
    language = table["fallback_acceptance.language"].value
    native = float(values["languages"].get(language, 0.0))
    speakers = min(1.0, float(extra["speaker_shares"].get(language, 0.0)))
    factor_names = [f"fallback_acceptance.{c}" for c in CHANNELS]
    values["fallback_acceptance"] = {
        c: min(1.0, native + (1.0 - native) * float(table[f"fallback_acceptance.{c}"].value) * speakers)
        for c in CHANNELS
    }
    prov["fallback_acceptance"] = (
        f"assumption: e + (1 - e) * factor * p with fallback language {language!r}, e = {native:.3g} "
        f"(its demand share), p = {speakers:.3g} (CLDR share of the population speaking it), "
        "factor = fallback_acceptance.<channel>" + _tag(["fallback_acceptance.language", *factor_names], changed)
    )

    return CultureProfile(country=country, provenance=prov, **values)


@functools.lru_cache(maxsize=4096)
def _cached_profile(country: str, dims_key: Any, assumptions_key: Any) -> CultureProfile:
    table, changed = _merge_assumptions({k: v for k, _, v in assumptions_key} if assumptions_key else None)
    return _build(country, _dimensions_cached(dims_key), table, changed)


def _assumptions_key(assumptions: Mapping[str, Any] | None) -> Any:
    if assumptions is None:
        return None
    _mapping("assumptions", assumptions)
    items = tuple(
        sorted((str(k), type(v).__name__, tuple(v) if isinstance(v, list) else v) for k, v in assumptions.items())
    )
    hash(items)
    return items


def profile(
    country: str,
    *,
    dimensions: Any = None,
    assumptions: Mapping[str, Any] | None = None,
) -> CultureProfile:
    """The planning profile of one market (country).

    Parameters
    ----------
    country : str
        ISO 3166-1 alpha-2 code, one of :func:`supported_countries`. [code]
    dimensions : None, 'hofstede', path or mapping, optional
        Cultural dimensions to load (opt-in). None: none. A path: a CSV file
        with an ``iso2`` column and one column per dimension (Hofstede layout:
        ``hofstede_code, country_name, iso2, iso3, kind, pdi, idv, mas, uai,
        lto, ivr``; ``kind`` ``region`` rows fill the members of Hofstede's
        regional aggregates, marked as such). A mapping: country code to
        ``{dimension: score}``. ``'hofstede'``: the Hofstede matrix if the
        installation ships it (it does not by default; see the docs).
    assumptions : mapping of str to value, optional
        Replacements for rows of ``data/assumptions.csv`` by name, e.g.
        ``{"contacts_per_issue.baseline": 1.5, "formality.DK": "informal"}``.

    Returns
    -------
    profile : CultureProfile

    Raises
    ------
    UnknownCodeError
        If ``country`` has no profile (the message suggests a code).
    InvalidArgumentError
        If ``dimensions`` or ``assumptions`` is malformed.
    DataError
        If a dimensions file is malformed or ``'hofstede'`` is not installed.

    Examples
    --------
    >>> sa = profile("SA")
    >>> sa.business_days  # Sunday to Thursday
    (0, 1, 2, 3, 6)
    >>> profile("CN").messaging_app
    'WeChat'
    >>> it, fi = profile("IT"), profile("FI")
    >>> it.channel_mix["phone"] > it.channel_mix["email"], fi.channel_mix["email"] > fi.channel_mix["phone"]
    (True, True)
    """
    country = _check_country(country)
    try:
        assumptions_key = _assumptions_key(assumptions)
        dims_key = None if isinstance(dimensions, Mapping) else _dimension_key(dimensions)
        cacheable = not isinstance(dimensions, Mapping)
    except TypeError:
        cacheable = False
    if cacheable:
        return _cached_profile(country, dims_key, assumptions_key)
    table, changed = _merge_assumptions(assumptions)
    return _build(country, _resolve_dimensions(dimensions), table, changed)


def profiles(
    *,
    dimensions: Any = None,
    assumptions: Mapping[str, Any] | None = None,
) -> dict[str, CultureProfile]:
    """Profiles of every supported country (about 250), keyed by ISO code.

    Parameters
    ----------
    dimensions, assumptions
        As in :func:`profile`; applied to every country.

    Returns
    -------
    profiles : dict of str to CultureProfile
        A new dict on every call; the profiles themselves are immutable.

    Examples
    --------
    >>> every = profiles()
    >>> len(every) >= 240, every["DE"] == profile("DE")
    (True, True)
    """
    dims = _resolve_dimensions(dimensions)
    table, changed = _merge_assumptions(assumptions)
    cacheable = not isinstance(dimensions, Mapping)
    try:
        dims_key = _dimension_key(dimensions) if cacheable else None
        assumptions_key = _assumptions_key(assumptions)
    except TypeError:
        cacheable = False
    if cacheable:
        return {code: _cached_profile(code, dims_key, assumptions_key) for code in supported_countries()}
    return {code: _build(code, dims, table, changed) for code in supported_countries()}


# --------------------------------------------------------------------------- calibration


def calibrate(profile: CultureProfile, observations: Mapping[str, Any], *, strength: float = 50.0) -> CultureProfile:
    r"""Update the channel mix and contacts per issue from the market's own counts [1]_.

    The profile's values are the prior. The channel mix gets a Dirichlet
    prior with concentration ``strength`` centred on the profile's mix; the
    extra contacts per issue get a Gamma prior worth ``strength`` issues
    centred on ``contacts_per_issue - 1``, with Poisson counts. The result
    holds the posterior means.

    Parameters
    ----------
    profile : CultureProfile
        Prior profile of the market.
    observations : mapping
        ``{"contacts": {channel: count, ...}, "issues": count}``: contacts per
        channel (missing channels count 0) and the issues they belong to.
        Contacts must be at least the issues (each issue has one first
        contact). Either key may be left out. [contacts], [issues]
    strength : float, optional
        Weight of the prior in pseudo-observations (contacts for the mix,
        issues for contacts per issue); > 0. [observations]

    Returns
    -------
    profile : CultureProfile
        A new profile whose updated fields have provenance ``"calibrated from
        N observations"`` (N contacts for the mix, N issues for contacts per
        issue). A field with no observations is returned unchanged.

    Raises
    ------
    InvalidArgumentError
        If ``observations`` has unknown keys or channels, negative or
        non-integer counts, fewer contacts than issues, or ``strength`` <= 0.

    Notes
    -----
    With prior mix :math:`m`, counts :math:`n_c` and :math:`N = \sum_c n_c`:

    .. math:: \hat m_c = \frac{s\,m_c + n_c}{s + N}

    With prior contacts per issue :math:`k_0`, :math:`C` contacts and
    :math:`I` issues, the extra contacts per issue :math:`\lambda` have prior
    :math:`\mathrm{Gamma}(s (k_0 - 1), s)` and Poisson likelihood, so

    .. math:: \hat k = 1 + \frac{s (k_0 - 1) + (C - I)}{s + I}

    References
    ----------
    .. [1] A. Gelman, J. B. Carlin, H. S. Stern, D. B. Dunson, A. Vehtari and
       D. B. Rubin, *Bayesian Data Analysis*, 3rd ed., CRC Press, 2013,
       sections 2.6 (Poisson-gamma) and 3.4 (multinomial-Dirichlet).

    Examples
    --------
    >>> prior = profile("DE")
    >>> seen = {"contacts": {"phone": 700, "email": 300}, "issues": 500}
    >>> post = calibrate(prior, seen, strength=50)
    >>> round(post.channel_mix["phone"], 3), round(post.contacts_per_issue, 3)
    (0.676, 1.923)
    >>> post.provenance["channel_mix"]
    'calibrated from 1000 observations'
    >>> calibrate(prior, {"contacts": {}, "issues": 0}) == prior
    True
    """
    if not isinstance(profile, CultureProfile):
        _fail("profile", "a CultureProfile", profile)
    s = _real("strength", strength, low=0.0, low_open=True)
    obs = _mapping("observations", observations)
    unknown = [k for k in obs if k not in ("contacts", "issues")]
    if unknown:
        raise InvalidArgumentError(f"observations has unknown key {unknown[0]!r}; allowed keys: 'contacts', 'issues'")
    contacts_in = _mapping("observations['contacts']", obs.get("contacts", {}))
    for channel in contacts_in:
        if channel not in CHANNELS:
            raise InvalidArgumentError(
                f"observations['contacts'] has unknown channel {channel!r}; "
                f"allowed: {', '.join(repr(c) for c in CHANNELS)}"
            )
    counts = {c: _count(f"observations['contacts'][{c!r}]", contacts_in.get(c, 0)) for c in CHANNELS}
    issues = _count("observations['issues']", obs.get("issues", 0))
    total = sum(counts.values())
    if issues > 0 and total < issues:
        raise InvalidArgumentError(
            f"observations['contacts'] must total at least observations['issues'] (each issue has a first contact); "
            f"got {total} contacts for {issues} issues"
        )
    changes: dict[str, Any] = {}
    prov: dict[str, str] = {}
    if total > 0:
        changes["channel_mix"] = {c: (s * profile.channel_mix[c] + counts[c]) / (s + total) for c in CHANNELS}
        prov["channel_mix"] = f"calibrated from {total} observations"
    if issues > 0:
        extra_prior = profile.contacts_per_issue - 1.0
        changes["contacts_per_issue"] = 1.0 + (s * extra_prior + (total - issues)) / (s + issues)
        prov["contacts_per_issue"] = f"calibrated from {issues} observations"
    if not changes:
        return profile
    return profile._replace(changes, prov)


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < 0:
        if _is_real(value) and float(value).is_integer() and float(value) >= 0:
            return int(value)
        _fail(name, "a whole number >= 0", value)
    return int(value)


# --------------------------------------------------------------------------- profile set files

_FILE_FORMAT: Final = "cultureservice-profiles"
_FILE_VERSION: Final = 1
_TUPLE_FIELDS: Final = frozenset({"time_zones", "business_days", "subdivisions", "holiday_categories"})
_OPTIONAL_FIELDS: Final = frozenset(
    {
        "locale",
        "primary_time_zone",
        "currency",
        "formal_address",
        "messaging_app",
        "communication_style",
        "context",
        "dimensions",
    }
)


def _file_value(name: str, value: Any) -> Any:
    if isinstance(value, FrozenMap):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _profile_record(p: CultureProfile) -> dict[str, Any]:
    record: dict[str, Any] = {}
    unset: list[str] = []
    for name in _FIELDS:
        value = getattr(p, name)
        if value is None:
            unset.append(name)
        else:
            record[name] = _file_value(name, value)
    record["unset"] = unset
    record["provenance"] = dict(p.provenance)
    return record


def save_profiles(
    profiles: Mapping[str, CultureProfile] | Iterable[CultureProfile], path: str | os.PathLike[str]
) -> None:
    """Write a set of profiles to a TOML or JSON file (by the file's suffix).

    Every field and its provenance is written; :func:`load_profiles` reads it
    back to equal profiles. A field that is None is listed under ``unset``
    (TOML has no null).

    Parameters
    ----------
    profiles : mapping of str to CultureProfile, or iterable of CultureProfile
        The profiles; a mapping's keys must equal the profiles' countries.
    path : str or path-like
        Target file; suffix ``.toml`` or ``.json``.

    Raises
    ------
    InvalidArgumentError
        If the suffix is neither ``.toml`` nor ``.json`` or an item is not a
        profile.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "markets.toml"
    >>> save_profiles([profile("DE").with_overrides(contacts_per_issue=1.3)], target)
    >>> load_profiles(target)["DE"].contacts_per_issue
    1.3
    """
    target = Path(path)
    kind = _file_kind(target)
    items = (
        list(profiles.items())
        if isinstance(profiles, Mapping)
        else [(getattr(p, "country", None), p) for p in profiles]
    )
    body: dict[str, Any] = {}
    for key, p in items:
        if not isinstance(p, CultureProfile):
            _fail("profiles", "CultureProfile objects", p)
        if key != p.country:
            _fail("profiles", f"keys equal to each profile's country ({p.country!r})", key)
        body[p.country] = _profile_record(p)
    if kind == "json":
        text = json.dumps(
            {"format": _FILE_FORMAT, "version": _FILE_VERSION, "profiles": body}, indent=2, ensure_ascii=False
        )
        target.write_text(text + "\n", encoding="utf-8")
    else:
        lines = [f'format = "{_FILE_FORMAT}"', f"version = {_FILE_VERSION}"]
        for country, record in body.items():
            lines.append("")
            lines.append(f"[profiles.{country}]")
            for name, value in record.items():
                if name != "provenance":
                    lines.append(f"{name} = {_toml_value(value)}")
            lines.append(f"[profiles.{country}.provenance]")
            for name, value in record["provenance"].items():
                lines.append(f"{name} = {_toml_value(value)}")
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise InvalidArgumentError(f"cannot write {value!r} to TOML")  # pragma: no cover


def _file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".json"):
        _fail("path", "a file name ending in '.toml' or '.json'", str(path))
    return suffix[1:]


def load_profiles(path: str | os.PathLike[str], *, dimensions: Any = None) -> dict[str, CultureProfile]:
    """Read a set of profiles from a TOML or JSON file (safe parsers only).

    The file holds ``format = "cultureservice-profiles"``, ``version = 1`` and
    a ``profiles`` table keyed by country code. Each profile starts from
    :func:`profile` for its country; the fields the file gives replace the
    defaults, with provenance taken from the file's ``provenance`` table, or
    ``"override"``. ``unset`` lists fields set to None.

    Parameters
    ----------
    path : str or path-like
        A ``.toml`` or ``.json`` file.
    dimensions : optional
        Passed to :func:`profile` for the defaults.

    Returns
    -------
    profiles : dict of str to CultureProfile

    Raises
    ------
    DataError
        If the file cannot be parsed, has an unknown key, a value of the wrong
        type, or an unknown country code; the message names the file, the key
        and the allowed values.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> source = pathlib.Path(tempfile.mkdtemp()) / "markets.toml"
    >>> _ = source.write_text('format = "cultureservice-profiles"\\nversion = 1\\n'
    ...                       '[profiles.SE]\\nformality = "formal"\\n')
    >>> se = load_profiles(source)["SE"]
    >>> se.formality, se.provenance["formality"]
    ('formal', 'override')
    """
    source = Path(path)
    kind = _file_kind(source)
    where = str(source)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise DataError(f"{where}: cannot be read ({exc.strerror})") from exc
    try:
        document = tomllib.loads(raw.decode("utf-8")) if kind == "toml" else json.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{where}: not valid {kind.upper()}: {exc}") from exc
    if not isinstance(document, dict):
        raise DataError(f"{where}: the top level must be a table with keys 'format', 'version', 'profiles'")
    allowed_top = ("format", "version", "profiles")
    for key in document:
        if key not in allowed_top:
            raise DataError(f"{where}: unknown key {key!r}; allowed: {', '.join(map(repr, allowed_top))}")
    if document.get("format") != _FILE_FORMAT:
        raise DataError(f"{where}: key 'format' must be {_FILE_FORMAT!r}; got {document.get('format')!r}")
    if document.get("version") != _FILE_VERSION or isinstance(document.get("version"), bool):
        raise DataError(f"{where}: key 'version' must be {_FILE_VERSION}; got {document.get('version')!r}")
    body = document.get("profiles", {})
    if not isinstance(body, dict):
        raise DataError(f"{where}: key 'profiles' must be a table of country code to profile; got {body!r}")
    out: dict[str, CultureProfile] = {}
    for country, record in body.items():
        key = f"profiles.{country}"
        try:
            base = profile(country, dimensions=dimensions)
        except UnknownCodeError as exc:
            raise DataError(f"{where}: key {key!r}: {exc}") from exc
        if not isinstance(record, dict):
            raise DataError(f"{where}: key {key!r} must be a table of profile fields; got {record!r}")
        out[country] = _profile_from_record(base, record, where, key)
    return out


def _profile_from_record(base: CultureProfile, record: Mapping[str, Any], where: str, key: str) -> CultureProfile:
    allowed = (*_FIELDS, "unset", "provenance")
    for name in record:
        if name not in allowed:
            hint = difflib.get_close_matches(name, allowed, n=1)
            raise DataError(
                f"{where}: unknown key {key}.{name!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + f"; allowed: {', '.join(allowed)}"
            )
    changes: dict[str, Any] = {}
    for name, value in record.items():
        if name in ("unset", "provenance"):
            continue
        if name in _TUPLE_FIELDS and not isinstance(value, list):
            raise DataError(f"{where}: key {key}.{name} must be an array; got {value!r}")
        changes[name] = tuple(value) if name in _TUPLE_FIELDS else value
    unset = record.get("unset", [])
    if not isinstance(unset, list):
        raise DataError(f"{where}: key {key}.unset must be an array of field names; got {unset!r}")
    for name in unset:
        if name not in _OPTIONAL_FIELDS:
            raise DataError(
                f"{where}: key {key}.unset names {name!r}; "
                f"only these fields may be unset: {', '.join(sorted(_OPTIONAL_FIELDS))}"
            )
        if name in changes:
            raise DataError(f"{where}: key {key}: {name!r} is both given and unset")
        changes[name] = None
    provenance_in = record.get("provenance", {})
    if not isinstance(provenance_in, dict):
        raise DataError(f"{where}: key {key}.provenance must be a table of field name to text; got {provenance_in!r}")
    prov: dict[str, str] = {}
    for name, text in provenance_in.items():
        if name not in _FIELDS:
            raise DataError(f"{where}: unknown key {key}.provenance.{name!r}; allowed: {', '.join(_FIELDS)}")
        if not isinstance(text, str) or not text:
            raise DataError(f"{where}: key {key}.provenance.{name} must be a non-empty string; got {text!r}")
        if name in changes:
            prov[name] = text
    for name in changes:
        prov.setdefault(name, "override")
    try:
        return base._replace(changes, prov)
    except InvalidArgumentError as exc:
        raise DataError(f"{where}: key {key}: {exc}") from exc


# --------------------------------------------------------------------------- printing


def _show(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, FrozenMap) or isinstance(value, Mapping):
        return ", ".join(f"{k} {_show(v)}" for k, v in value.items()) or "-"
    if isinstance(value, tuple):
        return ", ".join(_show(v) for v in value) or "-"
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    return str(value)


def format_profile(profile: CultureProfile) -> str:
    """The profile as text, grouped into data and assumptions, with provenance.

    This is what ``cultureservice profile DE`` prints.

    Examples
    --------
    >>> text = format_profile(profile("DE"))
    >>> print(text.splitlines()[0])
    DE: Germany
    >>> "Planning assumptions" in text and "channel_mix" in text
    True
    """
    if not isinstance(profile, CultureProfile):
        _fail("profile", "a CultureProfile", profile)
    width = max(len(name) for name in _FIELDS)
    lines = [f"{profile.country}: {profile.country_name}", "", "Data"]
    for name in DATA_FIELDS:
        value = getattr(profile, name)
        if name in ("first_weekday",):
            shown = _WEEKDAY_NAMES[value]
        elif name == "business_days":
            shown = _day_names(value)
        else:
            shown = _show(value)
        lines.append(f"  {name:<{width}}  {shown}")
        lines.append(f"  {'':<{width}}    provenance: {profile.provenance[name]}")
    lines += ["", "Planning assumptions (defaults to override or calibrate, not facts)"]
    for name in ASSUMPTION_FIELDS:
        lines.append(f"  {name:<{width}}  {_show(getattr(profile, name))}")
        lines.append(f"  {'':<{width}}    provenance: {profile.provenance[name]}")
    lines += ["", "A profile describes a market for planning; a customer's own stated preference always wins."]
    return "\n".join(lines)
