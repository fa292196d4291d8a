"""What an import offers the store: one document per ansvar, or the count of its errors.

An ansvar whose input had errors offers nothing to store (status shows it as rejected); one that
answered nothing of what was shared down to it is missing, not rejected. A flat drift export and a
workbook's texts for the same ansvar are merged into one document.
"""

from __future__ import annotations

from bokslut.domain import Level
from bokslut.store import Offer
from bokslut.unit_checks import NO_FOLLOW_UP
from bokslut.units import UnitData
from bokslut.validate import Checked


def offers(checked: Checked) -> list[Offer]:
    """One offer per ansvar with input; a node without input is missing, not rejected."""
    rejected = checked.rejected
    skipped = unanswered(checked)
    by_ansvar: dict[str, list[UnitData]] = {}
    for unit in checked.units:
        by_ansvar.setdefault(unit.ansvar, []).append(unit)
    files: dict[str, set[str]] = {}
    warnings: dict[str, int] = {}
    for issue in checked.issues:
        if issue.ansvar:
            if issue.source.file:
                files.setdefault(issue.ansvar, set()).add(issue.source.file)
            if not issue.is_error:
                warnings[issue.ansvar] = warnings.get(issue.ansvar, 0) + 1
    result = []
    for ansvar in sorted({*by_ansvar, *rejected} - skipped):
        units = by_ansvar.get(ansvar, [])
        read = {f for u in units for f in (u.files or (u.source.file,))}
        names = sorted(read | (files.get(ansvar, set()) if not units else set()))
        namnd = checked.organisation.nearest(ansvar, Level.NAMND)
        document: dict[str, object] | None = None
        if ansvar not in rejected:
            document = {}
            for unit in units:
                document.update({k: v for k, v in unit.document.items() if k not in document or v})
        result.append(
            Offer(
                ansvar,
                document,
                ", ".join(names),
                errors=rejected.get(ansvar, 0),
                warnings=warnings.get(ansvar, 0),
                namnd=namnd.ansvar if namnd else None,
            )
        )
    return result


def unanswered(checked: Checked) -> set[str]:
    """Units that answered nothing of what was shared down to them: their follow-up is missing,
    so nothing is stored for them and status shows them as missing."""
    return {i.ansvar for i in checked.issues if i.code == NO_FOLLOW_UP and i.ansvar}
