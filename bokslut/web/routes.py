"""The pages: a controller's ansvar, the upload and its problems, the workbook to fill; the
administrator's status board, documents, versions and the nämnd's decision.

Each page is a call of `bokslut.pipeline` and a template; what a page may show is decided by
`auth.may` (a controller's ansvar and everything below them) before anything is read.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, send_file, send_from_directory, url_for
from werkzeug.datastructures import FileStorage

from bokslut import accounts, pipeline
from bokslut.arsplan import when_text
from bokslut.domain import REPORTS, Level, Period, ReportSpec
from bokslut.errors import BokslutError
from bokslut.history_view import when
from bokslut.issues import Issue, has_errors
from bokslut.marking import mark_workbook, marked_name
from bokslut.organisation import Node, Organisation
from bokslut.output import ordered_issues, plural, summary
from bokslut.sources import OTHER_FORMATS
from bokslut.status import COUNTED, NodeStatus, State, kommun_summary
from bokslut.store import Outcome
from bokslut.text import file_safe
from bokslut.web.app import LOG, settings_of, store_of
from bokslut.web.auth import admin_required, current, login_required, may, refuse

#: What the page takes as an upload.
UPLOADS = (".xlsx", ".json")
#: The follow-ups a kommun without an årsplan hands in for.
_DEFAULT_PERIODS: tuple[tuple[str, int], ...] = (
    ("manadsuppfoljning", 3), ("fordjupad", 4), ("manadsuppfoljning", 5), ("delarsbokslut", 8),
    ("manadsuppfoljning", 10), ("arsbokslut", 12),
)  # fmt: skip
_STATE_CLASS = {
    State.DELIVERED: "ok",
    State.DECIDED: "ok",
    State.LATE: "sent",
    State.MISSING: "saknas",
    State.OVERDUE: "fel",
    State.REJECTED: "fel",
}


@dataclass(frozen=True)
class Choice:
    """A follow-up of the year as the page names it: "delarsbokslut-8", "Delårsbokslut 2022"."""

    report: ReportSpec
    month: int
    year: int

    @property
    def key(self) -> str:
        return f"{self.report.key}-{self.month}"

    @property
    def title(self) -> str:
        return self.report.title_for(self.year, self.month)

    @property
    def period(self) -> Period:
        return self.report.period(self.year, self.month)


def install(app: Flask) -> None:
    settings = settings_of(app)

    def organisation() -> Organisation:
        if "organisation" not in g:
            g.organisation = pipeline.organisation_of(settings.organisation)
        found: Organisation = g.organisation
        return found

    def choices() -> list[Choice]:
        plan = pipeline.plan_of(settings.plan, settings.organisation, settings.year)
        named = [(r, m) for r, m in plan.periods() if r in REPORTS and not REPORTS[r].is_unit_report]
        return [Choice(REPORTS[r], m, settings.year) for r, m in named or _DEFAULT_PERIODS]

    def chosen(value: str | None) -> Choice:
        """The follow-up a form or link names; by default the next one due (else the year's last)."""
        found = choices()
        for choice in found:
            if choice.key == value:
                return choice
        if value:
            abort(404)
        plan = pipeline.plan_of(settings.plan, settings.organisation, settings.year)
        now = datetime.now()
        for choice in found:
            due = plan.deadline(choice.period, Level.NAMND)
            if due is not None and due >= now:
                return choice
        return found[-1]

    def job(choice: Choice) -> pipeline.Job:
        return pipeline.Job(
            settings.organisation, choice.report, choice.period, phrases=settings.phrases, kommun=settings.kommun,
            colours=settings.colours,
        )  # fmt: skip

    def node_or_refuse(ansvar: str) -> Node:
        node = organisation().get(ansvar)
        if node is None or not may(organisation(), ansvar):
            # the same answer whether the ansvar exists or not: a controller learns nothing of others
            abort(refuse(f"ansvar {ansvar[:40]!r} ligger utanför kontots ansvar"))
        return node

    def rows_for(choice: Choice) -> dict[str, NodeStatus]:
        rows = pipeline.period_status(job(choice), store_of(app), datetime.now(), settings.plan)
        return {r.node.ansvar: r for r in rows}

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {
            "when": lambda m: when(m) if m else "–",
            "deadline_text": lambda m: when_text(m) if m else "ingen i årsplanen",
            "state_class": lambda s: _STATE_CLASS.get(s, ""),
            "kommun": organisation().kommun if current() else "",
            "year": settings.year,
            "plural": plural,
        }

    @app.route("/")
    @login_required
    def home() -> Any:
        account = current()
        assert account is not None
        if accounts.is_admin(account):
            return redirect(url_for("board"))
        org = organisation()
        choice = chosen(request.args.get("period"))
        rows = rows_for(choice)
        mine = [organisation()[a] for a in accounts.scope(account, org)]
        depth = {n.ansvar: len(org.ancestors(n.ansvar)) for n in mine}
        base = min(depth.values(), default=0)
        listed = [(n, depth[n.ansvar] - base, rows.get(n.ansvar)) for n in mine]
        return render_template("home.html", choice=choice, choices=choices(), listed=listed)

    @app.route("/ansvar/<ansvar>")
    @login_required
    def unit(ansvar: str) -> Any:
        node = node_or_refuse(ansvar)
        return render_template("unit.html", **_unit_page(node))

    def _unit_page(node: Node) -> dict[str, Any]:
        store = store_of(app)
        periods = []
        for choice in choices():
            row = rows_for(choice).get(node.ansvar)
            versions = store.versions(choice.period, node.ansvar)
            periods.append((choice, row, versions))
        below = [n for n in organisation().walk(node.ansvar) if n.ansvar != node.ansvar]
        parents = [a for a in reversed(organisation().ancestors(node.ansvar)) if may(organisation(), a.ansvar)]
        current_choice = chosen(request.args.get("period"))
        return {
            "node": node, "periods": periods, "choices": choices(), "choice": current_choice, "below": below,
            "parents": parents,
        }  # fmt: skip

    @app.route("/ansvar/<ansvar>/lamna-in", methods=["POST"])
    @login_required
    def hand_in(ansvar: str) -> Any:
        node = node_or_refuse(ansvar)
        account = current()
        assert account is not None
        choice = chosen(request.form.get("period") or "")
        upload = request.files.get("fil")
        problem = _upload_problem(upload)
        if problem is not None or upload is None:
            return render_template("handed_in.html", node=node, choice=choice, refused=problem, **_empty()), 400
        folder = Path(tempfile.mkdtemp(prefix="bokslut-webb-"))
        try:
            path = folder / _upload_name(upload.filename or "", node)
            upload.save(path)
            done = pipeline.hand_in(job(choice), path, store_of(app), ansvar=node.ansvar, by=account.name)
            outside = [a for a in done.others if organisation().get(a) and not may(organisation(), a)]
            if outside:
                refuse(f"filen {path.name} gäller ansvar {', '.join(outside)} utanför kontots ansvar")
            marked = _keep_marked(path, done.checked.issues, account.name)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        stored = [s for s in done.stored if s.ansvar == node.ansvar]
        outcome = stored[0] if stored else None
        issues = ordered_issues(done.checked.issues)
        status = 200 if done.accepted else 422
        return render_template(
            "handed_in.html",
            node=node,
            choice=choice,
            refused=None,
            others=[(a, organisation().get(a)) for a in done.others],
            outcome=outcome,
            Outcome=Outcome,
            issues=issues,
            errors=has_errors(issues),
            summary=summary(issues),
            marked=marked,
            file_name=path.name,
        ), status

    def _keep_marked(path: Path, issues: list[Issue], name: str) -> str | None:
        """A marked copy of an uploaded workbook with problems, kept for its uploader to fetch."""
        located = [i for i in issues if i.source.file == path.name]
        if path.suffix.lower() != ".xlsx" or not located:
            return None
        target = path.parent / "markerad" / marked_name(path)
        if mark_workbook(path, located, target) is None:
            return None
        file_id = secrets.token_urlsafe(24)
        store_of(app).put_file(file_id, name, target.name, target.read_bytes())
        return file_id

    @app.route("/fil/<file_id>")
    @login_required
    def kept_file(file_id: str) -> Any:
        account = current()
        assert account is not None
        found = store_of(app).file(file_id[:80], account.name)
        if found is None:
            LOG.warning("nekad: %s GET %s: ingen sådan fil för kontot", account.name, request.path[:120])
            abort(404)
        name, content = found
        return _download(content, name)

    @app.route("/ansvar/<ansvar>/arbetsbok")
    @login_required
    def workbook(ansvar: str) -> Any:
        node = node_or_refuse(ansvar)
        with tempfile.TemporaryDirectory(prefix="bokslut-webb-") as folder:
            made = pipeline.new_workbooks(
                settings.organisation, settings.year, Path(folder), only=node.ansvar, plan_file=settings.plan,
                store=store_of(app),
            )  # fmt: skip
            if not made.written:
                reason = "; ".join(i.message for i in made.issues) or "okänt fel"
                raise BokslutError(f"Arbetsboken kunde inte skrivas: {reason}")
            target = made.written[0][1]
            return _download(target.read_bytes(), target.name)

    # --- the administrator -----------------------------------------------------------------

    @app.route("/status")
    @admin_required
    def board() -> Any:
        choice = chosen(request.args.get("period"))
        return render_template("board.html", **_board(choice))

    def _board(choice: Choice, **extra: Any) -> dict[str, Any]:
        """The status board: per nämnd (as bokslut status --per-nämnd), then every node."""
        rows, namnder = pipeline.period_status_per_namnd(job(choice), store_of(app), datetime.now(), settings.plan)
        delivered = sum(1 for r in rows if r.submission is not None)
        attention = [r for r in rows if r.state.needs_attention]
        boards = [n for n in organisation().nodes if n.level is Level.NAMND]
        return {
            "choice": choice, "choices": choices(), "rows": rows, "delivered": delivered, "attention": attention,
            "now": datetime.now(), "boards": boards, "pdf_possible": _pdf_possible(), "namnder": namnder,
            "kommun_total": kommun_summary(namnder), "counted": COUNTED, **extra,
        }  # fmt: skip

    @app.route("/rapport", methods=["POST"])
    @admin_required
    def render_report() -> Any:
        choice = chosen(request.form.get("period") or "")
        only = request.form.get("ansvar") or None
        if only is not None and organisation().get(only) is None:
            abort(404)
        result = pipeline.render_report(
            job(choice), [], settings.out, store=store_of(app), only=only, pdf=bool(request.form.get("pdf")),
            templates=settings.mall or pipeline.TEMPLATES,
        )  # fmt: skip
        return render_template("documents.html", **_documents(choice, result=result))

    @app.route("/dokument")
    @admin_required
    def documents() -> Any:
        return render_template("documents.html", **_documents(chosen(request.args.get("period"))))

    def _documents(choice: Choice, **extra: Any) -> dict[str, Any]:
        folder = settings.out / choice.report.file_key(choice.year, choice.month)
        files = sorted(p for p in folder.glob("*") if p.suffix in (".docx", ".pdf")) if folder.is_dir() else []
        issues = ordered_issues(extra["result"].issues) if "result" in extra else []
        return {
            "choice": choice,
            "choices": choices(),
            "files": files,
            "folder": folder.name,
            "issues": issues,
            **extra,
        }

    @app.route("/dokument/<folder>/<name>")
    @admin_required
    def document(folder: str, name: str) -> Any:
        known = {c.report.file_key(c.year, c.month) for c in choices()}
        if folder not in known or Path(name).suffix not in (".docx", ".pdf"):
            abort(404)
        return send_from_directory(settings.out / folder, name, as_attachment=True)

    @app.route("/las", methods=["POST"])
    @admin_required
    def lock() -> Any:
        account = current()
        assert account is not None
        choice = chosen(request.form.get("period") or "")
        decision = request.form.get("beslut", "").strip()
        namnd = request.form.get("namnd") or None
        if not decision:
            return render_template("board.html", **_board(choice, lock_problem="Skriv nämndens beslut.")), 400
        try:
            board, recorded, new = pipeline.lock_period(
                job(choice), store_of(app), decision, namnd=namnd, by=account.name
            )
        except BokslutError as exc:
            return render_template("board.html", **_board(choice, lock_problem=str(exc))), 409
        what = f"{choice.title} för {board.name}"
        done = f"{'Låst' if new else 'Redan låst'}: {what}, beslutad {recorded}."
        LOG.info("%s låste %s: %s", account.name, what, recorded)
        return render_template("board.html", **_board(choice, locked=done))


def _empty() -> dict[str, Any]:
    return {"others": [], "outcome": None, "issues": [], "errors": False, "summary": "", "marked": None}


def _upload_problem(upload: FileStorage | None) -> str | None:
    """Why an upload is not taken before it is read: none, or not a workbook or JSON file."""
    if upload is None or not upload.filename:
        return "Välj en fil att lämna in."
    suffix = Path(upload.filename).suffix.lower()
    if suffix in UPLOADS:
        return None
    if suffix in OTHER_FORMATS:
        return (
            f"Filen är {OTHER_FORMATS[suffix]}. Öppna den i Excel (eller LibreOffice) och spara som "
            "Excel-arbetsbok (.xlsx), och lämna in den igen."
        )
    return "Lämna in en Excel-arbetsbok (.xlsx) eller en JSON-fil (.json)."


def _upload_name(given: str, node: Node) -> str:
    """The uploaded file's own name (as the problems name it), made safe for a file system."""
    name = Path(given.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    stem = file_safe(Path(name).stem, 60) or node.ansvar
    return f"{stem}{suffix}"


def _download(content: bytes, name: str) -> Any:
    return send_file(BytesIO(content), as_attachment=True, download_name=name)


def _pdf_possible() -> bool:
    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
