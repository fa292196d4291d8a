"""The årsbokslut: every node's year, with its personnel tables, the prognossäkerhet and the
goals assessed (texts in texts/arsbokslut.toml)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .drift import Amounts, make_outcome, total_of, with_sums
from .format import (
    ARSBOKSLUT,
    DRIFT_INPUT,
    FLIK_ARBETSMILJO,
    FLIK_ARBETSSKADOR,
    FLIK_DRIFT_AR,
    FLIK_FORUTB_AR,
    FLIK_INTERNKONTROLL,
    FLIK_INV_AR,
    FLIK_MAL,
    FLIK_PERSONALSTATISTIK,
    FLIK_PROGNOSSAKERHET,
    FLIK_SJUKFRANVARO,
    FLIK_TEXTER,
    FLIK_TEXTER_DRIFT,
    FLIK_UPPDRAG,
    FLIK_UPPGIFTER,
    FORECAST_KEYS,
    FORECAST_POINTS,
    INJURY_ROWS,
    KOMMUNBIDRAG,
    PERSONAL,
    POINT_MONTHS,
    RESULTAT,
)
from .numbers import pct, round_half_away, shown, sign
from .organisation import NAMND, Node, has_projects, is_top, uppgifter
from .plan import (
    NAMND_GOALS,
    UNIT_NYCKELTAL,
    Outcome,
    UnitCheck,
    arbetsmiljo,
    internkontroll_for,
    outcome,
    unit_checks,
    unit_goals,
    uppdrag_for,
    year_nyckeltal,
)
from .projects import AR_INVESTMENT_SUMS, AR_INVESTMENTS, AR_PREPAID, investments_json, prepaid_json
from .sections import TextTables, largest_deviation, project_texts, texter, written_texts
from .settings import STATS_SEED
from .staff import (
    FULL_TIME_TARGET,
    Sick,
    Stats,
    make_own_injuries,
    make_own_personnel,
    make_year_sick,
    roll_up_counts,
    roll_up_personnel,
    roll_up_sick,
)
from .texts import load

INVESTIGATED_IN_TIME = "88 %"  # tillbud and arbetsskador investigated within 14 days, at year end
HELTID = "{heltid}"  # in a goal's utfall: the andel heltidsanställda of the Personalstatistik table

_TEXTS = load("arsbokslut")
YEAR_IN_BUDGET: str = _TEXTS["in_budget"]
INJURY_SUMMARY: str = _TEXTS["injury_summary"]
PERSONNEL_NOTE: str = _TEXTS["personnel_note"]  # the nämnd's and the förvaltning's
# Utfall för året per ansvar and kontogrupp: the author's reason (bokslut writes the figure).
YEAR_REASONS: dict[str, dict[str, str]] = _TEXTS["year_reasons"]
YEAR_REASONS["8"][KOMMUNBIDRAG] = ""  # no deviation: the allocation is the budget
# Jämförelse mellan åren: why the year's bokslut differs from last year's.
YEAR_COMPARISON: dict[str, dict[str, str]] = _TEXTS["year_comparison"]
# The förvaltning's comparison is the nämnd's but for the kommunbidrag, which only the nämnd has.
YEAR_COMPARISON["81"] = {row: text for row, text in YEAR_COMPARISON["8"].items() if row != KOMMUNBIDRAG}
COMPARISON_BY_KIND: dict[str, str] = _TEXTS["comparison_by_kind"]  # Personalkostnader of an enhet up > 1 mkr
YEAR_SUMMARY: dict[str, str] = _TEXTS["year_summary"]
# Prognossäkerhet: why the earlier forecasts missed, with the direction the text is written for
# (bokslut − prognos at the fördjupad and at the delårsbokslut: +1 better, −1 worse).
FORECAST_TEXTS: dict[str, tuple[tuple[int, ...], str]] = {
    ansvar: (tuple(written["directions"]), written["text"]) for ansvar, written in _TEXTS["forecast_texts"].items()
}
AR_INVESTMENT_TEXTS: dict[str, tuple[str, ...]] = {a: tuple(t) for a, t in _TEXTS["investment_texts"].items()}
AR_PREPAID_TEXTS: dict[str, tuple[str, ...]] = {a: tuple(t) for a, t in _TEXTS["prepaid_texts"].items()}
# Per point of the nämnd: bedömning, resultat, åtgärd.
INTERNKONTROLL_AR: list[Outcome] = [outcome(o) for o in _TEXTS["internkontroll_outcomes"]]
UNIT_INTERNKONTROLL_AR: dict[str, list[UnitCheck]] = unit_checks(_TEXTS["unit_internkontroll"])
AR_TEXTS = TextTables(
    verksamhet=_TEXTS["verksamhet"],
    omedelbara=_TEXTS["omedelbara_atgarder"],
    internkontroll=_TEXTS["internkontroll"],
    recruitment=_TEXTS["recruitment"],
    work_environment={
        key: text.replace("{investigated}", INVESTIGATED_IN_TIME) for key, text in _TEXTS["work_environment"].items()
    },
    sick_then="föregående år",
)
INJURY_REASON: dict[str, str] = _TEXTS["injury_reason"]  # a sentence after the counts, by kind of verksamhet
# The nämnd's goals at year end: nr → bedömning, kommentar, utfall per nyckeltal (None: the heltid
# figure of the Personalstatistik table).
GOALS_AR: dict[str, tuple[str, str, list[str | None]]] = {
    nr: (goal["bedömning"], goal["kommentar"], [None if u == HELTID else u for u in goal["utfall"]])
    for nr, goal in _TEXTS["goals"].items()
}
UNIT_GOAL_COMMENTS_AR: dict[str, dict[str, str]] = _TEXTS["unit_goal_comments"]
# The year's utfall of the units' own nyckeltal (UNIT_NYCKELTAL, which has the rest of each).
UNIT_UTFALL_AR: dict[str, dict[str, list[str]]] = {
    "81911": {"3": ["19"]},
    "81912": {"3": ["14"]},
    "81913": {"3": ["13"]},
    "81914": {"3": ["17"]},
    "81921": {"1": ["80 %"], "4": ["68 %"]},
    "81922": {"1": ["86 %"]},
    "81923": {"1": ["81 %"]},
    "81924": {"4": ["71 %"]},
    "81931": {"2": ["19"]},
}
UNIT_NYCKELTAL_AR = {
    ansvar: {nr: year_nyckeltal(UNIT_NYCKELTAL[ansvar][nr], utfall) for nr, utfall in goals.items()}
    for ansvar, goals in UNIT_UTFALL_AR.items()
}
UPPDRAG_AR: dict[str, tuple[str, str]] = {  # nr → redogörelse, bedömning
    nr: (uppdrag["redogörelse"], uppdrag["bedömning"]) for nr, uppdrag in _TEXTS["uppdrag"].items()
}


def changed(fg: float, now: float, what: str, *, places: int = 0) -> str:
    """A change said in words ("Antalet tillbud ökade från 12 till 15"), or that it stayed the same."""

    def show(x: float) -> str:
        return pct(x) if places else f"{int(x):,}".replace(",", "\u00a0")

    if now == fg:
        return f"{what} var {'oförändrad' if what.lower().startswith('andelen') else 'oförändrat'}, {show(now)}"
    verb = "ökade" if now > fg else "minskade"
    return f"{what} {verb} från {show(fg)} till {show(now)}"


def personnel_text(stats: Stats, node: Node) -> str:
    perm = stats["Antal tillsvidareanställda"]
    full = stats["Andel heltidsanställda (%)"]
    turnover = stats["Personalomsättning (%)"]
    first = changed(perm["fg"], perm["år"], "Antalet tillsvidareanställda")
    second = changed(full["fg"], full["år"], "andelen heltidsanställda", places=1)
    text = (
        f"{first}, och {second}. Personalomsättningen var {pct(turnover['år'])} jämfört med "
        f"{pct(turnover['fg'])} föregående år."
    )
    return f"{text} {PERSONNEL_NOTE}" if is_top(node.ansvar) else text


def injury_text(stats: Stats, node: Node) -> str:
    incidents, injuries, threats = stats["Tillbud"], stats["Arbetsskador"], stats["Varav hot och våld"]
    if not any(incidents.values()) and not any(injuries.values()):
        return INJURY_REASON["ledning"]
    threat = f"varav {threats['år']} gällde hot och våld" if threats["år"] else "inget av dem gällde hot och våld"
    text = (
        f"{changed(incidents['fg'], incidents['år'], 'Antalet tillbud')}, {threat}. "
        f"{changed(injuries['fg'], injuries['år'], 'Antalet arbetsskador')}."
    )
    if is_top(node.ansvar):
        return f"{text} {INJURY_SUMMARY}"
    if node.nivå == "avdelning":
        return text
    return f"{text} {INJURY_REASON[node.kind]}"


def goals_ar(node: Node, full_time_now: float) -> list[dict[str, Any]]:
    """The Mål flik of the årsbokslut: the nämnd's goals assessed (the heltid nyckeltal from the
    Personalstatistik table), or the goals shared down to an avdelning or enhet."""
    if not is_top(node.ansvar):
        return unit_goals(node.ansvar, UNIT_GOAL_COMMENTS_AR, UNIT_NYCKELTAL_AR)
    heltid = f"{round_half_away(full_time_now)} %"
    goals = []
    for goal in NAMND_GOALS:
        bedömning, kommentar, utfall = GOALS_AR[goal["nr"]]
        keytal = year_nyckeltal(goal["nyckeltal"], [heltid if value is None else value for value in utfall])
        goals.append(dict(goal, bedömning=bedömning, kommentar=kommentar, nyckeltal=keytal))
    return goals


def year_summary(ansvar: str, rolled: dict[str, Amounts]) -> str:
    """Inledande sammanfattning of the årsbokslut: the nämnd's, förvaltning's and avdelningar's own,
    else the reason behind the largest deviation that has one."""
    if ansvar in YEAR_SUMMARY:
        return YEAR_SUMMARY[ansvar]
    reasons = YEAR_REASONS.get(ansvar, {})
    written = [r for r in DRIFT_INPUT if reasons.get(r) and shown(rolled[r]["utfall"] - rolled[r]["budget"])]
    biggest = largest_deviation(rolled, "utfall", written)
    return YEAR_IN_BUDGET if biggest is None else reasons[biggest]


def ar_drift_texts(node: Node, rows: dict[str, Amounts]) -> dict[str, dict[str, str]]:
    """Texter drift of the årsbokslut: Utfall för perioden (shown as Utfall för året) and
    Jämförelse mellan åren per kontogrupp."""
    out: dict[str, dict[str, str]] = {}
    for row in DRIFT_INPUT:
        texts = {}
        reason = YEAR_REASONS.get(node.ansvar, {}).get(row)
        if reason and shown(rows[row]["utfall"] - rows[row]["budget"]):
            texts["utfall"] = reason
        diff = rows[row]["utfall"] - rows[row]["utfall_fg"]
        comparison = YEAR_COMPARISON.get(node.ansvar, {}).get(row)
        if comparison is None and node.nivå == "enhet" and row == PERSONAL and diff < -1_000:
            comparison = COMPARISON_BY_KIND.get(node.kind)
        if comparison and shown(diff):
            texts["jämförelse"] = comparison
        if texts:
            out[row] = texts
    return out


def forecast_text(ansvar: str, points: dict[str, int], outcome: int) -> str | None:
    written = FORECAST_TEXTS.get(ansvar)
    if written is None:
        return None
    for expected, label in zip(written[0], FORECAST_POINTS, strict=True):
        assert sign(outcome - points[label]) == expected, (ansvar, label, points[label], outcome)
    return written[1]


@dataclass(frozen=True)
class YearEnd:
    """Everything of the year the årsbokslut needs besides the forecasts."""

    outcome: dict[str, dict[str, Amounts]]  # own figures per ansvar
    personnel: dict[str, Stats]  # per node as reported (its subtree)
    injuries: dict[str, Stats]
    sick: dict[str, Sick]


def build_ar_json(node: Node, forecasts: dict[int, dict[str, dict[str, Amounts]]], year: YearEnd) -> dict[str, Any]:
    """One ansvar's input to the årsbokslut."""
    a = node.ansvar
    rolled = total_of(year.outcome, a, ARSBOKSLUT.keys)
    own_points = {p: with_sums(forecasts[m][a], FORECAST_KEYS)[RESULTAT]["prognos"] for p, m in POINT_MONTHS.items()}
    rolled_points = {p: total_of(forecasts[m], a, FORECAST_KEYS)[RESULTAT]["prognos"] for p, m in POINT_MONTHS.items()}
    texts = written_texts(node, AR_TEXTS, year.sick[a])
    texts["Inledande sammanfattning"] = year_summary(a, rolled)
    texts["Prognossäkerhet"] = forecast_text(a, rolled_points, rolled[RESULTAT]["utfall"])
    if has_projects(a, AR_INVESTMENTS):
        texts |= project_texts(ARSBOKSLUT, "Investeringar", AR_INVESTMENT_TEXTS[a])
    if has_projects(a, AR_PREPAID):
        texts |= project_texts(ARSBOKSLUT, "Förutbetalda intäkter", AR_PREPAID_TEXTS[a])
    texts["Personalstatistik"] = personnel_text(year.personnel[a], node)
    texts["Arbetsskador och tillbud"] = injury_text(year.injuries[a], node)
    full_time = year.personnel[NAMND]["Andel heltidsanställda (%)"]["år"]
    return {
        FLIK_UPPGIFTER: uppgifter(node),
        FLIK_DRIFT_AR: {row: dict(year.outcome[a][row]) for row in DRIFT_INPUT},
        FLIK_INV_AR: investments_json(AR_INVESTMENTS.get(a, {}), AR_INVESTMENT_SUMS.get(a)),
        FLIK_FORUTB_AR: prepaid_json(AR_PREPAID.get(a, []), ARSBOKSLUT.keys),
        FLIK_PROGNOSSAKERHET: {label: {"prognos": value} for label, value in own_points.items()},
        FLIK_TEXTER: texter(ARSBOKSLUT, texts),
        FLIK_TEXTER_DRIFT: ar_drift_texts(node, rolled),
        FLIK_MAL: goals_ar(node, full_time),
        FLIK_UPPDRAG: uppdrag_for(a, UPPDRAG_AR),
        FLIK_INTERNKONTROLL: internkontroll_for(a, INTERNKONTROLL_AR, UNIT_INTERNKONTROLL_AR),
        FLIK_ARBETSMILJO: arbetsmiljo(a, year.sick[a], INVESTIGATED_IN_TIME),
        FLIK_PERSONALSTATISTIK: year.personnel[a],
        FLIK_ARBETSSKADOR: year.injuries[a],
        FLIK_SJUKFRANVARO: year.sick[a],
    }


def make_year_end(
    drift: dict[str, dict[str, Amounts]],
    forecasts: dict[int, dict[str, dict[str, Amounts]]],
    own_sick: dict[str, Sick],
    rng: random.Random,
) -> YearEnd:
    outcome = make_outcome(rng, drift, forecasts[10])
    stats_rng = random.Random(STATS_SEED)
    own_personnel = make_own_personnel(stats_rng, drift)
    personnel = roll_up_personnel(own_personnel)
    injuries = roll_up_counts(make_own_injuries(stats_rng, own_personnel), INJURY_ROWS)
    sick = roll_up_sick(make_year_sick(stats_rng, own_sick), drift)
    full_time = personnel[NAMND]["Andel heltidsanställda (%)"]
    assert round_half_away(full_time["fg"]) == round_half_away(FULL_TIME_TARGET[0]), full_time
    assert round_half_away(full_time["år"]) == round_half_away(FULL_TIME_TARGET[1]), full_time
    return YearEnd(outcome, personnel, injuries, sick)
