"""Goals shared down: what a nämnd, förvaltning or avdelning assigns to the units below it.

Each owner defines its nämndmål, arbetsmiljömål, kritiska verksamhetsfaktorer,
internkontrollpunkter and uppdrag once, in one JSON file per year (docs/indata.md, "Delat till
enheterna"), each item with the ansvar it is shared to (by default every avdelning and enhet
below the owner). A unit's input is checked against it (`bokslut.unit_checks`) and the unit
documents list what was shared, with what each unit wrote (`bokslut.unit_context`).

An item shared to an enhet is also the concern of every node between the owner and that enhet:
the avdelning summarises what its enheter wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from bokslut.domain import SHARED_KINDS, UNIT_LEVELS, loose
from bokslut.issues import Issue, Source, error
from bokslut.model import Frozen, Text, json_path
from bokslut.organisation import Organisation
from bokslut.rules import Assessment, Rules, assess, describe, trend, value_of
from bokslut.safeload import load_json


class Item(Frozen):
    nr: Text = ""
    namn: Text = ""
    delas_till: tuple[Text, ...] | None = Field(
        None, description="Ansvar som punkten delas till; utelämnad: alla avdelningar och enheter under ägaren."
    )


class FactorItem(Item):
    nyckeltal: Text = ""
    enhet: Text = Field("%", description="Nyckeltalets enhet: %, personer, antal …")
    regel: Text = Field(
        "", description="Regelns nyckel i bedomning.toml; tom: ingen regel, bedömningen sätts för hand."
    )
    malvarde: Text = Field("", alias="målvärde")
    referens: Text = Field("", description="Verksamheten vars riksmedelvärde gäller (jämför_med_referens).")


class ControlItem(Item):
    vad: Text = Field(description="Vad kontrolleras? (som i internkontrollplanen)")


class PlanFile(Frozen):
    ar: int = Field(alias="år")
    agare: Text = Field(alias="ägare", description="Ansvaret som äger punkterna och delar ut dem.")
    namndmal: tuple[Item, ...] = Field((), alias="nämndmål")
    arbetsmiljomal: tuple[Item, ...] = Field((), alias="arbetsmiljömål")
    kritiska_faktorer: tuple[FactorItem, ...] = ()
    internkontroll: tuple[ControlItem, ...] = ()
    uppdrag: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Shared:
    """One item as shared: its kind, owner, definition and where it was defined."""

    kind: str
    owner: str
    item: Any
    source: Source

    @property
    def title(self) -> str:
        return str(self.item.vad if self.kind == "kontroll" else self.item.namn)

    @property
    def label(self) -> str:
        nr = f"{self.item.nr} " if self.item.nr else ""
        return f"{nr}”{self.title}”"


@dataclass(frozen=True)
class SharedPlan:
    items: tuple[Shared, ...]
    organisation: Organisation

    def applies(self, shared: Shared, ansvar: str) -> bool:
        """Whether `ansvar` (an avdelning or enhet) is to report on `shared`."""
        node = self.organisation.get(ansvar)
        if node is None or node.level not in UNIT_LEVELS:
            return False
        if shared.owner not in {a.ansvar for a in self.organisation.ancestors(ansvar)}:
            return False
        targets = shared.item.delas_till
        if targets is None:
            return True
        below = {n.ansvar for n in self.organisation.walk(ansvar)}
        return any(t in below for t in targets)

    def for_unit(self, ansvar: str, kind: str | None = None) -> list[Shared]:
        return [s for s in self.items if (kind is None or s.kind == kind) and self.applies(s, ansvar)]

    def of_kind(self, kind: str) -> list[Shared]:
        return [s for s in self.items if s.kind == kind]


def read_shared(paths: Iterable[Path], organisation: Organisation, year: int) -> tuple[SharedPlan, list[Issue]]:
    """Read the owners' files (files, or folders of .json files); every problem as an issue."""
    items: list[Shared] = []
    issues: list[Issue] = []
    for path in _files(paths, issues):
        base = Source.of(path)
        data, found = load_json(path)
        issues += found
        if data is None:
            continue
        try:
            plan = PlanFile.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                where = Source(base.file, json_path=json_path(tuple(err["loc"])))
                issues.append(
                    error("delat.form", f"{_form_message(err)} Se docs/indata.md, Delat till enheterna.", where)
                )
            continue
        issues += _check_plan(plan, organisation, year, base)
        for kind in SHARED_KINDS.values():
            for i, item in enumerate(getattr(plan, kind.plan_field)):
                alias = PlanFile.model_fields[kind.plan_field].alias or kind.plan_field
                items.append(Shared(kind.key, plan.agare, item, Source(base.file, json_path=json_path((alias, i)))))
    return SharedPlan(tuple(items), organisation), issues


#: pydantic's error types, as what the value should be.
_FORM_MESSAGES = {
    "int_type": "Ska vara ett heltal.",
    "int_parsing": "Ska vara ett heltal.",
    "int_from_float": "Ska vara ett heltal.",
    "string_type": "Ska vara en text.",
    "list_type": "Ska vara en lista.",
    "tuple_type": "Ska vara en lista.",
    "dict_type": "Ska vara ett objekt.",
    "model_type": "Ska vara ett objekt.",
    "model_attributes_type": "Ska vara ett objekt.",
}


def _form_message(err: Any) -> str:
    """A pydantic error of an owner's file in Swedish (pydantic's own text is English)."""
    name = str(err["loc"][-1]) if err["loc"] else ""
    if err["type"] == "missing":
        return f"Uppgiften ”{name}” saknas. Fyll i den."
    if err["type"] == "extra_forbidden":
        return f"Okänt namn ”{name}”. Kontrollera stavningen."
    return _FORM_MESSAGES.get(err["type"], "Värdet har fel form.")


def _files(paths: Iterable[Path], issues: list[Issue]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.json"))
        elif path.exists():  # a FIFO or device too: the loader names it and skips it
            files.append(path)
        else:
            issues.append(
                error("delat.saknas", "Filen eller mappen finns inte. Kontrollera sökvägen.", Source(str(path)))
            )
    return files


def _check_plan(plan: PlanFile, organisation: Organisation, year: int, base: Source) -> list[Issue]:
    issues = []
    if plan.ar != year:
        msg = f"De delade målen gäller år {plan.ar}, men körningen gäller {year}. Använd årets fil."
        issues.append(error("delat.ar", msg, Source(base.file, json_path='$["år"]')))
    if organisation.get(plan.agare) is None:
        msg = f"Ägaren {plan.agare} finns inte i organisationen. Rätta ansvarskoden."
        issues.append(error("delat.agare", msg, Source(base.file, json_path='$["ägare"]')))
    for name in (kind.plan_field for kind in SHARED_KINDS.values()):
        alias = PlanFile.model_fields[name].alias or name
        for i, item in enumerate(getattr(plan, name)):
            for j, target in enumerate(item.delas_till or ()):
                node = organisation.get(target)
                owner_below = node is not None and plan.agare in {a.ansvar for a in organisation.ancestors(target)}
                if not owner_below:
                    msg = f"Ansvar {target} finns inte under ägaren {plan.agare}. Dela bara till enheter under ägaren."
                    where = Source(base.file, json_path=json_path((alias, i, "delas_till", j)))
                    issues.append(error("delat.mottagare", msg, where))
    return issues


# --- a unit's answer to an item -----------------------------------------------------------


def find_entry(shared: Shared, entries: tuple[Any, ...]) -> tuple[int, Any] | None:
    """The unit's row for `shared` (by number where both have one, else by name)."""
    for i, entry in enumerate(entries):
        if _same(shared, entry):
            return i, entry
    return None


def _same(shared: Shared, entry: Any) -> bool:
    item = shared.item
    nr = str(getattr(entry, "nr", "") or "")
    if item.nr and nr:
        return loose(item.nr) == loose(nr)
    return loose(shared.title) == loose(entry_title(shared.kind, entry))


def entry_title(kind: str, entry: Any) -> str:
    """What a unit's row names: the goal, the factor, the control, the uppdrag."""
    return str(getattr(entry, SHARED_KINDS[kind].title, "") or "")


def shared_rows(plan: SharedPlan, ansvar: str) -> dict[str, list[dict[str, str]]]:
    """What is shared to a unit as the rows of its list flikar (JSON-shaped, by the unit input's
    field: "faktorer" → [{"nr": "K1", "faktor": "Sjukfrånvaro"}]): its number and its name."""
    out: dict[str, list[dict[str, str]]] = {}
    for shared in plan.for_unit(ansvar):
        kind = SHARED_KINDS[shared.kind]
        row = {"nr": str(shared.item.nr), kind.title_key: shared.title}
        out.setdefault(kind.input_field, []).append({k: v for k, v in row.items() if v})
    return out


def comment_of(kind: str, entry: Any) -> str:
    """The unit's own words on an item: its comment, analysis, result or account."""
    return str(getattr(entry, SHARED_KINDS[kind].comment, "") or "").strip()


# --- a kritisk faktor assessed --------------------------------------------------------------


@dataclass(frozen=True)
class FactorResult:
    """A unit's figures of one factor with the rule's bedömning, the shown one and the trend."""

    outcome: Decimal | None
    previous: Decimal | None
    target: Decimal | None
    computed: Assessment | None  # None: no rule for the factor
    shown: str | None  # signal key shown in the document
    by_hand: bool
    trend: str
    rule_text: str


def evaluate(item: FactorItem, entry: Any, rules: Rules, year: int, *, small: bool, typed: str | None) -> FactorResult:
    """`typed` is the signal key the unit typed (already validated), or None."""
    outcome = value_of(entry.utfall) if entry is not None else None
    previous = value_of(entry.utfall_fg) if entry is not None else None
    target = value_of(item.malvarde)
    rule = rules.get(item.regel) if item.regel else None
    computed = None
    if rule is not None:
        computed = assess(
            rule,
            rules,
            outcome=outcome,
            target=target,
            reference=item.referens,
            unit=item.enhet,
            year=year,
            small=small,
        )
    shown = typed or (computed.signal if computed else None)
    by_hand = typed is not None and (computed is None or typed != computed.signal)
    return FactorResult(
        outcome,
        previous,
        target,
        computed,
        shown,
        by_hand,
        trend(outcome, previous),
        describe(rule, small=small, unit=item.enhet) if rule else "Ingen regel: bedömningen sätts för hand.",
    )
