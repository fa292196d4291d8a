"""The workbook a controller fills: generated, filled as a user would, read back without loss.

The filling helpers write only into the input cells (yellow, unlocked), the way a controller
does; the checks read the rendered document's text, the way the nämnd reads it.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.arsplan import read_plan
from bokslut.cli import main
from bokslut.domain import ARSBOKSLUT, BUDGET, DELARSBOKSLUT, REPORTS, Level, ReportSpec
from bokslut.prefill import Submission, prefill_for
from bokslut.sources.organisation import read_organisation
from bokslut.validate import Checked
from bokslut.workbook import build_workbook, save_workbook, workbook_name, year_fliks
from scripts.recalculate import recalculate
from tests import programs
from tests.conftest import check, render, write_org

ROOT = Path(__file__).resolve().parent.parent

YEAR = 2022
ORG = (
    ("1", "Testkommun", "kommun", None),
    ("8", "Testnämnden", "nämnd", "1"),
    ("81911", "Hemtjänst Norr", "enhet", "8"),
)
RR8 = "8 RR skattefin övriga delår"
INV8 = "8 inv skattefin övriga delår"
RR12 = "12 RR skattefin övriga ÅB"
NBSP = "\u00a0"

#: What the controller types into the delårsbokslut's drift flik: row → column → tkr.
DRIFT = {
    "Verksamhetens intäkter": {"budget": 3150, "prognos": 3310, "utfall": 2210, "utfall_fg": 2001},
    "Personalkostnader": {"budget": -51030, "prognos": -52770, "utfall": -35110, "utfall_fg": -33020},
    "Lokalhyror": {"budget": -1890, "prognos": -1890, "utfall": -1260, "utfall_fg": -1222},
    "Köp av tjänster": {"budget": -1260, "prognos": -1410, "utfall": -930, "utfall_fg": -870},
    "Övriga kostnader": {"budget": -8820, "prognos": -9130, "utfall": -6010, "utfall_fg": -5700},
    "Kommunbidrag": {"budget": 59850, "prognos": 59850, "utfall": 39900, "utfall_fg": 38100},
}
#: Investment projects typed under their categories.
PROJECTS = {
    "Reinvestering": [
        ("Larm i gruppbostad", {"budget": 400, "prognos": 380, "utfall": 210, "utfall_fg": 0}),
        ("Nya sängar", {"budget": 1250, "prognos": 1175, "utfall": 640, "utfall_fg": 90}),
    ],
    "Imageinvestering": [("Entré Solgården", {"budget": 300, "prognos": 320, "utfall": 120, "utfall_fg": 0})],
}


# --- helpers: generate, fill as a controller does, read back ----------------------------------


def generate(tmp: Path, prefill: dict[str, Any] | None = None, ansvar: str = "81911") -> tuple[Path, Path]:
    org_path = write_org(tmp, ORG, kommun="Testkommun")
    organisation, _ = read_organisation(org_path)
    node = organisation[ansvar]
    target = tmp / "in" / workbook_name(node, YEAR)
    plan, issues = read_plan(ROOT / "examples" / "arsplan-2022.toml")
    assert not issues
    save_workbook(build_workbook(node, organisation, YEAR, prefill, plan), target)
    return org_path, target


def header_row(ws: Worksheet, first: str = "Belopp i tkr") -> int:
    return next(r for r in range(1, 30) if ws.cell(r, 1).value == first)


def column_of(ws: Worksheet, title: str, row: int) -> int:
    return next(c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value == title)


def row_of(ws: Worksheet, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)


def type_into(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Type as a controller: only into an unlocked cell."""
    cell = ws.cell(row, col)
    assert not cell.protection.locked, f"{ws.title}!{cell.coordinate} is locked"
    assert not (isinstance(cell.value, str) and cell.value.startswith("=")), f"{cell.coordinate} holds a formula"
    cell.value = value


def fill_table(ws: Worksheet, report: ReportSpec, rows: dict[str, dict[str, Any]]) -> None:
    header = header_row(ws)
    for label, amounts in rows.items():
        r = row_of(ws, label)
        for key, value in amounts.items():
            type_into(ws, r, column_of(ws, report.column(key).title(YEAR), header), value)


def fill_projects(ws: Worksheet, report: ReportSpec, projects: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
    header = header_row(ws)
    for category, items in projects.items():
        r = row_of(ws, category) + 1
        for name, amounts in items:
            type_into(ws, r, 1, name)
            for key, value in amounts.items():
                type_into(ws, r, column_of(ws, report.column(key).title(YEAR), header), value)
            r += 1


def fill_delar(book: Workbook, *, drift: dict[str, dict[str, Any]] = DRIFT) -> None:
    fill_table(book[RR8], DELARSBOKSLUT, drift)
    fill_projects(book[INV8], DELARSBOKSLUT, PROJECTS)
    goals = book["Mål"]
    r = header_row(goals, "Nr") + 1
    for col, value in enumerate(
        ["1", "Trygg vård", "Nöjda brukare", "Mål 3", "Delvis uppfyllt", "Brukarna är nöjda."], 1
    ):
        type_into(goals, r, col, value)
    texts = book["Texter"]
    type_into(texts, row_of(texts, "Verksamhet"), 2, "Verksamheten har bedrivits enligt plan.")


def rendered_text(tmp: Path, org: Path, workbook: Path, report: ReportSpec = DELARSBOKSLUT) -> tuple[Checked, str]:
    checked = check(org, [workbook], report, YEAR)
    result = render(checked, report, YEAR, tmp / "out", only="81911", today=date(2022, 9, 13))
    assert not result.skipped, [str(i) for i in checked.issues]
    [(_, path)] = result.rendered
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return checked, "\n".join([p.text for p in doc.paragraphs] + cells)


def tkr(n: int) -> str:
    text = f"{abs(n):,}".replace(",", NBSP)
    return f"-{text}" if n < 0 else text


def assert_typed_figures_in(text: str, drift: dict[str, dict[str, Any]] = DRIFT) -> None:
    for amounts in drift.values():
        for value in amounts.values():
            assert tkr(int(value)) in text, value
    for items in PROJECTS.values():
        for name, amounts in items:
            assert name in text
            assert tkr(amounts["budget"]) in text
    # the sums bokslut computes: Verksamhetens kostnader, budget
    assert tkr(-51030 - 1890 - 1260 - 8820) in text
    assert "Verksamheten har bedrivits enligt plan." in text and "Brukarna är nöjda." in text


def errors(checked: Checked) -> list[str]:
    return [str(i) for i in checked.issues if i.is_error and i.ansvar in ("81911", None)]


def libreoffice() -> None:
    programs.soffice("calc")


# --- the generated workbook --------------------------------------------------------------------


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    """One generated workbook, as saved and loaded again, for the tests that only look at it."""
    _, path = generate(tmp_path_factory.mktemp("blank"))
    return load_workbook(path)


def test_the_workbook_has_every_flik_of_the_year_in_the_kommuns_order(blank: Workbook) -> None:
    names = blank.sheetnames
    assert names[:2] == ["Instruktion", "Uppgifter"]
    assert names[2:15] == [
        "RR skattefin",  # the year's plan: Nämndens budget
        "INV skattefin & avfall",
        "Förutbet skattefin",
        "1–11 RR skattefin övr jan-nov",
        "4 inv skattefin övr apr",
        "4 förutb skattefin ALLA apr",
        RR8,
        INV8,
        "8 förutb skattefin ALLA delår",
        RR12,
        "12 prognossäkerhet ALLA ÅB",
        "12 inv skattefin övr ÅB",
        "12 förutb skattefin ALLA ÅB",
    ]
    for flik in ("Texter", "Texter drift", "Mål", "Nyckeltal", "Uppdrag", "Internkontroll", "Arbetsmiljö"):
        assert flik in names
    assert {"Sjukfrånvaro", "Personalstatistik", "Arbetsskador och tillbud"} <= set(names)
    # the budget's plan is the nämnd's and the förvaltning's: not in an enhet's workbook
    assert "Budget mål" not in names and "Internkontrollplan" not in names
    assert [f.name for f in year_fliks(Level.ENHET)] == names[2:]
    assert {"Budget mål", "Internkontrollplan"} <= {f.name for f in year_fliks(Level.NAMND)}


#: One report's blank workbook in the quick suite; every report's in the full one.
@pytest.mark.parametrize(
    "report",
    [r if r is DELARSBOKSLUT else pytest.param(r, marks=pytest.mark.slow) for r in REPORTS.values()],
    ids=list(REPORTS),
)
def test_a_blank_workbook_is_read_by_every_report_without_errors(tmp_path: Path, report: ReportSpec) -> None:
    org, path = generate(tmp_path)
    checked = check(org, [path], report, YEAR)
    assert errors(checked) == []
    [unit] = checked.units
    assert unit.ansvar == "81911"


def test_inputs_stand_out_and_formulas_are_locked(blank: Workbook) -> None:
    ws = blank[RR8]
    assert ws.protection.sheet and not ws.protection.password
    header = header_row(ws)
    personal, kostnader = row_of(ws, "Personalkostnader"), row_of(ws, "Verksamhetens kostnader")
    budget, avv = column_of(ws, "Budget 2022", header), column_of(ws, "Avv. prognos/budget 2022", header)
    typed, total, deviation = ws.cell(personal, budget), ws.cell(kostnader, budget), ws.cell(personal, avv)
    assert not typed.protection.locked and typed.fill.fgColor.rgb.endswith("FFF2CC")
    for cell in (total, deviation):
        assert cell.protection.locked and str(cell.value).startswith("=")
    assert ws.cell(header, budget).value == "Budget 2022"


def test_data_validation_allows_whole_numbers_with_the_rows_sign(blank: Workbook) -> None:
    ws = blank[RR8]
    header = header_row(ws)
    budget = column_of(ws, "Budget 2022", header)

    def rule(label: str) -> Any:
        cell = ws.cell(row_of(ws, label), budget).coordinate
        [dv] = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
        return dv

    cost, income, either = rule("Personalkostnader"), rule("Verksamhetens intäkter"), rule("Finansnetto")
    assert (cost.type, cost.operator, cost.formula1) == ("whole", "lessThanOrEqual", "0")
    assert (income.type, income.operator, income.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert either.type == "whole"
    assert "minustecken" in cost.error and "tkr" in cost.error


def test_the_instruction_flik_names_the_deadline(blank: Workbook) -> None:
    ws = blank["Instruktion"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "23 augusti 2022" in text  # the enheter's delårsbokslut
    assert "9 februari 2023 kl. 12.00" in text  # årsbokslut underlag, the year after
    assert "gula" in text and "minustecken" in text


# --- filled and read back ----------------------------------------------------------------------


def test_filled_without_recalculation_is_read_back_with_every_typed_figure(tmp_path: Path) -> None:
    """A program that does not calculate saved it: no cached values; bokslut computes the sums."""
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    book.save(path)
    checked, text = rendered_text(tmp_path, org, path)
    assert errors(checked) == []
    assert "excel.summor_ej_beraknade" in [i.code for i in checked.issues]
    assert_typed_figures_in(text)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_filled_and_recalculated_by_libreoffice_gives_the_same_document(tmp_path: Path) -> None:
    """Filled by a script, recalculated and saved by LibreOffice as Excel would, read back and rendered."""
    libreoffice()
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    fill_table(book[RR12], ARSBOKSLUT, {"Personalkostnader": {"budget": -51030, "utfall": -52650, "utfall_fg": -49900}})
    book.save(path)
    recalculate([path])
    cached = load_workbook(path, data_only=True)[RR8]
    assert cached.cell(row_of(cached, "Verksamhetens kostnader"), 2).value == -51030 - 1890 - 1260 - 8820
    checked, text = rendered_text(tmp_path, org, path)
    assert [i.code for i in checked.issues if i.ansvar == "81911"] == []  # no warnings either
    assert_typed_figures_in(text)
    checked, text = rendered_text(tmp_path / "ar", org, path, ARSBOKSLUT)
    assert errors(checked) == []
    assert tkr(-52650) in text and tkr(-49900) in text


@pytest.mark.slow
def test_project_rows_inserted_under_a_category_are_read_as_projects(tmp_path: Path) -> None:
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    ws = book[INV8]
    at = row_of(ws, "Reinvestering") + 2
    ws.insert_rows(at, 2)  # two new rows between the typed projects
    ws.cell(at, 1, "Ny projekt A")
    ws.cell(at, 2, 700)
    ws.cell(at + 1, 1, "Nytt projekt B")
    ws.cell(at + 1, 3, 55)
    book.save(path)
    checked, text = rendered_text(tmp_path, org, path)
    assert errors(checked) == []
    projects = {p.name: p.values for p in checked.units[0].tables["investeringar"].projects["reinvestering"]}
    assert projects["Ny projekt A"] == {"budget": 700}
    assert projects["Nytt projekt B"] == {"prognos": 55}
    assert set(projects) == {"Larm i gruppbostad", "Nya sängar", "Ny projekt A", "Nytt projekt B"}
    assert "Ny projekt A" in text and tkr(400 + 1250 + 700) in text
    assert_typed_figures_in(text)


@pytest.mark.slow
@pytest.mark.libreoffice
def test_numbers_typed_as_text_are_read_in_their_swedish_form(tmp_path: Path) -> None:
    libreoffice()
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    ws = book[RR8]
    ws.cell(row_of(ws, "Personalkostnader"), 2).value = "-51 030"
    ws.cell(row_of(ws, "Övriga kostnader"), 5).value = "-6 010,0"
    book.save(path)
    recalculate([path])  # the spreadsheet's own sum leaves the text out: a warning, not a loss
    checked, text = rendered_text(tmp_path, org, path)
    assert errors(checked) == []
    # the workbook's "=C7-B7" and "=B7+B8…" give #VALUE! on text: a warning, and nothing lost
    warned = {i.code for i in checked.issues if i.ansvar == "81911"}
    assert warned == {"excel.formel_fel"}
    assert_typed_figures_in(text)


@pytest.mark.slow
def test_merged_cells_in_the_header_are_read(tmp_path: Path) -> None:
    """A controller makes the header two rows tall: a group title above, cells merged down."""
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    ws = book[RR8]
    ws.protection.sheet = False
    header = header_row(ws)
    ws.insert_rows(header, 1)
    ws.cell(header, 1, "Belopp i tkr")
    ws.cell(header + 1, 1, None)
    ws.merge_cells(start_row=header, start_column=1, end_row=header + 1, end_column=1)
    ws.cell(header, 2, "Helår")
    ws.merge_cells(start_row=header, start_column=2, end_row=header, end_column=4)
    ws.cell(header, 5, "Utfall")
    ws.merge_cells(start_row=header, start_column=5, end_row=header, end_column=7)
    book.save(path)
    checked, text = rendered_text(tmp_path, org, path)
    assert errors(checked) == []
    assert checked.units[0].tables["drift"].row("personal") == DRIFT["Personalkostnader"]
    assert_typed_figures_in(text)


@pytest.mark.slow
def test_reordered_flikar_just_work(tmp_path: Path) -> None:
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    book.move_sheet(RR8, offset=len(book.sheetnames))
    book.move_sheet("Mål", offset=-10)
    book.save(path)
    checked, text = rendered_text(tmp_path, org, path)
    assert errors(checked) == []
    assert_typed_figures_in(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flik", "renamed"),
    [
        pytest.param(RR8, "Drift delår", id="table-flik-by-its-content"),
        pytest.param("Mål", "Mål och bedömning", id="optional-flik-by-its-content"),
        pytest.param("Texter", "Texter 2022", id="text-flik-by-its-name-and-content"),
    ],
)
def test_a_renamed_flik_is_an_error_naming_the_expected_flik(tmp_path: Path, flik: str, renamed: str) -> None:
    org, path = generate(tmp_path)
    book = load_workbook(path)
    fill_delar(book)
    book[flik].title = renamed
    book.save(path)
    checked = check(org, [path], DELARSBOKSLUT, YEAR)
    [issue] = [i for i in checked.issues if i.is_error and i.ansvar == "81911"]
    assert issue.code == "excel.flik_omdopt"
    assert f"”{flik}” saknas" in issue.message and f"”{renamed}”" in issue.message
    assert issue.source.flik == renamed
    # renamed back, nothing that was typed is lost
    book[renamed].title = flik
    book.save(path)
    _, text = rendered_text(tmp_path, org, path)
    assert_typed_figures_in(text)


# --- the budget's flikar -------------------------------------------------------------------------

BUDGET_DRIFT = {
    "Verksamhetens intäkter": {"budget_fg": 120000, "budget": 125000, "plan_1": 126000, "plan_2": 127000},
    "Personalkostnader": {"budget_fg": -714212, "budget": -716023, "plan_1": -740347, "plan_2": -767689},
    "Övriga kostnader": {"budget_fg": -30000, "budget": -35000, "plan_1": -35000, "plan_2": -35000},
    "Kommunbidrag": {"budget_fg": 624212, "budget": 626023, "plan_1": 649347, "plan_2": 675689},
}
#: (nr, risk, process, sannolikhet, konsekvens, hantering)
BUDGET_RISKS = (
    ("R1", "Vi följer inte ramavtal", "Upphandling", 4, 3, "Internkontrollpunkt"),
    ("R2", "Brandlarmet är ur funktion", "Fastighet", 4, 4, "Omedelbar åtgärd"),
)


def fill_listing(ws: Worksheet, rows: list[dict[str, Any]]) -> None:
    """Type list rows under the flik's header, by the header's titles."""
    first = next(iter(rows[0]))
    header = header_row(ws, first)
    for r, row in enumerate(rows, start=header + 1):
        for title, value in row.items():
            type_into(ws, r, column_of(ws, title, header), value)


def fill_budget(book: Workbook) -> None:
    fill_table(book["RR skattefin"], BUDGET, BUDGET_DRIFT)
    fill_projects(book["INV skattefin & avfall"], BUDGET, {
        "Reinvestering": [("Inventarier", {"budget_fg": 2000, "budget": 2500, "plan_1": 2500, "plan_4": 1500})],
    })  # fmt: skip
    fill_listing(book["Budget mål"], [
        {"Nr": "1", "Prioriterat mål": "Trygg vård", "Nämndens mål": "Nöjda brukare", "Koppling till Agenda 2030": "3"},
    ])  # fmt: skip
    fill_listing(book["Budget nyckeltal"], [{"Mål nr": "1", "Uppföljning/Nyckeltal": "Nöjd kund-index",
                                             "Målvärde 2022": "85", "Nuläge 2021": "81"}])  # fmt: skip
    fill_listing(book["Väsentlighets- och riskanalys"], [
        {"Nr": nr, "Risk – beskrivning": risk, "Process": process, "Sannolikhet": p, "Konsekvens": c, "Hantering": h}
        for nr, risk, process, p, c, h in BUDGET_RISKS
    ])  # fmt: skip
    fill_listing(book["Internkontrollplan"], [
        {"Identifierad risk": "Vi följer inte ramavtal", "Vad ska kontrolleras?": "Att beställare följer ramavtal",
         "Metod": "Stickprov", "Frekvens": "Två gånger per år", "Ansvarig": "Ekonomichef",
         "Uppföljning": "Delårs- och årsbokslut"},
    ])  # fmt: skip
    texts = book["Budget texter"]
    type_into(texts, row_of(texts, "Ekonomiska ramar"), 2, "Ramen har ökats för volymökningen.")


def test_the_budget_flikar_are_laid_out_like_the_mall(tmp_path: Path) -> None:
    _, path = generate(tmp_path, ansvar="8")
    book = load_workbook(path)
    assert [n for n in book.sheetnames if n.startswith("Budget") or n in ("Väsentlighets- och riskanalys",
            "Internkontrollplan")] == ["Budget texter", "Budget mål", "Budget nyckeltal", "Budget uppdrag",
                                       "Budget arbetsmiljö", "Väsentlighets- och riskanalys",
                                       "Internkontrollplan"]  # fmt: skip
    drift = book["RR skattefin"]
    header = header_row(drift)
    assert [drift.cell(header, c).value for c in range(1, 6)] == [
        "Belopp i tkr", "Budget 2021", "Budget 2022", "Plan 2023", "Plan 2024"
    ]  # fmt: skip
    assert drift.cell(header, 6).value is None  # the drift plans two years ahead
    inv = book["INV skattefin & avfall"]
    assert [inv.cell(header_row(inv), c).value for c in range(5, 8)] == ["Plan 2024", "Plan 2025", "Plan 2026"]
    risks = book["Väsentlighets- och riskanalys"]
    top = header_row(risks, "Nr")
    value = risks.cell(top + 1, column_of(risks, "Riskvärde", top))
    assert value.protection.locked and str(value.value).startswith("=")
    handling = risks.cell(top + 1, column_of(risks, "Hantering", top)).coordinate
    [choice] = [dv for dv in risks.data_validations.dataValidation if handling in dv.sqref]
    assert choice.formula1 == '"Ingen åtgärd,Mål,Internkontrollpunkt,Kritisk verksamhetsfaktor,Omedelbar åtgärd"'
    assert "6–12: Mål, Internkontrollpunkt eller Kritisk verksamhetsfaktor" in choice.prompt
    assert "16: Omedelbar åtgärd" in choice.prompt


def test_a_filled_budget_workbook_is_read_back_clean_and_rendered(tmp_path: Path) -> None:
    org, path = generate(tmp_path, ansvar="8")
    book = load_workbook(path)
    fill_budget(book)
    book.save(path)
    checked = check(org, [path], BUDGET, YEAR, coverage=False)
    assert [str(i) for i in checked.issues if i.is_error] == []
    [unit] = checked.units
    drift = unit.tables["drift"]
    assert drift.row("kostnader")["plan_2"] == -767689 - 35000
    assert drift.row("resultat")["budget"] == 125000 - 716023 - 35000 + 626023
    assert [(r.nr, r.sannolikhet, r.hantering) for r in unit.plan["risker"]] == [
        ("R1", "4", "Internkontrollpunkt"), ("R2", "4", "Omedelbar åtgärd")
    ]  # fmt: skip
    result = render(checked, BUDGET, YEAR, tmp_path / "out", only="8", today=date(2021, 11, 8))
    [(_, document)] = result.rendered
    doc = Document(str(document))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert tkr(-716023) in text and tkr(-767689 - 35000) in text and "Inventarier" in text
    assert "Nöjda brukare" in text and "Nöjd kund-index" in text and "Att beställare följer ramavtal" in text
    assert "Ramen har ökats för volymökningen." in text


def test_a_wrong_risk_and_a_typed_sum_in_a_budget_workbook_are_errors_at_their_cells(tmp_path: Path) -> None:
    org, path = generate(tmp_path, ansvar="8")
    book = load_workbook(path)
    fill_budget(book)
    drift = book["RR skattefin"]
    drift.protection.sheet = False  # a controller who typed over the sum's formula
    total = drift.cell(row_of(drift, "Verksamhetens kostnader"), column_of(drift, "Plan 2023", header_row(drift)))
    total.value = -700000
    risks = book["Väsentlighets- och riskanalys"]
    top = header_row(risks, "Nr")
    handling = risks.cell(top + 2, column_of(risks, "Hantering", top))
    type_into(risks, handling.row, handling.column, "Internkontrollpunkt")  # riskvärde 16
    book.save(path)
    checked = check(org, [path], BUDGET, YEAR, coverage=False)
    found = {i.code: i for i in checked.issues if i.is_error}
    assert set(found) == {"summa.stammer_inte", "risk.hantering"}
    name = path.name
    assert str(found["summa.stammer_inte"].source) == f"{name} › RR skattefin › {total.coordinate}"
    assert f"men raderna ger {tkr(-740347 - 35000)}" in found["summa.stammer_inte"].message
    assert str(found["risk.hantering"].source) == f"{name} › Väsentlighets- och riskanalys › {handling.coordinate}"
    assert "riskvärde 16 (sannolikhet 4 × konsekvens 4)" in found["risk.hantering"].message


@pytest.mark.slow
@pytest.mark.libreoffice
def test_a_budget_workbook_recalculated_by_libreoffice_computes_the_riskvarde(tmp_path: Path) -> None:
    libreoffice()
    org, path = generate(tmp_path, ansvar="8")
    book = load_workbook(path)
    fill_budget(book)
    book.save(path)
    recalculate([path])
    risks = load_workbook(path, data_only=True)["Väsentlighets- och riskanalys"]
    top = header_row(risks, "Nr")
    column = column_of(risks, "Riskvärde", top)
    assert [risks.cell(top + i, column).value for i in (1, 2)] == [12, 16]
    checked = check(org, [path], BUDGET, YEAR, coverage=False)
    assert [str(i) for i in checked.issues] == []  # no warnings either: every sum has its value


# --- prefill -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_prefill_from_earlier_submissions(tmp_path: Path) -> None:
    org_path = write_org(tmp_path, ORG, kommun="Testkommun")
    organisation, _ = read_organisation(org_path)
    node = organisation["81911"]
    delar = {
        "Uppgifter": {"ansvar": "81911", "år": YEAR},
        RR8: {
            "Personalkostnader": {"budget": -51030, "prognos": -52000},
            "Kommunbidrag": {"budget": 59850, "prognos": 59850},
        },
        INV8: {"Reinvestering": {"projekt": [{"namn": "Larm", "budget": 400}]}},
    }
    last_year = {
        "Uppgifter": {"ansvar": "81911", "år": YEAR - 1},
        RR12: {"Personalkostnader": {"utfall": -49900}},
        "12 inv skattefin övr ÅB": {"Reinvestering": {"summa": {"utfall": 350}}},
        "Sjukfrånvaro": {"Kvinnor": {"år": 8.2}},
    }
    shared = {
        "Uppgifter": {"ansvar": "8", "år": YEAR},
        "8 RR skattefin övriga delår": {},
        "Mål": [
            {"nr": "1", "nämndens_mål": "Nöjda brukare", "bedömning": "Helt uppfyllt", "kommentar": "Nämndens egen"}
        ],
        "Internkontroll": [{"vad": "Attester", "frekvens": "Årligen", "metod": "Stickprov"}],
    }
    subs = [
        Submission("81911", "delarsbokslut", YEAR, delar),
        Submission("81911", "arsbokslut", YEAR - 1, last_year),
        Submission("8", "delarsbokslut", YEAR, shared),
    ]
    prefill = prefill_for(node, organisation, YEAR, subs)
    assert prefill[RR12]["Personalkostnader"] == {"utfall_fg": -49900, "budget": -51030}
    assert prefill["1–11 RR skattefin övr jan-nov"]["Personalkostnader"] == {"budget": -51030}
    assert prefill["12 inv skattefin övr ÅB"]["Reinvestering"]["summa"] == {"utfall_fg": 350}
    assert prefill["12 prognossäkerhet ALLA ÅB"]["Delårsbokslut"] == {"prognos": 59850 - 52000}
    assert prefill["Mål"] == [{"nr": "1", "nämndens_mål": "Nöjda brukare"}]  # not the nämnd's own comment
    assert prefill["Internkontroll"] == [{"vad": "Attester", "frekvens": "Årligen", "metod": "Stickprov"}]
    assert prefill["Sjukfrånvaro"]["Kvinnor"] == {"fg": 8.2}

    org, path = generate(tmp_path, prefill)
    book = load_workbook(path)
    goals = book["Mål"]
    r = header_row(goals, "Nr") + 1
    assert goals.cell(r, 3).value == "Nöjda brukare" and goals.cell(r, 3).protection.locked
    assert not goals.cell(r, 6).protection.locked  # the unit writes its comment
    type_into(goals, r, 5, "Delvis uppfyllt")
    type_into(goals, r, 6, "Enhetens kommentar.")
    ws = book[RR12]
    assert ws.cell(row_of(ws, "Personalkostnader"), 2).value == -51030
    book.save(path)
    checked, text = rendered_text(tmp_path, org, path, ARSBOKSLUT)
    assert errors(checked) == []
    assert "Enhetens kommentar." in text and "Nöjda brukare" in text
    assert tkr(-49900) in text and tkr(350) in text


#: The nämnd's decided budget in the JSON form (docs/indata.md), with its plan.
PLAN_BUDGET: dict[str, Any] = {
    "Uppgifter": {"ansvar": "8", "namn": "Testnämnden", "år": YEAR},
    "RR skattefin": {"Personalkostnader": {"budget_fg": -49000, "budget": -51030, "plan_1": -52600, "plan_2": -54300}},
    "INV skattefin & avfall": {"Reinvestering": {"projekt": [{"namn": "Larm", "budget": 400, "plan_4": 300}]}},
    "Förutbet skattefin": {},
    "Budget texter": {"Inledning": "Nämndens budget för 2022."},
    "Budget mål": [
        {"nr": "1", "prioriterat_mål": "Trygg vård", "indikator": "Nöjd kund-index", "nämndens_mål": "Nöjda brukare",
         "agenda_2030": "Mål 3", "nyckeltal": [{"namn": "Nöjd kund-index", "målvärde": "85 %", "nuläge": "81 %"}]},
    ],
    "Budget uppdrag": [{"nr": "U1", "uppdrag": "Inför välfärdsteknik", "från": "Kommunfullmäktige"}],
    "Budget arbetsmiljö": [{"mål": "Sjukfrånvaron ska minska", "nyckeltal": "Total sjukfrånvaro", "målvärde": "8 %"}],
    "Väsentlighets- och riskanalys": [
        {"nr": "R1", "risk": "Fel attestant", "sannolikhet": 3, "konsekvens": 3, "hantering": "Internkontrollpunkt"},
        {"nr": "R2", "risk": "Brist på sjuksköterskor", "sannolikhet": 2, "konsekvens": 4,
         "hantering": "Kritisk verksamhetsfaktor"},
    ],
    "Internkontrollplan": [
        {"risk": "R1", "vad": "Att fakturor attesteras av rätt person", "metod": "Stickprov", "frekvens": "Årligen",
         "ansvarig": "Ekonomichef", "uppföljning": "Delårsbokslut"},
    ],
}  # fmt: skip


def listing_rows(ws: Worksheet, first: str) -> list[list[Any]]:
    """The rows under a list flik's header that hold something, as the controller sees them."""
    header = header_row(ws, first)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1)]
    return [r for r in rows if any(v not in (None, "") and not str(v).startswith("=") for v in r)]


def test_the_years_workbooks_are_prefilled_from_the_budget(tmp_path: Path) -> None:
    org_path = write_org(tmp_path, ORG, kommun="Testkommun")
    organisation, _ = read_organisation(org_path)
    budget = Submission("8", "budget", YEAR, PLAN_BUDGET)
    for folder in ("n", "e"):
        (tmp_path / folder).mkdir()
    _, path = generate(tmp_path / "n", prefill_for(organisation["8"], organisation, YEAR, [budget]), ansvar="8")
    book = load_workbook(path)
    goals = book["Mål"]
    assert listing_rows(goals, "Nr") == [["1", "Trygg vård", "Nöjda brukare", "Mål 3", None, None]]
    r = header_row(goals, "Nr") + 1
    assert goals.cell(r, 3).protection.locked and not goals.cell(r, 6).protection.locked
    assert listing_rows(book["Nyckeltal"], "Mål nr") == [["1", "Nöjd kund-index", "85 %", None, None, None]]
    assert listing_rows(book["Uppdrag"], "Nr") == [["U1", "Inför välfärdsteknik", None, None]]
    assert listing_rows(book["Arbetsmiljö"], "Arbetsmiljömål") == [
        ["Sjukfrånvaron ska minska", "Total sjukfrånvaro", "8 %", None, None]
    ]
    assert listing_rows(book["Internkontroll"], "Vad kontrolleras?") == [
        ["Att fakturor attesteras av rätt person", "Årligen", "Stickprov", None, None, None]
    ]
    # the decided budget is the year's Budget column, and its own flikar hold all of it
    for flik in (RR8, RR12, "1–11 RR skattefin övr jan-nov"):
        ws = book[flik]
        assert ws.cell(row_of(ws, "Personalkostnader"), column_of(ws, "Budget 2022", header_row(ws))).value == -51030
    plan = book["RR skattefin"]
    assert [plan.cell(row_of(plan, "Personalkostnader"), c).value for c in range(2, 6)] == [-49000, -51030, -52600,
                                                                                           -54300]  # fmt: skip
    assert listing_rows(book["Budget mål"], "Nr")[0][3] == "Nöjda brukare"
    risks = listing_rows(book["Väsentlighets- och riskanalys"], "Nr")
    assert [r[:5] + r[6:] for r in risks] == [["R1", "Fel attestant", None, 3, 3, "Internkontrollpunkt"],
                                              ["R2", "Brist på sjuksköterskor", None, 2, 4,
                                               "Kritisk verksamhetsfaktor"]]  # fmt: skip
    # the prefilled budget reads back as the budget it came from
    checked = check(org_path, [path], BUDGET, YEAR, coverage=False)
    assert [str(i) for i in checked.issues if i.is_error] == []
    [unit] = checked.units
    assert unit.document["Budget mål"] == PLAN_BUDGET["Budget mål"]
    assert unit.document["RR skattefin"] == PLAN_BUDGET["RR skattefin"]
    # an enhet under the nämnd gets the nämnd's goals to comment on
    _, path = generate(tmp_path / "e", prefill_for(organisation["81911"], organisation, YEAR, [budget]))
    assert listing_rows(load_workbook(path)["Mål"], "Nr")[0][2] == "Nöjda brukare"


def test_a_budgets_texts_never_become_formulas_in_the_risk_analysis(tmp_path: Path) -> None:
    org_path = write_org(tmp_path, ORG, kommun="Testkommun")
    organisation, _ = read_organisation(org_path)
    hostile = copy.deepcopy(PLAN_BUDGET)
    hostile["Väsentlighets- och riskanalys"][0] |= {"risk": "@SUM(A1:A2)", "sannolikhet": "=1+1", "konsekvens": "+3"}
    (tmp_path / "n").mkdir()
    prefill = prefill_for(organisation["8"], organisation, YEAR, [Submission("8", "budget", YEAR, hostile)])
    _, path = generate(tmp_path / "n", prefill, ansvar="8")
    risks = load_workbook(path)["Väsentlighets- och riskanalys"]
    row = header_row(risks, "Nr") + 1
    cells = [risks.cell(row, c) for c in (2, 4, 5)]
    assert [(c.value, c.data_type) for c in cells] == [("@SUM(A1:A2)", "s"), ("=1+1", "s"), ("+3", "s")]


@pytest.mark.slow
def test_excel_new_prefills_from_the_decided_budget_in_the_store_and_excel_delat_shares_it(tmp_path: Path) -> None:
    org = write_org(tmp_path, ORG, kommun="Testkommun")
    source = tmp_path / "budget" / "8.json"
    source.parent.mkdir()
    source.write_text(json.dumps(PLAN_BUDGET, ensure_ascii=False), "utf-8")
    common = ["--org", str(org), "--år", "2022", "--lager", str(tmp_path / "bokslut.db")]
    runner = CliRunner()
    assert runner.invoke(main, ["import", "budget", *common, str(source)]).exit_code == 0
    assert runner.invoke(main, ["lock", "budget", *common, "--beslut", "2021-11-23 § 67"]).exit_code == 0
    result = runner.invoke(main, ["excel", "new", *common, "--ut", str(tmp_path / "x"), "--node", "8"])
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "x" / "8 Testnämnden 2022.xlsx")
    assert listing_rows(book["Mål"], "Nr")[0][:3] == ["1", "Trygg vård", "Nöjda brukare"]
    assert listing_rows(book["Internkontroll"], "Vad kontrolleras?")[0][0] == "Att fakturor attesteras av rätt person"

    result = runner.invoke(main, ["excel", "delat", *common, "--ut", str(tmp_path / "delat")])
    assert result.exit_code == 0, result.output
    shared = json.loads((tmp_path / "delat" / "8.json").read_text("utf-8"))
    assert shared == {
        "år": 2022,
        "ägare": "8",
        "nämndmål": [{"nr": "1", "namn": "Nöjda brukare"}],
        "arbetsmiljömål": [{"namn": "Sjukfrånvaron ska minska"}],
        "kritiska_faktorer": [{"nr": "R2", "namn": "Brist på sjuksköterskor"}],
        "internkontroll": [{"vad": "Att fakturor attesteras av rätt person"}],
        "uppdrag": [{"nr": "U1", "namn": "Inför välfärdsteknik"}],
    }
    # the enhet's workbook made with that --delat file holds what is shared to it
    result = runner.invoke(main, ["excel", "new", *common, "--ut", str(tmp_path / "y"), "--node", "81911",
                                  "--delat", str(tmp_path / "delat")])  # fmt: skip
    assert result.exit_code == 0 and "Inga fel eller varningar" in result.output, result.output
    book = load_workbook(tmp_path / "y" / "81911 Hemtjänst Norr 2022.xlsx")
    assert listing_rows(book["Kritiska faktorer"], "Nr")[0][:2] == ["R2", "Brist på sjuksköterskor"]
    assert listing_rows(book["Mål"], "Nr")[0][:3] == ["1", "Trygg vård", "Nöjda brukare"]
    nothing = runner.invoke(main, ["excel", "delat", *common[:4], "--utan-lager", "--ut", str(tmp_path / "z")])
    assert nothing.exit_code == 2 and "Ingen budget för 2022" in nothing.output


# --- the command ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_excel_new_writes_a_workbook_per_node_and_prefills_from_json(tmp_path: Path) -> None:
    org = write_org(tmp_path, ORG, kommun="Testkommun")
    source = tmp_path / "budget" / "81911.json"
    source.parent.mkdir()
    source.write_text(
        json.dumps({"Uppgifter": {"ansvar": "81911", "år": YEAR}, RR8: {"Lokalhyror": {"budget": -1890}}}), "utf-8"
    )
    args = ["excel", "new", "--org", str(org), "--år", "2022", "--ut", str(tmp_path / "x"), "--json"]
    result = CliRunner().invoke(main, [*args, "--från", str(source.parent), "--datum", "2022-01-10"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.output)["skrivna"]
    assert [w["ansvar"] for w in written] == ["8", "81911"]
    book = load_workbook(tmp_path / "x" / "81911 Hemtjänst Norr 2022.xlsx")
    assert book["Uppgifter"]["B3"].value == "81911" and book["Uppgifter"]["B4"].value == "Hemtjänst Norr"
    ws = book["12 RR skattefin övriga ÅB"]
    assert ws.cell(row_of(ws, "Lokalhyror"), 2).value == -1890
    again = CliRunner().invoke(main, [*args, "--från", str(source.parent), "--datum", "2022-01-10", "--node", "81911"])
    assert again.exit_code == 0
    unknown = CliRunner().invoke(main, [*args, "--node", "99999"])
    assert unknown.exit_code == 2 and "99999" in unknown.output
