"""Validate: raw inputs in, immutable `UnitData` and issues out.

Every problem of a run is collected, never only the first: a value the model rejects is
reported and dropped so the remaining checks still run. The checks are a list of small
functions `check(unit, ctx) -> list[Issue]` that a kommun can extend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from bokslut.combine import combine
from bokslut.domain import (
    FORECAST_POINTS,
    STAT_TABLES,
    TABLES,
    Level,
    ReportSpec,
    RowKind,
    SignalSet,
    TableSpec,
    ansvar_code_problem,
    other_reports_flik,
    signal_sets,
)
from bokslut.figures import Project, TableFigures
from bokslut.issues import Issue, Source, error, internal, warning
from bokslut.model import Amounts, Group, Path, SourceMap, input_model
from bokslut.numbers import fmt_tkr, round_half_up
from bokslut.organisation import Organisation
from bokslut.sources.base import RawInput
from bokslut.text import invalid_characters, too_many_lines

if TYPE_CHECKING:
    from bokslut.rules import Rules
    from bokslut.shared import SharedPlan


@dataclass(frozen=True)
class Unit:
    """One ansvar's input as validated by the model, with where its values came from."""

    ansvar: str
    input: BaseModel
    raw: RawInput

    def at(self, path: Path) -> Source:
        return self.raw.sources.at(path)


@dataclass(frozen=True)
class UnitData:
    """What the later stages use: whole-tkr tables, texts, goals, all checked."""

    ansvar: str
    source: Source
    tables: dict[str, TableFigures]
    texts: dict[str, str] = field(default_factory=dict)
    drift_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    goals: tuple[Any, ...] = ()
    assignments: tuple[Any, ...] = ()
    controls: tuple[Any, ...] = ()
    work_environment: tuple[Any, ...] = ()
    #: personnel tables: table key → row label → (last year, this year)
    stats: dict[str, dict[str, tuple[Decimal | None, Decimal | None]]] = field(default_factory=dict)
    #: earlier forecasts of Årets resultat (prognossäkerhet): point key → tkr
    forecasts: dict[str, int] = field(default_factory=dict)
    #: a unit's follow-up of the kritiska verksamhetsfaktorer shared to it (flik Kritiska faktorer)
    factors: tuple[Any, ...] = ()
    #: the validated input as a JSON document of the input format: what the store keeps
    document: dict[str, Any] = field(default_factory=dict, compare=False)
    #: where each value came from, for messages about a cell after validation
    sources: SourceMap | None = field(default=None, compare=False)
    #: the files the input was read from (a workbook and an export combined: both)
    files: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CheckContext:
    report: ReportSpec
    year: int
    organisation: Organisation
    #: what the owners shared down to the units (`bokslut.shared`), when given
    plan: SharedPlan | None = None
    #: the assessment rules for kritiska faktorer (`bokslut.rules`)
    rules: Rules | None = None


Check = Callable[[Unit, CheckContext], list[Issue]]


# --- model validation -----------------------------------------------------------------------

_MESSAGES = {
    "missing": "Uppgiften saknas. Fyll i den.",
    "extra_forbidden": "Okänt fält. Kontrollera stavningen mot schemat (bokslut schema).",
    "int_parsing": "Ska vara ett heltal.",
    "int_type": "Ska vara ett heltal.",
    "string_type": "Ska vara text.",
    "dict_type": "Ska vara ett objekt.",
    "model_type": "Ska vara ett objekt.",
    "list_type": "Ska vara en lista.",
    "tuple_type": "Ska vara en lista.",
    "int_from_float": "Ska vara ett heltal, utan decimaler.",
    "finite_number": "Ska vara ett tal (inte NaN eller oändligt).",
    "bool_type": "Ska vara sant eller falskt.",
    "float_type": "Ska vara ett tal.",
    "decimal_type": "Ska vara ett tal.",
}


def parse(raw: RawInput, report: ReportSpec) -> tuple[BaseModel | None, list[Issue]]:
    """Validate raw data against the report's model; drop rejected values and try again."""
    model = input_model(report)
    data = raw.data
    issues: list[Issue] = []
    for _ in range(5):
        try:
            return model.model_validate(data), issues
        except ValidationError as exc:
            errors = exc.errors()
            for err in errors:
                path = tuple(err["loc"])
                issues.append(error(f"modell.{err['type']}", _message(err, report), raw.sources.at(path)))
            pruned = _prune(data, [tuple(e["loc"]) for e in errors])
            if pruned == data:
                return None, issues
            data = pruned
    return None, issues


def _message(err: Any, report: ReportSpec) -> str:
    if err["type"] == "value_error":
        what = str(err["msg"]).removeprefix("Value error, ")
        if err["loc"] and err["loc"][0] in {STAT_TABLES[k].flik for k in report.stat_tables}:
            return what.replace("ett belopp", "ett tal") + ". Skriv talet med decimalkomma, t.ex. 7,5."
        return what + ". Skriv beloppet som ett heltal i tkr, t.ex. -1 234."
    if err["type"] == "extra_forbidden":
        name = str(err["loc"][-1])
        other = other_reports_flik(name, report) if len(err["loc"]) == 1 else None
        if other is not None:
            return (
                f"Fliken ”{name}” hör till {other.period_word}, inte till {report.period_word}. Kontrollera att "
                "du kör rätt rapport med rätt indata, eller ta bort fliken."
            )
        return f"Okänt namn ”{name}”. Kontrollera stavningen mot mallen (bokslut schema {report.key})."
    if err["type"] == "missing" and err["loc"] and err["loc"][0] == report.fliks.uppgifter:
        return f"Fliken ”{report.fliks.uppgifter}” saknas eller saknar ansvar. Ange ansvar, namn och år."
    if err["type"] == "missing":
        return f"Uppgiften ”{err['loc'][-1]}” saknas. Fyll i den."
    return _MESSAGES.get(err["type"], f"Värdet ”{err.get('input')}” kan inte läsas. Kontrollera det mot schemat.")


def _prune(data: Any, locs: list[Path]) -> Any:
    """A copy of `data` without the values at `locs` (for a missing key, nothing to drop)."""
    import copy

    out = copy.deepcopy(data)
    for loc in locs:
        parent = out
        for part in loc[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        if isinstance(parent, dict) and loc and loc[-1] in parent:
            del parent[loc[-1]]
        elif isinstance(parent, list) and loc and isinstance(loc[-1], int) and loc[-1] < len(parent):
            parent[loc[-1]] = {}
    return out


# --- checks ---------------------------------------------------------------------------------


def _table_rows(unit: Unit, ctx: CheckContext) -> Iterable[tuple[TableSpec, str, str, Amounts, Path]]:
    """Every amount row of every table: (table, flik, row key, amounts, path)."""
    for key, flik in ctx.report.table_fliks.items():
        table = TABLES[key]
        data = getattr(unit.input, key)
        if data is None:
            continue
        for row in table.rows:
            value = getattr(data, row.key)
            if isinstance(value, Group):
                for i, project in enumerate(value.projekt):
                    yield table, flik, row.key, project, (flik, row.label, "projekt", i)
                if value.summa is not None:
                    yield table, flik, row.key, value.summa, (flik, row.label, "summa")
            elif value is not None:
                yield table, flik, row.key, value, (flik, row.label)


def _input_columns(ctx: CheckContext) -> list[str]:
    return [c.key for c in ctx.report.input_columns]


def check_known_ansvar(unit: Unit, ctx: CheckContext) -> list[Issue]:
    if not unit.ansvar.strip():
        msg = "Ansvarskoden saknas. Ange enhetens ansvar på fliken Uppgifter."
        return [error("ansvar.saknas", msg, unit.at(("Uppgifter", "ansvar")))]
    problem = ansvar_code_problem(unit.ansvar)
    if problem is not None:
        msg = f"Ansvarskoden ”{unit.ansvar[:40]}” {problem}. Skriv enhetens ansvarskod som i organisationen."
        return [error("ansvar.ogiltig", msg, unit.at(("Uppgifter", "ansvar")), unit.ansvar)]
    if ctx.organisation.get(unit.ansvar) is not None:
        return []
    msg = (
        f"Ansvar {unit.ansvar} finns inte i organisationen. Rätta ansvarskoden eller lägg till "
        "ansvaret i organisationsfilen."
    )
    return [error("ansvar.okant", msg, unit.at(("Uppgifter", "ansvar")), unit.ansvar)]


def check_year(unit: Unit, ctx: CheckContext) -> list[Issue]:
    year = unit.input.uppgifter.år  # type: ignore[attr-defined]
    if year is None or year == ctx.year:
        return []
    msg = f"Indata gäller år {year}, men körningen gäller {ctx.year}. Använd årets arbetsbok eller ange rätt år."
    return [error("uppgifter.ar", msg, unit.at(("Uppgifter", "år")), unit.ansvar)]


def check_signs(unit: Unit, ctx: CheckContext) -> list[Issue]:
    issues = []
    for table, _flik, row_key, amounts, path in _table_rows(unit, ctx):
        row = table.row(row_key)
        if row.sign == 0:
            continue
        for col in _input_columns(ctx):
            value = getattr(amounts, col)
            value = None if value is None else round_half_up(value)
            if value is None or value == 0 or (value > 0) == (row.sign > 0):
                continue
            label = row.label
            if row.sign < 0:
                msg = (
                    f"{label}: kostnader ska anges med minustecken, men {fmt_tkr(value)} är positivt. "
                    f"Skriv {fmt_tkr(-value)}."
                )
            else:
                what = "Utgifter och inkomster" if table.has_projects else label
                msg = f"{what} ska anges utan minustecken, men {fmt_tkr(value)} är negativt. Skriv {fmt_tkr(-value)}."
            issues.append(error("belopp.tecken", msg, unit.at((*path, col)), unit.ansvar))
    return issues


def check_decimals(unit: Unit, ctx: CheckContext) -> list[Issue]:
    issues = []
    for _table, _flik, _row, amounts, path in _table_rows(unit, ctx):
        for col in _input_columns(ctx):
            value = getattr(amounts, col)
            if value is not None and value != value.to_integral_value():
                rounded = round_half_up(value)
                msg = (
                    f"Beloppet {str(value).replace('.', ',')} har decimaler; belopp anges i hela tkr. "
                    f"Det avrundas till {fmt_tkr(rounded)} och summorna räknas om."
                )
                issues.append(warning("belopp.decimaler", msg, unit.at((*path, col)), unit.ansvar))
    return issues


def check_sums(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """A filled-in sum row, category row or Avv./Diff. cell must match what its rows give."""
    issues: list[Issue] = []
    inputs = _input_columns(ctx)
    for key, flik in ctx.report.table_fliks.items():
        table = TABLES[key]
        data = getattr(unit.input, key)
        if data is None:
            continue
        exact = _exact_rows(table, data, ctx)
        for row in table.rows:
            value = getattr(data, row.key)
            if isinstance(value, Group):
                for i, project in enumerate(value.projekt):
                    own = {c: getattr(project, c) or Decimal(0) for c in inputs}
                    path: Path = (flik, row.label, "projekt", i)
                    issues += _compare(unit, ctx, table, project, own, path, project.namn, summed=())
                summed = tuple(c for c in inputs if _has_projects_in(value, c))
                value, path = value.summa, (flik, row.label, "summa")
            else:
                summed = tuple(inputs) if row.kind is RowKind.SUM else ()
                path = (flik, row.label)
            if value is not None:
                issues += _compare(unit, ctx, table, value, exact[row.key], path, row.label, summed=summed)
        issues += _check_part(unit, ctx, table, flik, exact)
    return issues


def _compare(
    unit: Unit,
    ctx: CheckContext,
    table: TableSpec,
    typed: Amounts,
    rows: dict[str, Decimal],
    path: Path,
    label: str,
    *,
    summed: tuple[str, ...],
) -> list[Issue]:
    """Typed sums (`summed` input columns) and typed Avv./Diff. against what the rows give."""
    issues = []
    for col in ctx.report.columns:
        value = getattr(typed, col.key)
        if value is None or (*path, col.key) in unit.raw.uncached:
            continue
        if col.is_input:
            if col.key not in summed:
                continue
            expected = rows.get(col.key, Decimal(0))
            what = f"Summan för ”{label}”"
        else:
            a, b = col.operands(table)
            expected = rows.get(a, Decimal(0)) - rows.get(b, Decimal(0))
            what = f"”{col.title(ctx.year)}” för ”{label}”"
        if round_half_up(value) != round_half_up(expected) and value != expected:
            issues.append(_mismatch(unit, (*path, col.key), what, value, expected))
    return issues


def _mismatch(unit: Unit, path: Path, what: str, value: Decimal, expected: Decimal) -> Issue:
    """A typed sum that does not match is an error; a formula's result that does not is a warning.

    A formula is the spreadsheet's arithmetic, not a figure anyone typed: it disagrees when a row
    lies outside its range or a number was typed as text (which Excel does not add up). bokslut
    uses what the rows give, so nothing typed is lost; the warning says to check the formula.
    """
    if path in unit.raw.formulas:
        msg = (
            f"{what}: formeln i arbetsboken ger {fmt_tkr(value)}, men raderna ger {fmt_tkr(expected)}; bokslut "
            "använder raderna. Kontrollera att formeln tar med alla rader och att inga belopp är skrivna som text."
        )
        return warning("summa.formel_stammer_inte", msg, unit.at(path), unit.ansvar)
    msg = (
        f"{what} är ifylld med {fmt_tkr(value)}, men raderna ger {fmt_tkr(expected)}. "
        "Rätta summan eller raderna (töm cellen så räknas den fram)."
    )
    return error("summa.stammer_inte", msg, unit.at(path), unit.ansvar)


def _check_part(
    unit: Unit, ctx: CheckContext, table: TableSpec, flik: str, exact: dict[str, dict[str, Decimal]]
) -> list[Issue]:
    issues = []
    for row in table.rows:
        if row.kind is not RowKind.PART:
            continue
        whole = next(r for r in table.rows if r.kind is RowKind.SUM)
        for col in _input_columns(ctx):
            part, of = exact[row.key].get(col), exact[whole.key].get(col, Decimal(0))
            if part is not None and part > of:
                msg = f"”{row.label}” är {fmt_tkr(part)}, mer än ”{whole.label}” ({fmt_tkr(of)}). Rätta beloppet."
                issues.append(error("summa.varav", msg, unit.at((flik, row.label, col)), unit.ansvar))
    return issues


def _has_projects_in(group: Group | None, col: str) -> bool:
    return group is not None and any(getattr(p, col) is not None for p in group.projekt)


def _exact_rows(table: TableSpec, data: BaseModel, ctx: CheckContext) -> dict[str, dict[str, Decimal]]:
    """Row values before rounding, sums included, for comparing with typed sums."""
    rows: dict[str, dict[str, Decimal]] = {}
    cols = _input_columns(ctx)
    for row in table.rows:
        value = getattr(data, row.key)
        if row.kind is RowKind.GROUP:
            group = value or Group()
            rows[row.key] = {
                c: sum((getattr(p, c) or Decimal(0) for p in group.projekt), Decimal(0))
                if _has_projects_in(group, c)
                else (getattr(group.summa, c, None) or Decimal(0))
                for c in cols
            }
        elif row.kind is RowKind.SUM:
            rows[row.key] = {c: sum((rows[k].get(c, Decimal(0)) for k in row.sum_of), Decimal(0)) for c in cols}
        else:
            rows[row.key] = {c: getattr(value, c) for c in cols if value is not None and getattr(value, c) is not None}
    return rows


def _signal_issue(
    unit: Unit, ctx: CheckContext, items: tuple[Any, ...], flik: str, sset: SignalSet, what: str, required: bool = False
) -> list[Issue]:
    issues = []
    for i, item in enumerate(items):
        text = item.bedomning.strip()
        if not text:
            continue
        if sset.find(text) is None:
            msg = f"{what} ”{text}” finns inte. Använd en av: {sset.labels}."
            issues.append(error("signal.okand", msg, unit.at((flik, i, "bedömning")), unit.ansvar))
    return issues


def check_signals(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """A typed Bedömning of a goal, uppdrag or control point is a label of its set at the node's
    level (`ReportSpec.signal_set_of`: the same the workbook's drop-down offers). A factor's is
    checked with its rule (`unit_checks`)."""
    sets = signal_sets()
    node = ctx.organisation.get(unit.ansvar)
    issues: list[Issue] = []
    for key in ("mal", "uppdrag", "internkontroll"):
        set_key = ctx.report.signal_set_of(key, node.level if node else None)
        if set_key is not None:
            items = getattr(unit.input, key, ())
            issues += _signal_issue(unit, ctx, items, getattr(ctx.report.fliks, key), sets[set_key], "Bedömningen")
    return issues


def check_forecasts(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """A typed "Avvikelse från bokslut" must be the bokslut's Årets resultat minus the forecast."""
    data = getattr(unit.input, "prognossakerhet", None)
    drift = getattr(unit.input, "drift", None)
    if data is None or drift is None or ctx.report.forecast_flik is None:
        return []
    outcome = _exact_rows(TABLES["drift"], drift, ctx)["resultat"].get("utfall", Decimal(0))
    issues = []
    for key, label in FORECAST_POINTS.items():
        point = getattr(data, key)
        if point is None or point.avvikelse is None or point.prognos is None:
            continue
        path = (ctx.report.forecast_flik, label, "avvikelse")
        if path in unit.raw.uncached:
            continue
        expected = outcome - point.prognos
        if round_half_up(point.avvikelse) != round_half_up(expected) and path in unit.raw.formulas:
            what = f"Avvikelsen från bokslut för ”{label}”"
            issues.append(_mismatch(unit, path, what, point.avvikelse, expected))
        elif round_half_up(point.avvikelse) != round_half_up(expected):
            msg = (
                f"Avvikelsen från bokslut för ”{label}” är ifylld med {fmt_tkr(point.avvikelse)}, men bokslutet "
                f"({fmt_tkr(outcome)}) minus prognosen ({fmt_tkr(point.prognos)}) ger {fmt_tkr(expected)}. "
                "Rätta cellen eller töm den så räknas den fram."
            )
            issues.append(error("summa.stammer_inte", msg, unit.at(path), unit.ansvar))
    return issues


def check_characters(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """Text that cannot stand in a Word document (control characters, lone surrogates), at its cell."""
    issues = []
    for path, text in _strings(unit.raw.data, ()):
        problem = invalid_characters(text)
        if problem is not None:
            msg = f"Texten innehåller {problem}. Ta bort tecknen (skriv om texten eller klistra in den som ren text)."
            issues.append(error("text.styrtecken", msg, unit.at(path), unit.ansvar))
        lines = too_many_lines(text)
        if lines is not None:
            msg = f"Texten har {lines}. Ta bort tomma rader eller korta texten."
            issues.append(error("text.for_lang", msg, unit.at(path), unit.ansvar))
    return issues


def _strings(value: Any, path: Path) -> Iterable[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


CHECKS: list[Check] = [
    check_known_ansvar,
    check_characters,
    check_year,
    check_signs,
    check_decimals,
    check_sums,
    check_signals,
    check_forecasts,
]


#: The code of "a leaf of the organisation has no input".
MISSING_INPUT = "indata.saknas"
MISSING_OWN_INPUT = "indata.saknas_egna"


def check_coverage(units: list[Unit], ctx: CheckContext) -> list[Issue]:
    """Across units: nodes of the organisation without input. (An ansvar's several inputs were
    combined into one before, `bokslut.combine`, which reports where they disagree.)"""
    issues: list[Issue] = []
    given = {u.ansvar for u in units}
    for node in ctx.organisation.nodes:
        if node.ansvar in given or node.level is Level.KOMMUN:
            continue
        leaf = not ctx.organisation.children(node.ansvar)
        if leaf:
            msg = f"{node.name} ({node.ansvar}) har inga indata. Lämna in enhetens arbetsbok eller JSON-fil."
            issues.append(error(MISSING_INPUT, msg, node.source, node.ansvar))
        else:
            msg = f"{node.name} ({node.ansvar}) har inga egna indata; dokumentet byggs av underliggande enheters siffror utan egna texter."
            issues.append(warning(MISSING_OWN_INPUT, msg, node.source, node.ansvar))
    return issues


# --- from checked input to figures ----------------------------------------------------------


def to_unit_data(unit: Unit, report: ReportSpec) -> UnitData:
    inp: Any = unit.input
    tables = {key: _figures(TABLES[key], getattr(inp, key), report) for key in report.table_fliks}
    texts = {k: v for k, v in (inp.texter.model_dump() if inp.texter else {}).items() if v}
    drift_texts = {
        k: {tk: tv for tk, tv in v.items() if tv}
        for k, v in (inp.texter_drift.model_dump() if inp.texter_drift else {}).items()
        if v
    }
    stats: dict[str, dict[str, tuple[Decimal | None, Decimal | None]]] = {}
    for key in report.stat_tables:
        data = getattr(inp, key)
        rows = [(label, getattr(data, f"r{i}")) for i, label in enumerate(STAT_TABLES[key].rows)] if data else []
        stats[key] = {label: (row.fg, row.ar) for label, row in rows if row is not None}
    forecasts = {}
    if getattr(inp, "prognossakerhet", None) is not None:
        for key in FORECAST_POINTS:
            point = getattr(inp.prognossakerhet, key)
            if point is not None and point.prognos is not None:
                forecasts[key] = int(round_half_up(point.prognos))
    return UnitData(
        ansvar=unit.ansvar,
        source=unit.at(("Uppgifter",)),
        tables=tables,
        texts=texts,
        drift_texts=drift_texts,
        goals=getattr(inp, "mal", ()),
        assignments=getattr(inp, "uppdrag", ()),
        controls=getattr(inp, "internkontroll", ()),
        work_environment=getattr(inp, "arbetsmiljo", ()),
        stats=stats,
        forecasts=forecasts,
        factors=getattr(inp, "faktorer", ()),
        document=canonical_document(inp, report),
        sources=unit.raw.sources,
        files=unit.raw.files,
    )


def canonical_document(inp: BaseModel, report: ReportSpec) -> dict[str, Any]:
    """The input as a JSON document of the input format, reduced to what it says.

    Computed cells (sum rows, Avv., Diff.) and empty texts are left out and whole amounts are
    integers, so the same figures give the same document whether they came from a workbook or
    from JSON: re-importing them is a no-op.
    """
    document: dict[str, Any] = {}
    keep = {c.key for c in report.input_columns}
    dumped = inp.model_dump(by_alias=True)
    for name, field_info in type(inp).model_fields.items():
        key = field_info.alias or name
        if name in report.table_fliks:
            document[key] = _canonical_table(TABLES[name], getattr(inp, name), keep)
            continue
        value = _pruned(dumped.get(key))
        if name == "prognossakerhet" and isinstance(value, dict):  # Avvikelse från bokslut is computed
            value = _pruned({point: {k: v for k, v in p.items() if k != "avvikelse"} for point, p in value.items()})
        if value not in (None, {}, []):
            document[key] = value
    return document


def _canonical_table(table: TableSpec, data: BaseModel | None, keep: set[str]) -> dict[str, Any]:
    if data is None:
        return {}
    out: dict[str, Any] = {}
    for row in table.rows:
        value = getattr(data, row.key)
        if value is None or row.kind is RowKind.SUM:
            continue
        if isinstance(value, Group):
            group: dict[str, Any] = {}
            projects = [{"namn": p.namn, **_amounts(p, keep)} for p in value.projekt]
            if projects:
                group["projekt"] = projects
            # The category row beyond its projects; a zero there is the sum formula of no projects.
            rest = {c: v for c, v in _amounts(value.summa, keep).items() if v and not _has_projects_in(value, c)}
            if rest:
                group["summa"] = rest
            if group:
                out[row.label] = group
        elif amounts := _amounts(value, keep):
            out[row.label] = amounts
    return out


def _amounts(amounts: Amounts | None, keep: set[str]) -> dict[str, int | str]:
    if amounts is None:
        return {}
    out: dict[str, int | str] = {}
    for col in keep:
        value = getattr(amounts, col)
        if value is not None:
            out[col] = _pruned(value)
    return out


def _pruned(value: Any) -> Any:
    """As JSON, without empty texts, nulls and what becomes empty by leaving them out; a number
    in its shortest form (7.0 → 7, 4.50 → "4.5")."""
    if isinstance(value, dict):
        items = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in items.items() if v not in (None, "", {}, [])}
    if isinstance(value, list | tuple):
        return [_pruned(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else format(value.normalize(), "f")
    return value


def _whole(amounts: Amounts | None, cols: list[str]) -> dict[str, int]:
    if amounts is None:
        return {}
    return {c: int(round_half_up(getattr(amounts, c))) for c in cols if getattr(amounts, c) is not None}


def _figures(table: TableSpec, data: BaseModel | None, report: ReportSpec) -> TableFigures:
    if data is None:
        return TableFigures(table)
    cols = [c.key for c in report.input_columns]
    inputs, projects, rest = {}, {}, {}
    for row in table.rows:
        value = getattr(data, row.key)
        if row.kind is RowKind.GROUP and value is not None:
            projects[row.key] = tuple(Project(p.namn, _whole(p, cols)) for p in value.projekt)
            summa = _whole(value.summa, cols)
            rest[row.key] = {c: v for c, v in summa.items() if not _has_projects_in(value, c)}
        elif row.is_input:
            inputs[row.key] = _whole(value, cols)
    return TableFigures(table, inputs, projects, rest)


def validate(
    raws: list[RawInput], ctx: CheckContext, checks: list[Check] | None = None, *, coverage: bool = True
) -> tuple[list[UnitData], list[Issue]]:
    """Run the model and every check over every input; return the clean units and all issues.
    The inputs of one ansvar (an export's figures, a workbook's texts) are one unit (`combine`).

    Without `coverage`, nodes of the organisation that have no input are not reported: an
    import of one unit's file is complete on its own (bokslut status shows who is missing).
    """
    raws, issues = combine(raws, ctx.report, ctx.year)
    units: list[Unit] = []
    for raw in raws:
        ansvar = raw.ansvar(ctx.report.fliks.uppgifter) or None
        try:
            unit, found = _validate_one(raw, ctx, checks or CHECKS)
        except Exception:
            unit, found = None, [internal(f"indata för ansvar {ansvar or '(okänt)'} kontrollerades", raw.base)]
        issues += [_with_ansvar(i, ansvar) for i in found]
        if unit is not None:
            units.append(unit)
    try:
        found = check_coverage(units, ctx)
    except Exception:
        found = [internal("täckningen kontrollerades", Source())]
    issues += found if coverage else [i for i in found if i.code not in (MISSING_INPUT, MISSING_OWN_INPUT)]
    out: list[UnitData] = []
    for unit in units:
        try:
            out.append(to_unit_data(unit, ctx.report))
        except Exception:
            issues.append(internal(f"indata för ansvar {unit.ansvar} lästes in", unit.raw.base, unit.ansvar))
    return out, issues


def _validate_one(raw: RawInput, ctx: CheckContext, checks: list[Check]) -> tuple[Unit | None, list[Issue]]:
    """The model and every check over one input; a bug here is this input's, not the run's."""
    parsed, issues = parse(raw, ctx.report)
    if parsed is None:
        return None, issues
    unit = Unit(parsed.uppgifter.ansvar, parsed, raw)  # type: ignore[attr-defined]
    for check in checks:
        issues += check(unit, ctx)
    return unit, issues


def _with_ansvar(issue: Issue, ansvar: str | None) -> Issue:
    if issue.ansvar or not ansvar:
        return issue
    return Issue(issue.severity, issue.message, issue.source, ansvar, issue.code)
