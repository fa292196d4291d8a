"""The year's plan followed up: a follow-up's Budget column against the nämnd's decided budget, and
the delårsbokslut's internkontroll against the decided internkontrollplan. The budget is imported and
locked through the command line, as `make demo` does; the follow-up is written inline."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bokslut.cli import main
from bokslut.domain import DELARSBOKSLUT
from bokslut.pipeline import Job, validate_inputs
from bokslut.store import Store
from scripts.docx_text import document_text
from tests.conftest import INV_FLIK, SMALL_ORG, YEAR, unit, write_json_input, write_org
from tests.test_budget import BUDGET_INPUT, DRIFT, PLAN, RISKS

NBSP = "\u00a0"
DECISION = "2021-11-23 § 67"
CONTROL = "Internkontroll"

#: The decided plan's points: a numbered one, two without numbers.
PLANNED = ("1. Att beställare följer gällande ramavtal", "Att fakturor attesteras av rätt person",
           "Att brukarnas privata medel redovisas")  # fmt: skip


def budget() -> dict[str, Any]:
    data = copy.deepcopy(BUDGET_INPUT)
    risks = [("R1", "Vi följer inte ramavtal"), ("R2", "Fel attestant"), ("R3", "Privata medel försvinner")]
    data[RISKS] = [
        {"nr": nr, "risk": risk, "sannolikhet": 3, "konsekvens": 3, "hantering": "Internkontrollpunkt"}
        for nr, risk in risks
    ]
    data[PLAN] = [
        {"risk": nr, "vad": what, "metod": "Stickprov", "frekvens": "Årligen", "ansvarig": "Ekonomichef",
         "uppföljning": "Delårsbokslut"}
        for (nr, _), what in zip(risks, PLANNED, strict=True)
    ]  # fmt: skip
    return data


def followup(controls: list[str], **budget_of: int) -> dict[str, Any]:
    """The nämnd's delårsbokslut with the decided budget in its Budget column, but for `budget_of`."""
    drift = {
        label: {"budget": amounts["budget"], "prognos": amounts["budget"]}
        for label, amounts in BUDGET_INPUT[DRIFT].items()
        if label != "Verksamhetens kostnader"
    }
    for label, value in budget_of.items():
        drift[label.replace("_", " ")]["budget"] = value
    projects = {"Reinvestering": {"projekt": [{"namn": "Inventarier", "budget": 2500, "prognos": 2500}]}}
    rows = [{"vad": what, "frekvens": "Årligen", "metod": "Stickprov", "bedömning": "Genomförd utan anmärkning/med "
             "försumbar anmärkning", "resultat": "Inga fel."} for what in controls]  # fmt: skip
    data = unit("8", "Vård- och omsorgsnämnden", drift=drift, investeringar=projects)
    data[CONTROL] = rows
    return data


def run(*args: str | Path | int) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture()
def decided(tmp_path: Path) -> tuple[Path, Path]:
    """The organisation (the nämnd alone) and a store whose budget 2022 the nämnd has decided."""
    org = write_org(tmp_path, SMALL_ORG[:2])
    store = tmp_path / "bokslut.db"
    common = ("--org", org, "--år", YEAR, "--lager", store, "--av", "test")
    source = write_json_input(tmp_path, budget(), "budget-8.json")
    assert run("import", "budget", *common, source)[0] == 0
    assert run("lock", "budget", *common, "--beslut", DECISION)[0] == 0
    return org, store


def _warnings(org: Path, store: Path | None, data: dict[str, Any], folder: Path) -> list[tuple[str, str, str]]:
    folder.mkdir(exist_ok=True)
    source = write_json_input(folder, data)
    job = Job(org, DELARSBOKSLUT, DELARSBOKSLUT.period(YEAR))
    if store is None:
        checked = validate_inputs(job, [source], coverage=False)
    else:
        with Store(str(store)) as opened:
            checked = validate_inputs(job, [source], coverage=False, store=opened)
    return [(i.code, i.source.json_path or "", i.message) for i in checked.issues]


def test_a_budget_other_than_the_decided_one_is_a_warning_at_its_cell_with_both_figures(
    tmp_path: Path, decided: tuple[Path, Path]
) -> None:
    org, store = decided
    data = followup(list(PLANNED), Personalkostnader=-714212)
    data[INV_FLIK]["Reinvestering"]["projekt"][0]["budget"] = 2000
    found = _warnings(org, store, data, tmp_path / "in")
    assert [(c, w) for c, w, _ in found] == [
        ("budget.skiljer", f'$["{DELARSBOKSLUT.table_fliks["drift"]}"]["Personalkostnader"]["budget"]'),
        ("budget.skiljer", f'$["{INV_FLIK}"]["Reinvestering"]'),
    ]
    assert found[0][2] == (
        f"Budget 2022 för ”Personalkostnader” är -714{NBSP}212 tkr här men -716{NBSP}023 tkr i nämndens beslutade "
        f"budget ({DECISION}). Rätta cellen om budgeten inte har ändrats genom ett senare beslut."
    )
    assert f"är 2{NBSP}000 tkr här men 2{NBSP}500 tkr" in found[1][2]
    # without a store nothing is said
    assert _warnings(org, None, data, tmp_path / "in") == []


def test_a_budget_that_is_not_decided_yet_is_no_measure(tmp_path: Path) -> None:
    org = write_org(tmp_path, SMALL_ORG[:2])
    store = tmp_path / "bokslut.db"
    source = write_json_input(tmp_path, budget(), "budget-8.json")
    assert run("import", "budget", "--org", org, "--år", YEAR, "--lager", store, source)[0] == 0
    data = followup(list(PLANNED[:1]), Personalkostnader=-714212)
    assert _warnings(org, store, data, tmp_path / "in") == []


@pytest.mark.parametrize(
    ("reported", "missing"),
    [
        pytest.param(list(PLANNED), [], id="all-as-planned"),
        # the numbered point by its number, though reworded; the others by their text as retyped
        pytest.param(
            [
                "1) Ramavtalstrohet",
                "att fakturor  attesteras av rätt person.",
                "Att brukarnas privata medel redovisas!",
            ],
            [],
            id="number-and-loose-text",
        ),
        pytest.param(["2. Att beställare följer gällande ramavtal", *PLANNED[1:]], [PLANNED[0]], id="other-number"),
        pytest.param(["Att beställare följer gällande ramavtal", *PLANNED[1:]], [], id="number-on-one-side-only"),
        pytest.param(["1. Ramavtal", "Attestering"], [PLANNED[1], PLANNED[2]], id="reworded-without-number"),
        pytest.param([], list(PLANNED), id="none"),
    ],
)
def test_each_planned_control_point_the_followup_leaves_out_is_warned(
    tmp_path: Path, decided: tuple[Path, Path], reported: list[str], missing: list[str]
) -> None:
    org, store = decided
    found = _warnings(org, store, followup(reported), tmp_path / "in")
    assert [c for c, _, _ in found] == ["internkontroll.ej_foljd"] * len(missing)
    for (_, where, message), what in zip(found, missing, strict=True):
        assert where == f'$["{CONTROL}"]'
        assert f"Internkontrollpunkten ”{what}” i nämndens internkontrollplan ({DECISION}) följs inte upp" in message


def test_the_documents_name_the_point_not_followed_up_and_count_it(tmp_path: Path, decided: tuple[Path, Path]) -> None:
    org, store = decided
    folder = tmp_path / "in"
    folder.mkdir()
    source = write_json_input(folder, followup(list(PLANNED[:2]), Personalkostnader=-714212))
    common = ("--org", org, "--år", YEAR, "--lager", store)
    code, out = run("validate", "delarsbokslut", *common, source)
    assert code == 0 and "Budget 2022 för ”Personalkostnader”" in out and "privata medel" in out
    code, out = run("import", "delarsbokslut", *common, "--av", "test", source)
    assert code == 0 and "Budget 2022 för ”Personalkostnader”" in out
    code, out = run("render", "delarsbokslut", *common, "--ut", tmp_path / "ut", "--datum", "2022-09-12", source)
    assert code == 0, out
    [document] = (tmp_path / "ut" / "delarsbokslut-2022").glob("8 *.docx")
    text = document_text(document)
    assert (
        "Kontrollen av att brukarnas privata medel redovisas enligt internkontrollplanen har inte följts upp." in text
    )
    assert "Två av nämndens tre internkontrollpunkter har följts upp till delårsbokslutet" in text
    # the typed budget is kept (a budget may be changed during the year): the warning says which is which
    assert f"| Personalkostnader | -714{NBSP}212 |" in text
    code, out = run("render", "delarsbokslut", *common, "--utan-lager", "--ut", tmp_path / "ut2", source)
    text = document_text(next((tmp_path / "ut2" / "delarsbokslut-2022").glob("8 *.docx")))
    assert code == 0 and "enligt internkontrollplanen" not in text and "Alla nämndens två internkontrollpunkter" in text
