"""The organisation file: JSON and the Excel flik `Organisation`, and the checks on the tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bokslut.domain import Level
from bokslut.sources.organisation import read_organisation
from tests.conftest import Row, write_org, write_org_xlsx

KOMMUN: Row = ("1", "Exempelkommun", "kommun", None)

TREE: tuple[Row, ...] = (
    KOMMUN,
    ("8", "Vård- och omsorgsnämnden", "nämnd", "1"),
    ("81", "Vård- och omsorgsförvaltningen", "förvaltning", "8"),
    ("8191", "Avdelning hemtjänst", "avdelning", "81"),
    ("81911", "Hemtjänst Norr", "enhet", "8191"),
    ("81912", "Hemtjänst Söder", "enhet", "8191"),
)


def shape(path: Path) -> list[tuple[str, str, Level, str | None]]:
    organisation, _ = read_organisation(path)
    return [(n.ansvar, n.name, n.level, n.parent) for n in organisation.walk()]


def test_a_valid_tree_is_read_without_issues(tmp_path: Path) -> None:
    organisation, issues = read_organisation(write_org(tmp_path, TREE))
    assert issues == []
    assert organisation.kommun == "Exempelkommun"
    assert [n.ansvar for n in organisation.walk()] == ["1", "8", "81", "8191", "81911", "81912"]
    assert [n.ansvar for n in organisation.children("8191")] == ["81911", "81912"]
    assert organisation["81911"].level is Level.ENHET
    assert [n.ansvar for n in organisation.ancestors("81911")] == ["8191", "81", "8", "1"]
    nearest = organisation.nearest("81911", Level.NAMND)
    assert nearest is not None and nearest.ansvar == "8"


@pytest.mark.parametrize(
    ("rows", "code", "ansvar", "names", "where"),
    [
        pytest.param(
            [KOMMUN, ("8", "Nämnden", "nämnd", "81"), ("81", "Förvaltningen", "förvaltning", "8")],
            "org.cirkel",
            "8",
            ["8 → 81 → 8"],
            "$.noder[1]",
            id="cycle",
        ),
        pytest.param(
            [KOMMUN, ("8", "Nämnden", "nämnd", "8")],
            "org.cirkel",
            "8",
            ["8 → 8"],
            "$.noder[1]",
            id="own-parent",
        ),
        pytest.param(
            [KOMMUN, ("8", "Nämnden", "nämnd", "1"), ("81", "Förvaltningen", "förvaltning", "99")],
            "org.okand_overordnad",
            "81",
            ["81", "99"],
            "$.noder[2]",
            id="unknown-parent",
        ),
        pytest.param(
            [
                KOMMUN,
                ("8", "Nämnden", "nämnd", "1"),
                ("81", "Förv. A", "förvaltning", "8"),
                ("81", "Förv. B", "förvaltning", "8"),
            ],
            "org.dubblett",
            "81",
            ["81", "nod 81 ($.noder[2])"],  # the message points at the first occurrence
            "$.noder[3]",
            id="duplicate",
        ),
        pytest.param(
            [
                KOMMUN,
                ("8", "Nämnden", "nämnd", "1"),
                ("81911", "Enheten", "enhet", "8"),
                ("81", "Förv.", "förvaltning", "81911"),
            ],
            "org.niva_ordning",
            "81",
            ["81", "förvaltning", "81911", "enhet"],
            "$.noder[3]",
            id="child-above-parent",
        ),
        pytest.param(
            [KOMMUN, ("8", "Nämnden", "nämnd", "1"), ("9", "Nämnd två", "nämnd", "8")],
            "org.niva_ordning",
            "9",
            ["9", "8"],
            "$.noder[2]",
            id="child-on-same-level",
        ),
        pytest.param(
            [KOMMUN, ("8", "Nämnden", "sektion", "1")],
            "org.niva",
            "8",
            ["sektion", "nämnd", "enhet"],
            "$.noder[1]",
            id="unknown-level",
        ),
        pytest.param(
            [KOMMUN, ("", "Nämnden", "nämnd", "1")],
            "org.ansvar",
            None,
            [],
            "$.noder[1]",
            id="no-ansvar",
        ),
    ],
)
def test_tree_errors(
    tmp_path: Path, rows: list[Row], code: str, ansvar: str | None, names: list[str], where: str
) -> None:
    organisation, issues = read_organisation(write_org(tmp_path, rows))
    found = [i for i in issues if i.code == code]
    assert found, [i.code for i in issues]
    issue = found[0]
    assert issue.is_error
    assert issue.ansvar == ansvar
    assert issue.source.file == "organisation.json"
    assert issue.source.json_path == where
    for name in names:
        assert name in issue.message
    if ansvar is not None and code == "org.dubblett":
        kept = organisation.get(ansvar)  # the first node stays; the later duplicate is left out
        assert kept is not None and kept.source.json_path != where
    elif ansvar is not None:
        assert organisation.get(ansvar) is None, "a node in error is not part of the tree"
    assert organisation.get("1") is not None


def test_cycle_is_reported_for_every_node_in_it(tmp_path: Path) -> None:
    rows = [KOMMUN, ("8", "N", "nämnd", "81"), ("81", "F", "förvaltning", "8")]
    _, issues = read_organisation(write_org(tmp_path, rows))
    cycles = sorted((i.ansvar, i.message) for i in issues if i.code == "org.cirkel")
    assert [a for a, _ in cycles] == ["8", "81"]
    assert "Organisationen har en cirkel: 8 → 81 → 8." in cycles[0][1]
    assert "Ansvar 81 ligger i en cirkel i organisationen (se ansvar 8)." in cycles[1][1]


@pytest.mark.slow
def test_a_cycle_of_thousands_is_one_message_in_linear_time(tmp_path: Path) -> None:
    n = 20_000
    rows = [KOMMUN, *((f"E{i}", f"Enhet {i}", "enhet", f"E{(i + 1) % n}") for i in range(n))]
    _, issues = read_organisation(write_org(tmp_path, rows))
    cycles = [i for i in issues if i.code == "org.cirkel"]
    assert len(cycles) == n
    assert sum("Organisationen har en cirkel" in i.message for i in cycles) == 1
    assert max(len(i.message) for i in cycles) < 300


def test_numbers_as_ansvar_codes_are_read_as_text(tmp_path: Path) -> None:
    rows = [(1, "Exempelkommun", "kommun", None), (8, "Nämnden", "Nämnd", 1), (81911, "Enheten", "ENHET", 8)]
    organisation, issues = read_organisation(write_org(tmp_path, rows))
    assert issues == []
    assert [(n.ansvar, n.parent, n.level) for n in organisation.walk()] == [
        ("1", None, Level.KOMMUN),
        ("8", "1", Level.NAMND),
        ("81911", "8", Level.ENHET),
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [("{", "json.syntax"), ('{"noder": 5}', "org.json"), ("[1, 2]", "org.json")],
)
def test_unreadable_organisation_json(tmp_path: Path, text: str, code: str) -> None:
    path = tmp_path / "organisation.json"
    path.write_text(text, "utf-8")
    organisation, issues = read_organisation(path)
    assert [i.code for i in issues] == [code]
    assert organisation.nodes == ()


# --- the Excel form -------------------------------------------------------------------------


def test_excel_form_reads_the_same_tree(tmp_path: Path) -> None:
    from_json = shape(write_org(tmp_path, TREE))
    from_excel = shape(write_org_xlsx(tmp_path, TREE))
    assert from_excel == from_json
    organisation, issues = read_organisation(tmp_path / "organisation.xlsx")
    assert issues == []
    assert organisation.kommun == "Exempelkommun"


def test_excel_form_with_numeric_codes_and_empty_parent(tmp_path: Path) -> None:
    rows = [(int(a), n, lv, int(p) if p else None) for a, n, lv, p in TREE]
    assert shape(write_org_xlsx(tmp_path, rows)) == shape(write_org(tmp_path, TREE))


def test_excel_form_points_at_the_row(tmp_path: Path) -> None:
    rows = [*TREE, ("81911", "Hemtjänst Norr igen", "enhet", "8191")]
    _, issues = read_organisation(write_org_xlsx(tmp_path, rows))
    [issue] = issues
    assert issue.code == "org.dubblett"
    assert (issue.source.file, issue.source.flik, issue.source.cell) == ("organisation.xlsx", "Organisation", "A8")


def test_excel_form_checks_levels_too(tmp_path: Path) -> None:
    rows = [
        KOMMUN,
        ("8", "Nämnden", "nämnd", "1"),
        ("81911", "Enheten", "enhet", "8"),
        ("81", "Förv.", "förvaltning", "81911"),
    ]
    _, issues = read_organisation(write_org_xlsx(tmp_path, rows))
    assert [(i.code, i.source.cell) for i in issues] == [("org.niva_ordning", "A5")]


def test_excel_form_without_the_flik(tmp_path: Path) -> None:
    path = write_org_xlsx(tmp_path, TREE, flik="Blad1")
    organisation, issues = read_organisation(path)
    assert organisation.nodes == ()
    assert issues, "a workbook without the flik Organisation must say so"
    assert any("Organisation" in i.message for i in issues)


# --- edge cases that once failed ---------------------------------------------------------


def test_kommun_node_without_name_is_an_issue_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps({"noder": [{"ansvar": "1", "nivå": "kommun", "överordnad": None}]}), "utf-8")
    organisation, _ = read_organisation(path)
    assert organisation.get("1") is not None


def test_no_node_is_left_dangling_when_its_parent_is_rejected(tmp_path: Path) -> None:
    rows = [
        KOMMUN,
        ("8", "Nämnden", "nämnd", "1"),
        ("8", "Nämnden igen", "nämnd", "1"),
        ("81911", "Enheten", "enhet", "8"),
    ]
    organisation, issues = read_organisation(write_org(tmp_path, rows))
    reachable = {n.ansvar for n in organisation.walk()}
    dangling = [n.ansvar for n in organisation.nodes if n.ansvar not in reachable]
    named = {i.ansvar for i in issues}
    assert not [a for a in dangling if a not in named]


@pytest.mark.parametrize("parent", [None, "", "  "])
def test_a_node_below_the_kommun_without_a_parent_is_an_error_not_a_second_root(
    tmp_path: Path, parent: str | None
) -> None:
    rows = [KOMMUN, ("8", "N", "nämnd", "1"), ("81911", "Hemtjänst Norr", "enhet", parent)]
    organisation, issues = read_organisation(write_org(tmp_path, rows))
    [issue] = [i for i in issues if i.code == "org.overordnad_saknas"]
    assert issue.message.startswith("Ansvar 81911 (enhet) saknar överordnad.")
    assert str(issue.source) == "organisation.json › nod 81911"  # in a controller's words
    assert issue.source.json_path == "$.noder[2]"  # and exactly, for a program
    assert organisation.get("81911") is None


def test_a_parent_given_by_a_formula_without_a_value_is_an_error_at_its_cell(tmp_path: Path) -> None:
    rows = [KOMMUN, ("8", "N", "nämnd", "1"), ("81911", "Hemtjänst Norr", "enhet", "=7+1")]
    organisation, issues = read_organisation(write_org_xlsx(tmp_path, rows))
    [issue] = [i for i in issues if i.code == "org.formel_utan_varde"]
    assert (issue.source.flik, issue.source.cell) == ("Organisation", "D4")
    assert organisation.get("81911") is None
