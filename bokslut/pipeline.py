"""The pipeline, top to bottom: read → validate → aggregate → build context → render."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from bokslut import history
from bokslut.aggregate import NodeReport, aggregate
from bokslut.arsplan import Plan
from bokslut.atomic import Incomplete, sweep
from bokslut.context import build_context
from bokslut.domain import REPORTS, Level, Period, ReportSpec
from bokslut.errors import BokslutError, MallError, describe_os_error
from bokslut.history import Previous
from bokslut.issues import ENVIRONMENT, INTERNAL, Issue, Severity, Source, error, internal
from bokslut.organisation import Node, Organisation
from bokslut.prefill import Submission, prefill_for
from bokslut.render import check_mall, render_docx
from bokslut.rules import Rules, load_rules
from bokslut.shared import SharedPlan, read_shared
from bokslut.sources import RawInput, read_inputs
from bokslut.sources.organisation import read_organisation
from bokslut.store import Offer, Store, Stored
from bokslut.text import file_safe
from bokslut.unit_checks import NO_FOLLOW_UP, UNIT_CHECKS, check_plan_rules
from bokslut.unit_context import build_unit_context
from bokslut.validate import CHECKS, CheckContext, UnitData, validate
from bokslut.workbook import build_workbook, save_workbook, workbook_name

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


def remember(checked: Checked, store: Store, period: Period, report: ReportSpec) -> tuple[Checked, Previous | None]:
    """Put what the store remembers into the checked units: earlier forecasts, last year's figures."""
    earlier = history.recall(store, checked.organisation, report, period.year, period.month)
    units, issues = history.apply(checked.units, earlier, report, period.year)
    return replace(checked, units=units, issues=checked.issues + issues), earlier.previous


def offers(checked: Checked) -> list[Offer]:
    """One offer per ansvar: its documents merged (a flat drift export plus a workbook's texts), or
    nothing to store when any of its input had errors. Check without coverage: a node without
    input is missing, not rejected (bokslut status shows it)."""
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


def import_checked(
    checked: Checked,
    store: Store,
    period: Period,
    *,
    by: str,
    forced_reason: str | None = None,
    delivered: datetime | None = None,
) -> list[Stored]:
    """Store every ansvar whose input is clean; one transaction for the whole import."""
    return store.import_offers(period, offers(checked), by=by, forced_reason=forced_reason, delivered=delivered)


def known_submissions(store: Store, organisation: Organisation, year: int) -> list[Submission]:
    """What the store knows for a workbook's prefill: this year's latest inputs, and last year's
    inputs where the nämnd has decided on them."""
    known = []
    for period in store.periods(year) + store.periods(year - 1):
        decided = {d.namnd for d in store.decisions(period)}
        for ansvar, s in store.latest(period).items():
            namnd = organisation.nearest(ansvar, Level.NAMND)
            if period.year == year or (namnd is not None and namnd.ansvar in decided):
                known.append(Submission(ansvar, period.report, period.year, s.document))
    return known


@dataclass
class RenderResult:
    rendered: list[tuple[Node, Path]] = field(default_factory=list)
    skipped: list[tuple[Node, str]] = field(default_factory=list)
    #: documents that could not be written (the environment) or met a bug: one issue each
    issues: list[Issue] = field(default_factory=list)


def check(
    org_path: Path,
    inputs: Iterable[Path],
    report: ReportSpec,
    year: int,
    *,
    coverage: bool = True,
    shared: Iterable[Path] = (),
    rules_path: Path | None = None,
) -> Checked:
    """Read and validate; nothing is written.

    Without `coverage`, nodes without input are not reported (an import of some units' files).
    `shared` are the owners' files of what is shared down to the units; `rules_path` a kommun's
    own assessment rules (the default ones otherwise). Both matter to the unit follow-ups.
    """
    raws, read_issues = read_inputs(inputs, report, year)
    return _checked(org_path, raws, read_issues, report, year, coverage=coverage, shared=shared, rules_path=rules_path)


def check_stored(org_path: Path, store: Store, period: Period, report: ReportSpec) -> Checked:
    """The latest stored version of every ansvar for the period, validated like a folder of files."""
    raws = history.stored_inputs(store.latest(period).values(), report)
    return _checked(org_path, raws, [], report, period.year)


def _checked(
    org_path: Path,
    raws: list[RawInput],
    read_issues: list[Issue],
    report: ReportSpec,
    year: int,
    *,
    coverage: bool = True,
    shared: Iterable[Path] = (),
    rules_path: Path | None = None,
) -> Checked:
    organisation, issues = read_organisation(org_path)
    shared = list(shared)
    rules = load_rules(rules_path)
    plan = None
    if shared:
        plan, plan_issues = read_shared(shared, organisation, year)
        issues += plan_issues + check_plan_rules(plan, rules)
    context = CheckContext(report, year, organisation, plan, rules)
    units, found = validate(raws, context, [*CHECKS, *UNIT_CHECKS], coverage=coverage)
    owner = {raw.base.file: raw.ansvar(report.fliks.uppgifter) for raw in raws}
    for issue in read_issues:
        ansvar = issue.ansvar or owner.get(issue.source.file) or None
        issues.append(Issue(issue.severity, issue.message, issue.source, ansvar, issue.code))
    return Checked(organisation, units, issues + found, plan, rules)


def file_name(node: Node) -> str:
    """ "81911 Hemtjänst Norr.docx": the ansvar (checked when the organisation was read) and the
    name without what a file name cannot hold on any system, cut to a length every disk takes."""
    safe = file_safe(node.name)
    return f"{node.ansvar} {safe}.docx" if safe else f"{node.ansvar}.docx"


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
    previous: Previous | None = None,
) -> RenderResult:
    """Aggregate the checked units and render a document per node (or only `only`).

    `month` is the month the report is made per (a månadsuppföljning per mars: 3); by default the
    report's own (augusti for the delårsbokslut). `previous` is the year's previous follow-up
    as stored, for the forecast changes.
    """
    month = month or report.months[0]
    mall = templates / report.template
    check_mall(mall)
    output_folder(out_dir)
    rejected = checked.rejected
    trees = aggregate(checked.organisation, checked.units, report, set(rejected))
    before = aggregate(checked.organisation, previous.units, REPORTS[previous.period.report], set()) if previous else {}
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
        target = out_dir / file_name(node)

        def write(node: Node = node, tree: NodeReport = tree, target: Path = target) -> None:
            if report.is_unit_report:
                plan = checked.plan or SharedPlan((), checked.organisation)
                rules = checked.rules or load_rules()
                kommun = checked.organisation.kommun
                context = build_unit_context(report, tree, year, plan, rules, kommun, today or date.today(), reasons)
            else:
                comparable = _comparable(before.get(node.ansvar), previous)
                context = build_context(
                    report, tree, year, month, checked.organisation.kommun, today or date.today(), reasons,
                    previous=comparable,
                )  # fmt: skip
            render_docx(mall, context, target)

        problem = _guarded(write, target, out_dir, node.ansvar, _where(tree, target))
        if problem is not None:
            result.issues.append(problem)
            result.skipped.append((node, problem.message if problem.code != INTERNAL else "internt fel i bokslut"))
            continue
        result.rendered.append((node, target))
    return result


def write_workbooks(
    nodes: Iterable[Node],
    organisation: Organisation,
    year: int,
    submissions: list[Submission],
    plan: Plan,
    out_dir: Path,
    stamp: datetime | None = None,
    shared: SharedPlan | None = None,
) -> tuple[list[tuple[Node, Path]], list[Issue]]:
    """The year's workbook for each node, prefilled from `submissions` and, for the units, from
    what `shared` shares to them; one that cannot be written is reported and the others are written."""
    output_folder(out_dir)
    written: list[tuple[Node, Path]] = []
    issues: list[Issue] = []
    for node in nodes:
        target = out_dir / workbook_name(node, year)

        def write(node: Node = node, target: Path = target) -> None:
            prefill = prefill_for(node, organisation, year, submissions, shared)
            save_workbook(build_workbook(node, organisation, year, prefill, plan), target, stamp)

        problem = _guarded(write, target, out_dir, node.ansvar, Source(target.name))
        if problem is not None:
            issues.append(problem)
            continue
        written.append((node, target))
    return written, issues


def _guarded(write: Callable[[], None], target: Path, folder: Path, ansvar: str, where: Source) -> Issue | None:
    """Write one document or workbook; what went wrong, as an issue of that one, or None. A file
    that cannot be written is the environment's; anything else is a bug. A broken mall, the same
    for every document, stops the run."""
    try:
        if target.resolve().parent != folder.resolve():  # the last guard: codes and names are checked
            raise Incomplete(f"{target.name}: utanför utmappen")
        write()
    except MallError:
        raise
    except OSError as exc:
        return error(f"{ENVIRONMENT}skriva", describe_os_error(exc, "Kunde inte skriva"), Source(target.name), ansvar)
    except Incomplete:
        return internal(f"{target.name} skrevs (det blev inte helt och lades inte på plats)", where, ansvar)
    except Exception:
        return internal(f"{target.name} skrevs", where, ansvar)
    return None


def _where(tree: NodeReport, target: Path) -> Source:
    """The node's own input file when it has one (what to send with a bug report), else the document."""
    return tree.own.source if tree.own is not None else Source(target.name)


def output_folder(folder: Path) -> None:
    """Make the output folder and remove what killed runs left in it; a folder that cannot be made
    stops the run with one message rather than one per document."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BokslutError(describe_os_error(exc, "Kunde inte skapa utmappen")) from exc
    if not folder.is_dir():
        raise BokslutError(f"Utmappen {folder} är en fil, inte en mapp. Ange en mapp med --ut.")
    sweep(folder)


def _comparable(before: NodeReport | None, previous: Previous | None) -> tuple[NodeReport, str] | None:
    """The node's previous follow-up, when it covered the same units (else a change would mislead)."""
    if before is None or previous is None or before.excluded:
        return None
    return before, previous.label


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
