"""Writing one node's workbook from its JSON input: the same content, laid out as the kommun's
mall lays out its flikar, with sums and deviations as formulas."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .drift import Amounts
from .format import (
    DELAR,
    DRIFT_INPUT,
    DRIFT_ROWS,
    DRIFT_TEXT_LISTING,
    EIRA,
    FINANSNETTO,
    FLIK_INTERNA,
    FLIK_MAL,
    FLIK_NYCKELTAL,
    FLIK_PERSONALSTATISTIK,
    FLIK_TEXTER,
    FLIK_TEXTER_DRIFT,
    FLIK_UPPGIFTER,
    FORECAST_POINTS,
    INKOMSTER,
    INTAKTER,
    KOMMUNBIDRAG,
    KOSTNADER,
    LISTINGS,
    MAL_COLUMNS,
    NETTO,
    NYCKELTAL_COLUMNS,
    OVRIGA,
    PERSONAL,
    PLACEHOLDER,
    RESULTAT,
    STAT_FLIKAR,
    TEXT_LISTING,
    TOTALA_INKOMSTER,
    TOTALA_UTGIFTER,
    VARAV_EXPLOATERING,
    Layout,
    drift_row,
    internal_columns,
    stat_columns,
)
from .settings import YEAR

BOLD = Font(bold=True)
AMOUNT_FORMAT = "#,##0"
WRAP = Alignment(wrap_text=True, vertical="top")


def label_of(node: dict[str, Any]) -> str:
    u = node[FLIK_UPPGIFTER]
    return f"{u['namn']} ({u['ansvar']})"


def start_amount_sheet(wb: Workbook, flik: str, title: str, lay: Layout) -> Worksheet:
    ws = wb.create_sheet(flik)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=12)
    for number, header in enumerate(lay.header, start=1):
        cell = ws.cell(3, number, header)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="left" if number == 1 else "right")
    ws.column_dimensions["A"].width = 48
    for letter in lay.letters:
        ws.column_dimensions[letter].width = 15
    ws.freeze_panes = "B4"
    return ws


def put_amounts(ws: Worksheet, row: int, amounts: Amounts, lay: Layout, *, turned: bool = False) -> None:
    """Input amounts as integers, Avv. and Diff. as formulas. A project may lack a column (last
    year's figure given per category only): that cell and the Diff. that needs it stay empty."""
    for key in lay.keys:
        if key in amounts:
            ws[f"{lay.col[key]}{row}"] = amounts[key]
    put_computed(ws, row, lay, turned=turned, present=set(amounts))


def operands(a: str, b: str, deviation: bool, turned: bool) -> tuple[str, str]:
    """The columns of a computed column a − b, the other way round for a deviation in a turned table."""
    return (b, a) if deviation and turned else (a, b)


def put_computed(ws: Worksheet, row: int, lay: Layout, *, turned: bool, present: set[str] | None = None) -> None:
    for letter, a, b, deviation in lay.computed:
        if present is not None and not {a, b} <= present:
            continue
        first, second = operands(a, b, deviation, turned)
        ws[f"{letter}{row}"] = f"={lay.col[first]}{row}-{lay.col[second]}{row}"
    for col in lay.letters:
        ws[f"{col}{row}"].number_format = AMOUNT_FORMAT


def put_formula_row(
    ws: Worksheet, row: int, template: str, lay: Layout, *, turned: bool = False, typed: Amounts | None = None
) -> None:
    """A sum row: `template` uses {c} for the column letter, e.g. "=SUM({c}5:{c}8)"; a column in
    `typed` holds that number instead (a category's figure given without projects)."""
    for key in lay.keys:
        if typed is not None and key in typed:
            ws[f"{lay.col[key]}{row}"] = typed[key]
        elif template:
            ws[f"{lay.col[key]}{row}"] = template.format(c=lay.col[key])
    put_computed(ws, row, lay, turned=turned)
    for col in "A" + lay.letters:
        ws[f"{col}{row}"].font = BOLD


def write_drift(wb: Workbook, data: dict[str, Any], lay: Layout) -> None:
    ws = start_amount_sheet(wb, lay.drift_flik, f"Drift – {label_of(data)}, belopp i tkr", lay)
    at = {row: 4 + i for i, row in enumerate(DRIFT_ROWS)}
    for row, r in at.items():
        ws.cell(r, 1, row)
        if row in DRIFT_INPUT:
            put_amounts(ws, r, data[lay.drift_flik][row], lay)
    put_formula_row(ws, at[KOSTNADER], f"=SUM({{c}}{at[PERSONAL]}:{{c}}{at[OVRIGA]})", lay)
    put_formula_row(ws, at[NETTO], f"={{c}}{at[INTAKTER]}+{{c}}{at[KOSTNADER]}", lay)
    put_formula_row(ws, at[RESULTAT], f"={{c}}{at[NETTO]}+{{c}}{at[KOMMUNBIDRAG]}+{{c}}{at[FINANSNETTO]}", lay)


def write_groups(
    ws: Worksheet,
    groups: list[tuple[str, dict[str, Any]]],
    placeholders: bool,
    lay: Layout,
    turned: bool,
    start: int = 4,
) -> tuple[dict[str, int], int]:
    """Category rows, each followed by its projects (or the mall's "x" rows). Returns the rows used."""
    row = start
    group_rows: dict[str, int] = {}
    for group, content in groups:
        projects = content["projekt"]
        group_rows[group] = row
        ws.cell(row, 1, group).font = BOLD
        first = row + 1
        for p in projects:
            row += 1
            ws.cell(row, 1, p["namn"])
            put_amounts(ws, row, p, lay, turned=turned)
        if placeholders and not projects:
            for _ in range(2):
                row += 1
                ws.cell(row, 1, PLACEHOLDER)
        summa = content.get("summa")
        if row >= first or summa:
            template = f"=SUM({{c}}{first}:{{c}}{row})" if row >= first else ""
            put_formula_row(ws, group_rows[group], template, lay, turned=turned, typed=summa)
        row += 1
    return group_rows, row


def write_investments(wb: Workbook, data: dict[str, Any], placeholders: bool, lay: Layout) -> None:
    assert lay.inv_flik is not None
    ws = start_amount_sheet(wb, lay.inv_flik, f"Investeringar – {label_of(data)}, belopp i tkr", lay)
    groups = [(cat, data[lay.inv_flik][cat]) for cat in EIRA]
    group_rows, row = write_groups(ws, groups, placeholders, lay, turned=True)  # an underspend is positive
    ws.cell(row, 1, TOTALA_UTGIFTER)
    put_formula_row(ws, row, "=" + "+".join(f"{{c}}{r}" for r in group_rows.values()), lay, turned=True)


def write_prepaid(wb: Workbook, data: dict[str, Any], placeholders: bool, lay: Layout) -> None:
    assert lay.forutb_flik is not None
    title = f"Förutbetalda intäkter som periodiseras över sin nyttjandetid – {label_of(data)}, belopp i tkr"
    ws = start_amount_sheet(wb, lay.forutb_flik, title, lay)
    table = data[lay.forutb_flik]
    group_rows, row = write_groups(ws, [(INKOMSTER, table[INKOMSTER])], placeholders, lay, turned=False)
    ws.cell(row, 1, VARAV_EXPLOATERING)
    put_amounts(ws, row, table[VARAV_EXPLOATERING], lay)
    row += 1
    ws.cell(row, 1, TOTALA_INKOMSTER)
    put_formula_row(ws, row, f"={{c}}{group_rows[INKOMSTER]}", lay)


def write_forecasts(wb: Workbook, data: dict[str, Any], lay: Layout) -> None:
    """Prognossäkerhet: the earlier forecasts typed, the bokslut and the deviations as formulas."""
    assert lay.forecast_flik is not None
    ws = wb.create_sheet(lay.forecast_flik)
    ws["A1"] = f"Prognossäkerhet, Årets resultat – {label_of(data)}, belopp i tkr"
    ws["A1"].font = Font(bold=True, size=12)
    for number, header in enumerate(("Avstämningstillfälle", "Prognos", "Avvikelse från bokslut"), start=1):
        ws.cell(3, number, header).font = BOLD
    points = data[lay.forecast_flik]
    bokslut_row = 4 + len(FORECAST_POINTS)
    for i, label in enumerate(FORECAST_POINTS):
        r = 4 + i
        ws.cell(r, 1, label)
        ws[f"B{r}"] = points[label]["prognos"]
        ws[f"C{r}"] = f"=B${bokslut_row}-B{r}"
    ws.cell(bokslut_row, 1, f"Bokslut {YEAR}")
    ws[f"B{bokslut_row}"] = f"='{lay.drift_flik}'!{lay.col['utfall']}{drift_row(RESULTAT)}"
    for r in range(4, bokslut_row + 1):
        for col in "BC":
            ws[f"{col}{r}"].number_format = AMOUNT_FORMAT
    ws.cell(bokslut_row, 1).font = BOLD
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 15
    ws.column_dimensions["C"].width = 24


def write_listing(
    wb: Workbook, flik: str, columns: dict[str, str], records: list[dict[str, Any]], widths: list[int]
) -> None:
    ws = wb.create_sheet(flik)
    ws.append(list(columns.values()))
    for cell in ws[1]:
        cell.font = BOLD
    for record in records:
        ws.append([record.get(key) for key in columns])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    ws.freeze_panes = "A2"


def write_stat_table(wb: Workbook, flik: str, table: dict[str, dict[str, float]], number_format: str) -> None:
    write_listing(
        wb,
        flik,
        stat_columns(flik),
        [{"rad": row, **table[row]} for row in STAT_FLIKAR[flik][1]],
        [36 if flik == FLIK_PERSONALSTATISTIK else 24, 10, 10],
    )
    for row in wb[flik].iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "0" if isinstance(cell.value, int) else number_format


def build_workbook(data: dict[str, Any], lay: Layout = DELAR, placeholders: bool = False) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = FLIK_UPPGIFTER
    u = data[FLIK_UPPGIFTER]
    for label, value in (("Ansvar", u["ansvar"]), ("Namn", u["namn"]), ("År", u["år"])):
        ws.append([label, value])
        ws.cell(ws.max_row, 1).font = BOLD
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40

    write_drift(wb, data, lay)
    if lay.inv_flik:
        write_investments(wb, data, placeholders, lay)
    if lay.forutb_flik:
        write_prepaid(wb, data, placeholders, lay)
    if lay.forecast_flik:
        write_forecasts(wb, data, lay)

    texts = data[FLIK_TEXTER]
    write_listing(
        wb,
        FLIK_TEXTER,
        TEXT_LISTING,
        [{"avsnitt": s, "text": texts.get(s)} for s in lay.text_sections],
        [48, 100],
    )
    drift_texts = data[FLIK_TEXTER_DRIFT]
    write_listing(
        wb,
        FLIK_TEXTER_DRIFT,
        DRIFT_TEXT_LISTING,
        [{"kontogrupp": row, **drift_texts.get(row, {})} for row in DRIFT_INPUT],
        [26, 60, 50, 50, 50],
    )
    if FLIK_INTERNA in data:
        columns = internal_columns(lay)
        write_listing(wb, FLIK_INTERNA, columns, data[FLIK_INTERNA], [26, 10, *(16 for _ in lay.col)])
    if not lay.full:
        return wb
    write_listing(wb, FLIK_MAL, MAL_COLUMNS, data[FLIK_MAL], [6, 40, 40, 30, 20, 70])
    keytal = [{"mål_nr": g["nr"], **k} for g in data[FLIK_MAL] for k in g["nyckeltal"]]
    write_listing(wb, FLIK_NYCKELTAL, NYCKELTAL_COLUMNS, keytal, [8, 60, 12, 12, 12, 12])
    for flik, (columns, widths) in LISTINGS.items():
        write_listing(wb, flik, columns, data[flik], widths)
    for flik in lay.stat_fliks:
        write_stat_table(wb, flik, data[flik], "0.0")
    return wb
