"""The table flikar of a generated workbook: drift, investeringar, förutbetalda and the
prognossäkerhet, with their sum and deviation formulas."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.domain import (
    FORECAST_HEADER,
    FORECAST_POINTS,
    TABLES,
    ColumnSpec,
    RowKind,
    RowSpec,
    TableSpec,
)
from bokslut.organisation import Node
from bokslut.workbook.plan import YearFlik, reports_text
from bokslut.workbook.style import AMOUNT_FORMAT, Validations, protect, put_formula, put_title, put_value, set_page

AMOUNT_HEADER = "Belopp i tkr"  # the reader finds a table's header row by this
#: empty project rows under each category, besides the prefilled projects
BLANK_PROJECTS = 4

# --- the table flikar -------------------------------------------------------------------------


@dataclass
class Layout:
    """Where a table flik's rows ended up: row key → row number, and the columns' letters."""

    rows: dict[str, int] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)


def _projects(prefill: Any) -> list[Mapping[str, Any]]:
    if isinstance(prefill, Mapping) and isinstance(prefill.get("projekt"), list):
        return [p for p in prefill["projekt"] if isinstance(p, Mapping)]
    return []


def given_row(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """data[key] when it is an object, else an empty one: prefill is other people's data."""
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def amount_of(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def write_table(ws: Worksheet, flik: YearFlik, node: Node, year: int, prefill: Mapping[str, Any]) -> Layout:
    table = TABLES[flik.key]
    title = f"{table.title} – {reports_text(flik.reports, year)}"
    hint = "Belopp i tkr utan decimaler, kostnader med minustecken. Fyll i de gula cellerna; de grå räknas fram."
    if table.has_projects:
        hint += " Skriv ett projekt per rad under sin kategori."
    header = put_title(ws, title, node, hint)
    layout = Layout(letters={c.key: get_column_letter(i) for i, c in enumerate(flik.columns, start=2)})
    put_value(ws, header, 1, AMOUNT_HEADER, "header")
    for i, column in enumerate(flik.columns, start=2):
        put_value(ws, header, i, column.title(year), "header", right=True)
    ws.row_dimensions[header].height = 45
    checks = Validations(ws)
    row = header + 1
    # Rows are laid out first (their numbers are needed by the sum formulas), then written.
    plan: list[tuple[RowSpec, int, list[tuple[int, Mapping[str, Any]]]]] = []
    for spec in table.rows:
        start, projects = row, []
        row += 1
        if spec.kind is RowKind.GROUP:
            known = _projects(prefill.get(spec.label))
            for project in [*known, *({} for _ in range(BLANK_PROJECTS))]:
                projects.append((row, project))
                row += 1
        layout.rows[spec.key] = start
        plan.append((spec, start, projects))
    ends = [start for _, start, _ in plan[1:]] + [row]
    for (spec, at, projects), end in zip(plan, ends, strict=True):
        given = given_row(prefill, spec.label)
        if spec.kind is RowKind.GROUP:
            _group_row(ws, flik, table, spec, at, end, given, layout, checks)
            for project_row, project in projects:
                _project_row(ws, flik, table, spec, project_row, project, layout, checks)
        else:
            _amount_row(ws, flik, table, spec, at, given, layout, checks)
    ws.column_dimensions["A"].width = 44
    for letter in layout.letters.values():
        ws.column_dimensions[letter].width = 15
    set_page(ws, header)
    protect(ws)
    return layout


def _difference(table: TableSpec, column: ColumnSpec, row: int, layout: Layout, *, blank_if_empty: bool) -> str:
    a, b = (f"{layout.letters[k]}{row}" for k in column.operands(table))
    if blank_if_empty:
        return f'=IF(COUNT({a},{b})=0,"",{a}-{b})'
    return f"={a}-{b}"


def _amount_row(
    ws: Worksheet,
    flik: YearFlik,
    table: TableSpec,
    spec: RowSpec,
    row: int,
    given: Mapping[str, Any],
    layout: Layout,
    checks: Validations,
) -> None:
    bold = spec.kind is RowKind.SUM
    put_value(ws, row, 1, spec.label, "locked", bold=bold)
    for i, column in enumerate(flik.columns, start=2):
        letter = layout.letters[column.key]
        if not column.is_input:
            put_formula(
                ws,
                row,
                i,
                _difference(table, column, row, layout, blank_if_empty=False),
                "locked",
                number=AMOUNT_FORMAT,
                bold=bold,
            )
        elif spec.kind is RowKind.SUM:
            formula = "=" + "+".join(f"{letter}{layout.rows[k]}" for k in spec.sum_of)
            put_formula(ws, row, i, formula, "locked", number=AMOUNT_FORMAT, bold=True)
        else:
            value = amount_of(given.get(column.key))
            put_value(ws, row, i, value, "prefilled" if value is not None else "input", number=AMOUNT_FORMAT)
            checks.whole(f"{letter}{row}", spec.sign)


def _group_row(
    ws: Worksheet,
    flik: YearFlik,
    table: TableSpec,
    spec: RowSpec,
    row: int,
    end: int,
    given: Mapping[str, Any],
    layout: Layout,
    checks: Validations,
) -> None:
    """A category: the sum of the rows under it up to the next category, so rows inserted anywhere count.

    A figure known per category only (last year's, say) is written as a value instead of the sum.
    """
    put_value(ws, row, 1, spec.label, "locked", bold=True)
    summa = given_row(given, "summa")
    projects = _projects(given)
    for i, column in enumerate(flik.columns, start=2):
        letter = layout.letters[column.key]
        per_category = amount_of(summa.get(column.key)) if column.is_input else None
        if per_category is not None and not any(amount_of(p.get(column.key)) is not None for p in projects):
            put_value(ws, row, i, per_category, "prefilled", number=AMOUNT_FORMAT, bold=True)
            checks.whole(f"{letter}{row}", spec.sign)
        elif column.is_input:
            first, next_ = f"{letter}{row}", f"{letter}{end}"
            formula = f"=SUM(OFFSET({first},1,0,ROW({next_})-ROW({first})-1,1))"
            put_formula(ws, row, i, formula, "locked", number=AMOUNT_FORMAT, bold=True)
        else:
            formula = _difference(table, column, row, layout, blank_if_empty=False)
            put_formula(ws, row, i, formula, "locked", number=AMOUNT_FORMAT, bold=True)


def _project_row(
    ws: Worksheet,
    flik: YearFlik,
    table: TableSpec,
    spec: RowSpec,
    row: int,
    project: Mapping[str, Any],
    layout: Layout,
    checks: Validations,
) -> None:
    name = project.get("namn")
    put_value(ws, row, 1, name, "prefilled" if name else "input")
    ws.cell(row, 1).alignment = Alignment(indent=1, vertical="top", wrap_text=True)
    for i, column in enumerate(flik.columns, start=2):
        letter = layout.letters[column.key]
        if column.is_input:
            value = amount_of(project.get(column.key))
            put_value(ws, row, i, value, "prefilled" if value is not None else "input", number=AMOUNT_FORMAT)
            checks.whole(f"{letter}{row}", spec.sign)
        else:
            put_formula(
                ws, row, i, _difference(table, column, row, layout, blank_if_empty=True), "locked", number=AMOUNT_FORMAT
            )


def write_forecasts(
    ws: Worksheet, flik: YearFlik, node: Node, year: int, prefill: Mapping[str, Any], drift: tuple[str, Layout]
) -> None:
    """The prognossäkerhet flik: the earlier forecasts of Årets resultat against the bokslut."""
    title = f"Prognossäkerhet – {reports_text(flik.reports, year)}"
    hint = "Prognosen för Årets resultat (tkr) som lämnades vid varje tillfälle. Avvikelsen räknas fram."
    header = put_title(ws, title, node, hint)
    for i, text in enumerate(FORECAST_HEADER, start=1):
        put_value(ws, header, i, text, "header", right=i > 1)
    drift_flik, drift_layout = drift
    outcome_row = header + len(FORECAST_POINTS) + 2
    checks = Validations(ws)
    for offset, label in enumerate(FORECAST_POINTS.values(), start=1):
        row = header + offset
        given = given_row(prefill, label)
        value = amount_of(given.get("prognos"))
        put_value(ws, row, 1, label, "locked")
        put_value(ws, row, 2, value, "prefilled" if value is not None else "input", number=AMOUNT_FORMAT)
        checks.whole(f"B{row}", 0)
        put_formula(ws, row, 3, f'=IF(B{row}="","",$B${outcome_row}-B{row})', "locked", number=AMOUNT_FORMAT)
    source = f"{quote_sheetname(drift_flik)}!{drift_layout.letters['utfall']}{drift_layout.rows['resultat']}"
    put_value(ws, outcome_row, 1, f"Bokslut {year}", "locked", bold=True)
    put_formula(ws, outcome_row, 2, f"={source}", "locked", number=AMOUNT_FORMAT, bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 16
    set_page(ws, header)
    protect(ws)
