"""Nämndens budget 2022 with plan 2023–2024: the plan the example year's follow-ups report on.

Each ansvar's budget is the budget its follow-ups carry (the same figures, so a follow-up agrees
with the decided budget), last year's budget a little lower and the plan years growing. The
nämnd's own input holds the plan: its goals with their styrkedja, the uppdrag, the arbetsmiljömål,
the väsentlighets- och riskanalys (eight risks across the value bands) and the internkontrollplan
that its 6–12 control risks produce: the control points the delårsbokslut follows up.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .files import save_json, save_workbook
from .format import DRIFT_INPUT, EIRA, INKOMSTER, VARAV_EXPLOATERING, Layout
from .organisation import NAMND
from .settings import EXAMPLES
from .workbook import BOLD, write_drift, write_investments, write_listing, write_prepaid

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


def plan_row(budget: int, *, long: bool = False) -> dict[str, int]:
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
        out[label] = plan_row(int(budget))
    return out


def _projects(table: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, group in table.items():
        if isinstance(group, dict) and "projekt" in group:
            projects = [{"namn": p["namn"], **plan_row(int(p["budget"]), long=True)} for p in group["projekt"]]
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


# --- the Excel form (docs/indata.md, "Nämndens budget"): the same content, laid out as the mall ---

#: The drift table's columns (Ekonomiska ramar), and the project tables' (plan four years ahead).
DRIFT_LAYOUT = Layout(
    key="budget",
    folder="budget-2022",
    drift_flik=DRIFT,
    inv_flik=INV,
    forutb_flik=PREPAID,
    header=("Belopp i tkr", f"Budget {YEAR - 1}", f"Budget {YEAR}", f"Plan {YEAR + 1}", f"Plan {YEAR + 2}"),
    col={"budget_fg": "B", "budget": "C", "plan_1": "D", "plan_2": "E"},
    computed=(),
    text_sections=(),
    drift_text_keys=(),
)
PROJECT_LAYOUT = replace(
    DRIFT_LAYOUT,
    header=(*DRIFT_LAYOUT.header, f"Plan {YEAR + 3}", f"Plan {YEAR + 4}"),
    col={**DRIFT_LAYOUT.col, "plan_3": "F", "plan_4": "G"},
)
#: flik → (JSON key → column header, column widths), in the mall's order
BUDGET_LISTINGS: dict[str, tuple[dict[str, str], list[int]]] = {
    "Budget texter": ({"avsnitt": "Avsnitt", "text": "Text"}, [36, 100]),
    "Budget mål": (
        {"nr": "Nr", "prioriterat_mål": "Prioriterat mål", "indikator": "Indikator", "nämndens_mål": "Nämndens mål",
         "agenda_2030": "Koppling till Agenda 2030", "motivering": "Motivering"},
        [6, 40, 30, 40, 24, 50],
    ),
    "Budget nyckeltal": (
        {"mål_nr": "Mål nr", "namn": "Uppföljning/Nyckeltal", "målvärde": f"Målvärde {YEAR}",
         "nuläge": f"Nuläge {YEAR - 1}"},
        [8, 60, 14, 14],
    ),
    "Budget uppdrag": ({"nr": "Nr", "uppdrag": "Uppdrag", "från": "Från", "beskrivning": "Beskrivning"}, [6, 60, 20, 50]),
    "Budget arbetsmiljö": (
        {"mål": "Arbetsmiljömål", "nyckeltal": "Nyckeltal", "målvärde": f"Målvärde {YEAR}",
         "nuläge": f"Nuläge {YEAR - 1}"},
        [40, 40, 14, 14],
    ),
    RISKS: (
        {"nr": "Nr", "risk": "Risk – beskrivning", "process": "Process", "sannolikhet": "Sannolikhet",
         "konsekvens": "Konsekvens", "riskvärde": "Riskvärde", "hantering": "Hantering"},
        [6, 50, 22, 12, 12, 10, 26],
    ),
    PLAN: (
        {"risk": "Identifierad risk", "process": "Process", "riskvärde": "Riskvärde", "vad": "Vad ska kontrolleras?",
         "metod": "Metod", "frekvens": "Frekvens", "ansvarig": "Ansvarig", "rapporteras_till": "Rapporteras till",
         "uppföljning": "Uppföljning"},
        [40, 20, 10, 45, 40, 18, 18, 18, 24],
    ),
}  # fmt: skip


def _complete(data: dict[str, Any], drift: str, inv: str, prepaid: str) -> dict[str, Any]:
    """The tables with every row the mall has, empty where the JSON leaves a row out."""
    out = copy.deepcopy(data)
    for row in DRIFT_INPUT:
        out[drift].setdefault(row, {})
    for category in EIRA:
        out[inv].setdefault(category, {"projekt": []})
    out[prepaid].setdefault(INKOMSTER, {"projekt": []})
    out[prepaid].setdefault(VARAV_EXPLOATERING, {})
    return out


def budget_workbook(data: dict[str, Any], drift: str = DRIFT, inv: str = INV, prepaid: str = PREPAID) -> Workbook:
    """One ansvar's budget as the kommun's workbook, its tables on the flikar named (a VA
    verksamhet's "RR VA"); the riskvärde is the workbook's own formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Uppgifter"
    u = data["Uppgifter"]
    for label, value in (("Ansvar", u["ansvar"]), ("Namn", u["namn"]), ("År", u["år"])):
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = BOLD
    complete = _complete(data, drift, inv, prepaid)
    write_drift(wb, complete, replace(DRIFT_LAYOUT, drift_flik=drift))
    projects = replace(PROJECT_LAYOUT, inv_flik=inv, forutb_flik=prepaid)
    write_investments(wb, complete, False, projects)
    write_prepaid(wb, complete, False, projects)
    if "Budget mål" not in data:
        return wb
    lists = {
        **{flik: data[flik] for flik in BUDGET_LISTINGS if flik in data},
        "Budget texter": [{"avsnitt": k, "text": v} for k, v in data["Budget texter"].items()],
        "Budget nyckeltal": [{"mål_nr": g["nr"], **k} for g in data["Budget mål"] for k in g["nyckeltal"]],
    }
    for flik, (columns, widths) in BUDGET_LISTINGS.items():
        write_listing(wb, flik, columns, lists[flik], widths)
    risks = wb[RISKS]
    for r in range(2, risks.max_row + 1):
        risks[f"F{r}"] = f"=D{r}*E{r}"
    return wb


def balance(budgets: dict[str, dict[str, Any]], board: str = NAMND, drift_of: dict[str, str] | None = None) -> None:
    """The nämnd's Årets resultat the same in every year, as a decided frame is: the rounding of the
    plan years' shares is taken up by the nämnd's kommunbidrag. `drift_of`: each ansvar's drift
    flik, where a verksamhet has a flik set of its own."""
    drift_of = drift_of or {}
    rows = [row for a, data in budgets.items() for row in data[drift_of.get(a, DRIFT)].values()]
    result = sum(row.get("budget", 0) for row in rows)
    own = budgets[board][DRIFT]["Kommunbidrag"]
    for column in own:
        own[column] -= sum(row.get(column, 0) for row in rows) - result


def write_budget(inputs: dict[str, dict[str, Any]], folder: Path = BUDGET_DIR) -> dict[str, dict[str, Any]]:
    """budget-2022/json/<ansvar>.json and budget-2022/excel/<ansvar>.xlsx for every node."""
    budgets = {ansvar: build_budget(ansvar, data) for ansvar, data in inputs.items()}
    balance(budgets)
    for ansvar, data in budgets.items():
        save_json(data, folder / "json" / f"{ansvar}.json")
        save_workbook(budget_workbook(data), folder / "excel" / f"{ansvar}.xlsx")
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
