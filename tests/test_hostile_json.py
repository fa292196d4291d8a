"""Hostile JSON and TOML: every file a controller sends is read safely, with a Swedish message
that says where (file, JSON path or rad/kolumn) and what to do; nothing hangs or crashes.

The cases go through `bokslut.pipeline.check` and the CLI; a property-based test throws a few
hundred mutated inputs per report at validation.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bokslut.arsplan import read_plan
from bokslut.cli import main
from bokslut.domain import REPORTS
from bokslut.issues import Issue
from bokslut.store import Store
from bokslut.validate import Checked
from tests.conftest import DRIFT_FLIK, FORUTB_FLIK, INV_FLIK, VALID_DRIFT, check, problems, run_check, write_org
from tests.test_validate import assert_swedish

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORG = EXAMPLES / "organisation.json"
FILE = "81911.json"
D = f'$["{DRIFT_FLIK}"]'
BUDGET = f'{D}["Lokalhyror"]["budget"]'

T = TypeVar("T")


def within(seconds: float, call: Callable[[], T], fifo: Path | None = None) -> T:
    """`call()`, failing (not hanging) when it takes longer, e.g. because it waits on a FIFO."""
    result: list[T] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if fifo is not None:  # let the blocked reader go
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still running after {seconds} s: it waits on something")
    assert result, "the call raised (see the thread's traceback above)"
    return result[0]


def document(drift: str | None = None, *, uppgifter: str | None = None) -> str:
    """81911's input as JSON text, with the drift flik's (or Uppgifter's) text given raw."""
    drift = json.dumps(VALID_DRIFT, ensure_ascii=False) if drift is None else drift
    uppgifter = uppgifter or '{"ansvar": "81911", "namn": "Hemtjänst Norr", "år": 2022}'
    return f'{{"Uppgifter": {uppgifter}, "{DRIFT_FLIK}": {drift}, "{INV_FLIK}": {{}}, "{FORUTB_FLIK}": {{}}}}'


def check_one(tmp_path: Path, content: str | bytes) -> Checked:
    folder = tmp_path / "in"
    folder.mkdir()
    data = content.encode("utf-8") if isinstance(content, str) else content
    (folder / FILE).write_bytes(data)
    return run_check(write_org(tmp_path), folder)


def the_issue(checked: Checked, code: str) -> Issue:
    found = [i for i in checked.issues if i.code == code]
    assert found, [str(i) for i in checked.issues]
    return found[0]


# --- one broken JSON file in an input folder -----------------------------------------------------

JSON_CASES = [
    pytest.param(
        document('{"Lokalhyror": {"budget": -1, "budget": -2}}'),
        "json.dubblett",
        BUDGET,
        "Nyckeln ”budget” står 2 gånger i samma objekt",
        id="duplicate-amount",
    ),
    pytest.param(
        document('{"Lokalhyror": {"budget": -1}, "Lokalhyror": {"budget": -2}, "Lokalhyror": {}}'),
        "json.dubblett",
        f'{D}["Lokalhyror"]',
        "står 3 gånger",
        id="duplicate-row",
    ),
    pytest.param(
        document().replace('"Uppgifter": {', '"Uppgifter": {"ansvar": "81912"}, "Uppgifter": {', 1),
        "json.dubblett",
        '$["Uppgifter"]',
        "Ta bort eller slå ihop dubbletterna",
        id="duplicate-flik",
    ),
    pytest.param(
        document('{"Personalkostnader": {"budget": -1}, "personalkostnader ": {"budget": -2}}'),
        "json.samma_namn",
        f'{D}["personalkostnader "]',
        f'({D}["Personalkostnader"]) är samma namn, ”Personalkostnader”',
        id="loose-duplicate-row",
    ),
    pytest.param(
        document().replace(f'"{INV_FLIK}": {{}}', f'"{INV_FLIK}": {{}}, "8 RR Skattefin övriga  delår": {{}}'),
        "json.samma_namn",
        '$["8 RR Skattefin övriga  delår"]',
        f'($["{DRIFT_FLIK}"]) är samma namn',
        id="loose-duplicate-flik",
    ),
    pytest.param(document('{"Lokalhyror": {"budget": NaN}}'), "json.tal", BUDGET, "NaN är inget tal", id="nan"),
    pytest.param(
        document('{"Lokalhyror": {"budget": Infinity}}'), "json.tal", BUDGET, "Infinity är inget tal", id="infinity"
    ),
    pytest.param(
        document('{"Lokalhyror": {"budget": -Infinity}}'), "json.tal", BUDGET, "-Infinity är inget tal", id="-infinity"
    ),
    pytest.param(
        document('{"Lokalhyror": {"budget": -1e400}}'),
        "json.tal",
        BUDGET,
        "för stort för att vara ett belopp",
        id="1e400",
    ),
    pytest.param(
        document('{"Lokalhyror": {"budget": -' + "9" * 5000 + "}}"),
        "json.tal",
        BUDGET,
        "5000 siffror",
        id="5000-digits",
    ),
    pytest.param(
        document(uppgifter='{"ansvar": "81911", "namn": "Hemtj\\ud800nst", "år": 2022}'),
        "json.tecken",
        '$["Uppgifter"]["namn"]',
        "ogiltigt tecken",
        id="lone-surrogate",
    ),
    pytest.param("[" * 100_000, "json.djup", "$", "djupare än 64 nivåer (rad 1, kolumn 65)", id="nested-100000"),
    pytest.param(
        document('{"Lokalhyror": ' + "[" * 70 + "]" * 70 + "}"),
        "json.djup",
        f'{D}["Lokalhyror"]' + "[0]" * 62,  # 64 levels
        "djupare än 64 nivåer",
        id="nested-70",
    ),
    pytest.param("[1, 2]", "json.form", "$", "Filen innehåller en lista", id="top-list"),
    pytest.param("81911", "json.form", "$", "Filen innehåller ett tal", id="top-number"),
    pytest.param('"81911"', "json.form", "$", "Filen innehåller en text", id="top-string"),
    pytest.param("null", "json.form", "$", "Filen innehåller bara null", id="top-null"),
    pytest.param("", "json.tom", None, "Filen är tom", id="empty"),
    pytest.param(
        document().replace("}}", "},}", 1),
        "json.syntax",
        None,
        "rad 1, kolumn",
        id="trailing-comma",
    ),
    pytest.param(
        '{\n  "Uppgifter": {"ansvar": "81911"}\n  "x": 1\n}',
        "json.syntax",
        None,
        "rad 3, kolumn 3: här saknas ett kommatecken",
        id="missing-comma-line-3",
    ),
    pytest.param(document().encode("latin-1"), "fil.kodning", None, "inte UTF-8-kodad (första felaktiga", id="latin-1"),
    pytest.param(document().encode("utf-16"), "fil.kodning", None, "UTF-16). Spara den som UTF-8.", id="utf-16"),
    pytest.param(
        document().encode("utf-16-le"), "fil.kodning", None, "UTF-16). Spara den som UTF-8.", id="utf-16-no-bom"
    ),
]


@pytest.mark.parametrize(("content", "code", "json_path", "says"), JSON_CASES)
def test_a_broken_json_input_is_an_issue_at_its_place(
    tmp_path: Path, content: str | bytes, code: str, json_path: str | None, says: str
) -> None:
    checked = within(10, lambda: check_one(tmp_path, content))
    issue = the_issue(checked, code)
    assert issue.is_error
    assert issue.source.file == FILE
    assert issue.source.json_path == json_path
    assert says in issue.message
    assert_swedish([issue])


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(document('{"Lokalhyror": {"budget": -1, "budget": -2}}'), id="duplicate"),
        pytest.param(document('{"Lokalhyror": {"budget": -1}, "lokalhyror": {"budget": -2}}'), id="loose"),
        pytest.param(document('{"Lokalhyror": {"budget": NaN}}'), id="nan"),
    ],
)
def test_a_figure_that_would_change_silently_rejects_the_unit(tmp_path: Path, content: str) -> None:
    checked = check_one(tmp_path, content)
    assert "81911" in checked.rejected  # neither rendered nor stored


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    checked = check_one(tmp_path, document().encode("utf-8-sig"))
    assert not [str(i) for i in checked.issues if i.is_error]


@pytest.mark.parametrize(
    ("amount", "says"),
    [
        pytest.param("true", "”SANT” är inte ett belopp", id="true"),
        pytest.param("-" + "9" * 400, "", id="10**400"),
        pytest.param("-1e300", "", id="1e300"),
    ],
)
def test_an_amount_that_is_no_amount_is_an_issue_at_its_path(tmp_path: Path, amount: str, says: str) -> None:
    checked = check_one(tmp_path, document(f'{{"Lokalhyror": {{"budget": {amount}}}}}'))
    errors = [i for i in checked.issues if i.is_error]
    assert [i.source.json_path for i in errors] == [BUDGET]
    assert says in errors[0].message


# --- FIFOs: named and skipped, never waited on ---------------------------------------------------


def test_a_fifo_in_an_input_folder_is_skipped_with_a_message(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / FILE)
    checked = within(10, lambda: run_check(write_org(tmp_path), folder), fifo=folder / FILE)
    issue = the_issue(checked, "fil.inte_vanlig")
    assert issue.source.file == FILE
    assert "Filen är en namngiven rörledning (FIFO), ingen vanlig fil" in issue.message
    assert "hoppas över" in issue.message


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in problems(result.output)
    return result.exit_code, problems(result.output)


def test_the_cli_does_not_wait_on_a_fifo_among_the_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "81912.json").write_text(document().replace("81911", "81912"), "utf-8")
    os.mkfifo(folder / FILE)
    args = ("validate", "delarsbokslut", "--org", str(ORG), "--år", "2022", str(folder))
    code, out = within(20, lambda: invoke(*args), fifo=folder / FILE)
    assert code == 1
    assert "81911.json: varning: Filen är en namngiven rörledning (FIFO), ingen vanlig fil" in out


def test_the_cli_does_not_wait_on_a_fifo_as_organisation(tmp_path: Path) -> None:
    org = tmp_path / "organisation.json"
    os.mkfifo(org)
    args = (
        "validate",
        "delarsbokslut",
        "--org",
        str(org),
        "--år",
        "2022",
        str(EXAMPLES / "delarsbokslut-2022" / "json"),
    )
    code, out = within(20, lambda: invoke(*args), fifo=org)
    assert code == 1
    assert "organisation.json: fel: Filen organisation.json är ingen vanlig fil" in out


# --- organisation and --delat ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "json_path", "says"),
    [
        pytest.param('{"noder": [], "noder": []}', "json.dubblett", '$["noder"]', "står 2 gånger", id="duplicate"),
        pytest.param('{"noder": [5]}', "org.json", "$.noder[0]", "Noden är ett tal", id="node-number"),
        pytest.param("[" * 5000, "json.djup", "$", "djupare än 64", id="deep"),
    ],
)
def test_a_broken_organisation_is_an_issue_at_its_place(
    tmp_path: Path, text: str, code: str, json_path: str, says: str
) -> None:
    (tmp_path / "organisation.json").write_text(text, "utf-8")
    checked = check(tmp_path / "organisation.json", [], REPORTS["delarsbokslut"], 2022)
    issue = the_issue(checked, code)
    assert issue.source.file == "organisation.json" and issue.source.json_path == json_path
    assert says in issue.message


SHARED = EXAMPLES / "delarsbokslut-2022" / "delat"


@pytest.mark.parametrize(
    ("mutate", "code", "json_path", "says"),
    [
        pytest.param(
            lambda t: t.replace('"år": 2022', '"år": 2022, "år": 2023', 1),
            "json.dubblett",
            '$["år"]',
            "står 2",
            id="dup",
        ),
        pytest.param(
            lambda t: t.replace('"år": 2022', '"år": "tjugo"', 1),
            "delat.form",
            '$["år"]',
            "Ska vara ett heltal.",
            id="year",
        ),
        pytest.param(
            lambda t: t.replace('"år": 2022', '"år": 2022, "extra": 1', 1),
            "delat.form",
            '$["extra"]',
            "Okänt namn ”extra”",
            id="extra",
        ),
        pytest.param(lambda t: "{", "json.syntax", None, "rad 1, kolumn 2", id="syntax"),
    ],
)
def test_a_broken_shared_file_is_an_issue_at_its_place(
    tmp_path: Path, mutate: Callable[[str], str], code: str, json_path: str | None, says: str
) -> None:
    shared = tmp_path / "81.json"
    shared.write_text(mutate((SHARED / "81.json").read_text("utf-8")), "utf-8")
    report = REPORTS["delarsbokslut-enhet"]
    checked = check(ORG, [EXAMPLES / "delarsbokslut-2022" / "json"], report, 2022, shared=[shared])
    issue = the_issue(checked, code)
    assert issue.source.file == "81.json" and issue.source.json_path == json_path
    assert says in issue.message
    assert_swedish([issue])


def test_a_fifo_among_the_shared_files_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "delat"
    folder.mkdir()
    os.mkfifo(folder / "8.json")
    report = REPORTS["delarsbokslut-enhet"]
    checked = within(10, lambda: check(ORG, [], report, 2022, shared=[folder]), fifo=folder / "8.json")
    assert "8.json är ingen vanlig fil" in the_issue(checked, "fil.inte_vanlig").message


# --- TOML: --regler and the årsplan -------------------------------------------------------------

TOML_CASES = [
    pytest.param("[regler.x]\ntyp = \n", "rad 2, kolumn 7: värdet är ogiltigt", id="syntax"),
    pytest.param("[referensvärden.a]\n", "rad 1, kolumn 11: här väntades ]", id="bare-key-with-ä"),
    pytest.param("a = 1\na = 2\n", "en nyckel eller tabell anges två gånger", id="duplicate"),
    pytest.param("x = 1".encode("utf-16"), "inte UTF-8-kodad (den ser ut att vara UTF-16)", id="utf-16"),
    pytest.param("x = 'å'".encode("latin-1"), "inte UTF-8-kodad (första felaktiga tecknet på rad 1)", id="latin-1"),
    pytest.param(None, "är ingen vanlig fil", id="fifo"),
]


def write_toml(path: Path, content: str | bytes | None) -> None:
    if content is None:
        os.mkfifo(path)
    else:
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@pytest.mark.parametrize(("content", "says"), TOML_CASES)
def test_broken_rules_exit_2_with_a_swedish_message(tmp_path: Path, content: str | bytes | None, says: str) -> None:
    rules = tmp_path / "regler.toml"
    write_toml(rules, content)
    args = ["validate", "delarsbokslut-enhet", "--org", str(ORG), "--år", "2022", "--delat", str(SHARED)]
    args += ["--regler", str(rules), str(EXAMPLES / "delarsbokslut-2022" / "json")]
    code, out = within(20, lambda: invoke(*args), fifo=rules if content is None else None)
    assert code == 2
    assert "Regelfilen regler.toml: " in out and says in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        pytest.param("regler = 5", "regler ska vara en tabell ([regler])", id="rules-not-a-table"),
        pytest.param('[regler.x]\ntyp = "antal_steg"\nsteg = [1]', "steg ska vara en lista som", id="steps"),
        pytest.param('["små_enheter"]\npersonalbudget_under_tkr = "x"', "ska vara ett tal, inte ”x”", id="limit"),
        pytest.param('["referensvärden".a.b]\nx = 1', "har nyckeln ”x”; ange år", id="year-key"),
    ],
)
def test_rules_of_the_wrong_form_exit_2(tmp_path: Path, text: str, says: str) -> None:
    rules = tmp_path / "regler.toml"
    rules.write_text(text, "utf-8")
    args = ["validate", "delarsbokslut-enhet", "--org", str(ORG), "--år", "2022", "--delat", str(SHARED)]
    code, out = invoke(*args, "--regler", str(rules), str(EXAMPLES / "delarsbokslut-2022" / "json"))
    assert code == 2 and says in out


PLAN_CASES = [
    *TOML_CASES,
    pytest.param("rapport = 5", "”rapport” ska vara en lista av tabeller", id="form"),
    pytest.param(
        '[[rapport]]\nrapport = "fordjupad"\nenhet = 2022-05-04T12:00:00+02:00',
        "anger en tidszon",
        id="time-zone",
    ),
]


@pytest.mark.parametrize(("content", "says"), PLAN_CASES)
def test_a_broken_arsplan_is_an_issue_naming_the_file(tmp_path: Path, content: str | bytes | None, says: str) -> None:
    plan = tmp_path / "arsplan-2022.toml"
    write_toml(plan, content)
    _, issues = within(10, lambda: read_plan(plan), fifo=plan if content is None else None)
    assert [i.source.file for i in issues] == ["arsplan-2022.toml"]
    assert says in issues[0].message
    assert_swedish(issues)


def test_status_with_a_broken_arsplan_exits_1(tmp_path: Path) -> None:
    plan = tmp_path / "arsplan-2022.toml"
    plan.write_text("[[rapport]\n", "utf-8")
    store = tmp_path / "bokslut.db"
    Store(str(store)).close()
    code, out = invoke(
        "status", "delarsbokslut", "--org", str(ORG), "--år", "2022", "--plan", str(plan), "--lager", str(store)
    )
    assert code == 1
    assert "arsplan-2022.toml: fel: Filen är inte giltig TOML: rad 1" in out


# --- property: no generated input crashes validation, every issue has a place -----------------------

#: A valid input of each report that is not a unit report, to mutate.
VALID = {
    "manadsuppfoljning": EXAMPLES / "manadsuppfoljning-2022-03" / "json" / FILE,
    "fordjupad": EXAMPLES / "fordjupad-2022-04" / "json" / FILE,
    "delarsbokslut": EXAMPLES / "delarsbokslut-2022" / "json" / FILE,
    "arsbokslut": EXAMPLES / "arsbokslut-2022" / "json" / FILE,
}

_HUGE = [10**12, -(10**12), 10**400, -(10**400), 2**63, 1e300, -1e300]

_TEXTS = ["", " ", "-1 234", "1 234,5", "−5", "tkr", "81911", "../../etc", "Helt uppfyllt", "=1+1", "\x00\x07\x1b"]
scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(_HUGE),
    st.floats(),
    st.sampled_from(_TEXTS),
    st.text(max_size=20),
)
keys = st.one_of(st.text(max_size=12), st.sampled_from(["budget", "prognos", "utfall", "projekt", "namn", "ansvar"]))
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3), max_leaves=8
)


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _places(item, (*path, i))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return doc


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    """The valid input with one to four things changed anywhere: a value replaced by junk, a key
    dropped, a key added (also a loose twin of an existing one), a list grown."""
    doc: Any = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_places(doc))))
        target = doc
        for part in path:
            target = target[part]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "twin", "grow"]))
        if action == "replace" or not isinstance(target, dict | list):
            doc = _set(doc, path, draw(values))
        elif isinstance(target, list):
            target.append(draw(values) if action != "grow" or not target else copy.deepcopy(target[0]))
        elif action == "drop" and target:
            del target[draw(st.sampled_from(sorted(target)))]
        elif action == "twin" and target:
            key = draw(st.sampled_from(sorted(target)))
            target[draw(st.sampled_from([key.upper(), f" {key} ", key.replace(" ", "  ")]))] = draw(values)
        else:
            target[draw(keys)] = draw(values)
    return doc


def _located(issue: Issue) -> bool:
    return bool(issue.source.file) and bool(issue.source.json_path or issue.source.cell)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


@pytest.mark.slow
@pytest.mark.parametrize("report", sorted(VALID))
def test_no_generated_input_crashes_validation(report: str, scratch: Path) -> None:
    spec = REPORTS[report]
    assert not spec.is_unit_report
    base = json.loads(VALID[report].read_text("utf-8"))
    target = scratch / report / FILE
    target.parent.mkdir(exist_ok=True)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(doc=mutated(base))
    def run(doc: Any) -> None:
        target.write_text(json.dumps(doc), "utf-8")  # ASCII: lone surrogates as \\ud800
        checked = check(ORG, [target], spec, 2022, coverage=False)
        unplaced = [str(i) for i in checked.issues if not _located(i)]
        assert not unplaced

    run()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param(
            document(uppgifter='{"ansvar": "81911", "år": 2022, "år": 2021}'), "Nyckeln ”år” står 2", id="dup"
        ),
        pytest.param(document().replace('"Uppgifter"', '"uppgifter ": {}, "Uppgifter"'), "är samma flik", id="loose"),
        pytest.param(document().encode("utf-16"), "inte UTF-8-kodad", id="utf-16"),
    ],
)
def test_a_broken_prefill_source_is_named_and_the_workbook_written_without_it(
    tmp_path: Path, content: str | bytes, says: str
) -> None:
    source = tmp_path / FILE
    source.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    args = ("excel", "new", "--org", str(ORG), "--år", "2022", "--ut", str(tmp_path / "ut"), "--utan-lager")
    code, out = invoke(*args, "--node", "81911", "--från", str(source))
    assert code == 1
    assert f"{FILE}: fel: Filen används inte för förifyllning: " in out and says in out
    assert [p.name for p in (tmp_path / "ut").iterdir()] == ["81911 Hemtjänst Norr 2022.xlsx"]
