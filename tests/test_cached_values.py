"""A workbook is loaded once: each cell's formula as written and the value its formula showed when
the file was saved, as a controller would check them in Excel.

The cells of the handwritten sheet are those an Excel, a LibreOffice or a program that does not
calculate writes: shared and array formulas, text, boolean and error results, a date, a result
never calculated, an escaped control character. Every sheet read is also held against openpyxl's
own two loads (`data_only=True` for the values, the default for the formulas), which is what
`load_sheets` did before, so an openpyxl that changes its internals fails here.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from bokslut.sources.workbook import Sheet, _unescaped, load_sheets

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UNIT = EXAMPLES / "delarsbokslut-2022" / "excel" / "81911.xlsx"
UNCACHED = EXAMPLES / "broken" / "formel-utan-varde.xlsx"
DRIFT = "8 RR skattefin övriga delår"

#: Rows of the handwritten sheet; `{date}` is the style of a cell formatted as a date.
SHEET_DATA = """
<row r="1">
  <c r="A1"><v>1</v></c>
  <c r="B1"><f>SUM(A1:A2)</f><v>3</v></c>
  <c r="C1"><f t="shared" ref="C1:C2" si="0">A1*2</f><v>2</v></c>
  <c r="D1" t="str"><f>A1&amp;" st"</f><v>1 st</v></c>
  <c r="E1" s="{date}"><f>DATE(2022,8,31)</f><v>44804</v></c>
  <c r="F1" t="b"><f>A1&gt;0</f><v>1</v></c>
  <c r="G1" t="e"><f>A1/0</f><v>#DIV/0!</v></c>
  <c r="H1"><f t="array" ref="H1">SUM(A1:A2*2)</f><v>6</v></c>
  <c r="I1"><f>A1+1</f></c>
  <c r="J1" t="str"><f>"Plan_x0007_"</f><v>Plan_x0007_</v></c>
  <c r="K1" t="inlineStr"><is><t>=inte en formel</t></is></c>
  <c r="L1" t="inlineStr"><f>"inline"</f><is><t>inline</t></is></c>
  <c r="M1"><f>A1+1</f><v></v></c>
</row>
<row r="2">
  <c r="A2"><v>2</v></c>
  <c r="C2"><f t="shared" si="0"/><v>4</v></c>
</row>
<row r="3"><c><v>7</v></c><c><f>A3*2</f><v>14</v></c></row>
"""


def handwritten(folder: Path) -> Path:
    """A workbook whose one sheet holds SHEET_DATA; the styles come from openpyxl."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Celler"
    sheet["E1"] = 0
    sheet["E1"].number_format = "yyyy-mm-dd"
    path = folder / "celler.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    style = re.search(rb'<c r="E1" s="(\d+)"', xml)
    assert style is not None
    rows = re.sub(r">\s+<", "><", SHEET_DATA.format(date=style.group(1).decode())).strip()
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb"<sheetData>.*</sheetData>", f"<sheetData>{rows}</sheetData>".encode(), xml
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def sheets_of(path: Path) -> dict[str, Sheet]:
    sheets, issues = load_sheets(path)
    assert sheets is not None, [str(i) for i in issues]
    return {sheet.name: sheet for sheet in sheets}


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> Sheet:
    return sheets_of(handwritten(tmp_path_factory.mktemp("celler")))["Celler"]


@pytest.mark.parametrize(
    ("cell", "value", "formula"),
    [
        ("A1", 1, None),
        ("B1", 3, "=SUM(A1:A2)"),
        ("C1", 2, "=A1*2"),
        ("C2", 4, "=A2*2"),  # a shared formula, moved to its cell
        ("D1", "1 st", '=A1&" st"'),
        ("E1", datetime.datetime(2022, 8, 31), "=DATE(2022,8,31)"),
        ("F1", True, "=A1>0"),
        ("G1", "#DIV/0!", "=A1/0"),
        ("H1", 6, "=SUM(A1:A2*2)"),  # an array formula
        ("I1", None, "=A1+1"),  # no <v>: never calculated
        ("M1", None, "=A1+1"),  # <v></v>, as openpyxl writes it
        ("J1", "Plan\x07", '="Plan_x0007_"'),  # the result unescaped, the formula as written
        ("K1", "=inte en formel", None),  # text that starts with "=" is no formula
        ("L1", "inline", '="inline"'),
        ("A3", 7, None),  # cells without a reference, counted along the row
        ("B3", 14, "=A3*2"),
    ],
)
def test_a_cell_shows_its_saved_value_and_keeps_its_formula(
    cells: Sheet, cell: str, value: Any, formula: str | None
) -> None:
    column, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
    read = cells.cell(int(row), ord(column) - ord("A") + 1)
    assert (read.value, read.formula) == (value, formula)
    assert type(read.value) is type(value)
    assert read.source.cell == cell


def test_a_formula_without_a_saved_value_is_uncached_and_an_error_result_failed(cells: Sheet) -> None:
    assert cells.cell(1, 9).uncached and cells.cell(1, 13).uncached
    assert cells.cell(1, 7).failed
    assert not cells.cell(1, 2).uncached and not cells.cell(1, 2).failed


def test_a_sum_cell_of_an_example_shows_the_sum_of_its_cells() -> None:
    drift = sheets_of(UNIT)[DRIFT]
    total = drift.cell(9, 2)
    assert (total.value, total.formula) == (-63000, "=SUM(B5:B8)")
    assert total.value == sum(drift.value(r, 2) for r in range(5, 9))
    assert drift.cell(4, 4).formula == "=C4-B4" and drift.value(4, 4) == 150


def test_formulas_saved_by_a_program_that_does_not_calculate_are_uncached() -> None:
    drift = sheets_of(UNCACHED)[DRIFT]
    formulas = [drift.cell(r, c) for r, c in drift.formulas]
    assert formulas and all(cell.uncached for cell in formulas)


def openpyxl_twice(path: Path) -> dict[str, tuple[dict[tuple[int, int], Any], dict[tuple[int, int], str]]]:
    """Per sheet, the values and formulas as two loads of openpyxl give them."""
    values, formulas = load_workbook(path, data_only=True), load_workbook(path)
    read = {}
    for name in values.sheetnames:
        shown = {k: _unescaped(c.value) for k, c in values[name]._cells.items() if c.value is not None}
        written = {
            k: str(getattr(c.value, "text", c.value))
            for k, c in formulas[name]._cells.items()
            if c.data_type == "f" and str(getattr(c.value, "text", c.value)).startswith("=")
        }
        read[name] = shown, written
    return read


@pytest.mark.parametrize("name", ["unit", "uncached", "organisation", "handwritten"])
def test_one_load_reads_what_two_loads_of_openpyxl_read(tmp_path: Path, name: str) -> None:
    paths = {"unit": UNIT, "uncached": UNCACHED, "organisation": EXAMPLES / "organisation.xlsx"}
    path = paths[name] if name in paths else handwritten(tmp_path)
    expected = openpyxl_twice(path)
    read = sheets_of(path)
    assert {n: (dict(s.values), dict(s.formulas)) for n, s in read.items()} == expected
