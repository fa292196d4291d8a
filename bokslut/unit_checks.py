"""Checks of a unit's follow-up: kritiska faktorer and what was shared down to the unit.

Small functions `check(unit, ctx) -> list[Issue]` like those in `checks.CHECKS`; the pipeline
runs both lists. The sharing checks need the owners' definitions (`ctx.plan`), the rule checks
also the rules (`ctx.rules`); without them they find nothing to check.
"""

from __future__ import annotations

from typing import Any

from bokslut.checks import Check, CheckContext
from bokslut.domain import SHARED_KINDS, UNIT_LEVELS, signal_sets
from bokslut.issues import Issue, error, warning
from bokslut.numbers import NotANumber, parse_number
from bokslut.rules import FACTOR_SET, NO_VALUE, Rules, value_of
from bokslut.shared import (
    FactorItem,
    Shared,
    SharedPlan,
    comment_of,
    entry_title,
    evaluate,
    find_entry,
)
from bokslut.units import Unit

#: The code of "a unit answered nothing of what was shared down to it".
NO_FOLLOW_UP = "uppfoljning.saknas"


def _flik(ctx: CheckContext, kind: str) -> str:
    return SHARED_KINDS[kind].flik(ctx.report.fliks)


def _entries(unit: Unit, kind: str) -> tuple[Any, ...]:
    return tuple(getattr(unit.input, SHARED_KINDS[kind].input_field, ()) or ())


def check_factor_values(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """Utfall that can be read as numbers, and a typed bedömning from the factors' signals."""
    issues = []
    flik = ctx.report.fliks.faktorer
    node = ctx.organisation.get(unit.ansvar)
    signals = signal_sets()[ctx.report.signal_set_of("faktorer", node.level if node else None) or FACTOR_SET]
    for i, row in enumerate(_entries(unit, "faktor")):
        for key, label in (("utfall", "Utfallet"), ("utfall_fg", "Föregående års utfall")):
            text = str(getattr(row, key)).replace("%", "").strip()
            if text and value_of(text) is None and text.lower() not in ("iu.", "iu"):
                msg = f"{label} ”{getattr(row, key)}” kan inte läsas som ett tal. Skriv t.ex. 7,4 % eller 3, eller lämna cellen tom."
                issues.append(error("faktor.utfall", msg, unit.at((flik, i, key)), unit.ansvar))
        if row.bedomning.strip() and signals.find(row.bedomning) is None:
            msg = f"Bedömningen ”{row.bedomning}” finns inte. Använd en av: {signals.labels}, eller lämna tomt så räknas den fram."
            issues.append(error("signal.okand", msg, unit.at((flik, i, "bedömning")), unit.ansvar))
    return issues


def check_shared(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """Every row answers an item shared to the unit; every shared item has the unit's comment."""
    plan = ctx.plan
    node = ctx.organisation.get(unit.ansvar)
    if plan is None or node is None or node.level not in UNIT_LEVELS:
        return []
    issues: list[Issue] = []
    missing: list[Issue] = []
    answered = 0
    shared_count = 0
    for kind in SHARED_KINDS:
        flik = _flik(ctx, kind)
        entries = _entries(unit, kind)
        mine = plan.for_unit(unit.ansvar, kind)
        shared_count += len(mine)
        for i, entry in enumerate(entries):
            if any(find_entry(s, (entry,)) for s in mine):
                continue
            issues.append(_not_shared(unit, plan, kind, flik, i, entry, f"{node.name} ({node.ansvar})"))
        for shared in mine:
            found = find_entry(shared, entries)
            if found is not None and comment_of(kind, found[1]):
                answered += 1
                continue
            word = SHARED_KINDS[kind].word
            where = unit.at((flik, found[0])) if found else unit.at((flik,))
            what = f"raden på fliken ”{flik}” saknar kommentar" if found else f"fliken ”{flik}” har ingen rad för det"
            msg = f"{word} {shared.label} är {SHARED_KINDS[kind].participle} till {node.name}, men {what}. Skriv enhetens kommentar."
            missing.append(warning("delat.utan_kommentar", msg, where, unit.ansvar))
    if shared_count and not answered:
        msg = (
            f"{node.name} ({node.ansvar}) har inte lämnat någon uppföljning av de {shared_count} punkter som har "
            "delats till enheten (mål, faktorer, internkontroll, uppdrag). Enheten namnges i dokumentet ovanför."
        )
        return [*issues, warning(NO_FOLLOW_UP, msg, unit.at(("Uppgifter",)), unit.ansvar)]
    return issues + missing


def _not_shared(unit: Unit, plan: SharedPlan, kind: str, flik: str, i: int, entry: Any, who: str) -> Issue:
    title = entry_title(kind, entry) or str(getattr(entry, "nr", ""))
    word = SHARED_KINDS[kind].word
    known = [s for s in plan.of_kind(kind) if find_entry(s, (entry,))]
    if known:
        owner = plan.organisation.get(known[0].owner)
        msg = (
            f"{word} ”{title}” är inte {SHARED_KINDS[kind].participle} till {who}. Ta bort raden, eller be "
            f"{owner.name if owner else known[0].owner} att dela det till enheten ({known[0].source.file})."
        )
    else:
        msg = (
            f"{word} ”{title}” finns inte bland det som har delats ut till {who}. Kontrollera nummer och "
            "namn mot de delade målen, eller ta bort raden."
        )
    return error("delat.ej_delat", msg, unit.at((flik, i)), unit.ansvar)


def check_factor_rules(unit: Unit, ctx: CheckContext) -> list[Issue]:
    """A bedömning typed by hand that contradicts what the rule gives is reported, with both."""
    plan, rules = ctx.plan, ctx.rules
    if plan is None or rules is None:
        return []
    issues = []
    flik = ctx.report.fliks.faktorer
    signals = signal_sets()[FACTOR_SET]
    entries = _entries(unit, "faktor")
    for shared in plan.for_unit(unit.ansvar, "faktor"):
        found = find_entry(shared, entries)
        if found is None or not found[1].bedomning.strip():
            continue
        i, entry = found
        typed = signals.find(entry.bedomning)
        if typed is None:
            continue
        result = evaluate(shared.item, entry, rules, ctx.year, small=_small(unit, rules), typed=typed.key)
        computed = result.computed
        if computed is None or computed.signal in (NO_VALUE, typed.key):
            continue
        rule_label = next(s.label for s in signals.signals if s.key == computed.signal)
        msg = (
            f"Bedömningen för {shared.label} är satt manuellt till ”{typed.label}”, men regeln ger "
            f"”{rule_label}” ({computed.reason.rstrip('.')}). Dokumentet visar ”{typed.label}” som satt manuellt. "
            "Kontrollera bedömningen, eller töm cellen så gäller regeln."
        )
        issues.append(warning("faktor.manuell_avviker", msg, unit.at((flik, i, "bedömning")), unit.ansvar))
    return issues


def _small(unit: Unit, rules: Rules) -> bool:
    drift = getattr(unit.input, "drift", None)
    row = getattr(drift, "personal", None) if drift is not None else None
    budget = getattr(row, "budget", None) if row is not None else None
    try:
        value = int(parse_number(budget)) if budget is not None else None  # type: ignore[arg-type]
    except NotANumber:
        value = None
    return rules.is_small(unit.ansvar, value)


def check_plan_rules(plan: SharedPlan, rules: Rules) -> list[Issue]:
    """Every factor's rule exists in the rules file."""
    issues = []
    for shared in plan.of_kind("faktor"):
        item: FactorItem = shared.item
        rule = rules.get(item.regel) if item.regel else None
        if item.regel and rule is None:
            known = ", ".join(sorted(rules.rules))
            msg = f"Regeln ”{item.regel}” finns inte i {rules.source}. Använd en av: {known}, eller lämna tomt."
            issues.append(error("delat.okand_regel", msg, shared.source))
        elif rule is not None and rule.kind == "andel_av_målvärde" and not value_of(item.malvarde):
            msg = (
                f"Målvärdet ”{item.malvarde}” för {shared.label} är inget tal, men regeln ”{item.regel}” räknar "
                "med det. Skriv målvärdet som ett tal större än noll, t.ex. 7 %."
            )
            issues.append(error("delat.malvarde", msg, shared.source))
    return issues


UNIT_CHECKS: list[Check] = [check_factor_values, check_shared, check_factor_rules]

__all__ = ["UNIT_CHECKS", "Shared", "check_plan_rules"]
