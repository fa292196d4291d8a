"""The pipeline, top to bottom: read → validate → aggregate → build context → render."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bokslut.aggregate import NodeReport, aggregate
from bokslut.context import build_context
from bokslut.domain import Level, ReportSpec
from bokslut.issues import Issue, Severity
from bokslut.organisation import Node, Organisation
from bokslut.render import render_docx
from bokslut.rules import Rules, load_rules
from bokslut.shared import SharedPlan, read_shared
from bokslut.sources import read_inputs
from bokslut.sources.organisation import read_organisation
from bokslut.unit_checks import UNIT_CHECKS, check_plan_rules
from bokslut.unit_context import build_unit_context
from bokslut.validate import CHECKS, CheckContext, UnitData, validate

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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


@dataclass
class RenderResult:
    rendered: list[tuple[Node, Path]] = field(default_factory=list)
    skipped: list[tuple[Node, str]] = field(default_factory=list)


def check(
    org_path: Path,
    inputs: Iterable[Path],
    report: ReportSpec,
    year: int,
    *,
    shared: Iterable[Path] = (),
    rules_path: Path | None = None,
) -> Checked:
    """Read and validate; nothing is written.

    `shared` are the owners' files of what is shared down to the units; `rules_path` a kommun's
    own assessment rules (the default ones otherwise). Both matter to the unit follow-ups.
    """
    organisation, issues = read_organisation(org_path)
    raws, read_issues = read_inputs(inputs, report, year)
    shared = list(shared)
    rules = load_rules(rules_path)
    plan = None
    if shared:
        plan, plan_issues = read_shared(shared, organisation, year)
        issues += plan_issues + check_plan_rules(plan, rules)
    context = CheckContext(report, year, organisation, plan, rules)
    units, found = validate(raws, context, [*CHECKS, *UNIT_CHECKS])
    owner = {raw.base.file: raw.ansvar(report.fliks.uppgifter) for raw in raws}
    for issue in read_issues:
        ansvar = issue.ansvar or owner.get(issue.source.file) or None
        issues.append(Issue(issue.severity, issue.message, issue.source, ansvar, issue.code))
    return Checked(organisation, units, issues + found, plan, rules)


def file_name(node: Node) -> str:
    safe = re.sub(r'[\\/:*?"<>|]+', "-", node.name).strip()
    return f"{node.ansvar} {safe}.docx"


def render(
    checked: Checked,
    report: ReportSpec,
    year: int,
    out_dir: Path,
    *,
    month: int | None = None,
    only: str | None = None,
    today: date | None = None,
    templates: Path = TEMPLATES,
    progress: Callable[[Node], None] | None = None,
) -> RenderResult:
    """Aggregate the checked units and render a document per node (or only `only`).

    `month` is the month the report is made per (a månadsuppföljning per mars: 3); by default the
    report's own (augusti for the delårsbokslut).
    """
    month = month or report.months[0]
    rejected = checked.rejected
    trees = aggregate(checked.organisation, checked.units, report, set(rejected))
    reasons = {a: f"indata har {n} fel" for a, n in rejected.items()}
    result = RenderResult()
    for node in targets(checked.organisation, only, report):
        if progress:
            progress(node)
        tree = trees[node.ansvar]
        reason = _skip_reason(tree, rejected)
        if reason:
            result.skipped.append((node, reason))
            continue
        if report.is_unit_report:
            context = build_unit_context(report, tree, year, checked, today or date.today(), reasons)
        else:
            context = build_context(
                report, tree, year, month, checked.organisation.kommun, today or date.today(), reasons
            )
        target = out_dir / file_name(node)
        render_docx(templates / report.template, context, target)
        result.rendered.append((node, target))
    return result


def targets(organisation: Organisation, only: str | None, report: ReportSpec | None = None) -> list[Node]:
    """The nodes to render: one, or every node from the nämnder down (the kommun is KS's report);
    a unit follow-up only its avdelningar and enheter."""
    if only is not None:
        return [organisation[only]]
    levels = report.levels if report is not None and report.levels else tuple(Level)
    return [n for n in organisation.walk() if n.level is not Level.KOMMUN and n.level in levels]


def _skip_reason(tree: NodeReport, rejected: dict[str, int]) -> str | None:
    ansvar = tree.node.ansvar
    if ansvar in rejected:
        n = rejected[ansvar]
        return f"indata har {n} fel" if n > 1 else "indata har 1 fel"
    if tree.own is None and not tree.children:
        return "indata saknas"
    return None


def count(issues: Iterable[Issue], severity: Severity) -> int:
    return sum(1 for i in issues if i.severity is severity)
