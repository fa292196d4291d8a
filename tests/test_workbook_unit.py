"""The workbook of an avdelning or enhet: what its drop-downs offer, its Kritiska faktorer flik,
and the workbook's texts combined with the ekonomisystem's export of the figures.

As in test_workbooks, the workbook is generated, filled only in its input cells as a controller
does, and read back through the same pipeline a user runs.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.arsplan import read_plan
from bokslut.cli import main
from bokslut.domain import ARSBOKSLUT, DELARSBOKSLUT, DELARSBOKSLUT_ENHET, LISTINGS, Level, ReportSpec, signal_sets
from bokslut.offers import offers
from bokslut.prefill import Submission, prefill_for
from bokslut.shared import read_shared
from bokslut.sources.organisation import read_organisation
from bokslut.validate import Checked
from bokslut.workbook import build_workbook, save_workbook, workbook_name
from scripts.docx_text import document_text
from scripts.recalculate import recalculate
from tests import programs
from tests.conftest import check, render, write_org
from tests.test_workbooks import NBSP, ROOT, RR8, YEAR, fill_table, header_row, row_of, tkr, type_into

ORG = (
    ("1", "Testkommun", "kommun", None),
    ("8", "Testnämnden", "nämnd", "1"),
    ("8191", "Avdelning hemtjänst", "avdelning", "8"),
    ("81911", "Hemtjänst Norr", "enhet", "8191"),
)


def _set_of(report: ReportSpec, listing: str, level: Level) -> str:
    """The signal set the report takes for the listing at the level (every one here has one)."""
    key = report.signal_set_of(listing, level)
    assert key is not None, (report.key, listing, level)
    return key


def generate(tmp: Path, ansvar: str, prefill: dict[str, Any] | None = None) -> tuple[Path, Path]:
    """The organisation file and the node's generated workbook."""
    org_path = write_org(tmp, ORG, kommun="Testkommun")
    organisation, _ = read_organisation(org_path)
    node = organisation[ansvar]
    target = tmp / "in" / workbook_name(node, YEAR)
    plan, issues = read_plan(ROOT / "examples" / "arsplan-2022.toml")
    assert not issues
    save_workbook(build_workbook(node, organisation, YEAR, prefill, plan), target)
    return org_path, target


def drop_down(ws: Worksheet, column: str, first_header: str = "Nr") -> tuple[DataValidation, int, int]:
    """The list validation of a list flik's column, its column number and its first row."""
    header = header_row(ws, first_header)
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == column)
    cell = ws.cell(header + 1, col).coordinate
    [dv] = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    return dv, col, header + 1


def labels_of(dv: DataValidation) -> list[str]:
    assert dv.type == "list" and dv.formula1.startswith('"')
    return str(dv.formula1).strip('"').split(",")


def unit_errors(checked: Checked, ansvar: str) -> list[str]:
    return [str(i) for i in checked.issues if i.is_error and i.ansvar == ansvar]


# --- 1. the Uppdrag drop-down offers what validation accepts at the node's level ------------------


@pytest.mark.parametrize(("ansvar", "level"), [("81911", Level.ENHET), ("8191", Level.AVDELNING), ("8", Level.NAMND)])
def test_the_uppdrag_drop_down_is_what_validation_accepts_at_the_level(
    tmp_path: Path, ansvar: str, level: Level
) -> None:
    org, path = generate(tmp_path, ansvar)
    book = load_workbook(path)
    ws = book["Uppdrag"]
    dv, col, first = drop_down(ws, "Bedömning" if level is Level.NAMND else "Status")
    offered = labels_of(dv)
    accepted = [s.label for s in signal_sets()[_set_of(DELARSBOKSLUT, "uppdrag", level)].signals]
    assert offered == accepted
    for i, label in enumerate(offered):
        type_into(ws, first + i, 1, str(i + 1))
        type_into(ws, first + i, 2, f"Uppdrag {i + 1}")
        type_into(ws, first + i, col, label)
    book.save(path)
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    assert unit_errors(checked, ansvar) == []
    [unit] = checked.units
    assert [a.bedomning for a in unit.assignments] == offered


def test_an_enhets_uppdrag_status_at_the_arsbokslut_is_one_the_prompt_names(tmp_path: Path) -> None:
    """One flik serves both reports: the list offers the delårsbokslut's statuses, the prompt says
    which the årsbokslut takes, and the årsbokslut refuses the others at their cell."""
    org, path = generate(tmp_path, "81911")
    book = load_workbook(path)
    ws = book["Uppdrag"]
    dv, col, first = drop_down(ws, "Status")
    year_end = [s.label for s in signal_sets()[_set_of(ARSBOKSLUT, "uppdrag", Level.ENHET)].signals]
    assert year_end == ["Färdig", "Försenad"]
    assert f"Årsbokslut: {', '.join(year_end)}." in dv.prompt
    offered = labels_of(dv)
    for i, label in enumerate(offered):
        type_into(ws, first + i, 2, f"Uppdrag {i + 1}")
        type_into(ws, first + i, col, label)
    book.save(path)
    checked = check(org, [path], ARSBOKSLUT, YEAR, coverage=False)
    refused = [i for i in checked.issues if i.code == "signal.okand"]
    letter = ws.cell(first, col).column_letter
    assert sorted(i.source.cell or "" for i in refused) == sorted(
        f"{letter}{first + i}" for i, label in enumerate(offered) if label not in year_end
    )
    assert all(i.is_error and "”Färdig”, ”Försenad”" in i.message for i in refused)


@pytest.mark.parametrize(("ansvar", "label"), [("81911", "Helt uppfyllt"), ("8", "Påbörjad")])
def test_a_label_of_another_level_is_refused_at_its_cell(tmp_path: Path, ansvar: str, label: str) -> None:
    org, path = generate(tmp_path, ansvar)
    book = load_workbook(path)
    ws = book["Uppdrag"]
    dv, col, first = drop_down(ws, LISTINGS["uppdrag"].label("bedömning", Level.ENHET if ansvar == "81911" else None))
    assert label not in labels_of(dv)
    type_into(ws, first, 2, "Utred bemanningen")
    type_into(ws, first, col, label)
    book.save(path)
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    [issue] = [i for i in checked.issues if i.is_error]
    assert issue.code == "signal.okand" and f"”{label}”" in issue.message
    assert (issue.source.file, issue.source.flik, issue.source.cell) == (path.name, "Uppdrag", f"D{first}")


# --- 2. the Kritiska faktorer flik ---------------------------------------------------------------

FACTORS = "Kritiska faktorer"
SHARED: dict[str, Any] = {
    "år": YEAR,
    "ägare": "8191",
    "kritiska_faktorer": [
        {
            "nr": "K4",
            "namn": "Sjukfrånvaro",
            "nyckeltal": "Total sjukfrånvaro (%)",
            "regel": "sjukfranvaro",
            "målvärde": "8,0 %",
        },
        {"nr": "K9", "namn": "Fallolyckor", "nyckeltal": "Antal fallolyckor", "enhet": "antal"},
    ],
    "uppdrag": [{"nr": "U1", "namn": "Utred nattbemanningen", "delas_till": ["81911"]}],
}


def excel_new(tmp: Path, ansvar: str) -> tuple[Path, Path, Path]:
    """`bokslut excel new --delat` for one node: the organisation, the owners' file and the workbook."""
    org = write_org(tmp, ORG, kommun="Testkommun")
    shared = tmp / "delat" / "8191.json"
    shared.parent.mkdir(exist_ok=True)
    shared.write_text(json.dumps(SHARED, ensure_ascii=False), "utf-8")
    out = tmp / "excel"
    args = ["excel", "new", "--org", str(org), "--år", str(YEAR), "--ansvar", ansvar, "--ut", str(out)]
    result = CliRunner().invoke(main, [*args, "--delat", str(shared.parent), "--utan-lager"])
    assert result.exit_code == 0, result.output
    [path] = out.glob(f"{ansvar} *.xlsx")
    return org, shared.parent, path


def test_excel_new_writes_the_factors_shared_to_the_enhet(tmp_path: Path) -> None:
    _, _, path = excel_new(tmp_path, "81911")
    book = load_workbook(path)
    ws = book[FACTORS]
    assert ws.protection.sheet and not ws.protection.password
    dv, bedomning, first = drop_down(ws, "Bedömning (manuell)")
    header = first - 1
    assert [ws.cell(header, c).value for c in range(1, 7)] == [
        "Nr", "Kritisk verksamhetsfaktor", f"Utfall {YEAR}", f"Utfall {YEAR - 1}", "Bedömning (manuell)", "Analys",
    ]  # fmt: skip
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (first, first + 1, first + 2)]
    assert rows == [("K4", "Sjukfrånvaro"), ("K9", "Fallolyckor"), (None, None)]
    assert ws.cell(first, 1).protection.locked and ws.cell(first, 2).protection.locked  # shared: not to be edited
    for col in (3, 4, bedomning, 6):
        cell = ws.cell(first, col)
        assert not cell.protection.locked and cell.fill.fgColor.rgb.endswith("FFF2CC")
    assert ws.cell(first, 3).number_format == "@"  # "8,7 %" stays what was typed, not 0,087
    assert labels_of(dv) == [s.label for s in signal_sets()[_set_of(DELARSBOKSLUT, "faktorer", Level.ENHET)].signals]
    assert book["Uppdrag"].cell(first, 2).value == "Utred nattbemanningen"  # shared to this enhet only
    instruction = "\n".join(str(c.value) for row in book["Instruktion"].iter_rows() for c in row if c.value)
    assert FACTORS in instruction and "Lämna Bedömning tom" in instruction
    rows_of_reports = [" | ".join(str(v) for v in row if v) for row in book["Instruktion"].iter_rows(values_only=True)]
    assert any(r.startswith("Uppföljning delårsbokslut") and FACTORS in r for r in rows_of_reports)


def test_a_nämnds_workbook_has_no_factors(tmp_path: Path) -> None:
    _, _, path = excel_new(tmp_path, "8")
    book = load_workbook(path)
    assert FACTORS not in book.sheetnames
    assert "Uppföljning delårsbokslut" not in "\n".join(
        str(c.value) for row in book["Instruktion"].iter_rows() for c in row if c.value
    )


def test_the_filled_factors_are_read_by_the_unit_follow_up(tmp_path: Path) -> None:
    org, shared, path = excel_new(tmp_path, "81911")
    book = load_workbook(path)
    ws = book[FACTORS]
    _, bedomning, first = drop_down(ws, "Bedömning (manuell)")
    for col, value in ((3, "7,4 %"), (4, "8,1 %"), (6, "Sjukfrånvaron har minskat med hälsosamtal.")):
        type_into(ws, first, col, value)
    for col, value in ((3, "5"), (bedomning, "Med anmärkning"), (6, "Fem fall, fler än i fjol.")):
        type_into(ws, first + 1, col, value)
    uppdrag = book["Uppdrag"]
    type_into(uppdrag, first, 3, "Översynen pågår.")
    type_into(uppdrag, first, 4, "Påbörjad")
    book.save(path)

    checked = check(org, [path], DELARSBOKSLUT_ENHET, YEAR, coverage=False, shared=[shared])
    assert unit_errors(checked, "81911") == []
    [unit] = checked.units
    assert [(f.nr, f.faktor, f.utfall, f.utfall_fg, f.bedomning) for f in unit.factors] == [
        ("K4", "Sjukfrånvaro", "7,4 %", "8,1 %", ""),
        ("K9", "Fallolyckor", "5", "", "Med anmärkning"),
    ]
    result = render(checked, DELARSBOKSLUT_ENHET, YEAR, tmp_path / "out", only="81911", today=date(2022, 8, 23))
    [(_, document)] = result.rendered
    text = document_text(document)
    assert "Sjukfrånvaron har minskat med hälsosamtal." in text and "Fem fall, fler än i fjol." in text
    assert "7,4 %" in text and "Utan anmärkning" in text  # the rule: under the målvärde 8,0 %
    assert "Översynen pågår." in text and "Påbörjad" in text


def test_prefill_takes_what_is_shared_to_the_unit_and_keeps_known_definitions(tmp_path: Path) -> None:
    org, shared, _ = excel_new(tmp_path, "81911")
    organisation, _ = read_organisation(org)
    plan, issues = read_shared([shared], organisation, YEAR)
    assert not issues
    earlier = {  # the enhet's own delårsbokslut: its factors, with what it wrote then
        "Uppgifter": {"ansvar": "81911", "år": YEAR},
        "8 RR skattefin övriga delår": {},
        FACTORS: [{"nr": "K4", "faktor": "Sjukfrånvaro", "utfall": "8,2 %", "analys": "I augusti."}],
    }
    subs = [Submission("81911", "delarsbokslut", YEAR, earlier)]
    assert prefill_for(organisation["81911"], organisation, YEAR, subs)[FACTORS] == [
        {"nr": "K4", "faktor": "Sjukfrånvaro"}  # the definition, not the delårsbokslut's figures or words
    ]
    from_plan = prefill_for(organisation["81911"], organisation, YEAR, subs, plan)
    assert from_plan[FACTORS] == [{"nr": "K4", "faktor": "Sjukfrånvaro"}, {"nr": "K9", "faktor": "Fallolyckor"}]
    assert from_plan["Uppdrag"] == [{"nr": "U1", "uppdrag": "Utred nattbemanningen"}]
    assert "Uppdrag" not in prefill_for(organisation["8191"], organisation, YEAR, [], plan)  # shared to 81911 only


# --- 3. the workbook's texts with the ekonomisystem's export of the figures ----------------------

#: The ekonomisystem's figures for the enhet: kontogrupp → Budget, Prognos, Delårsbokslut, förra året.
EXPORT = {
    "Verksamhetens intäkter": (3150, 3310, 2210, 2001),
    "Personalkostnader": (-51030, -52770, -35110, -33020),
    "Lokalhyror": (-1890, -1890, -1260, -1222),
    "Köp av tjänster": (-1260, -1410, -930, -870),
    "Övriga kostnader": (-8820, -9130, -6010, -5700),
    "Kommunbidrag": (59850, 59850, 39900, 38100),
}
EXPORT_COLUMNS = ("budget", "prognos", "utfall", "utfall_fg")
COMMENT = "Vårdtyngden har ökat och sjukfrånvaron var hög under våren."


def write_export(folder: Path, ansvar: str = "81911") -> Path:
    """The flat export an ekonomisystem gives: a row per ansvar and kontogrupp."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(["Ansvar", "Kontogrupp", *(DELARSBOKSLUT.column(k).title(YEAR) for k in EXPORT_COLUMNS)])
    for label, amounts in EXPORT.items():
        sheet.append([ansvar, label, *amounts])
    path = folder / "drift-export.xlsx"
    book.save(path)
    return path


def texts_typed(path: Path, drift: dict[str, dict[str, int]] | None = None) -> None:
    """The controller writes the texts, and maybe some figures, and leaves the rest empty."""
    book = load_workbook(path)
    texts = book["Texter"]
    type_into(texts, row_of(texts, "Verksamhet"), 2, "Hemtjänst Norr ger stöd till 190 personer.")
    comments = book["Texter drift"]
    type_into(comments, row_of(comments, "Personalkostnader"), 2, COMMENT)
    if drift:
        fill_table(book[RR8], DELARSBOKSLUT, drift)
    book.save(path)


def test_the_exports_figures_and_the_workbooks_texts_make_one_document(tmp_path: Path) -> None:
    org, path = generate(tmp_path, "81911")
    texts_typed(path)
    export = write_export(tmp_path)
    checked = check(org, [path, export], DELARSBOKSLUT, YEAR)
    assert unit_errors(checked, "81911") == []
    [unit] = checked.units
    assert unit.files == (path.name, export.name)
    [offer] = [o for o in offers(checked) if o.ansvar == "81911"]
    assert offer.document is not None and set(offer.document) >= {"Texter", "Texter drift", RR8}
    assert offer.source_file == f"{path.name}, {export.name}"

    result = render(checked, DELARSBOKSLUT, YEAR, tmp_path / "out", only="81911", today=date(2022, 9, 13))
    [(_, document)] = result.rendered
    text = document_text(document)
    drift_rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| ")}
    for label, amounts in EXPORT.items():
        shown = [tkr(a) for a in amounts]
        row = drift_rows[label]
        assert all(f"| {s} |" in row for s in shown), (label, row)
    assert COMMENT in text and "Hemtjänst Norr ger stöd till 190 personer." in text
    # the sentence from the export's figures, then the workbook's comment
    assert f"Personalkostnaderna prognostiseras avvika negativt med 1,7{NBSP}mkr. {COMMENT}" in text


def test_a_figure_both_give_the_same_is_fine(tmp_path: Path) -> None:
    org, path = generate(tmp_path, "81911")
    texts_typed(path, {"Personalkostnader": {"budget": -51030}, "Lokalhyror": {"prognos": -1890}})
    checked = check(org, [path, write_export(tmp_path)], DELARSBOKSLUT, YEAR)
    assert unit_errors(checked, "81911") == []


def test_a_figure_they_give_differently_is_an_error_at_both_cells(tmp_path: Path) -> None:
    """A budget prefilled in the workbook (or typed) that the export contradicts."""
    org, path = generate(tmp_path, "81911", prefill={RR8: {"Personalkostnader": {"budget": -50000}}})
    texts_typed(path)
    export = write_export(tmp_path)
    checked = check(org, [path, export], DELARSBOKSLUT, YEAR)
    found = [i for i in checked.issues if i.is_error]
    assert sorted(i.code for i in found) == ["indata.olika_varden"] * 2
    ws = load_workbook(path)[RR8]
    in_book = f"{path.name} › {RR8} › B{row_of(ws, 'Personalkostnader')}"
    in_export = f"{export.name} › Export › C3"  # row 3: Personalkostnader, column C: Budget
    by_place = {str(i.source): i.message for i in found}
    assert set(by_place) == {in_book, in_export}
    assert f"-50{NBSP}000 här men -51{NBSP}030 i {in_export}" in by_place[in_book]
    assert f"-51{NBSP}030 här men -50{NBSP}000 i {in_book}" in by_place[in_export]
    assert all("”Personalkostnader”, Budget 2022" in m and "81911" in m for m in by_place.values())
    assert checked.rejected == {"81911": 2}


@pytest.mark.libreoffice
def test_a_workbook_saved_by_a_spreadsheet_program_goes_with_the_export(tmp_path: Path) -> None:
    """Recalculated, the empty drift flik's sums and deviations hold zeros: they are the
    spreadsheet's arithmetic over no rows, not figures that contradict the export."""
    programs.soffice("calc")
    org, path = generate(tmp_path, "81911")
    texts_typed(path)
    recalculate([path])
    cached = load_workbook(path, data_only=True)[RR8]
    assert cached.cell(row_of(cached, "Verksamhetens kostnader"), 2).value == 0
    checked = check(org, [path, write_export(tmp_path)], DELARSBOKSLUT, YEAR)
    assert [str(i) for i in checked.issues if i.ansvar == "81911"] == []  # no warnings either
    [unit] = checked.units
    assert unit.tables["drift"].row("kostnader")["budget"] == -51030 - 1890 - 1260 - 8820
    assert unit.drift_texts["personal"]["prognos"] == COMMENT
