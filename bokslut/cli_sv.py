"""click's own words in Swedish: "Användning:", "Alternativ", "Filen 'x' finns inte."

click marks every text it prints for translation with gettext (`_()` and `ngettext()`, bound in
each of its modules when they are imported). `install()` binds those names to this catalogue, so
the command line speaks Swedish whatever the machine's locale, and the English of a text missing
here still gets through rather than nothing. It must run before the commands are declared: click
translates some words (a path's "file") when an option is made.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

#: click's message → Swedish; the placeholders are click's own.
CATALOGUE = {
    "Usage:": "Användning:",
    "Options": "Alternativ",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Aborted!": "Avbrutet.",
    "Missing argument": "Argument saknas:",
    "Missing option": "Alternativ saknas:",
    "Missing parameter": "Värde saknas",
    "Missing parameter: {param_name}": "Värde saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "Missing command.": "Kommando saknas.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "No such option {name!r}.": "Alternativet {name!r} finns inte.",
    "Option {name!r} does not take a value.": "Alternativet {name!r} tar inget värde.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Invalid start character for option ({option})": "Ogiltigt första tecken för ett alternativ ({option})",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Name '{name}' defined twice": "Namnet '{name}' är angivet två gånger",
    "Value must be an iterable.": "Värdet ska vara en lista.",
    "Could not open file {filename!r}: {message}": "Kan inte öppna filen {filename!r}: {message}",
    "Choose from:\n\t{choices}": "Välj en av:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "{value!r} is not a valid UUID.": "{value!r} är inget giltigt UUID.",
    "file": "filen",
    "directory": "mappen",
    "path": "sökvägen",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil, inte en mapp.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp, inte en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva till.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "(dynamic)": "(beräknas)",
    "deprecated": "utgått",
    "required": "krävs",
    "unknown error": "okänt fel",
    "Do you want to continue?": "Vill du fortsätta?",
    "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "Repeat for confirmation": "Upprepa för att bekräfta",
    "Error: The two entered values do not match.": "Fel: de två värdena stämmer inte överens.",
    "Error: invalid input": "Fel: ogiltig inmatning",
    "Press any key to continue...": "Tryck på en tangent för att fortsätta …",
}

#: click's (singular, plural) → Swedish (singular, plural).
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Oväntat extra argument ({args})",
        "Oväntade extra argument ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Alternativet {name!r} kräver ett värde.",
        "Alternativet {name!r} kräver {nargs} värden.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Menade du {possibility}?",
        "(Menade du någon av: {possibilities}?)",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} är inte {choice}.",
        "{value!r} är inte någon av {choices}.",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} har inte formen {format}.",
        "{value!r} har inte någon av formerna {formats}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Tar {nargs} värden men 1 angavs.",
        "Tar {nargs} värden men {len} angavs.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "{len_type} värden krävs, men {len_value} angavs.",
        "{len_type} värden krävs, men {len_value} angavs.",
    ),
}

#: How click writes an option's place in a usage line, and a group's subcommand.
OPTIONS_METAVAR = "[ALTERNATIV]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENT]..."

_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click.shell_completion",
)


def gettext(message: str) -> str:
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    swedish = PLURALS.get((singular, plural))
    if swedish is None:
        return singular if n == 1 else plural
    return swedish[0] if n == 1 else swedish[1]


def install() -> None:
    """Bind click's gettext names to the Swedish catalogue."""
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class Number(click.IntRange):
    """A whole number within bounds, said in Swedish: "ett heltal mellan 1 och 12"."""

    name = "heltal"

    def __init__(self, low: int, high: int) -> None:
        super().__init__(low, high)

    def _describe_range(self) -> str:
        return f"{self.min}–{self.max}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"”{value}” är inget heltal mellan {self.min} och {self.max}.", param, ctx)


class Moment(click.DateTime):
    """A date (and time) in the forms given, said in Swedish: "”2022-02-30” är inget datum …"."""

    def __init__(self, formats: list[str], shown: str) -> None:
        super().__init__(formats)
        self.shown = shown

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"”{value}” är inget giltigt datum i formen {self.shown}.", param, ctx)
