"""The investment and förutbetalda tables as a nämndsekreterare checks them: wherever every
project of a category has a figure, the category row is their sum; a figure nobody gave is blank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document

from bokslut.domain import ARSBOKSLUT, DELARSBOKSLUT, TABLES, ReportSpec, RowKind
from tests.conftest import check, render, unit, write_json_input, write_org

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = date(2023, 2, 8)

#: Every row label of the project tables that is not a project; a category's projects are
#: the lines between its row and the next of these.
GROUPS = {r.label for t in TABLES.values() if t.has_projects for r in t.rows if r.kind is RowKind.GROUP}
NOT_PROJECTS = {r.label for t in TABLES.values() if t.has_projects for r in t.rows}


def _number(cell: str) -> int | None:
    text = cell.replace("\u00a0", "").replace(" ", "").replace("−", "-")
    return int(text) if text else None


def _categories(path: Path) -> list[tuple[str, list[int | None], list[list[int | None]]]]:
    """Each category row of the document's project tables with the lines under it."""
    found = []
    for table in Document(str(path)).tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if not rows or rows[0][0] != "Belopp i tkr" or not any(r[0] in GROUPS for r in rows):
            continue
        current: tuple[str, list[int | None], list[list[int | None]]] | None = None
        for label, *cells in rows[1:]:
            if label in NOT_PROJECTS:
                current = (label, [_number(c) for c in cells], []) if label in GROUPS else None
                if current is not None:
                    found.append(current)
            elif current is not None:
                current[2].append([_number(c) for c in cells])
    return found


def _documents(tmp_path_factory: pytest.TempPathFactory, report: ReportSpec, folder: str) -> list[Path]:
    checked = check(EXAMPLES / "organisation.json", [EXAMPLES / folder / "json"], report, 2022)
    result = render(checked, report, 2022, tmp_path_factory.mktemp(folder), today=TODAY)
    return [path for _, path in result.rendered]


@pytest.mark.slow
@pytest.mark.parametrize(("report", "folder"), [(ARSBOKSLUT, "arsbokslut-2022"), (DELARSBOKSLUT, "delarsbokslut-2022")])
def test_every_category_adds_up_in_every_document(
    tmp_path_factory: pytest.TempPathFactory, report: ReportSpec, folder: str
) -> None:
    documents = _documents(tmp_path_factory, report, folder)
    checked = 0
    for path in documents:
        for label, category, projects in _categories(path):
            if all(value is None for value in category):
                continue  # a heading row (förutbetalda's Inkomster), blank as in the mall
            for column, value in enumerate(category):
                figures = [p[column] for p in projects]
                if projects and all(f is not None for f in figures):
                    assert value == sum(f for f in figures if f is not None), (path.name, label, column)
                    checked += 1
    assert checked > 50, "the documents have project tables to check"


@pytest.mark.slow
def test_last_year_per_category_leaves_the_project_blank(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The example's Reinvestering: 81921 knows last year for the category only."""
    documents = {p.name.split()[0]: p for p in _documents(tmp_path_factory, ARSBOKSLUT, "arsbokslut-2022")}
    rows = {c[0]: c for c in _categories(documents["8"])}
    _, category, projects = rows["Reinvestering"]
    last_year, diff = 3, 4  # Bokslut 2021, Diff. bokslut 2022/2021
    assert category[last_year] == 1520  # 880 + 0 + 640 for the category
    assert sorted(f for p in projects if (f := p[last_year]) is not None) == [0, 880]
    blank = [p for p in projects if p[last_year] is None]
    assert len(blank) == 1 and blank[0][diff] is None, "no Diff against a figure nobody gave"


def _investing(tmp: Path, ansvar: str, category: dict[str, object]) -> Path:
    data = unit(ansvar, investeringar={"Reinvestering": category})
    return write_json_input(tmp, data)


def test_a_category_figure_beside_known_projects_gets_a_line_of_its_own(tmp_path: Path) -> None:
    """One enhet reports a project with last year 0, another only its category's last year:
    at the nämnd every project has a figure, so the rest shows as a line that makes it add up."""
    org = write_org(
        tmp_path,
        [
            ("1", "Exempelkommun", "kommun", None),
            ("8", "Nämnden", "nämnd", "1"),
            ("81911", "Norr", "enhet", "8"),
            ("81912", "Söder", "enhet", "8"),
        ],
    )
    norr = _investing(tmp_path, "81911", {"projekt": [{"namn": "Larm", "budget": 500, "utfall": 300, "utfall_fg": 0}]})
    soder = _investing(tmp_path, "81912", {"projekt": [], "summa": {"utfall_fg": 350}})
    checked = check(org, [norr, soder], DELARSBOKSLUT, 2022)
    result = render(checked, DELARSBOKSLUT, 2022, tmp_path / "out", today=TODAY)
    namnd = next(p for n, p in result.rendered if n.ansvar == "8")
    rows = {c[0]: c for c in _categories(namnd)}
    _, category, projects = rows["Reinvestering"]
    # Budget, Prognos, Avv., Delår 2022, Delår 2021, Diff
    assert category == [500, 0, 500, 300, 350, -50]
    assert projects == [[500, None, None, 300, 0, 300], [0, 0, 0, 0, 350, -350]]


def test_a_project_two_units_share_is_blank_where_one_gave_nothing(tmp_path: Path) -> None:
    org = write_org(
        tmp_path,
        [
            ("1", "Exempelkommun", "kommun", None),
            ("8", "Nämnden", "nämnd", "1"),
            ("81911", "Norr", "enhet", "8"),
            ("81912", "Söder", "enhet", "8"),
        ],
    )
    norr = _investing(tmp_path, "81911", {"projekt": [{"namn": "Larm", "budget": 500, "utfall": 300, "utfall_fg": 40}]})
    soder = _investing(tmp_path, "81912", {"projekt": [{"namn": "Larm", "budget": 100, "utfall": 60}]})
    checked = check(org, [norr, soder], DELARSBOKSLUT, 2022)
    result = render(checked, DELARSBOKSLUT, 2022, tmp_path / "out", today=TODAY)
    namnd = next(p for n, p in result.rendered if n.ansvar == "8")
    _, category, projects = {c[0]: c for c in _categories(namnd)}["Reinvestering"]
    assert category[3:] == [360, 40, 320]
    assert projects == [[600, None, None, 360, None, None]]
