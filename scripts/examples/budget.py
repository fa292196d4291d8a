"""Nämndens budget 2022 with plan 2023–2024: the plan the example year's follow-ups report on.

Each ansvar's budget is the budget its follow-ups carry (the same figures, so a follow-up agrees
with the decided budget), last year's budget a little lower and the plan years growing. The
nämnd's own input holds the plan: its goals with their styrkedja, the uppdrag, the arbetsmiljömål,
the väsentlighets- och riskanalys (eight risks across the value bands) and the internkontrollplan
that its 6–12 control risks produce: the control points the delårsbokslut follows up.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .files import save_json
from .organisation import NAMND
from .settings import EXAMPLES

BUDGET_DIR = EXAMPLES / "budget-2022"
YEAR = 2022
DRIFT = "RR skattefin"
INV = "INV skattefin & avfall"
PREPAID = "Förutbet skattefin"
RISKS = "Väsentlighets- och riskanalys"
PLAN = "Internkontrollplan"

#: Last year's budget and the plan years as shares of the year's budget, per kontogrupp kind.
LAST_YEAR = 0.957
PLAN_GROWTH = (1.031, 1.064)
INVESTMENT_PLAN = (1.0, 0.8, 0.6, 0.6)

#: (sannolikhet, konsekvens, risk, process, hantering); the controls' risks come first, in the
#: order of the delårsbokslut's internkontroll, then the others across the bands.
RISKS_OF_CONTROLS = (
    (3, 3, "Beslut om bistånd verkställs inte i tid", "Myndighetsutövning"),
    (2, 3, "Fakturor attesteras av fel person", "Ekonomi"),
    (3, 4, "Fel i läkemedelshanteringen på särskilt boende", "Vård och omsorg"),
    (2, 4, "Personal anställs utan utdrag ur belastningsregistret", "Rekrytering"),
    (2, 3, "Brukares privata medel hanteras felaktigt", "LSS"),
    (3, 3, "Köpt verksamhet följs inte upp mot avtal", "Upphandling"),
    (3, 4, "Lex Sarah-rapporter utreds inte inom fastställd tid", "Kvalitet"),
)
OTHER_RISKS = (
    (1, 2, "Dataintrång i verksamhetssystemet", "IT", "Ingen åtgärd"),
    (2, 2, "Fordon i hemtjänsten saknar vinterdäck", "Hemtjänst", "Ingen åtgärd"),
    (4, 4, "Brandlarmet på Solgården är ur funktion", "Fastighet", "Omedelbar åtgärd"),
    (3, 4, "Brukarna är inte nöjda med kvaliteten", "Vård och omsorg", "Mål"),
    (2, 4, "Kompetensförsörjningen av sjuksköterskor räcker inte", "Personal", "Kritisk verksamhetsfaktor"),
)


def _plan_row(budget: int, *, long: bool = False) -> dict[str, int]:
    shares = INVESTMENT_PLAN if long else PLAN_GROWTH
    row = {"budget_fg": round(budget * LAST_YEAR), "budget": budget}
    for i, share in enumerate(shares, start=1):
        row[f"plan_{i}"] = round(budget * share)
    return row


def _drift(followup: dict[str, Any]) -> dict[str, Any]:
    """The drift budget: the follow-up's budget per input row (sums left to bokslut)."""
    rows = next(v for k, v in followup.items() if "RR skattefin" in k)
    out = {}
    for label, amounts in rows.items():
        budget = amounts.get("budget")
        if label in ("Verksamhetens kostnader", "Verksamhetens nettokostnader", "Årets resultat") or budget is None:
            continue
        out[label] = _plan_row(int(budget))
    return out


def _projects(table: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, group in table.items():
        if isinstance(group, dict) and "projekt" in group:
            projects = [{"namn": p["namn"], **_plan_row(int(p["budget"]), long=True)} for p in group["projekt"]]
            out[label] = {"projekt": projects}
    return out


def _plan(followup: dict[str, Any]) -> dict[str, Any]:
    """The nämnd's plan from what its delårsbokslut follows up."""
    goals = [
        {
            "nr": g["nr"],
            "prioriterat_mål": g["prioriterat_mål"],
            "indikator": "Nöjd kund-index, andel (%)" if g["nr"] == "1" else "",
            "nämndens_mål": g["nämndens_mål"],
            "agenda_2030": g["agenda_2030"],
            "motivering": "" if g["nr"] == "1" else "Ett eget mål utifrån väsentlighets- och riskanalysen.",
            "nyckeltal": [
                {"namn": k["namn"], "målvärde": k["mål"], "nuläge": k.get("utfall_fg") or ""} for k in g["nyckeltal"]
            ],
        }
        for g in followup["Mål"]
    ]
    assignments = [
        {"nr": a["nr"], "uppdrag": a["uppdrag"], "från": "Kommunfullmäktige" if i % 2 == 0 else "Nämnden"}
        for i, a in enumerate(followup["Uppdrag"])
    ]
    environment = [{k: v for k, v in g.items() if k != "kommentar"} for g in followup["Arbetsmiljö"]]
    risks, plan = [], []
    for i, ((p, c, risk, process), control) in enumerate(
        zip(RISKS_OF_CONTROLS, followup["Internkontroll"], strict=True)
    ):
        risks.append({"nr": f"R{i + 1}", "risk": risk, "process": process, "sannolikhet": p, "konsekvens": c,
                      "hantering": "Internkontrollpunkt"})  # fmt: skip
        plan.append({
            "risk": risk, "process": process, "riskvärde": p * c, "vad": control["vad"], "metod": control["metod"],
            "frekvens": control["frekvens"], "ansvarig": "Verksamhetschef" if i % 2 else "Ekonomichef",
            "rapporteras_till": "Nämnden", "uppföljning": "Delårs- och årsbokslut",
        })  # fmt: skip
    for j, (p, c, risk, process, handling) in enumerate(OTHER_RISKS, start=len(risks) + 1):
        risks.append({"nr": f"R{j}", "risk": risk, "process": process, "sannolikhet": p, "konsekvens": c,
                      "hantering": handling})  # fmt: skip
    texts = {
        "Inledning": (
            "Vård- och omsorgsnämndens budget för 2022 med plan för 2023–2024 beskriver nämndens mål, uppdrag, "
            "ekonomiska ramar och internkontrollplan."
        ),
        "Ekonomiska ramar": (
            "Ramen har ökats för volymökningen inom hemtjänsten och för de nya platserna på Solgården. "
            "Förvaltningen planerar att hålla ramen genom ett fortsatt arbete med bemanning och scheman."
        ),
        "Investeringsbudget": "Investeringarna avser främst välfärdsteknik och lokaler för daglig verksamhet.",
        "Arbetsmiljö och sjukfrånvaro": "Arbetsmiljömålen följs upp vid delårsbokslut och årsbokslut.",
    }
    return {"Budget texter": texts, "Budget mål": goals, "Budget uppdrag": assignments,
            "Budget arbetsmiljö": environment, RISKS: risks, PLAN: plan}  # fmt: skip


def build_budget(ansvar: str, followup: dict[str, Any]) -> dict[str, Any]:
    """One ansvar's budget input, from its delårsbokslut input (the year's budget figures)."""
    tables = {k: v for k, v in followup.items() if "inv skattefin" in k or "förutb skattefin" in k}
    inv = next(v for k, v in tables.items() if "inv" in k)
    prepaid = next(v for k, v in tables.items() if "förutb" in k)
    data: dict[str, Any] = {
        "Uppgifter": {**followup["Uppgifter"], "år": YEAR},
        DRIFT: _drift(followup),
        INV: _projects(inv),
        PREPAID: _projects(prepaid),
    }
    if ansvar == NAMND:
        data |= _plan(followup)
    return data


def write_budget(inputs: dict[str, dict[str, Any]], folder: Path = BUDGET_DIR) -> dict[str, dict[str, Any]]:
    """budget-2022/json/<ansvar>.json for every node."""
    budgets = {ansvar: build_budget(ansvar, data) for ansvar, data in inputs.items()}
    for ansvar, data in budgets.items():
        save_json(data, folder / "json" / f"{ansvar}.json")
    return budgets


def write_broken_budget(budget: dict[str, Any], folder: Path) -> Path:
    """A budget whose risk is handled as the wrong band's: riskvärde 16 as an internkontrollpunkt."""
    broken = copy.deepcopy(budget)
    fire = next(r for r in broken[RISKS] if r["hantering"] == "Omedelbar åtgärd")
    fire["hantering"] = "Internkontrollpunkt"
    path = folder / "budget-risk-fel-hantering.json"
    save_json(broken, path)
    index = next(i for i, r in enumerate(broken[RISKS]) if r is fire)
    note = (
        f'\nNämndens budget: `{path.name}` ({RISKS} › rad {index + 1}, `$["{RISKS}"][{index}]["hantering"]`): '
        f"risken ”{fire['risk']}” har riskvärde 16 men hanteras som internkontrollpunkt; riskvärde 16 ska vara "
        "en omedelbar åtgärd. Rapporteras:\n\n```sh\nbokslut validate budget --org examples/organisation.json "
        f"--år {YEAR} examples/broken/{path.name}\n```\n"
    )
    readme = folder / "README.md"
    readme.write_text(readme.read_text("utf-8") + note, encoding="utf-8")
    return path
