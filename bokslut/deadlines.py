"""The årsplan as data: when each level delivers its input to each follow-up.

Read from `data/arsplan.toml` (a kommun edits it each year). The workbook's instruction flik
shows them; a store that tracks who has delivered can use `deadline_for` the same way.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from importlib import resources

from bokslut.domain import MONTHS, Level

#: The layers in the order they deliver; a level delivers by its own layer or the next one up.
LAYERS = ("enhet", "avdelning", "forvaltning", "namnd")
LAYER_WHO = {
    "enhet": "enheterna",
    "avdelning": "avdelningarna",
    "forvaltning": "förvaltningens underlag till kommunledningskontoret",
    "namnd": "nämndens beslut",
}


@dataclass(frozen=True)
class Deadline:
    report: str
    layer: str
    when: datetime
    #: whether a time of day was given ("kl. 12.00"), or only the date
    timed: bool

    @property
    def text(self) -> str:
        """Swedish, as in the anvisningar: "13 september 2022 kl. 12.00"."""
        day = f"{self.when.day} {MONTHS[self.when.month - 1]} {self.when.year}"
        return f"{day} kl. {self.when:%H.%M}" if self.timed else day


@cache
def _plan() -> dict[int, dict[str, dict[str, date | datetime]]]:
    text = resources.files("bokslut").joinpath("data/arsplan.toml").read_text("utf-8")
    return {int(year): reports for year, reports in tomllib.loads(text).get("deadlines", {}).items()}


def deadlines(year: int, report: str) -> list[Deadline]:
    """Every layer's deadline for one report of the year, in delivery order."""
    entries = _plan().get(year, {}).get(report, {})
    out = []
    for layer in LAYERS:
        value = entries.get(layer)
        if isinstance(value, datetime):
            out.append(Deadline(report, layer, value, True))
        elif isinstance(value, date):
            out.append(Deadline(report, layer, datetime.combine(value, time(23, 59)), False))
    return out


def deadline_for(year: int, report: str, level: Level) -> Deadline | None:
    """When a node on `level` delivers: its own layer's deadline, else the next layer up's."""
    own = {Level.ENHET: 0, Level.AVDELNING: 1}.get(level, 2)
    for deadline in deadlines(year, report):
        if LAYERS.index(deadline.layer) >= own:
            return deadline
    return None
