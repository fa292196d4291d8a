"""The checks of one unit's input: small functions `check(unit, ctx) -> list[Issue]` a kommun can extend,
and the check across units (coverage: an ansvar given twice, nodes without input).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bokslut.domain import (
    FLIK_SETS,
    FORECAST_POINTS,
    LISTINGS,
    MONTHS,
    TABLES,
    Level,
    ReportSpec,
    RowKind,
    SignalSet,
    TableSpec,
    ansvar_code_problem,
    internal_rows,
    signal_sets,
)
from bokslut.internal import Flow, Party, flows
from bokslut.issues import Issue, error, warning
from bokslut.model import Amounts, Group, Path, PlanAmounts, PlanGroup, PlanProject, Project
from bokslut.numbers import fmt_tkr, round_half_up
from bokslut.organisation import Organisation
from bokslut.text import invalid_characters, too_many_lines
from bokslut.units import Unit, UnitData, has_projects_in

if TYPE_CHECKING:
    from bokslut.rules import Rules
    from bokslut.shared import SharedPlan


@dataclass(frozen=True)
class CheckContext:
    report: ReportSpec
    year: int
    organisation: Organisation
    #: what the owners shared down to the units (`bokslut.shared`), when given
    plan: SharedPlan | None = None
    #: the assessment rules for kritiska faktorer (`bokslut.rules`)
    rules: Rules | None = None
    #: the month the run is made per; an input that names another month is an error
    month: int | None = None


Check = Callable[[Unit, CheckContext], list[Issue]]


def _table_rows(unit: Unit, ctx: CheckContext) -> Iterable[tuple[TableSpec, str, str, Amounts | PlanAmounts, Path]]:
    """Every amount row of every table: (table, flik, row key, amounts, path)."""
    for key, flik in ctx.report.table_fliks.items():
        table = TABLES[key]
        data = getattr(unit.input, key)
        if data is None:
            continue
        for row in table.rows:
            value = getattr(data, row.key)
            if isinstance(value, Group | PlanGroup):
                projects: tuple[Project | PlanProject, ...] = value.projekt
                for i, project in enumerate(projects):
                    yield table, flik, row.key, project, (flik, row.label, "projekt", i)
                if value.summa is not None:
                    yield table, flik, row.key, value.summa, (flik, row.label, "summa")
            elif value is not None:
                yield table, flik, row.key, value, (flik, row.label)


def _input_columns(ctx: CheckContext, table: TableSpec) -> list[str]:
    return [c.key for c in ctx.report.input_columns_of(table.key)]


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


def check_flik_set(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """An input's table flikar are those of the flik set its node reports on (the organisation's
    "flikar"): VA reports on "8 RR VA delår", the skattefinansierade on "8 RR skattefin övriga delår".
    An input without table flikar of its own (a flat export's rows) fits any node."""
    node = ctx.organisation.get(unit.ansvar)
    given = unit.raw.flik_set
    if node is None or given is None or given == node.flik_set:
        return []
    expected, found = FLIK_SETS[node.flik_set], FLIK_SETS[given]
    msg = (
        f"{node.name} ({node.ansvar}) redovisar på flikarna för {expected.word} "
        f"(”{expected.fliks_of(ctx.report)['drift']}”), men indata har flikarna för {found.word} "
        f"(”{found.fliks_of(ctx.report)['drift']}”). Byt namn på flikarna, eller rätta nodens flikar i organisationen."
    )
    return [error("flikar.fel_uppsattning", msg, unit.at((ctx.report.table_fliks["drift"],)), unit.ansvar)]


def check_year(unit: Unit, ctx: CheckContext) -> list[Issue]:
    year = unit.input.uppgifter.år  # type: ignore[attr-defined]
    if year is None or year == ctx.year:
        return []
    msg = f"Indata gäller år {year}, men körningen gäller {ctx.year}. Använd årets arbetsbok eller ange rätt år."
    return [error("uppgifter.ar", msg, unit.at(("Uppgifter", "år")), unit.ansvar)]


def check_month(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """An input that says its month (Uppgifter › Månad) must be for the run's month."""
    month = unit.input.uppgifter.månad  # type: ignore[attr-defined]
    if month is None or month == ctx.month:
        return []
    where = unit.at(("Uppgifter", "månad"))
    if not 1 <= month <= 12:
        return [error("uppgifter.manad", f"Månaden ska vara ett tal 1–12, inte {month}.", where, unit.ansvar)]
    if ctx.month is None:
        return []
    msg = (
        f"Indata gäller {MONTHS[month - 1]}, men körningen gäller {ctx.report.title.lower()} per "
        f"{MONTHS[ctx.month - 1]}. Använd rätt månads indata eller ange rätt --månad."
    )
    return [error("uppgifter.manad", msg, where, unit.ansvar)]


def check_signs(unit: Unit, ctx: CheckContext) -> list[Issue]:
    issues = []
    for table, _flik, row_key, amounts, path in _table_rows(unit, ctx):
        row = table.row(row_key)
        if row.sign == 0:
            continue
        for col in _input_columns(ctx, table):
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
    for table, _flik, _row, amounts, path in _table_rows(unit, ctx):
        for col in _input_columns(ctx, table):
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
    for key, flik in ctx.report.table_fliks.items():
        table = TABLES[key]
        inputs = _input_columns(ctx, table)
        data = getattr(unit.input, key)
        if data is None:
            continue
        exact = _exact_rows(table, data, ctx)
        for row in table.rows:
            value = getattr(data, row.key)
            if isinstance(value, Group | PlanGroup):
                projects: tuple[Project | PlanProject, ...] = value.projekt
                for i, project in enumerate(projects):
                    own = {c: getattr(project, c) or Decimal(0) for c in inputs}
                    path: Path = (flik, row.label, "projekt", i)
                    issues += _compare(unit, ctx, table, project, own, path, project.namn, summed=())
                summed = tuple(c for c in inputs if has_projects_in(value, c))
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
    typed: Amounts | PlanAmounts,
    rows: dict[str, Decimal],
    path: Path,
    label: str,
    *,
    summed: tuple[str, ...],
) -> list[Issue]:
    """Typed sums (`summed` input columns) and typed Avv./Diff. against what the rows give."""
    issues = []
    for col in ctx.report.columns_of(table.key):
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
        for col in _input_columns(ctx, table):
            part, of = exact[row.key].get(col), exact[whole.key].get(col, Decimal(0))
            if part is not None and part > of:
                msg = f"”{row.label}” är {fmt_tkr(part)}, mer än ”{whole.label}” ({fmt_tkr(of)}). Rätta beloppet."
                issues.append(error("summa.varav", msg, unit.at((flik, row.label, col)), unit.ansvar))
    return issues


def _exact_rows(table: TableSpec, data: BaseModel, ctx: CheckContext) -> dict[str, dict[str, Decimal]]:
    """Row values before rounding, sums included, for comparing with typed sums."""
    rows: dict[str, dict[str, Decimal]] = {}
    cols = _input_columns(ctx, table)
    for row in table.rows:
        value = getattr(data, row.key)
        if row.kind is RowKind.GROUP:
            group = value or Group()
            rows[row.key] = {
                c: sum((getattr(p, c) or Decimal(0) for p in group.projekt), Decimal(0))
                if has_projects_in(group, c)
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
        level = node.level if node else None
        set_key = ctx.report.signal_set_of(key, level)
        if set_key is not None:
            items = getattr(unit.input, key, ())
            what = f"{LISTINGS[key].label('bedömning', level)}en"  # Bedömningen; a unit's uppdrag: Statusen
            issues += _signal_issue(unit, ctx, items, getattr(ctx.report.fliks, key), sets[set_key], what)
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


def check_internal_items(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """Each internal item (flik Interna poster): a kontogrupp an internal sale can be part of, a
    motpart that is a known ansvar and not the unit itself, amounts with the kontogrupp's sign,
    and never more internal than the drift row holds in all."""
    items = getattr(unit.input, "interna", ())
    flik = ctx.report.fliks.interna
    allowed = {r.key: r for r in internal_rows()}
    issues: list[Issue] = []
    internal_sum: dict[str, dict[str, Decimal]] = {}
    for i, item in enumerate(items):
        row = TABLES["drift"].find_row(item.kontogrupp)
        if row is None or row.key not in allowed:
            names = ", ".join(f"”{r.label}”" for r in allowed.values())
            msg = f"Kontogruppen ”{item.kontogrupp}” kan inte ha interna poster. Använd någon av: {names}."
            issues.append(error("interna.kontogrupp", msg, unit.at((flik, i, "kontogrupp")), unit.ansvar))
        issues += _motpart_problems(unit, ctx, item.motpart.strip(), (flik, i, "motpart"))
        if row is None or row.key not in allowed:
            continue
        for col in _input_columns(ctx, TABLES["drift"]):
            value = getattr(item, col)
            if value is None:
                continue
            whole = round_half_up(value)
            if whole != 0 and (whole > 0) != (row.sign > 0):
                kind = "kostnader ska anges med minustecken" if row.sign < 0 else "intäkter anges utan minustecken"
                msg = (
                    f"Interna poster på ”{row.label}”: {kind}, som på driftfliken, men {fmt_tkr(whole)} har fel "
                    f"tecken. Skriv {fmt_tkr(-whole)}."
                )
                issues.append(error("interna.tecken", msg, unit.at((flik, i, col)), unit.ansvar))
            sums = internal_sum.setdefault(row.key, {})
            sums[col] = sums.get(col, Decimal(0)) + value
    issues += _more_than_the_row(unit, ctx, internal_sum)
    return issues


def _motpart_problems(unit: Unit, ctx: CheckContext, motpart: str, path: Path) -> list[Issue]:
    if not motpart:
        msg = "Motpart saknas. Ange ansvarskoden för den enhet som köpt eller sålt."
        return [error("interna.motpart", msg, unit.at(path), unit.ansvar)]
    if motpart == unit.ansvar.strip():
        msg = (
            f"Motparten {motpart} är ansvaret självt. Poster inom det egna ansvaret redovisas inte som "
            "interna poster: ta bort raden."
        )
        return [error("interna.motpart", msg, unit.at(path), unit.ansvar)]
    if ansvar_code_problem(motpart) is not None or ctx.organisation.get(motpart) is None:
        msg = f"Motparten ”{motpart[:40]}” finns inte i organisationen. Skriv motpartens ansvarskod."
        return [error("interna.motpart", msg, unit.at(path), unit.ansvar)]
    return []


def _more_than_the_row(unit: Unit, ctx: CheckContext, internal_sum: dict[str, dict[str, Decimal]]) -> list[Issue]:
    """The internal part of a row cannot exceed the row: elimination would turn its sign. An
    input without its drift flik is told that once, not once per internal amount."""
    if ctx.report.table_fliks["drift"] not in unit.raw.data:
        return []
    drift = getattr(unit.input, "drift", None)
    issues = []
    for row_key, sums in internal_sum.items():
        row = TABLES["drift"].row(row_key)
        amounts = getattr(drift, row_key, None) if drift is not None else None
        for col, value in sums.items():
            total = getattr(amounts, col, None) if amounts is not None else None
            whole_total = round_half_up(total) if total is not None else Decimal(0)
            if abs(round_half_up(value)) > abs(whole_total):
                column = ctx.report.column(col).title(ctx.year)
                msg = (
                    f"De interna posterna på ”{row.label}” ({column}) är {fmt_tkr(round_half_up(value))}, mer än "
                    f"hela raden på driftfliken ({fmt_tkr(whole_total)}). Driftradens belopp ska innehålla de "
                    "interna posterna: rätta raden eller de interna posterna."
                )
                path = (ctx.report.table_fliks["drift"], row.label, col)
                issues.append(error("interna.storre_an_raden", msg, unit.at(path), unit.ansvar))
    return issues


#: The code of "the two parties of an internal sale state different amounts".
INTERNAL_MISMATCH = "interna.stammer_inte"


def check_internal_pairs(units: list[UnitData], ctx: CheckContext) -> list[Issue]:
    """Across units: both parties of an internal sale must state the same amount. Where they
    differ, a warning at each party's cell names the other's cell and the difference. A party
    without input in this run is not judged (an import of one file; coverage names the missing)."""
    given = {u.ansvar: u for u in units}
    issues: list[Issue] = []
    for flow in flows(units):
        if flow.seller.ansvar not in given or flow.buyer.ansvar not in given:
            continue
        for col in flow.columns:
            if flow.difference(col) == 0:
                continue
            sides = ((flow.seller, flow.buyer, True), (flow.buyer, flow.seller, False))
            where = {side.ansvar: _cell_of(given[side.ansvar], side, col, ctx) for side, _, _ in sides}
            for side, other, selling in sides:
                issues.append(_mismatch_warning(flow, side, other, selling, col, where, ctx))
    return issues


def _cell_of(unit: UnitData, side: Party, col: str, ctx: CheckContext) -> Any:
    """The cell of a party's first item stating `col`, else its Interna poster flik or file."""
    flik = ctx.report.fliks.interna
    item = next((i for i in side.items if col in i.values), side.items[0] if side.items else None)
    path: Path = (flik, item.index, col) if item is not None else (flik,)
    return unit.sources.at(path) if unit.sources is not None else unit.source


def _mismatch_warning(
    flow: Flow, side: Party, other: Party, selling: bool, col: str, where: dict[str, Any], ctx: CheckContext
) -> Issue:
    def name(ansvar: str) -> str:
        node = ctx.organisation.get(ansvar)
        return f"{node.name} ({ansvar})" if node else ansvar

    column = ctx.report.column(col).title(ctx.year)
    seller, buyer = flow.seller, flow.buyer
    sold = f"försäljning till {name(buyer.ansvar)} om {fmt_tkr(seller.total(col))} tkr"
    bought = (
        f"köp från {name(seller.ansvar)} om {fmt_tkr(buyer.total(col))} tkr"
        if buyer.states(col)
        else f"inget köp från {name(seller.ansvar)}"
    )
    if not seller.states(col):
        sold = f"ingen försäljning till {name(buyer.ansvar)}"
    mine, theirs = (sold, bought) if selling else (bought, sold)
    msg = (
        f"Interna poster stämmer inte med motparten ({column}): här anges {mine}, men {name(other.ansvar)} "
        f"anger {theirs} ({where[other.ansvar]}). Skillnaden, {fmt_tkr(abs(flow.difference(col)))} tkr, "
        "elimineras inte. Rätta den sida som är fel."
    )
    return warning(INTERNAL_MISMATCH, msg, where[side.ansvar], side.ansvar)


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
    check_flik_set,
    check_characters,
    check_year,
    check_month,
    check_signs,
    check_decimals,
    check_sums,
    check_signals,
    check_forecasts,
    check_internal_items,
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
