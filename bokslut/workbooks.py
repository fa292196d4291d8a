"""Write the workbook a controller fills: every flik of the year, laid out like the mall's tables.

Everything is driven by the declarations in `domain.py`: the reports' table flikar and columns,
the rows with their sign rules, the text and list flikar. Input cells are yellow and unlocked;
sums and Avv./Diff. are locked grey formulas; the sheets are protected without a password. What
is already known (budget, last year's decided figures, earlier forecasts, goals shared down) comes
in as *prefill*: data shaped like the JSON input (docs/indata.md), one object per flik name, so it
can come from JSON files today and from the store later (see `bokslut.prefill`).

The reader (`sources/excel.py`) reads these workbooks for every report: each run reads the
flikar of its report and ignores the rest.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.arsplan import WHO, Plan, when_text
from bokslut.atomic import write_atomically
from bokslut.domain import (
    DRIFT_TEXTS,
    DRIFT_TEXTS_FIRST,
    FORECAST_HEADER,
    FORECAST_POINTS,
    INSTRUCTION_FLIK,
    LISTINGS,
    MONTHS,
    REPORTS,
    STAT_TABLES,
    TABLES,
    TEXTS,
    TEXTS_HEADER,
    ColumnSpec,
    FlikNames,
    Level,
    ListingSpec,
    Period,
    ReportSpec,
    RowKind,
    RowSpec,
    StatTable,
    TableSpec,
    signal_sets,
)
from bokslut.organisation import Node, Organisation
from bokslut.text import file_safe

AMOUNT_HEADER = "Belopp i tkr"  # the reader finds a table's header row by this
#: empty project rows under each category, besides the prefilled projects
BLANK_PROJECTS = 4
#: empty rows of a list flik (goals, uppdrag, ...), besides the prefilled ones
BLANK_LISTING_ROWS = 8

# --- look ------------------------------------------------------------------------------------

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
PREFILLED_FILL = PatternFill("solid", fgColor="DDEBF7")  # light blue: known already, may be corrected
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")  # grey: computed or given, locked
HEADER_FILL = PatternFill("solid", fgColor="D6DCE4")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT_FORMAT = "#,##0"  # shown "1 234" with a Swedish Excel's thousands separator
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# --- the flikar of the year -------------------------------------------------------------------


@dataclass
class YearFlik:
    """One flik of the year's workbook and the reports that read it."""

    name: str
    kind: str  # "table", "forecast", "texts", "drift_texts", "listing", "stat"
    key: str  # table, listing or stat key; "" for the others
    reports: list[ReportSpec] = field(default_factory=list)

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        return self.reports[0].columns

    def serves(self, level: Level) -> bool:
        """Whether a report that reads the flik is made for a node of `level`."""
        return any(report_serves(r, level) for r in self.reports)


def report_serves(report: ReportSpec, level: Level) -> bool:
    """Whether `report` is made for a node of `level` (the unit follow-ups: avdelningar and enheter)."""
    return report.levels is None or level in report.levels


def year_fliks(level: Level | None = None) -> list[YearFlik]:
    """Every flik of the year in the kommun's order: the table flikar report by report, then the
    rest; for a node of `level`, those a report made for it reads (Kritiska faktorer: units only)."""
    fliks: dict[str, YearFlik] = {}

    def add(name: str, kind: str, key: str, report: ReportSpec) -> None:
        flik = fliks.setdefault(name, YearFlik(name, kind, key))
        if kind == "table" and flik.reports and flik.columns != report.columns:
            raise ValueError(f"{name}: reports with different columns share the flik")
        flik.reports.append(report)

    reports = sorted(REPORTS.values(), key=lambda r: r.months[0])
    for report in reports:
        for key, name in report.table_fliks.items():
            add(name, "table", key, report)
            if key == "drift" and report.forecast_flik:
                add(report.forecast_flik, "forecast", "", report)
    for report in reports:
        names = report.fliks
        add(names.texter, "texts", "", report)
        add(names.texter_drift, "drift_texts", "", report)
        for section, key in (
            ("mal", "mal"),
            ("mal", "nyckeltal"),
            ("uppdrag", "uppdrag"),
            ("kontroll", "internkontroll"),
        ):
            if report.has(section):
                add(getattr(names, key), "listing", key, report)
        if report.has("personal") or report.has("arbetsmiljo"):  # a unit follow-up has no personal section
            add(names.arbetsmiljo, "listing", "arbetsmiljo", report)
        if report.has("faktorer"):
            add(names.faktorer, "listing", "faktorer", report)
    for report in reports:
        for key in report.stat_tables:
            add(STAT_TABLES[key].flik, "stat", key, report)
    return [f for f in fliks.values() if level is None or f.serves(level)]


def _reports_text(reports: Sequence[ReportSpec], year: int) -> str:
    titles = [r.title.lower() for r in reports]
    text = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " och " + titles[-1]
    return f"{text[0].upper()}{text[1:]} {year}"


# --- cells ------------------------------------------------------------------------------------


def _style(cell: Any, kind: str, *, number: str | None = None, bold: bool = False, right: bool = False) -> None:
    """kind: "input", "prefilled" (unlocked, blue), "locked" (grey), "label", "header"."""
    fills = {"input": INPUT_FILL, "prefilled": PREFILLED_FILL, "locked": LOCKED_FILL, "header": HEADER_FILL}
    if kind in fills:
        cell.fill = fills[kind]
    cell.protection = UNLOCKED if kind in ("input", "prefilled") else LOCKED
    cell.border = BOX
    if number:
        cell.number_format = number
        cell.alignment = Alignment(horizontal="right", vertical="top")
    elif kind == "header":
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal="right" if right else "left")
    else:
        cell.alignment = WRAP
    if bold or kind == "header":
        cell.font = Font(bold=True)


#: A text starting with one of these is a formula to a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@")


def _put(ws: Worksheet, row: int, col: int, value: Any, kind: str, **style: Any) -> Any:
    """A value in a cell; a text is always text, never a formula, whatever it starts with (names,
    texts from inputs, the store and prefill are untrusted)."""
    cell = ws.cell(row, col)
    if value is not None and value != "":
        cell.value = value
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    _style(cell, kind, **style)
    return cell


def _formula(ws: Worksheet, row: int, col: int, formula: str, kind: str, **style: Any) -> Any:
    """One of bokslut's own formulas (sums, deviations), never text from an input."""
    cell = ws.cell(row, col)
    cell.value = formula
    _style(cell, kind, **style)
    return cell


class _Validations:
    """The data validations of one sheet, one per rule, each with its cells."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.rules: dict[str, DataValidation] = {}

    def whole(self, cell: str, sign: int) -> None:
        key = f"whole{sign}"
        if key not in self.rules:
            if sign > 0:
                dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
                dv.error = "Skriv beloppet i hela tkr utan minustecken, t.ex. 1234. Intäkter, utgifter och inkomster anges utan minustecken."
                dv.prompt = "Hela tkr, utan minustecken."
            elif sign < 0:
                dv = DataValidation(type="whole", operator="lessThanOrEqual", formula1="0")
                dv.error = "Kostnader anges i hela tkr med minustecken, t.ex. -1234."
                dv.prompt = "Hela tkr, med minustecken (kostnad)."
            else:
                dv = DataValidation(type="whole", operator="between", formula1="-999999999", formula2="999999999")
                dv.error = "Skriv beloppet i hela tkr utan decimaler, t.ex. -1234 eller 1234."
                dv.prompt = "Hela tkr."
            dv.errorTitle = "Fel belopp"
            dv.promptTitle = "Belopp i tkr"
            self.add(key, dv)
        self.rules[key].add(cell)

    def decimal(self, cell: str) -> None:
        if "decimal" not in self.rules:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            dv.errorTitle = "Fel värde"
            dv.error = "Skriv ett tal, t.ex. 7,5."
            self.add("decimal", dv)
        self.rules["decimal"].add(cell)

    def choice(self, cell: str, labels: Sequence[str], prompt: str = "") -> None:
        key = "list:" + "|".join(labels)
        if key not in self.rules:
            dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"')
            dv.errorTitle = "Okänd bedömning"
            dv.error = "Välj en bedömning i listan: " + "; ".join(labels) + "."
            if prompt:
                dv.promptTitle = "Bedömning"
                dv.prompt = prompt
            self.add(key, dv)
        self.rules[key].add(cell)

    def add(self, key: str, dv: DataValidation) -> None:
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.showInputMessage = bool(dv.prompt)
        self.rules[key] = dv
        self.ws.add_data_validation(dv)


def _protect(ws: Worksheet) -> None:
    """Protected without a password; rows may be inserted (new projects) and sizes changed."""
    ws.protection.sheet = True
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _page(ws: Worksheet, header_row: int | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.freeze_panes = f"B{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"


def _title(ws: Worksheet, title: str, node: Node, hint: str) -> int:
    """Title, node and hint at the top; returns the row of the table's header."""
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.cell(2, 1, f"{node.ansvar} {node.name}").font = Font(bold=True)
    ws.cell(3, 1, hint).font = Font(italic=True, color="595959")
    return 5


# --- the table flikar -------------------------------------------------------------------------


@dataclass
class _Layout:
    """Where a table flik's rows ended up: row key → row number, and the columns' letters."""

    rows: dict[str, int] = field(default_factory=dict)
    letters: dict[str, str] = field(default_factory=dict)


def _projects(prefill: Any) -> list[Mapping[str, Any]]:
    if isinstance(prefill, Mapping) and isinstance(prefill.get("projekt"), list):
        return [p for p in prefill["projekt"] if isinstance(p, Mapping)]
    return []


def _sub(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """data[key] when it is an object, else an empty one: prefill is other people's data."""
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _amount(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def write_table(ws: Worksheet, flik: YearFlik, node: Node, year: int, prefill: Mapping[str, Any]) -> _Layout:
    table = TABLES[flik.key]
    title = f"{table.title} – {_reports_text(flik.reports, year)}"
    hint = "Belopp i tkr utan decimaler, kostnader med minustecken. Fyll i de gula cellerna; de grå räknas fram."
    if table.has_projects:
        hint += " Skriv ett projekt per rad under sin kategori."
    header = _title(ws, title, node, hint)
    layout = _Layout(letters={c.key: get_column_letter(i) for i, c in enumerate(flik.columns, start=2)})
    _put(ws, header, 1, AMOUNT_HEADER, "header")
    for i, column in enumerate(flik.columns, start=2):
        _put(ws, header, i, column.title(year), "header", right=True)
    ws.row_dimensions[header].height = 45
    checks = _Validations(ws)
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
        given = _sub(prefill, spec.label)
        if spec.kind is RowKind.GROUP:
            _group_row(ws, flik, table, spec, at, end, given, layout, checks)
            for project_row, project in projects:
                _project_row(ws, flik, table, spec, project_row, project, layout, checks)
        else:
            _amount_row(ws, flik, table, spec, at, given, layout, checks)
    ws.column_dimensions["A"].width = 44
    for letter in layout.letters.values():
        ws.column_dimensions[letter].width = 15
    _page(ws, header)
    _protect(ws)
    return layout


def _difference(table: TableSpec, column: ColumnSpec, row: int, layout: _Layout, *, blank_if_empty: bool) -> str:
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
    layout: _Layout,
    checks: _Validations,
) -> None:
    bold = spec.kind is RowKind.SUM
    _put(ws, row, 1, spec.label, "locked", bold=bold)
    for i, column in enumerate(flik.columns, start=2):
        letter = layout.letters[column.key]
        if not column.is_input:
            _formula(
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
            _formula(ws, row, i, formula, "locked", number=AMOUNT_FORMAT, bold=True)
        else:
            value = _amount(given.get(column.key))
            _put(ws, row, i, value, "prefilled" if value is not None else "input", number=AMOUNT_FORMAT)
            checks.whole(f"{letter}{row}", spec.sign)


def _group_row(
    ws: Worksheet,
    flik: YearFlik,
    table: TableSpec,
    spec: RowSpec,
    row: int,
    end: int,
    given: Mapping[str, Any],
    layout: _Layout,
    checks: _Validations,
) -> None:
    """A category: the sum of the rows under it up to the next category, so rows inserted anywhere count.

    A figure known per category only (last year's, say) is written as a value instead of the sum.
    """
    _put(ws, row, 1, spec.label, "locked", bold=True)
    summa = _sub(given, "summa")
    projects = _projects(given)
    for i, column in enumerate(flik.columns, start=2):
        letter = layout.letters[column.key]
        per_category = _amount(summa.get(column.key)) if column.is_input else None
        if per_category is not None and not any(_amount(p.get(column.key)) is not None for p in projects):
            _put(ws, row, i, per_category, "prefilled", number=AMOUNT_FORMAT, bold=True)
            checks.whole(f"{letter}{row}", spec.sign)
        elif column.is_input:
            first, next_ = f"{letter}{row}", f"{letter}{end}"
            formula = f"=SUM(OFFSET({first},1,0,ROW({next_})-ROW({first})-1,1))"
            _formula(ws, row, i, formula, "locked", number=AMOUNT_FORMAT, bold=True)
        else:
            formula = _difference(table, column, row, layout, blank_if_empty=False)
            _formula(ws, row, i, formula, "locked", number=AMOUNT_FORMAT, bold=True)


def _project_row(
    ws: Worksheet,
    flik: YearFlik,
    table: TableSpec,
    spec: RowSpec,
    row: int,
    project: Mapping[str, Any],
    layout: _Layout,
    checks: _Validations,
) -> None:
    name = project.get("namn")
    _put(ws, row, 1, name, "prefilled" if name else "input")
    ws.cell(row, 1).alignment = Alignment(indent=1, vertical="top", wrap_text=True)
    for i, column in enumerate(flik.columns, start=2):
        letter = layout.letters[column.key]
        if column.is_input:
            value = _amount(project.get(column.key))
            _put(ws, row, i, value, "prefilled" if value is not None else "input", number=AMOUNT_FORMAT)
            checks.whole(f"{letter}{row}", spec.sign)
        else:
            _formula(
                ws, row, i, _difference(table, column, row, layout, blank_if_empty=True), "locked", number=AMOUNT_FORMAT
            )


def write_forecasts(
    ws: Worksheet, flik: YearFlik, node: Node, year: int, prefill: Mapping[str, Any], drift: tuple[str, _Layout]
) -> None:
    """The prognossäkerhet flik: the earlier forecasts of Årets resultat against the bokslut."""
    title = f"Prognossäkerhet – {_reports_text(flik.reports, year)}"
    hint = "Prognosen för Årets resultat (tkr) som lämnades vid varje tillfälle. Avvikelsen räknas fram."
    header = _title(ws, title, node, hint)
    for i, text in enumerate(FORECAST_HEADER, start=1):
        _put(ws, header, i, text, "header", right=i > 1)
    drift_flik, drift_layout = drift
    outcome_row = header + len(FORECAST_POINTS) + 2
    checks = _Validations(ws)
    for offset, label in enumerate(FORECAST_POINTS.values(), start=1):
        row = header + offset
        given = _sub(prefill, label)
        value = _amount(given.get("prognos"))
        _put(ws, row, 1, label, "locked")
        _put(ws, row, 2, value, "prefilled" if value is not None else "input", number=AMOUNT_FORMAT)
        checks.whole(f"B{row}", 0)
        _formula(ws, row, 3, f'=IF(B{row}="","",$B${outcome_row}-B{row})', "locked", number=AMOUNT_FORMAT)
    source = f"{quote_sheetname(drift_flik)}!{drift_layout.letters['utfall']}{drift_layout.rows['resultat']}"
    _put(ws, outcome_row, 1, f"Bokslut {year}", "locked", bold=True)
    _formula(ws, outcome_row, 2, f"={source}", "locked", number=AMOUNT_FORMAT, bold=True)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["C"].width = 16
    _page(ws, header)
    _protect(ws)


# --- the text and list flikar -----------------------------------------------------------------


def write_keyed_texts(
    ws: Worksheet,
    title: str,
    node: Node,
    headers: Sequence[str],
    labels: Sequence[str],
    prefill: Mapping[str, Any],
    keys: Sequence[str] | None = None,
) -> None:
    """A label per row (locked) and a text column (or several) to write in."""
    header = _title(ws, title, node, "Skriv i de gula cellerna. Tomma avsnitt blir tomma i dokumentet.")
    for i, text in enumerate(headers, start=1):
        _put(ws, header, i, text, "header")
    for r, label in enumerate(labels, start=header + 1):
        _put(ws, r, 1, label, "locked")
        given = prefill.get(label)
        for i in range(2, len(headers) + 1):
            value = given if keys is None else (given.get(keys[i - 2]) if isinstance(given, Mapping) else None)
            _put(ws, r, i, value if isinstance(value, str) else None, "input")
        ws.row_dimensions[r].height = 48
    ws.column_dimensions["A"].width = 36
    width = 100 if len(headers) == 2 else 45
    for i in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _page(ws, header)
    _protect(ws)


def write_listing(
    ws: Worksheet,
    flik: YearFlik,
    node: Node,
    year: int,
    items: Sequence[Mapping[str, Any]],
    signals: Sequence[str],
    prompt: str = "",
) -> None:
    """A list flik: the prefilled items (their definition locked), then empty rows to add more.
    `signals`: the labels the Bedömning column offers; `prompt`: shown when a cell of it is chosen."""
    spec: ListingSpec = LISTINGS[flik.key]
    headers = spec.headers(year)
    hint = spec.hint or (
        "Det som är förifyllt (grått) har beslutats på nivån ovanför; skriv er kommentar och bedömning i de gula cellerna."
        if items
        else "Skriv en rad per punkt i de gula cellerna."
    )
    header = _title(ws, f"{flik.name} – {_reports_text(flik.reports, year)}", node, hint)
    for i, text in enumerate(headers.values(), start=1):
        _put(ws, header, i, text, "header")
    checks = _Validations(ws)
    rows = [*items, *({} for _ in range(BLANK_LISTING_ROWS))]
    for r, item in enumerate(rows, start=header + 1):
        for i, key in enumerate(headers, start=1):
            value = item.get(key)
            value = None if value is None else str(value)
            fixed = bool(item) and key in spec.definition and value
            # Text, as the model reads it: "8,7 %" typed in a number cell would become 0.087.
            _put(ws, r, i, value, "locked" if fixed else "input").number_format = "@"
            if key == "bedömning" and signals:
                checks.choice(f"{get_column_letter(i)}{r}", signals, prompt)
        ws.row_dimensions[r].height = 45
    widths = {"nr": 6, "mål_nr": 8, "bedömning": 24, "frekvens": 14, "agenda_2030": 14, "prioriterat_mål": 30}
    widths |= {"utfall": 12, "utfall_fg": 12, "analys": 60}
    long_ = {
        "kommentar",
        "redogörelse",
        "resultat",
        "åtgärd",
        "nämndens_mål",
        "uppdrag",
        "vad",
        "mål",
        "namn",
        "faktor",
    }
    for i, key in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(key, 40 if key in long_ else 16)
    _page(ws, header)
    _protect(ws)


def write_stat(ws: Worksheet, flik: YearFlik, node: Node, year: int, prefill: Mapping[str, Any]) -> None:
    table: StatTable = STAT_TABLES[flik.key]
    hint = "Fyll i de gula cellerna; förändringen räknas fram."
    header = _title(ws, f"{table.flik} – {_reports_text(flik.reports, year)}", node, hint)
    for i, text in enumerate((table.first, str(year - 1), str(year), table.change), start=1):
        _put(ws, header, i, text, "header", right=i > 1)
    number = {1: "0.0", 0: "0"}.get(table.places if table.places is not None else -1, "General")
    checks = _Validations(ws)
    for r, label in enumerate(table.rows, start=header + 1):
        given = _sub(prefill, label)
        _put(ws, r, 1, label, "locked")
        for i, key in ((2, "fg"), (3, "år")):
            value = _amount(given.get(key))
            _put(ws, r, i, value, "prefilled" if value is not None else "input", number=number)
            checks.decimal(f"{get_column_letter(i)}{r}")
        _formula(ws, r, 4, f'=IF(COUNT(B{r}:C{r})<2,"",C{r}-B{r})', "locked", number=number)
    ws.column_dimensions["A"].width = 40
    for letter in "BCD":
        ws.column_dimensions[letter].width = 14
    ws.column_dimensions["D"].width = 18
    _page(ws, header)
    _protect(ws)


def write_uppgifter(ws: Worksheet, node: Node, organisation: Organisation, year: int, fliks: FlikNames) -> None:
    """Ansvar, namn and år as the reader wants them (locked: they come from the organisation)."""
    parent = organisation.get(node.parent) if node.parent else None
    rows: list[tuple[str, Any]] = [
        ("Ansvar", node.ansvar),
        ("Namn", node.name),
        ("År", year),
        ("Nivå", node.level.value),
        ("Överordnad", f"{parent.ansvar} {parent.name}" if parent else ""),
        ("Kommun", organisation.kommun),
    ]
    ws.cell(1, 1, fliks.uppgifter).font = Font(bold=True, size=14)
    for r, (label, value) in enumerate(rows, start=3):
        _put(ws, r, 1, label, "locked", bold=True)
        _put(ws, r, 2, value, "locked")
        ws.cell(r, 2).alignment = Alignment(horizontal="left")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 50
    _protect(ws)


# --- the instruction flik ---------------------------------------------------------------------


def write_instructions(ws: Worksheet, node: Node, year: int, fliks: list[YearFlik], plan: Plan) -> None:
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    ws.cell(1, 1, f"Uppföljning {year} – {node.ansvar} {node.name}").font = Font(bold=True, size=16)
    lines: list[tuple[str, str]] = [
        (
            "Så fyller du i",
            "Fyll i de gula cellerna. Ljusblå celler är förifyllda (budget, förra årets beslutade "
            "utfall, tidigare prognoser): rätta dem bara om de är fel. Grå celler räknas fram eller kommer från "
            "organisationen och är låsta.",
        ),
        (
            "Belopp",
            "Alla belopp i tkr utan decimaler. Kostnader anges med minustecken (-1 234); intäkter, "
            "kommunbidrag, investeringsutgifter och inkomster utan. Summor och avvikelser räknas fram.",
        ),
        (
            "Investeringsprojekt",
            "Skriv ett projekt per gul rad under rätt kategori (EIRA). Behövs fler rader: "
            "markera en gul projektrad under den första och infoga rader (högerklick › Infoga). Den nya raden blir "
            "gul och räknas med i kategorins summa.",
        ),
        (
            "Mål, uppdrag och internkontroll",
            "Grå rader har beslutats på nivån ovanför: skriv kommentar, "
            "redogörelse eller resultat och välj bedömning i listan.",
        ),
        (
            "Flikarnas namn",
            "Byt inte namn på flikarna och ändra inte rubrikraderna: bokslut läser flikarna på "
            "namn och kolumnerna på rubrik. Flikarnas ordning spelar ingen roll.",
        ),
        (
            "Skydd",
            "Bladen är skyddade utan lösenord så att formlerna inte skrivs över. Klistra in som värden "
            "(Klistra in special › Värden) så att färger och kontroller följer med.",
        ),
        ("Word", "Tabellerna har mallens uppställning och kan fortfarande klistras in i Word för hand."),
    ]
    # A list flik with its own instruction (Kritiska faktorer), named, after the general ones.
    lines[4:4] = [(f.name, LISTINGS[f.key].hint) for f in fliks if f.kind == "listing" and LISTINGS[f.key].hint]
    row = 3
    for label, text in lines:
        ws.cell(row, 1, label).font = Font(bold=True)
        ws.cell(row, 1).alignment = WRAP
        ws.cell(row, 2, text).alignment = WRAP
        ws.row_dimensions[row].height = 15 * (1 + len(text) // 95)
        row += 1
    row += 1
    for i, text in enumerate(("Rapport", "Flikar att fylla i", "Sista dag"), start=1):
        _put(ws, row, i, text, "header")
    ws.column_dimensions["C"].width = 34
    row += 1
    for report in sorted(REPORTS.values(), key=lambda r: r.months[0]):
        if not report_serves(report, node.level):
            continue
        names = [f.name for f in fliks if report in f.reports]
        delivered = report.input_of or report.key  # a unit follow-up is handed in with its report
        dues = [
            when_text(d) if len(report.months) == 1 else f"{MONTHS[m - 1]}: {when_text(d)}"
            for key, m in plan.periods()
            if key == delivered and (d := plan.deadline(Period(year, m, key), node.level)) is not None
        ]
        due = "; ".join(dues) or "enligt kommunens anvisningar"
        _put(ws, row, 1, _reports_text([report], year), "locked", bold=True)
        _put(ws, row, 2, ", ".join(names), "locked")
        _put(ws, row, 3, due, "locked")
        ws.row_dimensions[row].height = 15 * (1 + max(len(", ".join(names)) // 85, len(due) // 34))
        row += 1
    row += 1
    ws.cell(row, 1, "Årsplanen").font = Font(bold=True)
    row += 1
    for key, month in plan.periods():
        for level, moment in plan.levels(key, month):
            ws.cell(row, 1, REPORTS[key].title_for(year, month))
            who = WHO[level]
            ws.cell(row, 2, f"{who[0].upper()}{who[1:]}: {when_text(moment)}")
            row += 1
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    _protect(ws)


# --- the workbook ------------------------------------------------------------------------------


def build_workbook(
    node: Node,
    organisation: Organisation,
    year: int,
    prefill: Mapping[str, Any] | None = None,
    plan: Plan | None = None,
) -> Workbook:
    """The year's workbook for one node. `prefill`: flik name → JSON-shaped data (docs/indata.md);
    `plan`: the årsplan whose deadlines the instruction flik gives."""
    prefill = prefill or {}
    fliks = year_fliks(node.level)
    book = Workbook()
    write_instructions(book.active, node, year, fliks, plan or Plan({}))
    book.active.title = INSTRUCTION_FLIK
    names = REPORTS["delarsbokslut"].fliks
    write_uppgifter(book.create_sheet(names.uppgifter), node, organisation, year, names)
    drifts: dict[tuple[str, ...], tuple[str, _Layout]] = {}
    signals = _signals(fliks, node.level)
    for flik in fliks:
        ws = book.create_sheet(flik.name)
        given = prefill.get(flik.name)
        data: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
        if flik.kind == "table":
            layout = write_table(ws, flik, node, year, data)
            if flik.key == "drift":
                drifts[tuple(r.key for r in flik.reports)] = (flik.name, layout)
        elif flik.kind == "forecast":
            write_forecasts(ws, flik, node, year, data, drifts[tuple(r.key for r in flik.reports)])
        elif flik.kind == "texts":
            title = f"{flik.name} – texter till rapporterna {year}"
            write_keyed_texts(ws, title, node, TEXTS_HEADER, list(TEXTS.values()), data)
        elif flik.kind == "drift_texts":
            labels = [r.label for r in TABLES["drift"].rows if r.is_input]
            headers = (DRIFT_TEXTS_FIRST, *DRIFT_TEXTS.values())
            keys = ("prognos", "prognosförändring", "utfall", "jämförelse")
            title = f"{flik.name} – egna texter per kontogrupp {year}"
            write_keyed_texts(ws, title, node, headers, labels, data, keys)
        elif flik.kind == "listing":
            labels, prompt = signals.get(flik.key, ([], ""))
            write_listing(ws, flik, node, year, _listing_items(flik, prefill, names), labels, prompt)
        elif flik.kind == "stat":
            write_stat(ws, flik, node, year, data)
    book.properties.creator = "bokslut"
    book.properties.title = f"Uppföljning {year} – {node.ansvar} {node.name}"
    return book


def _signals(fliks: list[YearFlik], level: Level) -> dict[str, tuple[list[str], str]]:
    """The bedömning labels a list flik offers at a node of `level`: those the reports that read
    it accept there (`ReportSpec.signal_set_of`, as validation). When the reports differ (an
    enhet's uppdrag: a status at the delårsbokslut, Färdig or Försenad at the årsbokslut), the
    prompt says which report takes which."""
    sets = signal_sets()
    out: dict[str, tuple[list[str], str]] = {}
    for flik in fliks:
        if flik.kind != "listing":
            continue
        per_report: dict[str, str] = {}
        for report in flik.reports:
            key = report.signal_set_of(flik.key, level)
            base = REPORTS[report.input_of] if report.input_of else report
            if key is not None:
                per_report.setdefault(base.title, key)
        labels = list(dict.fromkeys(s.label for key in per_report.values() for s in sets[key].signals))
        if not labels:
            continue
        prompt = ""
        if len(set(per_report.values())) > 1:
            prompt = " ".join(
                f"{title}: {', '.join(s.label for s in sets[key].signals)}." for title, key in per_report.items()
            )
        out[flik.key] = (labels, prompt if len(prompt) <= _PROMPT_MAX else "")
    return out


#: The longest input message Excel shows with a data validation.
_PROMPT_MAX = 255


def _listing_items(flik: YearFlik, prefill: Mapping[str, Any], names: FlikNames) -> list[Mapping[str, Any]]:
    """The prefilled rows of a list flik; the Nyckeltal flik's come from the goals' nyckeltal."""
    if flik.key == "nyckeltal":
        goals = prefill.get(names.mal)
        return [
            {"mål_nr": goal.get("nr"), **kpi}
            for goal in (goals if isinstance(goals, list) else [])
            if isinstance(goal, Mapping)
            for kpi in goal.get("nyckeltal") or []
            if isinstance(kpi, Mapping)
        ]
    items = prefill.get(flik.name)
    return [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []


def workbook_name(node: Node, year: int) -> str:
    safe = file_safe(node.name)
    return f"{node.ansvar} {safe} {year}.xlsx" if safe else f"{node.ansvar} {year}.xlsx"


def save_workbook(book: Workbook, target: Path, stamp: datetime | None = None) -> None:
    """Write atomically (temp file, then rename); `stamp` fixes the file's timestamps for reruns."""
    if stamp is not None:
        book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue() if stamp is None else _fixed_times(buffer.getvalue(), stamp)
    write_atomically(target, lambda handle: handle.write(data))


def _fixed_times(data: bytes, stamp: datetime) -> bytes:
    """The same workbook with every zip entry and docProps time set to `stamp` (byte-identical reruns)."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rf"\g<1>{iso}\g<3>", content.decode()
                )
                content = text.encode()
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def nodes_for(organisation: Organisation, only: str | None) -> Iterator[Node]:
    """The nodes that get a workbook: one, or every node below the kommun."""
    if only is not None:
        yield organisation[only]
        return
    yield from (n for n in organisation.walk() if n.parent is not None)
