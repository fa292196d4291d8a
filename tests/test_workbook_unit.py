"""The workbook of an avdelning or enhet: what its drop-downs offer, its Kritiska faktorer flik,
and the workbook's texts combined with the ekonomisystem's export of the figures.

As in test_workbooks, the workbook is generated, filled only in its input cells as a controller
does, and read back through the same pipeline a user runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.arsplan import read_plan
from bokslut.domain import ARSBOKSLUT, DELARSBOKSLUT, Level, signal_sets
from bokslut.pipeline import Checked, check
from bokslut.sources.organisation import read_organisation
from bokslut.workbooks import build_workbook, save_workbook, workbook_name
from tests.conftest import write_org
from tests.test_workbooks import ROOT, YEAR, header_row, type_into

ORG = (
    ("1", "Testkommun", "kommun", None),
    ("8", "Testnämnden", "nämnd", "1"),
    ("8191", "Avdelning hemtjänst", "avdelning", "8"),
    ("81911", "Hemtjänst Norr", "enhet", "8191"),
)


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
    dv, col, first = drop_down(ws, "Bedömning")
    offered = labels_of(dv)
    accepted = [s.label for s in signal_sets()[DELARSBOKSLUT.signal_set_of("uppdrag", level)].signals]
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
    dv, col, first = drop_down(ws, "Bedömning")
    year_end = [s.label for s in signal_sets()[ARSBOKSLUT.signal_set_of("uppdrag", Level.ENHET)].signals]
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
    dv, col, first = drop_down(ws, "Bedömning")
    assert label not in labels_of(dv)
    type_into(ws, first, 2, "Utred bemanningen")
    type_into(ws, first, col, label)
    book.save(path)
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    [issue] = [i for i in checked.issues if i.is_error]
    assert issue.code == "signal.okand" and f"”{label}”" in issue.message
    assert (issue.source.file, issue.source.flik, issue.source.cell) == (path.name, "Uppdrag", f"D{first}")
