"""The wording as data: every sentence bokslut writes in a document comes from a phrase catalogue.

The catalogue shipped with bokslut is `data/fraser.toml`; a kommun rewords a phrase in its own
file (`--fraser`), with the same tables and keys and only the phrases it changes. A phrase is a
Swedish text with named placeholders ("{kontogrupp} prognostiseras avvika {riktning} med
{belopp}."); which placeholders bokslut fills in for a phrase is fixed here, in `PLACEHOLDERS`,
and a phrase may use any of them, in any order, or leave them out.

A kommun's file is checked whole before anything is rendered: an unknown key (with the nearest
known one), a value that is not a text, a placeholder the phrase may not use, an unpaired brace,
a file that is not TOML. Every problem is named with the file and the key, all at once, in one
`PhrasesError`. The shipped catalogue passes the same check.
"""

from __future__ import annotations

import difflib
import string
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bokslut.errors import BokslutError
from bokslut.safeload import load_toml, toml_problem

DEFAULT = "data/fraser.toml"
DEFAULT_NAME = "fraser.toml"


def _table(**keys: str) -> dict[str, tuple[str, ...]]:
    return {key: tuple(names.split()) for key, names in keys.items()}


def _sections(**sections: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {f"{section}.{key}": names for section, keys in sections.items() for key, names in keys.items()}


#: Every phrase's key ("tabell.nyckel") and the placeholders bokslut fills in for it.
PLACEHOLDERS: dict[str, tuple[str, ...]] = _sections(
    ord=_table(
        positivt="", negativt="", positiv="", negativ="", forbattrats="", forsamrats="", okat="", minskat="",
        mer="", mindre="", hogre="", lagre="", battre="", samre="", och="",
    ),
    dokument=_table(period="månad år", period_januari="år", datum="dag månad år"),
    underlag=_table(indata_saknas="", indata_har_fel="antal", mal="mål"),
    sammanfattning=_table(
        prognos_i_niva="nivå", prognos_avvikelse="nivå riktning belopp",
        bokslut_i_niva="nivå", bokslut_avvikelse="nivå riktning belopp",
    ),
    prognos=_table(ingen_avvikelse="kontogrupp", avvikelse="kontogrupp riktning belopp"),
    prognosforandring=_table(
        oforandrad="kontogrupp sedan",
        samma_riktning="kontogrupp riktning belopp mer_mindre sedan",
        andrad="kontogrupp förändring belopp sedan",
        oforandrad_efter_prognos="kontogrupp sedan",
        samma_riktning_efter_prognos="kontogrupp riktning belopp mer_mindre sedan",
        andrad_efter_prognos="kontogrupp förändring belopp sedan",
    ),
    utfall=_table(
        period_i_niva="kontogrupp", period_avvikelse="kontogrupp riktning belopp",
        ar_i_niva="kontogrupp", ar_avvikelse="kontogrupp riktning belopp",
    ),
    jamforelse=_table(
        period_i_niva="kontogrupp", period_forandring="kontogrupp förändring belopp",
        ar_i_niva="kontogrupp", ar_forandring="kontogrupp förändring belopp",
    ),
    prognossakerhet=_table(
        mening="delar", i_niva="uppföljning", avvikelse="belopp bättre_sämre uppföljning",
        fordjupad="", delarsbokslut="",
    ),
    investering=_table(
        utgifterna="", forutbetalda="", utfallet="", ej_fordelat="", inga_investeringar="", inga_forutbetalda="",
        saknas="vad",
        prognos="vad belopp budget", prognos_avvikelse="vad belopp budget skillnad mer_mindre",
        bokslut="vad belopp budget", bokslut_avvikelse="vad belopp budget skillnad mer_mindre",
        oforandrad="sedan", forandring="belopp högre_lägre sedan",
        period_utfall="vad belopp", period_utfall_andel="vad belopp procent",
        period_jamforelse_i_niva="vad", period_jamforelse="vad belopp högre_lägre",
        ar_jamforelse_i_niva="vad", ar_jamforelse="vad belopp högre_lägre",
    ),
    mal=_table(
        namnden_antagit="år sista_år antal", foljer_upp="nivå antal", inga="period",
        bedomda="bedömningar", bedomda_bokslut="bedömningar",
        bedomning_forsta="antal bedömning", bedomning="antal bedömning",
        ej_utvarderat="antal", ej_utvarderade="antal",
    ),
    internkontroll=_table(
        namndens="", forvaltningens="", avdelningens="", enhetens="", kommunens="",
        inga="period", en_ej_uppfoljd="ägare period", en_uppfoljd="ägare period hur",
        en_utan_anmarkning="", en_med_anmarkning="",
        ingen_uppfoljd="ägare antal period", alla_uppfoljda="ägare antal period hur",
        nagra_uppfoljda="uppföljda ägare antal period hur",
        antal_utan_anmarkning="antal", antal_med_anmarkning="antal",
    ),
    budget=_table(
        i_niva="år fg", forandring="år fg belopp högre_lägre",
        inga_investeringar="", inga_forutbetalda="",
        ej_foljd="vad",
    ),
    interna=_table(eliminerade="nivå belopp kolumn", ej_matchade="belopp kolumn", salda="belopp kolumn", kopta="belopp kolumn"),
    sammanstallning=_table(
        skattefinansierad="", summa_skattefinansierad="", avgiftsfinansierad="", summa_avgiftsfinansierad="",
        verksamhet_i_namnd="verksamhet nämnd", namnd_skattefinansierad_del="nämnd", summa_namnder="", kommunens_egna="", eliminering="", kommunen="",
        eliminerade="belopp kolumn", inga_eliminerade="", ej_matchade="belopp kolumn",
        negativa="antal totalt", ingen_negativ="",
        utan_lager="", beslutad="beslut", inlamnad="", ej_inlamnad="saknas",
        ej_bedomt="", mal_antal="antal", kontroll_antal="antal uppföljda period", kontroll_alla="antal period",
    ),
    enhet=_table(
        ingen_uppfoljning="", ingen_kommentar="", uppfoljning_saknas="orsak",
        manuell_mot_regel="regel bedömning", manuell_utan_regel="", riket="värde", inget_malvarde="",
    ),
)  # fmt: skip
#: The catalogue's tables: [prognos], [utfall] …
SECTIONS = tuple(dict.fromkeys(key.split(".")[0] for key in PLACEHOLDERS))


class PhrasesError(BokslutError):
    """A phrase catalogue that cannot be used: every problem in it, each with its file and key."""


@dataclass(frozen=True, eq=False)
class Phrases:
    """The phrases of a run: the shipped catalogue with a kommun's own phrases over it."""

    texts: dict[str, str]
    #: the kommun's file the phrases were taken from, or none (the shipped catalogue alone)
    source: str = ""

    def say(self, key: str, /, **values: str | int) -> str:
        """The phrase `key` with its placeholders filled in. bokslut gives exactly the
        placeholders `PLACEHOLDERS` names for the key (anything else is a bug here, not the file's)."""
        expected = PLACEHOLDERS[key]
        if set(values) != set(expected):
            raise TypeError(f"phrase {key} takes {sorted(expected)}, given {sorted(values)}")
        return self.texts[key].format_map(values)


def default_phrases() -> Phrases:
    """The catalogue shipped with bokslut."""
    return _default()


@cache
def _default() -> Phrases:
    text = resources.files("bokslut").joinpath(DEFAULT).read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PhrasesError(f"{DEFAULT_NAME}: filen är inte giltig TOML: {toml_problem(str(exc))}.") from exc
    texts, problems = _checked(data, DEFAULT_NAME)
    missing = sorted(set(PLACEHOLDERS) - {key for key, _ in _flat(data)})
    problems += [f"{DEFAULT_NAME} › {key}: frasen saknas." for key in missing]
    if problems:
        raise PhrasesError(_message(DEFAULT_NAME, problems))
    return Phrases(texts)


def load_phrases(path: Path | None = None) -> Phrases:
    """The shipped catalogue, with the phrases of a kommun's own file (`path`) over it. Every
    problem in the file is reported at once (`PhrasesError`)."""
    base = default_phrases()
    if path is None:
        return base
    data, problem = load_toml(path)
    if data is None:
        reason = problem.message if problem else "Filen kan inte läsas."
        raise PhrasesError(f"Fraskatalogen {path}: {reason}")
    own, problems = _checked(data, path.name)
    if problems:
        raise PhrasesError(_message(str(path), problems))
    return Phrases({**base.texts, **own}, str(path))


def _message(file: str, problems: list[str]) -> str:
    count = "ett fel" if len(problems) == 1 else f"{len(problems)} fel"
    lines = "\n".join(f"  {p}" for p in problems)
    return f"Fraskatalogen {file} kan inte användas ({count}); rätta filen och kör igen:\n{lines}"


def _checked(data: Mapping[str, Any], file: str) -> tuple[dict[str, str], list[str]]:
    """The phrases of a parsed catalogue, and what is wrong in it (one line per key)."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for key, value in _flat(data):
        where = f"{file} › {key}"
        if key not in PLACEHOLDERS:
            problems.append(f"{where}: {_unknown(key)}")
        elif not isinstance(value, str):
            problems.append(f'{where}: frasen ska vara en text inom citattecken, t.ex. {key.split(".")[-1]} = "…".')
        else:
            found = placeholder_problems(value, PLACEHOLDERS[key])
            problems += [f"{where}: {p}" for p in found]
            if not found:
                texts[key] = value
    return texts, problems


def _flat(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """ "tabell.nyckel" and its value; a table where a phrase belongs is a value (and wrong)."""
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and key not in PLACEHOLDERS:
            if not value and key not in SECTIONS:
                yield key, value  # an empty table of a name bokslut does not know
            yield from _flat(value, f"{key}.")
        else:
            yield key, value


def _unknown(key: str) -> str:
    """ "okänd fras …" and the nearest known key, or where a phrase outside a table belongs."""
    if "." not in key:
        under = [k for k in PLACEHOLDERS if k.split(".")[1] == key]
        if under:
            tables = " eller ".join(f"[{k.split('.')[0]}]" for k in under)
            return f"frasen står utanför en tabell. Skriv den under {tables}, som i fraser.toml."
        near = difflib.get_close_matches(key, SECTIONS, n=1)
        hint = f"Menade du [{near[0]}]?" if near else f"Tabellerna är {', '.join(SECTIONS)}."
        return f"okänd tabell eller fras. {hint}"
    table, _, name = key.partition(".")
    if table in SECTIONS:
        names = [k.partition(".")[2] for k in PLACEHOLDERS if k.startswith(f"{table}.")]
        elsewhere = [k for k in PLACEHOLDERS if k.partition(".")[2] == name]
        if elsewhere:
            return f"okänd fras i [{table}]. Menade du {elsewhere[0]}?"
        near = difflib.get_close_matches(name, names, n=1)
        if near:
            return f"okänd fras. Menade du {table}.{near[0]}?"
        return f"okänd fras. Fraserna i [{table}] är {', '.join(names)}."
    near = difflib.get_close_matches(key, list(PLACEHOLDERS), n=1)
    hint = f"Menade du {near[0]}?" if near else f"Tabellerna är {', '.join(SECTIONS)}."
    return f"okänd fras. {hint}"


def placeholder_problems(text: str, allowed: tuple[str, ...]) -> list[str]:
    """What is wrong with the placeholders of `text`, when it may use those `allowed`."""
    try:
        fields = [(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError:
        return [
            "en klammer { eller } står ensam. Skriv en platshållare inom klamrar som {belopp}, "
            "och {{ eller }} för en klammer i texten."
        ]
    problems = []
    for name, conversion, spec in fields:
        if name is None:
            continue
        if name == "" or name.isdigit():
            problems.append(f"{{{name}}} är ingen platshållare. {_allowed(allowed)}")
        elif name not in allowed:
            problems.append(f"frasen kan inte använda platshållaren {{{name}}}. {_allowed(allowed)}")
        elif conversion or spec:
            problems.append(f"skriv platshållaren utan tillägg, som {{{name}}}.")
    return problems


def _allowed(allowed: tuple[str, ...]) -> str:
    if not allowed:
        return "Frasen tar inga platshållare; skriv den som ren text."
    return "Den kan använda " + ", ".join(f"{{{n}}}" for n in allowed) + "."


__all__ = ["PLACEHOLDERS", "Phrases", "PhrasesError", "default_phrases", "load_phrases", "placeholder_problems"]
