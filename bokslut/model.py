"""The validated shapes of the inputs, shared by every source (Excel, JSON, flat export).

A reader turns its file into plain data shaped like the JSON form (one object per flik) and
validates it against `input_model(report)`; the JSON Schema that `bokslut schema` prints is the
same model's. Records are immutable; where each value came from is kept beside them in a
`SourceMap`, so a later stage can still point at the original cell.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from bokslut.domain import (
    BUDGET_TEXTS,
    FORECAST_POINTS,
    REPORTS,
    STAT_TABLES,
    TABLES,
    TEXTS,
    ReportSpec,
    RowKind,
    StatTable,
    TableSpec,
    readers_of,
)
from bokslut.issues import Source
from bokslut.numbers import NotANumber, OutOfScale, parse_number


def _amount(value: object) -> Decimal | None:
    try:
        return parse_number(value)
    except OutOfScale as exc:
        raise ValueError(f"”{_shown(value)}” är större än något belopp i en kommun (10¹² tkr eller mer)") from exc
    except NotANumber as exc:
        raise ValueError(f"”{_shown(value)}” är inte ett belopp") from exc


def _shown(value: object) -> str:
    """A value as a message shows it: booleans as the workbook's words, long ones cut short."""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, int) and abs(value) >= 10**30:
        return "ett tal med fler än 30 siffror"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _text(value: object) -> str:
    """A cell as text: empty for nothing, 81911 rather than 81911.0 for a code Excel stored as a number."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def code_text(value: object) -> str:
    """An ansvar code as typed in a cell or JSON, without surrounding spaces."""
    return _text(value).strip()


Amount = Annotated[
    Decimal | None,
    BeforeValidator(_amount),
    Field(description="Belopp i tkr; kostnader med minustecken. Text i svensk form godtas."),
]
Text = Annotated[str, BeforeValidator(_text)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")


class Amounts(Frozen):
    """One row of a table: the report's columns, in tkr."""

    budget: Amount = None
    prognos: Amount = None
    avvikelse: Amount = Field(None, description="Beräknas; kontrolleras om ifyllt.")
    utfall: Amount = Field(None, description="Utfall för perioden.")
    utfall_fg: Amount = Field(None, description="Utfall samma period föregående år (nämndbeslutat).")
    diff: Amount = Field(None, description="Beräknas; kontrolleras om ifyllt.")


class Project(Amounts):
    namn: Text


class Group(Frozen):
    """A category row (EIRA) and the projects under it."""

    projekt: tuple[Project, ...] = ()
    summa: Amounts | None = Field(None, description="Kategorins rad; beräknas från projekten.")


class Uppgifter(Frozen):
    ansvar: Text
    namn: Text = ""
    år: int | None = None
    #: the month the input is made per (optional): a månadsuppföljning's input can say it
    månad: int | None = None


class DriftText(Frozen):
    prognos: Text = ""
    prognosforandring: Text = Field("", alias="prognosförändring")
    utfall: Text = ""
    jamforelse: Text = Field("", alias="jämförelse")


class KeyFigure(Frozen):
    namn: Text
    mal: Text = Field("", alias="mål")
    utfall: Text = ""
    utfall_fg: Text = ""
    utfall_fg2: Text = ""


class Goal(Frozen):
    nr: Text = ""
    prioriterat_mal: Text = Field("", alias="prioriterat_mål")
    namndmal: Text = Field(alias="nämndens_mål")
    agenda_2030: Text = ""
    bedomning: Text = Field("", alias="bedömning")
    kommentar: Text = ""
    nyckeltal: tuple[KeyFigure, ...] = ()


class Assignment(Frozen):
    nr: Text = ""
    uppdrag: Text
    redogorelse: Text = Field("", alias="redogörelse")
    bedomning: Text = Field("", alias="bedömning")


class Control(Frozen):
    vad: Text
    frekvens: Text = ""
    metod: Text = ""
    bedomning: Text = Field("", alias="bedömning")
    resultat: Text = ""
    atgard: Text = Field("", alias="åtgärd")


class WorkEnvironmentGoal(Frozen):
    mal: Text = Field(alias="mål")
    nyckeltal: Text = ""
    malvarde: Text = Field("", alias="målvärde")
    nulage: Text = Field("", alias="nuläge")
    kommentar: Text = Field("", description="En avdelnings eller enhets kommentar till arbetsmiljömålet.")


class Factor(Frozen):
    """A unit's follow-up of one kritisk verksamhetsfaktor shared to it (flik Kritiska faktorer)."""

    nr: Text = Field(description="Faktorns nummer i den delade definitionen, t.ex. K1.")
    faktor: Text = Field("", description="Faktorns namn (valfritt; namnet tas från definitionen).")
    utfall: Text = Field("", description="Periodens utfall, t.ex. 7,4 % eller 3.")
    utfall_fg: Text = Field("", description="Föregående års utfall; ger trenden.")
    bedomning: Text = Field(
        "", alias="bedömning", description="Tomt: regeln räknar fram bedömningen. Ifyllt: satt manuellt."
    )
    analys: Text = ""


class InternalItem(Frozen):
    """The internal part of one drift row: what was sold to or bought from another ansvar of the
    kommun (the motpart). The drift row holds the whole amount, this item says how much of it is
    internal; at a node above both parties the pair is eliminated."""

    kontogrupp: Text = Field(description="Driftradens kontogrupp, t.ex. Verksamhetens intäkter eller Köp av tjänster.")
    motpart: Text = Field(description="Motpartens ansvarskod.")
    budget: Amount = None
    prognos: Amount = None
    utfall: Amount = None
    utfall_fg: Amount = None


class PlanAmounts(Frozen):
    """One drift row of the budget: last year's budget, this year's and the two plan years, in tkr."""

    budget_fg: Amount = Field(None, description="Föregående års budget (nämndbeslutad).")
    budget: Amount = Field(None, description="Årets budget.")
    plan_1: Amount = Field(None, description="Planår 1 (året efter budgetåret).")
    plan_2: Amount = Field(None, description="Planår 2.")


class LongPlanAmounts(PlanAmounts):
    """One row of the budget's investment or förutbetalda table: up to four plan years."""

    plan_3: Amount = Field(None, description="Planår 3.")
    plan_4: Amount = Field(None, description="Planår 4.")


class PlanProject(LongPlanAmounts):
    namn: Text


class PlanGroup(Frozen):
    """A category row (EIRA) of the budget and the projects under it."""

    projekt: tuple[PlanProject, ...] = ()
    summa: LongPlanAmounts | None = Field(None, description="Kategorins rad; beräknas från projekten.")


class PlanKeyFigure(Frozen):
    """A nyckeltal of a goal in the budget: what is followed up, its target and where it starts."""

    namn: Text = Field(description="Uppföljning/nyckeltal: vad som mäts och var uppgiften hämtas.")
    malvarde: Text = Field("", alias="målvärde", description="Målvärde för budgetåret.")
    nulage: Text = Field("", alias="nuläge", description="Nuläge: föregående års värde (ingångsvärdet).")


class PlanGoal(Frozen):
    """A nämndmål of the budget with its styrkedja (flik Budget mål, nyckeltal on Budget nyckeltal)."""

    nr: Text = ""
    prioriterat_mal: Text = Field("", alias="prioriterat_mål", description="Kommunfullmäktiges prioriterade mål.")
    indikator: Text = Field("", description="Fullmäktiges indikator; tom för ett eget mål.")
    namndmal: Text = Field(alias="nämndens_mål")
    agenda_2030: Text = Field("", description="Koppling till Agenda 2030 (mål nr och namn).")
    motivering: Text = Field("", description="Varför målet är relevant; kopplingen till indikatorn.")
    nyckeltal: tuple[PlanKeyFigure, ...] = ()


class PlanAssignment(Frozen):
    """An uppdrag the budget lists: from kommunfullmäktige or from the nämnd."""

    nr: Text = ""
    uppdrag: Text
    fran: Text = Field("", alias="från", description="Kommunfullmäktige eller Nämnden.")
    beskrivning: Text = ""


class PlanWorkEnvironmentGoal(Frozen):
    mal: Text = Field(alias="mål")
    nyckeltal: Text = ""
    malvarde: Text = Field("", alias="målvärde", description="Målvärde för budgetåret.")
    nulage: Text = Field("", alias="nuläge", description="Nuläge: föregående års värde.")


class Risk(Frozen):
    """One row of the väsentlighets- och riskanalys. Sannolikhet and konsekvens are 1–4; the
    riskvärde is computed (a typed one is checked); the hantering must fit the value."""

    nr: Text = ""
    risk: Text = Field(description="Risken – beskrivning.")
    process: Text = ""
    sannolikhet: Text = Field("", description="1 osannolik, 2 mindre sannolik, 3 möjlig, 4 sannolik.")
    konsekvens: Text = Field("", description="1 försumbar, 2 lindrig, 3 kännbar, 4 allvarlig.")
    riskvarde: Text = Field(
        "", alias="riskvärde", description="Sannolikhet × konsekvens; beräknas, kontrolleras om ifyllt."
    )
    hantering: Text = Field(
        "", description="Ingen åtgärd, Mål, Internkontrollpunkt, Kritisk verksamhetsfaktor eller Omedelbar åtgärd."
    )


class PlannedControl(Frozen):
    """A point of the internkontrollplan: what is checked, how, how often, by whom, reported when."""

    risk: Text = Field("", description="Identifierad risk, som i väsentlighets- och riskanalysen.")
    process: Text = ""
    riskvarde: Text = Field("", alias="riskvärde", description="Riskens värde; tas från analysen om tomt.")
    vad: Text = Field(description="Vad ska kontrolleras?")
    metod: Text = ""
    frekvens: Text = ""
    ansvarig: Text = Field("", description="Vem ansvarar för att kontrollen blir genomförd?")
    rapporteras_till: Text = Field("", description="Vem kontrollen rapporteras till.")
    uppfoljning: Text = Field(
        "", alias="uppföljning", description="När kontrollen följs upp, t.ex. delårs- och årsbokslut."
    )


class StatRow(Frozen):
    """One measure of a personnel table: last year and this year."""

    fg: Amount = Field(None, description="Föregående år.")
    ar: Amount = Field(None, alias="år", description="I år.")


def _fields_from(keys: dict[str, str], annotation: Any, default: Any) -> dict[str, Any]:
    return {key: (annotation, Field(default, alias=label)) for key, label in keys.items()}


def _table_model(table: TableSpec, plan: bool = False) -> type[BaseModel]:
    """A table's rows; the budget's rows have its columns (the project tables plan four years)."""
    fields: dict[str, Any] = {}
    for row in table.rows:
        if plan:
            kind: Any = (
                PlanGroup if row.kind is RowKind.GROUP else LongPlanAmounts if table.has_projects else PlanAmounts
            )
        else:
            kind = Group if row.kind is RowKind.GROUP else Amounts
        fields[row.key] = (kind | None, Field(None, alias=row.label))
    name = f"Budget_{table.key}" if plan else f"Tabell_{table.key}"
    return create_model(name, __base__=Frozen, **fields)


Texter = create_model("Texter", __base__=Frozen, **_fields_from(TEXTS, Text, ""))
BudgetTexter = create_model("BudgetTexter", __base__=Frozen, **_fields_from(BUDGET_TEXTS, Text, ""))
DriftTexts = create_model(  # type: ignore[call-overload]
    "TexterDrift",
    __base__=Frozen,
    **{r.key: (DriftText | None, Field(None, alias=r.label)) for r in TABLES["drift"].rows if r.is_input},
)


class ForecastPoint(Frozen):
    """An earlier forecast of Årets resultat, for the prognossäkerhet table."""

    prognos: Amount = None
    avvikelse: Amount = Field(None, description="Bokslut − prognos; beräknas, kontrolleras om ifyllt.")


Prognossakerhet = create_model(  # type: ignore[call-overload]
    "Prognossakerhet",
    __base__=Frozen,
    **{key: (ForecastPoint | None, Field(None, alias=label)) for key, label in FORECAST_POINTS.items()},
)


def stat_model(table: StatTable) -> type[BaseModel]:
    return _stat_model(table.key)


@cache
def _stat_model(key: str) -> type[BaseModel]:
    table = STAT_TABLES[key]
    fields = {f"r{i}": (StatRow | None, Field(None, alias=label)) for i, label in enumerate(table.rows)}
    return create_model(f"Tabell_{key}", __base__=Frozen, **fields)  # type: ignore[call-overload, no-any-return]


def input_model(report: ReportSpec) -> type[BaseModel]:
    """The model of one ansvar's input to `report`: one field per flik, aliased by flik name. A
    unit follow-up and a sammanställning read the input of the report they follow."""
    return _input_model(report.input_of or report.key)


@cache
def _input_model(report_key: str) -> type[BaseModel]:
    report = REPORTS[report_key]
    names = report.fliks
    fields: dict[str, Any] = {"uppgifter": (Uppgifter, Field(alias=names.uppgifter))}
    for key, flik in report.table_fliks.items():
        fields[key] = (_table_model(TABLES[key], report.plan) | None, Field(None, alias=flik))
    if report.plan:
        return _budget_model(report, fields)
    fields |= {
        "texter": (Texter | None, Field(None, alias=names.texter)),
        "texter_drift": (DriftTexts | None, Field(None, alias=names.texter_drift)),
    }
    fields["interna"] = (tuple[InternalItem, ...], Field((), alias=names.interna))
    if report.forecast_flik:
        fields["prognossakerhet"] = (Prognossakerhet | None, Field(None, alias=report.forecast_flik))
    if report.has("mal"):
        fields["mal"] = (tuple[Goal, ...], Field((), alias=names.mal))
    if report.has("uppdrag"):
        fields["uppdrag"] = (tuple[Assignment, ...], Field((), alias=names.uppdrag))
    if report.has("kontroll"):
        fields["internkontroll"] = (tuple[Control, ...], Field((), alias=names.internkontroll))
    if report.has("personal"):
        fields["arbetsmiljo"] = (tuple[WorkEnvironmentGoal, ...], Field((), alias=names.arbetsmiljo))
    for key in report.stat_tables:
        table = STAT_TABLES[key]
        fields[key] = (stat_model(table) | None, Field(None, alias=table.flik))
    if any(r.has("faktorer") for r in readers_of(report)):
        fields["faktorer"] = (tuple[Factor, ...], Field((), alias=names.faktorer))
    return create_model(f"Indata_{report.key}", __base__=Frozen, **fields)


#: The budget's list flikar: section → (field, FlikNames attribute, row model).
PLAN_LISTS: dict[str, tuple[str, str, type[BaseModel]]] = {
    "budgetmal": ("budgetmal", "budgetmal", PlanGoal),
    "budgetuppdrag": ("budgetuppdrag", "budgetuppdrag", PlanAssignment),
    "budgetarbetsmiljo": ("budgetarbetsmiljo", "budgetarbetsmiljo", PlanWorkEnvironmentGoal),
    "risker": ("risker", "risker", Risk),
    "kontrollplan": ("kontrollplan", "kontrollplan", PlannedControl),
}


def _budget_model(report: ReportSpec, fields: dict[str, Any]) -> type[BaseModel]:
    """Nämndens budget: its tables, its text flik and a list flik per section of the plan."""
    names = report.fliks
    fields["texter"] = (BudgetTexter | None, Field(None, alias=names.budgettexter))
    for section, (name, flik, row) in PLAN_LISTS.items():
        if report.has(section):
            fields[name] = (tuple[row, ...], Field((), alias=getattr(names, flik)))  # type: ignore[valid-type]
    return create_model(f"Indata_{report.key}", __base__=Frozen, **fields)


def flik_aliases(report: ReportSpec) -> dict[str, str]:
    """Field name → flik name for the top level of a report's input."""
    model = input_model(report)
    return {name: f.alias or name for name, f in model.model_fields.items()}


Path = tuple[str | int, ...]


class SourceMap:
    """Where each value of an input came from, by its path in the JSON-shaped data.

    For a workbook the reader records the cell of every value it read; for JSON the location is
    the path itself. `at(path)` finds the nearest recorded ancestor, so a problem with a whole
    row or flik still points somewhere useful.
    """

    def __init__(self, base: Source) -> None:
        self.base = base
        self._cells: dict[Path, Source] = {}

    def record(self, path: Path, source: Source) -> None:
        self._cells[path] = source

    def items(self) -> list[tuple[Path, Source]]:
        """Every recorded path and its source."""
        return list(self._cells.items())

    def at(self, path: Path) -> Source:
        for end in range(len(path), -1, -1):
            found = self._cells.get(path[:end])
            if found is not None:
                return found
        return self.base


def json_path(path: Path) -> str:
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f"[{_quote(part)}]"
    return text


def _quote(key: str) -> str:
    return '"' + key.replace('"', '\\"') + '"'
