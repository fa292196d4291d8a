"""The kommun's sammanställning: one document for the kommun, a row per nämnd as the nämnd's own
document has it, the avgiftsfinansierade verksamheter apart, and what was eliminated between nämnder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bokslut.cli import main
from bokslut.domain import (
    ARSBOKSLUT,
    DELARSBOKSLUT,
    FLIK_SETS,
    MANADSUPPFOLJNING,
    SAMMANSTALLNING,
    SUMMARIES,
    ReportSpec,
    summary_named,
)
from bokslut.pipeline import Job, import_inputs, lock_period, render_report
from bokslut.store import Store
from scripts.docx_text import document_text
from tests.conftest import DRIFT_FLIK, FORUTB_FLIK, INV_FLIK, YEAR, check, render, unit, write_json_input, write_org

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


def _units() -> list[dict[str, Any]]:
    """The kommun's inputs to its delårsbokslut."""
    return [
        unit("3", "Kultur- och fritidsnämnden", drift={}, Mål=GOALS, Internkontroll=CONTROLS),
        _with_internal(unit("31", drift=_drift(2000, -12000, 10000, prognos=2400)), PURCHASE),
        _with_internal(unit("41", drift=_drift(5000, -9000, 4000)), SALE),
        unit("42", drift=_drift(1000, -31000, 30500)),
        _va(),
        unit("57", drift=_drift(0, -8000, 8300, prognos=100)),
    ]


def inputs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_json_input(folder, data) for data in _units()]


#: Per follow-up, its input columns from the delårsbokslut's: the year's bokslut is what the
#: delårsbokslut forecast for the year, last year's is the delårsbokslut's utfall.
FROM_DELAR = {
    ARSBOKSLUT.key: {"budget": "budget", "utfall": "prognos", "utfall_fg": "utfall"},
    MANADSUPPFOLJNING.key: {"budget": "budget", "prognos": "prognos"},
}


#: The list flikar of the inputs and the section a report reads them for.
LIST_SECTIONS = {"Mål": "mal", "Internkontroll": "kontroll"}


def _followed(report: ReportSpec, data: dict[str, Any]) -> dict[str, Any]:
    """One ansvar's delårsbokslut input as `report` reads it: its flikar, its columns, and the
    goals and internkontroll only when the report has them."""
    columns = FROM_DELAR[report.key]

    def amounts(values: dict[str, Any]) -> dict[str, Any]:
        return {new: values[old] for new, old in columns.items() if old in values}

    renamed = {DRIFT_FLIK: report.table_fliks["drift"], "8 RR VA delår": FLIK_SETS["va"].fliks_of(report)["drift"]}
    out: dict[str, Any] = {}
    for flik, content in data.items():
        if flik in renamed:
            out[renamed[flik]] = {row: amounts(values) for row, values in content.items()}
        elif flik == "Interna poster":
            out[flik] = [{"kontogrupp": i["kontogrupp"], "motpart": i["motpart"], **amounts(i)} for i in content]
        elif flik in (INV_FLIK, FORUTB_FLIK):
            table = "investeringar" if flik == INV_FLIK else "forutbetalda"
            if table in report.table_fliks:
                out[report.table_fliks[table]] = content
        elif flik in LIST_SECTIONS and not report.has(LIST_SECTIONS[flik]):
            continue
        else:
            out[flik] = content
    return out


def inputs_of(folder: Path, report: ReportSpec) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_json_input(folder, _followed(report, data)) for data in _units()]


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
    board = row_of(text, "Samhällsbyggnadsnämnden, skattefinansierad del")
    va = row_of(text, "VA-verksamheten (Samhällsbyggnadsnämnden)")
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


@pytest.mark.slow
@pytest.mark.parametrize("followed", [DELARSBOKSLUT, ARSBOKSLUT], ids=lambda r: r.key)
def test_the_example_kommun_each_namnd_as_its_own_document(tmp_path: Path, followed: ReportSpec) -> None:
    """The example kommun's three nämnder: each row is the nämnd's own document, VA and Avfall apart."""
    org = EXAMPLES / "organisation.json"
    given = [EXAMPLES / f"{followed.key}-2022" / "json"]
    boards = render(check(org, given, followed, YEAR), followed, YEAR, tmp_path / "n")
    own = {node.ansvar: text_of(path) for node, path in boards.rendered}
    summary = summary_named(followed.key)
    result = render(check(org, given, summary, YEAR), summary, YEAR, tmp_path / "k")
    text = text_of(result.rendered[0][1])
    cells = len(followed.columns)

    def result_of(ansvar: str) -> list[int]:
        return _numbers(row_of(own[ansvar], "Årets resultat", cells))

    for ansvar, name in (("8", "Vård- och omsorgsnämnden"), ("5", "Barn- och utbildningsnämnden")):
        assert _numbers(row_of(text, name, cells)) == result_of(ansvar), name
    board = _numbers(row_of(text, "Samhällsbyggnadsnämnden, skattefinansierad del", cells))
    va = _numbers(row_of(text, "VA-verksamheten (Samhällsbyggnadsnämnden)", cells))
    waste = _numbers(row_of(text, "Avfallsverksamheten (Samhällsbyggnadsnämnden)", cells))
    assert va == result_of("6150") and waste == result_of("6160")
    assert [a + b + c for a, b, c in zip(board, va, waste, strict=True)] == result_of("6")
    whole = [sum(col) for col in zip(*(result_of(a) for a in "856"), strict=True)]
    assert _numbers(row_of(text, "Summa nämnder", cells)) == whole
    assert _numbers(row_of(text, "Kommunen efter eliminering", cells)) == whole
    # a nämnd with a negative deviation is named with its own opening: the figure, then its reason
    section = text.split("## Nämnder med negativ avvikelse", 1)[1].split("# Inlämnat", 1)[0]
    figure, reason = section.split("Barn- och utbildningsnämnden\n", 1)[1].splitlines()[0].split(". ", 1)
    assert figure.startswith("Nämnden") and f"{figure}." in own["5"]
    assert reason.startswith("Fler elever än budgeterat") and reason in own["5"]


def test_the_arsbokslut_sammanstallning_shows_each_namnd_as_its_own_arsbokslut(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    paths = inputs_of(tmp_path / "in", ARSBOKSLUT)
    boards = render(check(org, paths, ARSBOKSLUT, YEAR), ARSBOKSLUT, YEAR, tmp_path / "namnder")
    own = {n.ansvar: text_of(p) for n, p in boards.rendered}
    summary = SUMMARIES[ARSBOKSLUT.key]
    checked = check(org, paths, summary, YEAR)
    assert not [i for i in checked.issues if i.is_error], checked.issues
    text = text_of(render(checked, summary, YEAR, tmp_path / "kommun").rendered[0][1])
    assert "Sammanställning årsbokslut 2022" in text
    assert "| Belopp i tkr | Budget 2022 | Bokslut 2022 | Avv. bokslut/ budget 2022 | Bokslut 2021 |" in text
    assert "Prognos helår" not in text

    # Budget · Bokslut · Avvikelse · Bokslut 2021 · Diff, as each nämnd's own årsbokslut has them.
    kultur = row_of(text, "Kultur- och fritidsnämnden", 5)
    assert kultur == row_of(own["3"], "Årets resultat", 5)
    assert _numbers(kultur) == [0, -2400, -2400, 0, -2400]
    assert row_of(text, "Utbildningsnämnden", 5) == row_of(own["4"], "Årets resultat", 5)
    board = _numbers(row_of(text, "Samhällsbyggnadsnämnden, skattefinansierad del", 5))
    va = _numbers(row_of(text, "VA-verksamheten (Samhällsbyggnadsnämnden)", 5))
    assert va == _numbers(row_of(own["55"], "Årets resultat", 5))
    assert [a + b for a, b in zip(board, va, strict=True)] == _numbers(row_of(own["5"], "Årets resultat", 5))
    whole = [sum(c) for c in zip(*(_numbers(row_of(own[a], "Årets resultat", 5)) for a in "345"), strict=True)]
    assert _numbers(row_of(text, "Summa nämnder", 5)) == whole
    assert _numbers(row_of(text, "Kommunen efter eliminering", 5)) == whole
    assert "Interna poster om 1,0 mkr (bokslut 2022) mellan nämnderna" in text

    # The deviation is the year's outcome, worded as the nämnd's own document words it.
    first = "Nämnden redovisar en negativ avvikelse mot budget med 2,4 mkr för året."
    assert first in own["3"]
    assert f"Kultur- och fritidsnämnden\n{first}" in text
    assert "prognostiserar" not in text
    # The årsbokslut has goals and internkontroll: counted as in the delårsbokslut's sammanställning.
    assert "Nämnderna följer sammanlagt upp tre mål." in text
    assert "Av nämndernas tre internkontrollpunkter har två följts upp till årsbokslutet." in text


def test_a_manadsuppfoljning_sammanstallning_from_the_store_of_its_month(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    store_path = str(tmp_path / "bokslut.db")
    march = MANADSUPPFOLJNING.period(YEAR, 3)
    paths = inputs_of(tmp_path / "mars", MANADSUPPFOLJNING)
    checked = check(org, paths, MANADSUPPFOLJNING, YEAR, month=3)
    boards = render(checked, MANADSUPPFOLJNING, YEAR, tmp_path / "n", month=3)
    own = {n.ansvar: text_of(p) for n, p in boards.rendered}
    with Store(store_path) as store:
        import_inputs(Job(org, MANADSUPPFOLJNING, march), paths, store, by="test")
        import_inputs(Job(org, DELARSBOKSLUT, DELARSBOKSLUT.period(YEAR)), inputs(tmp_path / "in"), store, by="test")
        # decisions are per period: Kultur- och fritid has decided its delårsbokslut, Utbildning its March
        lock_period(Job(org, DELARSBOKSLUT, DELARSBOKSLUT.period(YEAR)), store, "2022-09-27 § 45", namnd="3", by="t")
        lock_period(Job(org, MANADSUPPFOLJNING, march), store, "2022-04-26 § 21", namnd="4", by="test")
    out = tmp_path / "out"
    args = ["render", "sammanstallning", "--rapport", "manadsuppfoljning", "--månad", "3", "--org", str(org)]
    result = CliRunner().invoke(main, [*args, "--år", "2022", "--lager", store_path, "--ut", str(out)])
    assert result.exit_code == 0, result.output
    (written,) = (out / "sammanstallning-manadsuppfoljning-2022-03").glob("*.docx")
    text = text_of(written)
    assert "Sammanställning månadsuppföljning per mars 2022" in text
    assert "| Belopp i tkr | Budget 2022 | Prognos helår 2022 | Avv. prognos/ budget 2022 |" in text

    # Budget · Prognos · Avvikelse per nämnd, as its own March document has them.
    kultur = row_of(text, "Kultur- och fritidsnämnden", 3)
    assert kultur == row_of(own["3"], "Årets resultat", 3)
    assert _numbers(kultur) == [0, -2400, -2400]
    assert row_of(text, "Utbildningsnämnden", 3) == row_of(own["4"], "Årets resultat", 3)
    whole = [sum(c) for c in zip(*(_numbers(row_of(own[a], "Årets resultat", 3)) for a in "345"), strict=True)]
    assert _numbers(row_of(text, "Kommunen efter eliminering", 3)) == whole == [1800, -1200, -3000]
    assert "Nämnden prognostiserar en negativ avvikelse mot budget med 2,4 mkr för helåret." in text

    # The store's March: the nämnd that decided its delårsbokslut has not decided March.
    assert row_of(text, "Kultur- och fritidsnämnden", 1) == ["Inlämnad, inte beslutad"]
    assert row_of(text, "Utbildningsnämnden", 1) == ["Inlämnad och beslutad 2022-04-26 § 21"]
    # A månadsuppföljning has no goals or internkontroll: the sections are left out, not empty.
    assert "Måluppföljning" not in text and "internkontroll" not in text.lower()


def test_the_default_is_the_delarsbokslut_in_a_folder_of_its_own(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    (tmp_path / "in").mkdir()
    inputs(tmp_path / "in")
    args = ["render", "sammanstallning", "--org", str(org), "--år", "2022", "--utan-lager", "--ut", str(tmp_path)]
    assert CliRunner().invoke(main, [*args, str(tmp_path / "in")]).exit_code == 0
    (written,) = (tmp_path / "sammanstallning-delarsbokslut-2022").glob("*.docx")
    assert "Sammanställning delårsbokslut 2022" in text_of(written)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("delarsbokslut-enhet", "ingen sammanställning görs av ”delarsbokslut-enhet” (uppföljning delårsbokslut)"),
        ("budget", "ingen sammanställning görs av ”budget” (nämndens budget)"),
        ("sammanstallning", "ingen sammanställning görs av ”sammanstallning” (sammanställning delårsbokslut)"),
        ("kvartalsrapport", "okänd rapport ”kvartalsrapport”"),
    ],
)
def test_a_rapport_that_is_no_namnd_follow_up_is_a_usage_error(tmp_path: Path, given: str, shown: str) -> None:
    org = write_org(tmp_path, TREE)
    args = ["render", "sammanstallning", "--rapport", given, "--org", str(org), "--år", "2022", "--utan-lager"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert f"bokslut: --rapport: {shown}" in result.output
    assert "välj en av: manadsuppfoljning, fordjupad, delarsbokslut, arsbokslut." in result.output


def test_rapport_belongs_to_the_sammanstallning(tmp_path: Path) -> None:
    org = write_org(tmp_path, TREE)
    args = ["render", "arsbokslut", "--rapport", "arsbokslut", "--org", str(org), "--år", "2022", "--utan-lager"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "--rapport hör till sammanstallning, inte till arsbokslut." in result.output


def test_a_sale_between_namnder_whose_parties_disagree_is_said_not_hidden(tmp_path: Path) -> None:
    """The bibliotek states 600 tkr of the skolkök's 1 000: 600 is eliminated, the 400 that does not
    match is said under the table (the warnings at both cells say where)."""
    org = write_org(tmp_path, TREE)
    paths = inputs(tmp_path / "in")
    bibliotek = next(p for p in paths if p.stem == "31")
    data = json.loads(bibliotek.read_text("utf-8"))
    data["Interna poster"][0]["prognos"] = -600
    bibliotek.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    checked = check(org, paths, SAMMANSTALLNING, YEAR)
    assert [i.code for i in checked.issues if i.code == "interna.stammer_inte"]
    text = text_of(render(checked, SAMMANSTALLNING, YEAR, tmp_path / "k").rendered[0][1])
    assert "Interna poster om 0,6 mkr (prognos helår 2022) mellan nämnderna är eliminerade" in text
    assert (
        "Interna poster om 0,4 mkr (prognos helår 2022) mellan nämnderna stämmer inte mellan säljare och köpare "
        "och har inte eliminerats" in text
    )
