"""One input per ansvar: the documents given for the same ansvar, combined before validation.

An ansvar's figures may come from the ekonomisystem's flat export and its texts from the
controller's workbook (or JSON). Each reader hands on what its file says; here they become one
`RawInput`, cell by cell: a value only one file gives is taken from it, the same value in both is
fine, and two different values for the same cell are an error at both cells, each naming the
other. A list flik (goals, uppdrag …) filled in both files differently is an error at both.
Every value keeps the cell it came from, so later messages still point into the right file.

The spreadsheet's own arithmetic (cached results of sum and deviation formulas) is left out of a
combined input: bokslut computes sums and deviations from the rows, which may now come from
another file than the formulas.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bokslut.domain import ReportSpec, loose
from bokslut.issues import Issue, error
from bokslut.model import Path, SourceMap
from bokslut.numbers import NotANumber, fmt_tkr, parse_number
from bokslut.sources.base import RawInput

#: The code of two files giving different values for the same cell of one ansvar.
DIFFERENT_VALUES = "indata.olika_varden"
#: The code of a list flik filled differently in two files of one ansvar.
TWICE = "indata.dubblett"


def combine(raws: list[RawInput], report: ReportSpec, year: int) -> tuple[list[RawInput], list[Issue]]:
    """The inputs with those of the same ansvar combined into one (in the first one's place)."""
    flik = report.fliks.uppgifter
    groups: dict[str, list[RawInput]] = {}
    order: list[RawInput | str] = []
    for raw in raws:
        ansvar = raw.ansvar(flik)
        if not ansvar:
            order.append(raw)
            continue
        if ansvar not in groups:
            order.append(ansvar)
        groups.setdefault(ansvar, []).append(raw)
    out: list[RawInput] = []
    issues: list[Issue] = []
    for item in order:
        if isinstance(item, RawInput):
            out.append(item)
            continue
        group = groups[item]
        if len(group) == 1:
            out.append(group[0])
            continue
        # The richest document (the workbook, with its texts) first: its Uppgifter name the unit.
        first, *rest = sorted(group, key=lambda r: -sum(1 for v in r.data.values() if not _empty(v)))
        combined = _without_arithmetic(first)
        for other in rest:
            merger = _Merger(combined, _without_arithmetic(other), item, report, year)
            combined = merger.merged()
            issues += merger.issues
        out.append(combined)
    return out, issues


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_empty(v) for v in value)
    return False


def _without_arithmetic(raw: RawInput) -> RawInput:
    """A copy without the cached results of sum and deviation formulas."""

    def strip(value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            return {k: strip(v, (*path, k)) for k, v in value.items() if (*path, k) not in raw.formulas}
        if isinstance(value, list):
            return [strip(v, (*path, i)) for i, v in enumerate(value)]
        return value

    data = {k: strip(v, (k,)) for k, v in raw.data.items()}
    return RawInput(data, raw.sources, set(raw.uncached), set(raw.unreadable), set(), raw.merged_from, raw.flik_set)


def _same(a: Any, b: Any) -> bool:
    """The same value as typed: numbers by their value ("1 234" and 1234), text without outer spaces."""
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return x == y
    return str(a).strip() == str(b).strip()


class _Merger:
    """Combine `b` into `a`: data cell by cell, and where each value came from."""

    def __init__(self, a: RawInput, b: RawInput, ansvar: str, report: ReportSpec, year: int) -> None:
        self.a, self.b, self.ansvar, self.report, self.year = a, b, ansvar, report, year
        self.sources = SourceMap(a.base)
        for path, source in a.sources.items():
            self.sources.record(path, source)
        self.issues: list[Issue] = []

    def merged(self) -> RawInput:
        data = self.value(self.a.data, self.b.data, (), ())
        also = (*self.a.merged_from, self.b.base, *self.b.merged_from)
        flik_set = self.a.flik_set or self.b.flik_set
        return RawInput(data, self.sources, self.a.uncached | self.b.uncached, self.a.unreadable, set(), also, flik_set)

    def take(self, value: Any, at: Path, target: Path) -> Any:
        """`b`'s value at `at`, placed at `target`, with the cells it came from."""
        self.sources.record(target, self.b.sources.at(at))
        for path, source in self.b.sources.items():
            if path[: len(at)] == at:
                self.sources.record((*target, *path[len(at) :]), source)
        self.a.unreadable.update((*target, *p[len(at) :]) for p in self.b.unreadable if p[: len(at)] == at)
        return value

    def value(self, x: Any, y: Any, path: Path, at: Path) -> Any:
        """`y` (at `at` in b) combined into `x` (at `path` in a and in the result)."""
        if _empty(y):
            return x
        if _empty(x):
            return self.take(y, at, path)
        if isinstance(x, dict) and isinstance(y, dict):
            out = dict(x)
            for key, value in y.items():
                out[key] = self.value(x.get(key), value, (*path, key), (*at, key))
            return out
        if isinstance(x, list) and isinstance(y, list):
            return self.projects(x, y, path, at) if path[-1:] == ("projekt",) else self.listing(x, y, path, at)
        if not _same(x, y):
            self.different(x, y, path, at)
        return x

    def projects(self, x: list[Any], y: list[Any], path: Path, at: Path) -> list[Any]:
        """Projects by name: one named in both files is one project, its amounts combined."""
        out = list(x)
        names = [_name(p) for p in x]
        for j, project in enumerate(y):
            name = _name(project)
            if name and name in names:
                i = names.index(name)
                out[i] = self.value(x[i], project, (*path, i), (*at, j))
            elif not _empty(project):
                out.append(self.take(project, (*at, j), (*path, len(out))))
                names.append(name)
        return out

    def listing(self, x: list[Any], y: list[Any], path: Path, at: Path) -> list[Any]:
        if [v for v in x if not _empty(v)] != [v for v in y if not _empty(v)]:
            first, second = self.a.sources.at(path), self.b.sources.at(at)
            for here, there in ((first, second), (second, first)):
                msg = (
                    f"Fliken ”{path[0]}” för ansvar {self.ansvar} är ifylld både här och i {there.file}, och "
                    "de skiljer sig åt. Fyll i den i en av filerna och lämna den tom i den andra."
                )
                self.issues.append(error(TWICE, msg, here, self.ansvar))
        return x

    def different(self, x: Any, y: Any, path: Path, at: Path) -> None:
        first, second = self.a.sources.at(path), self.b.sources.at(at)
        what = self.what(path)
        for (here, mine), (there, theirs) in (((first, x), (second, y)), ((second, y), (first, x))):
            msg = (
                f"{what} för ansvar {self.ansvar} är {_shown(mine)} här men {_shown(theirs)} i {there}. "
                "Två filer för samma ansvar får inte ge olika värden för samma cell: rätta den som är fel, "
                "eller töm cellen i den ena filen så gäller den andra."
            )
            self.issues.append(error(DIFFERENT_VALUES, msg, here, self.ansvar))

    def what(self, path: Path) -> str:
        """ "”Personalkostnader”, Budget 2022" for a table cell; the names on the path for anything else."""
        names = [str(p) for p in path if not isinstance(p, int) and p not in ("projekt", "summa")]
        columns = {c.key: c.title(self.year) for c in self.report.columns}
        *rows, last = names[1:] or names
        if last in columns:
            return ", ".join([*(f"”{n}”" for n in rows), columns[last]])
        return ", ".join(f"”{n}”" for n in [*rows, last])


def _name(project: Any) -> str:
    return loose(str(project.get("namn") or "")) if isinstance(project, dict) else ""


def _shown(value: Any) -> str:
    """A number as the documents write it (-1 890, 8,2), a text quoted and cut short."""
    number = _number(value)
    if number is not None:
        return fmt_tkr(number) if number == number.to_integral_value() else format(number, "f").replace(".", ",")
    text = str(value).strip()
    return f"”{text if len(text) <= 40 else text[:40] + '…'}”"


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return parse_number(value)
    except NotANumber:
        return None
