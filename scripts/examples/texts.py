"""The Swedish texts of the examples, kept as data in texts/*.toml: one file per report, one for
the nämnd's plan and one for the units' follow-up."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).resolve().parent / "texts"


@cache
def load(name: str) -> dict[str, Any]:
    """The tables of texts/<name>.toml, as tomllib reads them (read once)."""
    with (TEXTS / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
