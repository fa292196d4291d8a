"""What every part of the web page shares: its settings, the store per thread, and the one place
where an exception becomes a Swedish page (never a traceback)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, g, render_template
from werkzeug.exceptions import HTTPException

from bokslut.errors import REPORT_BUG, BokslutError, describe_os_error
from bokslut.issues import InvalidData
from bokslut.phrases import Phrases, default_phrases
from bokslut.sources.inspection import MAX_FILE_BYTES
from bokslut.store import Store

LOG = logging.getLogger("bokslut.webb")

#: What the page says for each HTTP error it can meet, in Swedish.
_HTTP_MESSAGES = {
    400: "Begäran kunde inte läsas. Gå tillbaka och försök igen.",
    403: "Du har inte behörighet till den här sidan.",
    404: "Sidan finns inte.",
    405: "Sidan tar inte emot den sortens begäran.",
    413: "Filen är för stor. En arbetsbok eller JSON-fil får vara högst {mb} MB.",
}


@dataclass(frozen=True)
class Settings:
    """What the page serves: the organisation and year, the store, the årsplan, where rendered
    documents are written, and how long a login lasts."""

    organisation: Path
    year: int
    store: str
    plan: Path | None = None
    out: Path = Path("out")
    #: a reverse proxy's header naming the user it has authenticated (single sign-on), or None
    sso_header: str | None = None
    #: behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host (one proxy)
    behind_proxy: bool = False
    session_hours: float = 8.0
    max_upload: int = MAX_FILE_BYTES
    #: the kommun's own mall (file or folder), wording, name and signal colours, as `render` has them
    mall: Path | None = None
    phrases: Phrases = field(default_factory=default_phrases)
    kommun: str | None = None
    colours: tuple[tuple[str, str], ...] = ()


def settings_of(app: Flask) -> Settings:
    found: Settings = app.config["BOKSLUT"]
    return found


def store_of(app: Flask) -> Store:
    """The store, opened once per request and closed at its end (a connection belongs to the
    thread that made it, and the server may give each request a thread of its own)."""
    if "store" not in g:
        g.store = Store(settings_of(app).store)
    found: Store = g.store
    return found


def problem_page(message: str, status: int, *, title: str = "Det gick inte") -> tuple[str, int]:
    return render_template("problem.html", title=title, message=message), status


def install_errors(app: Flask) -> None:
    settings = settings_of(app)

    @app.errorhandler(HTTPException)
    def http_problem(exc: HTTPException) -> Any:
        code = exc.code or 500
        message = _HTTP_MESSAGES.get(code, "Begäran kunde inte utföras.")
        return problem_page(message.format(mb=settings.max_upload // (1024 * 1024)), code)

    @app.errorhandler(InvalidData)
    def invalid(exc: InvalidData) -> Any:
        details = "; ".join(str(i) for i in exc.issues[:5])
        return problem_page(f"{exc} {details}".strip(), 500)

    @app.errorhandler(BokslutError)
    def refused(exc: BokslutError) -> Any:
        return problem_page(str(exc), 409 if exc.exit_code == 1 else 500)

    @app.errorhandler(OSError)
    def environment(exc: OSError) -> Any:
        LOG.error("miljöfel: %s", exc)
        return problem_page(describe_os_error(exc, "Kunde inte läsa eller skriva"), 500)

    @app.errorhandler(Exception)
    def bug(exc: Exception) -> Any:
        LOG.exception("internt fel")
        return problem_page(f"Internt fel. {REPORT_BUG.split(';')[0]}.", 500, title="Internt fel")

    @app.teardown_appcontext
    def close(_exc: BaseException | None) -> None:
        opened = g.pop("store", None)
        if opened is not None:
            opened.close()
