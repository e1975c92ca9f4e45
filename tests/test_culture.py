"""Tests of cultureservice.culture against babel, holidays, pytz and the shipped CSVs.

The oracles (tests/oracles_culture.py) read the CSV files and ask the
dependencies directly, the slow and plain way.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import attrs
import holidays
import oracles_culture as oc
import pytest
from babel.core import Locale
from hypothesis import given
from hypothesis import strategies as st

from cultureservice import culture as cu
from cultureservice.errors import DataError, InvalidArgumentError, UnknownCodeError

DOMAIN_PHONE = ("IT", "ES", "GR", "IN", "BR")
DOMAIN_EMAIL = ("FI", "DE", "GB")


@pytest.fixture(scope="module")
def every() -> dict[str, cu.CultureProfile]:
    return cu.profiles()


@pytest.fixture(scope="module")
def source_ids() -> set[str]:
    text = (oc.DATA / "SOURCES.md").read_text(encoding="utf-8")
    return set(re.findall(r"^### ([A-Za-z0-9_]+): ", text, flags=re.M))


# --------------------------------------------------------------------------- coverage


def test_profiles_cover_every_country_holidays_supports(every):
    expected = oc.holiday_countries()
    assert set(every) == expected
    assert set(cu.supported_countries()) == expected
    assert len(every) >= 240
    assert all(code == p.country for code, p in every.items())


def test_profiles_returns_a_new_dict_of_the_cached_profiles(every):
    again = cu.profiles()
    assert again is not every
    again.pop("DE")
    assert "DE" in cu.profiles()
    assert cu.profile("DE") is every["DE"]


# --------------------------------------------------------------------------- data fields, all countries


def test_names_locale_and_time_zones_match_babel_and_pytz(every):
    for code, p in every.items():
        assert p.country_name == oc.english_name(code), code
        loc = oc.likely_locale(code)
        assert p.locale == (str(loc) if loc else None), code
        assert p.time_zones == oc.time_zones(code), code
        assert p.primary_time_zone == oc.primary_time_zone(code), code


def test_languages_follow_the_documented_split_rule(every):
    for code, p in every.items():
        expected = oc.languages(code)
        assert set(p.languages) == set(expected), code
        for lang, share in expected.items():
            assert p.languages[lang] == pytest.approx(share, rel=1e-12), (code, lang)
        if p.languages:
            assert math.fsum(p.languages.values()) == pytest.approx(1.0, abs=1e-12), code
        assert all(0.0 <= s <= 1.0 for s in p.languages.values())


def test_week_fields_match_babel_and_holidays(every):
    today = dt.date.today()
    for code, p in every.items():
        assert p.first_weekday == oc.first_weekday(code), code
        assert p.business_days == oc.business_days(code, today), code
        disagree = oc.holidays_weekend(code, today) != oc.cldr_weekend(code)
        assert ("disagree" in p.provenance["business_days"]) == disagree, code


def test_currency_and_holiday_metadata_match_babel_and_holidays(every):
    for code, p in every.items():
        assert p.currency == oc.currency(code), code
        h = holidays.country_holidays(code)
        assert p.subdivisions == tuple(h.subdivisions), code
        assert set(p.holiday_categories) == set(h.supported_categories), code


def test_formal_address_messaging_style_and_context_match_the_csvs(every):
    for code, p in every.items():
        assert p.formal_address == oc.formal_address(oc.main_language(oc.languages(code))), code
        assert p.messaging_app == oc.messaging_app(code), code
        assert p.communication_style == oc.style(code), code
        assert p.context == oc.context(code), code
        if oc.named_style(code) is None and p.communication_style is not None:
            assert p.provenance["communication_style"].startswith("assumption: region rule"), code
        if p.communication_style is None:
            assert p.provenance["communication_style"].startswith("no source"), code


def test_default_assumptions_follow_the_assumption_table(every):
    table = oc.assumption_rows()
    for code, p in every.items():
        expected = oc.channel_mix(code)
        assert dict(p.channel_mix) == pytest.approx(expected, rel=1e-12), code
        assert math.fsum(p.channel_mix.values()) == pytest.approx(1.0, abs=1e-12)
        assert tuple(p.channel_mix) == oc.CHANNELS
        assert p.contacts_per_issue == pytest.approx(oc.contacts_per_issue(code), rel=1e-12)
        assert p.contacts_per_issue >= 1.0
        for channel, seconds in p.first_response_s.items():
            assert seconds == float(table[f"first_response_s.{channel}"]["value"])
        assert p.support_hours == table["support_hours.default"]["value"]
        assert p.escalation == table["escalation.default"]["value"]
        assert all(0.0 <= v <= 1.0 for v in p.fallback_acceptance.values())
        if p.formal_address is None and f"formality.{code}" not in table:
            assert p.formality == table["formality.unknown"]["value"]


def test_fallback_acceptance_uses_cldr_english_speakers():
    from babel.core import get_global

    table = oc.assumption_rows()
    for code in ("DE", "JP", "IN", "GB", "NL"):
        p = cu.profile(code)
        info = get_global("territory_languages")[code]
        speakers = min(1.0, info.get("en", {}).get("population_percent", 0.0) / 100.0)
        native = oc.languages(code).get("en", 0.0)
        for channel in oc.CHANNELS:
            factor = float(table[f"fallback_acceptance.{channel}"]["value"])
            assert p.fallback_acceptance[channel] == pytest.approx(min(1.0, native + (1 - native) * factor * speakers))
    de = cu.profile("DE")
    assert de.fallback_acceptance["email"] > de.fallback_acceptance["phone"]
    assert set(cu.profile("GB").fallback_acceptance.values()) == {1.0}


# --------------------------------------------------------------------------- provenance


def _leading_ids(text: str) -> list[str]:
    head = re.sub(r"\([^)]*\)", "", text.split(":", 1)[0])
    return [part.strip().split(" ")[0] for part in head.split(",")]


def test_every_field_carries_provenance_that_resolves(every, source_ids):
    labels = ("assumption:", "no source", "not loaded", "override", "calibrated from")
    for code, p in every.items():
        assert set(p.provenance) == set(cu.DATA_FIELDS) | set(cu.ASSUMPTION_FIELDS)
        for field, text in p.provenance.items():
            assert text, (code, field)
            if text.startswith(labels):
                continue
            for sid in _leading_ids(text):
                assert sid in source_ids, (code, field, text)
        for field in cu.ASSUMPTION_FIELDS:
            assert p.provenance[field].startswith("assumption:"), (code, field)


def test_source_ids_named_inside_assumption_provenance_resolve(every, source_ids):
    for p in every.values():
        for sid in re.findall(r"\(([A-Za-z0-9_]+)\); the country itself", p.provenance["communication_style"]):
            assert sid in source_ids


# --------------------------------------------------------------------------- the domain examples


def test_domain_examples_come_out_of_the_defaults():
    phone = [cu.profile(c) for c in DOMAIN_PHONE]
    email = [cu.profile(c) for c in DOMAIN_EMAIL]
    for p in phone:
        assert p.channel_mix["phone"] > p.channel_mix["email"], p.country
    for p in email:
        assert p.channel_mix["email"] > p.channel_mix["phone"], p.country
    assert min(p.contacts_per_issue for p in phone) > max(p.contacts_per_issue for p in email)
    assert cu.profile("CN").messaging_app == "WeChat"
    assert cu.profile("SA").business_days == (0, 1, 2, 3, 6)  # Sunday to Thursday
    assert cu.profile("SE").formal_address is True
    assert cu.profile("SE").formality == "informal"


# --------------------------------------------------------------------------- codes and errors


@pytest.mark.parametrize(
    ("code", "hint"),
    [("UK", "GB"), ("de", "DE"), ("DEU", "DE"), ("ZZ", None), (49, None)],
)
def test_unknown_country_raises_with_a_hint(code, hint):
    with pytest.raises(UnknownCodeError, match="country") as info:
        cu.profile(code)
    if hint:
        assert f"did you mean {hint!r}" in str(info.value)
    assert isinstance(info.value, LookupError) and isinstance(info.value, ValueError)


# --------------------------------------------------------------------------- overrides


def test_with_overrides_replaces_fields_and_marks_them():
    de = cu.profile("DE")
    mix = {"phone": 0.5, "email": 0.3, "chat": 0.1, "messaging": 0.05, "social": 0.05, "self_service": 0.0}
    new = de.with_overrides(channel_mix=mix, support_hours="24/7", primary_time_zone="Europe/Busingen")
    assert dict(new.channel_mix) == mix
    assert new.support_hours == "24/7" and new.primary_time_zone == "Europe/Busingen"
    for field in ("channel_mix", "support_hours", "primary_time_zone"):
        assert new.provenance[field] == "override"
    assert new.contacts_per_issue == de.contacts_per_issue
    assert new.provenance["contacts_per_issue"] == de.provenance["contacts_per_issue"]
    assert de.support_hours == "business"  # the original is unchanged
    mix["phone"] = 0.9  # the caller's dict is not kept
    assert new.channel_mix["phone"] == 0.5


def test_languages_override_and_the_split_function():
    us = cu.profile("US").with_overrides(languages={"en": 0.8, "es": 0.2})
    assert dict(us.languages) == {"en": 0.8, "es": 0.2}
    split = cu.language_demand_split("IN", statuses=["official", "official_regional"])
    assert split == pytest.approx(oc.languages("IN", statuses=("official", "official_regional")))
    assert cu.profile("IN").with_overrides(languages=split).languages == split
    assert cu.language_demand_split("IN") == pytest.approx(oc.languages("IN"))
    with pytest.raises(InvalidArgumentError, match="statuses"):
        cu.language_demand_split("IN", statuses=["national"])
    with pytest.raises(InvalidArgumentError, match="min_population_share"):
        cu.language_demand_split("IN", min_population_share=5)


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        (
            {
                "channel_mix": {
                    "phone": 0.5,
                    "email": 0.3,
                    "chat": 0.1,
                    "messaging": 0.05,
                    "social": 0.05,
                    "self_service": 0.1,
                }
            },
            "channel_mix must sum to 1",
        ),
        ({"channel_mix": {"phone": 1.0}}, "channel_mix lacks key"),
        ({"channel_mix": {"fax": 1.0}}, "channel_mix has unknown key 'fax'"),
        ({"channel_mix": "phone"}, "channel_mix must be a mapping"),
        ({"contacts_per_issue": 0.5}, "contacts_per_issue must be a number >= 1"),
        ({"contacts_per_issue": True}, "contacts_per_issue"),
        ({"support_hours": "always"}, "support_hours must be one of '24/7', 'extended', 'business'"),
        ({"escalation": "boss"}, "escalation must be one of"),
        ({"feedback_style": "mild"}, "feedback_style must be one of"),
        ({"formality": "du"}, "formality must be one of 'formal', 'informal'"),
        ({"upsell_ok": "yes"}, "upsell_ok must be True or False"),
        (
            {"fallback_acceptance": {c: 1.5 for c in oc.CHANNELS}},
            r"fallback_acceptance\['phone'\] must be a number in \[0, 1\]",
        ),
        ({"first_response_s": {c: 0 for c in oc.CHANNELS[:5]}}, r"first_response_s\['phone'\] must be a number > 0"),
        ({"languages": {"xx_bogus": 1.0}}, "languages keys must be CLDR language ids"),
        ({"languages": {"de": 0.5}}, "languages must sum to 1"),
        ({"primary_time_zone": "Europe/Berlinn"}, "did you mean 'Europe/Berlin'"),
        ({"time_zones": "Europe/Berlin"}, "time_zones must be a sequence"),
        ({"business_days": [0, 7]}, r"business_days\[1\] must be a weekday number"),
        ({"business_days": []}, "business_days must be a non-empty sequence"),
        ({"first_weekday": 7}, "first_weekday must be a weekday number"),
        ({"currency": "EURO"}, "currency must be an ISO 4217 currency code"),
        ({"formal_address": "yes"}, "formal_address must be True, False or None"),
        ({"communication_style": "chatty"}, "communication_style must be None or one or more of"),
        ({"context": "medium"}, "context must be one of 'high', 'low'"),
        ({"dimensions": {"pdi": "high"}}, r"dimensions\['pdi'\] must be a finite number"),
        ({"provenance": {}}, "unknown field 'provenance'|provenance"),
        ({"chanel_mix": {}}, "did you mean 'channel_mix'"),
        ({"country": "FR"}, "unknown field 'country'"),
    ],
)
def test_invalid_overrides_name_the_field(changes, match):
    with pytest.raises(InvalidArgumentError, match=match):
        cu.profile("DE").with_overrides(**changes)


def test_primary_zone_may_not_be_unset_while_zones_exist():
    with pytest.raises(InvalidArgumentError, match="primary_time_zone must be an IANA time-zone name when time_zones"):
        cu.profile("DE").with_overrides(primary_time_zone=None)


def test_profiles_are_frozen_and_hashable():
    de = cu.profile("DE")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        de.support_hours = "24/7"  # type: ignore[misc]
    with pytest.raises(TypeError):
        de.channel_mix["phone"] = 1.0  # type: ignore[index]
    assert hash(de) == hash(cu.profile("DE").with_overrides())
    assert len({de, cu.profile("DE")}) == 1


# --------------------------------------------------------------------------- assumptions argument


def test_assumptions_argument_replaces_rows_and_is_labelled():
    p = cu.profile("DE", assumptions={"contacts_per_issue.linear-active": 1.05, "formality.DE": "informal"})
    assert p.contacts_per_issue == 1.05
    assert "set by the caller" in p.provenance["contacts_per_issue"]
    assert p.formality == "informal"
    assert cu.profile("DE").contacts_per_issue == pytest.approx(oc.contacts_per_issue("DE"))
    everyone = cu.profiles(assumptions={"support_hours.default": "extended"})
    assert {q.support_hours for q in everyone.values()} == {"extended"}
    ie = cu.profile("IE", assumptions={"lewis_region.linear-active.english_speaking": "AU"})
    assert ie.communication_style is None


@pytest.mark.parametrize(
    ("assumptions", "error", "match"),
    [
        (
            {"contacts_per_issue.baseline": 0.5},
            InvalidArgumentError,
            r"assumptions\['contacts_per_issue.baseline'\] must be a number >= 1",
        ),
        ({"channel_mix.baselin.phone": 0.3}, InvalidArgumentError, "did you mean 'channel_mix.baseline.phone'"),
        ({"support_hours.default": "always"}, InvalidArgumentError, "must be one of '24/7', 'extended', 'business'"),
        ({"upsell_ok.default": "no"}, InvalidArgumentError, "must be True or False"),
        ({"channel_mix.baseline.phone": 0.9}, InvalidArgumentError, r"channel_mix.baseline.\* must sum to 1"),
        ({"primary_time_zone.US": "America/Chicagoo"}, UnknownCodeError, "IANA time-zone name"),
        ({"formality.XX": "formal"}, InvalidArgumentError, "unknown name 'formality.XX'"),
        ({"lewis_region.reactive.nordics": "FI XX"}, UnknownCodeError, "country"),
    ],
)
def test_bad_assumptions_are_rejected(assumptions, error, match):
    with pytest.raises(error, match=match):
        cu.profile("ZW", assumptions=assumptions)


def test_cached_profiles_still_check_assumption_types():
    assert cu.profile("DE", assumptions={"upsell_ok.default": True}).country == "DE"
    with pytest.raises(InvalidArgumentError, match="must be True or False"):
        cu.profile("DE", assumptions={"upsell_ok.default": 1})


def test_assumptions_must_be_a_mapping():
    with pytest.raises(InvalidArgumentError, match="assumptions must be a mapping"):
        cu.profile("DE", assumptions=[("support_hours.default", "24/7")])


# --------------------------------------------------------------------------- dimensions (opt-in)

HOFSTEDE_LAYOUT = (
    "hofstede_code,country_name,iso2,iso3,kind,pdi,idv,mas,uai,lto,ivr\n"
    "ARA,Arab countries,,,region,81,31,41,61,21,31\n"
    "AFW,Africa West,,,region,71,11,41,51,11,71\n"
    "SAU,Saudi Arabia,SA,SAU,country,,,,,35,50\n"
    "GER,Germany,DE,DEU,country,30,60,60,60,80,40\n"
    "JPN,Japan,JP,JPN,country,50,40,90,90,80,40\n"
    "GEE,Germany East,,,subnational:DE,10,10,10,10,10,10\n"
)


@pytest.fixture
def dims_file(tmp_path: Path) -> Path:
    path = tmp_path / "dims.csv"
    path.write_text(HOFSTEDE_LAYOUT, encoding="utf-8")
    return path


def test_dimensions_are_opt_in():
    de = cu.profile("DE")
    assert de.dimensions is None
    assert de.provenance["dimensions"].startswith("not loaded")


def test_dimensions_file_with_regional_aggregates(dims_file):
    de = cu.profile("DE", dimensions=dims_file)
    assert dict(de.dimensions) == {"pdi": 30.0, "idv": 60.0, "mas": 60.0, "uai": 60.0, "lto": 80.0, "ivr": 40.0}
    assert de.escalation == "peer"  # PDI 30 <= 40
    sa = cu.profile("SA", dimensions=str(dims_file))
    assert dict(sa.dimensions) == {"pdi": 81.0, "idv": 31.0, "mas": 41.0, "uai": 61.0, "lto": 35.0, "ivr": 50.0}
    assert "regional aggregate 'Arab countries'" in sa.provenance["dimensions"]
    assert "pdi, idv, mas, uai" in sa.provenance["dimensions"]
    assert sa.escalation == "senior"
    ng = cu.profile("NG", dimensions=dims_file)  # no own row: all from Africa West
    assert ng.dimensions["ivr"] == 71.0 and "Africa West" in ng.provenance["dimensions"]
    jp = cu.profile("JP", dimensions=dims_file)
    assert jp.escalation == "standard"
    fr = cu.profile("FR", dimensions=dims_file)
    assert fr.dimensions is None and fr.provenance["dimensions"].startswith("no source")
    everyone = cu.profiles(dimensions=dims_file)
    assert everyone["DE"] == de


def test_dimensions_mapping_and_thresholds_as_assumptions():
    dims = {"DE": {"pdi": 50.0}}
    assert cu.profile("DE", dimensions=dims).escalation == "standard"
    low = cu.profile("DE", dimensions=dims, assumptions={"escalation.pdi_senior_min": 45})
    assert low.escalation == "senior"
    assert "escalation.pdi_senior_min" in low.provenance["escalation"]
    assert cu.profiles(dimensions=dims)["FR"].dimensions is None


def test_hofstede_keyword_explains_the_licence_when_not_shipped():
    from cultureservice import _data

    if "hofstede_6d.csv" in _data.data_files():
        pytest.skip("this installation ships the Hofstede matrix")
    with pytest.raises(DataError, match="does not ship"):
        cu.profile("DE", dimensions="hofstede")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("country,pdi\nDE,30\n", "needs an 'iso2' column"),
        ("iso2,pdi\nDE,high\n", "line 2, column 'pdi' must be a number"),
        ("iso2,kind,pdi\nDE,state,30\n", "column 'kind' must be"),
        ("iso2,pdi\nGermany,30\n", "column 'iso2' must be an ISO 3166-1 alpha-2 code"),
        ("iso2,pdi\nDE,30\nDE,31\n", "repeats country 'DE'"),
        ("iso2,Power Distance\nDE,30\n", "neither a dimension name"),
    ],
)
def test_malformed_dimensions_files(tmp_path, text, match):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=match):
        cu.profile("DE", dimensions=path)


def test_bad_dimensions_arguments(tmp_path):
    with pytest.raises(InvalidArgumentError, match="dimensions must be None, 'hofstede', a path"):
        cu.profile("DE", dimensions=tmp_path / "missing.csv")
    with pytest.raises(InvalidArgumentError, match="dimensions"):
        cu.profile("DE", dimensions=42)
    with pytest.raises(InvalidArgumentError, match="dimensions keys"):
        cu.profile("DE", dimensions={"Germany": {"pdi": 1.0}})


# --------------------------------------------------------------------------- calibration

counts = st.integers(min_value=0, max_value=10_000)
observations = st.fixed_dictionaries({c: counts for c in oc.CHANNELS})
strengths = st.fractions(min_value=Fraction(1, 10), max_value=1000, max_denominator=100)
countries = st.sampled_from(["DE", "IT", "CN", "SA", "BR", "FI", "AQ", "US"])


@given(country=countries, contacts=observations, strength=strengths, extra=st.integers(0, 10_000))
def test_calibrate_matches_the_conjugate_posterior(country, contacts, strength, extra):
    prior = cu.profile(country)
    total = sum(contacts.values())
    issues = max(0, total - extra) if total else 0
    post = cu.calibrate(prior, {"contacts": contacts, "issues": issues}, strength=float(strength))
    s = Fraction(float(strength))
    if total:
        expected = oc.dirichlet_mean({c: Fraction(prior.channel_mix[c]) for c in oc.CHANNELS}, contacts, s)
        for c in oc.CHANNELS:
            assert post.channel_mix[c] == pytest.approx(float(expected[c]), rel=1e-9, abs=1e-15)
        assert post.provenance["channel_mix"] == f"calibrated from {total} observations"
    if issues:
        k = oc.gamma_poisson_contacts(Fraction(prior.contacts_per_issue), total, issues, s)
        assert post.contacts_per_issue == pytest.approx(float(k), rel=1e-9)
        assert post.provenance["contacts_per_issue"] == f"calibrated from {issues} observations"
    assert math.fsum(post.channel_mix.values()) == pytest.approx(1.0, abs=1e-9)
    assert all(v >= 0.0 for v in post.channel_mix.values())
    assert post.contacts_per_issue >= 1.0


@given(country=countries, strength=strengths)
def test_calibrate_with_no_observations_returns_the_prior(country, strength):
    prior = cu.profile(country)
    assert cu.calibrate(prior, {"contacts": {}, "issues": 0}, strength=float(strength)) == prior
    assert cu.calibrate(prior, {}, strength=float(strength)) == prior


@given(
    shares=st.lists(st.integers(0, 50), min_size=6, max_size=6).filter(lambda xs: sum(xs) > 0),
    per_issue=st.integers(1, 4),
    strength=strengths,
)
def test_calibrate_converges_to_the_data(shares, per_issue, strength):
    prior = cu.profile("DE")
    scale = 1_000_000
    contacts = {c: n * scale for c, n in zip(oc.CHANNELS, shares, strict=True)}
    total = sum(contacts.values())
    issues = total // per_issue
    post = cu.calibrate(prior, {"contacts": contacts, "issues": issues}, strength=float(strength))
    bound = float(strength) / (float(strength) + total)
    for c in oc.CHANNELS:
        assert abs(post.channel_mix[c] - contacts[c] / total) <= bound + 1e-12
    assert post.contacts_per_issue == pytest.approx(total / issues, rel=1e-3)


@pytest.mark.parametrize(
    ("observations", "strength", "match"),
    [
        ({"contacts": {"fax": 3}}, 10, "unknown channel 'fax'"),
        ({"calls": 3}, 10, "observations has unknown key 'calls'"),
        ({"contacts": {"phone": -1}}, 10, r"observations\['contacts'\]\['phone'\] must be a whole number >= 0"),
        ({"contacts": {"phone": 1.5}}, 10, "must be a whole number"),
        ({"contacts": {"phone": 2}, "issues": 3}, 10, "must total at least"),
        ({"contacts": {"phone": 2}, "issues": True}, 10, r"observations\['issues'\]"),
        ({"contacts": [("phone", 2)]}, 10, r"observations\['contacts'\] must be a mapping"),
        ({"contacts": {"phone": 2}}, 0, "strength must be a number > 0"),
        ({"contacts": {"phone": 2}}, float("inf"), "strength"),
    ],
)
def test_calibrate_rejects_bad_input(observations, strength, match):
    with pytest.raises(InvalidArgumentError, match=match):
        cu.calibrate(cu.profile("DE"), observations, strength=strength)


def test_calibrate_needs_a_profile():
    with pytest.raises(InvalidArgumentError, match="profile must be a CultureProfile"):
        cu.calibrate("DE", {})  # type: ignore[arg-type]


def test_calibrate_does_not_touch_the_callers_counts():
    seen = {"contacts": {"phone": 10, "email": 5}, "issues": 10}
    frozen = json.dumps(seen, sort_keys=True)
    cu.calibrate(cu.profile("IT"), seen)
    assert json.dumps(seen, sort_keys=True) == frozen


# --------------------------------------------------------------------------- profile set files


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_profile_sets_round_trip(tmp_path, suffix, dims_file):
    de = cu.calibrate(cu.profile("DE"), {"contacts": {"phone": 30, "chat": 10}, "issues": 30})
    se = cu.profile("SE").with_overrides(formality="formal", messaging_app=None, languages={"sv": 0.9, "en": 0.1})
    cn = cu.profile("CN").with_overrides(messaging_app=None, dimensions={"pdi": 80.0})
    sa = cu.profile("SA", dimensions=dims_file)
    path = tmp_path / f"set{suffix}"
    cu.save_profiles({"DE": de, "SE": se, "CN": cn, "SA": sa}, path)
    loaded = cu.load_profiles(path)
    assert loaded == {"DE": de, "SE": se, "CN": cn, "SA": sa}
    assert loaded["DE"].provenance["channel_mix"] == "calibrated from 40 observations"
    assert loaded["CN"].messaging_app is None
    cu.save_profiles([de], path)
    assert cu.load_profiles(path) == {"DE": de}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEAD = 'format = "cultureservice-profiles"\nversion = 1\n'


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        (
            "a.toml",
            HEAD + "[profiles.DE]\nchanel_mix = 1\n",
            r"a.toml: unknown key profiles.DE.'chanel_mix' \(did you mean 'channel_mix'\?\); allowed: country_name",
        ),
        (
            "a.toml",
            HEAD + '[profiles.DE]\ncontacts_per_issue = "high"\n',
            r"a.toml: key profiles.DE: contacts_per_issue must be a number >= 1; got 'high'",
        ),
        (
            "a.toml",
            HEAD + '[profiles.DE]\nsupport_hours = "always"\n',
            r"support_hours must be one of '24/7', 'extended', 'business'",
        ),
        (
            "a.toml",
            HEAD + "[profiles.DE]\nchannel_mix = {phone = 1.0, fax = 0.0}\n",
            "channel_mix has unknown key 'fax'; allowed keys: 'phone'",
        ),
        (
            "a.toml",
            HEAD + "[profiles.UK]\nupsell_ok = true\n",
            r"a.toml: key 'profiles.UK': country must be .*did you mean 'GB'",
        ),
        ("a.toml", HEAD + '[profiles.DE]\ntime_zones = "Europe/Berlin"\n', "profiles.DE.time_zones must be an array"),
        ("a.toml", HEAD + '[profiles.DE]\nunset = ["channel_mix"]\n', "only these fields may be unset"),
        ("a.toml", HEAD + '[profiles.DE]\nunset = ["currency"]\ncurrency = "EUR"\n', "both given and unset"),
        (
            "a.toml",
            HEAD + '[profiles.DE]\nupsell_ok = true\n[profiles.DE.provenance]\nupsel_ok = "x"\n',
            r"unknown key profiles.DE.provenance.'upsel_ok'",
        ),
        (
            "a.toml",
            HEAD + "[profiles.DE]\nupsell_ok = true\n[profiles.DE.provenance]\nupsell_ok = 3\n",
            "must be a non-empty string",
        ),
        ("a.toml", HEAD + "profiles = 3\n", "key 'profiles' must be a table"),
        ("a.toml", HEAD + "[profiles]\nDE = 3\n", "key 'profiles.DE' must be a table"),
        ("a.toml", HEAD + "owner = 'me'\n", r"unknown key 'owner'; allowed: 'format', 'version', 'profiles'"),
        ("a.toml", 'format = "other"\nversion = 1\n', "key 'format' must be 'cultureservice-profiles'"),
        ("a.toml", 'format = "cultureservice-profiles"\nversion = 2\n', "key 'version' must be 1"),
        ("a.toml", "this is = = not toml", "not valid TOML"),
        ("a.json", "[1, 2]", "top level must be a table"),
        ("a.json", "{", "not valid JSON"),
        (
            "a.json",
            '{"format": "cultureservice-profiles", "version": 1, "profiles": {"DE": {"upsell_ok": "yes"}}}',
            "upsell_ok must be True or False",
        ),
    ],
)
def test_malformed_profile_files_name_file_key_and_allowed_values(tmp_path, name, text, match):
    path = _write(tmp_path, name, text)
    with pytest.raises(DataError, match=match):
        cu.load_profiles(path)


def test_profile_file_paths_are_checked(tmp_path):
    with pytest.raises(InvalidArgumentError, match="path must be a file name ending in '.toml' or '.json'"):
        cu.load_profiles(tmp_path / "set.yaml")
    with pytest.raises(InvalidArgumentError, match="path must be"):
        cu.save_profiles([cu.profile("DE")], tmp_path / "set.pickle")
    with pytest.raises(DataError, match="cannot be read"):
        cu.load_profiles(tmp_path / "missing.toml")
    with pytest.raises(InvalidArgumentError, match="profiles must be keys equal"):
        cu.save_profiles({"FR": cu.profile("DE")}, tmp_path / "set.toml")
    with pytest.raises(InvalidArgumentError, match="profiles must be CultureProfile objects"):
        cu.save_profiles(["DE"], tmp_path / "set.toml")


# --------------------------------------------------------------------------- printing, names, holidays, calendar


def test_format_profile_groups_data_and_assumptions_with_provenance():
    p = cu.profile("SA")
    text = cu.format_profile(p)
    data_part, assumption_part = text.split("Planning assumptions", 1)
    for field in cu.DATA_FIELDS:
        assert f"  {field} " in data_part
    for field in cu.ASSUMPTION_FIELDS:
        assert f"  {field} " in assumption_part
    for source in p.provenance.values():
        assert f"provenance: {source}" in text
    assert "Mon+Tue+Wed+Thu+Sun" in data_part
    with pytest.raises(InvalidArgumentError, match="profile must be a CultureProfile"):
        cu.format_profile("SA")  # type: ignore[arg-type]


@pytest.mark.parametrize(("country", "locale"), [("DE", None), ("CH", "fr"), ("IN", "en"), ("TW", None), ("RS", "de")])
def test_localized_names_match_babel(country, locale):
    p = cu.profile(country)
    names = p.localized_names(locale)
    loc = Locale.parse(locale or p.locale)
    assert names.country == loc.territories[country]
    for code in p.languages:
        if code in loc.languages:
            assert names.languages[code] == loc.languages[code]
        else:
            base, _, script = code.partition("_")
            assert names.languages[code] == f"{loc.languages[base]} ({loc.scripts[script]})"
    with pytest.raises(UnknownCodeError, match="locale"):
        p.localized_names("xx_YY")


def test_holidays_method_matches_the_holidays_package():
    p = cu.profile("DE")
    assert dict(p.holidays(2026, subdiv="BY")) == dict(holidays.country_holidays("DE", years=2026, subdiv="BY"))
    with pytest.raises(UnknownCodeError, match="subdiv must be a subdivision of DE"):
        p.holidays(2026, subdiv="XX")
    with pytest.raises(UnknownCodeError, match="categories"):
        p.holidays(2026, categories="lunar")


HAS_CALENDAR = importlib.util.find_spec("cultureservice.calendar") is not None
NO_CALENDAR = "cultureservice.calendar (BusinessCalendar, issue 3) is not in this tree yet"


@pytest.mark.skipif(not HAS_CALENDAR, reason=NO_CALENDAR)
def test_calendar_method_forwards_to_business_calendar():
    from cultureservice.calendar import BusinessCalendar

    sa = cu.profile("SA")
    day = [("08:00", "16:00")]
    expected = BusinessCalendar.for_country("SA", hours=day, time_zone="Asia/Riyadh")
    got = sa.calendar(day)
    assert got.weekly_hours == expected.weekly_hours and got.time_zone == expected.time_zone
    default = cu.profile("DE").calendar()
    business = oc.assumption_rows()["support_hours.business_hours"]["value"].split("-")
    assert default.weekly_hours == BusinessCalendar.for_country("DE", hours=[tuple(business)]).weekly_hours
    six_days = cu.profile("DE").with_overrides(business_days=[0, 1, 2, 3, 4, 5]).calendar(day)
    assert [len(d) > 0 for d in six_days.weekly_hours] == [True] * 6 + [False]
    us = cu.profile("US").calendar(day)
    assert us.time_zone == "America/New_York"


@pytest.mark.skipif(not HAS_CALENDAR, reason=NO_CALENDAR)
def test_calendar_for_a_24_7_market_is_always_open():
    from cultureservice.calendar import BusinessCalendar

    p = cu.profile("DE").with_overrides(support_hours="24/7")
    assert p.calendar() == BusinessCalendar.always_open("Europe/Berlin")
