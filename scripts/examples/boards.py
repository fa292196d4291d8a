"""The rest of the kommun: Barn- och utbildningsnämnden and Samhällsbyggnadsnämnden, with VA and
Avfall on flik sets of their own, through the whole year (texts in texts/namnder.toml).

The vård- och omsorgsnämnd is the example written out in every detail (its unit follow-ups,
critical factors, internal items, broken copies); these two nämnder give the kommun its breadth:
every report's input for every node, in the same JSON and workbook forms, so that the kommun's
sammanställning has three nämnder and a taxe-financed verksamhet to show apart. Each nämnd draws
from random generators of its own, so the vård- och omsorgsnämnd's figures stay as they were.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from .arsbokslut import changed
from .budget import BUDGET_DIR, DRIFT_LAYOUT, PLAN, RISKS, balance, budget_workbook, plan_row
from .drift import (
    FIGURES,
    PROFILES,
    Amounts,
    kommunbidrag,
    make_forecasts,
    make_outcome,
    make_row,
    total_of,
    with_sums,
    zero_row,
)
from .enhetsuppfoljning import SHARED_DIR
from .files import save_json, save_workbook
from .format import (
    AMOUNT_KEYS,
    ARSBOKSLUT,
    COST_ROWS,
    DELAR,
    DRIFT_INPUT,
    FINANSNETTO,
    FLIK_ARBETSMILJO,
    FLIK_FAKTORER,
    FLIK_INTERNA,
    FLIK_INTERNKONTROLL,
    FLIK_MAL,
    FLIK_PERSONALSTATISTIK,
    FLIK_PROGNOSSAKERHET,
    FLIK_SJUKFRANVARO,
    FLIK_TEXTER,
    FLIK_TEXTER_DRIFT,
    FLIK_UPPDRAG,
    FLIK_UPPGIFTER,
    FORECAST_KEYS,
    INJURY_ROWS,
    INTAKTER,
    KOMMUNBIDRAG,
    KOP,
    RESULTAT,
    Layout,
    layout_for,
)
from .format import FLIK_ARBETSSKADOR as FLIK_SKADOR
from .numbers import round_half_away, round_to
from .organisation import BY_ANSVAR, SUBJECT, Node, board_of, is_top, reporting_nodes, subtree, uppgifter
from .plan import arbetsmiljo, nyckeltal
from .projects import investments_json, prepaid_json
from .sections import largest_deviation, project_texts, sick_text, texter
from .settings import SEED, YEAR
from .staff import (
    Sick,
    Stats,
    make_own_injuries,
    make_own_personnel,
    make_sick,
    make_year_sick,
    roll_up_counts,
    roll_up_personnel,
    roll_up_sick,
)
from .texts import load
from .workbook import build_workbook

_TEXTS = load("namnder")
NODE_TEXTS: dict[str, dict[str, Any]] = _TEXTS["nodes"]
PLANS: dict[str, dict[str, Any]] = _TEXTS["boards"]
SHOWN = 100  # tkr; a smaller deviation is not commented on
POINTS = {"Fördjupad månadsuppföljning": 4, "Delårsbokslut": 8}
#: Sales between units, tkr a year: (seller, buyer, the buyer's kontogrupp, amount). Parkenheten
#: keeps Lerviksskolan's skolgård (between two nämnder, eliminated at the kommun); Gatuenheten
#: repaves after VA's ledningsarbeten (within the samhällsbyggnadsförvaltning).
INTERNAL_SALES = (("61102", "51201", KOP, 400), ("61101", "6150", KOP, 300))


@dataclass(frozen=True)
class Year:
    """One nämnd's figures through the year, own per ansvar."""

    drift: dict[str, dict[str, Amounts]]  # the delårsbokslut
    forecasts: dict[int, dict[str, dict[str, Amounts]]]  # budget and prognos per month
    outcome: dict[str, dict[str, Amounts]]  # the årsbokslut
    sick: dict[str, Sick]  # January–August, per node as reported
    year_sick: dict[str, Sick]
    personnel: dict[str, Stats]
    injuries: dict[str, Stats]


def make_drift(rng: random.Random, board: str) -> dict[str, dict[str, Amounts]]:
    """Own drift figures per ansvar of `board`. A taxe-financed verksamhet's avgifter cover its
    costs and finansnetto, so its budgeted result is nil; the nämnd's kommunbidrag covers the rest."""
    drift: dict[str, dict[str, Amounts]] = {}
    for node in reporting_nodes(board):
        spec = FIGURES.get(node.ansvar)
        rows = {row: zero_row() for row in DRIFT_INPUT}
        if spec is not None:
            profile = PROFILES[node.kind]
            for row in COST_ROWS:
                rows[row] = make_row(rng, row, -round_to(spec.gross * profile[row], 10), spec.dev.get(row, 0))
            if spec.finansnetto:
                rows[FINANSNETTO] = dict(zip(AMOUNT_KEYS, spec.finansnetto, strict=True))
            if node.flikar:
                income = -sum(rows[r]["budget"] for r in (*COST_ROWS, FINANSNETTO))
            else:
                income = round_to(spec.gross * spec.income, 10)
            if income:
                rows[INTAKTER] = make_row(rng, INTAKTER, income, spec.dev.get(INTAKTER, 0))
        drift[node.ansvar] = rows
    drift[board][KOMMUNBIDRAG] = kommunbidrag(drift)
    return drift


def make_year(board: str) -> Year:
    seed = SEED * 10 + int(board)
    rng, year_rng, stats_rng = random.Random(seed), random.Random(seed + 1), random.Random(seed + 2)
    drift = make_drift(rng, board)
    own_sick, sick = make_sick(rng, drift, board)
    forecasts = make_forecasts(year_rng, drift, board)
    outcome = make_outcome(year_rng, drift, forecasts[10], board)
    own_personnel = make_own_personnel(stats_rng, drift, board)
    return Year(
        drift=drift,
        forecasts=forecasts,
        outcome=outcome,
        sick=sick,
        year_sick=roll_up_sick(make_year_sick(stats_rng, own_sick), drift, board),
        personnel=roll_up_personnel(own_personnel, board),
        injuries=roll_up_counts(make_own_injuries(stats_rng, own_personnel), INJURY_ROWS, board),
    )


# --- texts ----------------------------------------------------------------------------------


def reasons(ansvar: str, key: str) -> dict[str, str]:
    """The author's reason per kontogrupp (`key`: prognos or utfall)."""
    return {row: texts[key] for row, texts in NODE_TEXTS[ansvar].get("skal", {}).items()}


def deviating(rows: dict[str, Amounts], key: str, written: dict[str, str]) -> list[str]:
    return [r for r in DRIFT_INPUT if r in written and abs(rows[r][key] - rows[r]["budget"]) >= SHOWN]


def drift_texts(ansvar: str, rows: dict[str, Amounts], key: str) -> dict[str, dict[str, str]]:
    """Texter drift: the reason beside each kontogrupp that deviates."""
    written = reasons(ansvar, key)
    return {row: {key: written[row]} for row in deviating(rows, key, written)}


def summary(ansvar: str, rows: dict[str, Amounts], key: str) -> str:
    """Inledande sammanfattning: the reason behind the largest deviation (the engine says the figure)."""
    written = reasons(ansvar, key)
    biggest = largest_deviation(rows, key, deviating(rows, key, written))
    if biggest is None:
        return str(_TEXTS["in_budget_ar" if key == "utfall" else "in_budget"])
    return written[biggest]


def kind_text(table: str, node: Node) -> str:
    texts: dict[str, str] = _TEXTS[table]
    return texts.get(node.kind, texts["ledning"])


def written(node: Node, sick: Sick, then: str, *, year: bool) -> dict[str, str | None]:
    """The Texter sections every full report has."""
    own = NODE_TEXTS[node.ansvar]
    return {
        "Verksamhet": own["verksamhet_ar" if year else "verksamhet"],
        "Internkontroll": own.get("internkontroll_ar", own.get("internkontroll"))
        if year
        else own.get("internkontroll"),
        "Rekryteringsbehov och kompetensförsörjning": kind_text("recruitment", node),
        "Arbetsmiljö": kind_text("work_environment", node),
        "Sjukfrånvaro": sick_text(sick, SUBJECT[node.nivå], then),
    }


# --- the plan: goals, uppdrag, internkontroll ---------------------------------------------------


def goals(node: Node, run: str) -> list[dict[str, Any]]:
    """The Mål flik: the nämnd's goals assessed (nämnd and förvaltning), or those shared down that an
    avdelning or enhet comments on."""
    out = []
    for goal in PLANS[board_of(node.ansvar)]["goals"]:
        now = "utfall_ar" if run == "ar" else "utfall"
        keytal = [
            nyckeltal(k["namn"], k["mål"], k.get(now), k.get("utfall_fg"), k.get("utfall_fg2"))
            for k in goal["nyckeltal"]
        ]
        base = {k: goal[k] for k in ("nr", "prioriterat_mål", "nämndens_mål", "agenda_2030")}
        if is_top(node.ansvar):
            bedömning, kommentar = goal[run]
            out.append(base | {"bedömning": bedömning, "kommentar": kommentar, "nyckeltal": keytal})
        elif comment := goal["units_ar" if run == "ar" else "units"].get(node.ansvar):
            out.append(base | {"bedömning": None, "kommentar": comment, "nyckeltal": []})
    return out


def uppdrag(node: Node, run: str) -> list[dict[str, Any]]:
    if not is_top(node.ansvar):
        return []
    plan = PLANS[board_of(node.ansvar)]["uppdrag"]
    return [{"nr": u["nr"], "uppdrag": u["uppdrag"], "redogörelse": u[run][0], "bedömning": u[run][1]} for u in plan]


def internkontroll(node: Node, run: str) -> list[dict[str, Any]]:
    if not is_top(node.ansvar):
        return []
    points = PLANS[board_of(node.ansvar)]["internkontroll"]
    return [
        {"vad": p["vad"], "frekvens": p["frekvens"], "metod": p["metod"], "bedömning": p[run][0],
         "resultat": p[run][1], "åtgärd": p[run][2]}
        for p in points
    ]  # fmt: skip


# --- investments ------------------------------------------------------------------------------

#: Each ansvar's investment projects: (category, project, budget, prognos at the delårsbokslut,
#: utfall January–August, last year's January–August, the year's bokslut), tkr. VA's are on its
#: own flikar (8 inv VA delår); the others on the skattefinansierade.
PROJECTS: dict[str, tuple[tuple[str, str, int, int, int, int, int], ...]] = {
    "51": (("Reinvestering", "Digitala verktyg i skolan", 1_500, 1_500, 820, 760, 1_480),),
    "61101": (("Reinvestering", "Beläggningsprogram gator", 4_000, 4_300, 2_650, 2_410, 4_360),),
    "6150": (
        ("Reinvestering", "Förnyelse av ledningsnät i Backa", 8_000, 7_200, 3_900, 4_100, 7_050),
        ("Expansionsinvestering", "VA-utbyggnad Sörby etapp 2", 12_000, 12_000, 6_800, 0, 11_850),
    ),
}


def projects_of(ansvar: str, lay: Layout) -> dict[str, list[dict[str, Any]]]:
    """The node's projects in the report's columns (the fördjupad already forecasts the year)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for category, name, budget, prognos, utfall, utfall_fg, year in PROJECTS.get(ansvar, ()):
        if lay.key == "arsbokslut":
            values = {"budget": budget, "utfall": year, "utfall_fg": utfall_fg * 3 // 2}
        else:
            values = {"budget": budget, "prognos": prognos, "utfall": utfall, "utfall_fg": utfall_fg}
        out.setdefault(category, []).append({"namn": name, **{k: values[k] for k in lay.keys}})
    return out


def has_projects(ansvar: str) -> bool:
    return any(node.ansvar in PROJECTS for node in subtree(ansvar))


def project_texts_of(ansvar: str, lay: Layout) -> dict[str, str]:
    """The Texter sections on the investments, where the node or one below it has projects."""
    if not has_projects(ansvar):
        return {}
    texts = NODE_TEXTS[ansvar]["investeringar"]
    keys = {"fordjupad": ("prognos",), "delarsbokslut": ("prognos", "utfall", "jamforelse")}
    keys["arsbokslut"] = ("utfall_ar", "jamforelse_ar")
    return project_texts(lay, "Investeringar", [texts[k] for k in keys.get(lay.key, ())])


# --- internal items -----------------------------------------------------------------------------


def internal_amounts(lay: Layout, amount: int) -> dict[str, int]:
    """A sale's amount in each of the report's input columns: the year's, or January–August's."""
    part = 1 if lay.key == "arsbokslut" else 8 / 12
    out = {"budget": amount, "prognos": amount, "utfall": round_half_away(amount * part)}
    out["utfall_fg"] = round_half_away(amount * part * 0.96)
    return {key: out[key] for key in lay.keys}


def internal_items(ansvar: str, lay: Layout) -> list[dict[str, Any]]:
    """The Interna poster flik: the node's sales (intäkter) and purchases with their motpart."""
    items = []
    for seller, buyer, row, amount in INTERNAL_SALES:
        if ansvar == seller:
            items.append({"kontogrupp": INTAKTER, "motpart": buyer, **internal_amounts(lay, amount)})
        elif ansvar == buyer:
            items.append({"kontogrupp": row, "motpart": seller, **internal_amounts(lay, -amount)})
    return items


def with_internal(data: dict[str, Any], ansvar: str, lay: Layout) -> dict[str, Any]:
    items = internal_items(ansvar, lay)
    return data | {FLIK_INTERNA: items} if items else data


# --- each report's input ------------------------------------------------------------------------


def project_tables(ansvar: str, lay: Layout) -> dict[str, Any]:
    """The investment table (the node's own projects) and an empty förutbetalda table."""
    if not lay.inv_flik or not lay.forutb_flik:
        return {}
    return {lay.inv_flik: investments_json(projects_of(ansvar, lay)), lay.forutb_flik: prepaid_json([], lay.keys)}


def month_json(node: Node, lay: Layout, month: int, year: Year) -> dict[str, Any]:
    """A månadsuppföljning's or the fördjupad månadsuppföljning's input."""
    a, own = node.ansvar, layout_for(lay, node.flikar)
    rolled = total_of(year.forecasts[month], a, FORECAST_KEYS)
    return {
        FLIK_UPPGIFTER: uppgifter(node),
        own.drift_flik: {row: dict(year.forecasts[month][a][row]) for row in DRIFT_INPUT},
        **project_tables(a, own),
        FLIK_TEXTER: texter(
            lay, {"Inledande sammanfattning": summary(a, rolled, "prognos"), **project_texts_of(a, lay)}
        ),
        FLIK_TEXTER_DRIFT: drift_texts(a, rolled, "prognos"),
    }


def delar_json(node: Node, year: Year) -> dict[str, Any]:
    """The delårsbokslut's input, every flik."""
    a, own = node.ansvar, layout_for(DELAR, node.flikar)
    rolled = total_of(year.drift, a)
    texts = written(node, year.sick[a], "samma period föregående år", year=False)
    texts["Inledande sammanfattning"] = summary(a, rolled, "prognos")
    texts |= project_texts_of(a, DELAR)
    return {
        FLIK_UPPGIFTER: uppgifter(node),
        own.drift_flik: {row: dict(year.drift[a][row]) for row in DRIFT_INPUT},
        **project_tables(a, own),
        FLIK_TEXTER: texter(DELAR, texts),
        FLIK_TEXTER_DRIFT: drift_texts(a, rolled, "prognos"),
        FLIK_MAL: goals(node, "delar"),
        FLIK_UPPDRAG: uppdrag(node, "delar"),
        FLIK_INTERNKONTROLL: internkontroll(node, "delar"),
        FLIK_ARBETSMILJO: environment(node, arbetsmiljo(a, year.sick[a])),
        FLIK_SJUKFRANVARO: year.sick[a],
        FLIK_FAKTORER: [],
    }


def environment(node: Node, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Arbetsmiljö flik: an avdelning or enhet comments on the arbetsmiljömål shared to it."""
    if is_top(node.ansvar):
        return [dict(r, kommentar=None) for r in rows]
    said = kind_text("work_environment", node)
    return [dict(r, kommentar=f"{said} Sjukfrånvaron är nu {r['nuläge']}.") for r in rows]


def said(stats: Stats, row: str, what: str) -> str:
    """A statistic's change from last year, as the årsbokslut says it."""
    return changed(stats[row]["fg"], stats[row]["år"], what)


def ar_json(node: Node, year: Year) -> dict[str, Any]:
    """The årsbokslut's input, every flik."""
    a, own = node.ansvar, layout_for(ARSBOKSLUT, node.flikar)
    rolled = total_of(year.outcome, a, ARSBOKSLUT.keys)
    texts = written(node, year.year_sick[a], "föregående år", year=True)
    texts["Inledande sammanfattning"] = summary(a, rolled, "utfall")
    texts |= project_texts_of(a, ARSBOKSLUT)
    staff, injuries = year.personnel[a], year.injuries[a]
    texts["Personalstatistik"] = f"{said(staff, 'Antal tillsvidareanställda', 'Antalet tillsvidareanställda')}."
    texts["Arbetsskador och tillbud"] = (
        f"{said(injuries, 'Tillbud', 'Antalet tillbud')}. {said(injuries, 'Arbetsskador', 'Antalet arbetsskador')}."
    )
    points = {label: with_sums(year.forecasts[m][a], FORECAST_KEYS)[RESULTAT]["prognos"] for label, m in POINTS.items()}
    return {
        FLIK_UPPGIFTER: uppgifter(node),
        own.drift_flik: {row: dict(year.outcome[a][row]) for row in DRIFT_INPUT},
        **project_tables(a, own),
        FLIK_PROGNOSSAKERHET: {label: {"prognos": value} for label, value in points.items()},
        FLIK_TEXTER: texter(ARSBOKSLUT, texts),
        FLIK_TEXTER_DRIFT: drift_texts(a, rolled, "utfall"),
        FLIK_MAL: goals(node, "ar"),
        FLIK_UPPDRAG: uppdrag(node, "ar"),
        FLIK_INTERNKONTROLL: internkontroll(node, "ar"),
        FLIK_ARBETSMILJO: environment(node, arbetsmiljo(a, year.year_sick[a], "90 %")),
        FLIK_PERSONALSTATISTIK: staff,
        FLIK_SKADOR: injuries,
        FLIK_SJUKFRANVARO: year.year_sick[a],
        FLIK_FAKTORER: [],
    }


def budget_json(node: Node, year: Year) -> dict[str, Any]:
    """Nämndens budget: the year's budget per kontogrupp, and the nämnd's plan."""
    a = node.ansvar
    drift, inv, prepaid = budget_names(node)
    data: dict[str, Any] = {
        FLIK_UPPGIFTER: uppgifter(node),
        drift: {row: plan_row(year.drift[a][row]["budget"]) for row in DRIFT_INPUT if row in year.drift[a]},
        inv: {
            category: {"projekt": [{"namn": p["namn"], **plan_row(p["budget"], long=True)} for p in projects]}
            for category, projects in projects_of(a, DELAR).items()
        },
        prepaid: {},
    }
    if node.nivå != "nämnd":
        return data
    plan = PLANS[a]
    points = plan["internkontroll"]
    risks = [
        {"nr": f"R{i}", "risk": p["risk"][0], "process": p["risk"][1], "sannolikhet": p["risk"][2],
         "konsekvens": p["risk"][3], "hantering": "Internkontrollpunkt"}
        for i, p in enumerate(points, start=1)
    ] + [
        {"nr": f"R{i}", "risk": risk, "process": process, "sannolikhet": s, "konsekvens": k, "hantering": handling}
        for i, (s, k, risk, process, handling) in enumerate(plan["risks"]["other"], start=len(points) + 1)
    ]  # fmt: skip
    control_plan = [
        {"risk": p["risk"][0], "process": p["risk"][1], "riskvärde": p["risk"][2] * p["risk"][3], "vad": p["vad"],
         "metod": p["metod"], "frekvens": p["frekvens"], "ansvarig": "Förvaltningschef",
         "rapporteras_till": "Nämnden", "uppföljning": "Delårs- och årsbokslut"}
        for p in points
    ]  # fmt: skip
    return data | {
        "Budget texter": dict(plan["budget_texts"]),
        "Budget mål": [
            {"nr": g["nr"], "prioriterat_mål": g["prioriterat_mål"], "indikator": g["indikator"],
             "nämndens_mål": g["nämndens_mål"], "agenda_2030": g["agenda_2030"], "motivering": "",
             "nyckeltal": [{"namn": k["namn"], "målvärde": k["mål"], "nuläge": k["utfall_fg"]} for k in g["nyckeltal"]]}
            for g in plan["goals"]
        ],
        "Budget uppdrag": [{"nr": u["nr"], "uppdrag": u["uppdrag"], "från": u["från"]} for u in plan["uppdrag"]],
        "Budget arbetsmiljö": [
            {k: v for k, v in r.items() if k != "kommentar"} for r in arbetsmiljo(a, year.sick[a])
        ],
        RISKS: risks,
        PLAN: control_plan,
    }  # fmt: skip


def budget_names(node: Node) -> tuple[str, str, str]:
    """The budget's table flikar in the node's flik set (a VA verksamhet's "RR VA" …)."""
    own = layout_for(DRIFT_LAYOUT, node.flikar)
    assert own.inv_flik and own.forutb_flik
    return (own.drift_flik, own.inv_flik, own.forutb_flik)


def shared(board: str, run: str) -> dict[str, Any]:
    """The nämnd's file of what it shares down: its goals to those who comment on them."""
    plan = PLANS[board]
    return {
        "år": YEAR,
        "ägare": board,
        "nämndmål": [
            {"nr": g["nr"], "namn": g["nämndens_mål"], "delas_till": sorted({*g["units"], *g["units_ar"]})}
            for g in plan["goals"]
        ],
        "arbetsmiljömål": [{"nr": "A1", "namn": "Sjukfrånvaron ska minska"}],
        "internkontroll": [],
        "uppdrag": [],
    }


# --- writing ------------------------------------------------------------------------------------


def write_boards(boards: tuple[str, ...], runs: tuple[Layout, ...]) -> dict[str, Year]:
    """Every report's input of every node of `boards`, beside the vård- och omsorgsnämnd's."""
    years = {board: make_year(board) for board in boards}
    for board, year in years.items():
        nodes = reporting_nodes(board)
        for lay in (DELAR, *runs):
            for node in nodes:
                if lay.key == "delarsbokslut":
                    data = delar_json(node, year)
                elif lay.key == "arsbokslut":
                    data = ar_json(node, year)
                else:
                    data = month_json(node, lay, int(lay.folder[-2:]), year)
                data = with_internal(data, node.ansvar, lay)
                save_json(data, lay.dir / "json" / f"{node.ansvar}.json")
                save_workbook(
                    build_workbook(data, layout_for(lay, node.flikar)), lay.dir / "excel" / f"{node.ansvar}.xlsx"
                )
            if lay.key in ("delarsbokslut", "arsbokslut"):
                save_json(shared(board, lay.key), lay.dir / SHARED_DIR / f"{board}.json")
        budgets = {n.ansvar: budget_json(n, year) for n in nodes}
        balance(budgets, board, {a: budget_names(BY_ANSVAR[a])[0] for a in budgets})
        for ansvar, data in budgets.items():
            save_json(data, BUDGET_DIR / "json" / f"{ansvar}.json")
            save_workbook(
                budget_workbook(data, *budget_names(BY_ANSVAR[ansvar])), BUDGET_DIR / "excel" / f"{ansvar}.xlsx"
            )
    return years
