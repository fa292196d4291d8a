"""PDFs for publishing, checked as an administrator would: pdfinfo and the PDF's own text."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bokslut import pdf
from bokslut.cli import main
from tests import programs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORG = EXAMPLES / "organisation.json"
JSON = EXAMPLES / "delarsbokslut-2022" / "json"


def _render(out: Path, *extra: str) -> dict[str, list[str]]:
    args = ["render", "delarsbokslut", "--org", str(ORG), "--år", "2022", "--utan-lager", "--ut", str(out)]
    result = CliRunner().invoke(main, [*args, "--datum", "2022-09-13", "--ansvar", "8191", *extra, str(JSON), "--json"])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.output))


def test_a_document_says_what_it_is_in_its_properties(tmp_path: Path) -> None:
    _render(tmp_path)
    document = next((tmp_path / "delarsbokslut-2022").glob("8191 *.docx"))
    with zipfile.ZipFile(document) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "<dc:title>Delårsbokslut 2022 – Avdelning hemtjänst</dc:title>" in core
    assert "<dc:creator>Lerviks kommun</dc:creator>" in core and "python-docx" not in core
    assert ">2022-09-13T12:00:00Z</dcterms:created>" in core and ">2022-09-13T12:00:00Z</dcterms:modified>" in core
    assert "<dc:language>sv-SE</dc:language>" in core


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_pdf_is_tagged_titled_and_holds_the_documents_figures(tmp_path: Path) -> None:
    programs.soffice("writer")
    pdfinfo = programs.program("pdfinfo", "poppler-utils")
    pdftotext = programs.program("pdftotext", "poppler-utils")
    done = _render(tmp_path, "--pdf")
    [written] = done["pdf"]
    info = subprocess.run([pdfinfo, written], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert re.search(r"^Title:\s+Delårsbokslut 2022 – Avdelning hemtjänst$", info, re.M), info
    assert re.search(r"^Author:\s+Lerviks kommun$", info, re.M), info
    tags = subprocess.run([pdfinfo, "-struct", written], capture_output=True, text=True, check=True).stdout
    assert {"H1", "H2", "Table", "TH:", "TD:", "Figure:"} <= {
        line.split()[0] for line in tags.splitlines() if line.strip()
    }
    assert re.findall(rb"/Lang\s*\(([^)]*)\)", Path(written).read_bytes()) == [b"sv-SE"]  # read as Swedish
    text = subprocess.run([pdftotext, "-layout", written, "-"], capture_output=True, text=True, check=True).stdout
    assert "Avdelning hemtjänst" in text and "Delårsbokslut" in text
    # a rerun with nothing changed converts nothing
    assert _render(tmp_path, "--pdf")["pdf"] == []
    assert Path(written).exists()


def test_without_libreoffice_the_documents_are_written_and_exit_2_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    args = ["render", "delarsbokslut", "--org", str(ORG), "--år", "2022", "--utan-lager", "--ut", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--ansvar", "8191", "--pdf", str(JSON)])
    assert result.exit_code == 2, result.output
    assert "LibreOffice saknas, så inga PDF-filer skrevs (1 st); Word-dokumenten är skrivna." in result.output
    assert "sudo apt-get install libreoffice-writer-nogui" in result.output
    assert [p.suffix for p in (tmp_path / "delarsbokslut-2022").iterdir() if not p.name.startswith(".")] == [".docx"]
