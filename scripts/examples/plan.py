"""The nämnd's plan: its goals with their nyckeltal, uppdrag, internkontroll points and
arbetsmiljömål, and how the avdelningar and enheter report on what is shared down to them.

The texts are in texts/plan.toml; this module gives them their shape (key order, empty cells as
None) and builds the Mål, Uppdrag, Internkontroll and Arbetsmiljö flikar from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .numbers import pct
from .organisation import is_top
from .texts import load

Nyckeltal = dict[str, Any]
Outcome = tuple[str | None, str | None, str | None]  # bedömning, resultat, åtgärd of a point
# One of the nämnd's internkontroll points (by index) a unit reports on, with its own outcome.
UnitCheck = tuple[int, str | None, str | None, str | None]

# The signals of an internkontroll point's bedömning (bokslut/data/signaler.toml).
MED_ANM = "Genomförd med anmärkning"
UTAN_ANM = "Genomförd utan anmärkning/med försumbar anmärkning"


def nyckeltal(namn: str, mål: str | None, utfall: str | None, fg: str | None, fg2: str | None) -> Nyckeltal:
    return {"namn": namn, "mål": mål, "utfall": utfall, "utfall_fg": fg, "utfall_fg2": fg2}


def year_nyckeltal(keytal: list[Nyckeltal], utfall: Sequence[str | None]) -> list[Nyckeltal]:
    """The same nyckeltal with the year's utfall, one value per nyckeltal."""
    return [dict(k, utfall=value) for k, value in zip(keytal, utfall, strict=True)]


def outcome(record: dict[str, Any]) -> Outcome:
    """A point's outcome from its data file record (a missing field is an empty cell)."""
    return (record.get("bedömning"), record.get("resultat"), record.get("åtgärd"))


def unit_checks(table: dict[str, list[dict[str, Any]]]) -> dict[str, list[UnitCheck]]:
    """The points each unit reports on (by index) with its outcome, from a data file table."""
    return {ansvar: [(c["point"], *outcome(c)) for c in checks] for ansvar, checks in table.items()}


def _goal(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "nr": record["nr"],
        "prioriterat_mål": record["prioriterat_mål"],
        "nämndens_mål": record["nämndens_mål"],
        "agenda_2030": record["agenda_2030"],
        "bedömning": record.get("bedömning"),
        "kommentar": record["kommentar"],
        "nyckeltal": [
            nyckeltal(k["namn"], k.get("mål"), k.get("utfall"), k.get("utfall_fg"), k.get("utfall_fg2"))
            for k in record["nyckeltal"]
        ],
    }


def _point(record: dict[str, Any]) -> dict[str, Any]:
    bedömning, resultat, åtgärd = outcome(record)
    return {
        "vad": record["vad"],
        "frekvens": record["frekvens"],
        "metod": record["metod"],
        "bedömning": bedömning,
        "resultat": resultat,
        "åtgärd": åtgärd,
    }


_PLAN = load("plan")
NAMND_GOALS: list[dict[str, Any]] = [_goal(g) for g in _PLAN["namnd_goals"]]
# Comments of the avdelningar and enheter on the nämndmål shared down to them.
UNIT_GOAL_COMMENTS: dict[str, dict[str, str]] = _PLAN["unit_goal_comments"]
UPPDRAG: list[dict[str, Any]] = _PLAN["uppdrag"]
UPPDRAG_REPORTS = {u["nr"]: (u["redogörelse"], u["bedömning"]) for u in UPPDRAG}  # at the delårsbokslut
INTERNKONTROLL_POINTS: list[dict[str, Any]] = [_point(p) for p in _PLAN["internkontroll_points"]]
# The nämnd's outcome of each point at the delårsbokslut, as in the plan above.
INTERNKONTROLL_OUTCOMES: list[Outcome] = [(p["bedömning"], p["resultat"], p["åtgärd"]) for p in INTERNKONTROLL_POINTS]
# Which of the nämnd's internkontroll points (by index) each unit reports on, with its own outcome.
UNIT_INTERNKONTROLL: dict[str, list[UnitCheck]] = unit_checks(_PLAN["unit_internkontroll"])

SJUK_MALVARDE = "8,0 %"


def arbetsmiljo(ansvar: str, sick: dict[str, dict[str, float]], investigated: str = "82 %") -> list[dict[str, Any]]:
    total = sick["Total sjukfrånvaro"]["år"]
    rows = [
        {
            "mål": "Sjukfrånvaron ska minska",
            "nyckeltal": "Total sjukfrånvaro (%)",
            "målvärde": SJUK_MALVARDE,
            "nuläge": pct(total),
        }
    ]
    if is_top(ansvar):
        rows.append(
            {
                "mål": "Tillbud och arbetsskador ska utredas skyndsamt",
                "nyckeltal": "Andel tillbud och arbetsskador som utretts inom 14 dagar (%)",
                "målvärde": "100 %",
                "nuläge": investigated,
            }
        )
    return rows


KONTINUITET = NAMND_GOALS[2]["nyckeltal"][0]["namn"]
NOJD_SABO = NAMND_GOALS[0]["nyckeltal"][1]["namn"]
HELTID = NAMND_GOALS[3]["nyckeltal"][0]["namn"]
DAGLIG_VIDARE = NAMND_GOALS[1]["nyckeltal"][0]["namn"]

# The units' own values of the nämnd's nyckeltal, per goal number (consistent with the comments).
UNIT_NYCKELTAL: dict[str, dict[str, list[Nyckeltal]]] = {
    "81911": {"3": [nyckeltal(KONTINUITET, "12", "18", "16", "17")]},
    "81912": {"3": [nyckeltal(KONTINUITET, "12", "14", "16", "16")]},
    "81913": {"3": [nyckeltal(KONTINUITET, "12", "13", "15", "17")]},
    "81914": {"3": [nyckeltal(KONTINUITET, "12", "17", "17", "16")]},
    "81921": {
        "1": [nyckeltal(NOJD_SABO, "85 %", None, "79 %", "77 %")],
        "4": [nyckeltal(HELTID, "70 %", None, "62 %", "58 %")],
    },
    "81922": {"1": [nyckeltal(NOJD_SABO, "85 %", None, "83 %", "84 %")]},
    "81923": {"1": [nyckeltal(NOJD_SABO, "85 %", None, "80 %", "78 %")]},
    "81924": {"4": [nyckeltal(HELTID, "70 %", None, "66 %", "63 %")]},
    "81931": {"2": [nyckeltal(DAGLIG_VIDARE, "12", "14", "9", "7")]},
}


def unit_goals(
    ansvar: str, comments: dict[str, dict[str, str]], keytal: dict[str, dict[str, list[Nyckeltal]]]
) -> list[dict[str, Any]]:
    """The nämndmål shared down to an avdelning or enhet: those it comments on (`comments`, per
    ansvar and goal number), with its own nyckeltal (`keytal`, likewise) and no bedömning."""
    own_comments, own_keytal = comments.get(ansvar, {}), keytal.get(ansvar, {})
    return [
        {
            "nr": goal["nr"],
            "prioriterat_mål": goal["prioriterat_mål"],
            "nämndens_mål": goal["nämndens_mål"],
            "agenda_2030": goal["agenda_2030"],
            "bedömning": None,
            "kommentar": own_comments[goal["nr"]],
            "nyckeltal": [dict(k) for k in own_keytal.get(goal["nr"], [])],
        }
        for goal in NAMND_GOALS
        if goal["nr"] in own_comments
    ]


def checked_point(index: int, bedömning: str | None, resultat: str | None, åtgärd: str | None) -> dict[str, Any]:
    """One of the nämnd's internkontroll points (what, how often, how) with an outcome."""
    point = INTERNKONTROLL_POINTS[index]
    return {
        "vad": point["vad"],
        "frekvens": point["frekvens"],
        "metod": point["metod"],
        "bedömning": bedömning,
        "resultat": resultat,
        "åtgärd": åtgärd,
    }


def internkontroll_for(
    ansvar: str, outcomes: Sequence[Outcome], unit_checks: dict[str, list[UnitCheck]]
) -> list[dict[str, Any]]:
    """The Internkontroll flik: the nämnd and the förvaltning report every point with the nämnd's
    `outcomes`; an avdelning or enhet the points it checked itself (`unit_checks`)."""
    if is_top(ansvar):
        assert len(outcomes) == len(INTERNKONTROLL_POINTS), outcomes
        return [checked_point(index, *outcome) for index, outcome in enumerate(outcomes)]
    return [checked_point(*check) for check in unit_checks.get(ansvar, [])]


def uppdrag_for(ansvar: str, reports: dict[str, tuple[str, str]]) -> list[dict[str, Any]]:
    """The Uppdrag flik: the nämnd's uppdrag with `reports` (nr → redogörelse, bedömning) for the
    nämnd and the förvaltning, nothing below them."""
    if not is_top(ansvar):
        return []
    return [dict(u, redogörelse=reports[u["nr"]][0], bedömning=reports[u["nr"]][1]) for u in UPPDRAG]
