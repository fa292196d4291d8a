"""The phrase catalogue: the shipped one passes its own check, a kommun's file rewords phrase by
phrase, and a broken file is refused with every problem named by file and key."""

from __future__ import annotations

import json
import pickle
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from bokslut import sentences
from bokslut.cli import main
from bokslut.domain import DRIFT, Level
from bokslut.errors import EXIT_ENV
from bokslut.phrases import PLACEHOLDERS, PhrasesError, default_phrases, load_phrases, placeholder_problems
from scripts.docx_text import document_text

NBSP = "\u00a0"
CATALOGUE = resources.files("bokslut").joinpath("data/fraser.toml").read_text("utf-8")


def own(tmp_path: Path, text: str, name: str = "min-fraser.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(PhrasesError) as raised:
        load_phrases(own(tmp_path, text))
    assert raised.value.exit_code == EXIT_ENV
    return str(raised.value)


# --- the shipped catalogue ------------------------------------------------------------------------


def test_the_shipped_catalogue_has_every_phrase_and_nothing_else() -> None:
    flat = {f"{table}.{key}" for table, keys in tomllib.loads(CATALOGUE).items() for key in keys}
    assert flat == set(PLACEHOLDERS)


@pytest.mark.parametrize("key", sorted(PLACEHOLDERS))
def test_each_shipped_phrase_passes_the_check_a_kommuns_phrase_gets(key: str) -> None:
    assert placeholder_problems(default_phrases().texts[key], PLACEHOLDERS[key]) == []


def test_each_phrases_comment_names_the_placeholders_it_may_use() -> None:
    """A controller reads the comment above a phrase to know what it can write."""
    unnamed = []
    comment: list[str] = []
    table, fresh = "", True
    for line in CATALOGUE.splitlines():
        if line.startswith("#"):
            if not fresh:  # a comment after a phrase begins the next phrase's
                comment, fresh = [], True
            comment.append(line)
        elif found := re.fullmatch(r"\[(\w+)\]", line):
            table, comment, fresh = found.group(1), [], True
        elif found := re.match(r"(\w+) = ", line):
            key, fresh = f"{table}.{found.group(1)}", False
            said = " ".join(comment)
            unnamed += [f"{key}: {{{n}}}" for n in PLACEHOLDERS[key] if f"{{{n}}}" not in said]
            if not comment:
                unnamed.append(f"{key}: no comment")
        elif not line.strip():
            comment, fresh = [], True
    assert unnamed == []


def test_the_phrases_travel_to_another_process() -> None:
    phrases = default_phrases()
    assert pickle.loads(pickle.dumps(phrases)).texts == phrases.texts


def test_bokslut_gives_a_phrase_exactly_its_placeholders() -> None:
    with pytest.raises(TypeError):
        default_phrases().say("prognos.avvikelse", kontogrupp="lokalhyrorna")


# --- a kommun's own phrases -----------------------------------------------------------------------


def test_a_kommuns_phrase_replaces_that_phrase_and_no_other(tmp_path: Path) -> None:
    path = own(tmp_path, '[prognos]\navvikelse = "Prognosen för {kontogrupp} avviker {riktning}: {belopp}."\n')
    phrases = load_phrases(path)
    assert phrases.source == str(path)
    assert sentences.forecast(DRIFT.row("personal"), -6949, phrases=phrases) == (
        f"Prognosen för personalkostnaderna avviker negativt: 6,9{NBSP}mkr."
    )
    assert sentences.forecast(DRIFT.row("personal"), 0, phrases=phrases) == "Ingen avvikelse förväntas."
    changed = {k for k, v in phrases.texts.items() if v != default_phrases().texts[k]}
    assert changed == {"prognos.avvikelse"}


def test_a_name_first_in_a_kommuns_phrase_gets_its_capital(tmp_path: Path) -> None:
    phrases = load_phrases(own(tmp_path, '[prognos]\ningen_avvikelse = "{kontogrupp}: ingen avvikelse."\n'))
    assert sentences.forecast(DRIFT.row("lokalhyror"), 0, phrases=phrases) == "Lokalhyrorna: ingen avvikelse."


def test_the_words_inside_sentences_are_phrases_too(tmp_path: Path) -> None:
    phrases = load_phrases(own(tmp_path, '[ord]\nnegativt = "ogynnsamt"\nnegativ = "ogynnsam"\n'))
    assert "avvika ogynnsamt med" in sentences.forecast(DRIFT.row("personal"), -6949, phrases=phrases)
    assert "en ogynnsam avvikelse" in sentences.overall(Level.NAMND, -6949, phrases=phrases)


def test_a_brace_written_twice_is_a_brace(tmp_path: Path) -> None:
    phrases = load_phrases(own(tmp_path, '[prognos]\ningen_avvikelse = "{{ingen}} avvikelse"\n'))
    assert sentences.forecast(DRIFT.row("personal"), 0, phrases=phrases) == "{ingen} avvikelse"


def test_without_a_file_the_shipped_catalogue_is_used() -> None:
    assert load_phrases(None) is default_phrases()


# --- a broken file --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[prognos]\navvikelsen = "x"\n',
            "min-fraser.toml › prognos.avvikelsen: okänd fras. Menade du prognos.avvikelse?",
        ),
        (
            '[prognoz]\navvikelse = "x"\n',
            "min-fraser.toml › prognoz.avvikelse: okänd fras. Menade du prognos.avvikelse?",
        ),
        (
            '[prognos]\nx = "x"\n',
            "min-fraser.toml › prognos.x: okänd fras. Fraserna i [prognos] är ingen_avvikelse, avvikelse.",
        ),
        (
            '[utfall]\nperiod_forandring = "x"\n',
            "min-fraser.toml › utfall.period_forandring: okänd fras i [utfall]. Menade du jamforelse.period_forandring?",
        ),
        ("[mal.namnden_antagit]\n", "min-fraser.toml › mal.namnden_antagit: frasen ska vara en text"),
        ("[foo]\n", "min-fraser.toml › foo: okänd tabell eller fras. Tabellerna är ord, dokument,"),
        (
            'avvikelse = "x"\n',
            "min-fraser.toml › avvikelse: frasen står utanför en tabell. Skriv den under [prognos] eller "
            "[prognossakerhet], som i fraser.toml.",
        ),
        ("[prognos]\navvikelse = 5\n", "min-fraser.toml › prognos.avvikelse: frasen ska vara en text inom citattecken"),
        (
            '[prognos]\navvikelse = "{kontogrupp} avviker med {summa}."\n',
            "min-fraser.toml › prognos.avvikelse: frasen kan inte använda platshållaren {summa}. Den kan använda "
            "{kontogrupp}, {riktning}, {belopp}.",
        ),
        (
            '[prognos]\navvikelse = "{kontogrupp} avviker med {belopp."\n',
            "min-fraser.toml › prognos.avvikelse: en klammer { eller } står ensam.",
        ),
        (
            '[prognos]\navvikelse = "avviker}"\n',
            "min-fraser.toml › prognos.avvikelse: en klammer { eller } står ensam.",
        ),
        (
            '[prognos]\navvikelse = "{belopp:>10}"\n',
            "min-fraser.toml › prognos.avvikelse: skriv platshållaren utan tillägg, som {belopp}.",
        ),
        (
            '[prognos]\navvikelse = "{belopp.__class__}"\n',
            "min-fraser.toml › prognos.avvikelse: frasen kan inte använda platshållaren {belopp.__class__}.",
        ),
        ('[prognos]\navvikelse = "{}"\n', "min-fraser.toml › prognos.avvikelse: {} är ingen platshållare."),
        (
            '[ord]\nmer = "{belopp} mer"\n',
            "min-fraser.toml › ord.mer: frasen kan inte använda platshållaren {belopp}. Frasen tar inga platshållare",
        ),
        ("[prognos.avvikelse]\ntext = 'x'\n", "min-fraser.toml › prognos.avvikelse: frasen ska vara en text"),
    ],
)
def test_a_broken_phrase_is_named_by_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    message = refusal(tmp_path, text)
    assert message.startswith(f"Fraskatalogen {tmp_path / 'min-fraser.toml'} kan inte användas (ett fel)")
    assert expected in message


def test_every_problem_is_said_at_once(tmp_path: Path) -> None:
    message = refusal(tmp_path, '[prognos]\navvikelsen = "x"\navvikelse = "{summa}"\n[utfall]\nar_i_niva = 1\n')
    assert "(3 fel)" in message
    assert [line.split(":")[0].strip() for line in message.splitlines()[1:]] == [
        "min-fraser.toml › prognos.avvikelsen",
        "min-fraser.toml › prognos.avvikelse",
        "min-fraser.toml › utfall.ar_i_niva",
    ]


def test_a_file_that_is_not_toml_is_refused_with_its_line(tmp_path: Path) -> None:
    message = refusal(tmp_path, '[prognos]\navvikelse = "x"\ningen_avvikelse = "inget\n')
    assert message.startswith(f"Fraskatalogen {tmp_path / 'min-fraser.toml'}: Filen är inte giltig TOML: rad 3")


# --- through the command line, as a user runs it --------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORG = str(EXAMPLES / "organisation.json")
INPUTS = str(EXAMPLES / "delarsbokslut-2022" / "json")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def render_args(out: Path, phrases: Path, node: str = "8") -> tuple[str, ...]:
    return (
        "render", "delarsbokslut", "--org", ORG, "--år", "2022", "--ut", str(out), "--ansvar", node,
        "--datum", "2022-09-13", "--fraser", str(phrases), INPUTS,
    )  # fmt: skip


@pytest.mark.slow
def test_a_phrase_overridden_in_a_kommuns_file_shows_in_the_documents(tmp_path: Path) -> None:
    phrases = own(
        tmp_path,
        "[prognos]\n"
        'avvikelse = "För {kontogrupp} beräknas en {riktning} avvikelse om {belopp} mot budget."\n'
        "[ord]\n"
        'negativt = "ogynnsam"\n'
        'positivt = "gynnsam"\n'
        "[internkontroll]\n"
        'nagra_uppfoljda = "Av {ägare} {antal} internkontrollpunkter har {uppföljda} följts upp, {hur}."\n',
    )
    code, out = run(*render_args(tmp_path / "out", phrases))
    assert code == 0, out
    text = document_text(tmp_path / "out" / "delarsbokslut-2022" / "8 Vård- och omsorgsnämnden.docx")
    assert f"För personalkostnaderna beräknas en ogynnsam avvikelse om 15,9{NBSP}mkr mot budget." in text
    assert f"För verksamhetens intäkter beräknas en gynnsam avvikelse om 5,2{NBSP}mkr mot budget." in text
    assert "Av nämndens sju internkontrollpunkter har fyra följts upp, två utan anmärkning" in text
    assert "prognostiseras avvika" not in text
    assert "Ingen avvikelse förväntas." in text  # a phrase the file leaves alone keeps its words
    # the document is written again when only the wording changed
    phrases.write_text(phrases.read_text("utf-8").replace("beräknas", "väntas"), "utf-8")
    code, out = run(*render_args(tmp_path / "out", phrases))
    assert code == 0 and "Skrev 1 dokument" in out, out
    text = document_text(tmp_path / "out" / "delarsbokslut-2022" / "8 Vård- och omsorgsnämnden.docx")
    assert f"För personalkostnaderna väntas en ogynnsam avvikelse om 15,9{NBSP}mkr mot budget." in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[prognos]\navvikelsen = "x"\n',
            "min-fraser.toml › prognos.avvikelsen: okänd fras. Menade du prognos.avvikelse?",
        ),
        (
            '[prognos]\navvikelse = "{kontogrupp} avviker med {summa}."\n',
            "min-fraser.toml › prognos.avvikelse: frasen kan inte använda platshållaren {summa}. Den kan använda "
            "{kontogrupp}, {riktning}, {belopp}.",
        ),
        ('[prognos\navvikelse = "x"\n', "min-fraser.toml: Filen är inte giltig TOML: rad 1"),
    ],
)
def test_a_broken_phrase_file_stops_render_with_one_swedish_message(tmp_path: Path, text: str, expected: str) -> None:
    code, out = run(*render_args(tmp_path / "out", own(tmp_path, text)))
    assert code == EXIT_ENV
    assert out.startswith(f"bokslut: Fraskatalogen {tmp_path / 'min-fraser.toml'}")
    assert expected in out
    assert "Traceback" not in out and not (tmp_path / "out").exists()


def test_a_broken_phrase_file_is_said_as_json_too(tmp_path: Path) -> None:
    code, out = run(*render_args(tmp_path / "out", own(tmp_path, "[ord]\nmer = 1\n")), "--json")
    assert code == EXIT_ENV
    assert "min-fraser.toml › ord.mer: frasen ska vara en text" in json.loads(out)["fel"][0]["meddelande"]
