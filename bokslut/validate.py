"""Validate: raw inputs in, immutable `UnitData` and issues out (`Checked`).

Each input is parsed against the report's model (`bokslut.parse`), every check runs over it
(`bokslut.checks`), and what passed becomes a unit's figures (`bokslut.units`).

Every problem of a run is collected, never only the first: a value the model rejects is
reported and dropped so the remaining checks still run. The checks are a list of small
functions `check(unit, ctx) -> list[Issue]` that a kommun can extend.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bokslut.checks import (
    CHECKS,
    MISSING_INPUT,
    MISSING_OWN_INPUT,
    Check,
    CheckContext,
    check_coverage,
    check_internal_pairs,
)
from bokslut.combine import combine
from bokslut.issues import Issue, Source, internal
from bokslut.organisation import Organisation
from bokslut.parse import parse
from bokslut.sources.base import RawInput
from bokslut.units import Unit, UnitData, to_unit_data

if TYPE_CHECKING:
    from bokslut.rules import Rules
    from bokslut.shared import SharedPlan


@dataclass
class Checked:
    """Everything known after validation: the tree, the clean units and every issue."""

    organisation: Organisation
    units: list[UnitData]
    issues: list[Issue]
    #: what the owners shared down to the units, and the assessment rules (unit follow-ups)
    plan: SharedPlan | None = None
    rules: Rules | None = None

    @property
    def rejected(self) -> dict[str, int]:
        """ansvar → number of errors in its input."""
        counts: dict[str, int] = {}
        for issue in self.issues:
            if issue.is_error and issue.ansvar:
                counts[issue.ansvar] = counts.get(issue.ansvar, 0) + 1
        return counts


def validate(
    raws: list[RawInput], ctx: CheckContext, checks: list[Check] | None = None, *, coverage: bool = True
) -> tuple[list[UnitData], list[Issue]]:
    """Run the model and every check over every input; return the clean units and all issues.

    Without `coverage`, nodes of the organisation that have no input are not reported: an
    import of one unit's file is complete on its own (bokslut status shows who is missing).
    The inputs of one ansvar (an export's figures, a workbook's texts) are one unit (`combine`).
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
    try:
        issues += check_internal_pairs(out, ctx)
    except Exception:
        issues.append(internal("de interna posterna stämdes av", Source()))
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
