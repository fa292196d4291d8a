"""Reading everything back: each workbook reads as its JSON, the formulas add up, the flat export
holds the drift, and the broken examples are all there. A second reader of this writer's own,
independent of bokslut's."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from .broken import BrokenCase
from .drift import Amounts, with_sums
from .format import (
    AMOUNT_KEYS,
    COST_ROWS,
    DELAR,
    DRIFT_INPUT,
    DRIFT_ROWS,
    DRIFT_TEXT_LISTING,
    EIRA,
    FLIK_INTERNA,
    FLIK_MAL,
    FLIK_NYCKELTAL,
    FLIK_TEXTER,
    FLIK_TEXTER_DRIFT,
    FLIK_UPPGIFTER,
    FORECAST_POINTS,
    INKOMSTER,
    INTAKTER,
    LISTINGS,
    MAL_COLUMNS,
    NYCKELTAL_COLUMNS,
    PLACEHOLDER,
    RESULTAT,
    TEXT_LISTING,
    TOTALA_INKOMSTER,
    TOTALA_UTGIFTER,
    VARAV_EXPLOATERING,
    Layout,
    drift_row,
    internal_columns,
    layout_for,
    stat_columns,
)
from .organisation import kommun_nodes
from .settings import BROKEN_DIR, EXAMPLES, RUN_DIR
from .workbook import operands

_REF = re.compile(r"(?:'([^']+)'!)?\$?([A-Z]+)\$?(\d+)")
_SUM = re.compile(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)")


def evaluate(ws: Worksheet, coord: str, seen: frozenset[str] = frozenset()) -> int:
    """The value of a cell, evaluating this script's own formulas (SUM ranges, + and −, references
    to a cell on the same or another flik)."""
    key = f"{ws.title}!{coord}"
    if key in seen:
        raise ValueError(f"circular reference at {key}")
    value = ws[coord].value
    if value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value)
    if not (isinstance(value, str) and value.startswith("=")):
        raise ValueError(f"{ws.title}!{coord}: not a number: {value!r}")
    expr = value[1:]
    inner = seen | {key}

    def sum_range(m: re.Match[str]) -> str:
        col, first, last = m.group(1), int(m.group(2)), int(m.group(4))
        return str(sum(evaluate(ws, f"{col}{r}", inner) for r in range(first, last + 1)))

    def ref(m: re.Match[str]) -> str:
        sheet = ws.parent[m.group(1)] if m.group(1) else ws
        return f"({evaluate(sheet, m.group(2) + m.group(3), inner)})"

    expr = _SUM.sub(sum_range, expr)
    expr = _REF.sub(ref, expr)
    if not re.fullmatch(r"[\d+\-() ]+", expr):
        raise ValueError(f"{ws.title}!{coord}: unexpected formula {value!r}")
    return int(eval(expr))  # digits, parentheses, + and − only (checked above)


def read_amounts(ws: Worksheet, row: int, lay: Layout, *, optional: bool = False) -> Amounts:
    """The input columns of a row; with `optional`, empty cells are left out (a project whose
    last-year figure is given per category)."""
    out = {}
    for key in lay.keys:
        value = ws[f"{lay.col[key]}{row}"].value
        if value is None and optional:
            continue
        if not isinstance(value, int):
            raise ValueError(f"{ws.title}!{lay.col[key]}{row}: expected an integer, got {value!r}")
        out[key] = value
    return out


def read_groups(ws: Worksheet, lay: Layout, groups: tuple[str, ...], stop: str, part: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    current: str | None = None
    for row in range(4, ws.max_row + 1):
        label = ws.cell(row, 1).value
        if label in groups:
            current = label
            out[label] = {"projekt": []}
            typed = {k: v for k in lay.keys if isinstance(v := ws[f"{lay.col[k]}{row}"].value, int)}
            if typed:
                out[label]["summa"] = typed
        elif label == part:
            out[label] = read_amounts(ws, row, lay)
        elif label == stop:
            break
        elif label == PLACEHOLDER or label is None:
            continue
        else:
            assert current is not None, f"{ws.title}: project before the first category"
            out[current]["projekt"].append({"namn": label, **read_amounts(ws, row, lay, optional=True)})
    return out


def read_listing(ws: Worksheet, columns: dict[str, str]) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    assert header == list(columns.values()), f"{ws.title}: header {header}"
    records = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        if all(v is None for v in values):
            continue
        records.append(dict(zip(columns, values, strict=True)))
    return records


def read_forecasts(ws: Worksheet) -> dict[str, Any]:
    assert [c.value for c in ws[3]] == ["Avstämningstillfälle", "Prognos", "Avvikelse från bokslut"]
    out = {}
    for row in range(4, ws.max_row + 1):
        label = ws.cell(row, 1).value
        if label in FORECAST_POINTS:
            out[label] = {"prognos": ws[f"B{row}"].value}
    return out


def read_back(path: Path, lay: Layout = DELAR) -> dict[str, Any]:
    """Read one of this script's workbooks back into the JSON form."""
    wb = load_workbook(path)
    u = {row[0]: row[1] for row in wb[FLIK_UPPGIFTER].iter_rows(values_only=True)}
    drift_ws = wb[lay.drift_flik]
    assert tuple(c.value for c in drift_ws[3]) == lay.header, (path, [c.value for c in drift_ws[3]])
    drift = {}
    for row in range(4, drift_ws.max_row + 1):
        label = drift_ws.cell(row, 1).value
        if label in DRIFT_INPUT:
            drift[label] = read_amounts(drift_ws, row, lay)
    texts = {r["avsnitt"]: r["text"] for r in read_listing(wb[FLIK_TEXTER], TEXT_LISTING) if r["text"]}
    drift_texts = {}
    for r in read_listing(wb[FLIK_TEXTER_DRIFT], DRIFT_TEXT_LISTING):
        filled = {k: v for k, v in r.items() if k != "kontogrupp" and v}
        if filled:
            drift_texts[r["kontogrupp"]] = filled
    out: dict[str, Any] = {
        FLIK_UPPGIFTER: {"ansvar": u["Ansvar"], "namn": u["Namn"], "år": u["År"]},
        lay.drift_flik: drift,
    }
    if lay.inv_flik:
        out[lay.inv_flik] = read_groups(wb[lay.inv_flik], lay, EIRA, TOTALA_UTGIFTER, None)
    if lay.forutb_flik:
        out[lay.forutb_flik] = read_groups(wb[lay.forutb_flik], lay, (INKOMSTER,), TOTALA_INKOMSTER, VARAV_EXPLOATERING)
    if lay.forecast_flik:
        out[lay.forecast_flik] = read_forecasts(wb[lay.forecast_flik])
    out[FLIK_TEXTER] = texts
    out[FLIK_TEXTER_DRIFT] = drift_texts
    expected_sheets = [FLIK_UPPGIFTER, lay.drift_flik, lay.inv_flik, lay.forutb_flik, lay.forecast_flik]
    expected_sheets += [FLIK_TEXTER, FLIK_TEXTER_DRIFT]
    if FLIK_INTERNA in wb.sheetnames:
        out[FLIK_INTERNA] = read_listing(wb[FLIK_INTERNA], internal_columns(lay))
        expected_sheets.append(FLIK_INTERNA)
    if not lay.full:
        assert wb.sheetnames == [s for s in expected_sheets if s], (path, wb.sheetnames)
        return out
    goals = read_listing(wb[FLIK_MAL], MAL_COLUMNS)
    for goal in goals:
        goal["nyckeltal"] = []
    by_nr = {g["nr"]: g for g in goals}
    for k in read_listing(wb[FLIK_NYCKELTAL], NYCKELTAL_COLUMNS):
        by_nr[k.pop("mål_nr")]["nyckeltal"].append(k)
    out[FLIK_MAL] = goals
    for flik, (columns, _widths) in LISTINGS.items():
        out[flik] = read_listing(wb[flik], columns)
    for flik in lay.stat_fliks:
        out[flik] = {r["rad"]: {"fg": r["fg"], "år": r["år"]} for r in read_listing(wb[flik], stat_columns(flik))}
    expected_sheets += [FLIK_MAL, FLIK_NYCKELTAL, *LISTINGS]
    assert wb.sheetnames == [s for s in expected_sheets if s] + list(lay.stat_fliks), (path, wb.sheetnames)
    return out


def check_formulas(path: Path, data: dict[str, Any], lay: Layout = DELAR) -> None:
    """The workbook's sum rows and Avv./Diff. columns evaluate to what the JSON implies."""
    wb = load_workbook(path)
    ws = wb[lay.drift_flik]
    expected = with_sums({row: data[lay.drift_flik][row] for row in DRIFT_INPUT}, lay.keys)
    for row in DRIFT_ROWS:
        r = drift_row(row)
        for key in lay.keys:
            assert evaluate(ws, f"{lay.col[key]}{r}") == expected[row][key], (path, row, key)
        for letter, a, b, _deviation in lay.computed:
            assert evaluate(ws, f"{letter}{r}") == expected[row][a] - expected[row][b], (path, row, letter)

    def group_total(content: dict[str, Any], key: str) -> int:
        summa = content.get("summa") or {}
        return summa[key] if key in summa else sum(p.get(key, 0) for p in content["projekt"])

    for flik, total_label, groups, turned in (
        (lay.inv_flik, TOTALA_UTGIFTER, EIRA, True),
        (lay.forutb_flik, TOTALA_INKOMSTER, (INKOMSTER,), False),
    ):
        if flik is None:
            continue
        ws = wb[flik]
        total_row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == total_label)
        totals = {k: sum(group_total(data[flik][g], k) for g in groups) for k in lay.keys}
        for key in lay.keys:
            assert evaluate(ws, f"{lay.col[key]}{total_row}") == totals[key], (path, flik, key)
        for letter, a, b, deviation in lay.computed:
            first, second = operands(a, b, deviation, turned)
            assert evaluate(ws, f"{letter}{total_row}") == totals[first] - totals[second], (path, flik, letter)
    if lay.forecast_flik:
        ws = wb[lay.forecast_flik]
        outcome = expected[RESULTAT]["utfall"]
        assert evaluate(ws, f"B{4 + len(FORECAST_POINTS)}") == outcome, path
        for i, label in enumerate(FORECAST_POINTS):
            assert evaluate(ws, f"C{4 + i}") == outcome - data[lay.forecast_flik][label]["prognos"], (path, label)


def check_run(lay: Layout) -> None:
    """Every node's workbook of one report reads back as its JSON, and its formulas add up (each
    on its flik set's flikar)."""
    for node in kommun_nodes():
        own = layout_for(lay, node.flikar)
        xlsx = lay.dir / "excel" / f"{node.ansvar}.xlsx"
        from_json = json.loads((lay.dir / "json" / f"{node.ansvar}.json").read_text("utf-8"))
        from_excel = read_back(xlsx, own)
        if from_excel != from_json:
            for key in from_json:
                if from_json[key] != from_excel.get(key):
                    print(
                        f"MISMATCH {lay.folder} {node.ansvar} {key}:\n  json:  {from_json[key]}\n  excel: {from_excel.get(key)}"
                    )
            raise SystemExit(1)
        check_formulas(xlsx, from_json, own)
        # Signs: costs ≤ 0, intäkter ≥ 0.
        for row in COST_ROWS:
            assert all(v <= 0 for v in from_json[own.drift_flik][row].values()), (lay.folder, node.ansvar, row)
        assert all(v >= 0 for v in from_json[own.drift_flik][INTAKTER].values()), (lay.folder, node.ansvar)
    assert sorted(p.name for p in (lay.dir / "excel").iterdir()) == sorted(
        f"{n.ansvar}.xlsx" for n in kommun_nodes()
    ), lay.folder


def check_all(drift: dict[str, dict[str, Amounts]], cases: list[BrokenCase], others: Sequence[str] = ()) -> None:
    """`others`: the other broken files (the budget's), besides the follow-up's `cases`."""
    org = json.loads((EXAMPLES / "organisation.json").read_text("utf-8"))
    rows = list(load_workbook(EXAMPLES / "organisation.xlsx")["Organisation"].iter_rows(values_only=True))
    assert list(rows[0]) == ["Ansvar", "Namn", "Nivå", "Överordnad", "Flikar"]
    assert [list(r) for r in rows[1:]] == [
        [n["ansvar"], n["namn"], n["nivå"], n["överordnad"], n.get("flikar")] for n in org["noder"]
    ]

    check_run(DELAR)

    export = load_workbook(RUN_DIR / "ekonomisystem" / "drift-export.xlsx")["Export"]
    seen = set()
    for ansvar, kontogrupp, *values in export.iter_rows(min_row=2, values_only=True):
        assert dict(zip(AMOUNT_KEYS, values, strict=True)) == drift[ansvar][kontogrupp], (ansvar, kontogrupp)
        seen.add((ansvar, kontogrupp))
    assert len(seen) == len(kommun_nodes()) * len(DRIFT_INPUT)

    for case in cases:
        assert (BROKEN_DIR / case.file).exists(), case.file
    readme = (BROKEN_DIR / "README.md").read_text("utf-8")
    assert all(f"`{c.file}`" in readme for c in cases)
    assert sorted(p.name for p in BROKEN_DIR.iterdir()) == sorted(
        [c.file for c in cases] + ["README.md", "organisation.json", *others]
    )
