"""Flik sets: VA and Avfall report on flikar of their own, declared in the organisation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bokslut.domain import DELARSBOKSLUT, FLIK_SETS
from bokslut.sources.organisation import read_organisation
from scripts.docx_text import document_text
from tests.conftest import DRIFT_FLIK, YEAR, build_workbook, check, render, unit, write_json_input, write_org

TREE: tuple[Any, ...] = (
    ("1", "Testkommun", "kommun", None),
    ("5", "Samhällsbyggnadsnämnden", "nämnd", "1"),
    {"ansvar": "55", "namn": "VA-verksamheten", "nivå": "avdelning", "överordnad": "5", "flikar": "VA"},
    ("551", "VA-nätet", "enhet", "55"),
    {"ansvar": "56", "namn": "Avfallsverksamheten", "nivå": "enhet", "överordnad": "5", "flikar": "Avfall"},
    ("57", "Gata och park", "enhet", "5"),
)
VA_DRIFT = {
    "Verksamhetens intäkter": {"budget": 60000, "prognos": 61500, "utfall": 41000, "utfall_fg": 39000},
    "Övriga kostnader": {"budget": -60000, "prognos": -60500, "utfall": -40000, "utfall_fg": -38500},
}


def va_input(**rename: str) -> dict[str, Any]:
    data = unit("551", "VA-nätet", drift=VA_DRIFT)
    data[rename.get("drift", "8 RR VA delår")] = data.pop(DRIFT_FLIK)
    return data


def test_the_organisation_declares_a_nodes_flik_set_and_its_children_inherit_it(tmp_path: Path) -> None:
    organisation, issues = read_organisation(write_org(tmp_path, TREE))
    assert issues == []
    sets = {n.ansvar: n.flik_set for n in organisation.nodes}
    assert sets == {
        "1": "skattefinansierad",
        "5": "skattefinansierad",
        "55": "va",
        "551": "va",
        "56": "avfall",
        "57": "skattefinansierad",
    }


def test_an_unknown_flik_set_is_named_with_those_there_are(tmp_path: Path) -> None:
    rows = (*TREE[:2], {"ansvar": "58", "namn": "Hamnen", "nivå": "enhet", "överordnad": "5", "flikar": "Hamn"})
    _, issues = read_organisation(write_org(tmp_path, rows))
    assert [i.code for i in issues] == ["org.flikar"]
    assert "Ange en av: Skattefinansierad verksamhet, VA, Avfall" in issues[0].message


@pytest.mark.parametrize("form", ["json", "xlsx"])
def test_a_va_unit_is_read_from_its_own_flikar_and_messages_name_them(tmp_path: Path, form: str) -> None:
    org = write_org(tmp_path, TREE)
    data = va_input()
    data["8 RR VA delår"]["Övriga kostnader"]["prognos"] = 60500  # a cost without its minus sign
    if form == "json":
        path = write_json_input(tmp_path, data)
    else:
        book = build_workbook(unit("551", "VA-nätet", drift=VA_DRIFT))
        book[DRIFT_FLIK].title = "8 RR VA delår"
        book["8 RR VA delår"]["C3"] = 60500
        path = tmp_path / "551.xlsx"
        book.save(path)
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    assert [i.code for i in checked.issues] == ["belopp.tecken"]
    where = checked.issues[0].source
    if form == "json":
        assert where.json_path == '$["8 RR VA delår"]["Övriga kostnader"]["prognos"]'
    else:
        assert (where.flik, where.cell) == ("8 RR VA delår", "C3")


def test_a_va_unit_on_the_skattefinansierade_flikar_is_an_error_naming_its_own(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    path = write_json_input(tmp_path, unit("551", "VA-nätet", drift=VA_DRIFT))
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    assert [i.code for i in checked.issues] == ["flikar.fel_uppsattning"]
    assert "flikarna för VA (”8 RR VA delår”)" in checked.issues[0].message
    assert "skattefinansierad verksamhet (”8 RR skattefin övriga delår”)" in checked.issues[0].message


@pytest.mark.parametrize("form", ["json", "xlsx"])
def test_a_va_unit_without_a_drift_flik_is_told_the_va_flik_it_lacks(tmp_path: Path, form: str) -> None:
    org = write_org(tmp_path, TREE)
    if form == "json":
        data = va_input()
        del data["8 RR VA delår"]
        path = write_json_input(tmp_path, data)
    else:
        book = build_workbook(unit("551", "VA-nätet", drift=VA_DRIFT))
        del book[DRIFT_FLIK]
        path = tmp_path / "551.xlsx"
        book.save(path)
    checked = check(org, [path], DELARSBOKSLUT, YEAR, coverage=False)
    code = {"json": "json.flik_saknas", "xlsx": "excel.flik_saknas"}[form]
    assert [(i.code, i.ansvar) for i in checked.issues] == [(code, "551")]
    message = checked.issues[0].message
    assert message.startswith("Fliken ”8 RR VA delår” saknas. VA-nätet (551) redovisar på flikarna för VA.")
    assert "skattefin övriga delår”" not in message.split("Arbetsboken har")[0]


def test_a_skattefinansierad_unit_without_a_drift_flik_is_told_the_usual_flik(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    data = unit("57", "Gata och park", drift=VA_DRIFT)
    del data[DRIFT_FLIK]
    checked = check(org, [write_json_input(tmp_path, data)], DELARSBOKSLUT, YEAR, coverage=False)
    assert [i.code for i in checked.issues] == ["json.flik_saknas"]
    assert checked.issues[0].message.startswith(f"Fliken ”{DRIFT_FLIK}” saknas. Lägg till den")


def test_avfall_has_its_own_drift_flik_and_the_skattefinansierade_investments() -> None:
    fliks = FLIK_SETS["avfall"].fliks_of(DELARSBOKSLUT)
    assert fliks["drift"] == "8 RR Avfall delår"
    assert fliks["investeringar"] == DELARSBOKSLUT.table_fliks["investeringar"]


def test_a_va_unit_is_rendered_and_summed_into_its_namnd(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    gata = {"Personalkostnader": {"budget": -7000, "prognos": -7000, "utfall": -4600, "utfall_fg": -4500}}
    avfall = unit("56", "Avfallsverksamheten", drift=VA_DRIFT)
    avfall["8 RR Avfall delår"] = avfall.pop(DRIFT_FLIK)
    paths = [
        write_json_input(tmp_path, va_input()),
        write_json_input(tmp_path, avfall),
        write_json_input(tmp_path, unit("57", "Gata och park", drift=gata)),
    ]
    checked = check(org, paths, DELARSBOKSLUT, YEAR)
    assert not [i for i in checked.issues if i.is_error], checked.issues
    result = render(checked, DELARSBOKSLUT, YEAR, tmp_path / "out")
    docs = {n.ansvar: document_text(p).replace("\u00a0", " ") for n, p in result.rendered}
    assert "| Verksamhetens intäkter | 60 000 | 61 500 |" in docs["551"]
    assert "| Verksamhetens intäkter | 120 000 | 123 000 |" in docs["5"]
    assert json.loads(json.dumps(sorted(docs))) == ["5", "55", "551", "56", "57"]


def test_a_va_unit_is_rendered_from_the_store_as_it_was_handed_in(tmp_path: Path) -> None:
    """The store keeps an input under the report's own flik names; read back, it still fits its
    VA node (it was checked against the node's flik set when it was imported)."""
    from click.testing import CliRunner

    from bokslut.cli import main

    org = write_org(tmp_path, TREE)
    path = tmp_path / "551.json"
    path.write_text(json.dumps(va_input(), ensure_ascii=False), "utf-8")
    common = ["--org", str(org), "--år", str(YEAR), "--lager", str(tmp_path / "bokslut.db")]
    imported = CliRunner().invoke(main, ["import", "delarsbokslut", *common, str(path)])
    assert imported.exit_code == 0, imported.output
    rendered = CliRunner().invoke(
        main, ["render", "delarsbokslut", *common, "--ansvar", "551", "--ut", str(tmp_path / "ut")]
    )
    assert rendered.exit_code == 0, rendered.output
    assert "fel_uppsattning" not in rendered.output and "redovisar på flikarna" not in rendered.output
    text = document_text(tmp_path / "ut" / "delarsbokslut-2022" / "551 VA-nätet.docx")
    assert "| Verksamhetens intäkter | 60\u00a0000 | 61\u00a0500 |" in text


@pytest.mark.parametrize("form", ["json", "xlsx"])
def test_one_mistake_on_a_va_workbook_is_one_error(tmp_path: Path, form: str) -> None:
    """The example kommun's VA-verksamhet, all its own flikar and internal items, with only the drift
    flik renamed (xlsx) or left out (JSON): that is the one error, not its investments' flikar too
    or internal items said to exceed a drift row that was never read."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    if form == "json":
        data = json.loads((examples / "delarsbokslut-2022" / "json" / "6150.json").read_text("utf-8"))
        del data["8 RR VA delår"]
        path = write_json_input(tmp_path, data)
        expected = ["json.flik_saknas"]
    else:
        from openpyxl import load_workbook

        book = load_workbook(examples / "delarsbokslut-2022" / "excel" / "6150.xlsx")
        book["8 RR VA delår"].title = "Resultaträkning VA"
        path = tmp_path / "6150.xlsx"
        book.save(path)
        expected = ["excel.flik_omdopt"]
    checked = check(examples / "organisation.json", [path], DELARSBOKSLUT, YEAR, coverage=False)
    errors = [i for i in checked.issues if i.is_error]
    assert [i.code for i in errors] == expected, [str(i) for i in errors]
    assert "8 RR VA delår" in errors[0].message
