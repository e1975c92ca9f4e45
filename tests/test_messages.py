"""Tests of cultureservice.messages: catalogs, due-time formatting, promises, holidays, languages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from babel.messages.plurals import get_plural
from hypothesis import given
from hypothesis import strategies as st
from oracles_messages import (
    babel_parts,
    ceil_minute,
    cldr_join,
    gmt_short,
    header_fields,
    local_time,
    placeholders,
    read_po_entries,
)

from cultureservice import InvalidArgumentError, UnknownCodeError
from cultureservice.calendar import (
    BusinessCalendar,
    add_business_seconds,
    business_seconds,
)
from cultureservice.culture import profile
from cultureservice.messages import (
    DATE_STYLES,
    catalog_locales,
    choose_language,
    format_due,
    format_wait,
    holiday_name,
    holidays_between,
    promise,
)

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "cultureservice" / "locale"
REQUIRED = {"en", "de", "fr", "es", "it", "pl", "pt", "fi", "sv", "cs", "lt", "ja"}
# Languages with a T-V distinction (or, in Japanese, honorific registers): formal and informal must differ.
T_V = {"de", "fr", "es", "it", "pl", "pt", "pt_PT", "fi", "sv", "cs", "lt", "ja"}
# A customer locale and a time zone with a DST change for every catalog.
ZONES = {
    "en": ("en_GB", "Europe/London"),
    "de": ("de_DE", "Europe/Berlin"),
    "fr": ("fr_FR", "Europe/Paris"),
    "es": ("es_ES", "Europe/Madrid"),
    "it": ("it_IT", "Europe/Rome"),
    "pl": ("pl_PL", "Europe/Warsaw"),
    "pt": ("pt_BR", "America/Sao_Paulo"),
    "pt_PT": ("pt_PT", "Europe/Lisbon"),
    "fi": ("fi_FI", "Europe/Helsinki"),
    "sv": ("sv_SE", "Europe/Stockholm"),
    "cs": ("cs_CZ", "Europe/Prague"),
    "lt": ("lt_LT", "Europe/Vilnius"),
    "ja": ("ja_JP", "Asia/Tokyo"),
}


def _po(locale):
    return read_po_entries(LOCALE_DIR / locale / "LC_MESSAGES" / "cultureservice.po")


def _messages(locale):
    return [e for e in _po(locale) if e.msgid]


def _key(entry):
    return (entry.context, entry.msgid)


def _ns(dt):
    return np.datetime64(dt.astimezone(UTC).replace(tzinfo=None), "ns")


# --------------------------------------------------------------------------- catalogs


def test_catalogs_ship_for_every_required_language():
    assert REQUIRED <= set(catalog_locales())
    assert set(catalog_locales()) == {p.name for p in LOCALE_DIR.iterdir() if p.is_dir()}
    assert set(ZONES) == set(catalog_locales())


@pytest.mark.parametrize("locale", sorted(ZONES))
def test_catalog_header(locale):
    entries = _po(locale)
    assert entries[0].msgid == "" and entries[0].context is None
    fields = header_fields(entries[0])
    assert fields["Language"] == locale
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    nplurals, expr = get_plural(locale)
    assert fields["Plural-Forms"] == f"nplurals={nplurals}; plural={expr};"


@pytest.mark.parametrize("locale", sorted(ZONES))
def test_catalog_has_no_duplicates_and_is_complete(locale):
    keys = [_key(e) for e in _messages(locale)]
    assert len(keys) == len(set(keys)), "duplicate msgctxt/msgid"
    english = {_key(e) for e in _messages("en")}
    assert set(keys) == english
    for entry in _messages(locale):
        assert "fuzzy" not in entry.flags
        if entry.msgid_plural is None:
            assert entry.msgstr, f"{entry.msgid!r} untranslated"
        else:
            nplurals, _ = get_plural(locale)
            assert sorted(entry.msgstr_plural) == list(range(nplurals))
            assert all(entry.msgstr_plural.values())


@pytest.mark.parametrize("locale", sorted(ZONES))
def test_every_entry_has_a_translator_comment(locale):
    for entry in _messages(locale):
        assert entry.comments and len(" ".join(entry.comments)) > 40, f"{entry.msgid!r} lacks a comment"


@pytest.mark.parametrize("locale", sorted(ZONES))
def test_placeholders_are_named_and_identical_to_the_english_msgid(locale):
    for entry in _messages(locale):
        wanted = placeholders(entry.msgid)
        assert "" not in wanted, "positional placeholder"
        if entry.msgid_plural is not None:
            assert placeholders(entry.msgid_plural) == wanted
        translations = [entry.msgstr] if entry.msgid_plural is None else list(entry.msgstr_plural.values())
        for text in translations:
            assert placeholders(text) == wanted, (entry.msgid, text)
            text.format(**{name: "x" for name in wanted})  # well-formed braces


@pytest.mark.parametrize("locale", sorted(ZONES))
def test_formal_and_informal_variants(locale):
    entries = {_key(e): e for e in _messages(locale)}
    registered = {msgid for (ctx, msgid) in entries if ctx in ("formal", "informal")}
    assert "We will reply by {due}." in registered
    for msgid in registered:
        formal, informal = entries[("formal", msgid)], entries[("informal", msgid)]
        if locale in T_V:
            assert (formal.msgstr, formal.msgstr_plural) != (informal.msgstr, informal.msgstr_plural), msgid


@pytest.mark.parametrize("locale", sorted(ZONES))
def test_date_style_setting_is_a_cldr_length(locale):
    (entry,) = [e for e in _messages(locale) if e.context == "date style"]
    assert entry.msgstr in DATE_STYLES


# --------------------------------------------------------------------------- format_due against babel


DST_INSTANTS = {  # UTC instants on both sides of a DST change in the zone
    "Europe": [datetime(2026, 3, 28, 9, 0, tzinfo=UTC), datetime(2026, 3, 30, 9, 0, tzinfo=UTC),
               datetime(2026, 10, 24, 9, 0, tzinfo=UTC), datetime(2026, 10, 26, 9, 0, tzinfo=UTC)],
    "America/New_York": [datetime(2026, 3, 7, 15, 0, tzinfo=UTC), datetime(2026, 3, 9, 15, 0, tzinfo=UTC)],
}


def _cases():
    for catalog, (locale, zone) in sorted(ZONES.items()):
        # zones without DST (Tokyo, Sao Paulo) are also checked in a zone with one
        zones = [zone] if zone.startswith("Europe") else [zone, "America/New_York"]
        for z in zones:
            for style in DATE_STYLES:
                yield pytest.param(locale, z, style, id=f"{locale}-{z}-{style}")


@pytest.mark.parametrize(("locale", "zone", "style"), list(_cases()))
def test_format_due_matches_babel_across_dst(locale, zone, style):
    instants = DST_INSTANTS["Europe" if zone.startswith("Europe") else "America/New_York"]
    if zone in ("Asia/Tokyo", "America/Sao_Paulo"):
        instants = DST_INSTANTS["Europe"]
    due = np.array([_ns(t) for t in instants])
    plain = format_due(due, locale=locale, time_zone=zone, date_style=style, show_zone=False)
    zoned = format_due(due, locale=locale, time_zone=zone, date_style=style)
    offsets = set()
    for t, text, with_zone in zip(instants, plain.tolist(), zoned.tolist(), strict=True):
        local = local_time(t, zone)
        offsets.add(local.utcoffset())
        date_text, time_text, zone_name = babel_parts(local, locale, style)
        assert text == cldr_join(locale, style, date_text, time_text)
        if re.fullmatch(r"[+-]\d{4}", zone_name):
            zone_name = gmt_short(local, locale)
        assert with_zone.startswith(cldr_join(locale, style, date_text, "").rstrip())
        assert time_text in with_zone and zone_name in with_zone
        assert with_zone.replace(zone_name, "").replace(time_text, "").count(date_text) == 1
    if zone != "Asia/Tokyo" and zone != "America/Sao_Paulo":
        assert len(offsets) == 2, "the instants must straddle a DST change"


def test_format_due_wall_clock_across_the_spring_gap():
    before = _ns(datetime(2026, 3, 29, 0, 30, tzinfo=UTC))  # 01:30 CET
    after = _ns(datetime(2026, 3, 29, 1, 30, tzinfo=UTC))   # 03:30 CEST
    texts = format_due([before, after], locale="de_DE", time_zone="Europe/Berlin", date_style="short").tolist()
    assert texts == ["29.03.26, 01:30 MEZ", "29.03.26, 03:30 MESZ"]


def test_format_due_rounds_up_to_the_minute():
    text = format_due(np.datetime64("2026-12-31T22:59:30"), locale="de_DE", time_zone="Europe/Berlin")
    assert text == "Freitag, 1. Januar 2027, 00:00 MEZ"
    exact = format_due(np.datetime64("2026-12-31T22:59"), locale="de_DE", time_zone="Europe/Berlin")
    assert exact == "Donnerstag, 31. Dezember 2026, 23:59 MEZ"


def test_format_due_zone_placement_and_gmt_fallback():
    # English has no abbreviation for Central European Time: the short localized GMT format is used.
    assert format_due("2026-07-03T08:00Z", locale="en", time_zone="Europe/Berlin").endswith("10:00\u202fAM GMT+2")
    assert format_due("2026-07-03T08:00Z", locale="de", time_zone="Asia/Kolkata").endswith("13:30 GMT+5:30")
    assert format_due("2026-07-03T08:00Z", locale="fr", time_zone="Europe/Paris").endswith("10:00 UTC+2")
    # Traditional Chinese puts the zone in brackets after the time (long time pattern "Bh:mm:ss [z]").
    assert format_due("2026-07-03T08:00Z", locale="zh_Hant", time_zone="Asia/Taipei").endswith("[GMT+8]")


def test_format_due_relative_words_follow_the_customers_midnight():
    sent = _ns(datetime(2026, 6, 2, 14, 0, tzinfo=UTC))        # 23:00 in Tokyo
    due = _ns(datetime(2026, 6, 2, 16, 0, tzinfo=UTC))         # 01:00 the next day in Tokyo
    assert format_due(due, locale="en", time_zone="Asia/Tokyo", relative=True, sent_at=sent) == (
        "tomorrow at 1:00\u202fAM GMT+9"
    )
    assert format_due(due, locale="en", time_zone="Europe/London", relative=True, sent_at=sent) == (
        "today at 5:00\u202fPM GMT+1"
    )
    assert format_due(due, locale="ja", time_zone="Asia/Tokyo", relative=True, sent_at=sent) == "明日 1:00 JST"
    later = due + np.timedelta64(3, "D")
    assert format_due(later, locale="de", time_zone="Europe/Berlin", relative=True, sent_at=sent) == (
        format_due(later, locale="de", time_zone="Europe/Berlin")
    )


def test_format_due_relative_needs_a_catalog_unless_auto():
    sent = np.datetime64("2026-06-02T09:00")
    with pytest.raises(UnknownCodeError, match="locale"):
        format_due(sent, locale="ko", time_zone="Asia/Seoul", relative=True, sent_at=sent)
    auto = format_due(sent, locale="ko", time_zone="Asia/Seoul", relative="auto", sent_at=sent)
    assert auto == format_due(sent, locale="ko", time_zone="Asia/Seoul")
    with pytest.raises(InvalidArgumentError, match="sent_at"):
        format_due(sent, locale="de", time_zone="Europe/Berlin", relative=True)
    with pytest.raises(InvalidArgumentError, match="relative"):
        format_due(sent, locale="de", time_zone="Europe/Berlin", relative="yes", sent_at=sent)


def test_format_due_shapes_and_inputs_untouched():
    due = np.array([["2026-01-05T10:00", "2026-01-06T10:00"]], dtype="datetime64[ns]")
    due.flags.writeable = False
    out = format_due(due, locale="en_US", time_zone="UTC", date_style="short")
    assert out.shape == (1, 2) and out.dtype.kind == "U"
    assert isinstance(format_due(due[0, 0], locale="en_US", time_zone="UTC"), str)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"locale": "xx_YY"}, "locale"),
        ({"locale": 7}, "locale"),
        ({"time_zone": "Europe/Berlinn"}, "time_zone"),
        ({"date_style": "longest"}, "date_style"),
        ({"show_zone": "yes"}, "show_zone"),
    ],
)
def test_format_due_errors_name_the_argument(kwargs, name):
    args = {"locale": "de_DE", "time_zone": "Europe/Berlin", **kwargs}
    with pytest.raises(InvalidArgumentError, match=name):
        format_due(np.datetime64("2026-01-05T10:00"), **args)


def test_format_due_refuses_nat_and_naive():
    with pytest.raises(InvalidArgumentError, match=r"due_at .*NaT.* at index 1"):
        format_due(np.array(["2026-01-05T10:00", "NaT"], dtype="datetime64[ns]"), locale="de", time_zone="UTC")
    with pytest.raises(InvalidArgumentError, match="due_at"):
        format_due(datetime(2026, 1, 5, 10), locale="de", time_zone="UTC")


@given(
    seconds=st.integers(min_value=0, max_value=3 * 365 * 86400),
    catalog=st.sampled_from(sorted(ZONES)),
    style=st.sampled_from(DATE_STYLES),
)
def test_format_due_property_matches_babel(seconds, catalog, style):
    locale, zone = ZONES[catalog]
    utc = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    shown = local_time(ceil_minute(utc), zone)
    date_text, time_text, _ = babel_parts(shown, locale, style)
    assert format_due(_ns(utc), locale=locale, time_zone=zone, date_style=style, show_zone=False) == (
        cldr_join(locale, style, date_text, time_text)
    )


# --------------------------------------------------------------------------- promises


@pytest.fixture(scope="module")
def german_desk():
    """A German desk: weekdays 09:00-17:00, a 09:00-12:00 half day on 24 December, German holidays."""
    return BusinessCalendar.for_country(
        "DE", hours=[("09:00", "17:00")], date_overrides={date(2026, 12, 24): [("09:00", "12:00")]}
    )


def test_german_promise_on_christmas_eve_respects_the_half_day(german_desk):
    sent = _ns(datetime(2026, 12, 23, 14, 0, tzinfo=UTC))  # Wednesday 15:00 MEZ
    # 2 h left on the 23rd, then the half day: 4 business hours end at 11:00 on the 24th.
    due = add_business_seconds(german_desk, sent, 4 * 3600)
    assert float(business_seconds(german_desk, sent, due)) == 4 * 3600
    text = promise(due, locale="de_DE", time_zone="Europe/Berlin")
    assert text == "Wir antworten Ihnen bis Donnerstag, 24. Dezember 2026, 11:00 MEZ."
    # 5 h end exactly at the half day's 12:00 close, not at 17:00.
    closing = promise(add_business_seconds(german_desk, sent, 5 * 3600), locale="de_DE", time_zone="Europe/Berlin")
    assert closing == "Wir antworten Ihnen bis Donnerstag, 24. Dezember 2026, 12:00 MEZ."
    # 6 h do not fit: the budget is pushed past the half day and both Christmas holidays.
    pushed = add_business_seconds(german_desk, sent, 6 * 3600)
    assert pushed == _ns(datetime(2026, 12, 28, 9, 0, tzinfo=UTC))
    text = promise(pushed, locale="de_DE", time_zone="Europe/Berlin", sent_at=sent)
    assert text == (
        "Bitte beachten Sie die Feiertage: Erster Weihnachtstag (25. Dezember) und Zweiter Weihnachtstag "
        "(26. Dezember). Wir antworten Ihnen bis Montag, 28. Dezember 2026, 10:00 MEZ."
    )
    assert "Ihnen" in text and " dir " not in text


def test_promise_register_defaults_from_the_market_and_can_be_overridden():
    due = np.datetime64("2026-06-10T08:00")
    assert profile("SE").formality == "informal" and profile("DE").formality == "formal"
    assert promise(due, locale="sv_SE", time_zone="Europe/Stockholm") == "Vi svarar dig senast onsdag 10 juni 2026 10:00 CEST."
    assert promise(due, locale="sv_SE", time_zone="Europe/Stockholm", formal=True) == (
        "Vi svarar er senast onsdag 10 juni 2026 10:00 CEST."
    )
    assert promise(due, locale="de_DE", time_zone="Europe/Berlin", formal=False) == (
        "Wir antworten dir bis Mittwoch, 10. Juni 2026, 10:00 MESZ."
    )
    assert promise(due, locale="fr", time_zone="Europe/Paris") == (
        "Nous vous répondrons au plus tard le mercredi 10 juin 2026, 10:00 UTC+2."
    )
    # the country, not the locale, decides the register: German speakers in Sweden are addressed as in Sweden
    assert "dir" in promise(due, locale="de", country="SE", time_zone="Europe/Stockholm")


def test_promise_uses_the_catalogs_date_style():
    due = np.datetime64("2026-06-10T08:00")
    assert promise(due, locale="pl_PL", time_zone="Europe/Warsaw") == "Odpowiemy Państwu do 10 czerwca 2026 10:00 CEST."
    assert promise(due, locale="cs_CZ", time_zone="Europe/Prague") == "Odpovíme Vám do 10. června 2026 10:00 SELČ."
    assert promise(due, locale="pl_PL", time_zone="Europe/Warsaw", date_style="short", formal=False) == (
        "Odpowiemy Ci do 10.06.2026, 10:00 CEST."
    )


def test_promise_relative_and_holiday_notice():
    sent = np.datetime64("2026-06-02T07:00")
    assert promise(np.datetime64("2026-06-02T14:00"), locale="de_DE", time_zone="Europe/Berlin",
                   sent_at=sent, relative=True) == "Wir antworten Ihnen heute bis 16:00 MESZ."
    assert promise(np.datetime64("2026-06-03T14:00"), locale="es_ES", time_zone="Europe/Madrid",
                   sent_at=sent, relative=True) == "Le responderemos mañana, a más tardar a las 16:00 CEST."
    # Italy: 2 June is Festa della Repubblica, so the notice (and the absolute date) is used.
    text = promise(np.datetime64("2026-06-03T14:00"), locale="it_IT", time_zone="Europe/Rome", sent_at=sent,
                   relative=True, formal=False)
    assert text == (
        "Tieni presente il giorno festivo: Festa della Repubblica (2 giugno). "
        "Ti risponderemo entro mercoledì 3 giugno 2026 16:00 CEST."
    )
    ja = promise(np.datetime64("2026-11-24T03:00"), locale="ja_JP", time_zone="Asia/Tokyo",
                 sent_at=np.datetime64("2026-11-22T03:00"))
    assert ja == "下記の祝日にご留意ください：勤労感謝の日（11月23日）。2026年11月24日火曜日 12:00 JSTまでにご返信いたします。"


def test_promise_plural_forms_follow_the_language():
    sent = np.datetime64("2026-12-23T08:00")
    due = np.datetime64("2026-12-28T10:00")
    three = promise(due, locale="pl_PL", time_zone="Europe/Warsaw", sent_at=sent)
    assert three.startswith("Prosimy Państwa o uwzględnienie dni wolnych od pracy: 24 grudnia – Wigilia")
    one = promise(np.datetime64("2026-11-12T10:00"), locale="pl_PL", time_zone="Europe/Warsaw",
                  sent_at=np.datetime64("2026-11-10T10:00"))
    assert one.startswith("Prosimy Państwa o uwzględnienie dnia wolnego od pracy: 11 listopada –")


def test_promise_follows_the_cldr_parent_chain():
    due = np.datetime64("2027-01-11T09:00")
    assert promise(due, locale="de_AT", time_zone="Europe/Vienna") == (
        "Wir antworten Ihnen bis Montag, 11. Jänner 2027, 10:00 MEZ."
    )
    assert promise(due, locale="pt_AO", time_zone="Africa/Luanda").startswith("Iremos responder-lhe até")
    assert promise(due, locale="pt_BR", time_zone="America/Sao_Paulo").startswith("Responderemos à sua mensagem até")
    assert promise(due, locale="es_MX", time_zone="America/Mexico_City").startswith("Le responderemos")
    assert promise(due, locale="en_GB", time_zone="Europe/London") == "We will reply by Monday, 11 January 2027, 09:00 GMT."


def test_promise_unknown_locale_needs_explicit_fallback():
    due = np.datetime64("2027-01-11T09:00")
    with pytest.raises(UnknownCodeError, match=r"locale .*'ko_KR'.*fallback='en'"):
        promise(due, locale="ko_KR", time_zone="Asia/Seoul")
    text = promise(due, locale="ko_KR", time_zone="Asia/Seoul", fallback="en")
    assert text == "We will reply by Monday, January 11, 2027, 6:00\u202fPM GMT+9."
    with pytest.raises(UnknownCodeError, match="fallback"):
        promise(due, locale="ko_KR", time_zone="Asia/Seoul", fallback="tlh")


def test_promise_refuses_a_due_date_on_the_customers_holiday():
    christmas = np.datetime64("2026-12-25T09:00")
    with pytest.raises(InvalidArgumentError, match=r"due_at falls on a public holiday of DE.*2026-12-25"):
        promise(christmas, locale="de_DE", time_zone="Europe/Berlin")
    with pytest.raises(InvalidArgumentError, match="at index 1"):
        promise([np.datetime64("2026-12-28T09:00"), christmas], locale="de_DE", time_zone="Europe/Berlin")
    allowed = promise(christmas, locale="de_DE", time_zone="Europe/Berlin", on_holiday="allow")
    assert allowed == "Wir antworten Ihnen bis Freitag, 25. Dezember 2026, 10:00 MEZ."
    # a regional holiday only counts with the subdivision: Epiphany in Bavaria
    epiphany = np.datetime64("2026-01-06T09:00")
    assert promise(epiphany, locale="de_DE", time_zone="Europe/Berlin").endswith("10:00 MEZ.")
    with pytest.raises(InvalidArgumentError, match="Heilige Drei Könige|Epiphany"):
        promise(epiphany, locale="de_DE", time_zone="Europe/Berlin", subdiv="BY")


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"formal": "yes"}, InvalidArgumentError, "formal"),
        ({"on_holiday": "ignore"}, InvalidArgumentError, "on_holiday"),
        ({"relative": True}, InvalidArgumentError, "sent_at"),
        ({"relative": "auto", "sent_at": "2026-06-01T08:00Z"}, InvalidArgumentError, "relative"),
        ({"date_style": "tiny"}, InvalidArgumentError, "date_style"),
        ({"sent_at": "2026-06-05T08:00Z"}, InvalidArgumentError, "due_at must not be before sent_at"),
        ({"country": "XX"}, UnknownCodeError, "country"),
        ({"subdiv": "ZZ"}, UnknownCodeError, "subdiv"),
        ({"time_zone": "Mars/Base"}, UnknownCodeError, "time_zone"),
        ({"locale": "zz"}, UnknownCodeError, "locale"),
    ],
)
def test_promise_errors_name_the_argument(kwargs, error, name):
    args = {"locale": "de_DE", "time_zone": "Europe/Berlin", **kwargs}
    with pytest.raises(error, match=name):
        promise(np.datetime64("2026-06-03T08:00"), **args)


def test_promise_needs_a_country_for_a_locale_without_territory():
    with pytest.raises(InvalidArgumentError, match="country"):
        promise(np.datetime64("2026-06-03T08:00"), locale="eo", time_zone="UTC", fallback="en")


def test_promise_array_in_array_out():
    due = np.array(["2026-06-03T08:00", "2026-06-04T08:00"], dtype="datetime64[ns]")
    out = promise(due, locale="fi_FI", time_zone="Europe/Helsinki", formal=False)
    assert out.tolist() == [
        "Vastaamme sinulle viimeistään 3. kesäkuuta 2026 11.00 UTC+3.",
        "Vastaamme sinulle viimeistään 4. kesäkuuta 2026 11.00 UTC+3.",
    ]


# --------------------------------------------------------------------------- holidays


def test_holiday_names_in_the_customers_language():
    assert holiday_name(date(2026, 12, 25), country="DE", locale="de_DE") == "Erster Weihnachtstag"
    assert holiday_name("2026-12-26", country="FI", locale="sv") == "Annandag jul"  # sv_FI names
    assert holiday_name("2026-12-26", country="FI", locale="fi") == "Tapaninpäivä"
    assert holiday_name("2026-12-26", country="IT", locale="it") == "Santo Stefano"  # it_IT names
    assert holiday_name("2026-12-24", country="DE", locale="de") is None
    assert holiday_name("2026-12-25", country="DE", locale="es", fallback="en") == "Christmas Day"
    with pytest.raises(UnknownCodeError, match="fallback='en'"):
        holiday_name("2026-12-25", country="DE", locale="es")
    with pytest.raises(InvalidArgumentError, match="day"):
        holiday_name("25.12.2026", country="DE", locale="de")
    with pytest.raises(UnknownCodeError, match="subdiv"):
        holiday_name("2026-12-25", country="DE", locale="de", subdiv="XX")


def test_holidays_between_uses_local_dates():
    # 31 Dec 23:30 UTC is already New Year's Day in Berlin
    found = holidays_between("2026-12-31T23:30Z", "2026-12-31T23:45Z", country="DE",
                             time_zone="Europe/Berlin", locale="de")
    assert found == ((date(2027, 1, 1), "Neujahr"),)
    assert holidays_between("2026-12-31T23:30Z", "2026-12-31T23:45Z", country="DE",
                            time_zone="UTC", locale="de") == ()
    assert holidays_between("2026-12-31T10:00Z", "2026-12-30T10:00Z", country="DE",
                            time_zone="UTC", locale="de") == ()
    with pytest.raises(InvalidArgumentError, match="single instants"):
        holidays_between(["2026-12-31T10:00Z"], "2026-12-31T10:00Z", country="DE", time_zone="UTC", locale="de")


# --------------------------------------------------------------------------- languages


def test_choose_language_by_hand():
    market = profile("CH").with_overrides(
        languages={"de": 0.4, "gsw": 0.2, "fr": 0.3, "en": 0.1},
        fallback_acceptance={c: 0.5 for c in ("phone", "email", "chat", "messaging", "social", "self_service")},
    )
    choice = choose_language(market, ["fr", "en"], channel="email")
    # fr alone: 0.3; en alone: its acceptance 0.5 (natives included)
    assert dict(choice.options) == pytest.approx({"en": 0.5, "fr": 0.3})
    assert list(choice.options) == ["en", "fr"] and choice.language == "en" and choice.reach == pytest.approx(0.5)
    # fr and en natives 0.4; of the other 0.6, (0.5 - 0.1) / 0.9 accept English
    assert choice.reach_all == pytest.approx(0.4 + 0.6 * (0.4 / 0.9))
    assert dict(choice.uncovered) == pytest.approx({"de": 0.4, "gsw": 0.2})
    german = choose_language(market, ["de"])
    assert german.reach == pytest.approx(0.6) and dict(german.uncovered) == pytest.approx({"fr": 0.3, "en": 0.1})
    literal = choose_language(market, ["de"], equivalents={})
    assert literal.reach == pytest.approx(0.4)


def test_choose_language_from_the_profile():
    de = profile("DE")
    choice = choose_language("DE", ["en", "de"], channel="phone")
    assert choice.language == "de" and choice.reach == 1.0 and choice.reach_all == 1.0
    assert choice.options["en"] == pytest.approx(de.fallback_acceptance["phone"])
    # a locale id counts as its language
    assert choose_language("DE", ["de_AT"]).language == "de"


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "name"),
    [
        (("DE", []), {}, InvalidArgumentError, "agent_languages"),
        (("DE", ["klingon"]), {}, UnknownCodeError, "agent_languages"),
        (("DE", ["de"]), {"channel": "fax"}, InvalidArgumentError, "channel"),
        (("XX", ["de"]), {}, UnknownCodeError, "country"),
        (("DE", ["de"]), {"equivalents": {"gsw": "qqq"}}, UnknownCodeError, "equivalents"),
        (("DE", ["de"]), {"fallback_language": "elvish"}, UnknownCodeError, "fallback_language"),
    ],
)
def test_choose_language_errors(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        choose_language(*args, **kwargs)


def test_format_wait():
    assert format_wait(150, locale="en") == "3 minutes"
    assert format_wait([61, 7200, 0], locale="de").tolist() == ["2 Minuten", "2 Stunden", "0 Minuten"]
    assert format_wait(90000, locale="fr", granularity="hour") == "25\u00a0heures"
    with pytest.raises(InvalidArgumentError, match="wait_s"):
        format_wait(-1, locale="en")
    with pytest.raises(InvalidArgumentError, match="granularity"):
        format_wait(1, locale="en", granularity="week")
