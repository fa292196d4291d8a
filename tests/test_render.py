"""Rendered documents, read as a nämnd would: text, symbols with alt text, tables, safety."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from bokslut.context import SignalMark
from bokslut.domain import ARSBOKSLUT, DELARSBOKSLUT, FORDJUPAD, MANADSUPPFOLJNING, ReportSpec
from bokslut.issues import exit_code
from bokslut.render import render_docx
from scripts.docx_text import document_text
from tests import programs
from tests.conftest import check, render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("BOKSLUT_UPDATE_GOLDEN") == "1"
TODAY = date(2022, 9, 13)


def _org(tmp: Path) -> Path:
    path = tmp / "org.json"
    path.write_text(
        json.dumps(
            {
                "kommun": "Testkommun",
                "noder": [
                    {"ansvar": "1", "namn": "Testkommun", "nivå": "kommun", "överordnad": None},
                    {"ansvar": "8", "namn": "Testnämnden", "nivå": "nämnd", "överordnad": "1"},
                    {"ansvar": "81", "namn": "Enhet A", "nivå": "enhet", "överordnad": "8"},
                ],
            }
        ),
        "utf-8",
    )
    return path


def _unit(tmp: Path, ansvar: str, **fliks: Any) -> Path:
    data: dict[str, Any] = {
        "Uppgifter": {"ansvar": ansvar, "år": 2022},
        "8 RR skattefin övriga delår": {},
        "8 inv skattefin övriga delår": {},
        "8 förutb skattefin ALLA delår": {},
    }
    data.update(fliks)
    path = tmp / "in" / f"{ansvar}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def _render(tmp: Path, inputs: list[Path], org: Path | None = None) -> dict[str, Path]:
    checked = check(org or _org(tmp), inputs, DELARSBOKSLUT, 2022)
    result = render(checked, DELARSBOKSLUT, 2022, tmp / "out", today=TODAY)
    return {node.ansvar: path for node, path in result.rendered}


def test_author_text_comes_out_exactly_as_written(tmp_path: Path) -> None:
    tricky = "Kostnader för mat & dryck < budget, se {{ x }} och {% if %}.\nAndra raden."
    _unit(tmp_path, "8", **{"Texter": {"Verksamhet": tricky}})
    _unit(tmp_path, "81")
    docs = _render(tmp_path, [tmp_path / "in"])
    doc = Document(str(docs["8"]))
    texts = [p.text for p in doc.paragraphs]
    assert tricky in texts
    with zipfile.ZipFile(docs["8"]) as z:
        assert z.testzip() is None
        xml = z.read("word/document.xml").decode()
    assert "<w:br/>" in xml  # the line break is a line break, not a lost newline


def test_sandbox_refuses_template_code_in_data(tmp_path: Path) -> None:
    """Text that looks like Jinja is data: it is never evaluated."""
    payload = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    _unit(tmp_path, "8", **{"Texter": {"Verksamhet": payload}})
    _unit(tmp_path, "81")
    docs = _render(tmp_path, [tmp_path / "in"])
    assert payload in [p.text for p in Document(str(docs["8"])).paragraphs]


def test_a_symbol_beside_its_label_is_decorative(tmp_path: Path) -> None:
    """The label beside the symbol says what it means: a screen reader reads it once, not the
    symbol's alternative text as well."""
    goals = [{"nr": "1", "nämndens_mål": "Trygg vård", "bedömning": "Delvis uppfyllt"}]
    _unit(tmp_path, "8", **{"Mål": goals})
    _unit(tmp_path, "81")
    docs = _render(tmp_path, [tmp_path / "in"])
    text = document_text(docs["8"])
    assert "Bedömning: [dekorativ bild]\u00a0Delvis uppfyllt" not in text  # the image's text comes last
    assert "Bedömning: \u00a0Delvis uppfyllt [dekorativ bild]" in text
    assert "[bild:" not in text
    with zipfile.ZipFile(docs["8"]) as archive:
        body = archive.read("word/document.xml").decode()
    assert 'descr=""' in body and "adec:decorative" in body and 'val="1"' in body


def test_a_symbol_alone_keeps_its_label_as_alt_text(tmp_path: Path) -> None:
    """A mall that shows a symbol without its label beside it takes `image`: alt text and title."""
    mall = Document()
    mall.add_paragraph("{{ s.image }}")
    mall.save(str(tmp_path / "mall.docx"))
    mark = SignalMark("mal", "delvis", "Delvis uppfyllt", "#F0B000", "circle", by_hand=True)
    render_docx(tmp_path / "mall.docx", {"s": mark}, tmp_path / "ut.docx")
    assert "[bild: Delvis uppfyllt (satt manuellt)]" in document_text(tmp_path / "ut.docx")


def test_table_header_rows_repeat_and_sum_rows_are_bold(tmp_path: Path) -> None:
    drift = {"Personalkostnader": {"budget": -1000, "prognos": -1100, "utfall": -700, "utfall_fg": -650}}
    _unit(tmp_path, "8")
    _unit(tmp_path, "81", **{"8 RR skattefin övriga delår": drift})
    doc = Document(str(_render(tmp_path, [tmp_path / "in"])["8"]))
    drift_table = next(t for t in doc.tables if t.rows[1].cells[0].text == "Verksamhetens intäkter")
    header = drift_table.rows[0]._tr
    assert header.trPr is not None and header.trPr.xpath("./w:tblHeader")
    rows = {r.cells[0].text: r for r in drift_table.rows}
    assert [c.text for c in rows["Verksamhetens kostnader"].cells[1:]] == [
        "-1\u00a0000",
        "-1\u00a0100",
        "-100",
        "-700",
        "-650",
        "-50",
    ]
    assert all(run.bold for run in rows["Verksamhetens kostnader"].cells[1].paragraphs[0].runs)
    assert not any(run.bold for run in rows["Personalkostnader"].cells[1].paragraphs[0].runs)
    assert rows["Personalkostnader"].cells[1].paragraphs[0].alignment == 2  # right


def test_a_full_disk_leaves_no_file_and_says_so_per_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _unit(tmp_path, "8")
    _unit(tmp_path, "81")
    from docxtpl import DocxTemplate

    def broken_save(self: DocxTemplate, target: Any) -> None:
        target.write(b"PK half a document")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(DocxTemplate, "save", broken_save)
    checked = check(_org(tmp_path), [tmp_path / "in"], DELARSBOKSLUT, 2022)
    result = render(checked, DELARSBOKSLUT, 2022, tmp_path / "out", today=TODAY, jobs=1)  # the patch is here
    assert result.rendered == []
    assert {n.ansvar for n, _ in result.skipped} == {"8", "81"}
    assert all("disken är full" in reason for _, reason in result.skipped)
    assert exit_code(result.issues) == 2
    assert list((tmp_path / "out").iterdir()) == []


def test_a_document_cut_short_is_not_moved_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body that lost its end (as lxml's recovering parser can leave it) is caught before the rename."""
    _unit(tmp_path, "8")
    _unit(tmp_path, "81")
    from docxtpl import DocxTemplate

    real_save = DocxTemplate.save

    def truncating_save(self: DocxTemplate, target: Any) -> None:
        body = self.docx.element.body
        body.remove(body[-1])  # the section properties: the end of the body
        real_save(self, target)

    monkeypatch.setattr(DocxTemplate, "save", truncating_save)
    checked = check(_org(tmp_path), [tmp_path / "in"], DELARSBOKSLUT, 2022)
    result = render(checked, DELARSBOKSLUT, 2022, tmp_path / "out", today=TODAY, jobs=1)  # the patch is here
    assert result.rendered == []
    assert all(reason == "internt fel i bokslut" for _, reason in result.skipped)
    assert all("det blev inte helt och lades inte på plats" in i.message for i in result.issues)
    assert exit_code(result.issues) == 3
    assert list((tmp_path / "out").iterdir()) == []


def test_a_killed_runs_temp_files_are_removed_by_the_next(tmp_path: Path) -> None:
    _unit(tmp_path, "8")
    _unit(tmp_path, "81")
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = out / f".bokslut-{dead.pid}-8 Nämnd-abc123.tmp"
    left.write_bytes(b"PK half")
    running = out / f".bokslut-{os.getpid()}-81 Förvaltning-def456.tmp"
    running.write_bytes(b"PK being written")
    older = out / ".81 Förvaltning-k2j4h_9x.tmp"  # as bokslut 0.1 named them, without a pid
    older.write_bytes(b"PK half")
    _render(tmp_path, [tmp_path / "in"])
    assert not left.exists() and not older.exists()
    assert running.exists()  # a live process's file is not touched


#: The example year: (report, month, folder under examples/).
YEAR_RUNS = [
    (MANADSUPPFOLJNING, 3, "manadsuppfoljning-2022-03"),
    (FORDJUPAD, 4, "fordjupad-2022-04"),
    (MANADSUPPFOLJNING, 5, "manadsuppfoljning-2022-05"),
    (DELARSBOKSLUT, 8, "delarsbokslut-2022"),
    (MANADSUPPFOLJNING, 10, "manadsuppfoljning-2022-10"),
    (ARSBOKSLUT, 12, "arsbokslut-2022"),
]
RUN_IDS = [folder for _, _, folder in YEAR_RUNS]


def _example_documents(
    tmp_path_factory: pytest.TempPathFactory, report: ReportSpec, month: int, folder: str, form: str
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp(f"{folder}-{form}")
    checked = check(EXAMPLES / "organisation.json", [EXAMPLES / folder / form], report, 2022)
    assert not [str(i) for i in checked.issues], "the example year validates without errors or warnings"
    result = render(checked, report, 2022, out, month=month, today=TODAY)
    assert not result.skipped
    return {node.ansvar: path for node, path in result.rendered}


@pytest.fixture(scope="module", params=YEAR_RUNS, ids=RUN_IDS)
def year_docs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Path]]:
    report, month, folder = request.param
    return folder, _example_documents(tmp_path_factory, report, month, folder, "excel")


@pytest.fixture(scope="module")
def example_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _example_documents(tmp_path_factory, DELARSBOKSLUT, 8, "delarsbokslut-2022", "excel")


@pytest.mark.slow
def test_golden_text_of_the_namnd_documents(year_docs: tuple[str, dict[str, Path]]) -> None:
    """Each report's nämnd document, as text. Update with BOKSLUT_UPDATE_GOLDEN=1 after reading the diff."""
    folder, docs = year_docs
    golden = GOLDEN / f"{folder}-namnd.txt"
    text = document_text(docs["8"])
    if UPDATE or not golden.exists():
        golden.write_text(text, "utf-8")
        if not UPDATE:
            pytest.fail(f"{golden.name} did not exist; written now – read it and commit it")
    assert text == golden.read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("report", "month", "folder"), YEAR_RUNS, ids=RUN_IDS)
def test_excel_and_json_inputs_give_the_same_documents(
    tmp_path_factory: pytest.TempPathFactory, report: ReportSpec, month: int, folder: str
) -> None:
    from_excel = _example_documents(tmp_path_factory, report, month, folder, "excel")
    from_json = _example_documents(tmp_path_factory, report, month, folder, "json")
    assert from_json.keys() == from_excel.keys()
    for ansvar, path in from_excel.items():
        assert document_text(path) == document_text(from_json[ansvar]), ansvar


@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_converts_every_document_to_pdf(year_docs: tuple[str, dict[str, Path]], tmp_path: Path) -> None:
    soffice = programs.soffice("writer")
    _, example_docs = year_docs
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            *map(str, example_docs.values()),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for path in example_docs.values():
        pdf = tmp_path / (path.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 10_000, pdf.name
        pdftotext = programs.program("pdftotext", "poppler-utils")
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Lerviks kommun" in text and "Sida 2 av" in text
