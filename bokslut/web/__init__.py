"""The web page (bokslut webb): controllers hand in and see every problem at its cell; the
administrator sees who is done, renders the documents and locks the period.

`create_app` is what `bokslut webb` serves and what a WSGI server (gunicorn) is pointed at:

    gunicorn -w 4 'bokslut.web:create_app(org="organisation.json", year=2022, store="postgresql://…")'

Everything the page does is a call of `bokslut.pipeline`, as on the command line; `routes` holds
the pages, `auth` the accounts, sessions and CSRF check, and `app` what they share.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bokslut.errors import BokslutError
from bokslut.phrases import load_phrases
from bokslut.settings import SETTINGS_ENV, find_settings
from bokslut.store import STORE_ENV, Store, store_url
from bokslut.web.app import Settings, install_errors
from bokslut.web.auth import install as install_auth
from bokslut.web.routes import install as install_routes

__all__ = ["Settings", "build", "create_app"]


def create_app(
    org: str | Path | None = None,
    year: int | str | None = None,
    store: str | None = None,
    *,
    plan: str | Path | None = None,
    out: str | Path = "out",
    sso_header: str | None = None,
    behind_proxy: bool = False,
    session_hours: float = 8.0,
    mall: str | Path | None = None,
    phrases: str | Path | None = None,
    settings_file: str | Path | None = None,
) -> Flask:
    """The application. What is not given comes from the kommun's settings (`bokslut.toml` in the
    working folder, or `settings_file`, or BOKSLUT_INSTALLNINGAR) and then the environment
    (BOKSLUT_ORG, BOKSLUT_AR, BOKSLUT_LAGER), so a WSGI server can start it without arguments."""
    given = settings_file or os.environ.get(SETTINGS_ENV)
    kommun_settings = find_settings(Path(given) if given else None)
    # the settings file's values by the names `bokslut webb`'s options have, as on the command line
    found = kommun_settings.defaults({"org", "year", "store", "plan", "mall", "phrases"})
    org = org or found.get("org") or os.environ.get("BOKSLUT_ORG")
    year = year or found.get("year") or os.environ.get("BOKSLUT_AR")
    if not org or not year:
        raise BokslutError("Ange organisationen och året (--org och --år, eller BOKSLUT_ORG och BOKSLUT_AR).")
    plan = plan or found.get("plan")
    mall = mall or found.get("mall")
    phrases = phrases or found.get("phrases")
    settings = Settings(
        Path(org).resolve(),
        int(year),
        store_url(store or os.environ.get(STORE_ENV) or found.get("store")),  # the environment first, as click has it
        Path(plan).resolve() if plan else None,
        Path(out).resolve(),
        sso_header or os.environ.get("BOKSLUT_SSO_HUVUD") or None,
        behind_proxy,
        session_hours,
        mall=Path(mall).resolve() if mall else None,
        phrases=load_phrases(Path(phrases) if phrases else None),
        kommun=kommun_settings.kommun,
        colours=kommun_settings.colours,
    )
    return build(settings)


def build(settings: Settings) -> Flask:
    """The application for `settings`: the pages, the login and the error pages."""
    app = Flask("bokslut.web", root_path=str(Path(__file__).parent))
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload + 64 * 1024  # the form's other fields beside the file
    app.config["BOKSLUT"] = settings
    app.jinja_env.autoescape = True
    if settings.behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    with Store(settings.store) as first:  # a store that cannot be opened stops the start, not a page
        app.secret_key = first.secret()
    install_auth(app)
    install_routes(app)
    install_errors(app)
    return app
