"""A kommun on the web page for the tests: the example organisation and årsplan, a fresh store,
two controllers and an administrator, and a client that logs in as one of them.

    site = Site.make(tmp_path)
    client = site.login("anna")            # controller for 8191 and everything below
    page = client.get("/ansvar/81911")
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from bokslut import pipeline
from bokslut.store import Store
from bokslut.web import Settings, build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BROKEN = EXAMPLES / "broken" / "kostnad-utan-minustecken.xlsx"
CLEAN = EXAMPLES / "delarsbokslut-2022" / "excel" / "81911.xlsx"
DELARSBOKSLUT = "delarsbokslut-8"
#: name → (role, ansvar, password)
PEOPLE = {
    "anna": ("controller", ("8191",), "anna-losenord-1"),
    "bertil": ("controller", ("8192",), "bertil-losenord-2"),
    "admin": ("administratör", (), "admin-losenord-3"),
}


def csrf(html: str) -> str:
    """The CSRF token a page's form carries."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def text(html: str) -> str:
    """A page's text as a person reads it: no tags, one space between words."""
    plain = re.sub(r"<[^>]+>", " ", html)
    plain = plain.replace("&nbsp;", "\u00a0").replace("&amp;", "&").replace("&#34;", '"').replace("&#39;", "'")
    return re.sub(r"[ \t\r\n]+", " ", plain).strip()  # a no-break space stays what it is


@dataclass
class Site:
    folder: Path
    settings: Settings
    app: Flask

    @classmethod
    def make(cls, folder: Path, store: str | None = None, **settings: object) -> Site:
        org = folder / "organisation.json"
        shutil.copy(EXAMPLES / "organisation.json", org)
        shutil.copy(EXAMPLES / "arsplan-2022.toml", folder / "arsplan-2022.toml")
        store = store or str(folder / "bokslut.db")
        with Store(store) as opened:
            for name, (role, ansvar, password) in PEOPLE.items():
                pipeline.new_account(opened, org, name, password, role, ansvar, by="test")
        chosen = Settings(org, 2022, store, out=folder / "out", **settings)  # type: ignore[arg-type]
        return cls(folder, chosen, build(chosen))

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def login(self, name: str) -> FlaskClient:
        client = self.client()
        token = csrf(client.get("/logga-in").get_data(as_text=True))
        answer = client.post("/logga-in", data={"csrf": token, "namn": name, "losenord": PEOPLE[name][2]})
        assert answer.status_code == 302, text(answer.get_data(as_text=True))
        return client

    def store(self) -> Store:
        return Store(self.settings.store)


def hand_in(client: FlaskClient, ansvar: str, path: Path, *, period: str = DELARSBOKSLUT, name: str | None = None):  # type: ignore[no-untyped-def]
    """Upload `path` on the ansvar's page, as the form does."""
    token = csrf(client.get(f"/ansvar/{ansvar}").get_data(as_text=True))
    with path.open("rb") as handle:
        return client.post(
            f"/ansvar/{ansvar}/lamna-in",
            data={"csrf": token, "period": period, "fil": (handle, name or path.name)},
            content_type="multipart/form-data",
        )
