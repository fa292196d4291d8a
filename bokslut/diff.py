"""What changed between two stored versions of one ansvar's input, cell by cell.

A stored document is the input format (`docs/indata.md`): one object per flik, keyed by the
flik's name, with rows keyed by their label and amounts by column key ("prognos"). A change is
said in the words the controller sees in the workbook: the flik, the row's label, the column's
header ("Prognos helår 2022") and the value before and after. Amounts are numbers, texts are
text; a cell that was empty on one side has None there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bokslut.domain import (
    DRIFT_TEXTS,
    FORECAST_HEADER,
    LISTINGS,
    STAT_TABLES,
    TABLES,
    TEXTS_HEADER,
    ReportSpec,
    RowKind,
    TableSpec,
    loose,
)
from bokslut.model import DriftText
from bokslut.numbers import NotANumber, parse_number

#: A cell's value: an amount, a text, or None for an empty cell.
Value = Decimal | str | None
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Change:
    """One cell whose value differs between two versions."""

    flik: str
    #: the row's label as in the flik ("Personalkostnader", "1 Trygg vård", "Namn")
    row: str
    #: the column's header as in the flik ("Prognos helår 2022"); "" where the flik has one value per row
    column: str
    old: Value
    new: Value
    #: where the value is in the stored document: the JSON path of the input format
    path: Path
    #: an amount (compared as a number) rather than a text
    amount: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "flik": self.flik,
            "rad": self.row,
            "kolumn": self.column,
            "gammalt": _plain(self.old),
            "nytt": _plain(self.new),
            "belopp": self.amount,
            "sökväg": list(self.path),
        }


def _plain(value: Value) -> int | float | str | None:
    """A value as JSON has it: an amount as a number (whole amounts as integers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


#: The columns that name a row of a list flik, first the one that identifies it across versions
#: (a goal keeps its number when its wording is edited).
_ROW_NAMES = {
    "mal": ("nr", "nämndens_mål"),
    "uppdrag": ("nr", "uppdrag"),
    "internkontroll": ("vad",),
    "arbetsmiljo": ("mål", "nyckeltal"),
    "faktorer": ("nr", "faktor"),
    "nyckeltal": ("namn",),
}
#: Longest row label taken from a text (a goal's wording can be a paragraph).
_LABEL_LENGTH = 60

#: Texter drift: the JSON key of each text → the column's header in the flik.
_DRIFT_TEXT_HEADERS = {(info.alias or name): DRIFT_TEXTS[name] for name, info in DriftText.model_fields.items()}


def changes(old: Mapping[str, Any], new: Mapping[str, Any], report: ReportSpec, year: int) -> list[Change]:
    """Every cell that differs between two documents of `report`'s input, flik by flik in the
    document's order; within a flik in the order of its rows and columns."""
    readers = _flik_readers(report, year)
    out: list[Change] = []
    for flik in _union(old, new):
        read = readers.get(loose(flik), _other)
        out += read(flik, old.get(flik), new.get(flik))
    return out


Reader = Callable[[str, Any, Any], list[Change]]


def _flik_readers(report: ReportSpec, year: int) -> dict[str, Reader]:
    """loose flik name → how to compare that flik's content."""
    names = report.fliks
    readers: dict[str, Reader] = {
        names.uppgifter: _fixed_rows({"ansvar": "Ansvar", "namn": "Namn", "år": "År"}),
        names.texter: _text_rows(TEXTS_HEADER[1]),
        names.texter_drift: _cells(_DRIFT_TEXT_HEADERS, amounts=False),
        names.mal: _goals(year, names.nyckeltal),
        names.uppdrag: _listing("uppdrag", year),
        names.internkontroll: _listing("internkontroll", year),
        names.arbetsmiljo: _listing("arbetsmiljo", year),
        names.faktorer: _listing("faktorer", year),
    }
    for key, flik in report.table_fliks.items():
        readers[flik] = _table(TABLES[key], {c.key: c.title(year) for c in report.columns})
    if report.forecast_flik:
        readers[report.forecast_flik] = _cells({"prognos": FORECAST_HEADER[1]}, amounts=True)
    for key in report.stat_tables:
        readers[STAT_TABLES[key].flik] = _cells({"fg": str(year - 1), "år": str(year)}, amounts=True)
    return {loose(name): reader for name, reader in readers.items()}


def _union(old: Mapping[Any, Any] | None, new: Mapping[Any, Any] | None) -> list[Any]:
    """The keys of both, the newer's order first, then those only the older has."""
    keys = list(new or {})
    return keys + [k for k in (old or {}) if k not in (new or {})]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else []


def _value(value: Any, *, amount: bool) -> Value:
    if value is None or value == "":
        return None
    if amount:
        try:
            return parse_number(value)
        except NotANumber:
            return str(value)
    return value if isinstance(value, str) else str(value)


def _cell(flik: str, row: str, column: str, old: Any, new: Any, path: Path, *, amount: bool) -> list[Change]:
    before, after = _value(old, amount=amount), _value(new, amount=amount)
    if before == after:
        return []
    return [Change(flik, row, column, before, after, path, amount)]


def _row_cells(
    flik: str, row: str, old: Any, new: Any, headers: Mapping[str, str], path: Path, *, amount: bool
) -> list[Change]:
    """The cells of one row: a mapping column key → value on each side."""
    before, after = _mapping(old), _mapping(new)
    keys = [k for k in headers if k in before or k in after] + [k for k in _union(before, after) if k not in headers]
    out = []
    for key in keys:
        header = headers.get(key, key)
        out += _cell(flik, row, header, before.get(key), after.get(key), (*path, key), amount=amount)
    return out


def _cells(headers: Mapping[str, str], *, amounts: bool) -> Reader:
    """A flik of rows keyed by label, each a mapping of columns (prognossäkerhet, sjukfrånvaro)."""

    def read(flik: str, old: Any, new: Any) -> list[Change]:
        before, after = _mapping(old), _mapping(new)
        out = []
        for label in _union(before, after):
            out += _row_cells(flik, label, before.get(label), after.get(label), headers, (flik, label), amount=amounts)
        return out

    return read


def _fixed_rows(labels: Mapping[str, str]) -> Reader:
    """A flik of one value per row (Uppgifter): key → the row's label."""

    def read(flik: str, old: Any, new: Any) -> list[Change]:
        before, after = _mapping(old), _mapping(new)
        out = []
        for key in _union(before, after):
            out += _cell(flik, labels.get(key, key), "", before.get(key), after.get(key), (flik, key), amount=False)
        return out

    return read


def _text_rows(column: str) -> Reader:
    """The Texter flik: a section's label → its text."""

    def read(flik: str, old: Any, new: Any) -> list[Change]:
        before, after = _mapping(old), _mapping(new)
        out = []
        for label in _union(before, after):
            out += _cell(flik, label, column, before.get(label), after.get(label), (flik, label), amount=False)
        return out

    return read


def _table(table: TableSpec, headers: Mapping[str, str]) -> Reader:
    """A drift, investering or förutbetalda flik: rows in the table's order, projects under their category."""
    order = {row.label: i for i, row in enumerate(table.rows)}

    def read(flik: str, old: Any, new: Any) -> list[Change]:
        before, after = _mapping(old), _mapping(new)
        labels = sorted(_union(before, after), key=lambda label: order.get(label, len(order)))
        out = []
        for label in labels:
            spec = table.find_row(label)
            a, b = before.get(label), after.get(label)
            if spec is not None and spec.kind is RowKind.GROUP:
                summa = (_mapping(a).get("summa"), _mapping(b).get("summa"))
                out += _row_cells(flik, label, *summa, headers, (flik, label, "summa"), amount=True)
                out += _projects(flik, label, _mapping(a).get("projekt"), _mapping(b).get("projekt"), headers)
            else:
                out += _row_cells(flik, label, a, b, headers, (flik, label), amount=True)
        return out

    return read


def _projects(flik: str, category: str, old: Any, new: Any, headers: Mapping[str, str]) -> list[Change]:
    """The projects of a category, matched by name: "Trygghetslarm (Reinvestering)"."""
    out = []
    for (i, a), (j, b) in _pairs(_items(old), _items(new), lambda p: (_text(p, "namn"),)):
        project = b if b is not None else a
        row = f"{_text(project, 'namn') or 'projekt utan namn'} ({category})"
        path: Path = (flik, category, "projekt", j if j is not None else i if i is not None else 0)
        amounts = {k: v for k, v in _mapping(a).items() if k != "namn"}
        later = {k: v for k, v in _mapping(b).items() if k != "namn"}
        out += _row_cells(flik, row, amounts, later, headers, path, amount=True)
    return out


def _listing(key: str, year: int) -> Reader:
    """A list flik (uppdrag, internkontroll, …): a row per item, matched by what identifies it."""
    spec = LISTINGS[key]
    headers = spec.headers(year)

    def read(flik: str, old: Any, new: Any) -> list[Change]:
        return _list_rows(flik, key, _items(old), _items(new), headers, (flik,), prefix="")

    return read


def _goals(year: int, nyckeltal_flik: str) -> Reader:
    """The Mål flik, whose goals carry their nyckeltal: those are the Nyckeltal flik's rows."""
    headers = LISTINGS["mal"].headers(year)
    kpi_headers = LISTINGS["nyckeltal"].headers(year)

    def read(flik: str, old: Any, new: Any) -> list[Change]:
        out = _list_rows(flik, "mal", _items(old), _items(new), headers, (flik,), prefix="", skip=("nyckeltal",))
        for (i, a), (j, b) in _pairs(_items(old), _items(new), _identity("mal")):
            goal = b if b is not None else a
            prefix = f"Mål {_text(goal, 'nr')} › " if _text(goal, "nr") else f"{_row_label('mal', goal)} › "
            index = j if j is not None else i if i is not None else 0
            before, after = _items(_mapping(a).get("nyckeltal")), _items(_mapping(b).get("nyckeltal"))
            path: Path = (flik, index, "nyckeltal")
            out += _list_rows(nyckeltal_flik, "nyckeltal", before, after, kpi_headers, path, prefix=prefix)
        return out

    return read


def _list_rows(
    flik: str,
    key: str,
    old: Sequence[Any],
    new: Sequence[Any],
    headers: Mapping[str, str],
    path: Path,
    *,
    prefix: str,
    skip: tuple[str, ...] = (),
) -> list[Change]:
    out = []
    for (i, a), (j, b) in _pairs(old, new, _identity(key)):
        item = b if b is not None else a
        row = prefix + _row_label(key, item)
        index = j if j is not None else i if i is not None else 0
        before = {k: v for k, v in _mapping(a).items() if k not in skip}
        after = {k: v for k, v in _mapping(b).items() if k not in skip}
        out += _row_cells(flik, row, before, after, headers, (*path, index), amount=False)
    return out


def _identity(key: str) -> Callable[[Any], tuple[str, ...]]:
    """What identifies an item of a list flik across versions: its number if it has one, else its names."""
    columns = _ROW_NAMES[key]

    def identity(item: Any) -> tuple[str, ...]:
        if "nr" in columns and _text(item, "nr"):
            return ("nr", _text(item, "nr"))
        return tuple(_text(item, c) for c in columns if c != "nr")

    return identity


def _row_label(key: str, item: Any) -> str:
    """A list item's row as the controller knows it: "1 Trygg vård i hemmet", the control point's wording."""
    parts = [_text(item, c) for c in _ROW_NAMES[key]]
    label = " ".join(p for p in parts if p) or "rad utan namn"
    return label if len(label) <= _LABEL_LENGTH else label[: _LABEL_LENGTH - 1].rstrip() + "…"


def _text(item: Any, key: str) -> str:
    value = _mapping(item).get(key)
    return "" if value is None else " ".join(str(value).split())


Indexed = tuple[int | None, Any]


def _pairs(
    old: Sequence[Any], new: Sequence[Any], identity: Callable[[Any], tuple[str, ...]]
) -> list[tuple[Indexed, Indexed]]:
    """The items of two lists paired by identity (the n-th of an identity with the n-th), in the
    newer list's order, then the older's items that are gone; (None, None) on a side without it."""
    waiting: dict[tuple[str, ...], list[int]] = {}
    for i, item in enumerate(old):
        waiting.setdefault(identity(item), []).append(i)
    pairs: list[tuple[Indexed, Indexed]] = []
    for j, item in enumerate(new):
        queue = waiting.get(identity(item))
        match = queue.pop(0) if queue else None
        pairs.append(((match, old[match] if match is not None else None), (j, item)))
    gone = sorted(i for queue in waiting.values() for i in queue)
    pairs += [((i, old[i]), (None, None)) for i in gone]
    return pairs


def _other(flik: str, old: Any, new: Any) -> list[Change]:
    """A flik this report does not name (kept in the store all the same): every leaf, by its path."""
    out = []
    leaves_old, leaves_new = dict(_leaves(old, ())), dict(_leaves(new, ()))
    for path in _union(leaves_old, leaves_new):
        row = " › ".join(str(p) for p in path)
        out += _cell(flik, row, "", leaves_old.get(path), leaves_new.get(path), (flik, *path), amount=False)
    return out


def _leaves(value: Any, path: Path) -> Iterable[tuple[Path, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield path, value
