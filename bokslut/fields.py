"""The fields a mall can use: every `{{ … }}` a report's context has, with what it is and an
example from the example organisation.

The fields are data: `data/falt.toml` describes them (a path such as `drift.rows[].label`, or a
pattern such as `*.legend[]`), `data/falt-exempel.json` has each mall's fields with an example
value, made from the example year by `scripts/fields.py` (a test fails when the contexts and
the file disagree). `bokslut mall fält` lists them; `bokslut mall kontroll` and rendering check a
mall's fields against them.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, is_dataclass
from fnmatch import fnmatchcase
from functools import cache
from importlib.resources import files
from typing import Any

from bokslut.context import SignalMark

#: What the mall sees of a signal mark (see `render._prepare`), with an example of each.
MARK_KEYS = ("image", "decorative", "label", "unbroken", "by_hand")
#: How many items a list of the sample context has (a mall may show `r.cells[5]`).
SAMPLE_ITEMS = 8
#: How an example value is cut in a listing.
EXAMPLE_LENGTH = 80


@dataclass(frozen=True)
class Field:
    path: str
    description: str
    example: str


def shape(context: Any, path: str = "", found: dict[str, str] | None = None) -> dict[str, str]:
    """Every field of `context` as the mall sees it, with the first example value met: a list's
    items are `name[]`, a signal mark has the keys of `MARK_KEYS`."""
    found = {} if found is None else found
    if isinstance(context, SignalMark):
        for key in MARK_KEYS:
            _example(found, f"{path}.{key}", _mark_example(context, key))
        found.setdefault(path, "")
    elif isinstance(context, dict):
        if path:
            found.setdefault(path, "")
        for key, value in context.items():
            shape(value, f"{path}.{key}" if path else str(key), found)
    elif isinstance(context, list | tuple):
        found.setdefault(path, "")
        found.setdefault(f"{path}[]", "")
        for item in context:
            shape(item, f"{path}[]", found)
        if context and not isinstance(context[0], dict | list | tuple | SignalMark) and not is_dataclass(context[0]):
            _example(found, path, _text(context[0]))
    elif is_dataclass(context) and not isinstance(context, type):
        shape(asdict(context), path, found)
    else:
        _example(found, path, _text(context))
    return found


def _mark_example(mark: SignalMark, key: str) -> str:
    if key in ("image", "decorative"):
        return f"(symbolen för ”{mark.label}”)"
    if key == "by_hand":
        return "ja" if mark.by_hand else "nej"
    return mark.label


def _example(found: dict[str, str], path: str, value: str) -> None:
    if not found.get(path):
        found[path] = value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    text = " ".join(str(value).split())
    return text if len(text) <= EXAMPLE_LENGTH else text[: EXAMPLE_LENGTH - 1] + "…"


@cache
def _descriptions() -> dict[str, str]:
    with files("bokslut.data").joinpath("falt.toml").open("rb") as handle:
        table: dict[str, str] = tomllib.load(handle)["fält"]
    return table


@cache
def _examples() -> dict[str, dict[str, str]]:
    examples: dict[str, dict[str, str]] = json.loads(files("bokslut.data").joinpath("falt-exempel.json").read_text())
    return examples


def describe(path: str) -> str:
    """The description of `path`: its own, else the first pattern that matches it."""
    table = _descriptions()
    if path in table:
        return table[path]
    return next((text for pattern, text in table.items() if "*" in pattern and fnmatchcase(path, pattern)), "")


def fields_of(mall: str) -> list[Field]:
    """The fields of the mall named `mall` (a report's `template`, "delarsbokslut.docx")."""
    return [Field(path, describe(path), example) for path, example in sorted(_examples().get(mall, {}).items())]


def known_paths(mall: str) -> frozenset[str]:
    return frozenset(_examples().get(mall, {}))


def mall_names() -> list[str]:
    return sorted(_examples())


def sample_context(mall: str) -> dict[str, Any]:
    """A context with every field of `mall` and its example (a list has one item): what
    `mall kontroll` renders the mall with once."""
    paths = _examples().get(mall, {})
    sample: dict[str, Any] = _sample("", paths)
    return sample


def _sample(path: str, paths: dict[str, str]) -> Any:
    prefix = f"{path}." if path else ""
    children = {p[len(prefix) :].split(".")[0] for p in paths if p.startswith(prefix) and p != path}
    if path and path + "[]" in paths:
        return [_sample(path + "[]", paths)] * SAMPLE_ITEMS
    if not children:
        return paths.get(path, "")
    return {name: _sample(prefix + name, paths) for name in sorted(children) if not name.endswith("[]")}
