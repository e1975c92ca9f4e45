r"""Customer-facing texts: when we will reply, in the customer's language, zone and register.

A *promise* is the short sentence a customer reads after contacting support:
"We will reply by Thursday, December 24, 2026, 11:00 AM GMT+1." It is built
from three things:

* the **due instant** (``due_at``, ``datetime64[ns]`` in UTC, e.g. from the
  SLA engine or :func:`cultureservice.calendar.add_business_seconds`),
  rendered by babel in the customer's locale and IANA time zone (CLDR date
  and time patterns, zone names, list patterns);
* a **catalog sentence** in the customer's language, read at run time from the
  gettext catalog ``cultureservice/locale/<locale>/LC_MESSAGES/cultureservice.po``
  with :func:`babel.messages.pofile.read_po` (English msgids, named
  placeholders, no ``.mo`` files and no build step);
* the **register**: formal (German *Sie*, French *vous*, Spanish *usted*,
  Japanese keigo) or informal (*du*, *tu*, *tú*), by default the market's
  :attr:`~cultureservice.culture.CultureProfile.formality`, overridable per
  call.

Locale fallback
---------------
A locale is looked up along its CLDR parent chain only (``de_AT`` →
``de``; ``es_MX`` → ``es_419`` → ``es``; ``pt_AO`` → ``pt_PT``); a locale
whose chain has no catalog raises :class:`~cultureservice.errors.UnknownCodeError`
unless the caller passes ``fallback="en"`` (or another catalog locale).
Catalogs ship for English (``en``), German (``de``), French (``fr``),
Spanish (``es``), Italian (``it``), Polish (``pl``), Portuguese (``pt``
for Brazil, ``pt_PT`` for Portugal), Finnish (``fi``), Swedish (``sv``),
Czech (``cs``), Lithuanian (``lt``) and Japanese (``ja``); see
:func:`catalog_locales`.

Holidays of the customer's country come from the ``holidays`` package in the
customer's language (its ``language=`` option): a promise mentions those that
fall between the message and the reply, and refuses a due date that is itself
a public holiday of the customer's country.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import gettext
import math
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from typing import Any, Final

import attrs
import holidays as _holidays
import numpy as np
import numpy.typing as npt
from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    format_timedelta,
    get_timezone_name,
    tokenize_pattern,
)
from babel.lists import format_list
from babel.messages.pofile import read_po

from cultureservice._time import NAT_NS, get_zone, to_utc_ns
from cultureservice._validation import as_float_array, describe, first_bad
from cultureservice.culture import CHANNELS, LANGUAGE_EQUIVALENTS, CultureProfile, FrozenMap, profile
from cultureservice.errors import DataError, InvalidArgumentError, UnknownCodeError

__all__ = [
    "DATE_STYLES",
    "DEFAULT_EQUIVALENTS",
    "LanguageChoice",
    "catalog_locales",
    "choose_language",
    "format_due",
    "format_wait",
    "holiday_name",
    "holidays_between",
    "promise",
]

#: CLDR date lengths accepted as ``date_style``.
DATE_STYLES: Final = ("full", "long", "medium", "short")

#: Languages whose speakers are served by another language's staff
#: (:data:`cultureservice.culture.LANGUAGE_EQUIVALENTS`, from CLDR language matching).
DEFAULT_EQUIVALENTS: Final = LANGUAGE_EQUIVALENTS

_DOMAIN: Final = "cultureservice"
_CONTEXTS: Final = ("formal", "informal")
_NS: Final = 1_000_000_000
_MINUTE_NS: Final = 60 * _NS
_EPOCH: Final = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_ACK: Final = "We will reply by {due}."
_TODAY: Final = "We will reply today by {time}."
_TOMORROW: Final = "We will reply tomorrow by {time}."
_NOTICE: Final = ("Please note the public holiday: {holidays}.", "Please note the public holidays: {holidays}.")
_ITEM: Final = "{holiday} ({date})"
_JOIN: Final = "{notice} {promise}"
_REL_TODAY: Final = "today at {time}"
_REL_TOMORROW: Final = "tomorrow at {time}"
_STYLE: Final = "full"
_TIME_FIELDS: Final = frozenset("hHkKmsaBb")
_ZONE_FIELDS: Final = frozenset("zZOvVXx")


# --------------------------------------------------------------------------- locales


def _parse_locale(name: str, value: Any) -> Locale:
    """A babel :class:`Locale` for a CLDR id (``de_DE``, ``de-DE``) or UnknownCodeError."""
    if not isinstance(value, str) or not value.strip():
        raise UnknownCodeError(f"{name} must be a CLDR locale id such as 'de_DE'; got {describe(value)}")
    ident = value.strip().replace("-", "_")
    try:
        return Locale.parse(ident)
    except (UnknownLocaleError, ValueError, TypeError):
        known = localedata.locale_identifiers()
        close = difflib.get_close_matches(ident, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UnknownCodeError(
            f"{name} must be a CLDR locale id known to babel (babel.localedata.locale_identifiers()); "
            f"got {value!r}{hint}"
        ) from None


def _chain(ident: str) -> tuple[str, ...]:
    """The CLDR parent chain of a locale id, the id first, root left out."""
    exceptions = get_global("parent_exceptions")
    out = [ident]
    current = ident
    while True:
        parent = exceptions.get(current)
        if parent is None:
            if "_" not in current:
                break
            parent = current.rsplit("_", 1)[0]
        if parent == "root":
            break
        out.append(parent)
        current = parent
    return tuple(out)


def _territory(loc: Locale) -> str | None:
    if loc.territory and len(loc.territory) == 2:
        return str(loc.territory)
    likely = str(get_global("likely_subtags").get(loc.language) or "")
    if likely:
        parts = likely.split("_")
        if len(parts[-1]) == 2 and parts[-1].isalpha():
            return parts[-1]
    return None


# --------------------------------------------------------------------------- catalogs


def _locale_dir() -> Any:
    return resources.files("cultureservice").joinpath("locale")


@functools.cache
def catalog_locales() -> tuple[str, ...]:
    """CLDR locale ids with a shipped message catalog, sorted.

    Examples
    --------
    >>> catalog_locales()
    ('cs', 'de', 'en', 'es', 'fi', 'fr', 'it', 'ja', 'lt', 'pl', 'pt', 'pt_PT', 'sv')
    """
    root = _locale_dir()
    if not root.is_dir():
        return ()
    return tuple(
        sorted(
            entry.name
            for entry in root.iterdir()
            if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{_DOMAIN}.po").is_file()
        )
    )


@attrs.frozen
class _Catalog:
    locale: str
    path: str
    entries: Mapping[tuple[str | None, str], Any]
    plural: Callable[[int], int]
    nplurals: int

    def text(self, context: str | None, msgid: str, n: int | None = None) -> str:
        value = self.entries.get((context, msgid))
        where = f"msgctxt {context!r} " if context else ""
        if value is None:
            raise DataError(f"message catalog {self.path} lacks the entry {where}msgid {msgid!r}")
        if n is None:
            if not isinstance(value, str) or not value:
                raise DataError(f"message catalog {self.path} has no translation for {where}msgid {msgid!r}")
            return value
        if isinstance(value, str) or len(value) != self.nplurals:
            raise DataError(
                f"message catalog {self.path} needs {self.nplurals} plural forms for {where}msgid {msgid!r}"
            )
        form = value[self.plural(n)]
        if not form:
            raise DataError(f"message catalog {self.path} has an empty plural form for {where}msgid {msgid!r}")
        return str(form)


@functools.cache
def _catalog(locale_id: str) -> _Catalog:
    path = _locale_dir().joinpath(locale_id, "LC_MESSAGES", f"{_DOMAIN}.po")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale_id, domain=_DOMAIN)
    entries: dict[tuple[str | None, str], Any] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        key = str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)
        entries[(message.context, key)] = message.string
    try:
        plural = gettext.c2py(catalog.plural_expr)
    except (ValueError, SyntaxError) as exc:  # pragma: no cover - the shipped headers are tested
        raise DataError(f"message catalog {path} has a malformed Plural-Forms header") from exc
    return _Catalog(locale_id, str(path), entries, plural, int(catalog.num_plurals))


def _resolve_catalog(name: str, loc: Locale, fallback: Any) -> _Catalog:
    shipped = catalog_locales()
    chain = _chain(str(loc))
    for ident in chain:
        if ident in shipped:
            return _catalog(ident)
    if fallback is not None:
        if not isinstance(fallback, str) or fallback not in shipped:
            raise UnknownCodeError(
                f"fallback must be None or a locale with a message catalog ({', '.join(shipped)}); "
                f"got {describe(fallback)}"
            )
        return _catalog(fallback)
    raise UnknownCodeError(
        f"{name} must be a locale with a message catalog along its CLDR parent chain; got {str(loc)!r} "
        f"(looked up {', '.join(chain)}; catalogs: {', '.join(shipped)}); pass fallback='en' to use English"
    )


def _catalog_style(cat: _Catalog) -> str:
    style = cat.text("date style", _STYLE)
    if style not in DATE_STYLES:
        raise DataError(
            f"message catalog {cat.path} gives date style {style!r}; it must be one of {', '.join(DATE_STYLES)}"
        )
    return style


# --------------------------------------------------------------------------- dates, times and zones


def _check_style(value: Any) -> str:
    if value not in DATE_STYLES:
        raise InvalidArgumentError(f"date_style must be one of {', '.join(DATE_STYLES)}; got {describe(value)}")
    return str(value)


def _instants(name: str, value: Any) -> npt.NDArray[np.int64]:
    ns = to_utc_ns(name, value).view(np.int64)
    bad = ns == NAT_NS
    if bad.any():
        raise InvalidArgumentError(
            f"{name} must be instants, not NaT (a missing due time has no text); "
            f"{first_bad(ns.view('datetime64[ns]').astype(str), bad)}"
        )
    return ns


def _ceil_minute(ns: int) -> int:
    return -(-ns // _MINUTE_NS) * _MINUTE_NS


def _local(ns: int, zone: Any) -> _dt.datetime:
    return (_EPOCH + _dt.timedelta(microseconds=ns // 1000)).astimezone(zone)


def _short_gmt(offset: _dt.timedelta, loc: Locale) -> str:
    """The CLDR short localized GMT format (UTS #35 pattern ``O``): ``GMT+1``, ``UTC+5:30``."""
    gmt = str(loc.zone_formats.get("gmt", "GMT%s"))
    seconds = int(offset.total_seconds())
    if seconds == 0:
        return gmt % ""
    sign = "+" if seconds > 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes = rest // 60
    return gmt % (f"{sign}{hours}" + (f":{minutes:02d}" if minutes else ""))


def _zone_name(local: _dt.datetime, loc: Locale) -> str:
    """Short specific zone name (``MEZ``, ``EDT``) where CLDR has one, else ``GMT+1``."""
    name = get_timezone_name(local, width="short", locale=loc)
    if re.fullmatch(r"[+-]\d{4}", name):
        offset = local.utcoffset()
        assert offset is not None
        return _short_gmt(offset, loc)
    return str(name)


@functools.cache
def _zone_layout(locale_id: str) -> tuple[bool, str, str]:
    """Where the locale puts the zone next to a time: (zone first, glue, outer text).

    Read from the locale's long time pattern (``h:mm:ss a z``, ``z HH:mm:ss``,
    ``Bh:mm:ss [z]``): the literal text between the time and the zone and
    around the zone; a unit after the seconds (``초``) is not kept.
    """
    tokens: list[tuple[str, Any]] = tokenize_pattern(Locale.parse(locale_id).time_formats["long"].pattern)
    zone = next((i for i, t in enumerate(tokens) if t[0] == "field" and t[1][0] in _ZONE_FIELDS), None)
    times = [i for i, t in enumerate(tokens) if t[0] == "field" and t[1][0] in _TIME_FIELDS]
    if zone is None or not times:
        return False, " ", ""
    if zone > times[-1]:
        glue = "".join(str(t[1]) for t in tokens[times[-1] + 1 : zone] if t[0] == "chars")
        if tokens[times[-1]][1][0] == "s":
            glue = re.sub(r"^[^\s(\[（【]+", "", glue)
        after: list[str] = []
        for t in tokens[zone + 1 :]:
            if t[0] != "chars":
                break
            after.append(str(t[1]))
        return False, glue or " ", "".join(after)
    before: list[str] = []
    for t in reversed(tokens[:zone]):
        if t[0] != "chars":
            break
        before.append(str(t[1]))
    glue = "".join(str(t[1]) for t in tokens[zone + 1 : times[0]] if t[0] == "chars")
    return True, glue or " ", "".join(reversed(before))


def _time_text(local: _dt.datetime, loc: Locale, show_zone: bool) -> str:
    text = format_time(local, "short", tzinfo=local.tzinfo, locale=loc)
    if not show_zone:
        return str(text)
    zone_first, glue, outer = _zone_layout(str(loc))
    zone = _zone_name(local, loc)
    if zone_first:
        return f"{outer}{zone}{glue}{text}"
    return f"{text}{glue}{zone}{outer}"


def _unquote(pattern: str) -> str:
    """A CLDR pattern's literal text: ``'at'`` → ``at``, ``''`` → ``'``."""
    return re.sub(r"'('|[^']*)'", lambda m: "'" if m.group(1) == "'" else m.group(1).replace("''", "'"), pattern)


def _datetime_text(local: _dt.datetime, loc: Locale, style: str, show_zone: bool) -> str:
    date_text = format_date(local.date(), style, locale=loc)
    time_text = _time_text(local, loc, show_zone)
    glue = _unquote(str(loc.datetime_formats[style]))
    return re.sub(r"\{([01])\}", lambda m: time_text if m.group(1) == "0" else date_text, glue)


def _fill(template: str, cat: _Catalog, **values: str) -> str:
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise DataError(f"message catalog {cat.path} has a malformed placeholder in {template!r} ({exc})") from exc


def _shape_out(texts: list[str], shape: tuple[int, ...]) -> Any:
    if not shape:
        return texts[0]
    return np.asarray(texts, dtype=np.str_).reshape(shape)


def _relative_choice(relative: Any) -> str:
    if isinstance(relative, (bool, np.bool_)):
        return "on" if relative else "off"
    if isinstance(relative, str) and relative == "auto":
        return "auto"
    raise InvalidArgumentError(f"relative must be True, False or 'auto'; got {describe(relative)}")


def format_due(
    due_at: Any,
    *,
    locale: str,
    time_zone: str,
    date_style: str = "full",
    show_zone: bool = True,
    relative: bool | str = False,
    sent_at: Any = None,
) -> Any:
    """
    A due instant as the customer reads it: their language, date conventions and time zone [1]_.

    Parameters
    ----------
    due_at : array_like of instants
        When the reply is due: ``datetime64`` (read as UTC, as the SLA engine
        returns it), aware datetimes or ISO strings with an offset. [UTC]
    locale : str
        CLDR locale id of the customer (``"de_DE"``, ``"pt-BR"``).
    time_zone : str
        IANA time zone of the customer (``"Europe/Berlin"``).
    date_style : {"full", "long", "medium", "short"}
        CLDR date length: ``"full"`` names the weekday.
    show_zone : bool
        Append the zone: the CLDR short name where the locale has one
        (``MEZ``, ``EDT``), else the short localized GMT format (``GMT+1``,
        ``UTC+2``).
    relative : bool or "auto"
        With ``sent_at``, say "today at 16:00" / "tomorrow at 10:00" when the
        due date is the local date of ``sent_at`` or the next day. ``True``
        needs a message catalog on the CLDR parent chain of ``locale`` (these
        words come from the catalogs; babel's CLDR data has none); ``"auto"``
        uses them where a catalog exists and the absolute form elsewhere.
    sent_at : array_like of instants, optional
        When the customer reads the text; broadcast against ``due_at``. [UTC]

    Returns
    -------
    text : str or ndarray of str
        One text per instant (``str`` for a scalar ``due_at``).

    Raises
    ------
    UnknownCodeError
        For a locale babel does not know, an unknown time zone, or
        ``relative=True`` for a locale without a catalog.
    InvalidArgumentError
        For NaT or malformed instants, a bad ``date_style`` or ``relative``,
        or ``relative`` without ``sent_at``.

    Notes
    -----
    The text is the locale's CLDR date pattern of length ``date_style`` and
    its short time pattern, joined by the locale's date-time pattern of that
    length; the zone is placed as in the locale's long time pattern. A
    promise must hold, so the time is rounded **up** to the whole minute
    (10:59:30 is shown as 11:00).

    References
    ----------
    .. [1] Unicode Consortium, "Unicode Technical Standard #35: Unicode Locale
       Data Markup Language (LDML), Part 4: Dates," https://unicode.org/reports/tr35/tr35-dates.html.

    Examples
    --------
    >>> import numpy as np
    >>> format_due(np.datetime64("2026-12-07T09:00"), locale="de_DE", time_zone="Europe/Berlin")
    'Montag, 7. Dezember 2026, 10:00 MEZ'
    >>> format_due("2026-03-30T08:00Z", locale="en_US", time_zone="America/New_York", date_style="medium")
    'Mar 30, 2026, 4:00\u202fAM EDT'
    >>> format_due(np.datetime64("2026-12-08T09:00"), locale="fr_FR", time_zone="Europe/Paris",
    ...            relative=True, sent_at=np.datetime64("2026-12-07T15:00"))
    'demain à 10:00 UTC+1'
    """
    loc = _parse_locale("locale", locale)
    zone = get_zone("time_zone", time_zone)
    style = _check_style(date_style)
    mode = _relative_choice(relative)
    if not isinstance(show_zone, bool):
        raise InvalidArgumentError(f"show_zone must be True or False; got {describe(show_zone)}")
    due = _instants("due_at", due_at)
    cat: _Catalog | None = None
    if mode != "off":
        if sent_at is None:
            raise InvalidArgumentError("relative needs sent_at (the instant the customer reads the text); got None")
        if mode == "on":
            cat = _resolve_catalog("locale", loc, None)
        else:
            try:
                cat = _resolve_catalog("locale", loc, None)
            except UnknownCodeError:
                cat = None
    sent = _instants("sent_at", sent_at) if sent_at is not None else None
    if sent is not None:
        due, sent = np.broadcast_arrays(due, sent)
    shape = due.shape
    texts = []
    for i, ns in enumerate(due.ravel().tolist()):
        local = _local(_ceil_minute(ns), zone)
        if cat is not None and sent is not None:
            days = (local.date() - _local(int(sent.ravel()[i]), zone).date()).days
            if days in (0, 1):
                template = cat.text(None, _REL_TODAY if days == 0 else _REL_TOMORROW)
                texts.append(_fill(template, cat, time=_time_text(local, loc, show_zone)))
                continue
        texts.append(_datetime_text(local, loc, style, show_zone))
    return _shape_out(texts, shape)


def format_wait(wait_s: npt.ArrayLike, *, locale: str, granularity: str = "minute") -> Any:
    """
    A waiting time in words ("3 minutes", "3 Minuten"), CLDR unit patterns via babel.

    Parameters
    ----------
    wait_s : array_like of float
        Waiting time, at least 0. [s]
    locale : str
        CLDR locale id of the customer.
    granularity : {"second", "minute", "hour", "day"}
        Smallest unit shown; the value is rounded **up** to a whole number of
        this unit (a 61-second wait is "2 minutes"), then shown in the
        largest unit that fits it exactly (120 minutes is "2 hours").

    Returns
    -------
    text : str or ndarray of str

    Raises
    ------
    InvalidArgumentError
        If ``wait_s`` is negative or not finite, or ``granularity`` is unknown.
    UnknownCodeError
        For a locale babel does not know.

    Examples
    --------
    >>> format_wait(150, locale="de"), format_wait([61, 7200], locale="ja").tolist()
    ('3 Minuten', ['2 分', '2 時間'])
    """
    units: dict[Any, int] = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
    if granularity not in units:
        raise InvalidArgumentError(f"granularity must be one of {', '.join(units)}; got {describe(granularity)}")
    loc = _parse_locale("locale", locale)
    seconds = as_float_array("wait_s", wait_s, min_value=0.0)
    step = units[granularity]
    texts = []
    for value in seconds.ravel().tolist():
        whole = math.ceil(value / step) * step
        unit: Any = granularity
        for name in ("day", "hour", "minute"):
            if units[name] > step and whole and whole % units[name] == 0:
                unit = name
                break
        texts.append(
            str(format_timedelta(_dt.timedelta(seconds=whole), granularity=unit, threshold=1e9, locale=loc))
            if whole
            else str(format_timedelta(_dt.timedelta(0), granularity=unit, locale=loc))
        )
    return _shape_out(texts, seconds.shape)


# --------------------------------------------------------------------------- holidays


def _check_holiday_country(country: Any) -> str:
    return profile(country).country  # UnknownCodeError with a suggestion for unknown codes


def _holiday_language(country: str, loc: Locale, fallback: Any) -> str:
    supported = tuple(getattr(_holidays.country_holidays(country), "supported_languages", ()))
    chain = _chain(str(loc))
    for ident in chain:
        if ident in supported:
            return str(ident)
    same = [str(code) for code in supported if code.split("_")[0] == loc.language]
    here = [code for code in same if code.endswith("_" + country)]
    if here:
        return here[0]
    if len(same) == 1:
        return same[0]
    if isinstance(fallback, str):
        base = fallback.split("_")[0]
        english = [str(code) for code in supported if code.split("_")[0] == base]
        if english:
            return english[0]
    raise UnknownCodeError(
        f"locale {str(loc)!r} has no holiday names for {country} in the holidays package "
        f"(languages: {', '.join(supported) or 'none'}); pass fallback='en' for English names"
    )


@functools.lru_cache(maxsize=256)
def _holiday_table(
    country: str, subdiv: str | None, years: tuple[int, ...], language: str | None
) -> Mapping[_dt.date, str]:
    try:
        table = _holidays.country_holidays(country, subdiv=subdiv, years=years, language=language)
    except NotImplementedError:
        known = _holidays.list_supported_countries().get(country, [])
        raise UnknownCodeError(
            f"subdiv must be a subdivision of {country} known to the holidays package "
            f"({', '.join(known) or 'none'}); got {subdiv!r}"
        ) from None
    return FrozenMap(dict(table.items()))


def _check_subdiv(country: str, subdiv: Any) -> str | None:
    if subdiv is None:
        return None
    if not isinstance(subdiv, str):
        raise UnknownCodeError(f"subdiv must be a subdivision code string such as 'BY'; got {describe(subdiv)}")
    _holiday_table(country, subdiv, (2026,), None)
    return subdiv


def _day(name: str, value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        raise InvalidArgumentError(f"{name} must be a date, not a datetime; got {value!r}")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, np.datetime64):
        return _dt.date.fromisoformat(str(value.astype("datetime64[D]")))
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidArgumentError(f"{name} must be a date or an ISO date string such as '2026-12-24'; got {describe(value)}")


def holiday_name(
    day: Any, *, country: str, locale: str, subdiv: str | None = None, fallback: str | None = None
) -> str | None:
    """
    The name of a public holiday in the customer's language (``holidays`` package), or None.

    Parameters
    ----------
    day : datetime.date or str
        The local date (ISO string allowed).
    country : str
        ISO 3166-1 alpha-2 code of the customer's country.
    locale : str
        CLDR locale id; the names come in the first language of its CLDR
        parent chain that ``holidays`` has for the country, else in the
        country's regional variant of the same language (``it`` → ``it_IT``,
        ``sv`` in Finland → ``sv_FI``), else in its only variant.
    subdiv : str, optional
        Subdivision code as in ``holidays`` (``"BY"`` for Bavaria).
    fallback : str, optional
        ``"en"``: English names where the language has none.

    Returns
    -------
    name : str or None
        None if the date is no public holiday there.

    Raises
    ------
    UnknownCodeError
        For an unknown country, subdivision or locale, or no names in the
        locale's language (and no ``fallback``).

    Examples
    --------
    >>> holiday_name("2026-12-26", country="DE", locale="de_DE")
    'Zweiter Weihnachtstag'
    >>> holiday_name("2026-12-26", country="FI", locale="sv_FI"), holiday_name("2026-12-24", country="DE", locale="de")
    ('Annandag jul', None)
    """
    code = _check_holiday_country(country)
    loc = _parse_locale("locale", locale)
    when = _day("day", day)
    table = _holiday_table(code, _check_subdiv(code, subdiv), (when.year,), _holiday_language(code, loc, fallback))
    return table.get(when)


def _holidays_in(
    code: str, subdiv: str | None, language: str | None, first: _dt.date, last: _dt.date
) -> list[tuple[_dt.date, str]]:
    years = tuple(range(first.year, last.year + 1))
    table = _holiday_table(code, subdiv, years, language)
    return sorted((d, name) for d, name in table.items() if first <= d <= last)


def holidays_between(
    start_at: Any,
    end_at: Any,
    *,
    country: str,
    time_zone: str,
    locale: str,
    subdiv: str | None = None,
    fallback: str | None = None,
) -> tuple[tuple[_dt.date, str], ...]:
    """
    Public holidays of a country on the local dates from ``start_at`` to ``end_at``, named in the customer's language.

    Parameters
    ----------
    start_at, end_at : instant
        One instant each (datetime64 read as UTC, aware datetime, ISO string
        with offset); both local dates count. [UTC]
    country : str
        ISO 3166-1 alpha-2 code of the customer's country.
    time_zone : str
        IANA zone whose local dates count.
    locale : str
        CLDR locale id for the names (see :func:`holiday_name`).
    subdiv, fallback : str, optional
        As in :func:`holiday_name`.

    Returns
    -------
    holidays : tuple of (datetime.date, str)
        Sorted by date; empty if none (or if ``end_at`` is before ``start_at``).

    Raises
    ------
    UnknownCodeError
        As in :func:`holiday_name`, and for an unknown time zone.
    InvalidArgumentError
        If an instant is NaT, malformed, or not a single instant.

    Examples
    --------
    >>> holidays_between("2026-12-23T15:00+01:00", "2026-12-28T12:00+01:00",
    ...                  country="DE", time_zone="Europe/Berlin", locale="de_DE")
    ((datetime.date(2026, 12, 25), 'Erster Weihnachtstag'), (datetime.date(2026, 12, 26), 'Zweiter Weihnachtstag'))
    """
    code = _check_holiday_country(country)
    loc = _parse_locale("locale", locale)
    zone = get_zone("time_zone", time_zone)
    start = _instants("start_at", start_at)
    end = _instants("end_at", end_at)
    if start.ndim or end.ndim:
        raise InvalidArgumentError(
            f"start_at and end_at must be single instants; got shapes {start.shape} and {end.shape}"
        )
    first = _local(int(start), zone).date()
    last = _local(int(end), zone).date()
    if last < first:
        return ()
    language = _holiday_language(code, loc, fallback)
    return tuple(_holidays_in(code, _check_subdiv(code, subdiv), language, first, last))


# --------------------------------------------------------------------------- promises


def _market(country: Any, loc: Locale) -> CultureProfile:
    if country is not None:
        return profile(country)
    code = _territory(loc)
    if code is None:
        raise InvalidArgumentError(
            f"country is needed: locale {str(loc)!r} names no territory and CLDR has no likely one; "
            "pass country='DE' (the customer's country)"
        )
    return profile(code)


def promise(
    due_at: Any,
    *,
    locale: str,
    time_zone: str,
    formal: bool | None = None,
    country: str | None = None,
    subdiv: str | None = None,
    sent_at: Any = None,
    relative: bool = False,
    date_style: str | None = None,
    fallback: str | None = None,
    on_holiday: str = "raise",
) -> Any:
    """
    The customer-facing acknowledgement "We will reply by {due}." in the customer's language and register.

    Parameters
    ----------
    due_at : array_like of instants
        When the reply is due, e.g. the SLA engine's ``due_at`` or
        :func:`~cultureservice.calendar.add_business_seconds`; ``datetime64``
        is read as UTC. [UTC]
    locale : str
        CLDR locale id of the customer (``"de_DE"``); the sentence comes from
        the first catalog on its CLDR parent chain (see the module notes).
    time_zone : str
        IANA time zone of the customer.
    formal : bool, optional
        Register: True for the formal "you" (Sie, vous, usted, Pan/Pani,
        keigo), False for the informal one (du, tu, tú). Default: the market's
        :attr:`~cultureservice.culture.CultureProfile.formality` (formal in
        Germany, informal in Sweden). English has one register.
    country : str, optional
        The customer's country (ISO 3166-1 alpha-2) for the register and the
        public holidays; default the locale's territory (``de_AT`` → AT) or
        CLDR's likely territory for a bare language (``de`` → DE).
    subdiv : str, optional
        Subdivision for regional holidays (``"BY"``), as in ``holidays``.
    sent_at : array_like of instants, optional
        When the customer reads the promise (usually the ticket's creation);
        broadcast against ``due_at``. With it, public holidays of the
        customer's country on the local dates from ``sent_at`` to ``due_at``
        are announced first ("Please note the public holidays: …"), and
        ``relative`` can apply. [UTC]
    relative : bool
        Say "today by 16:00" / "tomorrow by 10:00" when the due date is the
        local date of ``sent_at`` or the next one (and no holiday notice is
        needed).
    date_style : {"full", "long", "medium", "short"}, optional
        CLDR date length for ``{due}``; default the catalog's choice, the one
        that reads correctly in its sentence (full in German; long in Polish,
        Czech, Finnish and Lithuanian, whose prepositions need the date in a
        case the weekday name would break).
    fallback : str, optional
        Catalog locale (``"en"``) used when ``locale`` has none on its
        parent chain; the whole text (dates and holiday names included) is
        then in the fallback language. It also gives holiday names in that
        language where ``holidays`` has none in the customer's language (a
        Spanish-speaking customer in Germany).
    on_holiday : {"raise", "allow"}
        What to do when the due date is a public holiday of the customer's
        country: ``"raise"`` (default: compute ``due_at`` with the market's
        calendar instead) or ``"allow"`` (the team works that day).

    Returns
    -------
    text : str or ndarray of str
        One message per due instant.

    Raises
    ------
    UnknownCodeError
        For a locale without a catalog on its parent chain (and no
        ``fallback``), an unknown time zone, country or subdivision, or no
        holiday names in the customer's language.
    InvalidArgumentError
        For NaT or malformed instants, ``due_at`` before ``sent_at``, a due
        date on a public holiday with ``on_holiday="raise"``, ``relative``
        without ``sent_at``, or bad options.

    See Also
    --------
    format_due : the due instant alone.
    cultureservice.calendar.add_business_seconds : a due instant from business hours.

    Notes
    -----
    The time is rounded up to the whole minute, so the promise holds whenever
    the reply meets ``due_at``.

    Examples
    --------
    A German customer writes on 23 December 2026 at 15:00; the desk is open
    09:00–17:00 on weekdays, 09:00–12:00 on 24 December, and the SLA grants
    eight business hours:

    >>> from datetime import date
    >>> from cultureservice.calendar import BusinessCalendar, add_business_seconds
    >>> desk = BusinessCalendar.for_country("DE", hours=[("09:00", "17:00")],
    ...                                     date_overrides={date(2026, 12, 24): [("09:00", "12:00")]})
    >>> sent = np.datetime64("2026-12-23T14:00")                       # 15:00 MEZ
    >>> promise(add_business_seconds(desk, sent, 4 * 3600), locale="de_DE", time_zone="Europe/Berlin")
    'Wir antworten Ihnen bis Donnerstag, 24. Dezember 2026, 11:00 MEZ.'
    >>> print(promise(add_business_seconds(desk, sent, 8 * 3600), locale="de_DE",
    ...               time_zone="Europe/Berlin", sent_at=sent))
    Bitte beachten Sie die Feiertage: Erster Weihnachtstag (25. Dezember) und Zweiter Weihnachtstag (26. Dezember). Wir antworten Ihnen bis Montag, 28. Dezember 2026, 12:00 MEZ.
    >>> promise(np.datetime64("2026-06-03T12:00"), locale="sv_SE", time_zone="Europe/Stockholm",
    ...         sent_at=np.datetime64("2026-06-02T09:00"), relative=True)
    'Vi svarar dig i morgon senast kl. 14:00 CEST.'
    """
    loc = _parse_locale("locale", locale)
    zone = get_zone("time_zone", time_zone)
    cat = _resolve_catalog("locale", loc, fallback)
    market_loc = loc
    if cat.locale not in _chain(str(loc)):
        loc = Locale.parse(cat.locale)
    if formal is not None and not isinstance(formal, (bool, np.bool_)):
        raise InvalidArgumentError(f"formal must be True, False or None (the market's formality); got {describe(formal)}")
    if on_holiday not in ("raise", "allow"):
        raise InvalidArgumentError(f"on_holiday must be 'raise' or 'allow'; got {describe(on_holiday)}")
    if not isinstance(relative, (bool, np.bool_)):
        raise InvalidArgumentError(f"relative must be True or False; got {describe(relative)}")
    if relative and sent_at is None:
        raise InvalidArgumentError("relative needs sent_at (the instant the customer reads the promise); got None")
    style = _catalog_style(cat) if date_style is None else _check_style(date_style)
    market = _market(country, market_loc)
    code = market.country
    register = ("formal" if market.formality == "formal" else "informal") if formal is None else (
        "formal" if formal else "informal"
    )
    sub = _check_subdiv(code, subdiv)
    language: str | None = None  # the customer's language for holiday names, resolved when needed
    due = _instants("due_at", due_at)
    sent = _instants("sent_at", sent_at) if sent_at is not None else None
    if sent is not None:
        due, sent = np.broadcast_arrays(due, sent)
        early = due < sent
        if early.any():
            raise InvalidArgumentError(
                f"due_at must not be before sent_at; {first_bad(due.astype('datetime64[ns]').astype(str), early)}"
            )
    shape = due.shape
    flat_due = due.ravel().tolist()
    flat_sent = sent.ravel().tolist() if sent is not None else None
    texts = []
    for i, ns in enumerate(flat_due):
        local = _local(_ceil_minute(ns), zone)
        day = local.date()
        on_day = _holidays_in(code, sub, None, day, day)
        if on_day and on_holiday == "raise":
            where = f" at index {i}" if shape else ""
            raise InvalidArgumentError(
                f"due_at falls on a public holiday of {code}{where}: {on_day[0][1]} on {day.isoformat()} "
                f"(compute due_at with the market's calendar, e.g. profile({code!r}).calendar(), "
                "or pass on_holiday='allow' if the team replies that day)"
            )
        ack = _fill(cat.text(register, _ACK), cat, due=_datetime_text(local, loc, style, True))
        if flat_sent is None:
            texts.append(ack)
            continue
        start = _local(int(flat_sent[i]), zone).date()
        found = _holidays_in(code, sub, None, start, day)
        if found:
            if language is None:
                language = _holiday_language(code, loc, fallback)
            found = _holidays_in(code, sub, language, start, day)
            items = [
                _fill(cat.text(None, _ITEM), cat, holiday=name, date=str(format_skeleton("MMMMd", d, locale=loc)))
                for d, name in found
            ]
            notice = _fill(cat.text(register, _NOTICE[0], len(items)), cat, holidays=format_list(items, locale=loc))
            texts.append(_fill(cat.text(None, _JOIN), cat, notice=notice, promise=ack))
            continue
        days = (day - start).days
        if relative and days in (0, 1):
            template = cat.text(register, _TODAY if days == 0 else _TOMORROW)
            texts.append(_fill(template, cat, time=_time_text(local, loc, True)))
            continue
        texts.append(ack)
    return _shape_out(texts, shape)


# --------------------------------------------------------------------------- languages


def _language_code(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnknownCodeError(f"{name} must hold CLDR language ids such as 'de'; got {describe(value)}")
    try:
        loc = Locale.parse(value.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise UnknownCodeError(
            f"{name} must hold CLDR language ids known to babel such as 'de' or 'en'; got {value!r}"
        ) from None
    return str(loc.language)


@attrs.frozen(kw_only=True)
class LanguageChoice:
    """Which language to serve a market in, and whom each choice reaches.

    Attributes
    ----------
    country : str
        The market. [ISO 3166-1 alpha-2]
    channel : str
        The channel the reach applies to (acceptance of the fallback
        language differs by channel).
    language : str
        The single team language that reaches the most customers (first in
        ``agent_languages`` on a tie).
    reach : float
        Share of the market's customers reached by ``language`` alone. [0-1]
    options : mapping of str to float
        Each team language to the share it reaches alone, best first. [0-1]
    reach_all : float
        Share reached when each customer is served in their own language
        where the team speaks it, else in the fallback language if the team
        speaks it and the customer accepts it. [0-1]
    uncovered : mapping of str to float
        Market languages the team does not speak (after equivalents) to
        their demand share. [0-1]
    fallback_language : str
        The market's fallback language (English unless the profile says otherwise).
    """

    country: str
    channel: str
    language: str
    reach: float
    options: FrozenMap[str, float]
    reach_all: float
    uncovered: FrozenMap[str, float]
    fallback_language: str


def choose_language(
    country: str | CultureProfile,
    agent_languages: Iterable[str],
    *,
    channel: str = "email",
    equivalents: Mapping[str, str] | None = None,
    fallback_language: str = "en",
) -> LanguageChoice:
    """
    Which language to serve a market in, given its language split and the languages a team speaks.

    Parameters
    ----------
    country : str or CultureProfile
        The market: an ISO 3166-1 alpha-2 code (its :func:`~cultureservice.culture.profile`)
        or a profile (e.g. one with overridden ``languages`` or
        ``fallback_acceptance``).
    agent_languages : iterable of str
        CLDR language ids the team speaks (``["de", "en"]``); a locale id
        counts as its language.
    channel : str
        Channel of the contact (one of :data:`cultureservice.culture.CHANNELS`);
        acceptance of the fallback language depends on it.
    equivalents : mapping of str to str, optional
        Market language to the team language that serves its speakers
        natively; default :data:`DEFAULT_EQUIVALENTS` (Swiss German speakers
        are served in German, CLDR language matching).
    fallback_language : str
        The language the profile's ``fallback_acceptance`` refers to: the
        planning assumption ``fallback_acceptance.language``, English unless
        changed there.

    Returns
    -------
    choice : LanguageChoice

    Raises
    ------
    UnknownCodeError
        For an unknown country or language id.
    InvalidArgumentError
        For an empty ``agent_languages`` or an unknown channel.

    Notes
    -----
    With demand shares :math:`s_\\ell` (profile ``languages``), the fallback
    language :math:`f` and the profile's fallback acceptance :math:`a_c` on
    channel :math:`c` (the share of *all* the market's customers who accept
    :math:`f`, its native speakers included), a team language :math:`\\ell`
    alone reaches :math:`s_\\ell` (plus the shares of languages whose
    equivalent it is), and :math:`f` alone reaches :math:`\\max(a_c, s_f)`.
    Serving everyone in their own language where possible reaches
    :math:`S + (1 - S)\\,\\frac{a_c - s_f}{1 - s_f}` with :math:`S` the share
    covered natively, when the team speaks :math:`f` (acceptance is assumed
    independent of the native language), else :math:`S`.

    Examples
    --------
    >>> ch = choose_language("CH", ["de", "fr", "en"], channel="phone")
    >>> ch.language, round(ch.reach, 3), round(ch.reach_all, 3), dict(ch.uncovered)
    ('de', 0.724, 0.934, {'it': 0.07653061224489796})
    """
    market = country if isinstance(country, CultureProfile) else profile(country)
    if channel not in CHANNELS:
        raise InvalidArgumentError(f"channel must be one of {', '.join(CHANNELS)}; got {describe(channel)}")
    if isinstance(agent_languages, str):
        agent_languages = [agent_languages]
    spoken: list[str] = []
    for value in agent_languages:
        code = _language_code("agent_languages", value)
        if code not in spoken:
            spoken.append(code)
    if not spoken:
        raise InvalidArgumentError("agent_languages must name at least one language; got none")
    table = dict(DEFAULT_EQUIVALENTS if equivalents is None else equivalents)
    for key, target in table.items():
        _language_code("equivalents", key)
        _language_code("equivalents", target)
    shares = {code: float(share) for code, share in market.languages.items()}
    fallback_code = _language_code("fallback_language", fallback_language)
    accept = float(market.fallback_acceptance[channel])
    native_f = shares.get(fallback_code, 0.0) + sum(s for m, s in shares.items() if table.get(m) == fallback_code)

    def native(language: str) -> float:
        return math.fsum(s for m, s in shares.items() if m == language or table.get(m) == language)

    options = {}
    for language in spoken:
        reach = native(language)
        if language == fallback_code:
            reach = max(reach, accept)
        options[language] = min(reach, 1.0)
    covered = math.fsum(s for m, s in shares.items() if m in spoken or table.get(m) in spoken)
    reach_all = covered
    if fallback_code in spoken and native_f < 1.0:
        rate = max(0.0, (accept - native_f) / (1.0 - native_f))
        reach_all = covered + (1.0 - covered) * rate
    best = max(spoken, key=lambda code: (options[code], -spoken.index(code)))
    ordered = sorted(options.items(), key=lambda kv: (-kv[1], spoken.index(kv[0])))
    uncovered = {m: s for m, s in shares.items() if m not in spoken and table.get(m) not in spoken}
    return LanguageChoice(
        country=market.country,
        channel=channel,
        language=best,
        reach=options[best],
        options=FrozenMap(ordered),
        reach_all=min(reach_all, 1.0),
        uncovered=FrozenMap(uncovered),
        fallback_language=fallback_code,
    )
