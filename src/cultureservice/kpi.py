r"""Contact-centre KPIs from contact records, and fair comparisons across markets.

A *contact record* is one offered contact (a call, an e-mail, a chat, ...):
its market, channel, team and inquiry type, how long the customer waited,
whether it was answered, its handle time, whether the issue was resolved on
the first contact and the survey scores it got. This module computes:

* the **standard measures**, each with one exact, documented definition
  (service level, ASA, abandonment, AHT, FCR, CSAT, NPS, CES, occupancy);
* **breakdowns** of them by market, channel, inquiry type
  (:data:`INQUIRY_TYPES`) and team (:func:`breakdown`);
* **workload-weighted productivity** (:func:`workload_weights`,
  :func:`productivity`): contacts converted to the market's expected effort
  per issue, from the culture profile's channel mix and contacts per issue
  and the desk's handle times, so that teams serving markets that contact
  support differently can be compared;
* **market-relative satisfaction** (:func:`satisfaction_baseline`,
  :func:`relative_satisfaction`): scores standardized within each market
  against a baseline learned from the user's own history, with the
  profile's ``feedback_style`` as a documented, overridable prior for
  markets with little history;
* **localization priorities** (:func:`localization_priorities`): markets
  ranked by where native-language staff and local hours would matter most,
  with the reasons.

The standard measures take 1-D arrays of the contacts that count and return a
numpy float; an empty input, a score outside its scale or an undefined ratio
raises :class:`~cultureservice.errors.InvalidArgumentError`. In
:class:`ContactRecords` a missing value is NaN (no survey response, no
handle time for an abandoned call), and a breakdown shows NaN for a measure
a group has no data for (its count column says so).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from cultureservice._data import assumption
from cultureservice._validation import as_float_array, describe, first_bad
from cultureservice.culture import CHANNELS, LANGUAGE_EQUIVALENTS, CultureProfile, FrozenMap, profile
from cultureservice.errors import InvalidArgumentError, UnknownCodeError

__all__ = [
    "CES_SCALE",
    "CSAT_SCALE",
    "DEFAULT_PRIOR_STRENGTH",
    "FEEDBACK_STYLE_SPREAD",
    "INQUIRY_TYPES",
    "PRIORITY_WEIGHTS",
    "ContactRecords",
    "CsatResult",
    "KpiTable",
    "LocalizationPriority",
    "SatisfactionBaseline",
    "abandonment_rate",
    "average_handle_time",
    "average_speed_of_answer",
    "breakdown",
    "ces",
    "csat",
    "effort_per_issue",
    "first_contact_resolution",
    "localization_priorities",
    "nps",
    "occupancy",
    "productivity",
    "relative_satisfaction",
    "satisfaction_baseline",
    "service_level",
    "workload_weights",
]

#: Inquiry types of a contact: asking for information, diagnosing a fault,
#: getting something done (order, refund, change), asking for advice.
INQUIRY_TYPES: Final = ("informational", "diagnostic", "transactional", "advisory")
#: Default CSAT scale: 1 (very dissatisfied) to 5 (very satisfied).
CSAT_SCALE: Final = (1, 5)
#: Default CES scale (CES 2.0): 1 (strongly disagree) to 7 (strongly agree) that
#: "the company made it easy for me to handle my issue".
CES_SCALE: Final = (1, 7)
#: Planning assumption: spread of a market's satisfaction scores relative to the
#: pooled spread, by the profile's ``feedback_style``, used as the prior of
#: :func:`satisfaction_baseline`. The directions follow the cross-cultural
#: research on response styles (midpoint responding in East Asia, extreme
#: responding in Hispanic and Mediterranean samples: Chen, Lee & Stevenson
#: 1995; Harzing 2006); the sizes (0.8 and 1.2) are round planning values, not
#: measurements. Override with ``spread=``. Rows ``kpi.feedback_spread.*`` of
#: ``data/assumptions.csv``.
FEEDBACK_STYLE_SPREAD: Final = FrozenMap(
    {style: float(assumption(f"kpi.feedback_spread.{style}")) for style in ("direct", "indirect", "expressive")}
)
#: Planning assumption: the prior of :func:`satisfaction_baseline` weighs as
#: much as this many responses of the market's own history (row ``kpi.prior_strength``).
DEFAULT_PRIOR_STRENGTH: Final = float(assumption("kpi.prior_strength"))
#: Planning assumption: equal weights of the four criteria of
#: :func:`localization_priorities` (rows ``kpi.priority_weight.*``). Override with ``weights=``.
PRIORITY_WEIGHTS: Final = FrozenMap(
    {c: float(assumption(f"kpi.priority_weight.{c}")) for c in ("volume", "waiting", "satisfaction", "language")}
)

_NPS_SCALE: Final = (0, 10)


# --------------------------------------------------------------------------- validation helpers


def _fail(message: str) -> InvalidArgumentError:
    return InvalidArgumentError(message)


def _one_d(name: str, arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    if arr.ndim != 1:
        raise _fail(f"{name} must be a 1-D array of contacts; got shape {arr.shape}")
    return arr


def _nonempty(name: str, arr: npt.NDArray[Any], what: str = "contact") -> None:
    if arr.size == 0:
        raise _fail(f"{name} must hold at least one {what}; got an empty array")


def _floats(name: str, value: Any, *, min_value: float | None = 0.0) -> npt.NDArray[np.float64]:
    return _one_d(name, as_float_array(name, value, min_value=min_value))


def _bools(name: str, value: Any) -> npt.NDArray[np.bool_]:
    arr = np.asarray(value)
    if arr.dtype == np.bool_:
        return _one_d(name, arr)
    if arr.dtype.kind in "iuf":
        bad = ~((arr == 0) | (arr == 1))
        if bad.any():
            raise _fail(f"{name} must be booleans (or 0/1); {first_bad(arr, bad)}")
        return _one_d(name, arr.astype(bool))
    raise _fail(f"{name} must be booleans (or 0/1); got {describe(value)[:80]}")


def _scale(name: str, value: Any) -> tuple[int, int]:
    ok = (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)
        and int(value[1]) - int(value[0]) >= 2
    )
    if not ok:
        raise _fail(f"{name} must be (lowest, highest) integers at least 2 apart, such as (1, 5); got {describe(value)}")
    return int(value[0]), int(value[1])


def _scores(
    name: str, value: Any, scale: tuple[int, int], *, integers: bool, allow_nan: bool = False
) -> npt.NDArray[np.float64]:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _fail(f"{name} must be numbers on the scale {scale[0]}..{scale[1]}; got {describe(value)[:80]}") from None
    _one_d(name, arr)
    lo, hi = scale
    missing = np.isnan(arr) if allow_nan else np.zeros(arr.shape, dtype=bool)
    bad = ~missing & ~((arr >= lo) & (arr <= hi))
    if integers:
        bad |= ~missing & ~bad & (arr != np.round(arr))
    if bad.any():
        kind = "integers" if integers else "numbers"
        extra = " or NaN (no response)" if allow_nan else ""
        raise _fail(f"{name} must be {kind} from {lo} to {hi}{extra}; {first_bad(arr, bad)}")
    return arr


def _same_length(names: tuple[str, ...], *arrays: npt.NDArray[Any]) -> None:
    sizes = {a.shape[0] for a in arrays}
    if len(sizes) > 1:
        text = ", ".join(f"{n}: {a.shape[0]}" for n, a in zip(names, arrays, strict=True))
        raise _fail(f"{' and '.join(names)} must have equal lengths; got {text}")


def _ratio(numerator: Any, denominator: Any) -> np.float64:
    return np.float64(float(numerator) / float(denominator))


# --------------------------------------------------------------------------- standard measures


def service_level(
    wait_s: npt.ArrayLike, answered: npt.ArrayLike, *, target_s: float, short_abandon_s: float = 0.0
) -> np.float64:
    r"""
    Share of offered contacts answered within the target wait [1]_.

    Parameters
    ----------
    wait_s : array_like of float
        Time each offered contact waited: until answered, or until the
        customer hung up. [s]
    answered : array_like of bool
        Whether the contact was answered (False: abandoned).
    target_s : float
        The target wait, e.g. 20 for "80/20". [s]
    short_abandon_s : float
        Abandons that waited less than this are *short abandons* (misdials,
        changed minds) and leave the count; 0 keeps every contact. [s]

    Returns
    -------
    service_level : numpy.float64
        [0-1]

    Raises
    ------
    InvalidArgumentError
        For empty or mismatched arrays, negative or non-finite waits, or
        when every contact is a short abandon.

    Notes
    -----
    .. math:: SL = \frac{\#\{\text{answered},\ w \le T\}}{N - \#\{\text{abandoned},\ w < T_s\}}

    with :math:`N` the offered contacts. Abandons after :math:`T_s` count as
    misses, also those within the target.

    References
    ----------
    .. [1] N. Gans, G. Koole and A. Mandelbaum, "Telephone call centers: Tutorial,
       review, and research prospects," Manuf. Serv. Oper. Manag., vol. 5, no. 2,
       pp. 79-141, 2003, doi:10.1287/msom.5.2.79.16071.

    Examples
    --------
    >>> float(service_level([5, 15, 30, 2, 40], [True, True, True, False, False], target_s=20, short_abandon_s=5))
    0.5
    """
    wait = _floats("wait_s", wait_s)
    ans = _bools("answered", answered)
    _same_length(("wait_s", "answered"), wait, ans)
    _nonempty("wait_s", wait)
    target = float(as_float_array("target_s", target_s, min_value=0.0))
    short = float(as_float_array("short_abandon_s", short_abandon_s, min_value=0.0))
    counted = ans | (wait >= short)
    if not counted.any():
        raise _fail(f"service level is undefined: every contact is a short abandon (below short_abandon_s={short:g})")
    return _ratio(np.count_nonzero(ans & (wait <= target)), np.count_nonzero(counted))


def average_speed_of_answer(wait_s: npt.ArrayLike, answered: npt.ArrayLike) -> np.float64:
    r"""
    Average speed of answer (ASA): mean wait of the answered contacts.

    Parameters
    ----------
    wait_s : array_like of float
        Time each offered contact waited. [s]
    answered : array_like of bool
        Whether it was answered; abandoned contacts do not count.

    Returns
    -------
    asa_s : numpy.float64
        [s]

    Raises
    ------
    InvalidArgumentError
        For mismatched arrays, bad waits, or no answered contact.

    Notes
    -----
    .. math:: ASA = \frac{1}{A} \sum_{i\ \text{answered}} w_i

    Examples
    --------
    >>> float(average_speed_of_answer([10, 30, 90], [True, True, False]))
    20.0
    """
    wait = _floats("wait_s", wait_s)
    ans = _bools("answered", answered)
    _same_length(("wait_s", "answered"), wait, ans)
    if not ans.any():
        raise _fail("average speed of answer is undefined: answered holds no answered contact")
    return np.float64(math.fsum(wait[ans].tolist()) / np.count_nonzero(ans))


def abandonment_rate(wait_s: npt.ArrayLike, answered: npt.ArrayLike, *, short_abandon_s: float = 0.0) -> np.float64:
    r"""
    Share of offered contacts abandoned before an answer.

    Parameters
    ----------
    wait_s : array_like of float
        Time each offered contact waited. [s]
    answered : array_like of bool
        Whether it was answered.
    short_abandon_s : float
        Abandons below this wait leave numerator and denominator (see
        :func:`service_level`). [s]

    Returns
    -------
    abandonment_rate : numpy.float64
        [0-1]

    Raises
    ------
    InvalidArgumentError
        For empty or mismatched arrays, bad waits, or only short abandons.

    Notes
    -----
    .. math:: \frac{\#\{\text{abandoned},\ w \ge T_s\}}{N - \#\{\text{abandoned},\ w < T_s\}}

    Examples
    --------
    >>> float(abandonment_rate([5, 15, 30, 2, 40], [True, True, True, False, False], short_abandon_s=5))
    0.25
    """
    wait = _floats("wait_s", wait_s)
    ans = _bools("answered", answered)
    _same_length(("wait_s", "answered"), wait, ans)
    _nonempty("wait_s", wait)
    short = float(as_float_array("short_abandon_s", short_abandon_s, min_value=0.0))
    counted = ans | (wait >= short)
    if not counted.any():
        raise _fail(f"abandonment rate is undefined: every contact is a short abandon (below short_abandon_s={short:g})")
    return _ratio(np.count_nonzero(~ans & counted), np.count_nonzero(counted))


def average_handle_time(
    talk_s: npt.ArrayLike, *, hold_s: npt.ArrayLike = 0.0, after_contact_work_s: npt.ArrayLike = 0.0
) -> np.float64:
    r"""
    Average handle time (AHT): talk (or writing) plus hold plus after-contact work, per handled contact.

    Parameters
    ----------
    talk_s : array_like of float
        Talk or writing time of each handled contact. [s]
    hold_s, after_contact_work_s : array_like of float
        Hold and after-contact (wrap-up) work time, broadcast against
        ``talk_s``. [s]

    Returns
    -------
    aht_s : numpy.float64
        [s]

    Raises
    ------
    InvalidArgumentError
        For empty input or negative or non-finite times.

    Notes
    -----
    .. math:: AHT = \frac{1}{n} \sum_i (t_i + h_i + a_i)

    Examples
    --------
    >>> float(average_handle_time([240, 300], hold_s=[0, 60], after_contact_work_s=30))
    330.0
    """
    talk = _floats("talk_s", talk_s)
    _nonempty("talk_s", talk)
    hold = as_float_array("hold_s", hold_s, min_value=0.0)
    wrap = as_float_array("after_contact_work_s", after_contact_work_s, min_value=0.0)
    try:
        total = np.broadcast_arrays(talk, hold, wrap)
    except ValueError:
        raise _fail(
            f"hold_s and after_contact_work_s must broadcast against talk_s; got shapes {np.shape(hold)}, "
            f"{np.shape(wrap)} and {talk.shape}"
        ) from None
    return np.float64(math.fsum((total[0] + total[1] + total[2]).tolist()) / talk.shape[0])


def first_contact_resolution(resolved_first_contact: npt.ArrayLike) -> np.float64:
    r"""
    First-contact resolution (FCR): share of issues resolved on their first contact.

    Parameters
    ----------
    resolved_first_contact : array_like of bool
        One flag per issue (per first contact of an issue).

    Returns
    -------
    fcr : numpy.float64
        [0-1]

    Raises
    ------
    InvalidArgumentError
        For an empty array or values other than booleans or 0/1.

    Examples
    --------
    >>> float(first_contact_resolution([True, False, True, True]))
    0.75
    """
    flags = _bools("resolved_first_contact", resolved_first_contact)
    _nonempty("resolved_first_contact", flags, "issue")
    return _ratio(np.count_nonzero(flags), flags.shape[0])


@attrs.frozen(kw_only=True)
class CsatResult:
    """Customer satisfaction of a set of survey responses.

    Attributes
    ----------
    top_two_box : float
        Share of responses in the two best boxes (4 and 5 on 1-5). [0-1]
    mean : float
        Mean score. [scale points]
    responses : int
        Number of responses.
    """

    top_two_box: float
    mean: float
    responses: int


def csat(scores: npt.ArrayLike, *, scale: tuple[int, int] = CSAT_SCALE) -> CsatResult:
    r"""
    Customer satisfaction (CSAT): top-two-box share and mean of survey scores.

    Parameters
    ----------
    scores : array_like of int
        One answer per response, integers on ``scale``.
    scale : (int, int)
        Lowest and highest answer, at least 2 apart. Default 1-5.

    Returns
    -------
    csat : CsatResult

    Raises
    ------
    InvalidArgumentError
        For an empty array, a score that is not an integer on the scale, or a bad scale.

    Notes
    -----
    top-two-box :math:`= \#\{s \ge s_{max} - 1\} / n`, mean :math:`= \sum s / n`.

    Examples
    --------
    >>> csat([5, 4, 3, 5, 1])
    CsatResult(top_two_box=0.6, mean=3.6, responses=5)
    """
    lo, hi = _scale("scale", scale)
    arr = _scores("scores", scores, (lo, hi), integers=True)
    _nonempty("scores", arr, "response")
    n = arr.shape[0]
    return CsatResult(
        top_two_box=float(np.count_nonzero(arr >= hi - 1) / n), mean=math.fsum(arr.tolist()) / n, responses=n
    )


def nps(scores: npt.ArrayLike) -> np.float64:
    r"""
    Net Promoter Score on the 0-10 "how likely are you to recommend" scale [1]_.

    Parameters
    ----------
    scores : array_like of int
        One answer per response, integers 0 to 10.

    Returns
    -------
    nps : numpy.float64
        Promoters (9-10) minus detractors (0-6), in percent of responses. [-100..100]

    Raises
    ------
    InvalidArgumentError
        For an empty array or a score that is not an integer from 0 to 10.

    Notes
    -----
    .. math:: NPS = 100\,\frac{\#\{s \ge 9\} - \#\{s \le 6\}}{n}

    References
    ----------
    .. [1] F. F. Reichheld, "The one number you need to grow," Harvard
       Business Review, vol. 81, no. 12, pp. 46-54, 2003.

    Examples
    --------
    >>> float(nps([10, 9, 8, 7, 6, 0]))
    0.0
    >>> float(nps([10, 10, 9, 3]))
    50.0
    """
    arr = _scores("scores", scores, _NPS_SCALE, integers=True)
    _nonempty("scores", arr, "response")
    promoters = np.count_nonzero(arr >= 9)
    detractors = np.count_nonzero(arr <= 6)
    return np.float64(100.0 * (promoters - detractors) / arr.shape[0])


def ces(scores: npt.ArrayLike, *, scale: tuple[int, int] = CES_SCALE) -> np.float64:
    r"""
    Customer Effort Score (CES): mean agreement that the company made it easy to handle the issue [1]_.

    Parameters
    ----------
    scores : array_like of int
        One answer per response, integers on ``scale`` (default 1-7, higher
        is easier).
    scale : (int, int)
        Lowest and highest answer.

    Returns
    -------
    ces : numpy.float64
        Mean score. [scale points]

    Raises
    ------
    InvalidArgumentError
        For an empty array, a score off the scale, or a bad scale.

    References
    ----------
    .. [1] M. Dixon, K. Freeman and N. Toman, "Stop trying to delight your
       customers," Harvard Business Review, vol. 88, no. 7/8, pp. 116-122, 2010.

    Examples
    --------
    >>> float(ces([7, 6, 5, 2]))
    5.0
    """
    lo, hi = _scale("scale", scale)
    arr = _scores("scores", scores, (lo, hi), integers=True)
    _nonempty("scores", arr, "response")
    return np.float64(math.fsum(arr.tolist()) / arr.shape[0])


def occupancy(busy_s: npt.ArrayLike, available_s: npt.ArrayLike) -> np.float64:
    r"""
    Occupancy: share of the agents' available time spent handling contacts.

    Parameters
    ----------
    busy_s : array_like of float
        Handling time (talk, hold, after-contact work) per agent and interval. [s]
    available_s : array_like of float
        Time logged in and available for contacts (busy plus idle, no breaks
        or training) for the same agent and interval. [s]

    Returns
    -------
    occupancy : numpy.float64
        :math:`\sum busy / \sum available`. [0-1]

    Raises
    ------
    InvalidArgumentError
        For empty or mismatched arrays, negative times, a row with more busy
        than available time, or no available time at all.

    Examples
    --------
    >>> float(occupancy([1500, 2400], [1800, 3000]))
    0.8125
    """
    busy = _floats("busy_s", busy_s)
    avail = _floats("available_s", available_s)
    _same_length(("busy_s", "available_s"), busy, avail)
    _nonempty("busy_s", busy, "row")
    over = busy > avail
    if over.any():
        raise _fail(f"busy_s must not exceed available_s in any row; {first_bad(busy, over)}")
    total = math.fsum(avail.tolist())
    if total <= 0:
        raise _fail("available_s must add up to more than 0 s; got 0")
    return np.float64(math.fsum(busy.tolist()) / total)


# --------------------------------------------------------------------------- records


def _labels(name: str, value: Any, allowed: tuple[str, ...] | None = None) -> npt.NDArray[np.str_]:
    if value is None:
        raise _fail(f"{name} is required")
    if _is_pandas(value):
        value = value.to_numpy()
    arr = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    if arr.ndim != 1:
        raise _fail(f"{name} must be a 1-D array of labels; got shape {arr.shape}")
    if arr.dtype.kind == "U":
        bad = arr == ""
    else:
        bad = np.array([not isinstance(v, (str, np.str_)) or not v for v in arr.tolist()], dtype=bool)
    if bad.any():
        raise _fail(f"{name} must hold non-empty strings; {first_bad(arr, bad)}")
    out = np.array(arr.tolist() if arr.dtype == object else arr, dtype=np.str_)
    if allowed is not None:
        bad = ~np.isin(out, np.asarray(allowed))
        if bad.any():
            raise _fail(f"{name} must be one of {', '.join(allowed)}; {first_bad(out, bad)}")
    out.flags.writeable = False
    return out


def _is_pandas(value: Any) -> bool:
    return type(value).__module__.split(".")[0] == "pandas"


def _opt_floats(name: str, value: Any) -> npt.NDArray[np.float64] | None:
        if value is None:
            return None
        if _is_pandas(value):
            value = value.to_numpy(dtype=float, na_value=np.nan)
        try:
            arr = np.array(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise _fail(f"{name} must be numbers (NaN where missing); got {describe(value)[:80]}") from None
        _one_d(name, arr)
        bad = np.isinf(arr) | (arr < 0)
        if bad.any():
            raise _fail(f"{name} must be finite and >= 0, or NaN where missing; {first_bad(arr, bad)}")
        arr.flags.writeable = False
        return arr


def _opt_flags(name: str, value: Any) -> npt.NDArray[np.float64] | None:
        if value is None:
            return None
        if _is_pandas(value):
            value = value.to_numpy(dtype=object)
        raw = np.asarray(value, dtype=object)
        _one_d(name, raw)
        out = np.empty(raw.shape, dtype=np.float64)
        for i, v in enumerate(raw.tolist()):
            if v is None or (isinstance(v, float) and math.isnan(v)):
                out[i] = np.nan
            elif isinstance(v, (bool, np.bool_)) or v in (0, 1):
                out[i] = float(bool(v))
            else:
                raise _fail(f"{name} must be booleans (or 0/1), None or NaN where unknown; got {describe(v)} at index {i}")
        out.flags.writeable = False
        return out


def _conv_market(value: Any) -> npt.NDArray[np.str_]:
    return _labels("market", value)


def _conv_channel(value: Any) -> npt.NDArray[np.str_]:
    return _labels("channel", value, CHANNELS)


def _conv_team(value: Any) -> npt.NDArray[np.str_] | None:
    return None if value is None else _labels("team", value)


def _conv_inquiry_type(value: Any) -> npt.NDArray[np.str_] | None:
    return None if value is None else _labels("inquiry_type", value, INQUIRY_TYPES)


def _conv_answered(value: Any) -> npt.NDArray[np.bool_] | None:
    return None if value is None else _readonly(_bools("answered", value))


def _conv_wait(value: Any) -> npt.NDArray[np.float64] | None:
    return _opt_floats("wait_s", value)


def _conv_handle(value: Any) -> npt.NDArray[np.float64] | None:
    return _opt_floats("handle_time_s", value)


def _conv_fcr(value: Any) -> npt.NDArray[np.float64] | None:
    return _opt_flags("resolved_first_contact", value)


def _conv_csat(value: Any) -> npt.NDArray[np.float64] | None:
    return _opt_floats("csat", value)


def _conv_nps(value: Any) -> npt.NDArray[np.float64] | None:
    return _opt_floats("nps", value)


def _conv_ces(value: Any) -> npt.NDArray[np.float64] | None:
    return _opt_floats("ces", value)


def _conv_csat_scale(value: Any) -> tuple[int, int]:
    return _scale("csat_scale", value)


def _conv_ces_scale(value: Any) -> tuple[int, int]:
    return _scale("ces_scale", value)


def _length_matches(instance: Any, attribute: Any, value: Any) -> None:
    if value is not None and value.shape[0] != instance.market.shape[0]:
        raise _fail(
            f"{attribute.name} must have one value per record ({instance.market.shape[0]} records); "
            f"got {value.shape[0]}"
        )


@attrs.frozen(kw_only=True, eq=False)
class ContactRecords:
    """
    Offered contacts as equal-length columns (read-only arrays).

    Parameters
    ----------
    market : array_like of str
        The customer's market, an ISO 3166-1 alpha-2 code where culture
        profiles are used (workload, priors, languages).
    channel : array_like of str
        One of :data:`cultureservice.culture.CHANNELS`.
    team : array_like of str, optional
        The team that handled (or would have handled) the contact.
    inquiry_type : array_like of str, optional
        One of :data:`INQUIRY_TYPES`.
    wait_s : array_like of float, optional
        Wait until answer or abandonment; NaN where not measured. [s]
    answered : array_like of bool, optional
        False for abandoned contacts; default: all answered.
    handle_time_s : array_like of float, optional
        Handle time (talk + hold + after-contact work); NaN where not handled. [s]
    resolved_first_contact : array_like of bool, optional
        Issue resolved on its first contact; None or NaN where unknown (repeat contacts).
    csat, nps, ces : array_like of float, optional
        Survey answers; NaN where the contact got no response.
    csat_scale, ces_scale : (int, int)
        Scales of ``csat`` (default 1-5) and ``ces`` (default 1-7); NPS is 0-10.

    Raises
    ------
    InvalidArgumentError
        For unequal lengths, unknown channels or inquiry types, negative
        times, or scores off their scale.

    Examples
    --------
    >>> records = ContactRecords(market=["DE", "ES"], channel=["email", "phone"], csat=[5, float("nan")])
    >>> len(records), records.csat.tolist()
    (2, [5.0, nan])
    """

    market: npt.NDArray[np.str_] = attrs.field(converter=_conv_market)
    channel: npt.NDArray[np.str_] = attrs.field(converter=_conv_channel, validator=_length_matches)
    team: npt.NDArray[np.str_] | None = attrs.field(default=None, converter=_conv_team, validator=_length_matches)
    inquiry_type: npt.NDArray[np.str_] | None = attrs.field(
        default=None, converter=_conv_inquiry_type, validator=_length_matches
    )
    wait_s: npt.NDArray[np.float64] | None = attrs.field(default=None, converter=_conv_wait, validator=_length_matches)
    answered: npt.NDArray[np.bool_] | None = attrs.field(
        default=None, converter=_conv_answered, validator=_length_matches
    )
    handle_time_s: npt.NDArray[np.float64] | None = attrs.field(
        default=None, converter=_conv_handle, validator=_length_matches
    )
    resolved_first_contact: npt.NDArray[np.float64] | None = attrs.field(
        default=None, converter=_conv_fcr, validator=_length_matches
    )
    csat: npt.NDArray[np.float64] | None = attrs.field(default=None, converter=_conv_csat, validator=_length_matches)
    nps: npt.NDArray[np.float64] | None = attrs.field(default=None, converter=_conv_nps, validator=_length_matches)
    ces: npt.NDArray[np.float64] | None = attrs.field(default=None, converter=_conv_ces, validator=_length_matches)
    csat_scale: tuple[int, int] = attrs.field(default=CSAT_SCALE, converter=_conv_csat_scale)
    ces_scale: tuple[int, int] = attrs.field(default=CES_SCALE, converter=_conv_ces_scale)

    @csat.validator
    def _check_csat(self, attribute: Any, value: Any) -> None:
        if value is not None:
            _scores("csat", value, self.csat_scale, integers=False, allow_nan=True)

    @nps.validator
    def _check_nps(self, attribute: Any, value: Any) -> None:
        if value is not None:
            _scores("nps", value, _NPS_SCALE, integers=True, allow_nan=True)

    @ces.validator
    def _check_ces(self, attribute: Any, value: Any) -> None:
        if value is not None:
            _scores("ces", value, self.ces_scale, integers=False, allow_nan=True)

    @classmethod
    def from_table(cls, table: Any, **scales: Any) -> ContactRecords:
        """Records from a mapping of column name to array (or a pandas DataFrame).

        Columns named like the fields are used; others are ignored.
        ``csat_scale`` and ``ces_scale`` may be passed as keywords.
        """
        if _is_pandas(table) and hasattr(table, "columns"):
            columns = {str(c): table[c] for c in table.columns}
        elif isinstance(table, Mapping):
            columns = {str(k): v for k, v in table.items()}
        else:
            raise _fail(
                f"table must be a mapping of column name to arrays (or a pandas DataFrame); got {type(table).__name__}"
            )
        fields = {f.name for f in attrs.fields(cls)} - {"csat_scale", "ces_scale"}
        return cls(**{k: v for k, v in columns.items() if k in fields}, **scales)

    def __len__(self) -> int:
        return int(self.market.shape[0])

    def column(self, name: str) -> npt.NDArray[Any]:
        """A column by name; InvalidArgumentError if the records lack it."""
        if name not in {f.name for f in attrs.fields(type(self))} or name.endswith("_scale"):
            raise _fail(f"by must name record columns (market, channel, team, inquiry_type); got {name!r}")
        value = getattr(self, name)
        if value is None:
            raise _fail(f"the records have no {name!r} column; pass {name}=... to ContactRecords")
        return value  # type: ignore[no-any-return]


def _readonly(arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    out = np.array(arr)
    out.flags.writeable = False
    return out


def _records(value: Any) -> ContactRecords:
    if isinstance(value, ContactRecords):
        return value
    return ContactRecords.from_table(value)


# --------------------------------------------------------------------------- tables and groups


def _frozen_columns(columns: Mapping[str, npt.NDArray[Any]]) -> FrozenMap[str, npt.NDArray[Any]]:
    out = {}
    for key, value in columns.items():
        arr = np.array(value)
        arr.flags.writeable = False
        out[key] = arr
    return FrozenMap(out)


def _cell(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return "nan" if math.isnan(value) else f"{value:.4g}"
    return str(value.item() if isinstance(value, np.generic) else value)


@attrs.frozen(kw_only=True, eq=False)
class KpiTable:
    """
    Measures per group: one row per group key, one column per measure.

    Attributes
    ----------
    by : tuple of str
        The grouping columns (``("market",)``, ``("team", "channel")``).
    keys : tuple of tuple of str
        Group keys, sorted, in row order.
    columns : mapping of str to ndarray
        Measure name to a read-only array with one value per group (NaN
        where the group has no data for the measure).
    """

    by: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    columns: FrozenMap[str, npt.NDArray[Any]] = attrs.field(converter=_frozen_columns)

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        try:
            return self.columns[name]
        except KeyError:
            raise _fail(f"column must be one of {', '.join(self.columns)}; got {name!r}") from None

    def __len__(self) -> int:
        return len(self.keys)

    def row(self, *key: str) -> dict[str, Any]:
        """The measures of one group as a dict (``table.row("DE")``, ``table.row("t1", "phone")``)."""
        try:
            i = self.keys.index(tuple(key))
        except ValueError:
            raise _fail(f"key must be one of the table's groups {list(self.keys)}; got {key!r}") from None
        return {name: values[i].item() for name, values in self.columns.items()}

    def to_text(self) -> str:
        """The table as aligned text."""
        names = [*self.by, *self.columns]
        cells = [[*key, *(_cell(self.columns[c][i]) for c in self.columns)] for i, key in enumerate(self.keys)]
        widths = [max([len(n)] + [len(r[j]) for r in cells]) for j, n in enumerate(names)]
        lines = ["  ".join(n.rjust(w) for n, w in zip(names, widths, strict=True))]
        lines += ["  ".join(v.rjust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
        return "\n".join(line.rstrip() for line in lines)

    def __str__(self) -> str:
        return self.to_text()


def _by(value: Any) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value)
    if not names or not all(isinstance(n, str) for n in names):
        raise _fail(f"by must be a column name or a sequence of them; got {describe(value)}")
    for name in names:
        if name not in ("market", "channel", "team", "inquiry_type"):
            raise _fail(f"by must name record columns (market, channel, team, inquiry_type); got {name!r}")
    return names


def _group(records: ContactRecords, by: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], npt.NDArray[np.int64]]:
    """Sorted group keys and the group index of every record."""
    n = len(records)
    if n == 0:
        raise _fail("records must hold at least one contact; got none")
    codes = np.zeros(n, dtype=np.int64)
    uniques = []
    for name in by:
        values, inverse = np.unique(records.column(name), return_inverse=True)
        codes = codes * len(values) + inverse.reshape(-1)
        uniques.append(values)
    group_codes, index = np.unique(codes, return_inverse=True)
    keys = []
    for code in group_codes.tolist():
        parts = []
        for values in reversed(uniques):
            code, k = divmod(code, len(values))
            parts.append(str(values[k]))
        keys.append(tuple(reversed(parts)))
    return tuple(keys), index.reshape(-1).astype(np.int64)


def _sum(index: npt.NDArray[np.int64], groups: int, weights: npt.NDArray[Any] | None = None) -> npt.NDArray[np.float64]:
    return np.bincount(index, weights=weights, minlength=groups).astype(np.float64)


def _divide(num: npt.NDArray[np.float64], den: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _targets(value: Any, channels: npt.NDArray[np.str_]) -> npt.NDArray[np.float64]:
    if isinstance(value, Mapping):
        table = {}
        for key, target in value.items():
            if key not in CHANNELS:
                raise _fail(f"target_s keys must be channels ({', '.join(CHANNELS)}); got {key!r}")
            table[key] = float(as_float_array(f"target_s[{key!r}]", target, min_value=0.0))
        missing = sorted(set(channels.tolist()) - set(table))
        if missing:
            raise _fail(f"target_s has no target for the channel(s) {', '.join(missing)} found in the records")
        return np.array([table[c] for c in channels.tolist()], dtype=np.float64)
    target = float(as_float_array("target_s", value, min_value=0.0))
    return np.full(channels.shape, target)


def breakdown(
    records: Any,
    by: str | Iterable[str] = "market",
    *,
    target_s: float | Mapping[str, float] | None = None,
    short_abandon_s: float = 0.0,
) -> KpiTable:
    """
    The standard measures per market, channel, inquiry type or team (or a combination).

    Parameters
    ----------
    records : ContactRecords or mapping of arrays
        The contacts (a mapping or DataFrame goes through
        :meth:`ContactRecords.from_table`).
    by : str or sequence of str
        Grouping columns among ``market``, ``channel``, ``team``,
        ``inquiry_type``.
    target_s : float or mapping of str to float, optional
        Service-level target wait, one for all or per channel
        (``{"phone": 20, "chat": 60, "email": 86400}``); without it no
        ``service_level`` column. [s]
    short_abandon_s : float
        Short-abandon threshold (see :func:`service_level`). [s]

    Returns
    -------
    table : KpiTable
        Columns (each only where the records have the data): ``contacts``;
        ``service_level``, ``asa_s``, ``abandonment_rate`` (need ``wait_s``;
        contacts with NaN wait are left out of these); ``aht_s`` (handled
        contacts); ``fcr`` and ``fcr_issues``; ``csat_top_two_box``,
        ``csat_mean``, ``csat_responses``; ``nps``, ``nps_responses``;
        ``ces``, ``ces_responses``. Each measure follows the definition of
        its function above; NaN where the group has nothing to measure.

    Raises
    ------
    InvalidArgumentError
        For empty records, an unknown or missing grouping column, or bad
        targets.

    Examples
    --------
    >>> records = ContactRecords(
    ...     market=["DE", "DE", "ES", "ES"], channel=["phone"] * 4,
    ...     wait_s=[10, 40, 5, 70], answered=[True, True, True, False],
    ...     handle_time_s=[300, 420, 180, float("nan")], nps=[10, 6, 9, float("nan")])
    >>> print(breakdown(records, "market", target_s=20))
    market  contacts  service_level  asa_s  abandonment_rate  aht_s  nps  nps_responses
        DE         2            0.5     25                 0    360    0              2
        ES         2            0.5      5               0.5    180  100              1
    """
    rec = _records(records)
    names = _by(by)
    keys, index = _group(rec, names)
    g = len(keys)
    columns: dict[str, npt.NDArray[Any]] = {"contacts": _sum(index, g)}
    short = float(as_float_array("short_abandon_s", short_abandon_s, min_value=0.0))
    if rec.wait_s is not None:
        answered = rec.answered if rec.answered is not None else np.ones(len(rec), dtype=bool)
        known = ~np.isnan(rec.wait_s)
        wait = np.where(known, rec.wait_s, 0.0)
        counted = known & (answered | (wait >= short))
        if target_s is not None:
            target = _targets(target_s, rec.channel)
            columns["service_level"] = _divide(
                _sum(index, g, (answered & known & (wait <= target)).astype(float)), _sum(index, g, counted.astype(float))
            )
        done = answered & known
        columns["asa_s"] = _divide(_sum(index, g, np.where(done, wait, 0.0)), _sum(index, g, done.astype(float)))
        columns["abandonment_rate"] = _divide(
            _sum(index, g, (~answered & counted).astype(float)), _sum(index, g, counted.astype(float))
        )
    elif target_s is not None:
        raise _fail("target_s needs records with a wait_s column")
    if rec.handle_time_s is not None:
        handled = ~np.isnan(rec.handle_time_s)
        columns["aht_s"] = _divide(
            _sum(index, g, np.where(handled, rec.handle_time_s, 0.0)), _sum(index, g, handled.astype(float))
        )
    if rec.resolved_first_contact is not None:
        flagged = ~np.isnan(rec.resolved_first_contact)
        columns["fcr"] = _divide(
            _sum(index, g, np.where(flagged, rec.resolved_first_contact, 0.0)), _sum(index, g, flagged.astype(float))
        )
        columns["fcr_issues"] = _sum(index, g, flagged.astype(float))
    if rec.csat is not None:
        got = ~np.isnan(rec.csat)
        n = _sum(index, g, got.astype(float))
        top = got & (rec.csat >= rec.csat_scale[1] - 1)
        columns["csat_top_two_box"] = _divide(_sum(index, g, top.astype(float)), n)
        columns["csat_mean"] = _divide(_sum(index, g, np.where(got, rec.csat, 0.0)), n)
        columns["csat_responses"] = n
    if rec.nps is not None:
        got = ~np.isnan(rec.nps)
        n = _sum(index, g, got.astype(float))
        net = np.where(got & (rec.nps >= 9), 1.0, 0.0) - np.where(got & (rec.nps <= 6), 1.0, 0.0)
        columns["nps"] = 100.0 * _divide(_sum(index, g, net), n)
        columns["nps_responses"] = n
    if rec.ces is not None:
        got = ~np.isnan(rec.ces)
        n = _sum(index, g, got.astype(float))
        columns["ces"] = _divide(_sum(index, g, np.where(got, rec.ces, 0.0)), n)
        columns["ces_responses"] = n
    for name in ("contacts", "fcr_issues", "csat_responses", "nps_responses", "ces_responses"):
        if name in columns:
            columns[name] = columns[name].astype(np.int64)
    return KpiTable(by=names, keys=keys, columns=columns)


# --------------------------------------------------------------------------- workload


def _profiles_for(markets: Iterable[str], profiles: Mapping[str, CultureProfile] | None) -> dict[str, CultureProfile]:
    given = dict(profiles or {})
    for key, value in given.items():
        if not isinstance(value, CultureProfile):
            raise _fail(f"profiles[{key!r}] must be a CultureProfile; got {type(value).__name__}")
    out = {}
    for market in markets:
        if market in given:
            out[market] = given[market]
            continue
        try:
            out[market] = profile(market)
        except UnknownCodeError as exc:
            raise UnknownCodeError(
                f"markets must be ISO 3166-1 alpha-2 codes with a culture profile, or be given in profiles=; "
                f"got {market!r} ({exc})"
            ) from None
    return out


def _handle_times(value: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(value, Mapping) or not value:
        raise _fail(f"handle_time_s must be a mapping of channel to seconds; got {describe(value)}")
    out = {}
    for key, seconds in value.items():
        if key not in CHANNELS:
            raise _fail(f"handle_time_s keys must be channels ({', '.join(CHANNELS)}); got {key!r}")
        out[key] = float(as_float_array(f"handle_time_s[{key!r}]", seconds, min_value=0.0, min_open=True))
    return out


def effort_per_issue(
    markets: Iterable[str],
    handle_time_s: Mapping[str, float],
    *,
    profiles: Mapping[str, CultureProfile] | None = None,
) -> KpiTable:
    r"""
    Expected agent effort per issue and per contact in each market.

    Parameters
    ----------
    markets : iterable of str
        Market codes (ISO 3166-1 alpha-2, or keys of ``profiles``).
    handle_time_s : mapping of str to float
        Handle time per contact on each channel the desk serves
        (``{"phone": 300, "email": 480, "chat": 420}``); channels left out
        (e.g. ``self_service``) are not handled by agents. [s]
    profiles : mapping of str to CultureProfile, optional
        Profiles to use instead of :func:`~cultureservice.culture.profile`
        (overridden or calibrated ones).

    Returns
    -------
    table : KpiTable
        By ``market``: ``contacts_per_issue``, ``effort_per_contact_s``,
        ``effort_per_issue_s``.

    Raises
    ------
    UnknownCodeError
        For a market without a profile.
    InvalidArgumentError
        For bad handle times, or a market none of whose channels has one.

    Notes
    -----
    With the profile's channel mix :math:`s_{m,c}` restricted to the channels
    with a handle time :math:`h_c` and renormalised, and its contacts per
    issue :math:`k_m`:

    .. math::

        e_m = \sum_c s_{m,c} h_c, \qquad E_m = k_m\, e_m

    Examples
    --------
    >>> table = effort_per_issue(["DE", "ES"], {"phone": 300, "email": 600})
    >>> print(table)
    market  contacts_per_issue  effort_per_contact_s  effort_per_issue_s
        DE                1.15                   500                 575
        ES                 1.6                 392.3               627.7

    German customers write long e-mails but need fewer contacts per issue;
    Spanish ones call, briefly and more often.
    """
    times = _handle_times(handle_time_s)
    names = list(dict.fromkeys(_labels("markets", list(markets)).tolist()))
    found = _profiles_for(names, profiles)
    per_contact, per_issue, k = [], [], []
    for market in sorted(names):
        e = _effort_per_contact(found[market], times)
        per_contact.append(e)
        k.append(found[market].contacts_per_issue)
        per_issue.append(e * found[market].contacts_per_issue)
    return KpiTable(
        by=("market",),
        keys=tuple((m,) for m in sorted(names)),
        columns={"contacts_per_issue": np.array(k), "effort_per_contact_s": np.array(per_contact),
                 "effort_per_issue_s": np.array(per_issue)},
    )


def _effort_per_contact(market: CultureProfile, times: Mapping[str, float]) -> float:
    shares = {c: float(market.channel_mix[c]) for c in times}
    total = math.fsum(shares.values())
    if total <= 0:
        raise _fail(
            f"handle_time_s covers no channel of {market.country}'s channel mix "
            f"({', '.join(c for c, s in market.channel_mix.items() if s > 0)}); got {', '.join(times)}"
        )
    return math.fsum(shares[c] * times[c] for c in times) / total


def _learned_handle_times(rec: ContactRecords) -> dict[str, float]:
    if rec.handle_time_s is None:
        raise _fail("handle_time_s is needed: pass a mapping of channel to seconds or records with handle_time_s")
    out = {}
    for channel in CHANNELS:
        mask = (rec.channel == channel) & ~np.isnan(rec.handle_time_s)
        if mask.any():
            value = math.fsum(rec.handle_time_s[mask].tolist()) / int(np.count_nonzero(mask))
            if value > 0:
                out[channel] = value
    if not out:
        raise _fail("handle_time_s cannot be learned: the records hold no positive handle time")
    return out


def workload_weights(
    records: Any,
    *,
    handle_time_s: Mapping[str, float] | None = None,
    profiles: Mapping[str, CultureProfile] | None = None,
) -> npt.NDArray[np.float64]:
    r"""
    Weight of each contact: its market's expected effort per contact, relative to the records' average.

    Parameters
    ----------
    records : ContactRecords or mapping of arrays
        The contacts; only ``market`` is used (and ``channel`` and
        ``handle_time_s`` when the handle times are learned).
    handle_time_s : mapping of str to float, optional
        Handle time per channel (see :func:`effort_per_issue`); default: the
        mean handle time per channel in the records (the desk's own history,
        all markets pooled, so that one market's slow or fast agents do not
        set its own standard). [s]
    profiles : mapping of str to CultureProfile, optional
        Profiles to use instead of :func:`~cultureservice.culture.profile`.

    Returns
    -------
    weights : ndarray of float64
        One weight per contact; they sum to the number of contacts, so
        weighted totals equal raw totals over the whole records. [contacts]

    Raises
    ------
    UnknownCodeError, InvalidArgumentError
        As in :func:`effort_per_issue`; for empty records.

    Notes
    -----
    A contact of market :math:`m` is :math:`1/k_m` of an issue, and an issue
    there takes the expected effort :math:`E_m = k_m e_m` (see
    :func:`effort_per_issue`), so a contact carries :math:`E_m / k_m = e_m`
    seconds of expected work. Normalised over the :math:`n` records,

    .. math:: w_i = \frac{e_{m_i}}{\frac{1}{n} \sum_j e_{m_j}}.

    A market whose customers call often and briefly (many short contacts per
    issue) gets weights below 1, one whose customers write one long e-mail
    gets weights above 1. The weights use the market's *expected* channel
    mix and contacts per issue (the profile's planning assumptions,
    calibratable with :func:`cultureservice.culture.calibrate`), never the
    team's own handle times, so a slow team earns no extra credit.

    Examples
    --------
    >>> w = workload_weights({"market": ["DE", "ES", "ES"], "channel": ["email", "phone", "phone"]},
    ...                      handle_time_s={"phone": 300, "email": 600})
    >>> [round(x, 3) for x in w.tolist()], round(float(w.sum()), 12)
    ([1.168, 0.916, 0.916], 3.0)
    """
    rec = _records(records)
    if len(rec) == 0:
        raise _fail("records must hold at least one contact; got none")
    times = _handle_times(handle_time_s) if handle_time_s is not None else _learned_handle_times(rec)
    markets, inverse = np.unique(rec.market, return_inverse=True)
    found = _profiles_for(markets.tolist(), profiles)
    effort = np.array([_effort_per_contact(found[m], times) for m in markets.tolist()])
    per_contact = effort[inverse.reshape(-1)]
    return np.asarray(per_contact / (math.fsum(per_contact.tolist()) / len(rec)), dtype=np.float64)


def productivity(
    records: Any,
    staffed_s: Mapping[Any, float],
    *,
    by: str | Iterable[str] = "team",
    handle_time_s: Mapping[str, float] | None = None,
    profiles: Mapping[str, CultureProfile] | None = None,
) -> KpiTable:
    r"""
    Contacts, issues and workload-weighted contacts per staffed hour, per team (or other grouping).

    Parameters
    ----------
    records : ContactRecords or mapping of arrays
        The handled contacts (``market``, ``channel`` and the grouping columns).
    staffed_s : mapping
        Group key (a string for one grouping column, a tuple for several) to
        the staffed time of that group over the same period. Every group of
        the records needs one, and every key must have records. [s]
    by : str or sequence of str
        Grouping columns, default ``"team"``.
    handle_time_s, profiles :
        As in :func:`workload_weights`.

    Returns
    -------
    table : KpiTable
        ``contacts``, ``issues`` (:math:`\sum 1/k_m`), ``weighted_contacts``
        (:math:`\sum w_i`, see :func:`workload_weights`), ``staffed_h``,
        ``contacts_per_hour``, ``weighted_contacts_per_hour``.

    Raises
    ------
    InvalidArgumentError
        For a group without staffed time, a staffed group without records
        (an empty group), non-positive staffed time, and as in
        :func:`workload_weights`.

    Examples
    --------
    A team serving Spain handles 12 calls in an hour, a team serving Germany
    8 e-mails. Raw counts favour Spain; weighted by each market's expected
    effort the two are close:

    >>> records = {"market": ["ES"] * 12 + ["DE"] * 8, "channel": ["phone"] * 12 + ["email"] * 8,
    ...            "team": ["madrid"] * 12 + ["berlin"] * 8}
    >>> table = productivity(records, {"madrid": 3600, "berlin": 3600}, handle_time_s={"phone": 300, "email": 600})
    >>> table.keys, table["contacts_per_hour"].tolist(), [round(x, 2) for x in table["weighted_contacts_per_hour"].tolist()]
    ((('berlin',), ('madrid',)), [8.0, 12.0], [9.19, 10.81])
    """
    rec = _records(records)
    names = _by(by)
    keys, index = _group(rec, names)
    weights = workload_weights(rec, handle_time_s=handle_time_s, profiles=profiles)
    markets, inverse = np.unique(rec.market, return_inverse=True)
    found = _profiles_for(markets.tolist(), profiles)
    k = np.array([found[m].contacts_per_issue for m in markets.tolist()])[inverse.reshape(-1)]
    if not isinstance(staffed_s, Mapping):
        raise _fail(f"staffed_s must be a mapping of group key to seconds; got {describe(staffed_s)}")
    table = {((key,) if isinstance(key, str) else tuple(key)): value for key, value in staffed_s.items()}
    unknown = [key for key in table if key not in keys]
    if unknown:
        raise _fail(
            f"staffed_s names group(s) with no records (empty groups): {unknown}; groups in the records: {list(keys)}"
        )
    missing = [key for key in keys if key not in table]
    if missing:
        raise _fail(f"staffed_s lacks staffed time for group(s) {missing}")
    hours = np.array(
        [float(as_float_array(f"staffed_s[{key!r}]", table[key], min_value=0.0, min_open=True)) / 3600 for key in keys]
    )
    g = len(keys)
    contacts = _sum(index, g)
    weighted = _sum(index, g, weights)
    return KpiTable(
        by=names,
        keys=keys,
        columns={
            "contacts": contacts.astype(np.int64),
            "issues": _sum(index, g, 1.0 / k),
            "weighted_contacts": weighted,
            "staffed_h": hours,
            "contacts_per_hour": contacts / hours,
            "weighted_contacts_per_hour": weighted / hours,
        },
    )


# --------------------------------------------------------------------------- market-relative satisfaction


@attrs.frozen(kw_only=True, eq=False)
class SatisfactionBaseline:
    """
    Per-market satisfaction baselines learned from history, with a culture prior.

    Made by :func:`satisfaction_baseline`; used by :func:`relative_satisfaction`.

    Attributes
    ----------
    scale : (int, int)
        The score scale.
    markets : tuple of str
        Markets with history, sorted.
    responses : ndarray of int64
        History responses per market.
    history_mean, history_sd : ndarray of float64
        Mean and (population) standard deviation of each market's history. [scale points]
    pooled_mean, pooled_sd : float
        Over all history responses. [scale points]
    prior_strength : float
        Weight of the prior, in responses (``inf``: prior only). [responses]
    spread : mapping of str to float
        Prior spread factor per feedback style.
    feedback_styles : mapping of str to str
        Feedback style per market where given explicitly (else from the profile).
    """

    scale: tuple[int, int]
    markets: tuple[str, ...]
    responses: npt.NDArray[np.int64]
    history_mean: npt.NDArray[np.float64]
    history_sd: npt.NDArray[np.float64]
    pooled_mean: float
    pooled_sd: float
    prior_strength: float
    spread: FrozenMap[str, float]
    feedback_styles: FrozenMap[str, str]

    def _style(self, market: str) -> str:
        if market in self.feedback_styles:
            return self.feedback_styles[market]
        try:
            return profile(market).feedback_style
        except UnknownCodeError:
            raise UnknownCodeError(
                f"markets has {market!r}, which has no culture profile for the feedback-style prior; "
                f"pass feedback_styles={{{market!r}: 'direct'}} (or 'indirect', 'expressive')"
            ) from None

    def of(self, markets: Iterable[str]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        r"""
        Baseline mean and standard deviation of each market (history shrunk towards the prior).

        Parameters
        ----------
        markets : iterable of str
            Market codes; markets without history get the prior alone.

        Returns
        -------
        mean, sd : ndarray of float64
            [scale points]

        Raises
        ------
        InvalidArgumentError
            For a market without history when ``prior_strength`` is 0, or a
            baseline without spread.
        UnknownCodeError
            For a market needing a prior without a profile or given style.

        Notes
        -----
        With :math:`n_m` responses of mean :math:`\bar x_m` and variance
        :math:`v_m`, the pooled mean :math:`\mu` and standard deviation
        :math:`\sigma`, the spread factor :math:`f` of the market's feedback
        style and the prior strength :math:`k`:

        .. math::

            \mu_m = \frac{n_m \bar x_m + k \mu}{n_m + k}, \qquad
            \sigma_m^2 = \frac{n_m v_m + k (f \sigma)^2}{n_m + k}

        a credibility-weighted (Bühlmann) estimate; :math:`k = \infty` gives the prior.
        """
        names = _labels("markets", markets if isinstance(markets, np.ndarray) else list(markets))
        where = {m: i for i, m in enumerate(self.markets)}
        unique, inverse = np.unique(names, return_inverse=True)
        pairs = [self._one(market, where.get(market)) for market in unique.tolist()]
        means = np.array([p[0] for p in pairs], dtype=np.float64)
        sds = np.array([p[1] for p in pairs], dtype=np.float64)
        return means[inverse.reshape(-1)], sds[inverse.reshape(-1)]

    def _one(self, market: str, i: int | None) -> tuple[float, float]:
        n = 0 if i is None else int(self.responses[i])
        k = self.prior_strength
        if n == 0 and k == 0:
            raise _fail(
                f"markets has {market!r}, which has no history, and prior_strength is 0; "
                "give it history or a positive prior_strength"
            )
        if k > 0:
            style = self._style(market)
            if style not in self.spread:
                raise _fail(f"spread has no factor for the feedback style {style!r} of {market!r}")
            prior_sd = self.pooled_sd * float(self.spread[style])
        if math.isinf(k) or n == 0:
            mean, sd = self.pooled_mean, prior_sd
        elif k == 0:
            assert i is not None
            mean, sd = float(self.history_mean[i]), float(self.history_sd[i])
        else:
            assert i is not None
            mean = (n * float(self.history_mean[i]) + k * self.pooled_mean) / (n + k)
            sd = math.sqrt((n * float(self.history_sd[i]) ** 2 + k * prior_sd**2) / (n + k))
        if not sd > 0:
            raise _fail(
                f"the satisfaction baseline of {market!r} has no spread (every score the same); "
                "standardizing is undefined: use more history or a positive prior_strength"
            )
        return mean, sd


def satisfaction_baseline(
    scores: npt.ArrayLike,
    markets: Any,
    *,
    scale: tuple[int, int] = CSAT_SCALE,
    prior_strength: float = DEFAULT_PRIOR_STRENGTH,
    feedback_styles: Mapping[str, str] | None = None,
    spread: Mapping[str, float] | None = None,
) -> SatisfactionBaseline:
    """
    Learn each market's satisfaction baseline from the user's own survey history [1]_ [2]_.

    Parameters
    ----------
    scores : array_like of float
        Historical survey answers (responses only, no NaN) on ``scale``.
    markets : array_like of str
        The market of each answer.
    scale : (int, int)
        The score scale, default CSAT 1-5 (NPS answers: ``(0, 10)``).
    prior_strength : float
        How many responses the prior weighs (default
        :data:`DEFAULT_PRIOR_STRENGTH`, a planning assumption); 0 uses the
        history alone, ``inf`` the prior alone. [responses]
    feedback_styles : mapping of str to str, optional
        Market to ``"direct"``, ``"indirect"`` or ``"expressive"``, beating
        the profile's ``feedback_style`` (needed for markets that are not
        countries).
    spread : mapping of str to float, optional
        Prior spread factor per feedback style, default
        :data:`FEEDBACK_STYLE_SPREAD` (a planning assumption).

    Returns
    -------
    baseline : SatisfactionBaseline

    Raises
    ------
    InvalidArgumentError
        For empty or mismatched input, scores off the scale or NaN, a bad
        prior strength, style or spread.

    Notes
    -----
    The prior of a market is the pooled history mean with the pooled
    standard deviation times the spread factor of its feedback style: mild
    answers in an ``indirect`` market (narrower spread) and strong ones in an
    ``expressive`` market (wider spread) are read on that market's own
    yardstick. The baseline is learned from the user's data; the profile's
    feedback style only fills in where the market's own history is thin.
    See :meth:`SatisfactionBaseline.of` for the formula.

    References
    ----------
    .. [1] C. Chen, S. Lee and H. W. Stevenson, "Response style and
       cross-cultural comparisons of rating scales among East Asian and North
       American students," Psychological Science, vol. 6, no. 3, pp. 170-175,
       1995, doi:10.1111/j.1467-9280.1995.tb00327.x.
    .. [2] A.-W. Harzing, "Response styles in cross-national survey research:
       A 26-country study," International Journal of Cross Cultural
       Management, vol. 6, no. 2, pp. 243-266, 2006, doi:10.1177/1470595806066332.

    Examples
    --------
    >>> base = satisfaction_baseline([5, 4, 5, 3, 4, 4], ["US", "US", "US", "JP", "JP", "JP"], prior_strength=0)
    >>> mean, sd = base.of(["JP", "US"])
    >>> [round(x, 3) for x in mean.tolist()], [round(x, 3) for x in sd.tolist()]
    ([3.667, 4.667], [0.471, 0.471])
    """
    lo, hi = _scale("scale", scale)
    values = _scores("scores", scores, (lo, hi), integers=False)
    names = _labels("markets", markets)
    _same_length(("scores", "markets"), values, names)
    _nonempty("scores", values, "response")
    k = float(as_float_array("prior_strength", prior_strength, min_value=0.0, allow_inf=True))
    factors = dict(FEEDBACK_STYLE_SPREAD if spread is None else spread)
    for style, factor in factors.items():
        if style not in FEEDBACK_STYLE_SPREAD:
            raise _fail(f"spread keys must be feedback styles ({', '.join(FEEDBACK_STYLE_SPREAD)}); got {style!r}")
        factors[style] = float(as_float_array(f"spread[{style!r}]", factor, min_value=0.0, min_open=True))
    styles = dict(feedback_styles or {})
    for market, style in styles.items():
        if style not in FEEDBACK_STYLE_SPREAD:
            raise _fail(
                f"feedback_styles[{market!r}] must be one of {', '.join(FEEDBACK_STYLE_SPREAD)}; got {describe(style)}"
            )
    unique, inverse = np.unique(names, return_inverse=True)
    inverse = inverse.reshape(-1)
    counts = np.bincount(inverse, minlength=unique.shape[0])
    means = np.bincount(inverse, weights=values, minlength=unique.shape[0]) / counts
    variances = np.bincount(inverse, weights=(values - means[inverse]) ** 2, minlength=unique.shape[0]) / counts
    pooled = math.fsum(values.tolist()) / values.shape[0]
    pooled_sd = math.sqrt(math.fsum(((values - pooled) ** 2).tolist()) / values.shape[0])
    return SatisfactionBaseline(
        scale=(lo, hi),
        markets=tuple(unique.tolist()),
        responses=_readonly(counts.astype(np.int64)),
        history_mean=_readonly(means),
        history_sd=_readonly(np.sqrt(variances)),
        pooled_mean=pooled,
        pooled_sd=pooled_sd,
        prior_strength=k,
        spread=FrozenMap(factors),
        feedback_styles=FrozenMap(styles),
    )


def relative_satisfaction(scores: npt.ArrayLike, markets: Any, baseline: SatisfactionBaseline) -> npt.NDArray[np.float64]:
    r"""
    Satisfaction scores standardized within their market: how far each is from what that market usually says.

    Parameters
    ----------
    scores : array_like of float
        Survey answers on the baseline's scale.
    markets : array_like of str
        The market of each answer.
    baseline : SatisfactionBaseline
        From :func:`satisfaction_baseline` (usually on last period's history).

    Returns
    -------
    z : ndarray of float64
        :math:`(x - \mu_m) / \sigma_m` per answer; 0 is the market's usual
        level, -1 one (market) standard deviation below it. [standard deviations]

    Raises
    ------
    InvalidArgumentError
        For mismatched input, scores off the scale, and as in
        :meth:`SatisfactionBaseline.of`.

    Examples
    --------
    A 4 out of 5 from Japan, where answers cluster in the middle, is read
    against Japan's own baseline, not against the US one:

    >>> base = satisfaction_baseline([5, 4, 5, 3, 4, 4], ["US", "US", "US", "JP", "JP", "JP"], prior_strength=0)
    >>> [round(z, 2) for z in relative_satisfaction([4, 4], ["JP", "US"], base).tolist()]
    [0.71, -1.41]
    """
    if not isinstance(baseline, SatisfactionBaseline):
        raise _fail(f"baseline must be a SatisfactionBaseline from satisfaction_baseline(); got {type(baseline).__name__}")
    values = _scores("scores", scores, baseline.scale, integers=False)
    names = _labels("markets", markets)
    _same_length(("scores", "markets"), values, names)
    mean, sd = baseline.of(names)
    return np.asarray((values - mean) / sd, dtype=np.float64)


# --------------------------------------------------------------------------- localization priorities


@attrs.frozen(kw_only=True)
class LocalizationPriority:
    """
    One market's place in the ranking of :func:`localization_priorities`.

    Attributes
    ----------
    market : str
    rank : int
        1 is the market where localizing matters most.
    score : float
        Weighted sum of the normalised criteria. [0-1]
    contacts : int
    volume_share : float
        Share of all contacts. [0-1]
    mean_wait_s : float
        Mean wait of its contacts with a known wait (NaN if none). [s]
    wait_ratio : float
        Mean over its contacts of the wait divided by the mean wait of all
        markets on the same channel: 2 means twice as long as the desk's
        usual wait for those channels (NaN if none). [ratio]
    satisfaction_gap : float
        Mean market-relative satisfaction of the market minus that of all
        other markets' responses; negative is worse (NaN without responses). [standard deviations]
    uncovered_share : float
        Share of its customers not served in their language, given the
        agents' languages and its channel mix. [0-1]
    reasons : tuple of str
        The criteria that raise the score, largest contribution first.
    """

    market: str
    rank: int
    score: float
    contacts: int
    volume_share: float
    mean_wait_s: float
    wait_ratio: float
    satisfaction_gap: float
    uncovered_share: float
    reasons: tuple[str, ...]


def _language_id(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnknownCodeError(f"{name} must hold CLDR language ids such as 'de'; got {describe(value)}")
    return value.strip().replace("-", "_").split("_")[0].lower()


def _uncovered(
    market: CultureProfile,
    spoken: set[str],
    channel_share: Mapping[str, float],
    equivalents: Mapping[str, str],
    fallback: str,
) -> float:
    """Share of the market's customers not served in their language (see messages.choose_language)."""
    shares = {code: float(s) for code, s in market.languages.items()}
    if not shares:
        return 0.0
    covered = math.fsum(s for m, s in shares.items() if m in spoken or equivalents.get(m) in spoken)
    native_f = math.fsum(s for m, s in shares.items() if m == fallback or equivalents.get(m) == fallback)
    out = 0.0
    for channel, weight in channel_share.items():
        reach = covered
        if fallback in spoken and native_f < 1.0:
            rate = max(0.0, (float(market.fallback_acceptance[channel]) - native_f) / (1.0 - native_f))
            reach = covered + (1.0 - covered) * rate
        out += weight * (1.0 - min(reach, 1.0))
    return out


def localization_priorities(
    records: Any,
    *,
    agent_languages: Iterable[str] | Mapping[str, Iterable[str]],
    baseline: SatisfactionBaseline | None = None,
    weights: Mapping[str, float] | None = None,
    profiles: Mapping[str, CultureProfile] | None = None,
    equivalents: Mapping[str, str] | None = None,
    fallback_language: str = "en",
) -> tuple[LocalizationPriority, ...]:
    r"""
    Rank markets by where localizing (native-language staff, local hours) would matter most, with the reasons.

    Parameters
    ----------
    records : ContactRecords or mapping of arrays
        Contacts with ``market`` (country codes) and ``channel``; ``wait_s``
        and ``csat`` are used where present.
    agent_languages : iterable of str or mapping of str to iterable of str
        Languages of the agents serving every market, or per market.
    baseline : SatisfactionBaseline, optional
        CSAT baseline for the satisfaction gap; default a prior-only baseline
        from the records' own CSAT answers (``prior_strength=inf``): every
        market is read against the pooled mean with the spread of its
        feedback style.
    weights : mapping of str to float, optional
        Weights of ``volume``, ``waiting``, ``satisfaction`` and ``language``
        (default :data:`PRIORITY_WEIGHTS`, equal); normalised to sum 1.
    profiles : mapping of str to CultureProfile, optional
        Profiles to use instead of :func:`~cultureservice.culture.profile`.
    equivalents : mapping of str to str, optional
        Market language to the team language serving it (default: Swiss
        German by German, as in :func:`cultureservice.messages.choose_language`).
    fallback_language : str
        The language the profiles' ``fallback_acceptance`` refers to (English).

    Returns
    -------
    priorities : tuple of LocalizationPriority
        Best first (ties: more contacts first, then market code).

    Raises
    ------
    InvalidArgumentError
        For empty records, bad weights, or a market missing from a mapping
        of ``agent_languages``.
    UnknownCodeError
        For markets without a profile or unknown languages.

    Notes
    -----
    Each criterion is scaled by its largest value over the markets, so it
    lies in [0, 1]: volume share; wait ratio (waits against the mean wait of
    all markets on the same channel, so that e-mail hours and phone seconds
    compare); satisfaction shortfall
    :math:`\max(0, -\text{gap})`; uncovered share
    :math:`\sum_c p_{m,c}\,(1 - r_{m,c})` with :math:`p_{m,c}` the market's
    share of contacts on channel :math:`c` and :math:`r_{m,c}` the share
    reached in the customer's own language or in English where accepted
    (the formula of :func:`cultureservice.messages.choose_language`). The
    score is the weighted sum. The reasons name the criteria on which the
    market stands above the average of the markets, largest contribution
    first. A market without waits or responses scores 0 on that criterion
    and says so in its reasons.

    Examples
    --------
    >>> records = {"market": ["DE"] * 6 + ["FI"] * 3 + ["CH"] * 3,
    ...            "channel": ["email"] * 12,
    ...            "wait_s": [30] * 6 + [30, 40, 50] + [200, 260, 320]}
    >>> ranked = localization_priorities(records, agent_languages=["de", "en"])
    >>> [(p.market, p.rank) for p in ranked]
    [('CH', 1), ('FI', 2), ('DE', 3)]
    >>> ranked[0].reasons
    ("waiting: 2.9 times the desk's mean wait on the same channels", 'satisfaction: no CSAT responses to compare')
    >>> ranked[1].reasons
    ('language: 44.0 % of customers not served in their language (agents: de, en)', 'satisfaction: no CSAT responses to compare')
    """
    rec = _records(records)
    if len(rec) == 0:
        raise _fail("records must hold at least one contact; got none")
    chosen = dict(PRIORITY_WEIGHTS if weights is None else weights)
    for key, value in chosen.items():
        if key not in PRIORITY_WEIGHTS:
            raise _fail(f"weights keys must be {', '.join(PRIORITY_WEIGHTS)}; got {key!r}")
        chosen[key] = float(as_float_array(f"weights[{key!r}]", value, min_value=0.0))
    total_weight = math.fsum(chosen.values())
    if total_weight <= 0:
        raise _fail(f"weights must not all be 0; got {chosen}")
    w = {key: chosen.get(key, 0.0) / total_weight for key in PRIORITY_WEIGHTS}
    eq = dict(LANGUAGE_EQUIVALENTS if equivalents is None else equivalents)
    fallback = _language_id("fallback_language", fallback_language)
    markets, inverse = np.unique(rec.market, return_inverse=True)
    inverse = inverse.reshape(-1)
    names = markets.tolist()
    found = _profiles_for(names, profiles)
    if isinstance(agent_languages, Mapping):
        missing = [m for m in names if m not in agent_languages]
        if missing:
            raise _fail(f"agent_languages has no languages for the market(s) {', '.join(missing)}")
        spoken = {m: {_language_id("agent_languages", v) for v in _as_list(agent_languages[m])} for m in names}
    else:
        common = {_language_id("agent_languages", v) for v in _as_list(agent_languages)}
        spoken = {m: common for m in names}
    for m, langs in spoken.items():
        if not langs:
            raise _fail(f"agent_languages must name at least one language for {m}; got none")
    g = len(names)
    contacts = np.bincount(inverse, minlength=g).astype(np.float64)
    volume = contacts / contacts.sum()
    wait = np.full(g, np.nan)
    ratio = np.full(g, np.nan)
    if rec.wait_s is not None:
        known = ~np.isnan(rec.wait_s)
        n_known = np.bincount(inverse[known], minlength=g)
        sums = np.bincount(inverse[known], weights=rec.wait_s[known], minlength=g)
        wait = _divide(sums.astype(np.float64), n_known.astype(np.float64))
        channel_mean = {}
        for channel in np.unique(rec.channel[known]).tolist():
            channel_mean[channel] = float(rec.wait_s[known & (rec.channel == channel)].mean())
        usual = np.array([channel_mean.get(c, 0.0) for c in rec.channel.tolist()])
        rated = known & (usual > 0)
        ratio = _divide(
            np.bincount(inverse[rated], weights=rec.wait_s[rated] / usual[rated], minlength=g).astype(np.float64),
            np.bincount(inverse[rated], minlength=g).astype(np.float64),
        )
    gap = np.full(g, np.nan)
    if rec.csat is not None and (~np.isnan(rec.csat)).any():
        got = ~np.isnan(rec.csat)
        base = baseline if baseline is not None else satisfaction_baseline(
            rec.csat[got], rec.market[got], scale=rec.csat_scale, prior_strength=math.inf
        )
        z = relative_satisfaction(rec.csat[got], rec.market[got], base)
        which = inverse[got]
        for i in range(g):
            mine, others = z[which == i], z[which != i]
            if mine.size and others.size:
                gap[i] = float(mine.mean() - others.mean())
    uncovered = np.zeros(g)
    for i, market in enumerate(names):
        mask = inverse == i
        channels, counts = np.unique(rec.channel[mask], return_counts=True)
        share = {c: n / mask.sum() for c, n in zip(channels.tolist(), counts.tolist(), strict=True)}
        uncovered[i] = _uncovered(found[market], spoken[market], share, eq, fallback)

    def scaled(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        clean = np.where(np.isnan(values), 0.0, values)
        top = clean.max()
        return clean / top if top > 0 else np.zeros_like(clean)

    parts = {
        "volume": w["volume"] * scaled(volume),
        "waiting": w["waiting"] * scaled(ratio),
        "satisfaction": w["satisfaction"] * scaled(np.where(np.isnan(gap), np.nan, np.maximum(0.0, -gap))),
        "language": w["language"] * scaled(uncovered),
    }
    score = np.sum(np.stack(list(parts.values())), axis=0)
    order = sorted(range(g), key=lambda i: (-score[i], -contacts[i], names[i]))
    out = []
    for rank, i in enumerate(order, start=1):
        texts = {
            "volume": f"volume: {100 * volume[i]:.1f} % of contacts",
            "waiting": f"waiting: {ratio[i]:.1f} times the desk's mean wait on the same channels",
            "satisfaction": f"satisfaction: {-gap[i]:.2f} SD below the other markets",
            "language": (
                f"language: {100 * uncovered[i]:.1f} % of customers not served in their language "
                f"(agents: {', '.join(sorted(spoken[names[i]]))})"
            ),
        }
        reasons = [
            texts[k]
            for k in sorted(parts, key=lambda k: -parts[k][i])
            if parts[k][i] > 0 and parts[k][i] > parts[k].mean()
        ]
        if math.isnan(ratio[i]) and w["waiting"] > 0:
            reasons.append("waiting: no waits recorded")
        if math.isnan(gap[i]) and w["satisfaction"] > 0:
            reasons.append("satisfaction: no CSAT responses to compare")
        out.append(
            LocalizationPriority(
                market=names[i],
                rank=rank,
                score=float(score[i]),
                contacts=int(contacts[i]),
                volume_share=float(volume[i]),
                mean_wait_s=float(wait[i]),
                wait_ratio=float(ratio[i]),
                satisfaction_gap=float(gap[i]),
                uncovered_share=float(uncovered[i]),
                reasons=tuple(reasons),
            )
        )
    return tuple(out)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value]
    return list(value)
