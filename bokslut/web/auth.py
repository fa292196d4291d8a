"""Who is asking: logging in and out, sessions that expire, the CSRF check on every form, and the
refusals, each of them logged.

A session is a random token in an HttpOnly cookie; the store keeps only its SHA-256 and its end,
so every worker on the store knows it and a removed account is logged out at once. Every POST
carries a token that is an HMAC (the store's secret) of the session's token, or before login of
a random cookie of its own (signed double submit): a form on another site cannot know it. With a
single sign-on header the proxy has authenticated the user; the account must still exist here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from flask import Flask, Response, g, make_response, redirect, render_template, request, url_for

from bokslut import accounts
from bokslut.organisation import Organisation
from bokslut.store import Account
from bokslut.web.app import LOG, problem_page, settings_of, store_of

SESSION_COOKIE = "bokslut_session"
CSRF_COOKIE = "bokslut_csrf"
CSRF_FIELD = "csrf"
F = TypeVar("F", bound=Callable[..., Any])
#: Verified against when a name has no account, so a wrong name takes as long as a wrong password.
_DUMMY = Account("", accounts.hash_password(secrets.token_hex(16)), "", (), datetime.now(), "")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def refuse(why: str, status: int = 403) -> Response:
    """Log a refusal (who, what, from where, why) and answer with a Swedish page."""
    who = g.account.name if g.get("account") else "(inte inloggad)"
    LOG.warning("nekad: %s %s %s från %s: %s", who, request.method, request.path, request.remote_addr, why)
    message = {
        403: "Du har inte behörighet till den här sidan.",
        400: "Formuläret saknade en giltig säkerhetskod (det kan ha legat öppet för länge). Ladda om sidan och "
        "försök igen.",
    }.get(status, why)
    return make_response(problem_page(message, status, title="Nekad"))


def csrf_token() -> str:
    binding = g.get("session_token") or g.get("csrf_cookie") or ""
    key = str(g.get("secret", ""))
    return hmac.new(key.encode(), f"csrf|{binding}".encode(), hashlib.sha256).hexdigest()


def current() -> Account | None:
    return g.get("account")  # type: ignore[no-any-return]


def login_required(view: F) -> F:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current() is None:
            return redirect(url_for("login", nasta=request.full_path.rstrip("?") if request.method == "GET" else None))
        return view(*args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        account = current()
        if account is None:
            return redirect(url_for("login"))
        if not accounts.is_admin(account):
            return refuse(f"{request.path} är bara för administratörer")
        return view(*args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped  # type: ignore[return-value]


def may(organisation: Organisation, ansvar: str) -> bool:
    account = current()
    return account is not None and accounts.may(account, organisation, ansvar)


def install(app: Flask) -> None:
    settings = settings_of(app)
    secret = str(app.secret_key)

    @app.before_request
    def who() -> Any:
        g.secret = secret
        g.csrf_cookie = request.cookies.get(CSRF_COOKIE) or None
        if g.csrf_cookie is None or len(g.csrf_cookie) > 100:
            g.csrf_cookie, g.new_csrf_cookie = secrets.token_urlsafe(32), True
        g.account = None
        store = store_of(app)
        if settings.sso_header and request.headers.get(settings.sso_header):
            name = request.headers[settings.sso_header].strip()
            g.account = store.account(name)
            if g.account is None:
                return refuse(f"inget konto för {name[:64]!r} från {settings.sso_header}")
        else:
            token = request.cookies.get(SESSION_COOKIE)
            found = store.session(_hash(token)) if token and len(token) < 100 else None
            if found is not None:
                g.account = store.account(found[0])
                g.session_token = token if g.account is not None else None
        if request.method == "POST":
            given = request.form.get(CSRF_FIELD, "")
            if not hmac.compare_digest(given, csrf_token()):
                return refuse("formuläret saknade giltig CSRF-kod", 400)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        if g.get("new_csrf_cookie"):
            response.set_cookie(CSRF_COOKIE, g.csrf_cookie, httponly=True, samesite="Lax", secure=request.is_secure)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'"
        )
        if current() is not None:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.context_processor
    def forms() -> dict[str, Any]:
        account = current()
        return {
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf_token,
            "account": account,
            "is_admin": account is not None and accounts.is_admin(account),
            "sso": bool(settings.sso_header),
        }

    @app.route("/logga-in", methods=["GET", "POST"])
    def login() -> Any:
        target = _safe_next(request.values.get("nasta"))
        if request.method == "GET":
            return render_template("login.html", next=target, failed=False)
        name = request.form.get("namn", "").strip()[:64]
        password = request.form.get("losenord", "")[:1024]
        store = store_of(app)
        account = store.account(name) if name else None
        good = accounts.verify(account or _DUMMY, password) and account is not None
        if account is None or not good:
            LOG.warning("nekad: inloggning som %r från %s: fel namn eller lösenord", name, request.remote_addr)
            return render_template("login.html", next=target, failed=True, name=name), 401
        if accounts.needs_rehash(account):
            store.set_password_hash(account.name, accounts.hash_password(password))
        token = secrets.token_urlsafe(32)
        ends = datetime.now().astimezone() + timedelta(hours=settings.session_hours)
        store.add_session(_hash(token), account.name, ends)
        LOG.info("inloggad: %s från %s", account.name, request.remote_addr)
        response = redirect(target or url_for("home"))
        max_age = int(settings.session_hours * 3600)
        response.set_cookie(
            SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="Lax", secure=request.is_secure
        )
        return response

    @app.route("/logga-ut", methods=["POST"])
    def logout() -> Any:
        token = g.get("session_token")
        if token:
            store_of(app).end_session(_hash(token))
        response = redirect(url_for("login"))
        response.delete_cookie(SESSION_COOKIE)
        return response


def _safe_next(target: str | None) -> str | None:
    """Where to go after logging in: a path on this site only (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
