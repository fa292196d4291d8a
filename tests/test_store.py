"""The store: a year of imports, versions, locking, status, concurrency and crashes.

Every test runs on SQLite and on PostgreSQL. PostgreSQL needs a server: set
BOKSLUT_TEST_POSTGRES to a URL of a role that may create databases (`scripts/postgres.sh`
starts Debian's server and prints one; `.ci/run` does so and sets BOKSLUT_REQUIRE_POSTGRES=1, so
there the PostgreSQL cases fail instead of skipping). Each test gets a database of its own.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from docx import Document

from bokslut.cli import main
from bokslut.domain import DRIFT, REPORTS, Period
from bokslut.numbers import fmt_mkr, fmt_tkr
from bokslut.store import Offer, Outcome, Store
from tests import programs
from tests.conftest import VON, example_nodes, problems

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORG = EXAMPLES / "organisation.json"
#: the example kommun's nodes that hand in an input (all but the kommun)
NODES = len(json.loads(ORG.read_text("utf-8"))["noder"]) - 1
PLAN = EXAMPLES / "arsplan-2022.toml"

#: The example year in the order the nämnd meets: (report, month, folder).
YEAR_RUNS = (
    ("manadsuppfoljning", 3, "manadsuppfoljning-2022-03"),
    ("fordjupad", 4, "fordjupad-2022-04"),
    ("manadsuppfoljning", 5, "manadsuppfoljning-2022-05"),
    ("delarsbokslut", 8, "delarsbokslut-2022"),
    ("manadsuppfoljning", 10, "manadsuppfoljning-2022-10"),
    ("arsbokslut", 12, "arsbokslut-2022"),
)


#: Each PostgreSQL test creates and drops a database, which takes about a second: `make quick` runs the
#: store on SQLite only (and needs no server), `make test` on both.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.slow])])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty store on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "bokslut.db")
        return
    base = programs.postgres_url()
    import psycopg

    name = f"bokslut_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    head, _, _ = base.rpartition("/")
    try:
        yield f"{head}/{name}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def bokslut(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def import_run(url: str, report: str, month: int, *inputs: Path, extra: tuple[str, ...] = ()) -> Result:
    month_args = ("--månad", str(month)) if report == "manadsuppfoljning" else ()
    return bokslut(
        "import", report, *inputs, "--org", ORG, "--år", "2022", *month_args, "--lager", url, "--av", "test", *extra
    )


def render_run(url: str, report: str, month: int, out: Path, *inputs: Path, node: str = "8") -> Result:
    month_args = ("--månad", str(month)) if report == "manadsuppfoljning" else ()
    return bokslut(
        "render", report, *inputs, "--org", ORG, "--år", "2022", *month_args, "--lager", url, "--ut", out,
        "--node", node, "--datum", "2022-12-01",
    )  # fmt: skip


def doc_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs)


def deviations(folder: Path) -> dict[str, int]:
    """Prognos − budget per kontogrupp, summed straight from the vård- och omsorgsnämnd's JSON files."""
    out: dict[str, int] = {}
    for file in (folder / "json" / f"{ansvar}.json" for ansvar in example_nodes(VON)):
        data = json.loads(file.read_text("utf-8"))
        drift = next(v for k, v in data.items() if "RR" in k)
        for row in DRIFT.rows:
            if row.is_input and row.label in drift:
                values = drift[row.label]
                out[row.key] = out.get(row.key, 0) + int(values.get("prognos", 0)) - int(values.get("budget", 0))
    return out


def result_forecast(folder: Path) -> int:
    """Prognos of Årets resultat summed over the vård- och omsorgsnämnd's JSON files."""
    total = 0
    for file in (folder / "json" / f"{ansvar}.json" for ansvar in example_nodes(VON)):
        data = json.loads(file.read_text("utf-8"))
        drift = next(v for k, v in data.items() if "RR" in k)
        total += sum(int(drift[r.label].get("prognos", 0)) for r in DRIFT.rows if r.is_input and r.label in drift)
    return total


# --- a year imported month by month --------------------------------------------------------


@pytest.mark.slow
def test_a_year_month_by_month_gives_forecast_changes_and_prognossakerhet(store_url: str, tmp_path: Path) -> None:
    for report, month, folder in YEAR_RUNS:
        result = import_run(store_url, report, month, EXAMPLES / folder / "excel")
        assert result.exit_code == 0, result.output
        assert f"{NODES} nya" in problems(result.output)

    # Maj against april: the change per kontogrupp is the difference between the imported files.
    out = tmp_path / "out"
    result = render_run(store_url, "manadsuppfoljning", 5, out)  # no INDATA: from the store
    assert result.exit_code == 0, result.output
    text = doc_text(out / "manadsuppfoljning-2022-05" / "8 Vård- och omsorgsnämnden.docx")
    april, may = deviations(EXAMPLES / "fordjupad-2022-04"), deviations(EXAMPLES / "manadsuppfoljning-2022-05")
    staff = next(r for r in DRIFT.rows if r.label == "Personalkostnader")
    change = may[staff.key] - april[staff.key]
    assert change != 0
    if may[staff.key] < 0 and april[staff.key] < 0:
        more = "mer" if may[staff.key] < april[staff.key] else "mindre"
        expected = f"Personalkostnaderna prognostiseras avvika negativt med {fmt_mkr(change)} {more} än i april."
    else:
        verb = "förbättrats" if change > 0 else "försämrats"
        expected = f"Prognosen för personalkostnaderna har {verb} med {fmt_mkr(change)} sedan april."
    assert expected in text
    # an unchanged forecast is not news: Kommunbidraget did not move and has no author text
    assert "Prognosen för kommunbidraget är oförändrad" not in text

    # The delårsbokslut's "Prognos och prognosförändring" compares with maj.
    result = render_run(store_url, "delarsbokslut", 8, out)
    text = doc_text(out / "delarsbokslut-2022" / "8 Vård- och omsorgsnämnden.docx")
    aug = deviations(EXAMPLES / "delarsbokslut-2022")
    change = aug[staff.key] - may[staff.key]
    assert f"{fmt_mkr(change)} {'mer' if aug[staff.key] < may[staff.key] else 'mindre'} än i maj." in text or (
        f"med {fmt_mkr(change)} sedan maj." in text
    )
    # the investments compare with april: the månadsuppföljning in maj has none
    investments = next(p for p in text.split("\n") if p.startswith("Investeringsutgifterna prognostiseras"))
    assert "än i april." in investments

    # Årsbokslut: the prognossäkerhet rows are the stored forecasts, summed over the units.
    result = render_run(store_url, "arsbokslut", 12, out)
    assert result.exit_code == 0, result.output
    doc = Document(str(out / "arsbokslut-2022" / "8 Vård- och omsorgsnämnden.docx"))
    table = next(t for t in doc.tables if t.rows[1].cells[0].text == "Fördjupad månadsuppföljning")
    assert table.rows[1].cells[1].text == fmt_tkr(result_forecast(EXAMPLES / "fordjupad-2022-04"))
    assert table.rows[2].cells[1].text == fmt_tkr(result_forecast(EXAMPLES / "delarsbokslut-2022"))


def project_forecast(folder: Path, flik_word: str) -> int:
    """Prognos of a project table (investeringar: "inv", förutbetalda: "förutb") summed over the
    vård- och omsorgsnämnd's JSON files: each category's projects, or its own row where no project
    has one."""
    total = 0
    for file in (folder / "json" / f"{ansvar}.json" for ansvar in example_nodes(VON)):
        data = json.loads(file.read_text("utf-8"))
        table = next(v for k, v in data.items() if flik_word in k)
        for value in table.values():
            projects = value.get("projekt", []) if isinstance(value, dict) else []
            if "projekt" not in value:
                continue  # a "varav" row, not part of the total
            given = [p["prognos"] for p in projects if "prognos" in p]
            total += sum(given) if given else int((value.get("summa") or {}).get("prognos", 0))
    return total


def test_the_delarsbokslut_investments_state_the_change_since_april(store_url: str, tmp_path: Path) -> None:
    """As the drift does: "Prognosen är 1,3 mkr lägre än i april." after the forecast sentence."""
    april, august = EXAMPLES / "fordjupad-2022-04", EXAMPLES / "delarsbokslut-2022"
    assert import_run(store_url, "fordjupad", 4, april / "json").exit_code == 0
    assert import_run(store_url, "delarsbokslut", 8, august / "json").exit_code == 0
    result = render_run(store_url, "delarsbokslut", 8, tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = doc_text(tmp_path / "out" / "delarsbokslut-2022" / "8 Vård- och omsorgsnämnden.docx")
    for word, subject in (("inv", "Investeringsutgifterna"), ("förutb", "De förutbetalda intäkterna")):
        now, before = project_forecast(august, word), project_forecast(april, word)
        change = now - before
        said = (
            "Prognosen är oförändrad sedan april."
            if round(abs(change) / 100) == 0
            else f"Prognosen är {fmt_mkr(change)} {'högre' if change > 0 else 'lägre'} än i april."
        )
        opening = next(p for p in text.split("\n") if p.startswith(f"{subject} prognostiseras till {fmt_mkr(now)}"))
        assert said in opening, (subject, now, before, opening)
    assert "lägre än i april" in text or "högre än i april" in text


def test_a_month_without_a_previous_follow_up_has_no_change_sentence(store_url: str, tmp_path: Path) -> None:
    import_run(store_url, "manadsuppfoljning", 3, EXAMPLES / "manadsuppfoljning-2022-03" / "json")
    render_run(store_url, "manadsuppfoljning", 3, tmp_path / "out")
    text = doc_text(tmp_path / "out" / "manadsuppfoljning-2022-03" / "8 Vård- och omsorgsnämnden.docx")
    assert "än i " not in text and "sedan " not in text.split("Prognosförändring")[-1][:200]


# --- versions -------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_same_figures_again_are_a_no_op_and_a_change_is_a_new_version(store_url: str, tmp_path: Path) -> None:
    folder = EXAMPLES / "fordjupad-2022-04"
    assert f"{NODES} nya" in import_run(store_url, "fordjupad", 4, folder / "json").output
    # The same figures as a workbook: nothing new.
    again = import_run(store_url, "fordjupad", 4, folder / "excel")
    assert f"{NODES} oförändrade" in again.output, again.output

    changed = tmp_path / "81911.json"
    data = json.loads((folder / "json" / "81911.json").read_text("utf-8"))
    data["1–11 RR skattefin övr jan-nov"]["Personalkostnader"]["prognos"] -= 500
    changed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = import_run(store_url, "fordjupad", 4, changed)
    assert result.exit_code == 0, result.output
    assert "1 ny version" in problems(result.output)

    with Store(store_url) as store:
        versions = store.versions(Period(2022, 4, "fordjupad"), "81911")
    assert [v.version for v in versions] == [1, 2]
    old, new = (v.document["1–11 RR skattefin övr jan-nov"]["Personalkostnader"]["prognos"] for v in versions)
    assert new == old - 500
    assert versions[1].source_file == "81911.json"


def test_a_unit_with_errors_is_not_stored_and_the_others_are(store_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "fordjupad-2022-04" / "json", folder)
    bad = folder / "81912.json"
    data = json.loads(bad.read_text("utf-8"))
    data["1–11 RR skattefin övr jan-nov"]["Personalkostnader"]["budget"] = 1000  # a cost without minus
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    result = import_run(store_url, "fordjupad", 4, folder)
    assert result.exit_code == 1
    assert "Lagrades inte: 81912 Hemtjänst Söder: indata har fel" in problems(result.output)
    assert f"{NODES - 1} nya" in problems(result.output)
    with Store(store_url) as store:
        assert "81912" not in store.latest(Period(2022, 4, "fordjupad"))


# --- locking --------------------------------------------------------------------------------


def test_a_locked_period_refuses_a_changed_import_unless_forced_with_a_reason(store_url: str, tmp_path: Path) -> None:
    folder = EXAMPLES / "delarsbokslut-2022" / "json"
    import_run(store_url, "delarsbokslut", 8, folder)
    locked = bokslut(
        "lock",
        "delarsbokslut",
        "--org",
        ORG,
        "--år",
        "2022",
        "--nämnd",
        "8",
        "--beslut",
        "2022-09-27 § 45",
        "--lager",
        store_url,
    )
    assert locked.exit_code == 0, locked.output
    assert "beslutad 2022-09-27 § 45" in locked.output

    # The same files again change nothing and are fine.
    assert import_run(store_url, "delarsbokslut", 8, folder).exit_code == 0

    changed = tmp_path / "81921.json"
    data = json.loads((folder / "81921.json").read_text("utf-8"))
    data["8 RR skattefin övriga delår"]["Lokalhyror"]["prognos"] -= 100
    changed.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    refused = import_run(store_url, "delarsbokslut", 8, changed)
    assert refused.exit_code == 1
    assert "perioden är beslutad av nämnden (2022-09-27 § 45) och låst" in refused.output
    assert "--tvinga" in refused.output

    no_reason = import_run(store_url, "delarsbokslut", 8, changed, extra=("--tvinga",))
    assert no_reason.exit_code == 2 and "--orsak" in no_reason.output

    forced = import_run(
        store_url, "delarsbokslut", 8, changed, extra=("--tvinga", "--orsak", "Felbokförd hyra, rättad efter revision")
    )
    assert forced.exit_code == 0, forced.output
    with Store(store_url) as store:
        latest = store.latest(Period(2022, 8, "delarsbokslut"))["81921"]
    assert latest.version == 2
    assert latest.imported_by == "test"
    assert latest.forced_reason == "Felbokförd hyra, rättad efter revision"


def test_a_second_different_decision_is_refused(store_url: str) -> None:
    imported = import_run(store_url, "delarsbokslut", 8, EXAMPLES / "delarsbokslut-2022" / "json" / "8.json")
    assert imported.exit_code == 0, imported.output
    with Store(store_url) as store:
        period = Period(2022, 8, "delarsbokslut")
        _, new = store.lock("8", period, date(2022, 9, 27), "§ 45", by="a")
        _, again = store.lock("8", period, date(2022, 9, 27), "§ 45", by="b")
        assert new and not again
    result = bokslut(
        "lock",
        "delarsbokslut",
        "--org",
        ORG,
        "--år",
        "2022",
        "--nämnd",
        "8",
        "--beslut",
        "2022-09-28 § 46",
        "--lager",
        store_url,
    )
    assert result.exit_code == 1
    assert "redan låst av nämndens beslut 2022-09-27 § 45" in problems(result.output)


@pytest.mark.slow
def test_last_years_decided_figures_fill_the_last_year_column_and_a_differing_input_is_warned(
    store_url: str, tmp_path: Path
) -> None:
    """Delårsbokslut 2022's "Delårsbokslut 2021" column comes from 2021's decided delårsbokslut."""
    flik = "8 RR skattefin övriga delår"
    source = json.loads((EXAMPLES / "delarsbokslut-2022" / "json" / "81911.json").read_text("utf-8"))
    last_year = {
        "Uppgifter": {"ansvar": "81911", "namn": "Hemtjänst Norr", "år": 2021},
        flik: {"Personalkostnader": {"budget": -40000, "prognos": -40100, "utfall": -26500, "utfall_fg": -25000}},
        "8 inv skattefin övriga delår": {},
        "8 förutb skattefin ALLA delår": {},
    }
    with Store(store_url) as store:
        period = Period(2021, 8, "delarsbokslut")
        store.import_offers(period, [Offer("81911", last_year, "81911-2021.json", namnd="8")], by="test")
        store.lock("8", period, date(2021, 9, 28), "§ 50", by="test")

    typed = source[flik]["Personalkostnader"]["utfall_fg"]
    assert typed != -26500
    result = render_run(store_url, "delarsbokslut", 8, tmp_path / "out", EXAMPLES / "delarsbokslut-2022" / "json")
    assert result.exit_code == 0, result.output
    assert (
        f'81911.json › $["{flik}"]["Personalkostnader"]["utfall_fg"]: varning: ”Delårsbokslut 2021” för '
        f"”Personalkostnader” är ifylld med {fmt_tkr(typed)}, men 2021 års beslutade siffra är {fmt_tkr(-26500)}"
    ) in problems(result.output)

    render_run(store_url, "delarsbokslut", 8, tmp_path / "out", EXAMPLES / "delarsbokslut-2022" / "json", node="81911")
    doc = Document(str(tmp_path / "out" / "delarsbokslut-2022" / "81911 Hemtjänst Norr.docx"))
    drift = next(t for t in doc.tables if t.rows[0].cells[0].text == "Belopp i tkr")
    row = next(r for r in drift.rows if r.cells[0].text == "Personalkostnader")
    assert row.cells[5].text == fmt_tkr(-26500)


@pytest.mark.slow
def test_an_unlocked_last_year_is_not_used(store_url: str, tmp_path: Path) -> None:
    flik = "8 RR skattefin övriga delår"
    last_year = {
        "Uppgifter": {"ansvar": "81911", "år": 2021},
        flik: {"Personalkostnader": {"utfall": -1}},
        "8 inv skattefin övriga delår": {},
        "8 förutb skattefin ALLA delår": {},
    }
    with Store(store_url) as store:
        store.import_offers(Period(2021, 8, "delarsbokslut"), [Offer("81911", last_year, "x.json", namnd="8")], by="t")
    result = render_run(store_url, "delarsbokslut", 8, tmp_path / "out", EXAMPLES / "delarsbokslut-2022" / "json")
    assert result.exit_code == 0
    assert "beslutade siffra" not in problems(result.output)


@pytest.mark.slow
def test_a_typed_earlier_forecast_that_differs_from_the_stored_one_is_warned(store_url: str, tmp_path: Path) -> None:
    import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "json")
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "arsbokslut-2022" / "json", folder)
    path = folder / "81911.json"
    data = json.loads(path.read_text("utf-8"))
    point = data["12 prognossäkerhet ALLA ÅB"]["Fördjupad månadsuppföljning"]
    point["prognos"] = int(point["prognos"]) + 700
    point.pop("avvikelse", None)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    result = render_run(store_url, "arsbokslut", 12, tmp_path / "out", folder)
    assert result.exit_code == 0, result.output
    assert "Prognosen från fördjupad månadsuppföljning är ifylld med" in problems(result.output)
    assert "Den lagrade används" in problems(result.output)


# --- status ---------------------------------------------------------------------------------


def test_status_shows_who_has_delivered_and_who_is_overdue(store_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "delarsbokslut-2022" / "json", folder)
    (folder / "81913.json").unlink()  # Hemtjänst Centrum has not delivered
    bad = folder / "81914.json"
    data = json.loads(bad.read_text("utf-8"))
    data["8 RR skattefin övriga delår"]["Personalkostnader"]["budget"] = 5  # rejected
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    import_run(store_url, "delarsbokslut", 8, folder, extra=("--inlämnad", "2022-08-22 15:00"))

    args = ("status", "delarsbokslut", "--org", ORG, "--år", "2022", "--lager", store_url, "--plan", PLAN)
    before = bokslut(*args, "--datum", "2022-08-20", "--json")
    nodes = {n["ansvar"]: n for n in json.loads(before.output)["noder"]}
    assert nodes["81913"]["status"] == "saknas"  # not yet due on 20 August
    assert before.exit_code == 1

    after = bokslut(*args, "--datum", "2022-08-25", "--json")
    nodes = {n["ansvar"]: n for n in json.loads(after.output)["noder"]}
    assert nodes["81913"]["status"] == "försenad"
    assert nodes["81914"]["status"] == "avvisad"
    assert nodes["81911"]["status"] == "inlämnad"
    assert nodes["81911"]["sista_dag"] == "2022-08-23T23:59:00"
    assert nodes["81911"]["inlämnad"].startswith("2022-08-22T15:00")
    assert nodes["81911"]["version"] == 1
    assert nodes["8191"]["saknas_under"] == ["81913", "81914"]
    assert nodes["81"]["sista_dag"] == "2022-09-13T12:00:00"

    table = bokslut(*args, "--datum", "2022-08-25")
    assert "81913 Hemtjänst Centrum" in table.output and "försenad" in table.output
    assert "Behöver åtgärdas: 81913 Hemtjänst Centrum (försenad), 81914 Hemtjänst Väster (avvisad)" in table.output


def test_status_after_the_decision(store_url: str) -> None:
    import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "json", extra=("--inlämnad", "2022-05-02"))
    bokslut(
        "lock", "fordjupad", "--org", ORG, "--år", "2022", "--nämnd", "8", "--beslut", "2022-05-24 § 31",
        "--lager", store_url,
    )  # fmt: skip
    result = bokslut(
        "status", "fordjupad", "--org", ORG, "--år", "2022", "--lager", store_url, "--datum", "2022-06-01", "--json"
    )
    assert result.exit_code == 0, result.output
    nodes = {n["ansvar"]: n for n in json.loads(result.output)["noder"]}
    assert nodes["8"]["status"] == "beslutad" and nodes["8"]["beslut"] == "2022-05-24 § 31"
    assert all(n["status"] in ("inlämnad", "beslutad") for n in nodes.values())


# --- concurrency and crashes ----------------------------------------------------------------


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "bokslut.cli", *(str(a) for a in args)]


@pytest.mark.slow
def test_two_imports_started_at_once_are_both_stored(store_url: str, tmp_path: Path) -> None:
    """Two controllers import different versions of the same unit and other units at once."""
    source = EXAMPLES / "fordjupad-2022-04" / "json"
    folders = []
    for i, delta in enumerate((100, 200)):
        folder = tmp_path / f"in{i}"
        shutil.copytree(source, folder)
        path = folder / "81911.json"
        data = json.loads(path.read_text("utf-8"))
        data["1–11 RR skattefin övr jan-nov"]["Övriga kostnader"]["prognos"] -= delta
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        folders.append(folder)
    Store(store_url).close()  # the schema exists before the race; both may also create it
    procs = [
        subprocess.Popen(
            _cli("import", "fordjupad", folder, "--org", ORG, "--år", "2022", "--lager", store_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        for folder in folders
    ]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with Store(store_url) as store:
        versions = store.versions(Period(2022, 4, "fordjupad"), "81911")
        latest = store.latest(Period(2022, 4, "fordjupad"))
    assert [v.version for v in versions] == [1, 2]
    assert {v.document["1–11 RR skattefin övr jan-nov"]["Övriga kostnader"]["prognos"] for v in versions} == {
        json.loads((source / "81911.json").read_text("utf-8"))["1–11 RR skattefin övr jan-nov"]["Övriga kostnader"][
            "prognos"
        ]
        - d
        for d in (100, 200)
    }
    assert len(latest) == NODES


_KILLED_IMPORT = """
import sys, time
from pathlib import Path
from bokslut.domain import Period
from bokslut.store import Offer, Store

url, marker = sys.argv[1], Path(sys.argv[2])
document = {"Uppgifter": {"ansvar": "81911"}, "1–11 RR skattefin övr jan-nov": {}}

def offers():
    yield Offer("81911", document, "a.json", namnd="8")
    yield Offer("81912", {**document, "Uppgifter": {"ansvar": "81912"}}, "b.json", namnd="8")
    marker.write_text("written")  # two rows are written, the transaction is open
    time.sleep(600)
    yield Offer("81913", document, "c.json", namnd="8")

with Store(url) as store:
    store.import_offers(Period(2022, 4, "fordjupad"), offers(), by="killed")
"""


@pytest.mark.slow
def test_a_killed_import_leaves_the_store_as_it_was(store_url: str, tmp_path: Path) -> None:
    import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "json")
    with Store(store_url) as store:
        before = {a: (s.version, s.digest) for a, s in store.latest(Period(2022, 4, "fordjupad")).items()}
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_IMPORT, store_url, str(marker)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the import never reached the middle of its transaction"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    with Store(store_url) as store:
        after = {a: (s.version, s.digest) for a, s in store.latest(Period(2022, 4, "fordjupad")).items()}
        assert after == before
        assert all(a.imported_by != "killed" for a in store.attempts(Period(2022, 4, "fordjupad")).values())
    # and the store takes the next import
    again = import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "excel")
    assert again.exit_code == 0, again.output
    assert f"{NODES} oförändrade" in again.output


# --- the store on its own -------------------------------------------------------------------


def test_documents_come_back_as_they_went_in(store_url: str) -> None:
    document: dict[str, Any] = {
        "Uppgifter": {"ansvar": "81911", "namn": "Hemtjänst Norr"},
        "Texter": {"Verksamhet": "Å & <ö>"},
    }
    with Store(store_url) as store:
        [stored] = store.import_offers(
            Period(2022, 5, "manadsuppfoljning"), [Offer("81911", document, "x.json")], by="t"
        )
        assert stored.outcome is Outcome.NEW and stored.version == 1
        [again] = store.import_offers(
            Period(2022, 5, "manadsuppfoljning"), [Offer("81911", document, "y.json")], by="t"
        )
        assert again.outcome is Outcome.UNCHANGED
        assert store.latest(Period(2022, 5, "manadsuppfoljning"))["81911"].document == document
        assert store.periods(2022) == [Period(2022, 5, "manadsuppfoljning")]


def test_a_store_in_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    where = tmp_path / "finns-inte" / "x.db"
    result = bokslut(
        "import",
        "fordjupad",
        "--org",
        ORG,
        "--år",
        "2022",
        "--lager",
        where,
        EXAMPLES / "fordjupad-2022-04" / "json" / "8.json",
    )
    assert result.exit_code == 2
    assert "Mappen för lagret finns inte" in problems(result.output)


@pytest.mark.parametrize(
    "command",
    [
        ("status", "fordjupad"),
        ("lock", "fordjupad", "--nämnd", "8", "--beslut", "2022-05-24 § 31"),
        ("historik", "fordjupad", "81911"),
    ],
)
def test_a_store_that_is_not_there_is_never_created_by_reading_or_deciding(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """A mistyped --lager for status, lock or historik is said, not answered from a new empty store."""
    where = tmp_path / "bokslut-typo.db"
    result = bokslut(*command, "--org", ORG, "--år", "2022", "--lager", where)
    assert result.exit_code == 2
    assert f"Lagret {where} finns inte. Ange lagret med --lager" in problems(result.output)
    assert not where.exists()


def test_a_nämnd_cannot_decide_on_what_the_store_does_not_hold(store_url: str) -> None:
    """The vård- och omsorgsnämnd's input is stored; the barn- och utbildningsnämnd's is not."""
    imported = import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "json" / "81911.json")
    assert imported.exit_code == 0, imported.output
    common = ("--org", ORG, "--år", "2022", "--lager", store_url, "--beslut", "2022-05-24 § 31")
    refused = bokslut("lock", "fordjupad", *common, "--nämnd", "5")
    assert refused.exit_code == 1
    assert (
        "har inga inlämningar för Fördjupad månadsuppföljning per april 2022 från Barn- och utbildningsnämnden"
        in problems(refused.output)
    )
    assert bokslut("lock", "fordjupad", *common, "--nämnd", "8").exit_code == 0  # an enhet under it has handed in


def test_periods_are_ordered_through_the_year() -> None:
    periods = [Period(2022, 12, "arsbokslut"), Period(2022, 4, "fordjupad"), Period(2021, 8, "delarsbokslut")]
    assert sorted(periods)[0] == Period(2021, 8, "delarsbokslut")
    assert max(p for p in periods if p.year == 2022 and p.month < 12) == Period(2022, 4, "fordjupad")
    assert all(p.report in REPORTS for p in periods)


# --- the controllers' workbooks, prefilled from the store ----------------------------------


@pytest.mark.slow
def test_a_new_workbook_is_prefilled_from_the_store(store_url: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "json")
    result = bokslut(
        "excel", "new", "--org", ORG, "--år", "2022", "--node", "81911", "--ut", tmp_path / "xl",
        "--lager", store_url, "--datum", "2022-06-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [path] = (tmp_path / "xl").glob("*.xlsx")
    sheet = load_workbook(path)["8 RR skattefin övriga delår"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "Belopp i tkr")
    budget_col = next(c.column for c in header if c.value == "Budget 2022")
    row = next(r for r in sheet.iter_rows() if r[0].value == "Personalkostnader")
    stored = json.loads((EXAMPLES / "fordjupad-2022-04" / "json" / "81911.json").read_text("utf-8"))
    assert row[budget_col - 1].value == stored["1–11 RR skattefin övr jan-nov"]["Personalkostnader"]["budget"]
    instructions = "\n".join(str(c.value) for r in load_workbook(path)["Instruktion"].iter_rows() for c in r if c.value)
    assert "23 augusti 2022" in instructions  # the enheter's delårsbokslut, from examples/arsplan-2022.toml


def test_an_enhet_without_its_unit_follow_up_is_named_by_status(store_url: str) -> None:
    """Korttidsboendet Strandvillan answered nothing of what was shared to it at the delårsbokslut."""
    folder = EXAMPLES / "delarsbokslut-2022"
    common = ("--org", ORG, "--år", "2022", "--lager", store_url)
    result = bokslut(
        "import", "delarsbokslut-enhet", folder / "json", *common, "--delat", folder / "delat",
        "--inlämnad", "2022-08-22 16:00",
    )  # fmt: skip
    assert "Lagrades inte: 81925 Korttidsboendet Strandvillan: ingen uppföljning av det som delats ut" in problems(
        result.output
    )
    status = bokslut("status", "delarsbokslut-enhet", *common, "--datum", "2022-09-01", "--json")
    nodes = {n["ansvar"]: n for n in json.loads(status.output)["noder"]}
    assert nodes["81925"]["status"] == "försenad"
    assert nodes["8192"]["saknas_under"] == ["81925"]
    assert {n["nivå"] for n in nodes.values()} == {"avdelning", "enhet"}
    assert nodes["81921"]["sista_dag"] == "2022-08-23T23:59:00"  # the delårsbokslut's deadline for enheter


def test_nothing_stored_for_the_period_renders_nothing(store_url: str, tmp_path: Path) -> None:
    """A sammanställning of a month nobody handed in is not a table of zeros that says no nämnd
    deviates: it is refused, and nothing is written."""
    imported = import_run(store_url, "fordjupad", 4, EXAMPLES / "fordjupad-2022-04" / "json" / "81911.json")
    assert imported.exit_code == 0, imported.output
    out = tmp_path / "out"
    result = bokslut(
        "render", "sammanstallning", "--rapport", "manadsuppfoljning", "--månad", "7", "--org", ORG, "--år", "2022",
        "--lager", store_url, "--ut", out,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "har inga inlämningar för Månadsuppföljning per juli 2022, så inget dokument skrivs" in problems(
        result.output
    )
    assert not out.exists()
