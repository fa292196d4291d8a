"""Reading the files a user sends (JSON inputs, organisation, --delat, --regler, årsplan) safely.

A file is opened only when it is a regular file, so a FIFO, socket or device is named and skipped,
never waited on. It may be at most `MAX_BYTES` and must be UTF-8 (a BOM is allowed). JSON is read
strictly: a key given twice in one object, NaN or Infinity, a number too long to be one, a lone
surrogate escape or nesting deeper than `MAX_DEPTH` is an issue at its JSON path, never an
exception. Every message is Swedish and says where (rad, kolumn or JSON path) and what to do.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bokslut.issues import Issue, Source, error
from bokslut.model import json_path

MAX_BYTES = 20 * 1024 * 1024
#: Objects and lists nested deeper than this are refused (an input needs fewer than ten levels).
MAX_DEPTH = 64
#: An integer with more digits than this is no amount (Python refuses to read > 4300 anyway).
MAX_DIGITS = 1000

JsonPath = tuple[str | int, ...]


# --- the bytes and the text ------------------------------------------------------------------


def read_text(path: Path) -> tuple[str | None, Issue | None]:
    """The file's text, or the one reason it cannot be read (as an issue naming the file)."""
    data, problem = _read_bytes(path)
    if data is None:
        return None, problem
    return _decode(data, Source.of(path))


def _read_bytes(path: Path) -> tuple[bytes | None, Issue | None]:
    source = Source.of(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None, error("fil.saknas", "Filen finns inte. Kontrollera sökvägen.", source)
    except OSError:
        return None, _unreadable(source)
    if not stat.S_ISREG(info.st_mode):
        return None, _not_regular(path)
    if info.st_size > MAX_BYTES:
        return None, _too_big(source)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None, _unreadable(source)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the stat above
            return None, _not_regular(path)
        with open(fd, "rb", closefd=False) as file:
            data = file.read(MAX_BYTES + 1)
    except OSError:
        return None, _unreadable(source)
    finally:
        os.close(fd)
    return (None, _too_big(source)) if len(data) > MAX_BYTES else (data, None)


def _not_regular(path: Path) -> Issue:
    msg = (
        f"Filen {path.name} är ingen vanlig fil (utan t.ex. en namngiven pipe, en socket eller en enhet) och "
        "hoppas över. Lämna indata som en vanlig fil."
    )
    return error("fil.inte_vanlig", msg, Source.of(path))


def _too_big(source: Source) -> Issue:
    msg = f"Filen är större än {MAX_BYTES // (1024 * 1024)} MB och läses inte. Kontrollera att det är rätt fil."
    return error("fil.storlek", msg, source)


def _unreadable(source: Source) -> Issue:
    msg = "Filen kan inte läsas. Kontrollera att den finns och att du har behörighet att läsa den."
    return error("fil.las", msg, source)


def _decode(data: bytes, source: Source) -> tuple[str | None, Issue | None]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data:
        msg = "Filen är inte UTF-8-kodad (den ser ut att vara UTF-16). Spara den som UTF-8."
        return None, error("fil.kodning", msg, source)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = f"Filen är inte UTF-8-kodad (första felaktiga tecknet på rad {line}). Spara den som UTF-8."
        return None, error("fil.kodning", msg, source)


# --- JSON ------------------------------------------------------------------------------------


def load_json(path: Path) -> tuple[Any, list[Issue]]:
    """A user's JSON file as data (None when it cannot be read at all) and every problem in it.

    Problems that leave the document readable (a key twice, NaN, a lone surrogate) come with the
    data: the value is dropped or replaced, and the error makes sure nothing is used silently.
    """
    text, problem = read_text(path)
    if text is None:
        return None, [problem] if problem else []
    return parse_json(text, Source.of(path))


def parse_json(text: str, base: Source) -> tuple[Any, list[Issue]]:
    if not text.strip():
        return None, [error("json.tom", "Filen är tom. Den ska innehålla ett JSON-objekt.", base)]
    try:
        data = json.loads(
            text, object_pairs_hook=_Object.of, parse_constant=_constant, parse_float=_float, parse_int=_int
        )
    except json.JSONDecodeError as exc:
        return None, [_syntax(exc, base)]
    except RecursionError:
        return None, [_too_deep_in_text(text, base)]
    if data is None:
        msg = "Filen innehåller bara null. Den ska innehålla ett JSON-objekt."
        return None, [error("json.form", msg, Source(base.file, json_path="$"))]
    issues: list[Issue] = []
    try:
        return _clean(data, (), issues, base), issues
    except _TooDeep as exc:
        msg = f"JSON-strukturen är nästlad djupare än {MAX_DEPTH} nivåer. Indata har bara några få nivåer: rätta filen."
        return None, [error("json.djup", msg, Source(base.file, json_path=json_path(exc.path)))]


def kind_of(value: Any) -> str:
    """What a JSON value is, in Swedish: "en lista", "ett tal" …"""
    if isinstance(value, bool):
        return "ett sanningsvärde"
    if isinstance(value, int | float):
        return "ett tal"
    if isinstance(value, str):
        return "en text"
    if isinstance(value, list):
        return "en lista"
    return "null" if value is None else "ett objekt"


class _Object(dict[str, Any]):
    """An object as parsed, remembering the keys that were given more than once."""

    repeated: dict[str, int]

    @classmethod
    def of(cls, pairs: list[tuple[str, Any]]) -> _Object:
        obj = cls(pairs)
        obj.repeated = {}
        if len(obj) < len(pairs):
            counts: dict[str, int] = {}
            for key, _ in pairs:
                counts[key] = counts.get(key, 0) + 1
            obj.repeated = {k: n for k, n in counts.items() if n > 1}
        return obj


@dataclass(frozen=True)
class _Bad:
    """A value JSON lets through that is no number (NaN, Infinity, 1e999, 5000 digits)."""

    message: str


def _constant(name: str) -> _Bad:
    return _Bad(f"Värdet {name} är inget tal. Skriv ett tal, eller null om värdet saknas.")


def _float(text: str) -> float | _Bad:
    value = float(text)
    return (
        value if math.isfinite(value) else _Bad(f"Talet {text[:30]} är för stort för att vara ett belopp. Rätta det.")
    )


def _int(text: str) -> int | _Bad:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Bad(f"Talet har {digits} siffror, vilket inget belopp har. Rätta det.")
    return int(text)


class _TooDeep(Exception):
    def __init__(self, path: JsonPath) -> None:
        super().__init__()
        self.path = path


_SURROGATE = re.compile("[\\ud800-\\udfff]")


def _clean(value: Any, path: JsonPath, issues: list[Issue], base: Source) -> Any:
    """Plain dicts and lists again, each problem reported at its path (recursion ≤ MAX_DEPTH)."""
    if isinstance(value, dict | list) and len(path) >= MAX_DEPTH:
        raise _TooDeep(path)
    if isinstance(value, _Object):
        return _clean_object(value, path, issues, base)
    if isinstance(value, list):
        return [_clean(v, (*path, i), issues, base) for i, v in enumerate(value)]
    if isinstance(value, _Bad):
        issues.append(error("json.tal", value.message, Source(base.file, json_path=json_path(path))))
        return None
    if isinstance(value, str):
        return _text(value, path, issues, base)
    return value


def _clean_object(value: _Object, path: JsonPath, issues: list[Issue], base: Source) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = _text(key, (*path, key), issues, base, key=True)
        where = (*path, name)
        if key in value.repeated:
            msg = (
                f"Nyckeln ”{name}” står {value.repeated[key]} gånger i samma objekt; bara en av dem skulle läsas. "
                "Ta bort eller slå ihop dubbletterna."
            )
            issues.append(error("json.dubblett", msg, Source(base.file, json_path=json_path(where))))
        out[name] = _clean(item, where, issues, base)
    return out


def _text(value: str, path: JsonPath, issues: list[Issue], base: Source, *, key: bool = False) -> str:
    """A string without lone surrogates (they cannot be printed, stored or written to Word)."""
    if not _SURROGATE.search(value):
        return value
    fixed = _SURROGATE.sub("\ufffd", value)
    where = (*path[:-1], fixed) if key else path
    msg = (
        f"{'Nyckeln' if key else 'Texten'} innehåller ett ogiltigt tecken (en ensam \\uD800–\\uDFFF-kod, "
        "här visad som �). Ta bort det eller skriv tecknet som det är."
    )
    issues.append(error("json.tecken", msg, Source(base.file, json_path=json_path(where))))
    return fixed


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep_in_text(text: str, base: Source) -> Issue:
    """Where the nesting passes MAX_DEPTH, found in the text (the parser gave up deeper)."""
    depth, at = 0, 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        depth += 1 if token in "[{" else -1 if token in "]}" else 0
        if depth > MAX_DEPTH:
            at = match.start()
            break
    line, column = _line_column(text, at)
    msg = (
        f"JSON-strukturen är nästlad djupare än {MAX_DEPTH} nivåer (rad {line}, kolumn {column}). "
        "Indata har bara några få nivåer: rätta filen."
    )
    return error("json.djup", msg, Source(base.file, json_path="$"))


def _line_column(text: str, at: int) -> tuple[int, int]:
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


#: The json module's messages, by how they start, in Swedish.
_JSON_MESSAGES = {
    "Expecting value": "här väntades ett värde (ett tal, en text inom citattecken, true, false, null, [ eller {)",
    "Expecting property name": "här väntades ett nyckelnamn inom dubbla citattecken (kanske ett kommatecken för mycket)",
    "Expecting ':'": "här saknas ett kolon mellan nyckel och värde",
    "Expecting ','": "här saknas ett kommatecken mellan två värden",
    "Unterminated string": "en text saknar sitt avslutande citattecken",
    "Invalid control character": "en text innehåller ett styrtecken, t.ex. en radbrytning; skriv \\n i stället",
    "Invalid \\u": "en \\u-kod i en text är ogiltig",
    "Invalid \\escape": "ett omvänt snedstreck (\\) i en text står före ett tecken som inte får stå där; skriv \\\\",
    "Extra data": "det står något efter det avslutande värdet; filen ska innehålla ett enda objekt",
    "Illegal trailing comma": "ett kommatecken för mycket före ] eller }",
}


def _syntax(exc: json.JSONDecodeError, base: Source) -> Issue:
    what = next((sv for en, sv in _JSON_MESSAGES.items() if exc.msg.startswith(en)), "syntaxen är fel här")
    msg = f"Filen är inte giltig JSON: rad {exc.lineno}, kolumn {exc.colno}: {what}. Rätta syntaxen."
    return error("json.syntax", msg, base)


# --- TOML ------------------------------------------------------------------------------------


def load_toml(path: Path) -> tuple[dict[str, Any] | None, Issue | None]:
    """A user's TOML file (--regler, årsplan) as data, or the one reason it cannot be read."""
    text, problem = read_text(path)
    if text is None:
        return None, problem
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, error(
            "toml.syntax", f"Filen är inte giltig TOML: {toml_problem(str(exc))}. Rätta filen.", Source.of(path)
        )
    except RecursionError:
        data = None
    if data is None or _deeper_than(data, MAX_DEPTH):
        msg = f"Filen har listor eller tabeller nästlade djupare än {MAX_DEPTH} nivåer. Förenkla filen."
        return None, error("toml.djup", msg, Source.of(path))
    return data, None


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` nests lists and tables deeper than `limit`, walked without recursion."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack += [(child, depth + 1) for child in children]
    return False


_AT = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")

#: tomllib's messages, by a phrase in them, in Swedish.
_QUOTE_KEY = "en nyckel med å, ä, ö eller mellanslag ska stå inom citattecken"
_TOML_MESSAGES: dict[str, str] = {
    "overwrite": "en nyckel eller tabell anges två gånger",
    "twice": "en nyckel eller tabell anges två gånger",
    "Invalid initial character for a key": f"en nyckel börjar med ett tecken som inte får stå där ({_QUOTE_KEY})",
    "Expected '=' after a key": f"här saknas ett likhetstecken efter nyckeln ({_QUOTE_KEY})",
    "Expected ']'": f'här väntades ] ({_QUOTE_KEY}, t.ex. ["referensvärden"])',
    "Invalid statement": "raden är varken en tabell [namn] eller nyckel = värde",
    "Invalid value": "värdet är ogiltigt (text ska stå inom citattecken, datum skrivas 2022-08-23)",
    "Unclosed array": "en lista saknar sin avslutande ]",
    "Unclosed inline table": "en tabell saknar sin avslutande }",
    "Unterminated string": "en text saknar sitt avslutande citattecken",
    "date": "datumet är ogiltigt (skriv t.ex. 2022-08-23 eller 2022-09-13T12:00)",
    "Expected newline": "efter ett värde får bara en radbrytning eller en kommentar (#) stå",
    "character": "här står ett tecken som inte får stå där",
}


def toml_problem(text: str) -> str:
    """ "rad 3, kolumn 5: …" from a TOMLDecodeError's text, without its English words."""
    what = next((sv for en, sv in _TOML_MESSAGES.items() if en in text), "syntaxen är fel här")
    found = _AT.search(text)
    if found is None or found.group(1) is None:
        return f"i slutet av filen: {what}" if found else what
    return f"rad {found.group(1)}, kolumn {found.group(2)}: {what}"


__all__ = ["MAX_BYTES", "MAX_DEPTH", "kind_of", "load_json", "load_toml", "parse_json", "read_text", "toml_problem"]
