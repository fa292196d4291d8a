"""What every reader hands on: one ansvar's input as JSON-shaped data and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bokslut.domain import DEFAULT_FLIK_SET, FLIK_SETS, ReportSpec
from bokslut.issues import Source
from bokslut.model import SourceMap, code_text
from bokslut.organisation import Organisation


@dataclass
class RawInput:
    """One file's worth of input for one ansvar, before validation against the model."""

    data: dict[str, Any]
    sources: SourceMap
    #: Formula cells of computed rows/columns without a cached value: skipped when comparing.
    uncached: set[tuple[str | int, ...]] = field(default_factory=set)
    #: Input cells whose formula had no cached value (already reported): not to be read as empty.
    unreadable: set[tuple[str | int, ...]] = field(default_factory=set)
    #: Sum and deviation cells read from a formula's cached value: the spreadsheet's arithmetic,
    #: not something typed. bokslut computes them from the rows; a disagreement is a warning.
    formulas: set[tuple[str | int, ...]] = field(default_factory=set)
    #: the other files combined into this input (`bokslut.combine`): an export's figures, say
    merged_from: tuple[Source, ...] = ()
    #: the flik set whose table flikar the input was given on (`domain.FLIK_SETS`); None when the
    #: input names no table flik (a flat export): its rows fit any node
    flik_set: str | None = None

    @property
    def base(self) -> Source:
        return self.sources.base

    @property
    def files(self) -> tuple[str, ...]:
        """The files the input was read from: its own, then those combined into it."""
        return tuple(dict.fromkeys(s.file for s in (self.base, *self.merged_from)))

    def ansvar(self, flik: str) -> str:
        """The ansvar code the input names for itself, "" when it names none."""
        uppgifter = self.data.get(flik)
        return code_text(uppgifter.get("ansvar") if isinstance(uppgifter, dict) else None)


def expected_fliks(organisation: Organisation | None, ansvar: str, report: ReportSpec) -> tuple[dict[str, str], str]:
    """The table flikar `ansvar`'s node reports on (table key → flik name) and, when they are a
    verksamhet's own (VA, Avfall), the sentence that says so, for a message about a missing one.
    Without an organisation, or for a node it does not know, the skattefinansierade flikar."""
    node = organisation.get(ansvar) if organisation is not None and ansvar else None
    if node is None or node.flik_set == DEFAULT_FLIK_SET:
        return dict(report.table_fliks), ""
    flik_set = FLIK_SETS[node.flik_set]
    return flik_set.fliks_of(report), f"{node.name} ({node.ansvar}) redovisar på flikarna för {flik_set.word}."
