"""A batch as a controller reruns it before a deadline: the mall prepared once, every core, and only
the documents whose content changed."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bokslut.cli import main
from bokslut.domain import DELARSBOKSLUT
from bokslut.render import Mall, Properties, render_docx
from scripts.docx_text import document_text
from tests.conftest import check, example_nodes, render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORG = EXAMPLES / "organisation.json"
JSON = EXAMPLES / "delarsbokslut-2022" / "json"
TODAY = date(2022, 9, 13)
MALL = ROOT / "templates" / DELARSBOKSLUT.template


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_document_from_the_prepared_mall_is_the_one_docxtpl_renders_alone(tmp_path: Path) -> None:
    checked = check(ORG, [JSON], DELARSBOKSLUT, 2022)
    alone = render(checked, DELARSBOKSLUT, 2022, tmp_path / "alone", only="8191", today=TODAY)
    [(_, document)] = alone.rendered
    from bokslut.aggregate import aggregate
    from bokslut.context import build_context

    tree = aggregate(checked.organisation, checked.units, DELARSBOKSLUT, set())["8191"]
    context = build_context(DELARSBOKSLUT, tree, 2022, 8, checked.organisation.kommun, TODAY, {})
    properties = Properties("Delårsbokslut 2022 – Avdelning hemtjänst", "Lerviks kommun", TODAY, "Delårsbokslut")
    mall = Mall(MALL)
    for i in range(3):  # the third from the same prepared mall is still the same
        mall.render(context, tmp_path / f"batch{i}.docx", properties)
    render_docx(MALL, context, tmp_path / "fresh.docx", properties)
    assert _parts(tmp_path / "batch2.docx") == _parts(tmp_path / "fresh.docx") == _parts(document)


@pytest.mark.slow
def test_many_processes_write_the_same_documents_as_one(tmp_path: Path) -> None:
    checked = check(ORG, [JSON], DELARSBOKSLUT, 2022)
    one = render(checked, DELARSBOKSLUT, 2022, tmp_path / "one", today=TODAY, jobs=1)
    two = render(checked, DELARSBOKSLUT, 2022, tmp_path / "two", today=TODAY, jobs=2)
    assert [n.ansvar for n, _ in one.rendered] == [n.ansvar for n, _ in two.rendered]
    assert len(one.rendered) == len(example_nodes())
    for (_, a), (_, b) in zip(one.rendered, two.rendered, strict=True):
        assert a.name == b.name and _parts(a) == _parts(b)


def _render(*args: str | Path) -> dict[str, object]:
    result = CliRunner().invoke(main, ["render", "delarsbokslut", *map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def _names(files: object) -> set[str]:
    assert isinstance(files, list)
    return {f["ansvar"] for f in files}


@pytest.mark.slow
def test_a_rerun_writes_only_what_changed_on_the_path_to_the_root(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(JSON, inputs)
    common = ("--org", ORG, "--år", "2022", "--utan-lager", "--ut", tmp_path / "out", "--datum", "2022-09-13")
    first = _render(*common, inputs)
    assert len(_names(first["skrivna"])) == len(example_nodes()) and first["oförändrade"] == []

    again = _render(*common, inputs)
    assert again["skrivna"] == [] and len(_names(again["oförändrade"])) == len(example_nodes())

    # Hemtjänst Norr's controller corrects a forecast: its document and every one above it change
    data = json.loads((inputs / "81911.json").read_text("utf-8"))
    data["8 RR skattefin övriga delår"]["Övriga kostnader"]["prognos"] = -9270
    (inputs / "81911.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    changed = _render(*common, inputs)
    assert _names(changed["skrivna"]) == {"81911", "8191", "81", "8"}
    assert len(_names(changed["oförändrade"])) == len(example_nodes()) - 4

    # … then a comment: only the documents that show it (the enhet's and its avdelning's underlag)
    data["Texter"]["Verksamhet"] = "Rättad text om verksamheten i Hemtjänst Norr."
    (inputs / "81911.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert _names(_render(*common, inputs)["skrivna"]) == {"81911", "8191"}
    document = next((tmp_path / "out" / "delarsbokslut-2022").glob("81911 *.docx"))
    assert "Rättad text om verksamheten i Hemtjänst Norr." in document_text(document)

    # a document removed by hand, or another date on the cover, is written again
    document.unlink()
    assert _names(_render(*common, inputs)["skrivna"]) == {"81911"}
    assert len(_names(_render(*common[:-1], "2022-09-14", inputs)["skrivna"])) == len(example_nodes())
    # and --alla writes everything
    assert len(_names(_render(*common[:-1], "2022-09-14", "--alla", inputs)["skrivna"])) == len(example_nodes())


@pytest.mark.parametrize("jobs", ["0", "-1", "x"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, jobs: str) -> None:
    args = ["render", "delarsbokslut", "--org", str(ORG), "--år", "2022", "--jobb", jobs, str(JSON)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "--jobb" in result.output
