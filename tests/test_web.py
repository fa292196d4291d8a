"""The web page through Flask's test client: rights, CSRF, login, uploads and what they store.

What a person does in a browser is in test_web_browser.py; these check each rule on its own.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import socket
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from bokslut import pipeline
from bokslut.cli import main
from bokslut.domain import DELARSBOKSLUT as REPORT
from bokslut.web import build
from tests import programs
from tests.web_helpers import BROKEN, CLEAN, EXAMPLES, Site, csrf, hand_in, text

PERIOD = REPORT.period(2022)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site.make(tmp_path)


# --- logging in -------------------------------------------------------------------------------


def test_a_page_without_login_leads_to_the_login_page(site: Site) -> None:
    answer = site.client().get("/ansvar/81911")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/logga-in")


def test_a_wrong_password_is_refused_and_logged(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    client = site.client()
    token = csrf(client.get("/logga-in").get_data(as_text=True))
    with caplog.at_level(logging.WARNING, "bokslut.webb"):
        answer = client.post("/logga-in", data={"csrf": token, "namn": "anna", "losenord": "fel-losenord-99"})
    assert answer.status_code == 401
    assert "Fel användarnamn eller lösenord." in text(answer.get_data(as_text=True))
    assert "bokslut_session" not in answer.headers.get("Set-Cookie", "")
    assert "nekad: inloggning som 'anna'" in caplog.text
    assert client.get("/").status_code == 302  # still not logged in


def test_an_unknown_name_is_refused_as_a_wrong_password_is(site: Site) -> None:
    client = site.client()
    token = csrf(client.get("/logga-in").get_data(as_text=True))
    answer = client.post("/logga-in", data={"csrf": token, "namn": "ingen", "losenord": "anna-losenord-1"})
    assert answer.status_code == 401
    assert "Fel användarnamn eller lösenord." in text(answer.get_data(as_text=True))


def test_a_session_expires(tmp_path: Path) -> None:
    site = Site.make(tmp_path, session_hours=-1.0)  # ended as soon as it began
    client = site.login("anna")
    assert client.get("/").status_code == 302


def test_logging_out_ends_the_session(site: Site) -> None:
    client = site.login("anna")
    token = csrf(client.get("/").get_data(as_text=True))
    assert client.post("/logga-ut", data={"csrf": token}).status_code == 302
    assert client.get("/ansvar/8191").status_code == 302


def test_a_removed_account_is_logged_out_at_once(site: Site) -> None:
    client = site.login("anna")
    result = CliRunner().invoke(main, ["användare", "ta-bort", "anna", "--lager", site.settings.store])
    assert result.exit_code == 0, result.output
    assert client.get("/ansvar/8191").status_code == 302


# --- CSRF -------------------------------------------------------------------------------------


def test_a_form_without_its_csrf_token_is_refused(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    client = site.login("anna")
    with caplog.at_level(logging.WARNING, "bokslut.webb"), CLEAN.open("rb") as handle:
        answer = client.post(
            "/ansvar/81911/lamna-in",
            data={"period": "delarsbokslut-8", "fil": (handle, "81911.xlsx")},
            content_type="multipart/form-data",
        )
    assert answer.status_code == 400
    assert "giltig säkerhetskod" in text(answer.get_data(as_text=True))
    assert "CSRF" in caplog.text
    with site.store() as store:
        assert store.versions(PERIOD, "81911") == []


def test_a_csrf_token_of_another_session_is_refused(site: Site) -> None:
    other = site.login("bertil")
    stolen = csrf(other.get("/").get_data(as_text=True))
    client = site.login("anna")
    assert client.post("/logga-ut", data={"csrf": stolen}).status_code == 400
    assert client.get("/ansvar/8191").status_code == 200  # still logged in


def test_the_login_form_needs_its_csrf_token(site: Site) -> None:
    answer = site.client().post("/logga-in", data={"namn": "anna", "losenord": "anna-losenord-1"})
    assert answer.status_code == 400


# --- rights -----------------------------------------------------------------------------------


def test_a_controller_sees_their_ansvar_and_those_below(site: Site) -> None:
    page = text(site.login("anna").get("/?period=delarsbokslut-8").get_data(as_text=True))
    assert "8191 Avdelning hemtjänst" in page and "81911 Hemtjänst Norr" in page
    assert "8192" not in page


def test_another_ansvars_page_is_refused_and_logged(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    client = site.login("anna")
    with caplog.at_level(logging.WARNING, "bokslut.webb"):
        for path in ("/ansvar/81921", "/ansvar/8192", "/ansvar/81921/arbetsbok", "/ansvar/99999"):
            answer = client.get(path)
            assert answer.status_code == 403, path
            assert "Du har inte behörighet" in text(answer.get_data(as_text=True))
    assert caplog.text.count("nekad: anna GET /ansvar/") == 4


def test_a_controller_cannot_hand_in_on_another_ansvars_url(site: Site) -> None:
    client = site.login("anna")
    token = csrf(client.get("/ansvar/81911").get_data(as_text=True))
    with CLEAN.open("rb") as handle:
        answer = client.post(
            "/ansvar/81921/lamna-in",
            data={"csrf": token, "period": "delarsbokslut-8", "fil": (handle, "81921.xlsx")},
            content_type="multipart/form-data",
        )
    assert answer.status_code == 403
    with site.store() as store:
        assert store.latest(PERIOD) == {}


@pytest.mark.slow
def test_a_file_for_another_ansvar_is_neither_stored_nor_recorded(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    client = site.login("anna")
    other = EXAMPLES / "delarsbokslut-2022" / "excel" / "81921.xlsx"
    with caplog.at_level(logging.WARNING, "bokslut.webb"):
        answer = hand_in(client, "81911", other)
    page = text(answer.get_data(as_text=True))
    assert answer.status_code == 422
    assert "Lagrades inte: filen gäller ansvar 81921 Solgårdens äldreboende, inte 81911 Hemtjänst Norr." in page
    assert "utanför kontots ansvar" in caplog.text
    with site.store() as store:
        assert store.latest(PERIOD) == {} and store.attempts(PERIOD) == {}


def test_the_administrators_pages_are_refused_to_a_controller(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    client = site.login("anna")
    with caplog.at_level(logging.WARNING, "bokslut.webb"):
        assert client.get("/status").status_code == 403
        assert client.get("/dokument").status_code == 403
        token = csrf(client.get("/").get_data(as_text=True))
        assert (
            client.post(
                "/las", data={"csrf": token, "period": "delarsbokslut-8", "namnd": "8", "beslut": "2022-09-27 § 45"}
            ).status_code
            == 403
        )
    assert "är bara för administratörer" in caplog.text
    with site.store() as store:
        assert store.decisions(PERIOD) == []


def test_single_sign_on_takes_the_proxys_user(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = Site.make(tmp_path, sso_header="X-Remote-User")
    client = site.client()
    assert "81911 Hemtjänst Norr" in text(
        client.get("/ansvar/81911", headers={"X-Remote-User": "anna"}).get_data(as_text=True)
    )
    assert client.get("/ansvar/81921", headers={"X-Remote-User": "anna"}).status_code == 403
    with caplog.at_level(logging.WARNING, "bokslut.webb"):
        assert client.get("/", headers={"X-Remote-User": "okand"}).status_code == 403
    assert "inget konto för 'okand'" in caplog.text


# --- uploads ----------------------------------------------------------------------------------


def test_a_broken_workbook_shows_every_problem_and_is_not_stored(site: Site) -> None:
    client = site.login("anna")
    answer = hand_in(client, "81911", BROKEN, name="81911.xlsx")
    page = text(answer.get_data(as_text=True))
    assert answer.status_code == 422
    assert "Lagrades inte: 81911.xlsx har 1 fel. Rätta och lämna in igen." in page
    assert (
        "fel 8 RR skattefin övriga delår B5 Personalkostnader: kostnader ska anges med minustecken, men "
        "51\u00a0030 är positivt. Skriv -51\u00a0030."
    ) in page
    with site.store() as store:
        assert store.versions(PERIOD, "81911") == []
        assert store.attempts(PERIOD)["81911"].outcome.value == "avvisad"
        assert store.attempts(PERIOD)["81911"].imported_by == "anna"


def test_the_marked_workbook_is_the_uploaders_own_with_the_comment_at_the_cell(site: Site) -> None:
    client = site.login("anna")
    page = hand_in(client, "81911", BROKEN, name="81911.xlsx").get_data(as_text=True)
    link = page.split('href="/fil/')[1].split('"')[0]
    answer = client.get(f"/fil/{link}")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"] == "attachment; filename=81911-markerad.xlsx"
    book = load_workbook(io.BytesIO(answer.data))
    assert "minustecken" in book["8 RR skattefin övriga delår"]["B5"].comment.text
    assert site.login("bertil").get(f"/fil/{link}").status_code == 404  # someone else's marked file


@pytest.mark.slow
def test_a_clean_workbook_is_stored_with_who_handed_it_in(site: Site) -> None:
    client = site.login("anna")
    answer = hand_in(client, "81911", CLEAN)
    assert answer.status_code == 200
    assert "Lagrad: 81911.xlsx är version 1 av 81911 Hemtjänst Norr." in text(answer.get_data(as_text=True))
    with site.store() as store:
        (version,) = store.versions(PERIOD, "81911")
    assert version.imported_by == "anna" and version.source_file == "81911.xlsx"
    again = text(hand_in(client, "81911", CLEAN).get_data(as_text=True))
    assert "Samma siffror som version 1" in again
    page = text(client.get("/ansvar/81911").get_data(as_text=True))
    assert "Versioner av 81911 i lagret" in page and "anna 81911.xlsx" in page


def test_a_json_input_is_taken_too(site: Site) -> None:
    client = site.login("anna")
    answer = hand_in(client, "81911", EXAMPLES / "delarsbokslut-2022" / "json" / "81911.json")
    assert answer.status_code == 200, text(answer.get_data(as_text=True))
    assert "Lagrad:" in text(answer.get_data(as_text=True))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("81911.xls", b"\xd0\xcf\x11\xe0", "Filen är en äldre Excel-arbetsbok (.xls). Öppna den i Excel"),
        ("81911.pdf", b"%PDF-1.4", "Lämna in en Excel-arbetsbok (.xlsx) eller en JSON-fil (.json)."),
        ("81911.xlsx", b"inte en arbetsbok", "81911.xlsx"),
        ("81911.json", b'{"Uppgifter": {"ansvar": "81911", "ansvar": "81911"}}', "slå ihop dubbletterna"),
    ],
)
def test_a_bad_file_gets_its_swedish_message_never_a_server_error(
    site: Site, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(content)
    answer = hand_in(site.login("anna"), "81911", path, name=name)
    assert answer.status_code in (400, 422)
    page = text(answer.get_data(as_text=True))
    assert message in page
    assert "Traceback" not in page and "Internt fel" not in page
    with site.store() as store:
        assert store.versions(PERIOD, "81911") == []


def test_a_file_over_the_size_limit_is_refused_in_swedish(tmp_path: Path) -> None:
    site = Site.make(tmp_path, max_upload=1024)
    client = site.login("anna")
    path = tmp_path / "stor.xlsx"
    path.write_bytes(b"x" * 200_000)
    answer = hand_in(client, "81911", path)
    assert answer.status_code == 413
    assert "Filen är för stor" in text(answer.get_data(as_text=True))


def test_the_blank_workbook_for_the_next_report_downloads(site: Site) -> None:
    answer = site.login("anna").get("/ansvar/81911/arbetsbok")
    assert answer.status_code == 200
    assert (
        "filename*=UTF-8" in answer.headers["Content-Disposition"] or "81911" in answer.headers["Content-Disposition"]
    )
    book = load_workbook(io.BytesIO(answer.data))
    assert "Uppgifter" in book.sheetnames


# --- the administrator ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_status_board_changes_when_a_controller_hands_in(site: Site) -> None:
    admin = site.login("admin")
    before = admin.get("/status?period=delarsbokslut-8").get_data(as_text=True)
    row = before.split('id="rad-81911"')[1].split("</tr>")[0]
    assert "försenad" in row
    hand_in(site.login("anna"), "81911", CLEAN)
    after = admin.get("/status?period=delarsbokslut-8").get_data(as_text=True)
    row = text(after.split('id="rad-81911"')[1].split("</tr>")[0])
    assert "inlämnad" in row and "anna" in row


def test_the_status_board_shows_each_namnd_counted_as_status_per_namnd_does(site: Site) -> None:
    """Above the node table, a line per nämnd: its nodes per state, its own input and decision,
    and the kommun's sum, the same as bokslut status --per-nämnd."""
    job = pipeline.Job(site.settings.organisation, REPORT, PERIOD)
    with site.store() as store:
        pipeline.import_inputs(
            job, [EXAMPLES / "delarsbokslut-2022" / "json" / "81911.json"], store, by="anna",
            delivered=datetime(2022, 8, 20, 10, 0),
        )  # fmt: skip
    page = site.login("admin").get("/status?period=delarsbokslut-8").get_data(as_text=True)
    assert page.index('class="status-namnder"') < page.index('class="status-tavla"')
    table = page.split('class="status-namnder"')[1].split("</table>")[0]
    assert "<caption>" in table and table.count('<th scope="col">') == 9
    headers = text(table.split("</thead>")[0])
    assert headers.endswith("Nämnd Noder Inlämnad Inlämnad sent Försenad Saknas Avvisad Egna indata Beslut")
    # 81911 on time; every other node under the nämnd försenad (the deadlines of 2022 are past)
    row = text(table.split('<tr id="namnd-8">')[1].split("</tr>")[0])
    assert row == "8 Vård- och omsorgsnämnden 23 1 0 22 0 0 försenad ej beslutad"
    # the example kommun's three nämnder: 23 + 9 + 7 nodes
    assert text(table.split("<tfoot>")[1]) == "Kommunen 39 1 0 38 0 0 0 av 3 nämnder har beslutat"
    common = ["--org", str(site.settings.organisation), "--år", "2022", "--lager", site.settings.store]
    cli = CliRunner().invoke(main, ["status", "delarsbokslut", *common, "--per-nämnd", "--json"])
    boards = json.loads(cli.output)["nämnder"]
    assert [(b["noder"], b["inlämnad"], b["försenad"]) for b in boards] == [(23, 1, 22), (9, 0, 9), (7, 0, 7)]


@pytest.mark.slow
def test_the_administrator_renders_downloads_and_locks(site: Site) -> None:
    hand_in(site.login("anna"), "81911", CLEAN)
    admin = site.login("admin")
    token = csrf(admin.get("/status?period=delarsbokslut-8").get_data(as_text=True))
    page = admin.post("/rapport", data={"csrf": token, "period": "delarsbokslut-8", "ansvar": "81911"})
    assert "Skrev 1 dokument" in text(page.get_data(as_text=True))
    with admin.get("/dokument/delarsbokslut-2022/81911 Hemtjänst Norr.docx") as document:
        assert document.status_code == 200 and document.data[:2] == b"PK"
    assert admin.get("/dokument/delarsbokslut-2022/..%2Forganisation.json").status_code == 404
    locked = admin.post(
        "/las", data={"csrf": token, "period": "delarsbokslut-8", "namnd": "8", "beslut": "2022-09-27 § 45"}
    )
    assert "Låst: Delårsbokslut 2022 för Vård- och omsorgsnämnden, beslutad 2022-09-27 § 45." in text(
        locked.get_data(as_text=True)
    )
    changed = json.loads((EXAMPLES / "delarsbokslut-2022" / "json" / "81911.json").read_text("utf-8"))
    changed["Texter"]["Verksamhet"] += " Ändrat efter beslutet."
    late = site.folder / "81911.json"
    late.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    refused = text(hand_in(site.login("anna"), "81911", late).get_data(as_text=True))
    assert (
        "Lagrades inte: nämnden har beslutat om Delårsbokslut 2022 (2022-09-27 § 45) och perioden är låst." in refused
    )
    with site.store() as store:
        assert len(store.versions(PERIOD, "81911")) == 1


# --- bokslut användare ------------------------------------------------------------------------


def test_accounts_are_made_listed_and_removed_from_the_command_line(tmp_path: Path) -> None:
    store = str(tmp_path / "bokslut.db")
    org = str(EXAMPLES / "organisation.json")
    runner = CliRunner()
    made = runner.invoke(
        main, ["användare", "ny", "cecilia", "--ansvar", "8191", "--ansvar", "8192", "--org", org, "--lager", store],
        input="cecilia-losen-1\ncecilia-losen-1\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "Skapade controller cecilia för 8191, 8192." in made.output
    weak = runner.invoke(
        main, ["användare", "ny", "d", "--org", org, "--lager", store, "--ansvar", "8191", "--lösenord", "kort"]
    )
    assert weak.exit_code == 2 and "minst 10 tecken" in weak.output
    unknown = runner.invoke(
        main, ["användare", "ny", "e", "--org", org, "--lager", store, "--ansvar", "77", "--lösenord", "x" * 12]
    )
    assert unknown.exit_code == 2 and "Ansvar 77 finns inte i organisationen." in unknown.output
    twice = runner.invoke(
        main, ["användare", "ny", "cecilia", "--org", org, "--lager", store, "--ansvar", "8191", "--lösenord", "x" * 12]
    )
    assert twice.exit_code == 1 and "Användaren cecilia finns redan." in twice.output
    listed = runner.invoke(main, ["användare", "lista", "--lager", store])
    assert "cecilia  controller" in listed.output and "8191, 8192" in listed.output
    from bokslut.store import Store

    with Store(store) as opened:
        account = opened.account("cecilia")
    assert account is not None and account.password_hash.startswith("$argon2id$")
    assert "cecilia-losen-1" not in account.password_hash
    assert runner.invoke(main, ["användare", "ta-bort", "cecilia", "--lager", store]).exit_code == 0
    assert runner.invoke(main, ["användare", "ta-bort", "cecilia", "--lager", store]).exit_code == 1


def test_the_store_keeps_only_a_sessions_hash(site: Site) -> None:
    client = site.login("anna")
    cookie = client.get_cookie("bokslut_session")
    assert cookie is not None
    with site.store() as store:
        assert store.session(cookie.value) is None  # the token itself is not a key
        found = store.session(hashlib.sha256(cookie.value.encode()).hexdigest())
    assert found is not None and found[0] == "anna"
    hours = (found[1] - datetime.now().astimezone()) / timedelta(hours=1)
    assert 7.9 < hours <= 8.0


# --- on PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture
def postgres_store() -> Iterator[str]:
    """A new database on the test server, dropped afterwards."""
    base = programs.postgres_url()
    import psycopg

    name = f"bokslut_webb_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{base.rpartition('/')[0]}/{name}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.postgres
@pytest.mark.slow
def test_the_page_on_postgresql(tmp_path: Path, postgres_store: str) -> None:
    site = Site.make(tmp_path, postgres_store)
    client = site.login("anna")
    page = hand_in(client, "81911", BROKEN, name="81911.xlsx").get_data(as_text=True)
    link = page.split('href="/fil/')[1].split('"')[0]
    marked = load_workbook(io.BytesIO(client.get(f"/fil/{link}").data))
    assert "minustecken" in marked["8 RR skattefin övriga delår"]["B5"].comment.text
    assert hand_in(client, "81911", EXAMPLES / "delarsbokslut-2022" / "json" / "81911.json").status_code == 200
    row = site.login("admin").get("/status?period=delarsbokslut-8").get_data(as_text=True).split('id="rad-81911"')[1]
    assert "inlämnad" in text(row.split("</tr>")[0])
    second = build(site.settings)  # another worker on the same store: the same key, the same sessions
    assert second.secret_key == site.app.secret_key


# --- bokslut webb -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_bokslut_webb_serves_the_page_as_the_readme_starts_it(tmp_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-m", "bokslut", "webb", "--org", str(EXAMPLES / "organisation.json"), "--år", "2022",
               "--port", str(port), "--lager", str(tmp_path / "bokslut.db")]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        assert f"sidan finns på http://localhost:{port}/" in server.stdout.readline()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as answer:  # redirected to the login
            page = answer.read().decode()
        assert '<html lang="sv">' in page and "Logga in" in text(page)
        taken = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert taken.returncode == 2
        assert f"Kan inte öppna 127.0.0.1:{port}: porten används redan" in taken.stderr
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.mark.slow
def test_the_page_renders_with_the_kommuns_mall_wording_and_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's documents are the command line's: bokslut.toml's kommun, mallar and fraser apply."""
    from docx import Document

    from bokslut.web import create_app
    from scripts.docx_text import document_text

    site = Site.make(tmp_path)
    mallar = tmp_path / "mallar"
    mallar.mkdir()
    (mallar / "delarsbokslut.docx").write_bytes(
        (Path(__file__).resolve().parent.parent / "templates" / "delarsbokslut.docx").read_bytes()
    )
    (tmp_path / "fraser.toml").write_text('[prognos]\navvikelse = "För {kontogrupp} väntas {belopp} ({riktning})."\n')
    (tmp_path / "bokslut.toml").write_text(
        f'kommun = "Testköpings kommun"\norganisation = "organisation.json"\nar = 2022\nlager = "{site.settings.store}"\n'
        'mallar = "mallar"\nfraser = "fraser.toml"\n'
    )
    monkeypatch.chdir(tmp_path)
    site.app = create_app(out=tmp_path / "out")
    hand_in(site.login("anna"), "81911", CLEAN)
    admin = site.login("admin")
    token = csrf(admin.get("/status?period=delarsbokslut-8").get_data(as_text=True))
    page = admin.post("/rapport", data={"csrf": token, "period": "delarsbokslut-8", "ansvar": "81911"})
    assert "Skrev 1 dokument" in text(page.get_data(as_text=True))
    document = tmp_path / "out" / "delarsbokslut-2022" / "81911 Hemtjänst Norr.docx"
    written = document_text(document)
    assert written.startswith("Testköpings kommun\n")
    assert "För personalkostnaderna väntas" in written
    assert Document(str(document)).core_properties.author == "Testköpings kommun"


def test_the_environments_store_wins_over_the_settings_file_as_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export BOKSLUT_LAGER=postgresql://…` for gunicorn is not overridden by bokslut.toml's lager."""
    from bokslut.web import create_app
    from bokslut.web.app import settings_of

    site = Site.make(tmp_path)
    (tmp_path / "bokslut.toml").write_text('organisation = "organisation.json"\nar = 2022\nlager = "fil.db"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOKSLUT_LAGER", site.settings.store)
    assert settings_of(create_app()).store == site.settings.store
    monkeypatch.delenv("BOKSLUT_LAGER")
    assert settings_of(create_app()).store == str(tmp_path / "fil.db")
