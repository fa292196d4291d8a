"""The mallar and the documents rendered from them, as Word, a screen reader and a PDF see them:
the language, the schema's order of properties, sections in the kommun's order, tables kept
together, headers that never break inside a word."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from bokslut.domain import (
    ARSBOKSLUT,
    ARSBOKSLUT_ENHET,
    DELARSBOKSLUT,
    DELARSBOKSLUT_ENHET,
    FORDJUPAD,
    MANADSUPPFOLJNING,
    REPORTS,
    ReportSpec,
)
from bokslut.pipeline import TEMPLATES
from scripts.docx_text import document_text
from tests import programs
from tests.conftest import check, render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MALLAR = sorted({TEMPLATES / r.template for r in REPORTS.values()})

#: The children of these properties in the order ECMA-376 Part 1 (§17, the schema's sequences
#: CT_PPrBase, CT_RPr / EG_RPrBase, CT_TblPr and CT_SectPr) puts them; Word may refuse or
#: "repair" a document with a child out of order or twice. Header and footer references are a
#: choice among themselves, so they share a place.
SCHEMA_ORDER: dict[str, tuple[str, ...]] = {
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
        "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
        "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ),
    "rPr": (
        "ins", "del", "moveFrom", "moveTo",  # a paragraph mark's run properties (CT_ParaRPr) begin so
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
        "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
        "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl",
        "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
    ),
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
        "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
        "tblCaption", "tblDescription", "tblPrChange",
    ),
    "sectPr": (
        "headerReference|footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
        "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
        "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
    ),
}  # fmt: skip

#: The parts whose properties are checked: body, styles, headers and footers.
_PARTS = re.compile(r"word/(document|styles|header\d*|footer\d*)\.xml")


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _rank(parent: str, child: str) -> int:
    for i, names in enumerate(SCHEMA_ORDER[parent]):
        if child in names.split("|"):
            return i
    raise AssertionError(f"w:{child} is no child of w:{parent} in the schema")


def order_problems(docx: Path) -> list[str]:
    """Every w:pPr, w:rPr, w:tblPr and w:sectPr whose children are out of the schema's order or
    repeated, as "part: parent: child after child"."""
    problems = []
    with zipfile.ZipFile(docx) as archive:
        for name in filter(_PARTS.fullmatch, archive.namelist()):
            root = etree.fromstring(archive.read(name))
            for parent in SCHEMA_ORDER:
                for props in root.iter(f"{{{W}}}{parent}"):
                    children = [_local(c) for c in props if etree.QName(c).namespace == W]
                    ranked = [(c, _rank(parent, c)) for c in children]
                    for (a, ra), (b, rb) in pairwise(ranked):
                        if rb < ra or (rb == ra and a == b and "|" not in SCHEMA_ORDER[parent][ra]):
                            problems.append(f"{name}: w:{parent}: w:{b} after w:{a}")
    return problems


def language_problems(docx: Path) -> list[str]:
    """Where a document is not Swedish: en-US anywhere in its styles, settings or body, or no
    sv-SE as the language of the document's defaults."""
    problems = []
    with zipfile.ZipFile(docx) as archive:
        for name in ("word/styles.xml", "word/settings.xml", "word/document.xml"):
            if "en-US" in archive.read(name).decode():
                problems.append(f"{name} names en-US")
        styles = etree.fromstring(archive.read("word/styles.xml"))
    default = styles.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr/{{{W}}}lang")
    if default is None or default.get(f"{{{W}}}val") != "sv-SE":
        problems.append("docDefaults has no w:lang sv-SE")
    return problems


# --- the mallar ------------------------------------------------------------------------------


def test_every_known_order_is_complete() -> None:
    """The test's own table: no child name twice within one parent's sequence."""
    for parent, names in SCHEMA_ORDER.items():
        flat = [n for group in names for n in group.split("|")]
        assert len(flat) == len(set(flat)), parent


@pytest.mark.parametrize("mall", MALLAR, ids=lambda p: p.name)
def test_every_mall_is_swedish(mall: Path) -> None:
    assert language_problems(mall) == []


@pytest.mark.parametrize("mall", MALLAR, ids=lambda p: p.name)
def test_every_mall_writes_properties_in_the_schemas_order(mall: Path) -> None:
    assert order_problems(mall) == []


def test_the_order_check_finds_a_repeated_table_layout(tmp_path: Path) -> None:
    """The fault the mallar had: w:tblLayout twice, the second after w:tblLook."""
    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    table.autofit = False
    extra = etree.SubElement(table._tbl.tblPr, f"{{{W}}}tblLayout")
    extra.set(f"{{{W}}}type", "fixed")
    doc.save(str(tmp_path / "x.docx"))
    assert order_problems(tmp_path / "x.docx") == ["word/document.xml: w:tblPr: w:tblLayout after w:tblLook"]


def _headings(mall: Path) -> list[str]:
    return [p.text for p in Document(str(mall)).paragraphs if p.style is not None and p.style.name.startswith("Head")]


@pytest.mark.parametrize("report", [DELARSBOKSLUT, ARSBOKSLUT], ids=lambda r: r.key)
def test_internkontroll_comes_before_omedelbara_atgarder_as_in_the_kommuns_mall(report: ReportSpec) -> None:
    headings = _headings(TEMPLATES / report.template)
    assert headings.index("Internkontroll") < headings.index("Omedelbara åtgärder") < headings.index("Ekonomi")


def test_every_table_row_stays_on_one_page_and_a_header_with_its_first_row() -> None:
    for mall in MALLAR:
        doc = Document(str(mall))
        for table in doc.tables:
            for row in table.rows:
                if row.cells[0].text.startswith("{%tr"):
                    continue  # docxtpl removes the row of a tag
                tr_pr = row._tr.trPr
                assert tr_pr is not None and tr_pr.find(f"{{{W}}}cantSplit") is not None, mall.name
            header = table.rows[0].cells[0].paragraphs[0]
            assert header.style is not None and header.style.paragraph_format.keep_with_next, mall.name
        for name in ("Heading 1", "Heading 2", "Heading 3", "Legend"):
            assert doc.styles[name].paragraph_format.keep_with_next, (mall.name, name)


def test_a_small_table_keeps_its_rows_together() -> None:
    """The drift table: every row's paragraphs keep with the next row, so the table is not split."""
    doc = Document(str(TEMPLATES / DELARSBOKSLUT.template))
    drift = next(t for t in doc.tables if t.rows[0].cells[0].text == "Belopp i tkr")
    rows = [r for r in drift.rows[1:] if "{%tr" not in r.cells[0].text]
    assert rows and all(p.paragraph_format.keep_with_next for r in rows for c in r.cells for p in c.paragraphs)


# --- the rendered documents of every report --------------------------------------------------

#: Each report's example input, the month, the shared items for a unit report, and the node rendered.
RUNS = [
    (MANADSUPPFOLJNING, 5, "manadsuppfoljning-2022-05", "8"),
    (FORDJUPAD, 4, "fordjupad-2022-04", "8"),
    (DELARSBOKSLUT, 8, "delarsbokslut-2022", "8"),
    (ARSBOKSLUT, 12, "arsbokslut-2022", "8"),
    (DELARSBOKSLUT_ENHET, 8, "delarsbokslut-2022", "8191"),
    (ARSBOKSLUT_ENHET, 12, "arsbokslut-2022", "8191"),
]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One document of every report, from the example year: the nämnd's, an avdelning's."""
    out: dict[str, Path] = {}
    for report, month, folder, ansvar in RUNS:
        base = EXAMPLES / folder
        shared = [base / "delat"] if report.is_unit_report else []
        checked = check(EXAMPLES / "organisation.json", [base / "json"], report, 2022, month=month, shared=shared)
        target = tmp_path_factory.mktemp(report.key)
        result = render(checked, report, 2022, target, month=month, only=ansvar, today=date(2022, 9, 13))
        [(_, path)] = result.rendered
        out[report.key] = path
    return out


@pytest.mark.slow
def test_every_report_renders_swedish_documents_in_the_schemas_order(documents: dict[str, Path]) -> None:
    for key, path in documents.items():
        assert language_problems(path) == [], key
        assert order_problems(path) == [], key


@pytest.mark.slow
def test_the_forutbetalda_inkomster_row_is_a_heading_without_figures(documents: dict[str, Path]) -> None:
    """As in the kommun's mall: Inkomster heads the projects; the total is Totala inkomster."""
    text = document_text(documents[DELARSBOKSLUT.key])
    assert "| Inkomster |  |  |  |  |  |  |" in text
    assert re.search(r"\| Totala inkomster \| 1\s500 \|", text)


# --- the PDF, as LibreOffice lays it out ----------------------------------------------------

#: Column headers as a narrow column may break them: only at the mall's own breaks.
HEADER_WORDS = ("Delårsbokslut", "prognos/budget", "bokslut/budget", "Expansionsinvestering", "Anpassningsinvestering")


def _pdf_text(documents: list[Path], folder: Path) -> dict[str, str]:
    soffice = programs.soffice("writer")
    pdftotext = programs.program("pdftotext", "poppler-utils")
    profile = folder / "profile"
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(folder), *map(str, documents)], check=True, capture_output=True, timeout=600
    )
    texts = {}
    for path in documents:
        pdf = folder / (path.stem + ".pdf")
        texts[path.stem] = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    return texts


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[\w/\-\u00ad]+", text))


def broken_words(text: str, document: str, words: tuple[str, ...] = HEADER_WORDS) -> list[str]:
    """The pieces of `words` that stand alone in the PDF's text but are no word of the document:
    a word broken in the middle without a hyphen ("Delårsbok" then "slut", "prognos/b" then
    "udget"). A break at a hyphen ("Delårsbok-") or after a slash ("prognos/ budget") is the mall's."""
    pieces = {
        word[:cut]
        for word in words
        for cut in range(4, len(word) - 1)
        if not word[:cut].endswith("/") and not word[cut:].startswith("/")
    }
    return sorted((_tokens(text) & pieces) - _tokens(document))


@pytest.mark.slow
@pytest.mark.libreoffice
def test_no_header_word_is_broken_in_the_middle(documents: dict[str, Path], tmp_path: Path) -> None:
    """The figure tables' headers break at the mall's breaks ("Delårsbok-slut", "prognos/ budget"),
    and the categories fit their column, in the PDF as LibreOffice lays the pages out."""
    paths = []
    for report in (DELARSBOKSLUT, ARSBOKSLUT, FORDJUPAD):
        paths.append(tmp_path / f"{report.key}.docx")  # every nämnd's document has the same name
        shutil.copy(documents[report.key], paths[-1])
    texts = _pdf_text(paths, tmp_path)
    for path in paths:
        text = texts[path.stem]
        assert broken_words(text, document_text(path)) == [], path.stem
    # The drift table's header: whole, or broken at the mall's hyphen ("Delårsbok-" / "slut 2022").
    assert re.search(r"Delårsbok(-|\u00ad|slut 20)", texts[DELARSBOKSLUT.key])
