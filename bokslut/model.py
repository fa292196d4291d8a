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


class StatRow(Frozen):
    """One measure of a personnel table: last year and this year."""

    fg: Amount = Field(None, description="Föregående år.")
    ar: Amount = Field(None, alias="år", description="I år.")


def _fields_from(keys: dict[str, str], annotation: Any, default: Any) -> dict[str, Any]:
    return {key: (annotation, Field(default, alias=label)) for key, label in keys.items()}


def _table_model(table: TableSpec) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for row in table.rows:
        kind: Any = Group if row.kind is RowKind.GROUP else Amounts
        fields[row.key] = (kind | None, Field(None, alias=row.label))
    return create_model(f"Tabell_{table.key}", __base__=Frozen, **fields)


Texter = create_model("Texter", __base__=Frozen, **_fields_from(TEXTS, Text, ""))
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
    """The model of one ansvar's input to `report`: one field per flik, aliased by flik name."""
    return _input_model(report.key)


@cache
def _input_model(report_key: str) -> type[BaseModel]:
    report = REPORTS[report_key]
    if report.input_of is not None:  # a unit follow-up reads its report's input
        return _input_model(report.input_of)
    names = report.fliks
    fields: dict[str, Any] = {"uppgifter": (Uppgifter, Field(alias=names.uppgifter))}
    for key, flik in report.table_fliks.items():
        fields[key] = (_table_model(TABLES[key]) | None, Field(None, alias=flik))
    fields |= {
        "texter": (Texter | None, Field(None, alias=names.texter)),
        "texter_drift": (DriftTexts | None, Field(None, alias=names.texter_drift)),
    }
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
