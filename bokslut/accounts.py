"""Who may use the web page, and for what: roles, password hashes and the ansvar a controller has.

A controller answers for one or more ansvar and everything below them; an administrator sees the
whole organisation. Passwords are hashed with Argon2id (argon2-cffi's current parameters); a hash
made with older parameters is renewed at the next login. The accounts live in the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bokslut.errors import UsageProblem
from bokslut.organisation import Organisation
from bokslut.store import Account

#: A user name: what a login or a single sign-on header gives, without spaces or markup.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()


class Role(StrEnum):
    CONTROLLER = "controller"
    ADMINISTRATOR = "administratör"


def role_named(text: str) -> Role:
    """ "controller", "administratör" (or "administrator", "admin")."""
    plain = text.strip().lower().replace("ö", "o")
    if plain in ("admin", "administrator"):
        return Role.ADMINISTRATOR
    if plain == "controller":
        return Role.CONTROLLER
    raise UsageProblem(f"Okänd roll ”{text}”; välj controller eller administratör.")


def name_problem(name: str) -> str | None:
    """What is wrong with a user name, in Swedish, or None."""
    if _NAME.fullmatch(name):
        return None
    return "ska vara 1–64 tecken: bokstäver a–z, siffror och . _ @ -, och börja med en bokstav eller siffra"


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"Lösenordet ska ha minst {MIN_PASSWORD} tecken."
    return None


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(account: Account, password: str) -> bool:
    """Whether `password` is the account's; a wrong one, or a damaged hash, is False."""
    try:
        return _HASHER.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(account: Account) -> bool:
    try:
        return _HASHER.check_needs_rehash(account.password_hash)
    except InvalidHashError:
        return False


def is_admin(account: Account) -> bool:
    return account.role == Role.ADMINISTRATOR.value


def scope(account: Account, organisation: Organisation) -> list[str]:
    """The ansvar an account answers for, in the organisation's order: its own and everything
    below them; every node for an administrator."""
    if is_admin(account):
        return [n.ansvar for n in organisation.walk()]
    found: list[str] = []
    for ansvar in account.ansvar:
        if organisation.get(ansvar) is not None:
            found += [n.ansvar for n in organisation.walk(ansvar) if n.ansvar not in found]
    order = {n.ansvar: i for i, n in enumerate(organisation.walk())}
    return sorted(found, key=order.__getitem__)


def may(account: Account, organisation: Organisation, ansvar: str) -> bool:
    """Whether the account may see and hand in for `ansvar`."""
    if is_admin(account):
        return organisation.get(ansvar) is not None
    return ansvar in scope(account, organisation)


def checked_ansvar(role: Role, ansvar: Iterable[str], organisation: Organisation) -> list[str]:
    """The ansvar a new account is given: a controller needs at least one, each in the
    organisation; an administrator sees everything and is given none."""
    given = list(dict.fromkeys(ansvar))
    if role is Role.ADMINISTRATOR:
        if given:
            raise UsageProblem("En administratör ser hela organisationen; ange inget --ansvar.")
        return []
    if not given:
        raise UsageProblem("Ange minst ett --ansvar som controllern lämnar in för.")
    for code in given:
        if organisation.get(code) is None:
            raise UsageProblem(f"Ansvar {code} finns inte i organisationen.")
    return given
