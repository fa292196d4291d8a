"""The year's memory: every accepted submission per ansvar, report and period, versioned.

A submission is one ansvar's validated input, kept as the JSON document of the input format
(`docs/indata.md`), so what the store returns goes through the same model as a JSON file.
Re-importing the same figures is a no-op; changed figures become a new version and the old one
is kept. A nämnd's decision locks a period for the ansvar under it; a forced change afterwards
records who made it, why, and after which decision. A decision can be undone with a reason: the
period opens again and the undone decision is kept beside the reason, never deleted silently.

The embedded default is a SQLite file, created on first use. Given a `postgresql://` URL the same
store runs on PostgreSQL, where several controllers may import at once. Each import is one
transaction that holds the store's write lock, so concurrent imports are serialised and a killed
process leaves the store as it was.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from bokslut.domain import Period
from bokslut.errors import BokslutError, Refused

#: Where the store lives when nothing else is said: a SQLite file in the working folder.
DEFAULT_STORE = "bokslut.db"
#: Environment variable naming the store (a file path or a database URL).
STORE_ENV = "BOKSLUT_LAGER"

SCHEMA_VERSION = 2

_TABLES = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS submissions (
        ansvar TEXT NOT NULL,
        report TEXT NOT NULL,
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        version INTEGER NOT NULL,
        digest TEXT NOT NULL,
        document TEXT NOT NULL,
        source_file TEXT NOT NULL,
        warnings INTEGER NOT NULL,
        delivered_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        forced_reason TEXT,
        forced_decision TEXT,
        PRIMARY KEY (ansvar, report, year, month, version))""",
    """CREATE TABLE IF NOT EXISTS attempts (
        ansvar TEXT NOT NULL,
        report TEXT NOT NULL,
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        attempted_at TEXT NOT NULL,
        delivered_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        source_file TEXT NOT NULL,
        imported_by TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS attempts_period ON attempts (report, year, month, ansvar)""",
    """CREATE TABLE IF NOT EXISTS decisions (
        namnd TEXT NOT NULL,
        report TEXT NOT NULL,
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        decided_on TEXT NOT NULL,
        paragraph TEXT NOT NULL,
        locked_at TEXT NOT NULL,
        locked_by TEXT NOT NULL,
        PRIMARY KEY (namnd, report, year, month))""",
    """CREATE TABLE IF NOT EXISTS undone_decisions (
        namnd TEXT NOT NULL,
        report TEXT NOT NULL,
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        decided_on TEXT NOT NULL,
        paragraph TEXT NOT NULL,
        locked_at TEXT NOT NULL,
        locked_by TEXT NOT NULL,
        undone_at TEXT NOT NULL,
        undone_by TEXT NOT NULL,
        reason TEXT NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS undone_decisions_period ON undone_decisions (report, year, month, namnd)""",
    # the web page's accounts (`bokslut användare`), its sessions and the marked workbooks it hands back
    """CREATE TABLE IF NOT EXISTS accounts (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        ansvar TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_sessions (
        token_hash TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_files (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        content TEXT NOT NULL)""",
)

#: What brings a store made by an older bokslut up to each schema version, in order. A new table
#: needs nothing here (`_TABLES` creates what is missing); a new column of an existing table does.
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    # which decision a forced change came after ("2022-09-27 § 45"); unknown for older rows
    2: ("ALTER TABLE submissions ADD COLUMN forced_decision TEXT",),
}


class StoreError(BokslutError):
    """The store cannot be opened or used (a usage or environment problem, not bad data)."""


class DecisionConflict(Refused):
    """A decision that contradicts the recorded one (a second, different lock; the wrong undo)."""


class Outcome(StrEnum):
    """What an import did with one ansvar's input."""

    NEW = "ny"
    NEW_VERSION = "ny version"
    UNCHANGED = "oförändrad"
    REJECTED = "avvisad"
    LOCKED = "låst"

    @property
    def stored(self) -> bool:
        return self in (Outcome.NEW, Outcome.NEW_VERSION)


@dataclass(frozen=True)
class Offer:
    """One ansvar's input offered to the store; `document` is None when its input had errors."""

    ansvar: str
    document: dict[str, Any] | None
    source_file: str
    errors: int = 0
    warnings: int = 0
    #: the nämnd whose decision locks this ansvar's figures
    namnd: str | None = None


@dataclass(frozen=True)
class Submission:
    ansvar: str
    period: Period
    version: int
    digest: str
    document: dict[str, Any]
    source_file: str
    warnings: int
    #: when the input was handed in (the import's time unless the import says otherwise)
    delivered_at: datetime
    imported_at: datetime
    imported_by: str
    forced_reason: str | None
    #: the decision the forced change came after ("2022-09-27 § 45"); None for a store's older rows
    forced_decision: str | None = None


@dataclass(frozen=True)
class Attempt:
    ansvar: str
    period: Period
    attempted_at: datetime
    delivered_at: datetime
    outcome: Outcome
    errors: int
    warnings: int
    source_file: str
    imported_by: str


@dataclass(frozen=True)
class Decision:
    """The nämnd's decision on a report: "2022-09-27 § 45"."""

    namnd: str
    period: Period
    decided_on: date
    paragraph: str
    locked_at: datetime
    locked_by: str

    def __str__(self) -> str:
        return f"{self.decided_on.isoformat()} {self.paragraph}".strip()


@dataclass(frozen=True)
class UndoneDecision:
    """A decision that was undone: the period opened again, with who did it, when and why."""

    decision: Decision
    undone_at: datetime
    undone_by: str
    reason: str


@dataclass(frozen=True)
class Stored:
    """The outcome of one ansvar in an import."""

    ansvar: str
    outcome: Outcome
    version: int | None = None
    decision: Decision | None = None


@dataclass(frozen=True)
class Account:
    """Who may use the web page: a name, a password hash, a role and the ansvar it answers for."""

    name: str
    password_hash: str
    role: str
    ansvar: tuple[str, ...]
    created_at: datetime
    created_by: str


def digest(document: dict[str, Any]) -> str:
    """A fingerprint of the figures and texts, independent of key order and file format."""
    return hashlib.sha256(_dump(document).encode()).hexdigest()


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container without a passwd entry
        return "okänd"


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


class _Cursor(Protocol):
    def fetchall(self) -> Sequence[Sequence[Any]]: ...
    def fetchone(self) -> Sequence[Any] | None: ...


class Store:
    """A store of submissions; open with `open_store(url)`, use as a context manager."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._postgres = is_postgres(url)
        self._conn: Any = self._connect()
        with self._transaction(setup=True):
            for statement in _TABLES:
                self._execute(statement)
            row = self._execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                self._execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(
                    f"Lagret {self.describe()} är skapat av en nyare version av bokslut. Uppdatera bokslut."
                )
            elif int(row[0]) < SCHEMA_VERSION:
                self._migrate(int(row[0]))

    def _migrate(self, found: int) -> None:
        """Bring a store made by an older bokslut up to this schema, in the setup transaction."""
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS.get(version, ()):
                self._execute(statement)
        self._execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))

    # --- connection -------------------------------------------------------------------------

    def _connect(self) -> Any:
        if self._postgres:
            try:
                import psycopg
            except ImportError as exc:
                raise StoreError(
                    "PostgreSQL kräver paketet psycopg. Installera med: pip install 'bokslut[postgres]'"
                ) from exc
            try:
                return psycopg.connect(self.url, autocommit=True)
            except psycopg.Error as exc:
                raise StoreError(
                    f"Kan inte ansluta till lagret {self.describe()}: servern svarar inte eller tar inte emot "
                    "användaren. Kontrollera adressen och att servern är igång, eller kör med --utan-lager."
                ) from exc
        path = Path(self.url.removeprefix("sqlite:///").removeprefix("sqlite://"))
        if not path.parent.is_dir():
            raise StoreError(f"Mappen för lagret finns inte: {path.parent}")
        if path.is_symlink():
            raise StoreError(
                f"Lagret {path} är en symbolisk länk. Ange själva databasfilen med --lager, så skriver bokslut "
                "bara där du säger."
            )
        if path.exists() and not path.is_file():
            raise StoreError(f"Lagret {path} är ingen vanlig fil. Ange en databasfil med --lager.")
        try:
            conn = sqlite3.connect(path, timeout=60, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise StoreError(self._problem(str(exc))) from exc
        return conn

    def describe(self) -> str:
        """The store's location without a password."""
        if self._postgres:
            head, sep, tail = self.url.rpartition("@")
            if sep and ":" in head.split("//", 1)[-1]:
                user = head.split("//", 1)[-1].split(":", 1)[0]
                return f"{head.split('//', 1)[0]}//{user}:***@{tail}"
        return self.url

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> _Cursor:
        if self._postgres:
            sql = sql.replace("?", "%s")
        try:
            return self._conn.execute(sql, params)  # type: ignore[no-any-return]
        except sqlite3.Error as exc:
            raise StoreError(self._problem(str(exc))) from exc
        except Exception as exc:
            if type(exc).__module__.startswith("psycopg"):
                raise StoreError(self._problem(str(exc))) from exc
            raise

    def _problem(self, text: str) -> str:
        """A database error as the user can act on it, in Swedish (the driver's text is English)."""
        where = self.describe()
        text = text.lower()
        if "readonly" in text or "read-only" in text or "read only" in text:
            why = "är skrivskyddat"
            how = "Ge skrivrätt till filen och mappen den ligger i, eller ange ett annat lager med --lager."
        elif "locked" in text or "busy" in text:
            why = "används av en annan körning som inte blir klar"
            how = "Vänta tills den är klar och försök igen."
        elif "full" in text or "disk i/o" in text:
            why = "kan inte skrivas: disken är full eller har ett fel"
            how = "Frigör utrymme och försök igen."
        elif "not a database" in text or "malformed" in text or "corrupt" in text:
            why = "är skadat eller ingen bokslut-databas"
            how = "Återställ lagret från en säkerhetskopia eller ange ett annat lager med --lager."
        else:
            why = "gav ett databasfel"
            how = "Kontrollera lagret, eller ange ett annat lager med --lager."
        return f"Lagret {where} {why}. {how} Dokument kan skrivas utan lagret med --utan-lager."

    @contextmanager
    def _transaction(self, *, write: bool = True, setup: bool = False) -> Iterator[None]:
        """One transaction; a writing one holds the store's write lock until it ends.

        SQLite: BEGIN IMMEDIATE takes the database's write lock (others wait up to a minute).
        PostgreSQL: a self-exclusive table lock serialises writers; readers are not blocked.
        """
        if self._postgres:
            self._execute("BEGIN")
            if setup:
                self._execute("SELECT pg_advisory_xact_lock(74726)")  # schema creation, once at a time
            elif write:
                self._execute("LOCK TABLE submissions IN SHARE ROW EXCLUSIVE MODE")
        else:
            self._execute("BEGIN IMMEDIATE" if write or setup else "BEGIN")
        try:
            yield
        except BaseException:
            self._execute("ROLLBACK")
            raise
        self._execute("COMMIT")

    # --- writing ----------------------------------------------------------------------------

    def import_offers(
        self,
        period: Period,
        offers: Iterable[Offer],
        *,
        by: str,
        forced_reason: str | None = None,
        delivered: datetime | None = None,
    ) -> list[Stored]:
        """Store every clean offer in one transaction; all of it lands, or none of it.

        A rejected offer is recorded as an attempt only. An offer identical to the latest
        version is a no-op. An offer for a locked period is refused unless `forced_reason`
        is given, in which case it is stored with the reason and who gave it. `delivered` is
        when the input was handed in, if not now (files received by mail and imported later).
        """
        results: list[Stored] = []
        now = _now()
        handed_in = (delivered.astimezone() if delivered else now).isoformat()
        with self._transaction():
            decisions = {d.namnd: d for d in self.decisions(period)}
            for offer in offers:
                result = self._offer(period, offer, decisions, by=by, forced_reason=forced_reason, at=(now, handed_in))
                self._execute(
                    "INSERT INTO attempts (ansvar, report, year, month, attempted_at, delivered_at, outcome, errors,"
                    " warnings, source_file, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        offer.ansvar,
                        period.report,
                        period.year,
                        period.month,
                        now.isoformat(),
                        handed_in,
                        result.outcome.value,
                        offer.errors,
                        offer.warnings,
                        offer.source_file,
                        by,
                    ),
                )
                results.append(result)
        return results

    def _offer(
        self,
        period: Period,
        offer: Offer,
        decisions: dict[str, Decision],
        *,
        by: str,
        forced_reason: str | None,
        at: tuple[datetime, str],
    ) -> Stored:
        if offer.document is None:
            return Stored(offer.ansvar, Outcome.REJECTED)
        latest = self._latest_row(period, offer.ansvar)
        fingerprint = digest(offer.document)
        if latest is not None and latest[1] == fingerprint:
            return Stored(offer.ansvar, Outcome.UNCHANGED, latest[0])
        decision = decisions.get(offer.namnd or "")
        if decision is not None and not forced_reason:
            return Stored(offer.ansvar, Outcome.LOCKED, latest[0] if latest else None, decision)
        version = latest[0] + 1 if latest else 1
        self._execute(
            "INSERT INTO submissions (ansvar, report, year, month, version, digest, document, source_file,"
            " warnings, delivered_at, imported_at, imported_by, forced_reason, forced_decision)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                offer.ansvar,
                period.report,
                period.year,
                period.month,
                version,
                fingerprint,
                _dump(offer.document),
                offer.source_file,
                offer.warnings,
                at[1],
                at[0].isoformat(),
                by,
                forced_reason if decision is not None else None,
                str(decision) if decision is not None else None,
            ),
        )
        outcome = Outcome.NEW if version == 1 else Outcome.NEW_VERSION
        return Stored(offer.ansvar, outcome, version, decision)

    def _latest_row(self, period: Period, ansvar: str) -> tuple[int, str] | None:
        row = self._execute(
            "SELECT version, digest FROM submissions WHERE ansvar = ? AND report = ? AND year = ? AND month = ?"
            " ORDER BY version DESC LIMIT 1",
            (ansvar, period.report, period.year, period.month),
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def lock(self, namnd: str, period: Period, decided_on: date, paragraph: str, *, by: str) -> tuple[Decision, bool]:
        """Record the nämnd's decision; returns it and whether it is new.

        Locking again with the same decision is a no-op; a different decision is refused.
        """
        with self._transaction():
            existing = self.decision(namnd, period)
            if existing is not None:
                if existing.decided_on == decided_on and existing.paragraph == paragraph:
                    return existing, False
                raise DecisionConflict(
                    f"Perioden är redan låst av nämndens beslut {existing} ({existing.locked_by}, "
                    f"{existing.locked_at:%Y-%m-%d %H:%M}). Ett nytt beslut kan inte ersätta det."
                )
            decision = Decision(namnd, period, decided_on, paragraph, _now(), by)
            self._execute(
                "INSERT INTO decisions (namnd, report, year, month, decided_on, paragraph, locked_at, locked_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    namnd,
                    period.report,
                    period.year,
                    period.month,
                    decided_on.isoformat(),
                    paragraph,
                    decision.locked_at.isoformat(),
                    by,
                ),
            )
        return decision, True

    def unlock(
        self, namnd: str, period: Period, *, reason: str, by: str, expected: tuple[date, str] | None = None
    ) -> UndoneDecision | None:
        """Undo the nämnd's decision on the period: the period opens again, and the decision is
        kept with who undid it, when and why. None when the period is not locked.

        `expected` (decided_on, paragraph) guards against undoing another decision than the one
        meant: a different recorded decision is refused.
        """
        if not reason.strip():
            raise StoreError("Ett beslut ångras bara med en orsak.")
        with self._transaction():
            existing = self.decision(namnd, period)
            if existing is None:
                return None
            if expected is not None and (existing.decided_on, existing.paragraph) != expected:
                wanted = f"{expected[0].isoformat()} {expected[1]}".strip()
                raise DecisionConflict(
                    f"Perioden är låst av nämndens beslut {existing}, inte {wanted}. Inget ångrades."
                )
            undone = UndoneDecision(existing, _now(), by, reason.strip())
            self._execute(
                "INSERT INTO undone_decisions (namnd, report, year, month, decided_on, paragraph, locked_at,"
                " locked_by, undone_at, undone_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    namnd,
                    period.report,
                    period.year,
                    period.month,
                    existing.decided_on.isoformat(),
                    existing.paragraph,
                    existing.locked_at.isoformat(),
                    existing.locked_by,
                    undone.undone_at.isoformat(),
                    by,
                    undone.reason,
                ),
            )
            self._execute(
                "DELETE FROM decisions WHERE namnd = ? AND report = ? AND year = ? AND month = ?",
                (namnd, period.report, period.year, period.month),
            )
        return undone

    # --- reading ----------------------------------------------------------------------------

    def latest(self, period: Period) -> dict[str, Submission]:
        """ansvar → its latest version for the period."""
        rows = self._execute(
            f"SELECT {_SUBMISSION} FROM submissions s WHERE report = ? AND year = ? AND month = ? AND version = ("
            " SELECT MAX(version) FROM submissions t WHERE t.ansvar = s.ansvar AND t.report = s.report"
            " AND t.year = s.year AND t.month = s.month) ORDER BY ansvar",
            (period.report, period.year, period.month),
        ).fetchall()
        return {str(r[0]): _submission(r) for r in rows}

    def versions(self, period: Period, ansvar: str) -> list[Submission]:
        """Every stored version of one ansvar's input for the period, oldest first."""
        rows = self._execute(
            f"SELECT {_SUBMISSION} FROM submissions WHERE ansvar = ? AND report = ? AND year = ? AND month = ?"
            " ORDER BY version",
            (ansvar, period.report, period.year, period.month),
        ).fetchall()
        return [_submission(r) for r in rows]

    def version(self, period: Period, ansvar: str, number: int) -> Submission | None:
        """One stored version of an ansvar's input, with its document; None if there is none."""
        row = self._execute(
            f"SELECT {_SUBMISSION} FROM submissions WHERE ansvar = ? AND report = ? AND year = ? AND month = ?"
            " AND version = ?",
            (ansvar, period.report, period.year, period.month, number),
        ).fetchone()
        return _submission(row) if row else None

    def periods(self, year: int | None = None) -> list[Period]:
        """The periods with at least one stored submission, in the year's order."""
        sql = "SELECT DISTINCT year, month, report FROM submissions"
        rows = self._execute(sql + " WHERE year = ?", (year,)) if year is not None else self._execute(sql)
        return sorted(Period(int(y), int(m), str(r)) for y, m, r in rows.fetchall())

    def attempts(self, period: Period) -> dict[str, Attempt]:
        """ansvar → its latest import attempt for the period (stored, unchanged, rejected or locked)."""
        rows = self._execute(
            "SELECT ansvar, attempted_at, delivered_at, outcome, errors, warnings, source_file, imported_by"
            " FROM attempts WHERE report = ? AND year = ? AND month = ? ORDER BY attempted_at",
            (period.report, period.year, period.month),
        ).fetchall()
        out: dict[str, Attempt] = {}
        for ansvar, at, handed_in, outcome, errors, warnings, source, by in rows:
            out[str(ansvar)] = Attempt(
                str(ansvar),
                period,
                datetime.fromisoformat(str(at)),
                datetime.fromisoformat(str(handed_in)),
                Outcome(outcome),
                int(errors),
                int(warnings),
                str(source),
                str(by),
            )
        return out

    def decision(self, namnd: str, period: Period) -> Decision | None:
        return next((d for d in self.decisions(period) if d.namnd == namnd), None)

    def decisions(self, period: Period) -> list[Decision]:
        rows = self._execute(
            "SELECT namnd, decided_on, paragraph, locked_at, locked_by FROM decisions"
            " WHERE report = ? AND year = ? AND month = ? ORDER BY namnd",
            (period.report, period.year, period.month),
        ).fetchall()
        return [
            Decision(str(n), period, date.fromisoformat(str(d)), str(p), datetime.fromisoformat(str(at)), str(by))
            for n, d, p, at, by in rows
        ]

    def undone(self, period: Period) -> list[UndoneDecision]:
        """The decisions on the period that were undone, in the order they were undone."""
        rows = self._execute(
            "SELECT namnd, decided_on, paragraph, locked_at, locked_by, undone_at, undone_by, reason"
            " FROM undone_decisions WHERE report = ? AND year = ? AND month = ? ORDER BY undone_at, namnd",
            (period.report, period.year, period.month),
        ).fetchall()
        return [
            UndoneDecision(
                Decision(str(n), period, date.fromisoformat(str(d)), str(p), datetime.fromisoformat(str(at)), str(by)),
                datetime.fromisoformat(str(undone_at)),
                str(undone_by),
                str(reason),
            )
            for n, d, p, at, by, undone_at, undone_by, reason in rows
        ]

    # --- the web page: accounts, sessions, files handed back --------------------------------

    def add_account(self, name: str, password_hash: str, role: str, ansvar: Sequence[str], *, by: str) -> Account:
        """A new account; a name already taken is refused."""
        account = Account(name, password_hash, role, tuple(ansvar), _now(), by)
        with self._transaction():
            if self.account(name) is not None:
                raise Refused(f"Användaren {name} finns redan. Ta bort den först med bokslut användare ta-bort.")
            self._execute(
                "INSERT INTO accounts (name, password_hash, role, ansvar, created_at, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name, password_hash, role, " ".join(ansvar), account.created_at.isoformat(), by),
            )
        return account

    def account(self, name: str) -> Account | None:
        row = self._execute(
            "SELECT name, password_hash, role, ansvar, created_at, created_by FROM accounts WHERE name = ?", (name,)
        ).fetchone()
        return _account(row) if row else None

    def accounts(self) -> list[Account]:
        rows = self._execute(
            "SELECT name, password_hash, role, ansvar, created_at, created_by FROM accounts ORDER BY name"
        ).fetchall()
        return [_account(r) for r in rows]

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """A hash made with newer parameters replaces the old one at the next login."""
        with self._transaction():
            self._execute("UPDATE accounts SET password_hash = ? WHERE name = ?", (password_hash, name))

    def remove_account(self, name: str) -> bool:
        """Remove an account and end its sessions; False when there is none of that name."""
        with self._transaction():
            found = self.account(name) is not None
            for table in ("accounts", "web_sessions", "web_files"):
                self._execute(f"DELETE FROM {table} WHERE name = ?", (name,))
        return found

    def add_session(self, token_hash: str, name: str, expires_at: datetime) -> None:
        """A logged-in session (the token's hash only); expired ones are removed on the way."""
        now = _now()
        with self._transaction():
            self._execute("DELETE FROM web_sessions WHERE expires_at < ?", (now.isoformat(),))
            self._execute(
                "INSERT INTO web_sessions (token_hash, name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (token_hash, name, now.isoformat(), expires_at.astimezone().isoformat()),
            )

    def session(self, token_hash: str) -> tuple[str, datetime] | None:
        """The account name and end of a session that has not expired, else None."""
        row = self._execute("SELECT name, expires_at FROM web_sessions WHERE token_hash = ?", (token_hash,)).fetchone()
        if row is None:
            return None
        expires = datetime.fromisoformat(str(row[1]))
        return (str(row[0]), expires) if expires > _now() else None

    def end_session(self, token_hash: str) -> None:
        with self._transaction():
            self._execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash,))

    def secret(self) -> str:
        """The web page's signing key, made once per store, so that every worker on the store
        signs alike."""
        row = self._execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()
        if row is not None:
            return str(row[0])
        with self._transaction():
            row = self._execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()
            if row is None:
                self._execute("INSERT INTO meta (key, value) VALUES ('web_secret', ?)", (os.urandom(32).hex(),))
        return self.secret()

    def put_file(self, file_id: str, name: str, file_name: str, content: bytes) -> None:
        """Keep a file to hand back to `name` (a marked workbook): only the latest per account."""
        with self._transaction():
            self._execute("DELETE FROM web_files WHERE name = ?", (name,))
            self._execute(
                "INSERT INTO web_files (id, name, created_at, file_name, content) VALUES (?, ?, ?, ?, ?)",
                (file_id, name, _now().isoformat(), file_name, base64.b64encode(content).decode("ascii")),
            )

    def file(self, file_id: str, name: str) -> tuple[str, bytes] | None:
        """A kept file's name and content, when it is `name`'s."""
        row = self._execute(
            "SELECT file_name, content FROM web_files WHERE id = ? AND name = ?", (file_id, name)
        ).fetchone()
        return (str(row[0]), base64.b64decode(str(row[1]))) if row else None


def _account(row: Sequence[Any]) -> Account:
    name, password_hash, role, ansvar, at, by = row
    return Account(
        str(name), str(password_hash), str(role), tuple(str(ansvar).split()), datetime.fromisoformat(str(at)), str(by)
    )


_SUBMISSION = (
    "ansvar, report, year, month, version, digest, document, source_file, warnings, delivered_at, imported_at,"
    " imported_by, forced_reason, forced_decision"
)


def _submission(row: Sequence[Any]) -> Submission:
    ansvar, report, year, month, version, fingerprint, document, source, warnings, handed_in, at, by = row[:12]
    reason, after = row[12:]
    return Submission(
        str(ansvar),
        Period(int(year), int(month), str(report)),
        int(version),
        str(fingerprint),
        json.loads(document),
        str(source),
        int(warnings),
        datetime.fromisoformat(str(handed_in)),
        datetime.fromisoformat(str(at)),
        str(by),
        reason,
        after,
    )


def is_postgres(url: str) -> bool:
    """Whether the store is a PostgreSQL server rather than a SQLite file."""
    return url.startswith(("postgresql://", "postgres://"))


def store_url(given: str | None) -> str:
    """The store to use: the option, else $BOKSLUT_LAGER, else bokslut.db in the working folder."""
    return given or os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_store(url: str) -> Store:
    return Store(url)
