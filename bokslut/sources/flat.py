"""Read a flat drift export: a row per ansvar and kontogrupp, the shape an ekonomisystem gives."""

from __future__ import annotations

import warnings
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from bokslut.domain import DRIFT, ReportSpec, loose
from bokslut.issues import Issue, Source, error
from bokslut.model import SourceMap, code_text
from bokslut.sources.base import RawInput
from bokslut.sources.inspection import inspect_workbook
from bokslut.sources.workbook import (
    HeaderNotFound,
    Sheet,
    load_sheets,
    locate_header,
    match_columns,
    merged_over_data,
    read_records,
)

FLAT_FIRST = ("Ansvar", "Kontogrupp")


def is_flat_export(path: Path) -> bool:
    """A workbook whose first sheet starts with the header `Ansvar | Kontogrupp`.

    Only a file that passes the inspection is opened (read-only, the first rows only); anything
    else is not a flat export, and `read_workbook` reports what is wrong with it.
    """
    data, _ = inspect_workbook(path)
    if data is None:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(BytesIO(data), read_only=True)
            try:
                sheet = book.worksheets[0]
                wanted = tuple(loose(h) for h in FLAT_FIRST)
                rows = sheet.iter_rows(min_row=1, max_row=5, max_col=2, values_only=True)
                return any(tuple(loose(str(v or "")) for v in row) == wanted for row in rows)
            finally:
                book.close()
    except Exception:  # a damaged workbook is not a flat export; read_workbook says why
        return False


def read_flat(path: Path, report: ReportSpec, year: int) -> tuple[list[RawInput], list[Issue]]:
    """One RawInput per ansvar named in the sheet, holding only its drift flik."""
    sheets, issues = load_sheets(path)
    if not sheets:
        return [], issues
    sheet = sheets[0]
    base = Source.of(path)
    columns = {"ansvar": "Ansvar", "kontogrupp": "Kontogrupp"} | {c.key: c.title(year) for c in report.input_columns}
    try:
        records = read_records(sheet, columns)
    except HeaderNotFound as exc:
        return [], [exc.issue]
    issues = _merged(sheet, columns)
    flik = report.table_fliks["drift"]
    by_ansvar: dict[str, RawInput] = {}
    for record in records:
        ansvar = code_text(record.cells["ansvar"].value)
        group = str(record.cells["kontogrupp"].value or "").strip()
        row = DRIFT.find_row(group)
        if not ansvar:
            issues.append(error("flat.ansvar", "Ansvarskod saknas på raden. Fyll i ansvar.", record.source))
            continue
        if row is None or not row.is_input:
            known = ", ".join(f"”{r.label}”" for r in DRIFT.rows if r.is_input)
            msg = f"Okänd kontogrupp ”{group}”. Använd någon av: {known}."
            issues.append(error("flat.kontogrupp", msg, record.cells["kontogrupp"].source))
            continue
        raw = by_ansvar.get(ansvar)
        if raw is None:
            raw = RawInput({"Uppgifter": {"ansvar": ansvar}, flik: {}}, SourceMap(base))
            raw.sources.record(("Uppgifter", "ansvar"), record.cells["ansvar"].source)
            raw.sources.record((flik,), sheet.source)
            by_ansvar[ansvar] = raw
        table: dict[str, Any] = raw.data[flik]
        if row.label in table:
            first = raw.sources.at((flik, row.label))
            msg = f"Ansvar {ansvar} har kontogruppen ”{row.label}” två gånger (även {first}). Slå ihop raderna."
            issues.append(error("flat.dubblett", msg, record.source, ansvar))
            continue
        raw.sources.record((flik, row.label), record.source)
        amounts: dict[str, Any] = {}
        for key in (c.key for c in report.input_columns):
            cell = record.cells[key]
            raw.sources.record((flik, row.label, key), cell.source)
            if cell.uncached:
                raw.unreadable.add((flik, row.label, key))
                msg = f"Cellen har formeln {cell.formula} men inget sparat värde. Öppna och spara filen i Excel eller skriv in talet."
                issues.append(error("excel.formel_utan_varde", msg, cell.source, ansvar))
            elif not cell.empty:
                amounts[key] = cell.value
        table[row.label] = amounts
    return list(by_ansvar.values()), issues


def _merged(sheet: Sheet, columns: dict[str, str]) -> list[Issue]:
    """Merged cells under the header: ansvar or kontogrupp merged over rows, amounts over columns."""
    header = locate_header(sheet, columns["ansvar"])
    found, _ = match_columns(sheet, header, {k: t for k, t in columns.items() if k != "ansvar"})
    amounts = [c for k, c in found.items() if k != "kontogrupp"]
    return merged_over_data(sheet, header, amounts, [1, *found.values()])
