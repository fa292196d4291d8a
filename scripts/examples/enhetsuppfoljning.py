"""The units' own follow-up at the delårsbokslut and the årsbokslut: what is shared down, the
kritiska faktorer, and the avdelningar's and enheter's answers (texts in
texts/enhetsuppfoljning.toml).

The nämnd (8) shares its nämndmål, arbetsmiljömål, internkontrollpunkter and uppdrag, the
förvaltning (81) its kritiska verksamhetsfaktorer: one file per owner under <run>/delat/.
Every avdelning and enhet answers in its own workbook (flik Kritiska faktorer, the comment
column of Arbetsmiljö, its rows of Mål, Internkontroll and Uppdrag). Korttidsboendet
Strandvillan has not written its follow-up at the delårsbokslut, so its avdelning's document
names it; two bedömningar are set by hand, one of them against the rule.
"""

from __future__ import annotations

from typing import Any

from .arsbokslut import UNIT_GOAL_COMMENTS_AR
from .files import save_json
from .format import (
    FLIK_ARBETSMILJO,
    FLIK_FAKTORER,
    FLIK_INTERNKONTROLL,
    FLIK_MAL,
    FLIK_SJUKFRANVARO,
    FLIK_UPPDRAG,
    Layout,
)
from .numbers import pct, round_half_away
from .organisation import BY_ANSVAR, NAMND, Node
from .plan import (
    INTERNKONTROLL_POINTS,
    NAMND_GOALS,
    SJUK_MALVARDE,
    UNIT_GOAL_COMMENTS,
    UPPDRAG,
    UnitCheck,
    checked_point,
    unit_checks,
)
from .settings import YEAR
from .staff import Sick
from .texts import load

SHARED_DIR = "delat"
MISSING_REPORT = "81925"  # Korttidsboendet Strandvillan, at the delårsbokslut

_TEXTS = load("enhetsuppfoljning")
# The förvaltning's kritiska verksamhetsfaktorer; the sjukfrånvaro factor has the nämnd's målvärde.
FACTORS: list[dict[str, Any]] = [
    dict(f, målvärde=SJUK_MALVARDE) if f["regel"] == "sjukfranvaro" else f for f in _TEXTS["factors"]
]

# Survey results (percent): ansvar → (2022 at the årsbokslut, 2021). The 2022 survey is
# published in October, so the delårsbokslut has no utfall for K1–K3.
SURVEYS: dict[str, dict[str, tuple[int, int]]] = {
    "K1": {"8191": (88, 88), "81911": (86, 89), "81912": (90, 88), "81913": (88, 86), "81914": (85, 87)},
    "K2": {"8192": (81, 79), "81921": (79, 77), "81922": (84, 83), "81923": (81, 80), "81924": (82, 80)},
    "K3": {"8193": (83, 83), "81932": (85, 82), "81933": (80, 84)},
}
SURVEY_TEXT: dict[str, str] = _TEXTS["survey_text"]
# Bedömningar set by hand: (run, ansvar, factor) → (bedömning, analysis). Solgården's is set
# where the rule has no utfall yet; Hemtjänst Söder's contradicts the rule (10,0 % against 8,0 %).
OVERRIDES: dict[tuple[str, str, str], tuple[str, str]] = {
    (run, ansvar, factor): (typed["bedömning"], typed["analys"])
    for run, units in _TEXTS["overrides"].items()
    for ansvar, factors in units.items()
    for factor, typed in factors.items()
}
SICK_ACTION: dict[str, str] = _TEXTS["sick_action"]  # per kind of verksamhet
AVDELNING_SICK_COUNT = {"8191": (1, 1), "8192": (2, 1), "8193": (0, 1), "8194": (1, 0)}

# The uppdrag shared to units (nr → ansvar) and their status and account per run.
UPPDRAG_SHARED = {"1": ["8191"], "2": ["8193"], "3": ["81915"]}
UNIT_UPPDRAG: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    run: {ansvar: {nr: (u["status"], u["redogörelse"]) for nr, u in by_nr.items()} for ansvar, by_nr in units.items()}
    for run, units in _TEXTS["unit_uppdrag"].items()
}
# Internkontroll points (by index) shared to units, and the avdelningar's summaries of them.
INTERNKONTROLL_SHARED = {0: ["81911"], 2: ["81921"], 3: ["81934"], 4: ["81932"]}
AVDELNING_CONTROLS: dict[str, list[UnitCheck]] = unit_checks(_TEXTS["avdelning_controls"])
# What avdelning funktionsstöd writes on goal 4, which is shared to Personlig assistans.
EXTRA_GOAL_COMMENTS: dict[str, dict[str, str]] = _TEXTS["extra_goal_comments"]


def shared_plans() -> dict[str, dict[str, Any]]:
    """The owners' files of what is shared down: the nämnd's and the förvaltning's."""
    goals_to: dict[str, list[str]] = {}
    for comments in (UNIT_GOAL_COMMENTS, UNIT_GOAL_COMMENTS_AR, EXTRA_GOAL_COMMENTS):
        for ansvar, by_goal in comments.items():
            for nr in by_goal:
                goals_to.setdefault(nr, []).append(ansvar)
    namnd = {
        "år": YEAR,
        "ägare": NAMND,
        "nämndmål": [
            {"nr": g["nr"], "namn": g["nämndens_mål"], "delas_till": sorted(set(goals_to.get(g["nr"], [])))}
            for g in NAMND_GOALS
        ],
        "arbetsmiljömål": [{"nr": "A1", "namn": "Sjukfrånvaron ska minska"}],
        "internkontroll": [
            {"vad": INTERNKONTROLL_POINTS[i]["vad"], "delas_till": to} for i, to in INTERNKONTROLL_SHARED.items()
        ],
        "uppdrag": [{"nr": u["nr"], "namn": u["uppdrag"], "delas_till": UPPDRAG_SHARED[u["nr"]]} for u in UPPDRAG],
    }
    forvaltning = {"år": YEAR, "ägare": "81", "kritiska_faktorer": [dict(f) for f in FACTORS]}
    return {NAMND: namnd, "81": forvaltning}


def factor_applies(factor: dict[str, Any], node: Node) -> bool:
    """As bokslut.shared reads it: shared to a unit, or to one of its enheter."""
    if node.nivå not in ("avdelning", "enhet"):
        return False
    targets = factor.get("delas_till")
    return targets is None or any(a == node.ansvar or BY_ANSVAR[a].överordnad == node.ansvar for a in targets)


def sick_count(total: float) -> int:
    """Medarbetare with more than six sick-leave spells: from the sjukfrånvaro, or an avdelning's few."""
    return max(0, round_half_away((total - 7.0) * 1.5))


def factor_rows(node: Node, sick: Sick, run: str) -> list[dict[str, Any]]:
    rows = []
    for factor in FACTORS:
        if not factor_applies(factor, node):
            continue
        nr = factor["nr"]
        if nr in SURVEYS:
            now, last = SURVEYS[nr][node.ansvar]
            utfall: str | None = f"{now} %" if run == "ar" else None
            if run == "ar":
                text = f"{now} % av brukarna är nöjda, mot {last} % i fjol. {SURVEY_TEXT[nr]}"
            else:
                text = f"Brukarundersökningen 2022 redovisas i oktober. I fjol var {last} % nöjda. {SURVEY_TEXT[nr]}"
            row = {"utfall": utfall, "utfall_fg": f"{last} %", "analys": text}
        elif nr == "K4":
            total = sick["Total sjukfrånvaro"]
            moved = "minskat" if total["år"] < total["fg"] else "ökat" if total["år"] > total["fg"] else "legat kvar"
            text = (
                f"Sjukfrånvaron har {moved} från {pct(total['fg'])} till {pct(total['år'])}. {SICK_ACTION[node.kind]}"
            )
            row = {"utfall": pct(total["år"]), "utfall_fg": pct(total["fg"]), "analys": text}
        else:
            total = sick["Total sjukfrånvaro"]
            if node.nivå == "avdelning":
                now_n, last_n = AVDELNING_SICK_COUNT[node.ansvar]
            else:
                now_n, last_n = sick_count(total["år"]), sick_count(total["fg"])
            if now_n:
                text = (
                    f"{now_n} medarbetare har haft fler än sex sjukfrånvarotillfällen de senaste tolv månaderna, "
                    f"mot {last_n} i fjol. Chefen har haft rehabiliteringssamtal med var och en och erbjuder stöd "
                    "från företagshälsovården."
                )
            else:
                text = f"Ingen medarbetare har haft fler än sex sjukfrånvarotillfällen de senaste tolv månaderna (i fjol {last_n})."
            row = {"utfall": str(now_n), "utfall_fg": str(last_n), "analys": text}
        typed = OVERRIDES.get((run, node.ansvar, nr))
        rows.append(
            {
                "nr": nr,
                "faktor": factor["namn"],
                "utfall": row["utfall"],
                "utfall_fg": row["utfall_fg"],
                "bedömning": typed[0] if typed else None,
                "analys": typed[1] if typed else row["analys"],
            }
        )
    return rows


def with_unit_followup(data: dict[str, Any], node: Node, run: str) -> dict[str, Any]:
    """A delårs- or årsbokslut input with the unit's follow-up of what was shared to it."""
    unit = node.nivå in ("avdelning", "enhet")
    missing = run == "delar" and node.ansvar == MISSING_REPORT
    for row in data[FLIK_ARBETSMILJO]:
        comment = f"{SICK_ACTION[node.kind]} Sjukfrånvaron är nu {row['nuläge']}." if unit and not missing else None
        row["kommentar"] = comment
    data[FLIK_FAKTORER] = [] if missing else factor_rows(node, data[FLIK_SJUKFRANVARO], run)
    if missing:
        data[FLIK_MAL] = []
    for nr, comment in EXTRA_GOAL_COMMENTS.get(node.ansvar, {}).items():
        goal = next(g for g in NAMND_GOALS if g["nr"] == nr)
        data[FLIK_MAL].append(
            {
                "nr": nr,
                "prioriterat_mål": goal["prioriterat_mål"],
                "nämndens_mål": goal["nämndens_mål"],
                "agenda_2030": goal["agenda_2030"],
                "bedömning": None,
                "kommentar": comment,
                "nyckeltal": [],
            }
        )
    data[FLIK_INTERNKONTROLL] += [checked_point(*c) for c in AVDELNING_CONTROLS.get(node.ansvar, [])]
    if unit:
        by_nr = {u["nr"]: u for u in UPPDRAG}
        data[FLIK_UPPDRAG] = [
            {"nr": nr, "uppdrag": by_nr[nr]["uppdrag"], "redogörelse": text, "bedömning": status}
            for nr, (status, text) in UNIT_UPPDRAG[run].get(node.ansvar, {}).items()
        ]
    return data


def write_shared(lay: Layout) -> None:
    for owner, plan in shared_plans().items():
        save_json(plan, lay.dir / SHARED_DIR / f"{owner}.json")
