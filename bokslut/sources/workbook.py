"""Reading a kommun's workbook: flikar found loosely, header rows located, cells with their source.

A cell that holds a formula is read from the value Excel or LibreOffice cached when saving. A
workbook last saved by a program that does not calculate has no cached values; such a cell is
marked `uncached`, never read as zero.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.domain import loose
from bokslut.issues import Issue, Source, error

SPREADSHEET_ERRORS = frozenset({"#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#N/A", "#NUM!", "#NULL!"})


@dataclass(frozen=True)
class Cell:
    value: Any
    source: Source
    formula: str | None = None

    @property
    def uncached(self) -> bool:
        """A formula whose result the saving program did not store."""
        return self.formula is not None and self.value is None

    @property
    def failed(self) -> bool:
        """A formula whose saved result is a spreadsheet error (#VALUE! when a number was typed as text)."""
        return self.formula is not None and isinstance(self.value, str) and self.value in SPREADSHEET_ERRORS

    @property
    def empty(self) -> bool:
        return self.formula is None and (self.value is None or str(self.value).strip() == "")


@dataclass(frozen=True)
class Sheet:
    name: str
    values: Worksheet
    formulas: Worksheet
    source: Source

    def cell(self, row: int, column: int) -> Cell:
        value = self.values.cell(row, column).value
        raw = self.formulas.cell(row, column).value
        formula = raw if isinstance(raw, str) and raw.startswith("=") else None
        if isinstance(value, str):
            value = value.strip()
        coord = f"{get_column_letter(column)}{row}"
        return Cell(value, self.source.at(cell=coord), formula)

    def row_cells(self, row: int) -> list[Cell]:
        return [self.cell(row, c) for c in range(1, self.values.max_column + 1)]


@dataclass(frozen=True)
class Book:
    path: Path
    #: expected flik name → sheet, for the expected fliks that were found
    sheets: dict[str, Sheet]
    all_names: tuple[str, ...]
    #: every sheet by its name as written, to look for a renamed flik
    every: dict[str, Sheet] = field(default_factory=dict)


def open_workbook(path: Path, expected: Iterable[str]) -> tuple[Book | None, list[Issue]]:
    """Open a workbook and find the expected flikar by loose name."""
    base = Source.of(path)
    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, OSError, KeyError, ValueError) as exc:
        msg = f"Filen går inte att läsa som en Excel-arbetsbok (.xlsx): {exc}. Spara den som .xlsx i Excel."
        return None, [error("excel.oläsbar", msg, base)]
    every = {name: Sheet(name, values[name], formulas[name], base.at(flik=name)) for name in values.sheetnames}
    by_loose = {loose(name): name for name in values.sheetnames}
    sheets: dict[str, Sheet] = {}
    for wanted in expected:
        actual = by_loose.get(loose(wanted))
        if actual is not None:
            sheets[wanted] = every[actual]
    return Book(path, sheets, tuple(values.sheetnames), every), []


@dataclass(frozen=True)
class Fingerprint:
    """What a flik looks like inside: its header row and, for a table, its row labels."""

    first: str
    headers: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()


def looks_like(sheet: Sheet, print_: Fingerprint) -> float:
    """How much a sheet looks like a flik (0–1): its header's titles against the expected ones."""
    try:
        row = locate_header(sheet, print_.first)
    except HeaderNotFound:
        return 0.0
    found = {loose(t) for texts in _header_texts(sheet, row).values() for t in texts[:1]}
    wanted = {loose(h) for h in print_.headers}
    score = len(found & wanted) / len(found | wanted) if wanted else 1.0
    if print_.labels:
        labels = {loose(str(sheet.values.cell(r, 1).value or "")) for r in range(row + 1, sheet.values.max_row + 1)}
        if not labels & {loose(x) for x in print_.labels}:
            return 0.0
    return score


def renamed_flik(book: Book, flik: str, print_: Fingerprint, known: set[str]) -> str | None:
    """The sheet that is probably `flik` under another name: same header (and rows), or a near name.

    Only sheets whose names no report reads are candidates (`known`: loose names of the year's flikar).
    """
    strangers = [s for name, s in book.every.items() if loose(name) not in known]
    by_content = max(strangers, key=lambda s: looks_like(s, print_), default=None)
    if by_content is not None and looks_like(by_content, print_) >= 0.6:
        return by_content.name
    ratio = {s.name: difflib.SequenceMatcher(None, loose(s.name), loose(flik)).ratio() for s in strangers}
    near = max(ratio, key=lambda n: ratio[n], default=None)
    return near if near is not None and ratio[near] >= 0.75 else None


def renamed_issue(book: Book, flik: str, actual: str, *, required: bool) -> Issue:
    msg = (
        f"Fliken ”{flik}” saknas, men fliken ”{actual}” ser ut att vara den. Byt tillbaka namnet till ”{flik}”: "
        "bokslut läser flikarna på namn."
    )
    if not required:
        msg += " Annars läses den inte och avsnittet blir tomt."
    return error("excel.flik_omdopt", msg, Source.of(book.path).at(flik=actual))


def missing_flik(book: Book, flik: str) -> Issue:
    names = ", ".join(f"”{n}”" for n in book.all_names)
    msg = f"Fliken ”{flik}” saknas. Arbetsboken har: {names}. Lägg till fliken eller byt namn på den till ”{flik}”."
    return error("excel.flik_saknas", msg, Source.of(book.path))


class HeaderNotFound(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass(frozen=True)
class Record:
    row: int
    label: Cell
    cells: dict[str, Cell]

    @property
    def source(self) -> Source:
        return self.label.source.at(cell=f"A{self.row}")

    @property
    def blank(self) -> bool:
        return self.label.empty and all(c.empty for c in self.cells.values())


_DIGITS = re.compile(r"\d+")


def locate_header(sheet: Sheet, first: str, *, max_rows: int = 20) -> int:
    """The row whose column A reads `first` (loosely), searched among the first rows."""
    for row in range(1, min(sheet.values.max_row, max_rows) + 1):
        value = sheet.values.cell(row, 1).value
        if value is not None and loose(str(value)) == loose(first):
            return row
    msg = (
        f"Hittar ingen rubrikrad som börjar med ”{first}” i kolumn A bland de {max_rows} "
        "första raderna. Behåll mallens rubrikrad."
    )
    raise HeaderNotFound(error("excel.rubrik_saknas", msg, sheet.source))


def last_header_row(sheet: Sheet, header_row: int) -> int:
    """The header's last row: a first header cell merged over several rows makes a taller header."""
    for merged in sheet.values.merged_cells.ranges:
        if merged.min_col == 1 and merged.min_row == header_row:
            return int(merged.max_row)
    return header_row


def _header_texts(sheet: Sheet, header_row: int) -> dict[int, list[str]]:
    """Per column, the texts its header could be: each row of a tall header, and the rows joined.

    A controller who merges header cells, or puts a group title ("Prognos") above the titles,
    still has every column found; the title may also be split over two rows ("Avv. prognos/",
    "budget 2022").
    """
    rows = range(header_row, last_header_row(sheet, header_row) + 1)
    texts: dict[int, list[str]] = {}
    for c in range(2, sheet.values.max_column + 1):
        parts = [str(v) for r in rows if (v := sheet.values.cell(r, c).value) is not None and str(v).strip()]
        texts[c] = [*parts, " ".join(parts)] if len(parts) > 1 else parts
    return texts


def match_columns(
    sheet: Sheet, header_row: int, wanted: dict[str, str], *, required: Iterable[str] = ()
) -> tuple[dict[str, int], list[Issue]]:
    """Map column keys to column numbers by their header text.

    Exact (loose) matches first; then a header that differs only in its year, which is reported:
    a workbook from last year is a common mistake and must not be read as this year's.
    """
    texts = _header_texts(sheet, header_row)
    headers = {c: (t[-1] if t else "") for c, t in texts.items()}
    found: dict[str, int] = {}
    issues: list[Issue] = []
    free = dict(headers)
    for key, title in wanted.items():
        column = next((c for c in free if any(loose(h) == loose(title) for h in texts[c])), None)
        if column is not None:
            found[key] = column
            del free[column]
    for key, title in wanted.items():
        if key in found:
            continue
        stripped = loose(_DIGITS.sub("", title))
        column = next((c for c in free if any(loose(_DIGITS.sub("", h)) == stripped for h in texts[c])), None)
        if column is not None and key in required:
            cell = sheet.cell(header_row, column)
            msg = (
                f"Kolumnen heter ”{headers[column]}” men ”{title}” väntas. Kontrollera att "
                "arbetsboken gäller rätt år och rätt rapport."
            )
            issues.append(error("excel.fel_ar", msg, cell.source))
            del free[column]
        elif key in required:
            msg = f"Kolumnen ”{title}” saknas i rubrikraden (rad {header_row}). Behåll mallens kolumner."
            issues.append(error("excel.kolumn_saknas", msg, sheet.source.at(cell=f"A{header_row}")))
    return found, issues


def read_records(sheet: Sheet, columns: dict[str, str], *, required: Iterable[str] | None = None) -> list[Record]:
    """Rows under the header row whose column A holds `columns`' first title.

    Raises HeaderNotFound when there is no header row; a missing required column is raised the
    same way, since nothing of the flik can be read reliably without it.
    """
    first_key, first_title = next(iter(columns.items()))
    header = locate_header(sheet, first_title)
    rest = {k: t for k, t in columns.items() if k != first_key}
    found, issues = match_columns(sheet, header, rest, required=rest if required is None else required)
    if issues:
        raise HeaderNotFound(issues[0])
    records = []
    for row in range(last_header_row(sheet, header) + 1, sheet.values.max_row + 1):
        label = sheet.cell(row, 1)
        cells = {first_key: label} | {k: sheet.cell(row, c) for k, c in found.items()}
        record = Record(row, label, cells)
        if not record.blank:
            records.append(record)
    return records
