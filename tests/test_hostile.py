"""What arrives by mail the night before a deadline: broken and hostile inputs through the CLI.

Each case starts from the example kommun's JSON inputs with one thing broken, and checks
what a user would: the exit code, a Swedish message at the file and cell or JSON path, every
other unit's document written, nothing written outside the output folder, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from bokslut.cli import main
from tests.conftest import example_nodes, problems, quick_first

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
JSON_INPUTS = EXAMPLES / "delarsbokslut-2022" / "json"
ALL = len(example_nodes())  # documents of the example kommun: every node but the kommun


def invoke(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in problems(result.output)
    return result


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A copy of the example inputs and organisation, to break one thing in."""
    shutil.copytree(JSON_INPUTS, tmp_path / "in")
    shutil.copy(EXAMPLES / "organisation.json", tmp_path / "organisation.json")
    return tmp_path


def render(case: Path, *extra: str | Path) -> Result:
    return invoke(
        "render", "delarsbokslut", "--org", case / "organisation.json", "--år", "2022", "--utan-lager",
        "--ut", case / "out", "--datum", "2022-09-13", *extra, case / "in",
    )  # fmt: skip


def validate(case: Path, *extra: str | Path) -> Result:
    """The same check as render, without writing: for cases about the message alone."""
    return invoke("validate", "delarsbokslut", "--org", case / "organisation.json", "--år", "2022", *extra, case / "in")


def with_store(case: Path, command: str, store: Path, *extra: str | Path) -> Result:
    """`import` or `render` of the case's inputs with `--lager store`."""
    return invoke(
        command, "delarsbokslut", "--org", case / "organisation.json", "--år", "2022", "--lager", store, *extra,
        case / "in",
    )  # fmt: skip


def written(case: Path) -> set[str]:
    folder = case / "out" / "delarsbokslut-2022"
    return {p.name.split()[0] for p in folder.glob("*.docx")} if folder.exists() else set()


def edit(case: Path, ansvar: str, change: Callable[[dict[str, Any]], object]) -> None:
    path = case / "in" / f"{ansvar}.json"
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")  # \\u-escapes: a lone surrogate is valid JSON


def files_outside(case: Path) -> list[Path]:
    """Everything in the case folder that is neither input nor inside out/."""
    return [
        p
        for p in case.rglob("*")
        if p.is_file() and not p.is_relative_to(case / "in") and not p.is_relative_to(case / "out")
        and p.name != "organisation.json"
    ]  # fmt: skip


DRIFT = "8 RR skattefin övriga delår"


# --- one unit never stops the others ----------------------------------------------------------


@pytest.mark.slow
def test_a_bug_in_one_units_check_is_exit_3_and_the_others_render(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bokslut import checks, pipeline

    real = checks.check_sums

    def buggy(unit: Any, ctx: Any) -> Any:
        if unit.ansvar == "81911":
            raise ZeroDivisionError("a bug")
        return real(unit, ctx)

    monkeypatch.setattr(pipeline, "CHECKS", [buggy if c is real else c for c in checks.CHECKS])
    result = render(case)
    assert result.exit_code == 3, result.output
    assert "81911.json: fel: Internt fel när indata för ansvar 81911 kontrollerades" in problems(result.output)
    assert "Rapportera det" in problems(result.output)
    # the enhet is left out; every node above it says its underlag is incomplete, and is written
    assert written(case) == {a.stem for a in JSON_INPUTS.glob("*.json")} - {"81911"}


@pytest.mark.slow
def test_a_bug_rendering_one_document_skips_it_alone(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bokslut import pipeline
    from bokslut.context import build_context as real

    def buggy(report: Any, tree: Any, *args: Any, **kwargs: Any) -> Any:
        if tree.node.ansvar == "8192":
            raise KeyError("a bug")
        return real(report, tree, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_context", buggy)
    result = render(case)
    assert result.exit_code == 3
    assert "8192 Avdelning särskilt boende: internt fel i bokslut" in problems(result.output)
    assert len(written(case)) == ALL - 1


def test_a_bug_outside_any_unit_is_exit_3_without_a_traceback(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bokslut import pipeline  # the cli calls pipeline.validate_inputs through the module

    def buggy(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("a bug")

    monkeypatch.setattr(pipeline, "validate_inputs", buggy)
    result = validate(case)
    assert result.exit_code == 3
    assert "bokslut: internt fel. Det är ett fel i bokslut" in problems(result.output)
    args = ["--debug", "validate", "delarsbokslut", "--org", str(case / "organisation.json"), "--år", "2022"]
    result = CliRunner().invoke(main, [*args, str(case / "in")])
    assert result.exit_code == 3
    assert "AttributeError: a bug" in problems(result.output)  # the traceback, when asked for


@pytest.mark.slow
def test_a_file_bokslut_fails_to_read_is_named_and_the_rest_are_read(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bokslut import sources
    from bokslut.sources.jsonfile import read_json as real

    def buggy(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.stem == "81935":
            raise IndexError("a bug")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(sources, "read_json", buggy)
    result = render(case)
    assert result.exit_code == 3
    assert "81935.json: fel: Internt fel när filen 81935.json lästes" in problems(result.output)
    assert len(written(case)) == ALL - 1


# --- the folder, the files --------------------------------------------------------------------


@pytest.mark.slow
def test_files_bokslut_cannot_read_are_named_with_what_to_do(case: Path) -> None:
    (case / "in" / "81911.xls").write_bytes(b"\xd0\xcf\x11\xe0old excel")
    (case / "in" / "budget.csv").write_text("Ansvar;Belopp\n81911;100\n", "utf-8")
    (case / "in" / "81912.ods").write_bytes(b"PK\x03\x04")
    (case / "in" / "~$81913.xlsx").write_bytes(b"lock")
    (case / "in" / "README.txt").write_text("Indata för delåret", "utf-8")
    result = render(case)
    assert result.exit_code == 1
    out = problems(result.output)
    assert "81911.xls: fel: Filen är en äldre Excel-arbetsbok (.xls), som bokslut inte läser." in out
    assert "spara som Excel-arbetsbok (.xlsx)" in out
    assert "budget.csv: fel: Filen är en CSV-fil" in out
    assert "81912.ods: fel: Filen är ett OpenDocument-kalkylblad (.ods)" in out
    assert "~$81913.xlsx: varning: Filen är Excels låsfil: arbetsboken ”81913.xlsx” är öppen i Excel" in out
    assert "README.txt" not in out
    assert len(written(case)) == ALL


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_a_fifo_or_socket_in_the_folder_is_skipped_never_waited_on(case: Path, kind: str) -> None:
    target = case / "in" / "81999.json"
    if kind == "fifo":
        os.mkfifo(target)
        result = render(case)
    else:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(target))
            result = render(case)
    assert result.exit_code == 0, result.output
    word = "en namngiven rörledning (FIFO)" if kind == "fifo" else "en socket"
    assert f"81999.json: varning: Filen är {word}, ingen vanlig fil, och hoppas över." in problems(result.output)
    assert len(written(case)) == ALL


def test_a_fifo_named_on_the_command_line_is_an_error(case: Path) -> None:
    os.mkfifo(case / "81911.json")
    result = invoke(
        "validate", "delarsbokslut", "--org", case / "organisation.json", "--år", "2022", case / "81911.json"
    )
    assert result.exit_code == 1
    assert "81911.json: fel: Filen är en namngiven rörledning (FIFO), ingen vanlig fil" in problems(result.output)


@pytest.mark.slow
def test_links_in_a_circle_or_to_nowhere_and_folders_named_like_files_are_named(case: Path) -> None:
    (case / "in" / "loop").symlink_to(case / "in")
    (case / "in" / "81999.json").symlink_to(case / "nowhere.json")
    (case / "in" / "81998.json").symlink_to(case / "in" / "81998.json")
    (case / "in" / "81997.xlsx").mkdir()
    result = render(case)
    assert result.exit_code == 0, result.output
    for name in ("81999.json", "81998.json"):
        assert f"{name}: varning: Filen är en länk som inte leder till någon fil och hoppas över." in problems(
            result.output
        )
    assert "81997.xlsx: varning: Det här är en mapp, inte en fil, och hoppas över." in problems(result.output)
    assert len(written(case)) == ALL


# --- nothing outside its folder ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", quick_first(["../../evil", "/tmp/evil", "81911/../../x", "..", "a\x00b", "8" * 40, "81 911"])
)
def test_an_ansvar_code_that_could_name_a_path_is_refused_in_the_input(case: Path, code: str) -> None:
    edit(case, "81911", lambda d: d["Uppgifter"].__setitem__("ansvar", code))
    result = validate(case, "--json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    bad = [i for i in document["fel"] if i["kod"] == "ansvar.ogiltig"]
    assert len(bad) == 1 and bad[0]["json_sökväg"] == '$["Uppgifter"]["ansvar"]', document["fel"]
    assert "får bara innehålla siffror, bokstäver" in bad[0]["meddelande"] or "högst 32 tecken" in bad[0]["meddelande"]


@pytest.mark.slow
def test_a_unit_with_a_path_for_a_code_writes_nothing_outside_and_the_rest_render(case: Path) -> None:
    edit(case, "81911", lambda d: d["Uppgifter"].__setitem__("ansvar", "../../../tmp/evil"))
    result = render(case)
    assert result.exit_code == 1
    assert files_outside(case) == []
    assert len(written(case)) == ALL - 1  # 81911's own document is missing; its parents say so


@pytest.mark.parametrize("code", quick_first(["../evil", "81/911", "..\\evil"]))
def test_an_ansvar_code_that_could_name_a_path_is_refused_in_the_organisation(case: Path, code: str) -> None:
    org = json.loads((case / "organisation.json").read_text("utf-8"))
    org["noder"].append({"ansvar": code, "namn": "Elak", "nivå": "enhet", "överordnad": "8191"})
    (case / "organisation.json").write_text(json.dumps(org, ensure_ascii=False), "utf-8")
    result = validate(case)
    assert result.exit_code == 1
    place = f"organisation.json › nod nr {len(org['noder'])} i listan: fel: Ansvarskoden"
    assert place in problems(result.output)


@pytest.mark.slow
def test_a_node_name_with_separators_stays_in_the_output_folder(case: Path) -> None:
    org = json.loads((case / "organisation.json").read_text("utf-8"))
    org["noder"][5]["namn"] = "../../../" + "x/" * 200 + "Hemtjänst"
    (case / "organisation.json").write_text(json.dumps(org, ensure_ascii=False), "utf-8")
    result = render(case)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (case / "out" / "delarsbokslut-2022").glob("*.docx"))
    assert len(names) == ALL
    assert all("/" not in n and not n.startswith(".") and len(n.encode()) < 200 for n in names)
    assert files_outside(case) == []


def test_an_output_folder_that_cannot_be_made_is_exit_2_in_swedish(case: Path) -> None:
    (case / "out").write_text("a file where the folder should be", "utf-8")
    result = invoke(
        "render", "delarsbokslut", "--org", case / "organisation.json", "--år", "2022", "--utan-lager",
        "--ut", case / "out" / "dokument", case / "in",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Kunde inte skapa utmappen" in problems(
        result.output
    ) and "en del av sökvägen är en fil, inte en mapp" in problems(result.output)
    assert "Errno" not in problems(result.output)
    result = invoke(
        "render", "delarsbokslut", "--org", case / "organisation.json", "--år", "2022", "--utan-lager",
        "--ut", case / "out", case / "in",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "en del av sökvägen är en fil, inte en mapp" in problems(result.output)


# --- no figure changes silently, no document cut short -------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    quick_first(
        [
            (10**12, "större än något belopp i en kommun"),
            (-(10**15), "större än något belopp i en kommun"),
            (10**400, "större än något belopp i en kommun"),
            (1e300, "större än något belopp i en kommun"),
            (True, "”SANT” är inte ett belopp"),
            ("NaN", "”NaN” är inte ett belopp"),
        ]
    ),
)
def test_amounts_beyond_a_kommuns_scale_are_errors_at_their_path(case: Path, value: Any, message: str) -> None:
    edit(case, "81911", lambda d: d[DRIFT]["Personalkostnader"].__setitem__("budget", value))
    result = validate(case)
    assert result.exit_code == 1
    assert f'81911.json › $["{DRIFT}"]["Personalkostnader"]["budget"]: fel: ' in problems(result.output)
    assert message in problems(result.output)


@pytest.mark.parametrize(
    "text", quick_first(["Bell\x07", "Null\x00byte", "Escape\x1b[31m", "Lone \ud800 surrogate", "VT\x0b"])
)
def test_text_a_word_document_cannot_hold_is_an_error_at_its_path(case: Path, text: str) -> None:
    edit(case, "81911", lambda d: d["Texter"].__setitem__("Verksamhet", f"Verksamheten. {text}"))
    result = validate(case)
    assert result.exit_code == 1
    place = '81911.json › $["Texter"]["Verksamhet"]: fel: Texten innehåller '
    assert f"{place}osynliga styrtecken" in problems(result.output) or f"{place}ett ogiltigt tecken" in problems(
        result.output
    )


def test_a_name_in_the_organisation_with_control_characters_is_an_error(case: Path) -> None:
    org = json.loads((case / "organisation.json").read_text("utf-8"))
    org["noder"][5]["namn"] = "Hemtjänst\x07Norr"
    (case / "organisation.json").write_text(json.dumps(org, ensure_ascii=False), "utf-8")
    result = validate(case)
    assert result.exit_code == 1
    assert "organisation.json › nod 81912: fel: Namnet på ansvar" in problems(result.output)


@pytest.mark.slow
def test_jinja_in_author_text_is_text(case: Path) -> None:
    payload = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} {{ ''.__class__.__mro__ }}"
    edit(case, "81911", lambda d: d["Texter"].__setitem__("Verksamhet", payload))
    result = render(case)
    assert result.exit_code == 0, result.output
    from docx import Document

    doc = next((case / "out" / "delarsbokslut-2022").glob("81911 *.docx"))
    text = "\n".join(p.text for p in Document(str(doc)).paragraphs)
    assert payload in text and "49" not in text


# --- the environment: the store, the mall ----------------------------------------------------------


def test_a_corrupt_store_says_how_to_go_on(case: Path) -> None:
    (case / "bokslut.db").write_bytes(b"this is not a database" * 100)
    result = with_store(case, "render", case / "bokslut.db", "--ut", case / "out")
    assert result.exit_code == 2
    assert "är skadat eller ingen bokslut-databas" in problems(result.output)
    assert "--utan-lager" in problems(result.output)


def test_a_store_that_is_a_folder_is_named(case: Path) -> None:
    (case / "lager").mkdir()
    result = with_store(case, "import", case / "lager")
    assert result.exit_code == 2
    assert "ingen vanlig fil" in problems(result.output)


def _mall(tmp_path: Path, change: Callable[[str], str]) -> Path:
    """A copy of the templates with the delårsbokslut's mall's body text changed."""
    import zipfile

    folder = tmp_path / "mallar"
    shutil.copytree(ROOT / "templates", folder)
    path = folder / "delarsbokslut.docx"
    with zipfile.ZipFile(ROOT / "templates" / "delarsbokslut.docx") as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["word/document.xml"] = change(parts["word/document.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return folder


def test_a_jinja_syntax_error_in_a_mall_names_the_mall_and_the_place(tmp_path: Path) -> None:
    from bokslut.errors import MallError
    from bokslut.render import check_mall

    folder = _mall(tmp_path, lambda xml: xml.replace("{{ kommun }}", "{{ ( kommun }}", 1))
    with pytest.raises(MallError) as raised:
        check_mall(folder / "delarsbokslut.docx")
    message = str(raised.value)
    assert message.startswith("Mallen delarsbokslut.docx har ett fel i en mallkod")
    assert "i dokumentets text, nära ”{{ ( kommun }}”" in message and "Rätta koden i Word" in message


@pytest.mark.parametrize("content", quick_first([b"", b"not a zip", b"PK\x03\x04truncated"]))
def test_a_corrupt_or_missing_mall_stops_the_run_with_exit_2(
    case: Path, content: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bokslut import pipeline

    folder = case / "mallar"
    shutil.copytree(ROOT / "templates", folder)
    (folder / "delarsbokslut.docx").write_bytes(content)
    real = pipeline.render_report
    monkeypatch.setattr(pipeline, "render_report", lambda *a, **k: real(*a, **{**k, "templates": folder}))
    result = render(case)
    assert result.exit_code == 2
    assert "Mallen delarsbokslut.docx går inte att öppna som Word-dokument (.docx)" in problems(result.output)
    gone = folder / "delarsbokslut.docx"  # a mall named on its own that is not there
    gone.unlink()
    monkeypatch.setattr(pipeline, "render_report", lambda *a, **k: real(*a, **{**k, "templates": gone}))
    result = render(case)
    assert result.exit_code == 2 and "delarsbokslut.docx finns inte" in problems(result.output)
    assert written(case) == set()


# --- no formula from user text ---------------------------------------------------------------------


FORMULAS = ['=HYPERLINK("http://evil.example","Klicka")', "+1+1", "-1+2", "@SUM(A1:A2)", "=1+1"]


@pytest.mark.slow
def test_texts_from_inputs_never_become_formulas_in_a_generated_workbook(case: Path) -> None:
    def hostile(data: dict[str, Any]) -> None:
        data["Mål"][0]["nämndens_mål"] = FORMULAS[0]
        data["Mål"][0]["prioriterat_mål"] = FORMULAS[1]
        data["Uppdrag"][0]["uppdrag"] = FORMULAS[2]
        data["Internkontroll"][0]["vad"] = FORMULAS[3]

    edit(case, "8", hostile)
    org = json.loads((case / "organisation.json").read_text("utf-8"))
    org["noder"][5]["namn"] = FORMULAS[4]
    (case / "organisation.json").write_text(json.dumps(org, ensure_ascii=False), "utf-8")
    result = invoke(
        "excel", "new", "--org", case / "organisation.json", "--år", "2022", "--utan-lager",
        "--ut", case / "excel", "--från", case / "in" / "8.json", "--datum", "2022-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    seen = set()
    for path in (case / "excel").glob("*.xlsx"):
        book = load_workbook(path)
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value in FORMULAS:
                        assert cell.data_type == "s", (path.name, ws.title, cell.coordinate)
                        seen.add(cell.value)
    assert seen == set(FORMULAS)
    # … and read back as the texts they are, not as formulas without a value
    from bokslut.domain import DELARSBOKSLUT
    from tests.conftest import check

    book = next((case / "excel").glob("8 *.xlsx"))
    checked = check(case / "organisation.json", [book], DELARSBOKSLUT, 2022, coverage=False)
    assert not [i for i in checked.issues if "formel" in i.code], [str(i) for i in checked.issues]
    goal = checked.units[0].goals[0]
    assert (goal.namndmal, goal.prioriterat_mal) == (FORMULAS[0], FORMULAS[1])


def test_a_store_that_is_a_link_is_refused_and_its_target_untouched(case: Path) -> None:
    victim = case / "annanstans.db"
    victim.write_bytes(b"")
    (case / "bokslut.db").symlink_to(victim)
    result = with_store(case, "import", case / "bokslut.db")
    assert result.exit_code == 2
    assert "är en symbolisk länk. Ange själva databasfilen med --lager" in problems(result.output)
    assert victim.read_bytes() == b""
