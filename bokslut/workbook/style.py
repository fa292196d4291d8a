"""How a generated workbook looks and guards its cells: fills, borders, protection, the data
validations of amounts and signal lists, page setup and the title rows above a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.organisation import Node

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

# --- cells ------------------------------------------------------------------------------------


def style_cell(cell: Any, kind: str, *, number: str | None = None, bold: bool = False, right: bool = False) -> None:
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


def put_value(ws: Worksheet, row: int, col: int, value: Any, kind: str, **style: Any) -> Any:
    """A value in a cell; a text is always text, never a formula, whatever it starts with (names,
    texts from inputs, the store and prefill are untrusted)."""
    cell = ws.cell(row, col)
    if value is not None and value != "":
        cell.value = value
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    style_cell(cell, kind, **style)
    return cell


def put_formula(ws: Worksheet, row: int, col: int, formula: str, kind: str, **style: Any) -> Any:
    """One of bokslut's own formulas (sums, deviations), never text from an input."""
    cell = ws.cell(row, col)
    cell.value = formula
    style_cell(cell, kind, **style)
    return cell


class Validations:
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

    def scale(self, cell: str, low: int, high: int) -> None:
        """A whole number from `low` to `high` (a risk's sannolikhet or konsekvens)."""
        key = f"scale{low}-{high}"
        if key not in self.rules:
            dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high))
            dv.errorTitle = "Fel värde"
            dv.error = f"Skriv ett heltal {low}–{high}."
            dv.promptTitle = f"{low}–{high}"
            dv.prompt = f"Ett heltal {low}–{high}; riskvärdet räknas fram."
            self.add(key, dv)
        self.rules[key].add(cell)

    def choice(self, cell: str, labels: Sequence[str], prompt: str = "", what: str = "Bedömning") -> None:
        """A drop-down of `labels`; `what` is the column's header (a unit's uppdrag: Status)."""
        key = f"list:{what}:" + "|".join(labels)
        if key not in self.rules:
            dv = DataValidation(type="list", formula1='"' + ",".join(labels) + '"')
            dv.errorTitle = f"Okänd {what.lower()}"
            dv.error = f"Välj en {what.lower()} i listan: " + "; ".join(labels) + "."
            if prompt:
                dv.promptTitle = what
                dv.prompt = prompt
            self.add(key, dv)
        self.rules[key].add(cell)

    def note(self, cell: str, title: str, prompt: str) -> None:
        """Any value, with a message shown when the cell is chosen (a motpart: whose code to write)."""
        key = f"note:{title}:{prompt}"
        if key not in self.rules:
            dv = DataValidation()
            dv.promptTitle = title
            dv.prompt = prompt
            self.add(key, dv)
        self.rules[key].add(cell)

    def add(self, key: str, dv: DataValidation) -> None:
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.showInputMessage = bool(dv.prompt)
        self.rules[key] = dv
        self.ws.add_data_validation(dv)


def protect(ws: Worksheet) -> None:
    """Protected without a password; rows may be inserted (new projects) and sizes changed."""
    ws.protection.sheet = True
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def set_page(ws: Worksheet, header_row: int | None) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        ws.freeze_panes = f"B{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"


def put_title(ws: Worksheet, title: str, node: Node, hint: str) -> int:
    """Title, node and hint at the top; returns the row of the table's header."""
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.cell(2, 1, f"{node.ansvar} {node.name}").font = Font(bold=True)
    ws.cell(3, 1, hint).font = Font(italic=True, color="595959")
    return 5
