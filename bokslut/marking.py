"""A controller's own workbook, marked: each problem as a comment at its cell, the cell highlighted.

The controller fixes the workbook in Excel where the problem is, rather than looking each cell up
from a list. A copy is written (never the original), whole or not at all: the problems of the file
as `validate` gives them, every one also listed on a first flik of their own, each with a link to
its cell. The workbook is inspected with the same guards as when it is read for validation, so a
file that cannot be read safely is not opened here either.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import column_index_from_string, quote_sheetname
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.atomic import write_atomically
from bokslut.issues import Issue, Severity
from bokslut.sources.inspection import inspect_workbook

#: The flik listing every problem, put first in the marked copy.
PROBLEM_FLIK = "Problem enligt bokslut"
#: Who wrote a comment: a comment of this author is replaced when a marked copy is marked again.
AUTHOR = "bokslut"
#: Excel's own "bad" and "neutral" cell styles: light red for an error, light yellow for a warning.
_FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    Severity.WARNING: PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})")
_MAX_ROWS, _MAX_COLUMNS = 1_048_576, 16_384


@dataclass(frozen=True)
class Marks:
    """What a marked copy holds: problems at a cell (commented and highlighted) and the rest
    (listed on the problem flik only)."""

    at_cells: int
    listed: int


def suffixes() -> tuple[str, ...]:
    """The workbooks that can be marked (a JSON input has no cells)."""
    return (".xlsx", ".xlsm")


def mark_workbook(source: Path, issues: Iterable[Issue], target: Path) -> Marks | None:
    """Write a copy of `source` to `target` with the file's problems marked; None when the file
    cannot be read safely (its own problem says why). `target` must not be `source`."""
    if target.resolve() == source.resolve():
        raise ValueError(f"the marked copy would overwrite {source}")
    mine = [i for i in issues if i.source.file == source.name]
    data, _problems = inspect_workbook(source)
    if data is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl drops are not the controller's problem
            book = load_workbook(BytesIO(data), keep_vba=source.suffix.lower() == ".xlsm", rich_text=False)
    except Exception:  # a part openpyxl cannot load: validation said so already
        return None
    placed = 0
    for cell, found in _by_cell(book, mine).items():
        _mark(cell, found)
        placed += 1
    _problem_flik(book, mine)

    def write(handle: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book.save(handle)

    write_atomically(target, write)
    return Marks(placed, len(mine))


def marked_name(source: Path) -> str:
    """ "81911.xlsx" → "81911-markerad.xlsx"."""
    return f"{source.stem}-markerad{source.suffix.lower()}"


def _by_cell(book: Workbook, issues: list[Issue]) -> dict[Any, list[Issue]]:
    """The cells the problems point at (the top-left cell of a range or a merge), in order."""
    found: dict[Any, list[Issue]] = {}
    for issue in issues:
        sheet = _sheet(book, issue.source.flik)
        place = _cell(sheet, issue.source.cell) if sheet is not None else None
        if place is not None:
            found.setdefault(place, []).append(issue)
    return found


def _sheet(book: Workbook, flik: str | None) -> Worksheet | None:
    if not flik or flik not in book.sheetnames:
        return None
    sheet = book[flik]
    return sheet if isinstance(sheet, Worksheet) else None


def _cell(sheet: Worksheet, ref: str | None) -> Any:
    match = _CELL.match((ref or "").upper())
    if match is None:
        return None
    column, row = column_index_from_string(match.group(1)), int(match.group(2))
    if not (1 <= row <= _MAX_ROWS and 1 <= column <= _MAX_COLUMNS):
        return None
    cell = sheet.cell(row=row, column=column)
    if isinstance(cell, MergedCell):
        for merged in sheet.merged_cells.ranges:
            if cell.coordinate in merged:
                return sheet.cell(row=merged.min_row, column=merged.min_col)
    return cell


def _mark(cell: Any, issues: list[Issue]) -> None:
    text = "\n\n".join(f"{i.severity.value.capitalize()}: {i.message}" for i in issues)
    old = cell.comment
    if old is not None and old.author != AUTHOR and old.text.strip():
        text = f"{old.text.rstrip()}\n\n{text}"
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, min(600, 60 + 18 * (len(text) // 40 + text.count("\n")))
    cell.comment = comment
    worst = Severity.ERROR if any(i.is_error for i in issues) else Severity.WARNING
    cell.fill = _FILLS[worst]


def _problem_flik(book: Workbook, issues: list[Issue]) -> None:
    """Every problem of the file on a first flik: where, what, and a link to the cell."""
    if PROBLEM_FLIK in book.sheetnames:
        del book[PROBLEM_FLIK]
    sheet = book.create_sheet(PROBLEM_FLIK, 0)
    sheet.append(["Allvarlighet", "Flik", "Cell", "Problem"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    ordered = sorted(issues, key=lambda i: (not i.is_error, i.source.flik or "", _row_of(i.source.cell)))
    for issue in ordered:
        sheet.append([issue.severity.value, issue.source.flik or "", issue.source.cell or "", issue.message])
        row = sheet.max_row
        sheet.cell(row=row, column=1).fill = _FILLS[issue.severity]
        target = _sheet(book, issue.source.flik)
        if target is not None and _cell(target, issue.source.cell) is not None:
            link = sheet.cell(row=row, column=3)
            where = f"{quote_sheetname(target.title)}!{_cell(target, issue.source.cell).coordinate}"
            link.hyperlink = Hyperlink(ref=link.coordinate, location=where, display=issue.source.cell)
            link.font = Font(color="0563C1", underline="single")
    if not issues:
        sheet.append(["", "", "", "Inga fel eller varningar."])
    sheet.column_dimensions["A"].width = 13
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 8
    sheet.column_dimensions["D"].width = 110
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False


def _row_of(cell: str | None) -> tuple[int, str]:
    match = _CELL.match((cell or "").upper())
    return (int(match.group(2)), match.group(1)) if match else (0, "")
