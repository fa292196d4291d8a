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
from bokslut.numbers import parse_number
from bokslut.sources.base import RawInput
from bokslut.sources.inspection import inspect_workbook
from bokslut.sources.workbook import (
    HeaderNotFound,
    Record,
    Sheet,
    load_sheets,
    locate_header,
    match_columns,
    merged_over_data,
    read_records,
)

FLAT_FIRST = ("Ansvar", "Kontogrupp")
#: The optional column naming a row's counterparty: the row is internal (empty: external).
MOTPART = "Motpart"


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
    """One RawInput per ansvar named in the sheet, holding its drift flik and, for rows with a
    `Motpart`, its internal items. A drift row is the sum of the ansvar's rows of that kontogrupp:
    the external one (Motpart empty) and one per motpart."""
    sheets, issues = load_sheets(path)
    if not sheets:
        return [], issues
    sheet = sheets[0]
    base = Source.of(path)
    amount_keys = [c.key for c in report.input_columns]
    columns = {"ansvar": "Ansvar", "kontogrupp": "Kontogrupp", "motpart": MOTPART} | {
        c.key: c.title(year) for c in report.input_columns
    }
    try:
        records = read_records(sheet, columns, required=["kontogrupp", *amount_keys])
    except HeaderNotFound as exc:
        return [], [exc.issue]
    issues = _merged(sheet, columns)
    flik = report.table_fliks["drift"]
    interna = report.fliks.interna
    by_ansvar: dict[str, RawInput] = {}
    parts: dict[str, dict[str, list[tuple[Record, dict[str, Any]]]]] = {}
    seen: dict[tuple[str, str, str], Source] = {}
    for record in records:
        ansvar = code_text(record.cells["ansvar"].value)
        group = str(record.cells["kontogrupp"].value or "").strip()
        motpart = code_text(record.cells["motpart"].value) if "motpart" in record.cells else ""
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
        key = (ansvar, row.label, loose(motpart))
        if key in seen:
            against = f" mot motpart {motpart}" if motpart else ""
            msg = (
                f"Ansvar {ansvar} har kontogruppen ”{row.label}”{against} två gånger (även {seen[key]}). "
                "Slå ihop raderna."
            )
            issues.append(error("flat.dubblett", msg, record.source, ansvar))
            continue
        seen[key] = record.source
        amounts: dict[str, Any] = {}
        for amount_key in amount_keys:
            cell = record.cells[amount_key]
            if cell.uncached:
                raw.unreadable.add((flik, row.label, amount_key))
                msg = f"Cellen har formeln {cell.formula} men inget sparat värde. Öppna och spara filen i Excel eller skriv in talet."
                issues.append(error("excel.formel_utan_varde", msg, cell.source, ansvar))
            elif not cell.empty:
                amounts[amount_key] = cell.value
        parts.setdefault(ansvar, {}).setdefault(row.label, []).append((record, amounts))
        if motpart:
            _internal_item(raw, interna, row.label, record, amounts)
    for ansvar, rows in parts.items():
        raw = by_ansvar[ansvar]
        for label, given in rows.items():
            raw.data[flik][label] = _drift_row(raw, (flik, label), given, amount_keys)
    return list(by_ansvar.values()), issues


def _internal_item(raw: RawInput, flik: str, label: str, record: Record, amounts: dict[str, Any]) -> None:
    """A row with a motpart is also an item of the ansvar's internal flik, pointing at its cells."""
    items: list[dict[str, Any]] = raw.data.setdefault(flik, [])
    at = (flik, len(items))
    raw.sources.record(at, record.source)
    raw.sources.record((*at, "kontogrupp"), record.cells["kontogrupp"].source)
    raw.sources.record((*at, "motpart"), record.cells["motpart"].source)
    for key in amounts:
        raw.sources.record((*at, key), record.cells[key].source)
    items.append({"kontogrupp": label, "motpart": code_text(record.cells["motpart"].value), **amounts})


def _drift_row(
    raw: RawInput, at: tuple[str, str], given: list[tuple[Record, dict[str, Any]]], keys: list[str]
) -> dict[str, Any]:
    """A kontogrupp's drift row: its one line as typed, or the sum of its lines (external and per
    motpart). The row's cells point at its first line that has a value; a value that is no number
    is kept as typed, so validation names it at its cell."""
    raw.sources.record(at, given[0][0].source)
    row: dict[str, Any] = {}
    for key in keys:
        lines = [(record, amounts[key]) for record, amounts in given if key in amounts]
        if not lines:
            if (*at, key) in raw.unreadable:
                raw.sources.record((*at, key), given[0][0].cells[key].source)
            continue
        raw.sources.record((*at, key), lines[0][0].cells[key].source)
        if len(lines) == 1:
            row[key] = lines[0][1]
            continue
        numbers = []
        for record, value in lines:
            try:
                numbers.append(parse_number(value))
            except ValueError:
                raw.sources.record((*at, key), record.cells[key].source)
                row[key] = value
                break
        else:
            row[key] = sum(n for n in numbers if n is not None)
    return row


def _merged(sheet: Sheet, columns: dict[str, str]) -> list[Issue]:
    """Merged cells under the header: ansvar or kontogrupp merged over rows, amounts over columns."""
    header = locate_header(sheet, columns["ansvar"])
    found, _ = match_columns(sheet, header, {k: t for k, t in columns.items() if k != "ansvar"})
    amounts = [c for k, c in found.items() if k not in ("kontogrupp", "motpart")]
    return merged_over_data(sheet, header, amounts, [1, *found.values()])
