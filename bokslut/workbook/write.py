"""Write the workbook: the text, list and personnel flikar, the instruction flik, the whole
book for one node, and saving it (atomically, with fixed times for reruns)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bokslut.arsplan import WHO, Plan, when_text
from bokslut.atomic import write_atomically
from bokslut.domain import (
    DRIFT_TEXTS,
    DRIFT_TEXTS_FIRST,
    INSTRUCTION_FLIK,
    INTERNAL_HEADER,
    LISTINGS,
    MONTHS,
    REPORTS,
    RISK_BANDS,
    RISK_HANDLINGS,
    RISK_SCALE,
    STAT_TABLES,
    TABLES,
    TEXTS_HEADER,
    UNIT_LEVELS,
    FlikNames,
    ListingSpec,
    Period,
    StatTable,
    internal_rows,
)
from bokslut.organisation import Node, Organisation
from bokslut.text import file_safe
from bokslut.workbook.plan import YearFlik, drop_downs, report_serves, reports_text, year_fliks
from bokslut.workbook.style import (
    AMOUNT_FORMAT,
    WRAP,
    Validations,
    protect,
    put_formula,
    put_title,
    put_value,
    set_page,
)
from bokslut.workbook.tables import Layout, amount_of, given_row, write_forecasts, write_table

#: empty rows of a list flik (goals, uppdrag, ...), besides the prefilled ones
BLANK_LISTING_ROWS = 8
#: rows of the internal flik: one per kontogrupp and motpart (more may be inserted)
BLANK_INTERNAL_ROWS = 12


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
    header = put_title(ws, title, node, "Skriv i de gula cellerna. Tomma avsnitt blir tomma i dokumentet.")
    for i, text in enumerate(headers, start=1):
        put_value(ws, header, i, text, "header")
    for r, label in enumerate(labels, start=header + 1):
        put_value(ws, r, 1, label, "locked")
        given = prefill.get(label)
        for i in range(2, len(headers) + 1):
            value = given if keys is None else (given.get(keys[i - 2]) if isinstance(given, Mapping) else None)
            put_value(ws, r, i, value if isinstance(value, str) else None, "input")
        ws.row_dimensions[r].height = 48
    ws.column_dimensions["A"].width = 36
    width = 100 if len(headers) == 2 else 45
    for i in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    set_page(ws, header)
    protect(ws)


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
    `signals`: the labels the Bedömning column (a unit's uppdrag: Status) offers; `prompt`: shown when a cell of it is chosen."""
    spec: ListingSpec = LISTINGS[flik.key]
    headers = spec.headers(year, unit=node.level in UNIT_LEVELS)
    answer = headers.get("bedömning", "Bedömning")
    hint = spec.hint or (
        "Det som är förifyllt (grått) har beslutats på nivån ovanför; skriv er kommentar och "
        f"{answer.lower()} i de gula cellerna."
        if items
        else "Skriv en rad per punkt i de gula cellerna."
    )
    header = put_title(ws, f"{flik.name} – {reports_text(flik.reports, year)}", node, hint)
    for i, text in enumerate(headers.values(), start=1):
        put_value(ws, header, i, text, "header")
    checks = Validations(ws)
    rows = [*items, *({} for _ in range(BLANK_LISTING_ROWS))]
    for r, item in enumerate(rows, start=header + 1):
        for i, key in enumerate(headers, start=1):
            value = item.get(key)
            value = None if value is None else str(value)
            fixed = bool(item) and key in spec.definition and value
            # Text, as the model reads it: "8,7 %" typed in a number cell would become 0.087.
            put_value(ws, r, i, value, "locked" if fixed else "input").number_format = "@"
            if key == "bedömning" and signals:
                checks.choice(f"{get_column_letter(i)}{r}", signals, prompt, answer)
        ws.row_dimensions[r].height = 45
    widths = {"nr": 6, "mål_nr": 8, "bedömning": 24, "frekvens": 14, "agenda_2030": 14, "prioriterat_mål": 30}
    widths |= {"utfall": 12, "utfall_fg": 12, "analys": 60, "sannolikhet": 12, "konsekvens": 12, "riskvärde": 10}
    widths |= {"hantering": 26, "från": 18, "målvärde": 12, "nuläge": 12}
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
        "indikator",
        "motivering",
        "beskrivning",
        "risk",
    }
    for i, key in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(key, 40 if key in long_ else 16)
    set_page(ws, header)
    protect(ws)


def write_internal(ws: Worksheet, flik: YearFlik, node: Node, year: int) -> None:
    """The internal part of the drift rows (docs/indata.md), empty rows to fill: the kontogrupp
    chosen from the rows a sale between units can be part of, the motpart an ansvar code kept as
    text, the amounts under the drift flikar's column titles (each report reads its own)."""
    amounts = flik.internal_columns(year)
    hint = (
        "Den del av driftflikens belopp som är sålt till eller köpt från en annan enhet i kommunen: en rad "
        "per kontogrupp och motpart. Beloppen ingår redan i driftfliken. Intäkter utan minustecken, kostnader "
        "med. Fyll i kolumnerna för den rapport som lämnas."
    )
    header = put_title(ws, f"{flik.name} – interna köp och försäljningar {year}", node, hint)
    for i, text in enumerate((*INTERNAL_HEADER, *amounts), start=1):
        put_value(ws, header, i, text, "header", right=i > 2)
    ws.row_dimensions[header].height = 45
    kontogrupper = [r.label for r in internal_rows()]
    checks = Validations(ws)
    for r in range(header + 1, header + 1 + BLANK_INTERNAL_ROWS):
        put_value(ws, r, 1, None, "input")
        checks.choice(f"A{r}", kontogrupper, "Driftraden som beloppen är en del av.", "Kontogrupp")
        put_value(ws, r, 2, None, "input").number_format = "@"
        checks.note(f"B{r}", "Motpart", "Ansvarskoden för den andra parten, t.ex. 81911.")
        for i in range(3, len(amounts) + 3):
            put_value(ws, r, i, None, "input", number=AMOUNT_FORMAT)
            checks.whole(f"{get_column_letter(i)}{r}", 0)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 14
    for i in range(3, len(amounts) + 3):
        ws.column_dimensions[get_column_letter(i)].width = 15
    set_page(ws, header)
    protect(ws)


def write_risks(ws: Worksheet, year: int) -> None:
    """The väsentlighets- och riskanalys over a written list flik: sannolikhet and konsekvens as
    whole numbers 1–4, the riskvärde their product (a locked formula), and the hantering chosen
    from a list whose prompt gives the bands (`domain.RISK_BANDS`); validation checks the band."""
    spec = LISTINGS["risker"]
    keys = list(spec.headers(year))
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == spec.headers(year)["nr"])
    at = {key: keys.index(key) + 1 for key in ("sannolikhet", "konsekvens", "riskvärde", "hantering")}
    p, c = (get_column_letter(at[k]) for k in ("sannolikhet", "konsekvens"))
    low, high = RISK_SCALE
    checks = Validations(ws)
    bands = "; ".join(f"{b.span}: {b.labels().replace('”', '')}" for b in RISK_BANDS)
    labels = [RISK_HANDLINGS[k].label for b in RISK_BANDS for k in b.handlings]
    for r in range(header + 1, ws.max_row + 1):
        for key in ("sannolikhet", "konsekvens"):
            cell = ws.cell(r, at[key])
            typed = str(cell.value or "").strip()
            if typed.isdigit():  # anything else stays the text it was written as (never a formula)
                cell.value = int(typed)
            cell.number_format = "0"
            checks.scale(cell.coordinate, low, high)
        formula = f'=IF(COUNT({p}{r},{c}{r})<2,"",{p}{r}*{c}{r})'
        put_formula(ws, r, at["riskvärde"], formula, "locked", number="0")
        checks.choice(ws.cell(r, at["hantering"]).coordinate, labels, f"Efter riskvärdet: {bands}.", "Hantering")


def write_stat(ws: Worksheet, flik: YearFlik, node: Node, year: int, prefill: Mapping[str, Any]) -> None:
    table: StatTable = STAT_TABLES[flik.key]
    hint = "Fyll i de gula cellerna; förändringen räknas fram."
    header = put_title(ws, f"{table.flik} – {reports_text(flik.reports, year)}", node, hint)
    for i, text in enumerate((table.first, str(year - 1), str(year), table.change), start=1):
        put_value(ws, header, i, text, "header", right=i > 1)
    number = {1: "0.0", 0: "0"}.get(table.places if table.places is not None else -1, "General")
    checks = Validations(ws)
    for r, label in enumerate(table.rows, start=header + 1):
        given = given_row(prefill, label)
        put_value(ws, r, 1, label, "locked")
        for i, key in ((2, "fg"), (3, "år")):
            value = amount_of(given.get(key))
            put_value(ws, r, i, value, "prefilled" if value is not None else "input", number=number)
            checks.decimal(f"{get_column_letter(i)}{r}")
        put_formula(ws, r, 4, f'=IF(COUNT(B{r}:C{r})<2,"",C{r}-B{r})', "locked", number=number)
    ws.column_dimensions["A"].width = 40
    for letter in "BCD":
        ws.column_dimensions[letter].width = 14
    ws.column_dimensions["D"].width = 18
    set_page(ws, header)
    protect(ws)


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
        put_value(ws, r, 1, label, "locked", bold=True)
        put_value(ws, r, 2, value, "locked")
        ws.cell(r, 2).alignment = Alignment(horizontal="left")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 50
    protect(ws)


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
        (
            "Interna poster",
            "Det som är sålt till eller köpt från en annan enhet i kommunen står kvar i driftfliken; skriv "
            "dessutom den delen på fliken Interna poster, med kontogrupp och motpartens ansvarskod. Den räknas bort "
            "på den nivå där båda parterna ingår (avdelningen, nämnden eller kommunen).",
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
        put_value(ws, row, i, text, "header")
    ws.column_dimensions["C"].width = 34
    row += 1
    for report in sorted(REPORTS.values(), key=lambda r: r.months[0]):
        if report.summary:
            continue  # a sammanställning reads its report's flikar and has none of its own
        names = [f.name for f in fliks if report in f.reports]
        if not report_serves(report, node.level) or not names:
            continue
        delivered = report.input_of or report.key  # a unit follow-up is handed in with its report
        dues = [
            when_text(d) if len(report.months) == 1 else f"{MONTHS[m - 1]}: {when_text(d)}"
            for key, m in plan.periods()
            if key == delivered and (d := plan.deadline(Period(year, m, key), node.level)) is not None
        ]
        due = "; ".join(dues) or "enligt kommunens anvisningar"
        put_value(ws, row, 1, reports_text([report], year), "locked", bold=True)
        put_value(ws, row, 2, ", ".join(names), "locked")
        put_value(ws, row, 3, due, "locked")
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
    protect(ws)


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
    drifts: dict[tuple[str, ...], tuple[str, Layout]] = {}
    signals = drop_downs(fliks, node.level)
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
            report = flik.reports[0]
            title = f"{flik.name} – {reports_text(flik.reports, year) if report.plan else f'texter till rapporterna {year}'}"
            write_keyed_texts(ws, title, node, TEXTS_HEADER, list(report.texts.values()), data)
        elif flik.kind == "drift_texts":
            labels = [r.label for r in TABLES["drift"].rows if r.is_input]
            headers = (DRIFT_TEXTS_FIRST, *DRIFT_TEXTS.values())
            keys = ("prognos", "prognosförändring", "utfall", "jämförelse")
            title = f"{flik.name} – egna texter per kontogrupp {year}"
            write_keyed_texts(ws, title, node, headers, labels, data, keys)
        elif flik.kind == "internal":
            write_internal(ws, flik, node, year)
        elif flik.kind == "listing":
            labels, prompt = signals.get(flik.key, ([], ""))
            write_listing(ws, flik, node, year, _listing_items(flik, prefill, names), labels, prompt)
            if flik.key == "risker":
                write_risks(ws, year)
        elif flik.kind == "stat":
            write_stat(ws, flik, node, year, data)
    book.properties.creator = "bokslut"
    book.properties.title = f"Uppföljning {year} – {node.ansvar} {node.name}"
    return book


#: A nyckeltal flik → the goals' flik whose goals carry its rows in the JSON form.
_KPI_GOALS = {"nyckeltal": "mal", "budgetnyckeltal": "budgetmal"}


def _listing_items(flik: YearFlik, prefill: Mapping[str, Any], names: FlikNames) -> list[Mapping[str, Any]]:
    """The prefilled rows of a list flik; a nyckeltal flik's come from its goals' nyckeltal."""
    if flik.key in _KPI_GOALS:
        goals = prefill.get(getattr(names, _KPI_GOALS[flik.key]))
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
