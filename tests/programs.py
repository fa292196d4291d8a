"""The programs outside Python that some tests call, and the Debian packages that provide them.

A test that needs one calls `require(...)`: when the program is missing the test fails (it does
not skip) with the package to install, so a machine without it cannot pass by accident.
`make test` installs them (scripts/system-deps.sh); deselect a group with `-m "not libreoffice"`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: LibreOffice's program folder holds one library per component: Writer, Calc.
_COMPONENTS = {"writer": ("libswlo.so", "libreoffice-writer-nogui"), "calc": ("libsclo.so", "libreoffice-calc-nogui")}


def _missing(what: str, package: str) -> None:
    pytest.fail(
        f"{what} is not installed: install the Debian package {package} "
        f"(`make test` does so via scripts/system-deps.sh, or `apt-get install {package}`)",
        pytrace=False,
    )


def soffice(*components: str) -> str:
    """The LibreOffice binary, with every named component ("writer", "calc") installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        packages = " and ".join(_COMPONENTS[c][1] for c in components or ("writer",))
        _missing("LibreOffice (soffice)", packages)
        raise AssertionError  # unreachable: pytest.fail raises
    program = Path(os.path.realpath(found)).parent
    for component in components:
        library, package = _COMPONENTS[component]
        if not (program / library).exists():
            _missing(f"LibreOffice {component.capitalize()} ({library} in {program})", package)
    return found


def program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        _missing(name, package)
        raise AssertionError
    return found


def postgres_url() -> str:
    """The server the store's PostgreSQL tests use (`make test` starts one with scripts/postgres.sh)."""
    url = os.environ.get("BOKSLUT_TEST_POSTGRES")
    if not url:
        pytest.fail(
            "No PostgreSQL server: set BOKSLUT_TEST_POSTGRES to a URL; `make test` starts Debian's "
            "(package postgresql) with scripts/postgres.sh",
            pytrace=False,
        )
    return url


def chromium() -> tuple[str, str]:
    """Debian's Chromium and its chromedriver, for the web page's browser tests."""
    browser = shutil.which("chromium")
    if browser is None:
        _missing("Chromium (chromium)", "chromium")
        raise AssertionError
    driver = shutil.which("chromedriver")
    if driver is None:
        _missing("chromedriver", "chromium-driver")
        raise AssertionError
    return browser, driver
