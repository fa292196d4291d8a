"""Internal transactions: a sale between two enheter, entered as the flat export, JSON or a
workbook, shown in the enheter's documents and eliminated in the avdelning's and the nämnd's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from bokslut.domain import DELARSBOKSLUT, DELARSBOKSLUT_ENHET
from bokslut.validate import Checked
from scripts.docx_text import document_text
from tests.conftest import YEAR, check, render, unit, write_json_input, write_org

TREE = (
    ("1", "Testkommun", "kommun", None),
    ("8", "Testnämnden", "nämnd", "1"),
    ("81", "Avdelning Service", "avdelning", "8"),
    ("811", "Kök", "enhet", "81"),
    ("812", "Skola", "enhet", "81"),
    ("82", "Avdelning Omsorg", "avdelning", "8"),
    ("821", "Boende", "enhet", "82"),
)

#: The kök sells 1 000 tkr of meals to the skola (prognos and budget; 700 tkr so far this year).
KOK = {
    "Verksamhetens intäkter": {"budget": 1500, "prognos": 1600, "utfall": 1000, "utfall_fg": 900},
    "Personalkostnader": {"budget": -4000, "prognos": -4100, "utfall": -2700, "utfall_fg": -2600},
}
SKOLA = {
    "Personalkostnader": {"budget": -20000, "prognos": -20500, "utfall": -13500, "utfall_fg": -13000},
    "Köp av tjänster": {"budget": -3000, "prognos": -3200, "utfall": -2000, "utfall_fg": -1900},
}
BOENDE = {"Personalkostnader": {"budget": -9000, "prognos": -9000, "utfall": -6000, "utfall_fg": -5900}}
SALE = {"budget": 1000, "prognos": 1000, "utfall": 700}


def internal_unit(ansvar: str, name: str = "", *, drift: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """One ansvar's JSON input with its flik Interna poster."""
    data = unit(ansvar, name, drift=drift)
    data["Interna poster"] = items
    return data


def sale(amount: int = 1000) -> dict[str, Any]:
    return {"kontogrupp": "Verksamhetens intäkter", "motpart": "812", **SALE, "prognos": amount}


def purchase(amount: int = 1000) -> dict[str, Any]:
    return {"kontogrupp": "Köp av tjänster", "motpart": "811", **{k: -v for k, v in SALE.items()}, "prognos": -amount}


def json_inputs(folder: Path, sold: int = 1000, bought: int = 1000) -> list[Path]:
    return [
        write_json_input(folder, internal_unit("811", "Kök", drift=KOK, items=[sale(sold)])),
        write_json_input(folder, internal_unit("812", "Skola", drift=SKOLA, items=[purchase(bought)])),
        write_json_input(folder, unit("821", "Boende", drift=BOENDE)),
    ]


FLAT_COLUMNS = ("budget", "prognos", "utfall", "utfall_fg")


def flat_inputs(folder: Path, sold: int = 1000, bought: int = 1000) -> list[Path]:
    """The same as the ekonomisystem's export: the external and the internal part of a kontogrupp
    on rows of their own, the internal one with its motpart."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Export"
    sheet.append(["Ansvar", "Kontogrupp", "Motpart", *(DELARSBOKSLUT.column(c).title(YEAR) for c in FLAT_COLUMNS)])

    def rows(ansvar: str, drift: dict[str, dict[str, int]], internal: dict[str, Any] | None) -> None:
        for label, amounts in drift.items():
            part = internal if internal is not None and internal["kontogrupp"] == label else None
            external = {c: amounts.get(c, 0) - (part or {}).get(c, 0) for c in FLAT_COLUMNS}
            sheet.append([ansvar, label, None, *(external[c] for c in FLAT_COLUMNS)])
            if part is not None:
                sheet.append([ansvar, label, part["motpart"], *(part.get(c) for c in FLAT_COLUMNS)])

    rows("811", KOK, sale(sold))
    rows("812", SKOLA, purchase(bought))
    rows("821", BOENDE, None)
    path = folder / "export.xlsx"
    book.save(path)
    return [path]


def inputs(folder: Path, form: str, sold: int = 1000, bought: int = 1000) -> list[Path]:
    return flat_inputs(folder, sold, bought) if form == "flat" else json_inputs(folder, sold, bought)


def run(tmp_path: Path, form: str, sold: int = 1000, bought: int = 1000) -> tuple[Checked, dict[str, str]]:
    org = write_org(tmp_path, TREE)
    checked = check(org, inputs(tmp_path, form, sold, bought), DELARSBOKSLUT, YEAR)
    result = render(checked, DELARSBOKSLUT, YEAR, tmp_path / "out")
    return checked, {node.ansvar: text_of(path) for node, path in result.rendered}


def text_of(path: Path) -> str:
    """The document's text, with ordinary spaces for the non-breaking ones between thousands."""
    return document_text(path).replace("\u00a0", " ")


def row_of(text: str, label: str) -> list[str]:
    """A drift table row's cells as the document shows them (the first table row so named)."""
    line = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
    return [c.strip() for c in line.strip("|").split("|")][1:]


FORMS = ["json", pytest.param("flat", marks=pytest.mark.slow)]


@pytest.mark.parametrize("form", FORMS)
def test_a_sale_between_two_enheter_shows_at_the_enheter_and_cancels_above(tmp_path: Path, form: str) -> None:
    checked, docs = run(tmp_path, form)
    assert not [i for i in checked.issues if i.code.startswith("interna")], checked.issues
    # The enheter show their whole figures, and say what is internal in them.
    assert row_of(docs["811"], "Verksamhetens intäkter")[:2] == ["1 500", "1 600"]
    assert row_of(docs["812"], "Köp av tjänster")[:2] == ["-3 000", "-3 200"]
    assert "I intäkterna ingår 1,0 mkr (prognos helår 2022) från försäljning till andra delar av kommunen." in docs[
        "811"
    ].replace("\u00a0", " ")
    assert "I kostnaderna ingår 1,0 mkr (prognos helår 2022) för köp från andra delar av kommunen." in docs[
        "812"
    ].replace("\u00a0", " ")
    # The avdelning and the nämnd do not: 1 000 tkr less in intäkter and in köp av tjänster …
    for above in ("81", "8"):
        assert row_of(docs[above], "Verksamhetens intäkter")[:2] == ["500", "600"], above
        assert row_of(docs[above], "Köp av tjänster")[:2] == ["-2 000", "-2 200"], above
        text = docs[above].replace("\u00a0", " ")
        assert "rensad från interna poster" in text and "1,0 mkr (prognos helår 2022)" in text
        assert "I intäkterna ingår" not in text
    # … the delårsbokslut's outcome columns too (700 tkr), and the result is the same either way.
    assert row_of(docs["81"], "Verksamhetens intäkter")[3] == "300"
    assert row_of(docs["81"], "Köp av tjänster")[3] == "-1 300"
    assert row_of(docs["81"], "Årets resultat")[:2] == ["-25 500", "-26 200"]
    # The other avdelning has nothing internal, and says nothing about it.
    assert "interna poster" not in docs["82"] and "andra delar av kommunen" not in docs["82"]


def test_the_units_own_follow_up_says_what_is_internal_and_what_was_eliminated(tmp_path: Path) -> None:
    """The enhetsuppföljning (avdelning, enhet) says under its drift table what the nämnd's
    documents say: what of an enhet's figures is internal, what was eliminated at the avdelning."""
    org = write_org(tmp_path, TREE)
    checked = check(org, json_inputs(tmp_path), DELARSBOKSLUT_ENHET, YEAR)
    result = render(checked, DELARSBOKSLUT_ENHET, YEAR, tmp_path / "out")
    docs = {node.ansvar: text_of(path) for node, path in result.rendered}
    sold = "I intäkterna ingår 1,0 mkr (prognos helår 2022) från försäljning till andra delar av kommunen."
    assert sold in docs["811"]
    assert "I kostnaderna ingår 1,0 mkr (prognos helår 2022) för köp från andra delar av kommunen." in docs["812"]
    eliminated = (
        "Tabellen är rensad från interna poster inom avdelningen: 1,0 mkr (prognos helår 2022) har tagits bort "
        "ur både intäkter och kostnader."
    )
    assert eliminated in docs["81"] and sold not in docs["81"]
    # between the drift table and its summary, as in the nämnd's mall
    table_end = docs["81"].index("| Årets resultat |")
    assert table_end < docs["81"].index(eliminated) < docs["81"].index("Avdelningen")
    assert "interna poster" not in docs["82"] and "andra delar av kommunen" not in docs["82"]


@pytest.mark.parametrize("form", FORMS)
def test_a_mismatched_counterpart_is_warned_at_both_cells(tmp_path: Path, form: str) -> None:
    checked, docs = run(tmp_path, form, sold=1000, bought=900)
    found = [i for i in checked.issues if i.code == "interna.stammer_inte"]
    assert len(found) == 2, checked.issues
    at_seller = next(i for i in found if i.ansvar == "811")
    at_buyer = next(i for i in found if i.ansvar == "812")
    if form == "json":
        assert at_seller.source.file == "811.json" and "Interna poster" in str(at_seller.source.json_path)
        assert at_buyer.source.file == "812.json" and "Interna poster" in str(at_buyer.source.json_path)
    else:
        assert (at_seller.source.file, at_seller.source.cell) == ("export.xlsx", "E3")
        assert (at_buyer.source.file, at_buyer.source.cell) == ("export.xlsx", "E7")
    # each names the other's cell and the difference
    assert str(at_buyer.source) in at_seller.message and str(at_seller.source) in at_buyer.message
    assert "Skillnaden, 100 tkr" in at_seller.message and "Skillnaden, 100 tkr" in at_buyer.message
    assert "försäljning till Skola (812) om 1 000 tkr" in at_seller.message.replace("\u00a0", " ")
    assert "köp från Kök (811) om 900 tkr" in at_seller.message.replace("\u00a0", " ")
    # Only the part both state is eliminated; the avdelning says what is left unmatched.
    assert row_of(docs["81"], "Verksamhetens intäkter")[:2] == ["500", "700"]
    assert row_of(docs["81"], "Köp av tjänster")[:2] == ["-2 000", "-2 300"]
    text = docs["81"].replace("\u00a0", " ")
    assert "Interna poster om 0,1 mkr (prognos helår 2022) saknar motsvarighet hos motparten" in text


def test_a_sale_between_two_avdelningar_cancels_at_the_namnd_only(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    item = {"kontogrupp": "Verksamhetens intäkter", "motpart": "821", "prognos": 400}
    back = {"kontogrupp": "Övriga kostnader", "motpart": "811", "prognos": -400}
    boende = dict(BOENDE) | {"Övriga kostnader": {"prognos": -500}}
    paths = [
        write_json_input(tmp_path, internal_unit("811", drift=KOK, items=[item])),
        write_json_input(tmp_path, unit("812", drift=SKOLA)),
        write_json_input(tmp_path, internal_unit("821", drift=boende, items=[back])),
    ]
    checked = check(org, paths, DELARSBOKSLUT, YEAR)
    docs = {n.ansvar: text_of(p) for n, p in render(checked, DELARSBOKSLUT, YEAR, tmp_path / "out").rendered}
    assert row_of(docs["81"], "Verksamhetens intäkter")[1] == "1 600"
    assert row_of(docs["82"], "Övriga kostnader")[1] == "-500"
    assert row_of(docs["8"], "Verksamhetens intäkter")[1] == "1 200"
    assert row_of(docs["8"], "Övriga kostnader")[1] == "-100"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"kontogrupp": "Kommunbidrag", "motpart": "812", "prognos": 10}, "kan inte ha interna poster"),
        ({"kontogrupp": "Verksamhetens intäkter", "motpart": "999", "prognos": 10}, "finns inte i organisationen"),
        ({"kontogrupp": "Verksamhetens intäkter", "motpart": "811", "prognos": 10}, "är ansvaret självt"),
        ({"kontogrupp": "Verksamhetens intäkter", "motpart": "", "prognos": 10}, "Motpart saknas"),
        ({"kontogrupp": "Verksamhetens intäkter", "motpart": "812", "prognos": -10}, "har fel tecken. Skriv 10"),
        ({"kontogrupp": "Personalkostnader", "motpart": "812", "prognos": 10}, "har fel tecken. Skriv -10"),
        ({"kontogrupp": "Verksamhetens intäkter", "motpart": "812", "prognos": 2000}, "mer än hela raden"),
    ],
)
def test_an_internal_item_is_checked_at_its_cell(tmp_path: Path, item: dict[str, Any], message: str) -> None:
    org = write_org(tmp_path, TREE)
    path = write_json_input(tmp_path, internal_unit("811", drift=KOK, items=[item]))
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    errors = [i for i in checked.issues if i.is_error]
    assert len(errors) == 1, checked.issues
    assert message in errors[0].message.replace("\u00a0", " ")
    assert errors[0].code.startswith("interna.") and errors[0].ansvar == "811"


def test_a_counterpart_without_input_in_the_run_is_not_warned(tmp_path: Path) -> None:
    """One controller checking their own file: the motpart's file is not there to compare with."""
    org = write_org(tmp_path, TREE)
    path = write_json_input(tmp_path, internal_unit("811", drift=KOK, items=[sale()]))
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    assert checked.issues == []


def test_the_workbook_flik_interna_poster_is_read(tmp_path: Path) -> None:
    """The workbook's flik: Kontogrupp, Motpart and the drift's column titles."""
    from tests.conftest import build_workbook

    org = write_org(tmp_path, TREE)
    book = build_workbook(unit("811", drift=KOK))
    sheet = book.create_sheet("Interna poster")
    sheet.append(["Kontogrupp", "Motpart", "Budget 2022", "Prognos helår 2022", "Delårsbokslut 2022"])
    sheet.append(["Verksamhetens intäkter", 812, 1000, 1000, 700])
    book.save(tmp_path / "811.xlsx")
    skola = write_json_input(tmp_path, internal_unit("812", drift=SKOLA, items=[purchase(900)]))
    checked = check(org, [tmp_path / "811.xlsx", skola], DELARSBOKSLUT, YEAR, coverage=False)
    found = [i for i in checked.issues if i.code == "interna.stammer_inte"]
    at_seller = next(i for i in found if i.ansvar == "811")
    assert (at_seller.source.file, at_seller.source.flik, at_seller.source.cell) == ("811.xlsx", "Interna poster", "D2")


# --- the flik in the workbook `bokslut excel new` writes ------------------------------------------


def _generated(tmp_path: Path, ansvar: str, drift: dict[str, Any], items: list[dict[str, Any]]) -> Path:
    """The year's workbook for `ansvar` as `bokslut excel new` writes it, filled in as a controller
    does: the delårsbokslut's drift flik, and the internal items under their column titles."""
    from openpyxl import load_workbook

    from bokslut.sources.organisation import read_organisation
    from bokslut.workbook import build_workbook, save_workbook, workbook_name

    organisation, _ = read_organisation(tmp_path / "organisation.json")
    node = organisation[ansvar]
    path = tmp_path / workbook_name(node, YEAR)
    save_workbook(build_workbook(node, organisation, YEAR), path)
    book = load_workbook(path)
    ws = book[DELARSBOKSLUT.table_fliks["drift"]]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Belopp i tkr")
    titles = {ws.cell(header, c).value: c for c in range(2, ws.max_column + 1)}
    for label, amounts in drift.items():
        row = next(r for r in range(header, ws.max_row + 1) if ws.cell(r, 1).value == label)
        for key, value in amounts.items():
            _type(ws.cell(row, titles[DELARSBOKSLUT.column(key).title(YEAR)]), value)
    ws = book["Interna poster"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Kontogrupp")
    titles = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    for row, item in enumerate(items, start=header + 1):
        _type(ws.cell(row, 1), item["kontogrupp"])
        _type(ws.cell(row, 2), item["motpart"])
        for key in ("budget", "prognos", "utfall"):
            _type(ws.cell(row, titles[DELARSBOKSLUT.column(key).title(YEAR)]), item[key])
    book.save(path)
    return path


def _type(cell: Any, value: Any) -> None:
    assert not cell.protection.locked, f"{cell.parent.title}!{cell.coordinate} is locked"
    cell.value = value


def test_the_generated_workbook_has_the_flik_interna_poster_to_fill(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_org(tmp_path, TREE)
    book = load_workbook(_generated(tmp_path, "811", {}, []))
    ws = book["Interna poster"]
    header = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Kontogrupp")
    assert [ws.cell(header, c).value for c in range(1, ws.max_column + 1)] == [
        "Kontogrupp",
        "Motpart",
        "Budget 2022",
        "Prognos helår 2022",
        "Delårsbokslut 2022",
        "Delårsbokslut 2021",
        "Bokslut 2022",
        "Bokslut 2021",
    ]
    assert ws.protection.sheet and not ws.cell(header + 1, 1).protection.locked
    assert ws.cell(header + 1, 1).fill.fgColor.rgb.endswith("FFF2CC")  # yellow as every input cell
    rules = {str(dv.sqref).split()[0][:1]: dv for dv in ws.data_validations.dataValidation}
    assert rules["A"].type == "list"
    assert rules["A"].formula1 == (
        '"Verksamhetens intäkter,Personalkostnader,Lokalhyror,Köp av tjänster,Övriga kostnader"'
    )
    assert rules["B"].prompt == "Ansvarskoden för den andra parten, t.ex. 81911." and rules["B"].showInputMessage
    assert ws.cell(header + 1, 2).number_format == "@"  # an ansvar code stays text
    instructions = {row[0].value: row[1].value for row in book["Instruktion"].iter_rows(max_col=2) if row[0].value}
    assert "med kontogrupp och motpartens ansvarskod" in instructions["Interna poster"]


def test_a_sale_typed_in_the_generated_workbooks_is_eliminated_as_from_json(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    paths = [
        _generated(tmp_path, "811", KOK, [sale()]),
        _generated(tmp_path, "812", SKOLA, [purchase()]),
        write_json_input(tmp_path, unit("821", "Boende", drift=BOENDE)),
    ]
    checked = check(org, paths, DELARSBOKSLUT, YEAR)
    assert not [i for i in checked.issues if i.is_error or i.code.startswith("interna")], checked.issues
    docs = {n.ansvar: text_of(p) for n, p in render(checked, DELARSBOKSLUT, YEAR, tmp_path / "out").rendered}
    # The enheter show their whole figures; the avdelning has the 1 000 tkr out of both sides.
    assert row_of(docs["811"], "Verksamhetens intäkter")[:2] == ["1 500", "1 600"]
    assert row_of(docs["812"], "Köp av tjänster")[:2] == ["-3 000", "-3 200"]
    assert row_of(docs["81"], "Verksamhetens intäkter")[:2] == ["500", "600"]
    assert row_of(docs["81"], "Köp av tjänster")[:2] == ["-2 000", "-2 200"]
    assert "rensad från interna poster" in docs["81"]
    # … exactly as the same figures handed in as JSON.
    (tmp_path / "json").mkdir()
    _, from_json = run(tmp_path / "json", "json")
    for ansvar in ("811", "812", "81", "8"):
        for label in ("Verksamhetens intäkter", "Köp av tjänster", "Årets resultat"):
            assert row_of(docs[ansvar], label) == row_of(from_json[ansvar], label), (ansvar, label)
