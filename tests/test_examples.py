"""The example organisation as a user checks it: broken inputs give the right message at the
right cell, and the nämnd's tables in the rendered document add up from the units' own files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from bokslut import domain
from bokslut.domain import DELARSBOKSLUT
from bokslut.issues import Severity
from scripts.examples import format as ex
from scripts.examples import settings as ex_settings
from tests.conftest import VON, check, example_nodes, render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BROKEN = EXAMPLES / "broken"
RR = "8 RR skattefin övriga delår"


@pytest.mark.parametrize(
    ("file", "code", "where", "words"),
    [
        ("kostnad-utan-minustecken.xlsx", "belopp.tecken", (RR, "B5"), ["minustecken", "Skriv -51\u00a0030"]),
        (
            "kostnad-utan-minustecken.json",
            "belopp.tecken",
            '$["8 RR skattefin övriga delår"]["Personalkostnader"]["budget"]',
            ["minustecken"],
        ),
        ("summa-stammer-inte.xlsx", "summa.stammer_inte", (RR, "B9"), ["-64\u00a0000", "-63\u00a0000"]),
        ("formel-utan-varde.xlsx", "excel.formel_utan_varde", (RR, "C6"), ["=-1500-390", "inget sparat värde"]),
        ("flik-saknas.xlsx", "excel.flik_saknas", (None, None), ["”8 inv skattefin övriga delår” saknas"]),
        # the workbook claims ansvar 99999, so 81911 of the organisation has no input either
        ("okant-ansvar.xlsx", "ansvar.okant+indata.saknas", ("Uppgifter", "B1"), ["99999"]),
        ("fel-signal.xlsx", "signal.okand", ("Mål", "E2"), ["”Grön”", "”Delvis uppfyllt”"]),
        ("fel-signal.json", "signal.okand", '$["Mål"][0]["bedömning"]', ["”Grön”"]),
        ("text-i-beloppscell.xlsx", "modell.value_error", (RR, "C4"), ["”ca 500” är inte ett belopp"]),
    ],
)
def test_each_broken_example_gives_its_message(file: str, code: str, where: object, words: list[str]) -> None:
    checked = check(BROKEN / "organisation.json", [BROKEN / file], DELARSBOKSLUT, 2022)
    errors = [i for i in checked.issues if i.severity is Severity.ERROR]
    assert [e.code for e in errors] == code.split("+"), [str(e) for e in errors]
    error = errors[0]
    assert error.source.file == file
    if isinstance(where, str):
        assert error.source.json_path == where
    else:
        assert (error.source.flik, error.source.cell) == where
    for word in words:
        assert word in error.message


def test_decimals_are_a_warning_and_rounded_half_up() -> None:
    checked = check(BROKEN / "organisation.json", [BROKEN / "decimaler.xlsx"], DELARSBOKSLUT, 2022)
    assert not [i for i in checked.issues if i.is_error]
    warning = next(i for i in checked.issues if i.code == "belopp.decimaler")
    assert (warning.source.flik, warning.source.cell) == (RR, "C5")
    assert checked.units[0].tables["drift"].row("personal")["prognos"] == -54431  # -54430,6


@pytest.mark.parametrize("file", ["text-som-tal.xlsx", "flik-namn-slarvigt.xlsx"])
def test_valid_on_purpose(file: str) -> None:
    checked = check(BROKEN / "organisation.json", [BROKEN / file], DELARSBOKSLUT, 2022)
    assert not [str(i) for i in checked.issues if i.is_error]


def _sum_from_files() -> dict[str, dict[str, dict[str, int]]]:
    """Every ansvar's own figures summed per table, row label and column, straight from the JSON."""
    sums: dict[str, dict[str, dict[str, int]]] = {"drift": {}, "inv": {}, "forutb": {}}
    keys = ("budget", "prognos", "utfall", "utfall_fg")

    def add(table: str, label: str, values: dict[str, int]) -> None:
        row = sums[table].setdefault(label, dict.fromkeys(keys, 0))
        for k in keys:
            row[k] += values.get(k) or 0

    for ansvar in example_nodes(VON):  # the vård- och omsorgsnämnd's, summed in its document
        data = json.loads((EXAMPLES / "delarsbokslut-2022" / "json" / f"{ansvar}.json").read_text("utf-8"))
        for label, values in data[RR].items():
            add("drift", label, values)
        for table, flik in (("inv", "8 inv skattefin övriga delår"), ("forutb", "8 förutb skattefin ALLA delår")):
            for label, group in data[flik].items():
                for project in group.get("projekt", []) if isinstance(group, dict) else []:
                    add(table, label, project)
                    add(table, "total", project)
    return sums


def _table(doc: DocxDocument, first_label: str) -> dict[str, list[str]]:
    table = next(t for t in doc.tables if len(t.rows) > 1 and t.rows[1].cells[0].text == first_label)
    return {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows[1:]}


def _tkr(text: str) -> int:
    return int(text.replace("\u00a0", ""))


@pytest.mark.slow
def test_namnd_tables_in_the_document_equal_the_sum_of_all_units(tmp_path: Path) -> None:
    checked = check(EXAMPLES / "organisation.json", [EXAMPLES / "delarsbokslut-2022" / "excel"], DELARSBOKSLUT, 2022)
    result = render(checked, DELARSBOKSLUT, 2022, tmp_path, only="8", today=date(2022, 9, 13))
    doc = Document(str(result.rendered[0][1]))
    sums = _sum_from_files()
    columns = {"budget": 0, "prognos": 1, "utfall": 3, "utfall_fg": 4}

    drift = _table(doc, "Verksamhetens intäkter")
    for label, values in sums["drift"].items():
        for key, index in columns.items():
            assert _tkr(drift[label][index]) == values[key], (label, key)
    personal = sums["drift"]["Personalkostnader"]
    assert _tkr(drift["Personalkostnader"][2]) == personal["prognos"] - personal["budget"]
    assert _tkr(drift["Personalkostnader"][5]) == personal["utfall"] - personal["utfall_fg"]

    inv = _table(doc, "Expansionsinvestering")
    for key, index in columns.items():
        assert _tkr(inv["Totala utgifter"][index]) == sums["inv"]["total"][key]
        assert _tkr(inv["Reinvestering"][index]) == sums["inv"]["Reinvestering"][key]
    assert _tkr(inv["Totala utgifter"][2]) == sums["inv"]["total"]["budget"] - sums["inv"]["total"]["prognos"]

    prepaid = _table(doc, "Inkomster")
    for key, index in columns.items():
        assert _tkr(prepaid["Totala inkomster"][index]) == sums["forutb"]["total"][key]


@pytest.mark.slow
def test_the_example_budget_in_excel_is_the_same_submission_as_its_json() -> None:
    """What the store would keep of each ansvar's budget is the same from its workbook and its JSON
    twin (the risk values are the workbook's own formulas, recalculated by LibreOffice)."""
    org = EXAMPLES / "organisation.json"
    books = check(org, [EXAMPLES / "budget-2022" / "excel"], domain.BUDGET, 2022)
    texts = check(org, [EXAMPLES / "budget-2022" / "json"], domain.BUDGET, 2022)
    assert [str(i) for i in books.issues] == []  # not even a sum without its saved value
    from_books = {u.ansvar: u.document for u in books.units}
    assert from_books == {u.ansvar: u.document for u in texts.units}
    assert len(from_books) == len(example_nodes()) and len(from_books["8"]["Internkontrollplan"]) == 7
    risks = next(u for u in books.units if u.ansvar == "8").plan["risker"]
    assert [r.riskvarde for r in risks][:3] == ["9", "6", "12"]


@pytest.mark.slow
def test_flat_export_gives_the_same_drift_as_the_workbooks() -> None:
    """One ekonomisystem sheet for the whole förvaltning feeds the same drift figures."""
    report, year = DELARSBOKSLUT, 2022
    flat = check(EXAMPLES / "organisation.json", [EXAMPLES / "delarsbokslut-2022" / "ekonomisystem"], report, year)
    books = check(EXAMPLES / "organisation.json", [EXAMPLES / "delarsbokslut-2022" / "excel"], report, year)
    assert not [str(i) for i in flat.issues if i.is_error]
    from_flat = {u.ansvar: u.tables["drift"].inputs for u in flat.units}
    from_books = {u.ansvar: u.tables["drift"].inputs for u in books.units}
    assert from_flat == from_books
    assert len(from_flat) == len(example_nodes())


def test_the_example_writer_states_the_format_as_the_domain_does() -> None:
    """scripts/examples re-states the format on purpose (an independent second writer of
    docs/indata.md); this makes a drift between its statement and bokslut/domain.py loud at once,
    not only when the examples are next regenerated."""
    year = ex_settings.YEAR
    layouts = {
        domain.MANADSUPPFOLJNING.key: ex.manad_layout(3),
        domain.FORDJUPAD.key: ex.FORDJUPAD,
        domain.DELARSBOKSLUT.key: ex.DELAR,
        domain.ARSBOKSLUT.key: ex.ARSBOKSLUT,
    }
    for key, lay in layouts.items():
        report = domain.REPORTS[key]
        fliks = {"drift": lay.drift_flik, "investeringar": lay.inv_flik, "forutbetalda": lay.forutb_flik}
        assert {k: v for k, v in fliks.items() if v} == report.table_fliks, key
        assert lay.forecast_flik == report.forecast_flik, key
        assert lay.header == ("Belopp i tkr", *(c.title(year) for c in report.columns)), key
        assert set(lay.text_sections) <= set(domain.TEXTS.values()), key
        assert [ex.STAT_FLIKAR[f] for f in lay.stat_fliks] == [
            (domain.STAT_TABLES[t].first, domain.STAT_TABLES[t].rows) for t in report.stat_tables
        ], key
    assert set(ex.STAT_FLIKAR) == {t.flik for t in domain.STAT_TABLES.values()}

    assert tuple(r.label for r in domain.DRIFT.rows) == ex.DRIFT_ROWS
    assert tuple(domain.INVESTERINGAR.row(k).label for k in domain.EIRA) == ex.EIRA
    assert domain.INVESTERINGAR.row("totalt").label == ex.TOTALA_UTGIFTER
    projects = (ex.INKOMSTER, ex.VARAV_EXPLOATERING, ex.TOTALA_INKOMSTER)
    assert projects == tuple(r.label for r in domain.FORUTBETALDA.rows)

    names = domain.FlikNames()
    assert (names.uppgifter, names.texter, names.texter_drift) == (
        ex.FLIK_UPPGIFTER,
        ex.FLIK_TEXTER,
        ex.FLIK_TEXTER_DRIFT,
    )
    assert (names.mal, names.nyckeltal, names.uppdrag) == (ex.FLIK_MAL, ex.FLIK_NYCKELTAL, ex.FLIK_UPPDRAG)
    assert (names.internkontroll, names.arbetsmiljo) == (ex.FLIK_INTERNKONTROLL, ex.FLIK_ARBETSMILJO)
    assert (names.sjukfranvaro, names.faktorer) == (ex.FLIK_SJUKFRANVARO, ex.FLIK_FAKTORER)
    assert tuple(ex.TEXT_LISTING.values()) == domain.TEXTS_HEADER
    assert tuple(ex.DRIFT_TEXT_LISTING.values()) == (domain.DRIFT_TEXTS_FIRST, *domain.DRIFT_TEXTS.values())
    assert tuple(domain.FORECAST_POINTS.values()) == ex.FORECAST_POINTS
    listings = {
        "mal": ex.MAL_COLUMNS,
        "nyckeltal": ex.NYCKELTAL_COLUMNS,
        "uppdrag": ex.UPPDRAG_COLUMNS,
        "internkontroll": ex.INTERNKONTROLL_COLUMNS,
        "arbetsmiljo": ex.ARBETSMILJO_COLUMNS,
        "faktorer": ex.FAKTOR_COLUMNS,
    }
    assert {k: domain.LISTINGS[k].headers(year) for k in listings} == listings
