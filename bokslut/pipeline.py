"""The pipeline: one function per command, each step a call to its own module.

    read → validate → recall → aggregate → build context → render

The command line and the web page call these and nothing deeper. Each takes what the user gave
and returns what happened, problems in the data included (`Issue`s); it raises only for what
stops the whole run (`bokslut.errors`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bokslut import accounts, history
from bokslut.aggregate import NodeReport, aggregate
from bokslut.arsplan import Plan, plan_beside, read_plan
from bokslut.atomic import write_atomically
from bokslut.batch import Document, Manifest, fingerprint, render_batch
from bokslut.budget_checks import BUDGET_CHECKS
from bokslut.budget_context import build_budget_context
from bokslut.checks import CHECKS, CheckContext
from bokslut.context import SignalMark, build_context, excluded_reason
from bokslut.diff import Change, changes
from bokslut.domain import REPORTS, Level, Period, ReportSpec
from bokslut.errors import Refused, UsageProblem
from bokslut.history import Previous
from bokslut.issues import INTERNAL, InvalidData, Issue, Source, has_errors, internal, warning
from bokslut.mall_check import refuse_broken
from bokslut.marking import Marks, mark_workbook, marked_name, suffixes
from bokslut.offers import offers
from bokslut.organisation import Node, Organisation
from bokslut.pdf import stale, to_pdf
from bokslut.phrases import Phrases, default_phrases
from bokslut.prefill import known_submissions, prefill_for, shared_from_budget, submissions_from
from bokslut.render import Mall, Properties
from bokslut.rules import load_rules
from bokslut.shared import SharedPlan, read_shared
from bokslut.sources import RawInput, input_files, read_inputs
from bokslut.sources.organisation import read_organisation
from bokslut.status import NamndSummary, NodeStatus, per_namnd, status
from bokslut.store import Account, Decision, Outcome, Store, Stored, Submission, UndoneDecision
from bokslut.summary_context import Delivery, build_summary_context
from bokslut.text import file_safe
from bokslut.unit_checks import UNIT_CHECKS, check_plan_rules
from bokslut.unit_context import build_unit_context
from bokslut.validate import Checked, validate
from bokslut.workbook import build_workbook, nodes_for, save_workbook, workbook_name
from bokslut.writing import guarded, output_folder

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Job:
    """What a command about one report is given: the organisation, the report and its period, for
    the unit follow-ups what the owners shared down and the assessment rules, and the wording of
    the documents' sentences (`bokslut.phrases.load_phrases`: read once, before the run)."""

    organisation: Path
    report: ReportSpec
    period: Period
    shared: tuple[Path, ...] = ()
    rules: Path | None = None
    phrases: Phrases = field(default_factory=default_phrases)
    #: the kommun's name in the documents, when its settings give one (else the organisation's)
    kommun: str | None = None
    #: the kommun's own signal colours, by signal key ("ej_uppfyllt" → "#B00020")
    colours: tuple[tuple[str, str], ...] = ()

    @property
    def year(self) -> int:
        return self.period.year


# --- bokslut validate ---------------------------------------------------------------------------


def validate_inputs(
    job: Job, inputs: Iterable[Path], *, coverage: bool = True, only: str | None = None, store: Store | None = None
) -> Checked:
    """Read and validate; nothing is written. Without `coverage`, nodes without input are not
    reported (one controller's own file, or an import of some units' files). With `only`, what
    is said is about that node and the nodes under it: an avdelning's controller checking the
    förvaltning's folder sees the avdelning's problems and its missing enheter. With a `store`,
    the input is also checked against the nämnd's decided budget (`history.follow_plan`)."""
    read = read_organisation(job.organisation)
    raws, read_issues = read_inputs(inputs, job.report, job.year, read[0])
    checked = _validated(job, raws, read_issues, coverage=coverage, read=read)
    if store is not None:
        checked = history.follow_plan(checked, store, job.period, job.report)
    return checked if only is None else _about(checked, only)


def _about(checked: Checked, only: str) -> Checked:
    """What is said of `only` and the nodes under it (the rest is someone else's to fix)."""
    known_node(checked.organisation, only)
    mine = {n.ansvar for n in checked.organisation.walk(only)}
    return replace(checked, issues=[i for i in checked.issues if i.ansvar is None or i.ansvar in mine])


def mark_inputs(checked: Checked, inputs: Iterable[Path], folder: Path) -> Workbooks:
    """validate --markera: a marked copy in `folder` of every workbook among `inputs` that has a
    problem ("81911-markerad.xlsx"), each problem a comment at its cell; the originals are left
    as they are. A copy that cannot be written is reported and the others are written."""
    files, _unread = input_files(inputs)
    with_problems = {i.source.file for i in checked.issues if i.source.file}
    books = [f for f in files if f.suffix.lower() in suffixes() and f.name in with_problems]
    names = [f.name for f in books]
    output_folder(folder)
    written: list[tuple[Node, Path]] = []
    issues: list[Issue] = []
    for book in books:
        where = Source(book.name)
        if names.count(book.name) > 1:
            msg = f"Markerades inte: flera arbetsböcker heter {book.name}, och problemen säger inte vilken de gäller."
            issues.append(warning("markera.samma_namn", msg, where))
            continue
        target = folder / marked_name(book)
        if target.resolve() == book.resolve():
            issues.append(warning("markera.original", f"Markerades inte: {target} är originalet.", where))
            continue
        owner = next((i.ansvar for i in checked.issues if i.source.file == book.name and i.ansvar), None)
        node = checked.organisation.get(owner or "") or Node(owner or "", book.stem, Level.ENHET, None)
        marks: list[Marks | None] = []

        def write(book: Path = book, target: Path = target, marks: list[Marks | None] = marks) -> None:
            marks.append(mark_workbook(book, checked.issues, target))

        problem = guarded(write, target, folder, node.ansvar, where)
        if problem is not None:
            issues.append(problem)
        elif marks and marks[0] is not None:
            written.append((node, target))
    return Workbooks(written, issues)


# --- the web page's hand-in ---------------------------------------------------------------------


@dataclass(frozen=True)
class HandedIn:
    """One upload on the web page: its problems, what the store did with it (nothing when it
    had errors), and the ansvar the file is for when that is not the one it was handed in for."""

    checked: Checked
    stored: list[Stored]
    others: list[str]

    @property
    def accepted(self) -> bool:
        return any(s.outcome.stored or s.outcome is Outcome.UNCHANGED for s in self.stored)


def hand_in(job: Job, file: Path, store: Store, *, ansvar: str, by: str) -> HandedIn:
    """A controller's file for `ansvar`: validated as by validate, then stored as import stores
    it (a clean input a new version, one with errors only recorded as rejected). A file whose
    input is for any other ansvar is neither stored nor recorded (`others` names them)."""
    checked = validate_inputs(job, [file], coverage=False, store=store)
    offered = offers(checked)
    named = {o.ansvar for o in offered} | {i.ansvar for i in checked.issues if i.ansvar}
    others = sorted(named - {ansvar})
    if others:
        return HandedIn(checked, [], others)
    stored = store.import_offers(job.period, offered, by=by)
    return HandedIn(checked, stored, [])


# --- bokslut import -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    checked: Checked
    stored: list[Stored]
    store: str


def import_inputs(
    job: Job,
    inputs: Iterable[Path],
    store: Store,
    *,
    by: str,
    forced_reason: str | None = None,
    delivered: datetime | None = None,
) -> Imported:
    """Validate, then store every ansvar whose input is clean, in one transaction. A node without
    input is missing, not rejected (bokslut status shows it)."""
    checked = validate_inputs(job, inputs, coverage=False, store=store)
    offered = offers(checked)
    stored = store.import_offers(job.period, offered, by=by, forced_reason=forced_reason, delivered=delivered)
    return Imported(checked, stored, store.describe())


# --- bokslut render -----------------------------------------------------------------------------


@dataclass
class Rendered:
    checked: Checked
    folder: Path
    #: the mall the documents were rendered with
    mall: Path
    rendered: list[tuple[Node, Path]] = field(default_factory=list)
    #: documents already in the folder as this run would write them (see `batch.Manifest`)
    unchanged: list[tuple[Node, Path]] = field(default_factory=list)
    skipped: list[tuple[Node, str]] = field(default_factory=list)
    #: the PDFs written beside the documents (with --pdf)
    pdfs: list[Path] = field(default_factory=list)
    #: every problem: the inputs', and documents that could not be written or met a bug
    issues: list[Issue] = field(default_factory=list)


def render_report(
    job: Job,
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    store: Store | None = None,
    only: str | None = None,
    today: date | None = None,
    templates: Path = TEMPLATES,
    progress: Callable[[Node, int], None] | None = None,
    jobs: int | None = None,
    everything: bool = False,
    pdf: bool = False,
) -> Rendered:
    """read → validate → recall, then `render_checked` into `out_dir`/<rapport-år[-månad]>.

    Read from `inputs`, or from the store's latest versions when there are none. With a store the
    earlier forecasts and last year's decided figures are recalled from it; without one the report
    says (as warnings) what it cannot write.
    """
    if inputs:
        checked = validate_inputs(job, inputs)
    elif store is not None:
        stored = store.latest(job.period)
        if not stored:  # documents of nothing but zeros, and sentences drawn from them, help nobody
            handed_in = REPORTS[job.period.report]  # a sammanställning's are its followed report's
            title = handed_in.title_for(job.year, job.period.month)
            raise Refused(
                f"Lagret {store.describe()} har inga inlämningar för {title}, så inget dokument skrivs. "
                "Importera underlaget först med bokslut import, eller ange INDATA (filer eller mappar)."
            )
        checked = _validated(job, history.stored_inputs(stored.values(), job.report), [])
    else:
        raise UsageProblem("Ange INDATA (filer eller mappar), eller --lager för att skriva från lagret.")
    previous: Previous | None = None
    if store is not None:
        checked, previous = history.remember(checked, store, job.period, job.report)
    elif not job.report.is_unit_report and not job.report.summary:  # a sammanställning recalls nothing
        checked = replace(checked, issues=checked.issues + history.not_recalled(job.report))
    if only is not None:
        checked = _about(checked, only)  # one node's document: the problems of its own subtree
    folder = out_dir / job.report.file_key(job.year, job.period.month)
    delivered = (
        deliveries(store, checked.organisation, job.period) if store is not None and job.report.summary else None
    )
    return render_checked(
        checked, job, folder, previous=previous, only=only, today=today, templates=templates, progress=progress,
        jobs=jobs, everything=everything, pdf=pdf, deliveries=delivered,
    )  # fmt: skip


def deliveries(store: Store, organisation: Organisation, period: Period) -> dict[str, Delivery]:
    """Per nämnd, what the store holds for the period: the units under it without a stored
    input, and the nämnd's decision (the sammanställning's list of who has delivered)."""
    found = status(store, organisation, period, Plan({}), datetime.now())
    out = {}
    for row in (r for r in found if r.node.level is Level.NAMND):
        missing = row.missing_below  # the leaves under the nämnd without a stored input
        if not organisation.children(row.node.ansvar) and row.submission is None:
            missing = (row.node,)
        decision = str(row.decision) if row.decision is not None else None
        out[row.node.ansvar] = Delivery(tuple(f"{n.ansvar} {n.name}" for n in missing), decision)
    return out


def render_checked(
    checked: Checked,
    job: Job,
    folder: Path,
    *,
    previous: Previous | None = None,
    only: str | None = None,
    today: date | None = None,
    templates: Path = TEMPLATES,
    progress: Callable[[Node, int], None] | None = None,
    jobs: int | None = None,
    everything: bool = False,
    pdf: bool = False,
    deliveries: dict[str, Delivery] | None = None,
) -> Rendered:
    """aggregate → build context → render: a document per node (or only `only`) into `folder`.

    A node whose input has errors is skipped; the nodes above it say their underlag is incomplete.
    The documents are rendered by `jobs` processes (one per core by default); a document whose
    fingerprint is the one already written there is left as it is (`unchanged`) unless
    `everything`. With `pdf`, a PDF is written beside each document whose PDF is missing or older.
    A sammanställning says from `deliveries` which nämnder have delivered and been decided.
    """
    report, period = job.report, job.period
    mall_path = mall_for(report, templates)
    refuse_broken(mall_path, report)  # a broken mall stops the run here, before anything is written
    mall = Mall(mall_path)
    known_node(checked.organisation, only, report)
    rejected = checked.rejected
    trees = aggregate(checked.organisation, checked.units, report, set(rejected))
    today = today or date.today()
    context = _context_maker(checked, job, previous, today, deliveries)

    output_folder(folder)
    manifest = Manifest(folder)
    result = Rendered(checked, folder, mall_path, issues=list(checked.issues))
    nodes = targets(checked.organisation, only, report)
    by_ansvar = {n.ansvar: n for n in nodes}
    prints: dict[str, str] = {}

    def tick(node: Node) -> None:
        if progress:
            progress(node, len(nodes))

    def documents() -> Iterator[Document]:
        """The documents to write, one context at a time (skipped and unchanged ones noted)."""
        for node in nodes:
            tree = trees[node.ansvar]
            reason = _skip_reason(tree, rejected)
            target = folder / document_name(node)
            where = tree.own.source if tree.own is not None else Source(target.name)
            if reason is None:
                try:
                    made = context(tree)
                except Exception:
                    problem = internal(f"innehållet i {target.name} togs fram", where, node.ansvar)
                    result.issues.append(problem)
                    reason = "internt fel i bokslut"
            if reason is not None:
                result.skipped.append((node, reason))
                tick(node)
                continue
            prints[node.ansvar] = fingerprint(made, mall)
            if not everything and manifest.unchanged(target, prints[node.ansvar]):
                result.unchanged.append((node, target))
                tick(node)
                continue
            title = f"{report.title_for(job.year, period.month)} – {node.name}"
            properties = Properties(title, job.kommun or checked.organisation.kommun, today, subject=report.title)
            yield Document(node.ansvar, target, made, where, properties)

    def done(document: Document, problem: Issue | None) -> None:
        node = by_ansvar[document.ansvar]
        tick(node)
        if problem is None:
            manifest.record(document.target, prints[document.ansvar])
            result.rendered.append((node, document.target))
            return
        manifest.forget(document.target)
        result.issues.append(problem)
        result.skipped.append((node, problem.message if problem.code != INTERNAL else "internt fel i bokslut"))

    try:
        render_batch(mall, documents(), folder, count=len(nodes), jobs=jobs, done=done)
    finally:
        manifest.save()
    if pdf:
        converting = [p for _, p in result.rendered] + stale([p for _, p in result.unchanged])
        result.pdfs, problems = to_pdf(converting, folder, jobs=jobs)
        result.issues += problems
    order = {n.ansvar: i for i, n in enumerate(nodes)}
    for found in (result.rendered, result.unchanged, result.skipped):
        found.sort(key=lambda item: order[item[0].ansvar])
    return result


def mall_for(report: ReportSpec, given: Path = TEMPLATES) -> Path:
    """The mall `report` is rendered with: `given` when it is a file; else the report's own mall
    (`delarsbokslut.docx`, in any case) in the folder `given`, or bokslut's own when that folder
    has none (a kommun may have made its own of some reports only)."""
    if not given.is_dir():
        return given  # a file, or a path that is not there: `Mall` names it
    own = next((p for p in sorted(given.iterdir()) if p.name.lower() == report.template.lower()), None)
    if own is not None and own.is_file():
        return own  # "Delarsbokslut.docx" as a Word user names it is the same mall
    return TEMPLATES / report.template


def contexts(
    checked: Checked, job: Job, *, previous: Previous | None = None, today: date | None = None
) -> Iterator[tuple[Node, dict[str, Any]]]:
    """Each node's document context, as `render_checked` fills the mall with it (nodes without
    input or with errors have none): what `bokslut mall fält` describes."""
    trees = aggregate(checked.organisation, checked.units, job.report, set(checked.rejected))
    context = _context_maker(checked, job, previous, today or date.today())
    for node in targets(checked.organisation, None, job.report):
        tree = trees[node.ansvar]
        if _skip_reason(tree, checked.rejected) is None:
            yield node, context(tree)


def _context_maker(
    checked: Checked, job: Job, previous: Previous | None, today: date, deliveries: dict[str, Delivery] | None = None
) -> Callable[[NodeReport], dict[str, Any]]:
    """aggregate's node reports → the mall's context, the previous follow-up's figures aggregated
    alike (the investment and förutbetalda tables compare with the latest that had them)."""
    report, period = job.report, job.period
    before = _aggregate_previous(checked, previous)
    earlier = previous.projects if previous and previous.projects else previous
    before_projects = before if earlier is previous else _aggregate_previous(checked, earlier)
    reasons = {a: excluded_reason(job.phrases, n) for a, n in checked.rejected.items()}

    def context(tree: NodeReport) -> dict[str, Any]:
        made = _made(tree)
        return _recoloured(made, dict(job.colours)) if job.colours else made

    def _made(tree: NodeReport) -> dict[str, Any]:
        kommun = job.kommun or checked.organisation.kommun
        if report.summary:
            return build_summary_context(
                report, tree, job.year, period.month, kommun, today, reasons, job.phrases, deliveries
            )
        if report.plan:
            return build_budget_context(report, tree, job.year, kommun, today, reasons, job.phrases)
        if report.is_unit_report:
            plan = checked.plan or SharedPlan((), checked.organisation)
            rules = checked.rules or load_rules()
            return build_unit_context(report, tree, job.year, plan, rules, kommun, today, reasons, job.phrases)
        comparable = _comparable(before.get(tree.node.ansvar), previous)
        projects = _comparable(before_projects.get(tree.node.ansvar), earlier)
        return build_context(
            report,
            tree,
            job.year,
            period.month,
            kommun,
            today,
            reasons,
            previous=comparable,
            previous_projects=projects,
            phrases=job.phrases,
        )

    return context


def _recoloured(value: Any, colours: dict[str, str]) -> Any:
    """The context with each signal in the kommun's own colour (its settings' signalfärger)."""
    if isinstance(value, SignalMark):
        return replace(value, colour=colours.get(value.key, value.colour))
    if isinstance(value, dict):
        return {k: _recoloured(v, colours) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_recoloured(v, colours) for v in value]
    return value


def document_name(node: Node) -> str:
    """ "81911 Hemtjänst Norr.docx": the ansvar (checked when the organisation was read) and the
    name without what a file name cannot hold on any system, cut to a length every disk takes."""
    safe = file_safe(node.name)
    return f"{node.ansvar} {safe}.docx" if safe else f"{node.ansvar}.docx"


# --- bokslut excel new --------------------------------------------------------------------------


@dataclass(frozen=True)
class Workbooks:
    written: list[tuple[Node, Path]]
    issues: list[Issue]


def new_workbooks(
    organisation_file: Path,
    year: int,
    out_dir: Path,
    *,
    only: str | None = None,
    sources: Iterable[Path] = (),
    plan_file: Path | None = None,
    store: Store | None = None,
    stamp: datetime | None = None,
    shared: Iterable[Path] = (),
) -> Workbooks:
    """The year's workbook for each node (or only `only`), prefilled from the store and the JSON
    `sources`, and for the units from what the owners' files `shared` share to them; one that
    cannot be written is reported and the others are written."""
    organisation = organisation_of(organisation_file)
    known_node(organisation, only)
    plan = plan_of(plan_file, organisation_file, year)
    submissions = known_submissions(store, organisation, year) if store is not None else []
    given, issues = submissions_from(sources, year)
    submissions += given
    shared = list(shared)
    plan_shared, shared_issues = read_shared(shared, organisation, year) if shared else (None, [])
    issues += shared_issues
    output_folder(out_dir)
    written: list[tuple[Node, Path]] = []
    for node in nodes_for(organisation, only):
        target = out_dir / workbook_name(node, year)

        def write(node: Node = node, target: Path = target) -> None:
            prefill = prefill_for(node, organisation, year, submissions, plan_shared)
            save_workbook(build_workbook(node, organisation, year, prefill, plan), target, stamp)

        problem = guarded(write, target, out_dir, node.ansvar, Source(target.name))
        if problem is not None:
            issues.append(problem)
        else:
            written.append((node, target))
    return Workbooks(written, issues)


def shared_files(
    organisation_file: Path,
    year: int,
    out_dir: Path,
    *,
    sources: Iterable[Path] = (),
    store: Store | None = None,
) -> Workbooks:
    """bokslut excel delat: an owner's file of what is shared down to the units (`--delat`,
    "<ägare>.json") from each budget of `year` that holds goals, uppdrag, arbetsmiljömål or an
    internkontrollplan: from the JSON `sources` (those win) and the store's latest budgets."""
    organisation = organisation_of(organisation_file)
    known = known_submissions(store, organisation, year) if store is not None else []
    given, issues = submissions_from(sources, year)
    budgets = {s.ansvar: s for s in [*known, *given] if s.year == year and REPORTS[s.report].plan}
    if not budgets:
        raise UsageProblem(
            f"Ingen budget för {year} att dela ut från: ange nämndens budget med --från (JSON-fil eller mapp) "
            "eller ett lager där den är importerad."
        )
    output_folder(out_dir)
    written: list[tuple[Node, Path]] = []
    for ansvar, submission in sorted(budgets.items()):
        node = organisation.get(ansvar)
        plan = shared_from_budget(submission)
        if node is None or plan is None:
            continue
        target = out_dir / f"{ansvar}.json"
        text = json.dumps(plan, ensure_ascii=False, indent=2) + "\n"

        def write(target: Path = target, text: str = text) -> None:
            write_atomically(target, lambda handle: handle.write(text.encode("utf-8")))

        problem = guarded(write, target, out_dir, ansvar, Source(target.name))
        if problem is not None:
            issues.append(problem)
        else:
            written.append((node, target))
    return Workbooks(written, issues)


# --- bokslut lock and bokslut status ------------------------------------------------------------


def lock_period(job: Job, store: Store, decision: str, *, namnd: str | None, by: str) -> tuple[Node, Decision, bool]:
    """Record the nämnd's decision ("2022-09-27 § 45") for the period: the nämnd, the decision as
    recorded, and whether it is new (the same decision again is no change)."""
    decided_on, paragraph = _decision(decision)
    organisation = organisation_of(job.organisation)
    board = _board(organisation, namnd)
    stored = store.latest(job.period)
    if not any(node.ansvar in stored for node in organisation.walk(board.ansvar)):
        title = job.report.title_for(job.year, job.period.month)
        raise Refused(
            f"Lagret {store.describe()} har inga inlämningar för {title} från {board.name} eller någon enhet "
            "under den; nämnden kan inte ha beslutat om något som inte finns här. Kontrollera --lager, "
            "eller importera underlaget först med bokslut import."
        )
    recorded, new = store.lock(board.ansvar, job.period, decided_on, paragraph, by=by)
    return board, recorded, new


def unlock_period(
    job: Job, store: Store, reason: str, *, namnd: str | None, by: str, decision: str | None = None
) -> tuple[Node, UndoneDecision]:
    """Undo the nämnd's decision on the period (kept, with who, when and why); `decision`, when
    given, must be the one recorded. Nothing locked is refused."""
    board = _board(organisation_of(job.organisation), namnd)
    expected = _decision(decision) if decision is not None else None
    undone = store.unlock(board.ansvar, job.period, reason=reason, by=by, expected=expected)
    if undone is None:
        title = job.report.title_for(job.year, job.period.month)
        raise Refused(f"Inget beslut att ångra: {title} för {board.name} är inte låst.")
    return board, undone


def period_status(job: Job, store: Store, now: datetime, plan_file: Path | None = None) -> list[NodeStatus]:
    """Who has handed in valid input for the period, against the årsplan's deadlines."""
    organisation = organisation_of(job.organisation)
    plan = plan_of(plan_file, job.organisation, job.year)
    return status(store, organisation, job.period, plan, now)


def period_status_per_namnd(
    job: Job, store: Store, now: datetime, plan_file: Path | None = None
) -> tuple[list[NodeStatus], list[NamndSummary]]:
    """The status rows and the same summed per nämnd, for the kommun's one screen."""
    organisation = organisation_of(job.organisation)
    rows = status(store, organisation, job.period, plan_of(plan_file, job.organisation, job.year), now)
    return rows, per_namnd(organisation, rows)


# --- bokslut användare -------------------------------------------------------------------------


def new_account(
    store: Store, organisation_file: Path, name: str, password: str, role: str, ansvar: Iterable[str], *, by: str
) -> Account:
    """An account for the web page: a controller for `ansvar` (and everything below), or an
    administrator; the password is kept only as its Argon2 hash."""
    problem = accounts.name_problem(name)
    if problem is not None:
        raise UsageProblem(f"Användarnamnet ”{name[:70]}” {problem}.")
    weak = accounts.password_problem(password)
    if weak is not None:
        raise UsageProblem(weak)
    kind = accounts.role_named(role)
    given = accounts.checked_ansvar(kind, ansvar, organisation_of(organisation_file))
    return store.add_account(name, accounts.hash_password(password), kind.value, given, by=by)


def remove_account(store: Store, name: str) -> None:
    """Remove an account and end its sessions on the web page."""
    if not store.remove_account(name):
        raise Refused(f"Användaren {name} finns inte.")


# --- bokslut historik and bokslut skillnad ------------------------------------------------------


@dataclass(frozen=True)
class Versions:
    """One ansvar's stored versions for the period, and its nämnd's decision (and undone ones)."""

    node: Node
    versions: list[Submission]
    decision: Decision | None
    undone: list[UndoneDecision]


def versions_of(job: Job, store: Store, ansvar: str) -> Versions:
    organisation = organisation_of(job.organisation)
    known_node(organisation, ansvar)
    node = organisation[ansvar]
    board = organisation.nearest(ansvar, Level.NAMND)
    decision = store.decision(board.ansvar, job.period) if board else None
    undone = [u for u in store.undone(job.period) if board and u.decision.namnd == board.ansvar]
    return Versions(node, store.versions(job.period, ansvar), decision, undone)


def difference(
    job: Job, store: Store, ansvar: str, first: int | None = None, last: int | None = None
) -> tuple[Submission, Submission, list[Change]]:
    """What changed, cell by cell, between two stored versions (by default the two latest)."""
    found = versions_of(job, store, ansvar)
    title = job.report.title_for(job.year, job.period.month)
    unit = f"{found.node.ansvar} {found.node.name}"
    if not found.versions:
        raise Refused(f"Lagret har ingen version av {unit} för {title}. Indata lagras med bokslut import.")
    if len(found.versions) == 1 and first is None and last is None:
        raise Refused(f"{unit} har bara en version i lagret för {title}; det finns inget att jämföra med.")
    old, new = _pair(found.versions, first, last)
    return old, new, changes(old.document, new.document, job.report, job.year)


def _pair(versions: list[Submission], first: int | None, last: int | None) -> tuple[Submission, Submission]:
    """The versions --från and --till name: by default the latest and the one before it."""
    by_number = {v.version: v for v in versions}
    shown = f"{versions[0].version}–{versions[-1].version}" if len(versions) > 1 else str(versions[0].version)
    for number, hint in ((first, "--från"), (last, "--till")):
        if number is not None and number not in by_number:
            raise UsageProblem(f"{hint}: version {number} finns inte; lagret har version {shown}.")
    newer = by_number[last] if last is not None else versions[-1]
    if first is not None:
        return by_number[first], newer
    earlier = [v for v in versions if v.version < newer.version]
    if not earlier:
        raise Refused(f"Version {newer.version} är den enda att jämföra med; lagret har version {shown}.")
    return earlier[-1], newer


# --- the steps every command shares -------------------------------------------------------------


def organisation_of(path: Path) -> Organisation:
    """The organisation; one with errors stops the command (its issues are shown)."""
    organisation, issues = read_organisation(path)
    if has_errors(issues):
        raise InvalidData("Organisationen har fel; rätta dem först.", issues)
    return organisation


def plan_of(given: Path | None, organisation_file: Path, year: int) -> Plan:
    """The named årsplan, else arsplan-ÅR.toml beside the organisation, else none (no deadlines)."""
    path = given or plan_beside(organisation_file, year)
    if not path.exists():
        return Plan({})
    plan, issues = read_plan(path)
    if issues:
        raise InvalidData("Årsplanen har fel; rätta dem först.", issues)
    return plan


def known_node(organisation: Organisation, ansvar: str | None, report: ReportSpec | None = None) -> None:
    """--ansvar names a node of the organisation, of a level the report is written for."""
    if ansvar is None:
        return
    node = organisation.get(ansvar)
    if node is None:
        raise UsageProblem(f"Ansvar {ansvar} finns inte i organisationen.")
    levels = (report.render_levels or report.levels) if report is not None else None
    if report is not None and levels and node.level not in levels:
        names = " och ".join(lv.plural for lv in levels)
        raise UsageProblem(f"{report.title} skrivs för {names}, inte för {ansvar}.")


def _board(organisation: Organisation, namnd: str | None) -> Node:
    """The nämnd a decision is about: the named one, or the organisation's only one."""
    boards = [n for n in organisation.nodes if n.level is Level.NAMND]
    if namnd is None:
        if len(boards) != 1:
            names = ", ".join(f"{n.ansvar} {n.name}" for n in boards) or "inga"
            raise UsageProblem(f"Ange --nämnd; organisationen har flera nämnder ({names}).")
        return boards[0]
    found = organisation.get(namnd)
    if found is None or found.level is not Level.NAMND:
        above = organisation.nearest(namnd, Level.NAMND) if found is not None else None
        hint = (
            f" {namnd} är en {found.level.value} under {above.ansvar} {above.name}; ange --nämnd {above.ansvar}."
            if found is not None and above is not None
            else ""
        )
        raise UsageProblem(f"Ansvar {namnd} är ingen nämnd i organisationen.{hint}")
    return found


def _validated(
    job: Job,
    raws: list[RawInput],
    read_issues: list[Issue],
    *,
    coverage: bool = True,
    read: tuple[Organisation, list[Issue]] | None = None,
) -> Checked:
    """Validate read inputs against the organisation (and, for the unit follow-ups, what was shared
    down and the rules); a problem found while reading belongs to its file's ansvar. The
    organisation as `read` before the inputs, when it was (else it is read here)."""
    report = job.report
    organisation, issues = read_organisation(job.organisation) if read is None else read
    issues = list(issues)
    rules = load_rules(job.rules)
    plan = None
    if job.shared:
        plan, plan_issues = read_shared(job.shared, organisation, job.year)
        issues += plan_issues + check_plan_rules(plan, rules)
    context = CheckContext(report, job.year, organisation, plan, rules, job.period.month)
    units, found = validate(raws, context, [*CHECKS, *UNIT_CHECKS, *BUDGET_CHECKS], coverage=coverage)
    owner = {raw.base.file: raw.ansvar(report.fliks.uppgifter) for raw in raws}
    for issue in read_issues:
        ansvar = issue.ansvar or owner.get(issue.source.file) or None
        issues.append(Issue(issue.severity, issue.message, issue.source, ansvar, issue.code))
    return Checked(organisation, units, issues + found, plan, rules)


def targets(organisation: Organisation, only: str | None, report: ReportSpec) -> list[Node]:
    """The nodes to render: one, or every node from the nämnder down (the kommun is KS's report);
    a unit follow-up only its avdelningar and enheter."""
    if only is not None:
        return [organisation[only]]
    if report.summary:
        return [n for n in organisation.roots if n.level is Level.KOMMUN]  # the kommun's own document
    levels = report.render_levels or report.levels or tuple(Level)
    return [n for n in organisation.walk() if n.level is not Level.KOMMUN and n.level in levels]


def _aggregate_previous(checked: Checked, previous: Previous | None) -> dict[str, NodeReport]:
    if previous is None:
        return {}
    return aggregate(checked.organisation, previous.units, REPORTS[previous.period.report], set())


def _comparable(before: NodeReport | None, previous: Previous | None) -> tuple[NodeReport, str] | None:
    """The node's previous follow-up, when it covered the same units (else a change would mislead)."""
    if before is None or previous is None or before.excluded:
        return None
    return before, previous.label


def _skip_reason(tree: NodeReport, rejected: dict[str, int]) -> str | None:
    ansvar = tree.node.ansvar
    if ansvar in rejected:
        return _errors(rejected[ansvar])
    if tree.own is None and not tree.children:
        return "indata saknas"
    return None


def _errors(n: int) -> str:
    return "indata har 1 fel" if n == 1 else f"indata har {n} fel"


def _decision(text: str) -> tuple[date, str]:
    """ "2022-09-27 § 45" → (2022-09-27, "§ 45")."""
    head, _, rest = text.strip().partition(" ")
    try:
        return date.fromisoformat(head), rest.strip()
    except ValueError:
        raise UsageProblem(
            f'--beslut: ”{text}” börjar inte med ett datum. Skriv datum och paragraf, t.ex. "2022-09-27 § 45".'
        ) from None
