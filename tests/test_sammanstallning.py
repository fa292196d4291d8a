"""The kommun's sammanställning: one document for the kommun, a row per nämnd as the nämnd's own
document has it, the avgiftsfinansierade verksamheter apart, and what was eliminated between nämnder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bokslut.domain import DELARSBOKSLUT, SAMMANSTALLNING
from bokslut.pipeline import Job, import_inputs, lock_period, render_report
from bokslut.store import Store
from scripts.docx_text import document_text
from tests.conftest import DRIFT_FLIK, YEAR, check, render, unit, write_json_input, write_org

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

TREE: tuple[Any, ...] = (
    ("1", "Testkommun", "kommun", None),
    ("3", "Kultur- och fritidsnämnden", "nämnd", "1"),
    ("31", "Biblioteket", "enhet", "3"),
    ("4", "Utbildningsnämnden", "nämnd", "1"),
    ("41", "Skolköket", "enhet", "4"),
    ("42", "Grundskolan", "enhet", "4"),
    ("5", "Samhällsbyggnadsnämnden", "nämnd", "1"),
    {"ansvar": "55", "namn": "VA-verksamheten", "nivå": "enhet", "överordnad": "5", "flikar": "VA"},
    ("57", "Gata och park", "enhet", "5"),
)


def _drift(intakter: int, kostnader: int, bidrag: int, *, prognos: int = 0) -> dict[str, dict[str, int]]:
    """A unit's drift: budget, and a prognos `prognos` tkr worse on its costs."""
    return {
        "Verksamhetens intäkter": {"budget": intakter, "prognos": intakter, "utfall": intakter // 2},
        "Personalkostnader": {"budget": kostnader, "prognos": kostnader - prognos, "utfall": kostnader // 2},
        "Kommunbidrag": {"budget": bidrag, "prognos": bidrag, "utfall": bidrag // 2},
    }


#: The skolkök sells 1 000 tkr of meals to the bibliotek's café: a sale between two nämnder.
SALE = {"kontogrupp": "Verksamhetens intäkter", "motpart": "31", "budget": 1000, "prognos": 1000, "utfall": 500}
PURCHASE = {"kontogrupp": "Personalkostnader", "motpart": "41", "budget": -1000, "prognos": -1000, "utfall": -500}
GOALS = [
    {"nr": 1, "nämndens_mål": "Fler besökare", "bedömning": "Helt uppfyllt"},
    {"nr": 2, "nämndens_mål": "Längre öppettider", "bedömning": "Delvis uppfyllt"},
    {"nr": 3, "nämndens_mål": "Fler e-böcker"},
]
CONTROLS = [
    {"vad": "Attest", "bedömning": "Genomförd utan anmärkning/med försumbar anmärkning"},
    {"vad": "Avtal", "bedömning": "Genomförd med anmärkning"},
    {"vad": "Inventarier"},
]


def _with_internal(data: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    data["Interna poster"] = [item]
    return data


def _va() -> dict[str, Any]:
    data = unit("55", "VA-verksamheten", drift=_drift(60000, -59000, 0, prognos=500))
    data["8 RR VA delår"] = data.pop(DRIFT_FLIK)
    return data


def inputs(folder: Path) -> list[Path]:
    return [
        write_json_input(folder, unit("3", "Kultur- och fritidsnämnden", drift={}, Mål=GOALS, Internkontroll=CONTROLS)),
        write_json_input(folder, _with_internal(unit("31", drift=_drift(2000, -12000, 10000, prognos=2400)), PURCHASE)),
        write_json_input(folder, _with_internal(unit("41", drift=_drift(5000, -9000, 4000)), SALE)),
        write_json_input(folder, unit("42", drift=_drift(1000, -31000, 30500))),
        write_json_input(folder, _va()),
        write_json_input(folder, unit("57", drift=_drift(0, -8000, 8300, prognos=100))),
    ]


def text_of(path: Path) -> str:
    return document_text(path).replace("\u00a0", " ")


def row_of(text: str, label: str, cells: int = 6) -> list[str]:
    """The cells of the first table row so named that has `cells` cells after its label."""
    rows = ([c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("| "))
    return next(row[1:] for row in rows if row[0] == label and len(row) == cells + 1)


def _numbers(cells: list[str]) -> list[int]:
    return [int(c.replace(" ", "")) for c in cells]


def test_the_sammanstallning_shows_each_namnd_as_its_own_document(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    (tmp_path / "in").mkdir()
    paths = inputs(tmp_path / "in")
    boards = render(check(org, paths, DELARSBOKSLUT, YEAR), DELARSBOKSLUT, YEAR, tmp_path / "namnder")
    own = {n.ansvar: text_of(p) for n, p in boards.rendered}
    checked = check(org, paths, SAMMANSTALLNING, YEAR)
    assert not [i for i in checked.issues if i.is_error], checked.issues
    result = render(checked, SAMMANSTALLNING, YEAR, tmp_path / "kommun")
    assert [n.ansvar for n, _ in result.rendered] == ["1"]
    text = text_of(result.rendered[0][1])
    assert "Sammanställning delårsbokslut 2022" in text

    # The nämnder without a taxe-financed verksamhet: their row is their own document's Årets resultat.
    for ansvar, name in (("3", "Kultur- och fritidsnämnden"), ("4", "Utbildningsnämnden")):
        assert row_of(text, name) == row_of(own[ansvar], "Årets resultat"), name
    # VA is shown apart: the nämnd's row is its skattefinansierad part, VA's own row the rest.
    board, va = row_of(text, "Samhällsbyggnadsnämnden"), row_of(text, "VA-verksamheten (Samhällsbyggnadsnämnden)")
    assert _numbers(va) == _numbers(row_of(own["55"], "Årets resultat"))
    assert [a + b for a, b in zip(_numbers(board), _numbers(va), strict=True)] == _numbers(
        row_of(own["5"], "Årets resultat")
    )
    assert text.index("| Summa skattefinansierad verksamhet |") < text.index("| Avgiftsfinansierad verksamhet |")
    assert row_of(text, "Summa avgiftsfinansierad verksamhet") == va

    # The sums: the nämnder's own documents added up; the sale between two nämnder is eliminated from
    # the kommun's intäkter and kostnader alike, so the total after elimination is the same.
    whole = [sum(col) for col in zip(*(_numbers(row_of(own[a], "Årets resultat")) for a in "345"), strict=True)]
    assert _numbers(row_of(text, "Summa nämnder")) == whole
    assert _numbers(row_of(text, "Eliminering av interna poster mellan nämnder")) == [0] * 6
    assert _numbers(row_of(text, "Kommunen efter eliminering")) == whole
    assert (
        "Interna poster om 1,0 mkr (prognos helår 2022) mellan nämnderna är eliminerade ur kommunens intäkter och "
        "kostnader" in text
    )

    # Kultur- och fritid forecasts 2,4 mkr worse than its budget: named with its document's first sentence.
    first = "Nämnden prognostiserar en negativ avvikelse mot budget med 2,4 mkr för helåret."
    assert first in own["3"]
    assert f"Kultur- och fritidsnämnden\n{first}" in text
    assert "Nämnder med negativ avvikelse mot budget: 2 av 3." in text  # and Samhällsbyggnad, 0,6 mkr
    assert "Utbildningsnämnden\nNämnden prognostiserar" not in text

    # Goals per bedömning and the internkontroll, counted over the nämnder; no store, so no deliveries.
    assert "Nämnderna följer sammanlagt upp tre mål." in text
    assert "Ej utvärderad [dekorativ bild] | 1 |" in text and "Helt uppfyllt [dekorativ bild] | 1 |" in text
    assert "Av nämndernas tre internkontrollpunkter har två följts upp till delårsbokslutet." in text
    assert row_of(text, "Kultur- och fritidsnämnden", 4) == ["3", "2", "1", "1"]
    assert row_of(text, "Summa nämnder", 4) == ["3", "2", "1", "1"]
    assert "sammanställningen är gjord utan lager" in text


def test_with_a_store_it_says_who_has_delivered_and_been_decided(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    (tmp_path / "in").mkdir()
    # Samhällsbyggnadsnämnden's units have not delivered
    paths = [p for p in inputs(tmp_path / "in") if p.stem not in ("55", "57")]
    job = Job(org, SAMMANSTALLNING, SAMMANSTALLNING.period(YEAR))
    with Store(str(tmp_path / "bokslut.db")) as store:
        import_inputs(Job(org, DELARSBOKSLUT, DELARSBOKSLUT.period(YEAR)), paths, store, by="test")
        lock_period(job, store, "2022-09-27 § 45", namnd="3", by="test")
        result = render_report(job, [], tmp_path / "out", store=store, jobs=1)
    assert {(i.code, i.ansvar) for i in result.issues if i.is_error} == {
        ("indata.saknas", "55"),
        ("indata.saknas", "57"),
    }
    text = text_of(result.rendered[0][1])
    assert row_of(text, "Kultur- och fritidsnämnden", 1) == ["Inlämnad och beslutad 2022-09-27 § 45"]
    assert row_of(text, "Utbildningsnämnden", 1) == ["Inlämnad, inte beslutad"]
    assert row_of(text, "Samhällsbyggnadsnämnden", 1) == ["Inte inlämnad; saknas: 55 VA-verksamheten, 57 Gata och park"]
    assert "utan lager" not in text


def test_the_example_kommun_with_one_namnd(tmp_path: Path) -> None:
    org = EXAMPLES / "organisation.json"
    given = [EXAMPLES / "delarsbokslut-2022" / "json"]
    board = render(check(org, given, DELARSBOKSLUT, YEAR), DELARSBOKSLUT, YEAR, tmp_path / "n", only="8")
    result = render(check(org, given, SAMMANSTALLNING, YEAR), SAMMANSTALLNING, YEAR, tmp_path / "k")
    text, own = text_of(result.rendered[0][1]), text_of(board.rendered[0][1])
    assert row_of(text, "Vård- och omsorgsnämnden") == row_of(own, "Årets resultat")
    assert row_of(text, "Kommunen efter eliminering") == row_of(own, "Årets resultat")
    assert "| Avgiftsfinansierad verksamhet |" not in text
