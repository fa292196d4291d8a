"""A unit's history: its stored versions, what changed between two, and a decision undone.

The store's side runs on SQLite and PostgreSQL (the `store_url` fixture of test_store); the
commands run through click's runner on inputs written inline (tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bokslut.cli import main
from bokslut.diff import Change, changes
from bokslut.domain import ARSBOKSLUT, DELARSBOKSLUT, Period
from bokslut.history_view import change_text, excerpts
from bokslut.numbers import NBSP
from bokslut.store import DecisionConflict, Offer, Store, StoreError
from tests.conftest import VALID_DRIFT, unit, write_json_input, write_org
from tests.test_store import store_url  # noqa: F401  (the fixture: a new store on each backend)

PERIOD = Period(2022, 8, "delarsbokslut")
DRIFT = "8 RR skattefin övriga delår"


def document(personal: int = -39700, **texts: str) -> dict[str, Any]:
    """One ansvar's stored document, as the input format keeps it."""
    data: dict[str, Any] = {
        "Uppgifter": {"ansvar": "81911", "namn": "Hemtjänst Norr", "år": 2022},
        DRIFT: {"Personalkostnader": {"budget": -38500, "prognos": personal}},
    }
    if texts:
        data["Texter"] = dict(texts)
    return data


# --- what changed, in the controller's words -------------------------------------------------

GOAL = {"nr": "1", "nämndens_mål": "Brukarna ska vara nöjda", "kommentar": "Bra.", "nyckeltal": [{"namn": "Nöjdhet"}]}
PROJECTS = {"projekt": [{"namn": "Larm", "budget": 1200, "prognos": 1200}, {"namn": "Tak", "budget": 300}]}


def _with(flik: str, value: Any) -> dict[str, Any]:
    return {**document(), flik: value}


D = Decimal

#: (case, older document, newer document, the changes as (flik, row, column, old, new))
DIFF_CASES: list[tuple[str, dict[str, Any], dict[str, Any], list[tuple[str, str, str, Any, Any]]]] = [
    ("the same", document(), document(), []),
    (
        "an amount",
        document(),
        document(-40200),
        [(DRIFT, "Personalkostnader", "Prognos helår 2022", D(-39700), D(-40200))],
    ),
    (
        "a cell emptied",
        document(),
        {**document(), DRIFT: {"Personalkostnader": {"budget": -38500}}},
        [(DRIFT, "Personalkostnader", "Prognos helår 2022", D(-39700), None)],
    ),
    (
        "a row added",
        document(),
        {**document(), DRIFT: {**document()[DRIFT], "Lokalhyror": {"budget": -2000}}},
        [(DRIFT, "Lokalhyror", "Budget 2022", None, D(-2000))],
    ),
    (
        "Uppgifter",
        document(),
        {**document(), "Uppgifter": {"ansvar": "81911", "namn": "Hemtjänst Nord", "år": 2022}},
        [
            ("Uppgifter", "Namn", "", "Hemtjänst Norr", "Hemtjänst Nord"),
        ],
    ),
    (
        "a text",
        document(Verksamhet="Som planerat."),
        document(Verksamhet="Bättre än planerat."),
        [
            ("Texter", "Verksamhet", "Text", "Som planerat.", "Bättre än planerat."),
        ],
    ),
    (
        "a kontogrupp's text",
        _with("Texter drift", {"Personalkostnader": {"prognosförändring": "Mer övertid."}}),
        _with("Texter drift", {"Personalkostnader": {"prognosförändring": "Mer övertid i juli."}}),
        [("Texter drift", "Personalkostnader", "Prognosförändring", "Mer övertid.", "Mer övertid i juli.")],
    ),
    (
        "projects matched by name, not place",
        _with("8 inv skattefin övriga delår", {"Reinvestering": PROJECTS}),
        _with(
            "8 inv skattefin övriga delår",
            {
                "Reinvestering": {
                    "projekt": [
                        {"namn": "Tak", "budget": 300},
                        {"namn": "Larm", "budget": 1200, "prognos": 1350},
                    ]
                }
            },
        ),
        [("8 inv skattefin övriga delår", "Larm (Reinvestering)", "Prognos helår 2022", D(1200), D(1350))],
    ),
    (
        "a project gone",
        _with("8 inv skattefin övriga delår", {"Reinvestering": PROJECTS}),
        _with("8 inv skattefin övriga delår", {"Reinvestering": {"projekt": PROJECTS["projekt"][:1]}}),
        [("8 inv skattefin övriga delår", "Tak (Reinvestering)", "Budget 2022", D(300), None)],
    ),
    (
        "a goal matched by its number when its wording is edited, and its nyckeltal",
        _with("Mål", [GOAL]),
        _with(
            "Mål",
            [
                {
                    **GOAL,
                    "nämndens_mål": "Brukarna ska vara mycket nöjda",
                    "nyckeltal": [
                        {"namn": "Nöjdhet", "utfall": "91 %"},
                    ],
                }
            ],
        ),
        [
            (
                "Mål",
                "1 Brukarna ska vara mycket nöjda",
                "Nämndens mål",
                "Brukarna ska vara nöjda",
                "Brukarna ska vara mycket nöjda",
            ),
            ("Nyckeltal", "Mål 1 › Nöjdhet", "Utfall 2022", None, "91 %"),
        ],
    ),
    (
        "a sjukfrånvaro percentage",
        _with("Sjukfrånvaro", {"Kvinnor": {"fg": "10.5", "år": "9.1"}}),
        _with("Sjukfrånvaro", {"Kvinnor": {"fg": "10.5", "år": "9.4"}}),
        [("Sjukfrånvaro", "Kvinnor", "2022", D("9.1"), D("9.4"))],
    ),
    (
        "internkontroll, matched by what is checked",
        _with("Internkontroll", [{"vad": "Attest", "bedömning": "Genomförd med anmärkning"}, {"vad": "Avtal"}]),
        _with("Internkontroll", [{"vad": "Avtal"}, {"vad": "Attest", "bedömning": "Genomförd utan anmärkning"}]),
        [("Internkontroll", "Attest", "Bedömning", "Genomförd med anmärkning", "Genomförd utan anmärkning")],
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in DIFF_CASES], ids=[c[0] for c in DIFF_CASES])
def test_changes_are_said_by_flik_row_and_column(
    old: dict[str, Any], new: dict[str, Any], expected: list[tuple[str, str, str, Any, Any]]
) -> None:
    found = changes(old, new, DELARSBOKSLUT, 2022)
    assert [(c.flik, c.row, c.column, c.old, c.new) for c in found] == expected


def test_the_arsbokslut_names_its_own_columns_and_its_prognossakerhet() -> None:
    flik, point = "12 prognossäkerhet ALLA ÅB", "Delårsbokslut"
    old = {"12 RR skattefin övriga ÅB": {"Lokalhyror": {"utfall": -2000}}, flik: {point: {"prognos": -500}}}
    new = {"12 RR skattefin övriga ÅB": {"Lokalhyror": {"utfall": -2100}}, flik: {point: {"prognos": -700}}}
    found = [(c.flik, c.row, c.column) for c in changes(old, new, ARSBOKSLUT, 2022)]
    assert found == [("12 RR skattefin övriga ÅB", "Lokalhyror", "Bokslut 2022"), (flik, point, "Prognos")]


def test_a_change_reads_as_the_controller_says_it() -> None:
    amount = Change(DRIFT, "Personalkostnader", "Prognos helår 2022", D(-39700), D(-40200), (), amount=True)
    assert change_text(amount) == f"Personalkostnader › Prognos helår 2022: -39{NBSP}700 → -40{NBSP}200"
    share = Change("Sjukfrånvaro", "Kvinnor", "2022", D("9.1"), None, (), amount=True)
    assert change_text(share) == "Kvinnor › 2022: 9,1 → (tom)"
    text = Change("Uppgifter", "Namn", "", "Hemtjänst Norr", "Hemtjänst Nord", ())
    assert change_text(text) == "Namn: ”Hemtjänst Norr” → ”Hemtjänst Nord”"
    # as JSON: amounts are numbers
    assert amount.as_dict()["gammalt"] == -39700 and share.as_dict()["gammalt"] == 9.1
    assert text.as_dict() == {
        "flik": "Uppgifter", "rad": "Namn", "kolumn": "", "gammalt": "Hemtjänst Norr", "nytt": "Hemtjänst Nord",
        "belopp": False, "sökväg": [],
    }  # fmt: skip


def test_a_long_text_is_shown_around_what_changed() -> None:
    words = "Enheten har under perioden arbetat med bemanningen och sett över scheman för kvällar och helger"
    old = f"{words} så att färre vikarier behövs. {words}."
    new = f"{words} så att betydligt färre vikarier behövs. {words}."
    before, after = excerpts(old, new)
    assert before == "…och helger så att färre vikarier behövs. Enheten…"  # four words on each side
    assert after == "…och helger så att betydligt färre vikarier behövs. Enheten…"
    assert excerpts("kort", "kortare") == ("kort", "kortare")


# --- the store --------------------------------------------------------------------------------


def test_versions_and_one_version_with_its_document(store_url: str) -> None:  # noqa: F811
    with Store(store_url) as store:
        store.import_offers(PERIOD, [Offer("81911", document(), "81911.xlsx", warnings=2, namnd="8")], by="anna")
        store.import_offers(PERIOD, [Offer("81911", document(-40200), "81911.json", namnd="8")], by="bertil")
        versions = store.versions(PERIOD, "81911")
        second = store.version(PERIOD, "81911", 2)
        assert store.version(PERIOD, "81911", 3) is None
        assert store.versions(PERIOD, "81912") == []
    assert [(v.version, v.imported_by, v.source_file, v.warnings) for v in versions] == [
        (1, "anna", "81911.xlsx", 2),
        (2, "bertil", "81911.json", 0),
    ]
    assert second is not None and second.document[DRIFT]["Personalkostnader"]["prognos"] == -40200
    assert all(v.forced_reason is None and v.forced_decision is None for v in versions)


def test_a_forced_change_records_the_decision_it_came_after(store_url: str) -> None:  # noqa: F811
    with Store(store_url) as store:
        store.import_offers(PERIOD, [Offer("81911", document(), "a.xlsx", namnd="8")], by="anna")
        store.lock("8", PERIOD, date(2022, 9, 27), "§ 45", by="sekreterare")
        store.import_offers(
            PERIOD, [Offer("81911", document(-40200), "b.xlsx", namnd="8")], by="anna", forced_reason="Rättad hyra"
        )
        latest = store.latest(PERIOD)["81911"]
    assert (latest.version, latest.forced_reason, latest.forced_decision) == (2, "Rättad hyra", "2022-09-27 § 45")


def test_undoing_a_decision_opens_the_period_and_keeps_the_record(store_url: str) -> None:  # noqa: F811
    with Store(store_url) as store:
        store.import_offers(PERIOD, [Offer("81911", document(), "a.xlsx", namnd="8")], by="anna")
        store.lock("8", PERIOD, date(2022, 9, 27), "§ 45", by="sekreterare")
        undone = store.unlock("8", PERIOD, reason="  Fel siffror i beslutsunderlaget ", by="admin")
        assert undone is not None
        assert str(undone.decision) == "2022-09-27 § 45" and undone.decision.locked_by == "sekreterare"
        assert (undone.undone_by, undone.reason) == ("admin", "Fel siffror i beslutsunderlaget")
        assert store.decisions(PERIOD) == []
        assert store.undone(PERIOD) == [undone]

        # Open again: a changed import is taken without force, and a new decision may be recorded.
        [stored] = store.import_offers(PERIOD, [Offer("81911", document(-40200), "b.xlsx", namnd="8")], by="anna")
        assert stored.outcome.stored and stored.version == 2 and stored.decision is None
        _, new = store.lock("8", PERIOD, date(2022, 10, 25), "§ 52", by="sekreterare")
        assert new
        assert [str(d) for d in store.decisions(PERIOD)] == ["2022-10-25 § 52"]
        assert store.undone(PERIOD) == [undone]  # the first decision's undo is still on record


def test_nothing_to_undo_a_blank_reason_and_the_wrong_decision(store_url: str) -> None:  # noqa: F811
    with Store(store_url) as store:
        assert store.unlock("8", PERIOD, reason="x", by="admin") is None
        store.lock("8", PERIOD, date(2022, 9, 27), "§ 45", by="sekreterare")
        with pytest.raises(StoreError, match="orsak"):
            store.unlock("8", PERIOD, reason="  ", by="admin")
        with pytest.raises(DecisionConflict, match="2022-09-27 § 45, inte 2022-09-28 § 46"):
            store.unlock("8", PERIOD, reason="x", by="admin", expected=(date(2022, 9, 28), "§ 46"))
        assert [str(d) for d in store.decisions(PERIOD)] == ["2022-09-27 § 45"]
        assert store.undone(PERIOD) == []


#: The schema of a store made by bokslut before schema version 2, as it was created then.
_SCHEMA_1 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE submissions (ansvar TEXT NOT NULL, report TEXT NOT NULL, year INTEGER NOT NULL,
        month INTEGER NOT NULL, version INTEGER NOT NULL, digest TEXT NOT NULL, document TEXT NOT NULL,
        source_file TEXT NOT NULL, warnings INTEGER NOT NULL, delivered_at TEXT NOT NULL,
        imported_at TEXT NOT NULL, imported_by TEXT NOT NULL, forced_reason TEXT,
        PRIMARY KEY (ansvar, report, year, month, version))""",
    """CREATE TABLE decisions (namnd TEXT NOT NULL, report TEXT NOT NULL, year INTEGER NOT NULL,
        month INTEGER NOT NULL, decided_on TEXT NOT NULL, paragraph TEXT NOT NULL, locked_at TEXT NOT NULL,
        locked_by TEXT NOT NULL, PRIMARY KEY (namnd, report, year, month))""",
    "INSERT INTO meta (key, value) VALUES ('schema', '1')",
    "INSERT INTO submissions VALUES ('81911', 'delarsbokslut', 2022, 8, 1, 'd', "
    """'{"Uppgifter": {"ansvar": "81911"}}', 'a.xlsx', 0, '2022-08-22T16:00:00+02:00', """
    "'2022-08-22T16:00:00+02:00', 'anna', 'Rättad hyra')",
    "INSERT INTO decisions VALUES ('8', 'delarsbokslut', 2022, 8, '2022-09-27', '§ 45', "
    "'2022-09-27T10:00:00+02:00', 'sekreterare')",
)


def _run(url: str, statements: tuple[str, ...]) -> None:
    if url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
    else:
        with sqlite3.connect(url) as db:
            for statement in statements:
                db.execute(statement)
        db.close()


def test_a_store_made_by_an_older_bokslut_is_brought_up_to_date(store_url: str) -> None:  # noqa: F811
    _run(store_url, _SCHEMA_1)
    with Store(store_url) as store:
        [old] = store.versions(PERIOD, "81911")
        assert (old.forced_reason, old.forced_decision) == ("Rättad hyra", None)
        undone = store.unlock("8", PERIOD, reason="Fel underlag", by="admin")
        assert undone is not None and store.undone(PERIOD) == [undone]
        store.import_offers(PERIOD, [Offer("81911", document(), "b.xlsx", namnd="8")], by="anna")
        assert store.version(PERIOD, "81911", 2) is not None
    with Store(store_url) as again:  # opened again: already up to date, nothing to migrate
        assert len(again.versions(PERIOD, "81911")) == 2


# --- the commands -----------------------------------------------------------------------------


def cli(url: str, command: str, *args: str | Path) -> Result:
    """A command on the delårsbokslut 2022 of SMALL_ORG (written to the working folder) and the store."""
    org = write_org(Path.cwd())
    common = ("--org", org, "--år", "2022", "--lager", url)
    return CliRunner().invoke(main, [str(a) for a in (command, "delarsbokslut", *args, *common)])


def import_version(url: str, folder: str, by: str, data: dict[str, Any], *extra: str) -> Result:
    """One import of 81911's input, written as `<folder>/81911.json`."""
    where = Path.cwd() / folder
    where.mkdir()
    return cli(url, "import", write_json_input(where, data), "--av", by, *extra)


def personal(prognos: int) -> dict[str, Any]:
    return unit("81911", "Hemtjänst Norr", drift={**VALID_DRIFT, "Personalkostnader": {"prognos": prognos}})


def test_historik_lists_each_version_and_skillnad_the_changed_cell(store_url: str) -> None:  # noqa: F811
    assert import_version(store_url, "v1", "anna", personal(-39700)).exit_code == 0
    assert import_version(store_url, "v2", "bertil", personal(-40200)).exit_code == 0

    history = cli(store_url, "historik", "81911")
    assert history.exit_code == 0, history.output
    assert "Delårsbokslut 2022 – 81911 Hemtjänst Norr: 2 versioner" in history.output
    assert re.search(r"^   1  \d{4}-\d\d-\d\d \d\d:\d\d  anna    81911\.json      0$", history.output, re.M)
    assert re.search(r"^   2  \d{4}-\d\d-\d\d \d\d:\d\d  bertil  81911\.json      0$", history.output, re.M)
    listed = json.loads(cli(store_url, "historik", "81911", "--json").output)["versioner"]
    assert [(v["version"], v["av"], v["fil"], v["tvingad"]) for v in listed] == [
        (1, "anna", "81911.json", False),
        (2, "bertil", "81911.json", False),
    ]

    diff = cli(store_url, "skillnad", "81911")
    assert diff.exit_code == 0, diff.output
    assert "version 1 → version 2" in diff.output
    assert (
        f"{DRIFT}\n  Personalkostnader › Prognos helår 2022: -39{NBSP}700 → -40{NBSP}200\n\n1 ändrad cell.\n"
    ) in diff.output
    as_json = json.loads(cli(store_url, "skillnad", "81911", "--från", "1", "--till", "2", "--json").output)
    assert [(c["flik"], c["rad"], c["kolumn"], c["gammalt"], c["nytt"]) for c in as_json["ändringar"]] == [
        (DRIFT, "Personalkostnader", "Prognos helår 2022", -39700, -40200)
    ]
    same = cli(store_url, "skillnad", "81911", "--från", "2", "--till", "2")
    assert same.exit_code == 0 and "Inga skillnader." in same.output
    missing = cli(store_url, "skillnad", "81911", "--från", "3")
    assert missing.exit_code == 2 and "version 3 finns inte; lagret har version 1–2" in missing.output


def test_an_unknown_ansvar_no_version_and_a_single_one(store_url: str) -> None:  # noqa: F811
    Store(store_url).close()  # an empty store: historik reads it, never creates it
    unknown = cli(store_url, "historik", "99999")
    assert unknown.exit_code == 2 and "Ansvar 99999 finns inte i organisationen" in unknown.output
    nothing = cli(store_url, "historik", "81911")
    assert (
        nothing.exit_code == 1 and "har ingen version av 81911 Hemtjänst Norr för Delårsbokslut 2022" in nothing.output
    )
    import_version(store_url, "v1", "anna", personal(-39700))
    single = cli(store_url, "skillnad", "81911")
    assert single.exit_code == 1 and "har bara en version" in single.output


def test_a_decision_undone_with_a_reason_opens_the_period_and_is_kept(store_url: str) -> None:  # noqa: F811
    import_version(store_url, "v1", "anna", personal(-39700))
    assert cli(store_url, "lock", "--beslut", "2022-09-27 § 45", "--av", "sekreterare").exit_code == 0
    assert import_version(store_url, "v2", "anna", personal(-40200)).exit_code == 1  # locked

    no_reason = cli(store_url, "lock", "--ångra")
    assert no_reason.exit_code == 2 and "Ange --orsak när ett beslut ångras" in no_reason.output
    blank = cli(store_url, "lock", "--ångra", "--orsak", "  ")
    assert blank.exit_code == 2
    wrong = cli(store_url, "lock", "--ångra", "--orsak", "Återremitterat", "--beslut", "2022-09-28 § 46")
    assert wrong.exit_code == 1 and "låst av nämndens beslut 2022-09-27 § 45, inte 2022-09-28 § 46" in wrong.output
    still = json.loads(cli(store_url, "status", "--json", "--datum", "2022-10-01").output)["noder"]
    assert next(n for n in still if n["ansvar"] == "8")["status"] == "beslutad"

    undone = cli(store_url, "lock", "--ångra", "--orsak", "Ärendet återremitterades", "--av", "admin")
    assert undone.exit_code == 0, undone.output
    assert undone.output.startswith(
        "Ångrat: nämndens beslut 2022-09-27 § 45 om Delårsbokslut 2022 för Vård- och omsorgsnämnden "
    )
    assert "Orsak: Ärendet återremitterades (admin, " in undone.output
    after = json.loads(cli(store_url, "status", "--json", "--datum", "2022-10-01").output)["noder"]
    board = next(n for n in after if n["ansvar"] == "8")
    assert board["status"] != "beslutad" and board["beslut"] is None

    # open again: the changed figures are taken without --tvinga
    again = import_version(store_url, "v3", "anna", personal(-40200))
    assert again.exit_code == 0 and "1 ny version" in again.output
    # and the undo is on record, in the store and in the unit's history
    with Store(store_url) as store:
        [kept] = store.undone(PERIOD)
    assert (str(kept.decision), kept.decision.locked_by, kept.undone_by) == ("2022-09-27 § 45", "sekreterare", "admin")
    assert kept.reason == "Ärendet återremitterades"
    history = cli(store_url, "historik", "81911").output
    assert re.search(
        r"Ångrat beslut 2022-09-27 § 45 \(låst .* av sekreterare\): ångrat .* av admin: Ärendet åter", history
    )

    nothing = cli(store_url, "lock", "--ångra", "--orsak", "igen", "--json")
    assert nothing.exit_code == 1
    assert json.loads(nothing.output)["fel"][0]["meddelande"] == (
        "Inget beslut att ångra: Delårsbokslut 2022 för Vård- och omsorgsnämnden är inte låst."
    )
    relocked = cli(store_url, "lock", "--beslut", "2022-10-25 § 52", "--json")
    assert relocked.exit_code == 0 and json.loads(relocked.output)["beslut"]["beslut"] == "2022-10-25 § 52"


def test_a_forced_change_shows_its_decision_and_reason_in_historik(store_url: str) -> None:  # noqa: F811
    import_version(store_url, "v1", "anna", personal(-39700))
    cli(store_url, "lock", "--beslut", "2022-09-27 § 45")
    forced = import_version(store_url, "v2", "anna", personal(-40200), "--tvinga", "--orsak", "Rättad prognos")
    assert forced.exit_code == 0, forced.output
    history = cli(store_url, "historik", "81911").output
    assert re.search(
        r"^   2  .*  anna  81911\.json      0  ändrad efter beslut 2022-09-27 § 45: Rättad prognos$", history, re.M
    )
    assert "Nämndens beslut 2022-09-27 § 45 (låst " in history
    diff = cli(store_url, "skillnad", "81911").output
    assert "anna, 81911.json, ändrad efter beslut 2022-09-27 § 45: Rättad prognos" in diff
