"""Nämndens budget as a user meets it: the JSON form typed in, its sums checked, the risk rule at its
edges (riskvärde 4/6 and 12/16, each band's hantering), the internkontrollplan the risks produce."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from bokslut.cli import main
from bokslut.domain import BUDGET
from bokslut.validate import Checked
from scripts.docx_text import document_text
from tests.conftest import SMALL_ORG, YEAR, check, write_json_input, write_org

DRIFT = "RR skattefin"
INV = "INV skattefin & avfall"
PREPAID = "Förutbet skattefin"
RISKS = "Väsentlighets- och riskanalys"
PLAN = "Internkontrollplan"

#: A nämnd's decided budget as a controller types it in the documented JSON form.
BUDGET_INPUT: dict[str, Any] = {
    "Uppgifter": {"ansvar": "8", "namn": "Vård- och omsorgsnämnden", "år": YEAR},
    DRIFT: {
        "Verksamhetens intäkter": {"budget_fg": 120000, "budget": 125000, "plan_1": 126000, "plan_2": 127000},
        "Personalkostnader": {"budget_fg": -714212, "budget": -716023, "plan_1": -740347, "plan_2": -767689},
        "Lokalhyror": {"budget_fg": -50000, "budget": -52000, "plan_1": -53000, "plan_2": -54000},
        "Köp av tjänster": {"budget_fg": -100000, "budget": -130000, "plan_1": -131000, "plan_2": -132000},
        "Övriga kostnader": {"budget_fg": -30000, "budget": -35000, "plan_1": -35000, "plan_2": -35000},
        "Verksamhetens kostnader": {"budget_fg": -894212, "budget": -933023},
        "Kommunbidrag": {"budget_fg": 774212, "budget": 808023, "plan_1": 833347, "plan_2": 861689},
    },
    INV: {
        "Reinvestering": {
            "projekt": [
                {"namn": "Inventarier", "budget_fg": 2000, "budget": 2500, "plan_1": 2500, "plan_2": 2500,
                 "plan_3": 2500, "plan_4": 2500},
            ]
        },
        "Totala utgifter": {"budget": 2500, "plan_4": 2500},
    },
    PREPAID: {},
    RISKS: [
        {"nr": "R1", "risk": "Vi följer inte ramavtal", "process": "Upphandling", "sannolikhet": 4, "konsekvens": 3,
         "hantering": "Internkontrollpunkt"},
    ],
    PLAN: [
        {"risk": "Vi följer inte ramavtal", "process": "Upphandling", "riskvärde": 12,
         "vad": "Att beställare följer gällande ramavtal", "metod": "Stickprov, 5 % av beställningarna",
         "frekvens": "Två gånger per år", "ansvarig": "Ekonomichef", "rapporteras_till": "Nämnden",
         "uppföljning": "Delårs- och årsbokslut"},
    ],
}  # fmt: skip


def _checked(tmp_path: Path, data: dict[str, Any]) -> Checked:
    org = write_org(tmp_path, SMALL_ORG)
    return check(org, [write_json_input(tmp_path, data, "8.json")], BUDGET, YEAR, coverage=False)


def _errors(checked: Checked) -> list[tuple[str, str, str]]:
    return [(i.code, i.source.json_path or "", i.message) for i in checked.issues if i.is_error]


def _with_risk(**risk: Any) -> dict[str, Any]:
    data = copy.deepcopy(BUDGET_INPUT)
    data[RISKS] = [{"nr": "R9", "risk": "Provrisk", **risk}]
    data[PLAN] = [{**data[PLAN][0], "risk": "Provrisk", "riskvärde": ""}]
    return data


def test_a_decided_budget_typed_in_as_json_is_clean(tmp_path: Path) -> None:
    checked = _checked(tmp_path, BUDGET_INPUT)
    assert _errors(checked) == []
    drift = checked.units[0].tables["drift"]
    assert drift.row("netto")["budget"] == 125000 - 933023
    assert drift.row("resultat")["plan_2"] == 127000 - 767689 - 54000 - 132000 - 35000 + 861689


@pytest.mark.parametrize(
    ("probability", "consequence", "handling", "code"),
    [
        # 1–4: no action needed; Ingen åtgärd or nothing
        (1, 1, "", None),
        (2, 2, "Ingen åtgärd", None),
        (1, 4, "Ingen åtgärd", None),
        (4, 1, "Mål", "risk.hantering"),
        (2, 2, "Omedelbar åtgärd", "risk.hantering"),
        # 6–12: a goal, an internkontrollpunkt or a kritisk verksamhetsfaktor
        (2, 3, "Mål", None),
        (3, 2, "Kritisk verksamhetsfaktor", None),
        (2, 3, "Ingen åtgärd", "risk.hantering"),
        (2, 3, "", "risk.hantering_saknas"),
        (3, 4, "Internkontrollpunkt", None),
        (4, 3, "Mål", None),
        (3, 4, "Omedelbar åtgärd", "risk.hantering"),
        # 16: an omedelbar åtgärd, nothing else
        (4, 4, "Omedelbar åtgärd", None),
        (4, 4, "Internkontrollpunkt", "risk.hantering"),
        (4, 4, "Kritisk verksamhetsfaktor", "risk.hantering"),
        (4, 4, "", "risk.hantering_saknas"),
        # typed loosely
        (3, 3, "internkontroll", None),
        (3, 3, "Bevaka", "risk.hantering_okand"),
    ],
)
def test_the_risk_rule_at_its_edges(tmp_path: Path, probability: int, consequence: int, handling: str,
                                    code: str | None) -> None:  # fmt: skip
    data = _with_risk(sannolikhet=probability, konsekvens=consequence, hantering=handling)
    found = [c for c, _, _ in _errors(_checked(tmp_path, data))]
    assert found == ([code] if code else [])


def test_a_wrongly_handled_risk_is_an_error_at_its_cell_saying_what_fits(tmp_path: Path) -> None:
    data = _with_risk(sannolikhet=4, konsekvens=4, hantering="Internkontrollpunkt")
    [(_code, where, message)] = _errors(_checked(tmp_path, data))
    assert where == f'$["{RISKS}"][0]["hantering"]'
    assert "riskvärde 16 (sannolikhet 4 × konsekvens 4)" in message
    assert "skriv ”Omedelbar åtgärd”" in message
    data = _with_risk(sannolikhet=2, konsekvens=3, hantering="Omedelbar åtgärd")
    [(_, _, message)] = _errors(_checked(tmp_path, data))
    assert "riskvärde 6 (sannolikhet 2 × konsekvens 3)" in message
    assert "skriv ”Mål”, ”Internkontrollpunkt” eller ”Kritisk verksamhetsfaktor”" in message


def test_the_riskvarde_is_computed_and_a_typed_one_checked(tmp_path: Path) -> None:
    data = _with_risk(sannolikhet=3, konsekvens=2, riskvärde=5, hantering="Mål")
    [(code, where, message)] = _errors(_checked(tmp_path, data))
    assert (code, where) == ("risk.riskvarde", f'$["{RISKS}"][0]["riskvärde"]')
    assert "ifyllt med 5, men sannolikhet 3 × konsekvens 2 ger 6" in message
    assert _errors(_checked(tmp_path, _with_risk(sannolikhet=3, konsekvens=2, riskvärde=6, hantering="Mål"))) == []


@pytest.mark.parametrize("value", [0, 5, "hög", "", 2.5])
def test_sannolikhet_outside_one_to_four_is_an_error(tmp_path: Path, value: Any) -> None:
    data = _with_risk(sannolikhet=value, konsekvens=2, hantering="Ingen åtgärd")
    [(code, where, message)] = _errors(_checked(tmp_path, data))
    assert (code, where) == ("risk.skala", f'$["{RISKS}"][0]["sannolikhet"]')
    assert "Ange ett heltal 1–4" in message


def test_an_internkontrollpunkt_missing_from_the_plan_is_named(tmp_path: Path) -> None:
    data = copy.deepcopy(BUDGET_INPUT)
    data[PLAN] = []
    [(code, where, message)] = _errors(_checked(tmp_path, data))
    assert code == "risk.ej_i_plan" and where == f'$["{RISKS}"][0]["hantering"]'
    assert "”Vi följer inte ramavtal” hanteras som internkontrollpunkt men finns inte i internkontrollplanen" in message
    data[PLAN] = [{**BUDGET_INPUT[PLAN][0], "risk": "R1", "riskvärde": 9}]  # named by its number, wrong value
    [(code, where, message)] = _errors(_checked(tmp_path, data))
    assert code == "risk.riskvarde_plan" and where == f'$["{PLAN}"][0]["riskvärde"]'
    assert "ifyllt med 9" in message and "riskvärde 12" in message


def test_a_typed_total_that_does_not_match_its_rows_names_both(tmp_path: Path) -> None:
    data = copy.deepcopy(BUDGET_INPUT)
    data[DRIFT]["Verksamhetens kostnader"]["plan_1"] = -950000
    data[INV]["Totala utgifter"]["plan_3"] = 3000
    found = _errors(_checked(tmp_path, data))
    assert [(c, w) for c, w, _ in found] == [
        ("summa.stammer_inte", f'$["{DRIFT}"]["Verksamhetens kostnader"]["plan_1"]'),
        ("summa.stammer_inte", f'$["{INV}"]["Totala utgifter"]["plan_3"]'),
    ]
    assert "ifylld med -950\u00a0000, men raderna ger -959\u00a0347" in found[0][2]
    assert "ifylld med 3\u00a0000, men raderna ger 2\u00a0500" in found[1][2]


def test_the_drift_table_plans_two_years_and_the_investments_four(tmp_path: Path) -> None:
    data = copy.deepcopy(BUDGET_INPUT)
    data[DRIFT]["Lokalhyror"]["plan_3"] = -55000
    [(_code, where, message)] = _errors(_checked(tmp_path, data))
    assert where == f'$["{DRIFT}"]["Lokalhyror"]["plan_3"]' and "Okänt namn ”plan_3”" in message


def test_a_cost_without_its_minus_sign_is_an_error(tmp_path: Path) -> None:
    data = copy.deepcopy(BUDGET_INPUT)
    data[DRIFT]["Lokalhyror"]["plan_2"] = 54000
    data[DRIFT].pop("Verksamhetens kostnader")
    [(code, where, message)] = _errors(_checked(tmp_path, data))
    assert (code, where) == ("belopp.tecken", f'$["{DRIFT}"]["Lokalhyror"]["plan_2"]')
    assert "Skriv -54\u00a0000" in message


def test_only_the_table_flikar_and_uppgifter_are_required(tmp_path: Path) -> None:
    data = {k: v for k, v in BUDGET_INPUT.items() if k in ("Uppgifter", DRIFT, INV, PREPAID)}
    assert _errors(_checked(tmp_path, data)) == []
    data.pop(PREPAID)
    [(code, _, message)] = _errors(_checked(tmp_path, data))
    assert code == "json.flik_saknas" and f"”{PREPAID}”" in message


def test_the_schema_describes_the_budget_form() -> None:
    result = CliRunner().invoke(main, ["schema", "budget"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert {DRIFT, INV, PREPAID, RISKS, PLAN, "Uppgifter"} <= set(schema["properties"])
    assert schema["required"] == ["Uppgifter"]
    text = result.output
    assert "plan_4" in text and "budget_fg" in text and "sannolikhet" in text


def test_the_rendered_budget_shows_the_typed_figures_their_sums_and_the_risk_values(tmp_path: Path) -> None:
    org = write_org(tmp_path, SMALL_ORG[:2])  # the nämnd alone: its budget is the whole input
    data = copy.deepcopy(BUDGET_INPUT)
    data[RISKS].append({"nr": "R2", "risk": "Brand", "sannolikhet": 4, "konsekvens": 4, "hantering": "Omedelbar"})
    source = write_json_input(tmp_path, data, "8.json")
    code, out = _run("render", "budget", "--org", str(org), "--år", str(YEAR), "--ut", str(tmp_path / "ut"),
                     "--ansvar", "8", "--datum", "2021-11-23", str(source))  # fmt: skip
    assert code == 0, out
    [document] = (tmp_path / "ut" / "budget-2022").glob("8 *.docx")
    text = document_text(document)
    nbsp = "\u00a0"
    assert "Nämndens budget 2022 med plan 2023–2024" in text
    assert "| Belopp i tkr | Budget 2021 | Budget 2022 | Plan 2023 | Plan 2024 |" in text
    assert f"| Personalkostnader | -714{nbsp}212 | -716{nbsp}023 | -740{nbsp}347 | -767{nbsp}689 |" in text
    # the sums computed from the rows: kostnader, nettokostnader
    assert f"| Verksamhetens kostnader | -894{nbsp}212 | -933{nbsp}023 | -959{nbsp}347 | -988{nbsp}689 |" in text
    assert f"| Verksamhetens nettokostnader | -774{nbsp}212 | -808{nbsp}023 | -833{nbsp}347 | -861{nbsp}689 |" in text
    # the change from last year's budget, from the figures: 808 023 − 774 212 = 33 811 tkr
    assert f"Budgeten för 2022 är 33,8{nbsp}mkr högre än för 2021." in text
    assert "| Plan 2025 | Plan 2026 |" in text and f"| Totala utgifter | 2{nbsp}000 | 2{nbsp}500 |" in text
    # the risk values computed, and the hantering as the analysis names it
    assert "| R1 | Vi följer inte ramavtal | Upphandling | 4 | 3 | 12 | Internkontrollpunkt |" in text
    assert "| R2 | Brand |  | 4 | 4 | 16 | Omedelbar åtgärd |" in text
    assert "| Att beställare följer gällande ramavtal | Vi följer inte ramavtal | Upphandling | 12 |" in text
    # the internkontrollplan's eight columns are an appendix in landscape, after the risk analysis
    doc = Document(str(document))
    portrait, landscape = doc.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT and landscape.orientation == WD_ORIENT.LANDSCAPE
    assert (landscape.page_width or 0) > (landscape.page_height or 0)
    body = list(doc.element.body)
    heading = {p.text: body.index(p._p) for p in doc.paragraphs if p.text.startswith("Bilaga")}
    [section_break] = [i for i, e in enumerate(body) if e.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None]
    assert heading["Bilaga 1. Väsentlighets- och riskanalys"] < section_break < heading["Bilaga 2. Internkontrollplan"]
    assert "Sida" in landscape.footer.paragraphs[0].text  # its own footer, page numbers at the wider margin


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output
