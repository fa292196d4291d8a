"""Reading a kommun's workbook: flikar found loosely, header rows located, cells with their source.

A cell that holds a formula is read from the value Excel or LibreOffice cached when saving. A
workbook last saved by a program that does not calculate has no cached values; such a cell is
marked `uncached`, never read as zero.

A workbook is loaded once, with its formulas; the values cached for the formula cells are read from
the sheets' XML by openpyxl's own cell parser, so they are what `data_only=True` would give.
"""

from __future__ import annotations

import bisect
import difflib
import math
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import iterparse

from bokslut.domain import loose
from bokslut.issues import Issue, Source, error
from bokslut.sources.inspection import inspect_workbook, listed_sheets

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


Coord = tuple[int, int]


@dataclass(frozen=True)
class Merge:
    """A range of merged cells; openpyxl keeps only its top-left value."""

    ref: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def touches(self, columns: Iterable[int]) -> bool:
        return any(self.min_col <= c <= self.max_col for c in columns)


@dataclass(frozen=True)
class Sheet:
    """One flik as the cells that hold something, so reading follows the used range.

    A value typed at row 1 048 576 is one entry here, not a million rows to walk: the readers
    iterate `rows_after` (rows with content), never up to the worksheet's max_row.
    """

    name: str
    source: Source
    #: (row, column) → the value shown (a formula's cached result), for cells that hold one
    values: Mapping[Coord, Any]
    #: (row, column) → formula text, for cells that hold a formula
    formulas: Mapping[Coord, str]
    merges: tuple[Merge, ...] = ()
    #: the rows with content, ascending
    rows: tuple[int, ...] = ()
    #: row → the columns that hold a value in it, ascending
    columns: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, loaded: Any, cached: Mapping[Coord, Any], source: Source) -> Sheet:
        """The sparse view of a worksheet loaded with its formulas; `cached` holds what its formula
        cells show (see `_cached`).

        A chart sheet (a flik holding only a diagram) has no cells: it is an empty sheet here.
        """
        if not isinstance(loaded, Worksheet):
            return cls(name, source, {}, {})
        shown: dict[Coord, Any] = {}
        written: dict[Coord, str] = {}
        for coord, c in _cells(loaded):
            if c.data_type == "f":
                value = cached.get(coord)
                if (text := _formula(c)) is not None:
                    written[coord] = text
            else:
                value = c.value
            if value is not None:
                shown[coord] = _unescaped(value)
        merges = tuple(
            Merge(str(m.coord), int(m.min_row), int(m.min_col), int(m.max_row), int(m.max_col))
            for m in loaded.merged_cells.ranges
        )
        rows = tuple(sorted({r for r, _ in shown} | {r for r, _ in written}))
        columns: dict[int, list[int]] = {}
        for r, c in sorted(shown):
            columns.setdefault(r, []).append(c)
        by_row = {r: tuple(cs) for r, cs in columns.items()}
        return cls(name, source, shown, written, merges, rows, by_row)

    def value(self, row: int, column: int) -> Any:
        return self.values.get((row, column))

    def cell(self, row: int, column: int) -> Cell:
        value = self.values.get((row, column))
        formula = self.formulas.get((row, column))
        if isinstance(value, str):
            value = value.strip()
        coord = f"{get_column_letter(column)}{row}"
        return Cell(value, self.source.at(cell=coord), formula)

    def rows_after(self, row: int, *, until: int | None = None) -> tuple[int, ...]:
        """The rows with content below `row` (up to and including `until`)."""
        start = bisect.bisect_right(self.rows, row)
        end = len(self.rows) if until is None else bisect.bisect_right(self.rows, until)
        return self.rows[start:end]

    def columns_in(self, rows: Iterable[int]) -> list[int]:
        """The columns that hold a value in any of `rows`, ascending."""
        return sorted({c for r in rows for c in self.columns.get(r, ())})


def _cells(sheet: Worksheet) -> Iterable[tuple[Coord, Any]]:
    """The cells the file holds. Worksheet.iter_rows and .cell create a cell for every position up
    to max_row/max_column, so a value at XFD1048576 would make billions; `_cells` is openpyxl's own
    sparse store (MergedCell objects in it have no value)."""
    cells: dict[Coord, Any] = sheet._cells
    return cells.items()


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescaped(value: Any) -> Any:
    """Text as Excel meant it: a character XML cannot hold is stored as `_x0007_` (and a literal
    `_x` as `_x005F_x`), which openpyxl leaves as it is. Decoded, a control character reaches the
    check that reports it at its cell, instead of the document showing `_x0007_`."""
    if isinstance(value, str) and "_x" in value:
        return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _formula(cell: Any) -> str | None:
    """The cell's formula; a text cell that starts with "=" (written as text) is not one."""
    if getattr(cell, "data_type", None) != "f":
        return None
    raw = cell.value
    if isinstance(raw, str):
        return raw if raw.startswith("=") else None
    text = getattr(raw, "text", None)  # an array formula (ArrayFormula)
    return text if isinstance(text, str) and text.startswith("=") else None


@dataclass(frozen=True)
class Book:
    path: Path
    #: expected flik name → sheet, for the expected fliks that were found
    sheets: dict[str, Sheet]
    all_names: tuple[str, ...]
    #: every sheet by its name as written, to look for a renamed flik
    every: dict[str, Sheet] = field(default_factory=dict)


def load_sheets(path: Path) -> tuple[list[Sheet] | None, list[Issue]]:
    """Every sheet of a workbook, or None and why not: inspected first, loaded only when safe."""
    data, issues = inspect_workbook(path)
    if data is None:
        return None, issues
    base = Source.of(path)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about extensions it drops (data validation, slicers): not the user's problem
            warnings.simplefilter("ignore")
            loaded = _load(data)
        return [Sheet.of(name, sheet, cached, base.at(flik=name)) for name, sheet, cached in loaded], issues
    except Exception:  # openpyxl raises KeyError, TypeError, IndexError, XML errors… for a damaged part
        bad = _not_numbers(data, base)
        if bad:
            return None, issues + bad
        msg = (
            "Arbetsboken kan inte läsas: en del av filen är skadad eller i ett format som bokslut inte "
            "känner igen. Öppna den i Excel, spara den som Excel-arbetsbok (.xlsx) och lämna in den igen."
        )
        return None, [*issues, error("excel.oläsbar", msg, base)]


def _load(data: bytes) -> list[tuple[str, Any, Mapping[Coord, Any]]]:
    """Every sheet (name, openpyxl's sheet with its formulas, the values cached for its formula cells).

    `ExcelReader.read` is what `load_workbook(data_only=False)` does; the reader is kept for its shared
    strings and for the part each sheet was read from, in the order the sheets were added.
    """
    reader = ExcelReader(BytesIO(data))
    reader.read()
    book = reader.wb
    parts = [rel.target for _, rel in reader.parser.find_sheets() if rel.target in reader.valid_files]
    loaded: list[tuple[str, Any, Mapping[Coord, Any]]] = []
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name, part in zip(book.sheetnames, parts, strict=True):
            sheet = book[name]
            cached: Mapping[Coord, Any] = {}
            if isinstance(sheet, Worksheet):
                xml = archive.read(part)
                # the XML's word first: a formula under a merge is gone from `sheet`, but its value was
                # still parsed (and a NaN in it failed) when the values were loaded on their own
                if _FORMULA.search(xml) or any(c.data_type == "f" for _, c in _cells(sheet)):
                    cached = _cached(xml, book, reader.shared_strings)
            loaded.append((str(name), sheet, cached))
    return loaded


#: A formula element (`<f>`, `<f t="shared" …/>`, `<x:f>`) in UTF-8 XML; a sheet without one has
#: no cached results.
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _cached(xml: bytes, book: Any, shared_strings: list[Any]) -> dict[Coord, Any]:
    """(row, column) → the value each cell of a sheet's XML has when loaded with `data_only=True`.

    openpyxl's own cell parser reads every row (numbers, dates by their number format, booleans,
    errors, shared and inline strings, a NaN that fails as it fails there), with the XML parser
    openpyxl uses; only the Cell objects and the rest of the sheet are not made a second time.
    """
    parser = WorkSheetParser(None, shared_strings, True, book.epoch, book._date_formats, book._timedelta_formats)
    values: dict[Coord, Any] = {}
    for _, element in iterparse(BytesIO(xml)):
        if element.tag == ROW_TAG:
            _, cells = parser.parse_row(element)
            values.update(((c["row"], c["column"]), c["value"]) for c in cells)
            element.clear()
    return values


_NUMBER_CELL = re.compile(rb"<c\b([^>]*)>(?:<f\b[^>]*/>|<f\b[^>]*>.*?</f>)?<v>([^<]*)</v>", re.S)
_ATTRIBUTE = re.compile(rb'\b(r|t)="([^"]*)"')


def _not_numbers(data: bytes, base: Source) -> list[Issue]:
    """Number cells whose stored value is no number (NaN, INF: no spreadsheet program writes them,
    and openpyxl refuses the whole workbook for one), each at its flik and cell."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            present = set(archive.namelist())
            issues = []
            for flik, part in listed_sheets(archive):
                if part not in present:
                    continue
                for match in _NUMBER_CELL.finditer(archive.read(part)):
                    attributes = dict(_ATTRIBUTE.findall(match.group(1)))
                    value = match.group(2).decode("utf-8", "replace")
                    if attributes.get(b"t", b"n") == b"n" and not _finite(value):
                        cell = attributes.get(b"r", b"").decode()
                        msg = f"Cellen har värdet ”{value[:20]}”, som inte är ett tal. Skriv ett belopp i cellen."
                        issues.append(error("excel.inget_tal", msg, base.at(flik=flik, cell=cell)))
            return issues
    except (zipfile.BadZipFile, KeyError, OSError):
        return []


def _finite(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def open_workbook(path: Path, expected: Iterable[str]) -> tuple[Book | None, list[Issue]]:
    """Open a workbook and find the expected flikar by loose name."""
    loaded, issues = load_sheets(path)
    if loaded is None:
        return None, issues
    every = {sheet.name: sheet for sheet in loaded}
    by_loose: dict[str, list[str]] = {}
    for name in every:
        by_loose.setdefault(loose(name), []).append(name)
    sheets: dict[str, Sheet] = {}
    for wanted in expected:
        actual = by_loose.get(loose(wanted), [])
        if len(actual) > 1:
            issues.append(_twin_fliks(path, wanted, actual))
        if actual:
            sheets[wanted] = every[actual[0]]
    return Book(path, sheets, tuple(every), every), issues


def _twin_fliks(path: Path, wanted: str, names: list[str]) -> Issue:
    """Two sheets that both match a flik: reading either one could silently drop the other's figures."""
    shown = ", ".join(f"”{n}”" for n in names[:-1]) + f" och ”{names[-1]}”"
    if len(names) == 2:
        msg = f"Arbetsboken har två flikar som båda kan vara ”{wanted}”: {shown}. Ta bort eller byt namn på den ena."
    else:
        msg = (
            f"Arbetsboken har {len(names)} flikar som alla kan vara ”{wanted}”: {shown}. Behåll en av dem och "
            "ta bort eller byt namn på de andra."
        )
    return error("excel.flik_dubblett", msg, Source.of(path).at(flik=names[-1]))


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
        labels = {loose(str(sheet.value(r, 1) or "")) for r in sheet.rows_after(row)}
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


def missing_flik(book: Book, flik: str, why: str = "") -> Issue:
    """A required flik the workbook lacks; `why` says whose flik it is ("VA-nätet (551) redovisar …")."""
    names = ", ".join(f"”{n}”" for n in book.all_names)
    why = f" {why}" if why else ""
    msg = (
        f"Fliken ”{flik}” saknas.{why} Arbetsboken har: {names}. Lägg till fliken eller byt namn på den till ”{flik}”."
    )
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
    for row in sheet.rows_after(0, until=max_rows):
        value = sheet.value(row, 1)
        if value is not None and loose(str(value)) == loose(first):
            return row
    msg = (
        f"Hittar ingen rubrikrad som börjar med ”{first}” i kolumn A bland de {max_rows} "
        "första raderna. Behåll mallens rubrikrad."
    )
    raise HeaderNotFound(error("excel.rubrik_saknas", msg, sheet.source))


def last_header_row(sheet: Sheet, header_row: int) -> int:
    """The header's last row: a first header cell merged over several rows makes a taller header."""
    for merged in sheet.merges:
        if merged.min_col == 1 and merged.min_row == header_row:
            return merged.max_row
    return header_row


def _header_texts(sheet: Sheet, header_row: int) -> dict[int, list[str]]:
    """Per column, the texts its header could be: each row of a tall header, and the rows joined.

    A controller who merges header cells, or puts a group title ("Prognos") above the titles,
    still has every column found; the title may also be split over two rows ("Avv. prognos/",
    "budget 2022").
    """
    rows = range(header_row, last_header_row(sheet, header_row) + 1)
    texts: dict[int, list[str]] = {}
    for c in (c for c in sheet.columns_in(rows) if c >= 2):
        parts = [str(v) for r in rows if (v := sheet.value(r, c)) is not None and str(v).strip()]
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
        columns = [c for c in free if any(loose(h) == loose(title) for h in texts[c])]
        if columns:
            found[key] = columns[0]
            del free[columns[0]]
        if len(columns) > 1:
            cells = " och ".join(f"{get_column_letter(c)}{header_row}" for c in columns[:2])
            msg = (
                f"Kolumnen ”{title}” finns två gånger ({cells}); bara en kan läsas. Ta bort eller byt namn på den ena."
            )
            issues.append(error("excel.dubbel_kolumn", msg, sheet.cell(header_row, columns[1]).source))
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
    for row in sheet.rows_after(last_header_row(sheet, header)):
        label = sheet.cell(row, 1)
        cells = {first_key: label} | {k: sheet.cell(row, c) for k, c in found.items()}
        record = Record(row, label, cells)
        if not record.blank:
            records.append(record)
    return records


def merged_over_data(
    sheet: Sheet, header_row: int, amount_columns: Iterable[int], other_columns: Iterable[int] = ()
) -> list[Issue]:
    """Merges that cover input cells under a table's header, and so hide values: one error each.

    openpyxl keeps only a merge's top-left value and drops whatever the file holds under the rest
    of it (Worksheet._clean_merge_range replaces those cells while loading), so a hidden value
    cannot be shown here; the merge is reported wherever it covers such a cell, value or not.
    Merges in the header (a title over two rows, a group title) and outside the columns are fine.
    """
    first_data_row = last_header_row(sheet, header_row) + 1
    amounts, others = tuple(amount_columns), tuple(other_columns)
    issues = []
    for merge in sheet.merges:
        if merge.max_row < first_data_row:
            continue
        if merge.touches(amounts):
            where = "beloppskolumner" if merge.min_col != merge.max_col else "flera rader med belopp"
            msg = (
                f"Cellerna {merge.ref} är sammanfogade över {where}. Dela upp dem (Start › Sammanfoga och "
                "centrera) och skriv ett belopp per cell."
            )
        elif merge.touches(others):
            msg = (
                f"Cellerna {merge.ref} är sammanfogade i tabellen. Dela upp dem (Start › Sammanfoga och "
                "centrera) och fyll i varje rad för sig."
            )
        else:
            continue
        issues.append(error("excel.sammanfogade", msg, sheet.source.at(cell=merge.ref)))
    return issues
