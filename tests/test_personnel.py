"""The personnel tables as a reader checks them: rates, årsarbetare and ages with one decimal,
counts whole, and every figure the text under a table names is the one in the table."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from bokslut.domain import ARSBOKSLUT, STAT_TABLES
from tests.conftest import check, render

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ONE_DECIMAL = re.compile(r"[+-]?\d{1,3}(\u00a0\d{3})*,\d")
WHOLE = re.compile(r"[+-]?\d{1,3}(\u00a0\d{3})*")
#: A figure in running text: "1 090", "64,0 %" (a year such as 2022 is not a figure of the table).
FIGURE = re.compile(r"(?<![\d,])\d{1,3}(?:\u00a0\d{3})*(?:,\d)?(?!\d|,\d)")


@pytest.fixture(scope="module")
def year_documents(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    checked = check(EXAMPLES / "organisation.json", [EXAMPLES / "arsbokslut-2022" / "json"], ARSBOKSLUT, 2022)
    result = render(checked, ARSBOKSLUT, 2022, tmp_path_factory.mktemp("ar"), today=date(2023, 2, 8))
    return [path for _, path in result.rendered]


def _tables_with_text(path: Path) -> list[tuple[str, list[list[str]], str]]:
    """Each personnel table (by its first header) with the paragraph that follows it."""
    firsts = {t.first for t in STAT_TABLES.values()}
    doc = Document(str(path))
    blocks = list(doc.iter_inner_content())
    found = []
    for i, block in enumerate(blocks):
        rows = getattr(block, "rows", None)
        if rows is None:
            continue
        cells = [[c.text for c in row.cells] for row in rows]
        if cells and cells[0][0] in firsts:
            after = next((b.text for b in blocks[i + 1 :] if isinstance(b, Paragraph) and b.text.strip()), "")
            found.append((cells[0][0], cells[1:], after))
    return found


@pytest.mark.slow
def test_decimals_follow_what_the_row_measures(year_documents: list[Path]) -> None:
    seen = 0
    for path in year_documents:
        for first, rows, _ in _tables_with_text(path):
            spec = next(t for t in STAT_TABLES.values() if t.first == first)
            for label, *values in rows:
                pattern = WHOLE if spec.places_of(label) == 0 else ONE_DECIMAL
                for value in values:
                    if value != "iu.":
                        assert pattern.fullmatch(value), (path.name, label, value)
                        seen += 1
    assert seen > 100


def test_a_rate_and_an_arsarbetare_keep_their_decimal_and_a_count_has_none() -> None:
    personnel = STAT_TABLES["personalstatistik"]
    assert personnel.places_of("Andel heltidsanställda (%)") == 1  # 64 reads 64,0 as in the text
    assert personnel.places_of("Årsarbetare visstidsanställda") == 1
    assert personnel.places_of("Antal tillsvidareanställda") == 0
    assert STAT_TABLES["arbetsskador"].places_of("Tillbud") == 0


@pytest.mark.slow
def test_the_text_names_the_figures_of_its_table(year_documents: list[Path]) -> None:
    checked = 0
    for path in year_documents:
        for first, rows, text in _tables_with_text(path):
            shown = {v.lstrip("+-") for _, *values in rows for v in values}
            for figure in FIGURE.findall(text):
                if "," in figure or "\u00a0" in figure or int(figure) > 31:
                    assert figure in shown, (path.name, first, figure, text)
                    checked += 1
    assert checked > 20
