"""Read one ansvar's workbook: the mall's tables and the text flikar, cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bokslut.domain import (
    DEFAULT_FLIK_SET,
    DRIFT_TEXTS,
    DRIFT_TEXTS_FIRST,
    FLIK_SETS,
    FORECAST_HEADER,
    FORECAST_POINTS,
    INTERNAL_HEADER,
    LISTINGS,
    STAT_TABLES,
    TABLES,
    TEXTS_HEADER,
    ListingSpec,
    ReportSpec,
    RowKind,
    StatTable,
    loose,
    other_reports_flik,
    year_flik_names,
)
from bokslut.issues import Issue, Source, error, warning
from bokslut.model import SourceMap, flik_aliases
from bokslut.organisation import Organisation
from bokslut.sources.base import RawInput, expected_fliks
from bokslut.sources.workbook import (
    Book,
    Cell,
    Fingerprint,
    HeaderNotFound,
    Record,
    Sheet,
    last_header_row,
    locate_header,
    match_columns,
    merged_over_data,
    missing_flik,
    open_workbook,
    read_records,
    renamed_flik,
    renamed_issue,
)

AMOUNT_HEADER = "Belopp i tkr"
PLACEHOLDER = "x"  # the mall's empty project rows


def read_workbook(
    path: Path, report: ReportSpec, year: int, organisation: Organisation | None = None
) -> tuple[RawInput | None, list[Issue]]:
    """One workbook's input. With the `organisation`, a missing table flik is named as the
    workbook's node reports on it (”8 RR VA delår” for VA), not by the skattefinansierade name."""
    fliks = flik_aliases(report)
    kpi_key = "budgetnyckeltal" if report.plan else "nyckeltal"
    kpi_flik = getattr(report.fliks, kpi_key)
    book, issues = open_workbook(path, [*fliks.values(), kpi_flik])
    if book is None:
        return None, issues
    raw = RawInput({}, SourceMap(Source.of(path)))
    raw.flik_set = _other_flik_set(book, report)
    opened = len(issues)
    reader = _Reader(book, raw, report, year, issues)
    reader.read_all(fliks)
    # said before what was read in the flikar there are, as a person fixes them: the flikar first
    own, why = expected_fliks(organisation, raw.ansvar(fliks["uppgifter"]), report)
    issues[opened:opened] = _absent(book, report, year, [*fliks.items(), (kpi_key, kpi_flik)], own, why)
    return raw, issues


def _absent(
    book: Book, report: ReportSpec, year: int, fliks: list[tuple[str, str]], own: dict[str, str], why: str
) -> list[Issue]:
    """The flikar the workbook lacks: renamed ones, and required ones that are not there. A table
    flik is named as the node reports on it (`own`, with `why` saying which set that is)."""
    required = [dict(fliks)["uppgifter"], *report.table_fliks.values()]
    known = year_flik_names()
    prints = fingerprints(report, year)
    issues: list[Issue] = []
    for key, flik in fliks:
        if flik in book.sheets:
            continue
        name = own.get(key, flik)
        actual = renamed_flik(book, name, prints[key], known) if key in prints else None
        if actual is not None:
            issues.append(renamed_issue(book, name, actual, required=flik in required))
        elif flik in required:
            issues.append(_missing(book, name, report, why if key in own and name != flik else ""))
    return issues


def _other_flik_set(book: Book, report: ReportSpec) -> str | None:
    """The flik set the workbook's table flikar are named by. A verksamhet's own flik (”8 RR VA
    delår”) is read as the report's table (the sheet keeps its name, so messages show it); a
    workbook with the skattefinansierade flikar is skattefinansierad; one with no drift flik at
    all says nothing (None): the missing flik is named as its node reports on it."""
    names = {loose(n): n for n in book.all_names}
    for flik_set in FLIK_SETS.values():
        if flik_set.key == DEFAULT_FLIK_SET:
            continue
        own = {k: f for k, f in flik_set.fliks_of(report).items() if f != report.table_fliks[k]}
        found = {k: names[loose(f)] for k, f in own.items() if loose(f) in names}
        for key, actual in found.items():  # read even without the drift flik: it alone is missing
            if report.table_fliks[key] not in book.sheets:
                book.sheets[report.table_fliks[key]] = book.every[actual]
        if "drift" in found:
            return flik_set.key
    return DEFAULT_FLIK_SET if report.table_fliks["drift"] in book.sheets else None


def _missing(book: Book, flik: str, report: ReportSpec, why: str = "") -> Issue:
    """A required flik that is not there; when none of the report's flikar is, maybe the wrong report."""
    issue = missing_flik(book, flik, why)
    if any(f in book.sheets for f in report.table_fliks.values()):
        return issue
    strays = [(n, r) for n in book.all_names if (r := other_reports_flik(n, report)) is not None]
    if not strays:
        return issue
    name, other = strays[0]
    hint = (
        f" Fliken ”{name}” hör till {other.period_word}, inte till {report.period_word}: "
        "kontrollera att du kör rätt rapport med rätt arbetsbok."
    )
    return Issue(issue.severity, issue.message + hint, issue.source, issue.ansvar, issue.code)


def fingerprints(report: ReportSpec, year: int) -> dict[str, Fingerprint]:
    """What each flik of the report looks like inside, field name → fingerprint, to spot a renamed one."""
    prints = {
        key: Fingerprint(
            AMOUNT_HEADER,
            tuple(c.title(year) for c in report.columns_of(key)),
            tuple(r.label for r in TABLES[key].rows),
        )
        for key in report.table_fliks
    }
    prints["texter"] = Fingerprint(TEXTS_HEADER[0], TEXTS_HEADER[1:])
    prints["texter_drift"] = Fingerprint(DRIFT_TEXTS_FIRST, tuple(DRIFT_TEXTS.values()))
    for key, listing in LISTINGS.items():
        first, *rest = listing.headers(year).values()
        prints[key] = Fingerprint(first, tuple(rest))
    prints["prognossakerhet"] = Fingerprint(FORECAST_HEADER[0], FORECAST_HEADER[1:])
    prints["interna"] = Fingerprint(INTERNAL_HEADER[0], INTERNAL_HEADER[1:])
    for key, table in STAT_TABLES.items():
        prints[key] = Fingerprint(table.first, (str(year - 1), str(year)))
    return prints


class _Reader:
    def __init__(self, book: Book, raw: RawInput, report: ReportSpec, year: int, issues: list[Issue]):
        self.book, self.raw, self.report, self.year, self.issues = book, raw, report, year, issues
        self.uncached: dict[str, list[str]] = {}
        #: computed cells whose formula gave a spreadsheet error, as "flik" cell
        self.failed: list[str] = []

    def read_all(self, fliks: dict[str, str]) -> None:
        readers = {
            "uppgifter": self.uppgifter,
            "texter": self.texter,
            "texter_drift": self.texter_drift,
            "mal": self.mal,
            "uppdrag": self.uppdrag,
            "internkontroll": self.internkontroll,
            "arbetsmiljo": self.arbetsmiljo,
            "prognossakerhet": self.prognossakerhet,
            "faktorer": self.faktorer,
            "interna": self.interna,
            "budgetmal": self.budgetmal,
            "budgetuppdrag": self.plain_listing,
            "budgetarbetsmiljo": self.plain_listing,
            "risker": self.plain_listing,
            "kontrollplan": self.plain_listing,
        }
        self.keys = {flik: key for key, flik in fliks.items()}
        for key, flik in fliks.items():
            sheet = self.book.sheets.get(flik)
            if sheet is None:
                continue
            self.raw.sources.record((flik,), sheet.source)
            try:
                if key in self.report.table_fliks:
                    self.table(flik, sheet, key)
                elif key in STAT_TABLES:
                    self.stat_table(flik, sheet, STAT_TABLES[key])
                else:
                    readers[key](flik, sheet)
            except HeaderNotFound as exc:
                self.issues.append(exc.issue)
        self.report_uncached()

    # -- helpers --------------------------------------------------------------------------

    def put(self, path: tuple[str | int, ...], cell: Cell, *, computed: bool = False) -> Any:
        """Record where a value came from and return it as the model should see it."""
        self.raw.sources.record(path, cell.source)
        if computed and cell.failed:
            self.failed.append(f"”{cell.source.flik}” {cell.source.cell}")
            self.raw.uncached.add(path)
            return None
        if cell.uncached:
            if computed:
                self.raw.uncached.add(path)
            else:
                self.raw.unreadable.add(path)
                msg = (
                    f"Cellen har formeln {cell.formula} men inget sparat värde: arbetsboken sparades "
                    "av ett program som inte räknar om formler. Öppna och spara den i Excel eller "
                    "LibreOffice, eller skriv in talet."
                )
                self.issues.append(error("excel.formel_utan_varde", msg, cell.source))
            return None
        if computed and cell.formula is not None:
            self.raw.formulas.add(path)
        return cell.value

    def records(self, sheet: Sheet, columns: dict[str, str], required: tuple[str, ...] = ()) -> list[Record]:
        return read_records(sheet, columns, required=required)

    # -- the mall's tables ------------------------------------------------------------------

    def table(self, flik: str, sheet: Sheet, table_key: str) -> None:
        table = TABLES[table_key]
        header = locate_header(sheet, AMOUNT_HEADER)
        titles = {c.key: c.title(self.year) for c in self.report.columns_of(table_key)}
        inputs = tuple(c.key for c in self.report.input_columns_of(table_key))
        columns, issues = match_columns(sheet, header, titles, required=inputs)
        self.issues.extend(issues)
        self.issues.extend(merged_over_data(sheet, header, columns.values()))
        out: dict[str, Any] = {}
        group: str | None = None
        uncached_seen: list[str] = []
        for row in sheet.rows_after(last_header_row(sheet, header)):
            label_cell = sheet.cell(row, 1)
            label = str(label_cell.value or "").strip()
            cells = {k: sheet.cell(row, c) for k, c in columns.items()}
            if not label and all(c.empty for c in cells.values()):
                continue
            spec = table.find_row(label) if label else None
            if (
                spec is not None
                and spec.label in out
                and (spec.kind is not RowKind.GROUP or "summa" in out[spec.label])
            ):
                self.issues.append(_twice(spec.label, self.raw.sources.at((flik, spec.label)), label_cell.source))
                group = None
                continue
            if spec is not None:
                group = spec.label if spec.kind is RowKind.GROUP else None
                computed_row = spec.kind is not RowKind.INPUT and spec.kind is not RowKind.PART
                target: tuple[str | int, ...] = (
                    (flik, spec.label, "summa") if spec.kind is RowKind.GROUP else (flik, spec.label)
                )
                values = self.amounts(target, cells, computed_row, uncached_seen)
                self.raw.sources.record((flik, spec.label), label_cell.source)
                if spec.kind is RowKind.GROUP:
                    out.setdefault(spec.label, {"projekt": []})["summa"] = values
                else:
                    out[spec.label] = values
                continue
            if loose(label) in ("", PLACEHOLDER) and self._nothing_typed(cells):
                continue  # the mall's empty "x" rows, or a row of formulas only
            if group is None or not table.has_projects:
                msg = self._unknown_row_message(label, table_key)
                self.issues.append(error("excel.okand_rad", msg, label_cell.source))
                continue
            projects = out.setdefault(group, {"projekt": []})["projekt"]
            path = (flik, group, "projekt", len(projects))
            self.raw.sources.record(path, label_cell.source)
            values = self.amounts(path, cells, False, uncached_seen)
            self.raw.sources.record((*path, "namn"), label_cell.source)
            projects.append({"namn": label, **values})
        self.raw.data[flik] = out
        if uncached_seen:
            self.uncached[sheet.name] = uncached_seen
        self.stray_numbers(sheet, header, set(columns.values()))

    def stray_numbers(self, sheet: Sheet, header: int, read: set[int]) -> None:
        """Numbers in columns the table does not have are not read: say so, rather than lose them."""
        rows = sheet.rows_after(last_header_row(sheet, header))
        stray = [
            sheet.cell(r, c).source.cell or ""
            for r in rows
            for c in sheet.columns.get(r, ())
            if c != 1 and c not in read and _is_number(sheet.value(r, c))
        ]
        if stray:
            shown = ", ".join(stray[:3]) + (f" och {len(stray) - 3} till" if len(stray) > 3 else "")
            msg = (
                f"Belopp i {shown} står utanför tabellens kolumner och läses inte. Flytta dem till rätt kolumn "
                "eller ta bort dem."
            )
            self.issues.append(warning("excel.utanfor_tabellen", msg, sheet.source.at(cell=stray[0])))

    def _nothing_typed(self, cells: dict[str, Cell]) -> bool:
        """No input typed in the row: its cells are empty, or formulas of a computed column (Avv., Diff.)."""
        return all(
            c.empty or c.uncached or (c.formula is not None and not self.report.column(k).is_input)
            for k, c in cells.items()
        )

    def report_uncached(self) -> None:
        """One warning per workbook for sum and deviation formulas that were never calculated or failed."""
        if self.failed:
            shown = ", ".join(self.failed[:6]) + (" …" if len(self.failed) > 6 else "")
            msg = (
                f"Summor eller avvikelser visar fel i arbetsboken ({shown}), troligen för att ett belopp är skrivet "
                "som text. bokslut beräknar dem från raderna; skriv beloppen som tal så stämmer arbetsboken också."
            )
            self.issues.append(warning("excel.formel_fel", msg, Source.of(self.book.path)))
        if not self.uncached:
            return
        shown = "; ".join(f"”{flik}” {cells[0]}–{cells[-1]}" for flik, cells in self.uncached.items())
        msg = (
            f"Summor och avvikelser är formler utan sparade värden ({shown}): arbetsboken sparades av ett "
            "program som inte räknar om. bokslut beräknar dem från raderna; öppna och spara arbetsboken i "
            "Excel eller LibreOffice om du vill se dem i filen."
        )
        self.issues.append(warning("excel.summor_ej_beraknade", msg, Source.of(self.book.path)))

    def amounts(
        self, path: tuple[str | int, ...], cells: dict[str, Cell], computed_row: bool, uncached: list[str]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, cell in cells.items():
            computed = computed_row or not self.report.column(key).is_input
            if cell.uncached and computed:
                uncached.append(cell.source.cell or "")
            value = self.put((*path, key), cell, computed=computed)
            if value is not None and str(value).strip() != "":
                values[key] = value
        return values

    def _unknown_row_message(self, label: str, table_key: str) -> str:
        table = TABLES[table_key]
        known = ", ".join(f"”{r.label}”" for r in table.rows)
        if table.has_projects:
            return f"Raden ”{label}” står före första kategorin. Flytta projektet under rätt kategori ({known})."
        return f"Okänd rad ”{label}”. Raderna i tabellen är: {known}. Rätta radens namn i kolumn A."

    # -- text flikar ------------------------------------------------------------------------

    def uppgifter(self, flik: str, sheet: Sheet) -> None:
        fields = {"ansvar": "Ansvar", "namn": "Namn", "år": "År", "månad": "Månad"}
        out: dict[str, Any] = {}
        for row in sheet.rows_after(0, until=30):
            label = loose(str(sheet.value(row, 1) or ""))
            for key, title in fields.items():
                if label == loose(title):
                    value = self.put((flik, key), sheet.cell(row, 2))
                    if value is not None:
                        out[key] = value
        if "ansvar" not in out:
            msg = "Ansvarskoden saknas. Skriv ”Ansvar” i kolumn A och koden i kolumn B."
            self.issues.append(error("excel.ansvar_saknas", msg, sheet.source))
        self.raw.data[flik] = out

    def keyed_texts(self, flik: str, sheet: Sheet, first: str, labels: dict[str, str], columns: dict[str, str]) -> None:
        out: dict[str, Any] = {}
        rows: dict[str, Source] = {}
        known = {loose(lbl): lbl for lbl in labels.values()}
        for record in self.records(sheet, {"label": first} | columns):
            name = known.get(loose(str(record.label.value or "")))
            if name is None:
                allowed = ", ".join(f"”{lbl}”" for lbl in labels.values())
                msg = f"Okänt avsnitt ”{record.label.value}”. Använd något av: {allowed}."
                self.issues.append(error("excel.okant_avsnitt", msg, record.label.source))
                continue
            if name in rows:
                self.issues.append(_twice(name, rows[name], record.label.source))
                continue
            rows[name] = record.label.source
            self.raw.sources.record((flik, name), record.label.source)
            if list(columns) == ["text"]:
                out[name] = self.put((flik, name), record.cells["text"])
            else:
                out[name] = {k: self.put((flik, name, k), record.cells[k]) for k in columns}
        self.raw.data[flik] = out

    def texter(self, flik: str, sheet: Sheet) -> None:
        first, text = TEXTS_HEADER
        self.keyed_texts(flik, sheet, first, self.report.texts, {"text": text})

    def texter_drift(self, flik: str, sheet: Sheet) -> None:
        rows = {r.key: r.label for r in TABLES["drift"].rows if r.is_input}
        columns = {
            "prognos": DRIFT_TEXTS["prognos"],
            "prognosförändring": DRIFT_TEXTS["prognosforandring"],
            "utfall": DRIFT_TEXTS["utfall"],
            "jämförelse": DRIFT_TEXTS["jamforelse"],
        }
        self.keyed_texts(flik, sheet, DRIFT_TEXTS_FIRST, rows, columns)

    def listing(
        self,
        flik: str,
        sheet: Sheet,
        columns: dict[str, str],
        optional: tuple[str, ...] = (),
        computed: tuple[str, ...] = (),
    ) -> list[dict[str, Any]]:
        """One object per row; `computed` columns hold the workbook's own formulas (a risk's
        riskvärde), so a row with nothing but such a formula is an empty row."""
        out: list[dict[str, Any]] = []
        required = tuple(k for k in columns if k not in optional)
        for record in self.records(sheet, columns, required=required[1:]):
            typed = {k: c for k, c in record.cells.items() if k not in computed}
            if computed and all(c.empty for c in typed.values()):
                continue
            path = (flik, len(out))
            self.raw.sources.record(path, record.source)
            out.append({k: self.put((*path, k), c, computed=k in computed) for k, c in record.cells.items()})
        return out

    def mal(self, flik: str, sheet: Sheet) -> None:
        goals = self.listing(flik, sheet, LISTINGS["mal"].headers(self.year))
        self.raw.data[flik] = goals
        self.key_figures(flik, goals, self.report.fliks.nyckeltal, LISTINGS["nyckeltal"])

    def budgetmal(self, flik: str, sheet: Sheet) -> None:
        """The budget's goals and, from their own flik, the nyckeltal of each by the goal's number."""
        spec = LISTINGS["budgetmal"]
        goals = self.listing(flik, sheet, spec.headers(self.year), spec.optional)
        self.raw.data[flik] = goals
        self.key_figures(flik, goals, self.report.fliks.budgetnyckeltal, LISTINGS["budgetnyckeltal"])

    def plain_listing(self, flik: str, sheet: Sheet) -> None:
        """A list flik of the budget, one row per item, by its ListingSpec (the field's key)."""
        spec = LISTINGS[self.keys[flik]]
        computed = ("riskvärde",) if spec.key == "risker" else ()
        self.raw.data[flik] = self.listing(flik, sheet, spec.headers(self.year), spec.optional, computed)

    def key_figures(self, flik: str, goals: list[dict[str, Any]], kpi_flik: str, spec: ListingSpec) -> None:
        kpi_sheet = self.book.sheets.get(kpi_flik)
        if kpi_sheet is None:
            return
        columns = spec.headers(self.year)
        by_nr = {loose(str(g.get("nr") or "")): i for i, g in enumerate(goals)}
        for record in self.records(kpi_sheet, columns, required=("namn",)):
            nr = str(record.cells["mål_nr"].value or "").strip()
            index = by_nr.get(loose(nr))
            if index is None:
                msg = f"Nyckeltalet hör till mål nr ”{nr}”, som inte finns på fliken ”{flik}”. Rätta målets nummer."
                self.issues.append(error("excel.okant_mal", msg, record.cells["mål_nr"].source))
                continue
            kpis = goals[index].setdefault("nyckeltal", [])
            path = (flik, index, "nyckeltal", len(kpis))
            self.raw.sources.record(path, record.source)
            kpis.append({k: self.put((*path, k), c) for k, c in record.cells.items() if k != "mål_nr"})

    def uppdrag(self, flik: str, sheet: Sheet) -> None:
        self.raw.data[flik] = self.listing_of(flik, sheet, LISTINGS["uppdrag"])

    def listing_of(self, flik: str, sheet: Sheet, spec: ListingSpec) -> list[dict[str, Any]]:
        """A list flik under any of the headers it may have (an avdelning's or enhet's uppdrag has
        Status where the nämnd's has Bedömning; older unit workbooks have Bedömning too). When none
        fits, the problem is reported against the plain headers."""
        *alternatives, plain = spec.header_sets(self.year)
        for columns in alternatives:
            try:
                return self.listing(flik, sheet, columns, spec.optional)
            except HeaderNotFound:
                continue
        return self.listing(flik, sheet, plain, spec.optional)

    def internkontroll(self, flik: str, sheet: Sheet) -> None:
        self.raw.data[flik] = self.listing(flik, sheet, LISTINGS["internkontroll"].headers(self.year))

    def arbetsmiljo(self, flik: str, sheet: Sheet) -> None:
        spec = LISTINGS["arbetsmiljo"]
        self.raw.data[flik] = self.listing(flik, sheet, spec.headers(self.year), spec.optional)

    def faktorer(self, flik: str, sheet: Sheet) -> None:
        spec = LISTINGS["faktorer"]
        self.raw.data[flik] = self.listing(flik, sheet, spec.headers(self.year), spec.optional)

    def interna(self, flik: str, sheet: Sheet) -> None:
        """The internal items: kontogrupp, motpart and the amounts under the drift's column titles."""
        amounts = {c.key: c.title(self.year) for c in self.report.input_columns_of("drift")}
        columns = dict(zip(("kontogrupp", "motpart"), INTERNAL_HEADER, strict=True)) | amounts
        self.raw.data[flik] = self.listing(flik, sheet, columns, tuple(amounts))

    def stat_table(self, flik: str, sheet: Sheet, table: StatTable) -> None:
        columns = {"fg": str(self.year - 1), "år": str(self.year)}
        labels = {str(i): label for i, label in enumerate(table.rows)}
        self.keyed_texts(flik, sheet, table.first, labels, columns)
        self.merged_figures(sheet, table.first)

    def merged_figures(self, sheet: Sheet, first: str) -> None:
        """Merged cells among the figures of a small table (personnel, prognossäkerhet) hide values."""
        header = locate_header(sheet, first)
        figures = range(2, max((max(cs) for cs in sheet.columns.values() if cs), default=1) + 1)
        self.issues.extend(merged_over_data(sheet, header, figures))

    def prognossakerhet(self, flik: str, sheet: Sheet) -> None:
        """The forecasts given earlier in the year; the bokslut row is computed, so it is skipped."""
        first, prognos, deviation = FORECAST_HEADER
        self.merged_figures(sheet, first)
        columns = {"prognos": prognos, "avvikelse": deviation}
        out: dict[str, Any] = {}
        known = {loose(label): label for label in FORECAST_POINTS.values()}
        for record in self.records(sheet, {"label": first} | columns, required=("prognos",)):
            text = loose(str(record.label.value or ""))
            if text.startswith("bokslut"):
                continue
            label = known.get(text)
            if label is None:
                allowed = ", ".join(f"”{lbl}”" for lbl in FORECAST_POINTS.values())
                msg = f"Okänt avstämningstillfälle ”{record.label.value}”. Använd {allowed}."
                self.issues.append(error("excel.okant_avsnitt", msg, record.label.source))
                continue
            self.raw.sources.record((flik, label), record.label.source)
            values = {k: self.put((flik, label, k), record.cells[k], computed=k == "avvikelse") for k in columns}
            out[label] = {k: v for k, v in values.items() if v is not None and str(v).strip() != ""}
        self.raw.data[flik] = out


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _twice(label: str, first: Source, again: Source) -> Issue:
    """A row given twice: the second would replace the first without a word."""
    msg = (
        f"Raden ”{label}” finns två gånger (även {first.cell or first}); bara en av dem kan läsas. "
        "Slå ihop raderna eller ta bort den ena."
    )
    return error("excel.dubbel_rad", msg, again)
