"""Aggregation up the tree, render-free: sums per column, projects listed, rejected units left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bokslut.aggregate import NodeReport, aggregate
from bokslut.validate import Checked
from tests.conftest import COLUMNS, REPORT, codes, run_check, unit, write_input, write_org

TREE = (
    ("1", "Exempelkommun", "kommun", None),
    ("8", "Vård- och omsorgsnämnden", "nämnd", "1"),
    ("81", "Hemtjänst Norr", "enhet", "8"),
    ("82", "Hemtjänst Söder", "enhet", "8"),
)

INPUT_COLUMNS = ("budget", "prognos", "utfall", "utfall_fg")

# The nämnd's own figures (a nämndkansli) and its two enheter's.
OWN = {
    "Verksamhetens intäkter": {"budget": 100, "prognos": 120, "utfall": 70, "utfall_fg": 60},
    "Personalkostnader": {"budget": -5000, "prognos": -5100, "utfall": -3300, "utfall_fg": -3200},
    "Kommunbidrag": {"budget": 300000, "prognos": 300000, "utfall": 200000, "utfall_fg": 195000},
}
NORTH = {
    "Verksamhetens intäkter": {"budget": 1200, "prognos": 1350, "utfall": 910, "utfall_fg": 870},
    "Personalkostnader": {"budget": -38500, "prognos": -39700, "utfall": -26900, "utfall_fg": -25100},
    "Lokalhyror": {"budget": -2000, "prognos": -2000, "utfall": -1330, "utfall_fg": -1300},
}
SOUTH = {
    "Personalkostnader": {"budget": -41000, "prognos": -40100, "utfall": -27400, "utfall_fg": -26000},
    "Köp av tjänster": {"budget": -3000, "prognos": -3500, "utfall": -2100, "utfall_fg": -1900},
    "Finansnetto": {"budget": -10, "prognos": -12, "utfall": -8, "utfall_fg": -7},
}

NORTH_INV = {
    "Reinvestering": {
        "projekt": [
            {"namn": "Larm", "budget": 400, "prognos": 380, "utfall": 210, "utfall_fg": 0},
            {"namn": "Möbler", "budget": 150, "prognos": 150, "utfall": 90, "utfall_fg": 20},
        ]
    },
}
SOUTH_INV = {
    "Reinvestering": {"projekt": [{"namn": "larm", "budget": 600, "prognos": 640, "utfall": 300, "utfall_fg": 0}]},
    "Imageinvestering": {"projekt": [{"namn": "Skyltar", "budget": 80, "prognos": 80, "utfall": 10, "utfall_fg": 0}]},
}


def run(tmp_path: Path, form: str, south: dict[str, Any] | None = None) -> tuple[Checked, dict[str, NodeReport]]:
    org = write_org(tmp_path, TREE)
    inputs = [
        write_input(tmp_path, unit("8", drift=OWN), form),
        write_input(tmp_path, unit("81", drift=NORTH, investeringar=NORTH_INV), form),
        write_input(tmp_path, south or unit("82", drift=SOUTH, investeringar=SOUTH_INV), form),
    ]
    checked = run_check(org, *inputs)
    trees = aggregate(checked.organisation, checked.units, REPORT, set(checked.rejected))
    return checked, trees


def expected_sum(*tables: dict[str, dict[str, int]], row: str) -> dict[str, int]:
    return {c: sum(t.get(row, {}).get(c, 0) for t in tables) for c in INPUT_COLUMNS}


@pytest.mark.parametrize(
    "label",
    [
        "Verksamhetens intäkter",
        "Personalkostnader",
        "Lokalhyror",
        "Köp av tjänster",
        "Övriga kostnader",
        "Kommunbidrag",
        "Finansnetto",
    ],
)
def test_namnd_input_rows_are_own_plus_both_enheter(tmp_path: Path, form: str, label: str) -> None:
    checked, trees = run(tmp_path, form)
    assert not [i for i in checked.issues if i.is_error], checked.issues
    drift = trees["8"].tables["drift"]
    key = drift.spec.find_row(label)
    assert key is not None
    got = {c: drift.row(key.key).get(c, 0) for c in INPUT_COLUMNS}
    assert got == expected_sum(OWN, NORTH, SOUTH, row=label)


@pytest.mark.parametrize(
    ("key", "parts"),
    [
        ("kostnader", ("Personalkostnader", "Lokalhyror", "Köp av tjänster", "Övriga kostnader")),
        ("netto", ("Verksamhetens intäkter", "Personalkostnader", "Lokalhyror", "Köp av tjänster", "Övriga kostnader")),
        (
            "resultat",
            (
                "Verksamhetens intäkter",
                "Personalkostnader",
                "Lokalhyror",
                "Köp av tjänster",
                "Övriga kostnader",
                "Kommunbidrag",
                "Finansnetto",
            ),
        ),
    ],
)
def test_namnd_sum_rows_are_computed_from_the_summed_rows(
    tmp_path: Path, form: str, key: str, parts: tuple[str, ...]
) -> None:
    _, trees = run(tmp_path, form)
    drift = trees["8"].tables["drift"]
    expected = {c: sum(expected_sum(OWN, NORTH, SOUTH, row=p)[c] for p in parts) for c in INPUT_COLUMNS}
    assert {c: drift.row(key).get(c, 0) for c in INPUT_COLUMNS} == expected


def test_enhet_keeps_its_own_figures_and_kommun_sums_the_namnd(tmp_path: Path) -> None:
    _, trees = run(tmp_path, "json")
    assert trees["81"].tables["drift"].row("personal") == NORTH["Personalkostnader"]
    assert trees["1"].tables["drift"].row("personal") == trees["8"].tables["drift"].row("personal")
    assert [c.node.ansvar for c in trees["8"].children] == ["81", "82"]
    assert [c.node.ansvar for c in trees["1"].children] == ["8"]


def test_investment_projects_are_listed_and_the_same_project_merged(tmp_path: Path, form: str) -> None:
    _, trees = run(tmp_path, form)
    inv = trees["8"].tables["investeringar"]
    reinvest = {p.name: dict(p.values) for p in inv.projects["reinvestering"]}
    # "Larm" (81) and "larm" (82) are one project at the nämnd
    assert reinvest == {
        "Larm": {"budget": 1000, "prognos": 1020, "utfall": 510, "utfall_fg": 0},
        "Möbler": {"budget": 150, "prognos": 150, "utfall": 90, "utfall_fg": 20},
    }
    assert [p.name for p in inv.projects["image"]] == ["Skyltar"]
    assert inv.row("reinvestering") == {"budget": 1150, "prognos": 1170, "utfall": 600, "utfall_fg": 20}
    assert inv.row("totalt") == {"budget": 1230, "prognos": 1250, "utfall": 610, "utfall_fg": 20}
    # each enhet still lists only its own projects
    assert [p.name for p in trees["81"].tables["investeringar"].projects["reinvestering"]] == ["Larm", "Möbler"]


def test_nothing_is_excluded_when_every_input_is_clean(tmp_path: Path) -> None:
    _, trees = run(tmp_path, "json")
    assert trees["8"].excluded == ()
    assert trees["1"].excluded == ()


@pytest.mark.parametrize(
    ("broken", "code"),
    [
        ({"Personalkostnader": {"budget": 41000, "prognos": -40100}}, "belopp.tecken"),
        ({"Personalkostnader": {"budget": "ca 41 000"}}, "modell.value_error"),
        ({"Personalkostnader": {"budget": -41000}, "Verksamhetens kostnader": {"budget": -1}}, "summa.stammer_inte"),
    ],
)
def test_enhet_with_errors_is_left_out_and_listed_as_excluded(
    tmp_path: Path, form: str, broken: dict[str, Any], code: str
) -> None:
    checked, trees = run(tmp_path, form, south=unit("82", drift=broken, investeringar=SOUTH_INV))
    assert code in codes(checked)
    assert checked.rejected.get("82", 0) >= 1
    namnd = trees["8"]
    assert [n.ansvar for n in namnd.excluded] == ["82"]
    assert [n.ansvar for n in trees["1"].excluded] == ["82"]
    assert trees["82"].own is None
    drift = namnd.tables["drift"]
    for label in ("Verksamhetens intäkter", "Personalkostnader", "Köp av tjänster", "Kommunbidrag"):
        row = drift.spec.find_row(label)
        assert row is not None
        assert {c: drift.row(row.key).get(c, 0) for c in INPUT_COLUMNS} == expected_sum(OWN, NORTH, row=label)
    # its projects are left out too
    assert [p.name for p in namnd.tables["investeringar"].projects["reinvestering"]] == ["Larm", "Möbler"]
    assert "image" not in namnd.tables["investeringar"].projects or not namnd.tables["investeringar"].projects["image"]


def test_enhet_without_input_is_listed_as_excluded(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    checked = run_check(
        org,
        write_input(tmp_path, unit("8", drift=OWN), "json"),
        write_input(tmp_path, unit("81", drift=NORTH), "json"),
    )
    assert "indata.saknas" in codes(checked)
    trees = aggregate(checked.organisation, checked.units, REPORT, set(checked.rejected))
    assert [n.ansvar for n in trees["8"].excluded] == ["82"]
    drift = trees["8"].tables["drift"]
    assert drift.row("personal") == expected_sum(OWN, NORTH, row="Personalkostnader")


def test_column_keys_cover_the_report() -> None:
    """The test's column list is the report's input columns (Avv. and Diff. are computed)."""
    assert tuple(c.key for c in REPORT.input_columns) == INPUT_COLUMNS
    assert set(INPUT_COLUMNS) <= set(COLUMNS)
