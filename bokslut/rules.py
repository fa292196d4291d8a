"""Assessment rules as data: a kritisk verksamhetsfaktor's bedömning computed from its figures.

The rules of the units' bilaga 1 live in `data/bedomning.toml` (or a kommun's own copy): a rule
has a kind, and a small generic engine interprets the kinds, so a threshold, a national mean or
the list of small units changes without touching code:

* `jämför_med_referens`: the utfall against a reference value (rikets medelvärde) per verksamhet;
* `andel_av_målvärde`: the utfall as a percentage of the målvärde, against steps (100 %, 110 %);
* `antal_steg`: the utfall (a count) against steps, one fewer at each step for a small ansvar.

Trend follows from the utfall and the previous utfall. Everything here is pure: figures in,
an `Assessment` (signal key and the reasoning in Swedish) out.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bokslut.domain import SignalSet, loose, signal_sets
from bokslut.errors import BokslutError
from bokslut.numbers import NotANumber, count_change, counted, fmt_decimal, parse_number
from bokslut.safeload import load_toml, toml_problem

KINDS = ("jämför_med_referens", "andel_av_målvärde", "antal_steg")
NO_VALUE = "inget_varde"
FACTOR_SET = "kritisk_faktor"


class RulesError(BokslutError):
    """The rules file cannot be used (a setup problem, not the units' data)."""


@dataclass(frozen=True)
class Step:
    upto: Decimal
    signal: str


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    kind: str
    steps: tuple[Step, ...] = ()
    above: str = ""
    reference: str = ""
    higher: str = ""
    equal: str = ""
    lower: str = ""
    small_offset: int = 0


@dataclass(frozen=True)
class Rules:
    rules: dict[str, Rule]
    #: reference table → verksamhet → year → value
    references: dict[str, dict[str, dict[int, Decimal]]]
    small_units: frozenset[str]
    small_budget_limit: int | None
    source: str

    def get(self, key: str) -> Rule | None:
        wanted = loose(key)
        return next((r for k, r in self.rules.items() if loose(k) == wanted), None)

    def reference(self, table: str, verksamhet: str, year: int) -> tuple[int, Decimal] | None:
        """The latest (year, value) of `table` for `verksamhet` not after `year`."""
        by_name = {loose(k): v for k, v in self.references.get(table, {}).items()}
        years = {y: v for y, v in by_name.get(loose(verksamhet), {}).items() if y <= year}
        if not years:
            return None
        latest = max(years)
        return latest, years[latest]

    def is_small(self, ansvar: str, personnel_budget: int | None) -> bool:
        """Whether `ansvar` counts as small: listed, or its own personnel budget (tkr) under the limit."""
        if ansvar in self.small_units:
            return True
        limit = self.small_budget_limit
        return limit is not None and personnel_budget is not None and abs(personnel_budget) < limit


@dataclass(frozen=True)
class Assessment:
    """A computed bedömning: the signal key (kritisk_faktor set) and why, in Swedish."""

    signal: str
    reason: str


DEFAULT = "data/bedomning.toml"


def load_rules(path: Path | None = None) -> Rules:
    """The default rules shipped with bokslut, or a kommun's own file."""
    if path is None:
        return _default()
    data, problem = load_toml(path)
    if data is None:
        reason = problem.message if problem else "Filen kan inte läsas."
        raise RulesError(f"Regelfilen {path.name}: {reason}")
    return rules_from(data, path.name)


@cache
def _default() -> Rules:
    return parse_rules(resources.files("bokslut").joinpath(DEFAULT).read_text("utf-8"), "bedomning.toml")


def parse_rules(text: str, source: str) -> Rules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{source}: regelfilen är inte giltig TOML: {toml_problem(str(exc))}. Rätta filen.") from exc
    return rules_from(data, source)


def rules_from(data: dict[str, Any], source: str) -> Rules:
    """The rules of a parsed TOML document; a RulesError in Swedish for anything of the wrong form."""
    signals = signal_sets()[FACTOR_SET]
    specs = _table(data, "regler", source)
    rules = {key: _rule(key, _table(specs, key, source, "regler."), signals, source) for key in specs}
    references: dict[str, dict[str, dict[int, Decimal]]] = {}
    tables = _table(data, "referensvärden", source)
    for table in tables:
        by_verksamhet = _table(tables, table, source, "referensvärden.")
        references[table] = {
            name: _years(_table(by_verksamhet, name, source, f"referensvärden.{table}."), source, f"{table}.{name}")
            for name in by_verksamhet
        }
    for rule in rules.values():
        if rule.kind == "jämför_med_referens" and rule.reference not in references:
            raise RulesError(f"{source}: regeln {rule.key} hänvisar till referensvärden.{rule.reference}, som saknas.")
    small = _table(data, "små_enheter", source)
    limit = small.get("personalbudget_under_tkr")
    members = small.get("ansvar", [])
    if not isinstance(members, list):
        raise RulesError(f'{source}: små_enheter.ansvar ska vara en lista av ansvar, t.ex. ["81911", "81912"].')
    return Rules(
        rules,
        references,
        frozenset(str(a) for a in members),
        int(_number(limit, source, "små_enheter.personalbudget_under_tkr")) if limit is not None else None,
        source,
    )


def _table(data: dict[str, Any], key: str, source: str, prefix: str = "") -> dict[str, Any]:
    """`data[key]` as a TOML table ({} when absent)."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise RulesError(f"{source}: {prefix}{key} ska vara en tabell ([{prefix}{key}]), inte ett enskilt värde.")
    return value


def _years(values: dict[str, Any], source: str, where: str) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for year, value in values.items():
        if not year.isdigit() or len(year) != 4:
            raise RulesError(f"{source}: referensvärden.{where} har nyckeln ”{year}”; ange år, t.ex. 2022 = 81.")
        out[int(year)] = _number(value, source, f"referensvärden.{where}.{year}")
    return out


def _rule(key: str, spec: dict[str, Any], signals: SignalSet, source: str) -> Rule:
    where = f"{source}: regeln {key}"
    kind = spec.get("typ", "")
    if kind not in KINDS:
        raise RulesError(f"{where} har typen ”{kind}”; använd en av {', '.join(KINDS)}.")

    def signal(name: str) -> str:
        text = spec.get(name, "")
        found = signals.find(text) if isinstance(text, str) else None
        if found is None:
            raise RulesError(f"{where}: ”{name}” är ”{text}”, som inte är en signal. Använd en av: {signals.labels}.")
        return found.key

    steps = tuple(_parse_step(s, signals, where, source, key) for s in _steps(spec, where))
    if kind != "jämför_med_referens" and (not steps or list(steps) != sorted(steps, key=lambda s: s.upto)):
        raise RulesError(f"{where}: stegen ska anges i stigande ordning (till = …).")
    reference = kind == "jämför_med_referens"
    offset = _number(spec.get("små_enheter_avdrag", 0), source, f"{key}.små_enheter_avdrag")
    return Rule(
        key=key,
        name=str(spec.get("namn", key)),
        kind=kind,
        steps=steps,
        above=signal("över") if not reference else "",
        reference=str(spec.get("referens", "")) if reference else "",
        higher=signal("högre") if reference else "",
        equal=signal("lika") if reference else "",
        lower=signal("lägre") if reference else "",
        small_offset=int(offset),
    )


def _steps(spec: dict[str, Any], where: str) -> list[dict[str, Any]]:
    steps = spec.get("steg", [])
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        raise RulesError(f'{where}: steg ska vara en lista som [{{ till = 100, signal = "Utan anmärkning" }}].')
    return steps


def _parse_step(step: dict[str, Any], signals: SignalSet, where: str, source: str, key: str) -> Step:
    text = step.get("signal", "")
    found = signals.find(text) if isinstance(text, str) else None
    if found is None:
        raise RulesError(f"{where}: signalen ”{text}” finns inte. Använd en av: {signals.labels}.")
    return Step(_number(step.get("till"), source, f"{key}.steg"), found.key)


def _number(value: Any, source: str, where: str) -> Decimal:
    try:
        number = parse_number(value)
    except NotANumber:
        number = None
    if number is None:
        raise RulesError(f"{source}: {where} ska vara ett tal, inte ”{value}”.")
    return number


def value_of(text: str) -> Decimal | None:
    """A nyckeltal's value as typed: "7,4 %", "88", "iu." or empty (no value)."""
    cleaned = text.replace("%", "").strip()
    if not cleaned or loose(cleaned) in ("iu.", "iu", "-", "–"):
        return None
    try:
        return parse_number(cleaned)
    except NotANumber:
        return None


def show(value: Decimal, unit: str) -> str:
    """A nyckeltal value for a sentence, with the decimals it was typed with: "7,4 %", "8,0 %", "3",
    "1 person", "3 personer"."""
    exponent = value.as_tuple().exponent
    places = min(-exponent, 2) if isinstance(exponent, int) and exponent < 0 else 0
    return counted(fmt_decimal(value, places), value, unit)


def small_note(rule: Rule, unit: str) -> str:
    """What a small ansvar's steps are, after the steps: " (litet ansvar: en person färre vid varje steg)"."""
    return f" (litet ansvar: {count_change(-rule.small_offset, unit)} vid varje steg)" if rule.small_offset else ""


def assess(
    rule: Rule,
    rules: Rules,
    *,
    outcome: Decimal | None,
    target: Decimal | None,
    reference: str,
    unit: str,
    year: int,
    small: bool,
) -> Assessment:
    """The bedömning `rule` gives for `outcome`; "Inget värde angivet" when a figure is missing."""
    if outcome is None:
        return Assessment(NO_VALUE, "Utfall saknas.")
    shown = show(outcome, unit)
    if rule.kind == "jämför_med_referens":
        found = rules.reference(rule.reference, reference, year)
        if found is None:
            return Assessment(NO_VALUE, f"Rikets medelvärde för ”{reference}” saknas i regelfilen.")
        ref_year, ref = found
        if outcome > ref:
            return Assessment(rule.higher, f"{shown} är högre än rikets medelvärde {ref_year} ({show(ref, unit)}).")
        if outcome == ref:
            return Assessment(rule.equal, f"{shown} är lika med rikets medelvärde {ref_year} ({show(ref, unit)}).")
        return Assessment(rule.lower, f"{shown} är lägre än rikets medelvärde {ref_year} ({show(ref, unit)}).")
    if rule.kind == "andel_av_målvärde":
        if target is None or target == 0:
            return Assessment(NO_VALUE, "Målvärde saknas.")
        share = outcome / target * 100
        return Assessment(
            _step(rule.steps, share, rule.above, 0),
            f"{shown} är {fmt_decimal(share, 1)} % av målvärdet {show(target, unit)}.",
        )
    offset = rule.small_offset if small else 0
    who = small_note(rule, unit) if small else ""
    return Assessment(_step(rule.steps, outcome, rule.above, offset), f"{shown}{who}.")


def describe(rule: Rule, *, small: bool = False, unit: str = "") -> str:
    """The rule as the instruction says it, for the document: which values give which signal.

    `small`: the steps of a small ansvar (one fewer at each step), said so; `unit`: the
    nyckeltal's enhet, for the steps of a count ("till och med 2 personer")."""
    label = _labels()
    if rule.kind == "jämför_med_referens":
        return (
            f"{rule.name}: högre än rikets medelvärde {label[rule.higher]}, lika med {label[rule.equal]}, "
            f"lägre {label[rule.lower]}."
        )
    offset = rule.small_offset if small else 0
    if rule.kind == "andel_av_målvärde":
        parts = [f"till och med {show(s.upto - offset, '')} % av målvärdet {label[s.signal]}" for s in rule.steps]
    else:
        parts = [f"till och med {show(s.upto - offset, unit)} {label[s.signal]}" for s in rule.steps]
    note = small_note(rule, unit) if small else ""
    return f"{rule.name}{note}: {', '.join(parts)}, däröver {label[rule.above]}."


def _step(steps: tuple[Step, ...], value: Decimal, above: str, offset: int) -> str:
    for step in steps:
        if value <= step.upto - offset:
            return step.signal
    return above


def trend(outcome: Decimal | None, previous: Decimal | None) -> str:
    """Ökad, Oförändrad or Minskad against the previous utfall; Inget värde angivet without one."""
    if outcome is None or previous is None:
        return NO_VALUE
    return "okad" if outcome > previous else "oforandrad" if outcome == previous else "minskad"


@cache
def _labels() -> dict[str, str]:
    return {s.key: s.label for s in signal_sets()[FACTOR_SET].signals}
