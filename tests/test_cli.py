"""The command line through click's runner: exit codes, messages, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bokslut.cli import main
from tests.conftest import example_nodes, problems

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORG = str(EXAMPLES / "organisation.json")
EXCEL = str(EXAMPLES / "delarsbokslut-2022" / "excel")
BROKEN = EXAMPLES / "broken"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.slow
def test_validate_clean_example_exits_0() -> None:
    code, out = run("validate", "delarsbokslut", "--org", ORG, "--år", "2022", EXCEL)
    assert code == 0, out
    assert out.strip().endswith("Inga fel eller varningar.")


def test_validate_broken_input_exits_1_and_points_at_the_cell() -> None:
    code, out = run(
        "validate",
        "delårsbokslut",
        "--org",
        str(BROKEN / "organisation.json"),
        "--ar",
        "2022",
        str(BROKEN / "kostnad-utan-minustecken.xlsx"),
    )
    assert code == 1
    assert (
        "kostnad-utan-minustecken.xlsx › 8 RR skattefin övriga delår › B5: fel: Personalkostnader: "
        "kostnader ska anges med minustecken, men 51\u00a0030 är positivt. Skriv -51\u00a0030."
    ) in problems(out)
    assert "1 fel och" in out


def test_validate_json_output_is_data() -> None:
    code, out = run(
        "validate",
        "delarsbokslut",
        "--org",
        str(BROKEN / "organisation.json"),
        "--år",
        "2022",
        "--json",
        str(BROKEN / "fel-signal.json"),
    )
    assert code == 1
    issues = json.loads(out)["fel"]
    errors = [i for i in issues if i["allvarlighet"] == "fel"]
    assert [(e["kod"], e["json_sökväg"]) for e in errors] == [("signal.okand", '$["Mål"][0]["bedömning"]')]


@pytest.mark.slow
def test_render_one_node(tmp_path: Path) -> None:
    code, out = run(
        "render",
        "delarsbokslut",
        "--org",
        ORG,
        "--år",
        "2022",
        "--ut",
        str(tmp_path),
        "--node",
        "8191",
        "--datum",
        "2022-09-13",
        EXCEL,
    )
    assert code == 0, out
    assert [p.name for p in (tmp_path / "delarsbokslut-2022").glob("*.docx")] == ["8191 Avdelning hemtjänst.docx"]
    assert "Skrev 1 dokument" in out


@pytest.mark.slow
def test_render_skips_the_broken_unit_and_renders_the_rest(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in (EXAMPLES / "delarsbokslut-2022" / "json").glob("*.json"):
        if f.stem != "81911":
            (inputs / f.name).write_bytes(f.read_bytes())
    (inputs / "81911.xlsx").write_bytes((BROKEN / "summa-stammer-inte.xlsx").read_bytes())
    code, out = run(
        "render", "delarsbokslut", "--org", ORG, "--år", "2022", "--ut", str(tmp_path / "out"), "--json", str(inputs)
    )
    assert code == 1
    result = json.loads(out)
    assert [s["ansvar"] for s in result["överhoppade"]] == ["81911"]
    assert result["överhoppade"][0]["orsak"] == "indata har 1 fel"
    assert len(result["skrivna"]) == len(example_nodes()) - 1
    written = sorted(p.name for p in (tmp_path / "out" / "delarsbokslut-2022").glob("*.docx"))
    assert len(written) == len(example_nodes()) - 1 and not any(n.startswith("81911") for n in written)


def test_schema_prints_the_json_schema_of_one_flik_per_key() -> None:
    code, out = run("schema", "delarsbokslut")
    assert code == 0
    schema = json.loads(out)
    assert {
        "Uppgifter",
        "8 RR skattefin övriga delår",
        "8 inv skattefin övriga delår",
        "8 förutb skattefin ALLA delår",
        "Mål",
        "Internkontroll",
    } <= set(schema["properties"])


@pytest.mark.slow
def test_usage_errors_exit_2() -> None:
    assert run("validate", "delarsbokslut", "--år", "2022", EXCEL)[0] == 2
    assert run("validate", "kvartalsrapport", "--org", ORG, "--år", "2022", EXCEL)[0] == 2
    code, out = run("render", "delarsbokslut", "--org", ORG, "--år", "2022", "--node", "404", EXCEL)
    assert code == 2 and "Ansvar 404 finns inte" in out


def test_help_is_swedish() -> None:
    code, out = run("render", "--help")
    assert code == 0
    assert "Skriv ett Word-dokument per nod" in out


def test_clicks_own_words_are_swedish_too() -> None:
    code, out = run("render", "delarsbokslut", "--org", "saknas.json", "--år", "2022", EXCEL)
    assert code == 2
    assert "Användning: bokslut render [ALTERNATIV] RAPPORT [INDATA]..." in out.replace("main", "bokslut")
    assert "Fel: Ogiltigt värde för '--org': Filen 'saknas.json' finns inte." in out
    code, out = run("validate", "delarsbokslut", "--org", ORG, EXCEL)
    assert code == 2 and "Fel: Alternativ saknas: '--år' / '--ar'." in out
    code, out = run("--help")
    assert "Alternativ:" in out and "Kommandon:" in out and "Visa den här hjälpen och avsluta." in out
    code, out = run("render", "--hjälp")
    assert code == 2 and "Alternativet '--hjälp' finns inte. Menade du '--help'?" in out
    for english in ("Usage", "Error", "Options", "Missing", "does not exist", "Show this message"):
        assert english not in out


def test_values_click_checks_are_refused_in_swedish() -> None:
    code, out = run("validate", "delarsbokslut", "--org", ORG, "--år", "tjugotjugotvå", EXCEL)
    assert code == 2 and "”tjugotjugotvå” är inget heltal mellan 1900 och 2999." in out
    code, out = run("render", "manadsuppfoljning", "--org", ORG, "--år", "2022", "--månad", "13", EXCEL)
    assert code == 2 and "”13” är inget heltal mellan 1 och 12." in out
    code, out = run("render", "delarsbokslut", "--org", ORG, "--år", "2022", "--datum", "2022-02-30", EXCEL)
    assert code == 2 and "”2022-02-30” är inget giltigt datum i formen ÅÅÅÅ-MM-DD." in out
    code, out = run("render", "--help")
    assert "--ansvar, --node ANSVAR" in out and "--år, --ar ÅR" in out and "[1900–2999; krävs]" in out


def test_validating_ones_own_file_reports_that_file_not_the_rest_of_the_organisation(tmp_path: Path) -> None:
    own = str(EXAMPLES / "delarsbokslut-2022" / "json" / "81911.json")
    code, out = run("validate", "delarsbokslut", "--org", ORG, "--år", "2022", own)
    assert code == 0, out
    assert "har inga indata" not in out and out.strip().endswith("Inga fel eller varningar.")
    (tmp_path / "81911.json").write_bytes(Path(own).read_bytes())
    code, out = run("validate", "delarsbokslut", "--org", ORG, "--år", "2022", str(tmp_path))
    assert code == 1 and "Hemtjänst Söder (81912) har inga indata" in out  # a folder is the whole förvaltning


def test_an_avdelnings_controller_sees_the_avdelning_and_the_units_under_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for book in Path(EXCEL).glob("*.xlsx"):
        if book.stem not in ("81912", "81921"):  # an enhet of 8191 and one of 8192 have not handed in
            (folder / book.name).write_bytes(book.read_bytes())
    code, out = run("validate", "delarsbokslut", "--org", ORG, "--år", "2022", "--ansvar", "8191", str(folder))
    assert code == 1, out
    assert "organisation.json › nod 81912: fel: Hemtjänst Söder (81912) har inga indata" in problems(out)
    assert "81921" not in out  # another avdelning's enhet is not this controller's business
    code, out = run("validate", "delarsbokslut", "--org", ORG, "--år", "2022", str(folder))
    assert "nod 81912: fel" in out and "nod 81921: fel" in out


def test_problems_are_grouped_per_file_with_the_errors_first() -> None:
    code, out = run(
        "validate", "delarsbokslut", "--org", str(BROKEN / "organisation.json"), "--år", "2022",
        str(BROKEN / "fel-signal.xlsx"),
    )  # fmt: skip
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "fel-signal.xlsx (1 fel och 1 varning)"
    assert lines[1].startswith("  Mål › E2: fel: Bedömningen ”Grön” finns inte.")
    assert lines[2].startswith("  varning: Summor och avvikelser är formler utan sparade värden")
    assert lines[-1] == "1 fel och 1 varning."


def test_an_input_for_another_month_is_an_error_at_its_cell(tmp_path: Path) -> None:
    source = EXAMPLES / "manadsuppfoljning-2022-03" / "json" / "81911.json"
    data = json.loads(source.read_text("utf-8"))
    data["Uppgifter"]["månad"] = 5
    (tmp_path / "81911.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    args = ("validate", "manadsuppfoljning", "--org", ORG, "--år", "2022", str(tmp_path / "81911.json"))
    code, out = run(*args, "--månad", "3")
    assert code == 1
    assert '81911.json › $["Uppgifter"]["månad"]: fel: Indata gäller maj, men körningen gäller ' in problems(out)
    assert "per mars" in out
    code, out = run(*args, "--månad", "5")
    assert code == 0, out
    code, out = run(*args)
    assert code == 2 and "Ange --månad för månadsuppföljning" in out


def test_render_without_a_store_says_what_it_cannot_write(tmp_path: Path) -> None:
    code, out = run(
        "render", "manadsuppfoljning", "--månad", "5", "--org", ORG, "--år", "2022", "--utan-lager",
        "--ut", str(tmp_path), "--ansvar", "81911", str(EXAMPLES / "manadsuppfoljning-2022-05" / "json"),
    )  # fmt: skip
    assert code == 0, out
    assert out.startswith("varning: Prognosförändringen skrivs inte: den jämförs med föregående uppföljnings prognos")
    assert "Skrev 1 dokument till" in out and "0 fel och 1 varning." in out


def test_lock_says_what_it_locked_as_json(tmp_path: Path) -> None:
    store = str(tmp_path / "b.db")
    nämnd = str(EXAMPLES / "delarsbokslut-2022" / "json" / "8.json")
    assert run("import", "delarsbokslut", "--org", ORG, "--år", "2022", "--lager", store, nämnd)[0] == 0
    args = (
        "lock",
        "delarsbokslut",
        "--org",
        ORG,
        "--år",
        "2022",
        "--lager",
        store,
        "--nämnd",
        "8",
        "--beslut",
        "2022-09-27 § 45",
    )
    code, out = run(*args, "--av", "sekreterare", "--json")
    assert code == 0, out
    document = json.loads(out)
    assert document["nämnd"] == {"ansvar": "8", "namn": "Vård- och omsorgsnämnden"}
    assert document["beslut"]["datum"] == "2022-09-27" and document["nytt"] is True
    code, out = run(*args[:-1], "2022-10-11 § 50")
    assert code == 1 and "redan låst av nämndens beslut 2022-09-27 § 45" in out


def test_render_of_one_node_from_the_store_speaks_of_that_node_only(tmp_path: Path) -> None:
    """The others' missing input is someone else's to fix: rendering 81911 alone is clean."""
    store = str(tmp_path / "bokslut.db")
    code, _ = run("import", "delarsbokslut", "--org", ORG, "--år", "2022", "--lager", store, f"{EXCEL}/81911.xlsx")
    assert code == 0
    args = ("render", "delarsbokslut", "--org", ORG, "--år", "2022", "--lager", store, "--ut", str(tmp_path / "ut"))
    code, out = run(*args, "--ansvar", "81911")
    assert code == 0 and "Inga fel eller varningar." in out
    code, out = run(*args, "--ansvar", "8191")
    assert code == 1 and "81912" in out and "81921" not in out
