"""What the full reports' texts have in common: the Texter flik from a report's tables of written
texts, the sentence on sjukfrånvaro, and the reason behind the largest deviation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .drift import Amounts
from .format import Layout
from .numbers import pct
from .organisation import SUBJECT, Node
from .staff import Sick


def sick_text(sick: Sick, subject: str, then: str) -> str:
    total, short = sick["Total sjukfrånvaro"], sick["Dag 1–14"]
    change = f"från {pct(total['fg'])} till {pct(total['år'])} jämfört med {then}."
    short_down = short["år"] < short["fg"]
    if total["år"] < total["fg"]:
        first = f"Sjukfrånvaron har minskat {change}"
        second = (
            "Korttidsfrånvaron har minskat när covid-19 klingat av, medan långtidsfrånvaron ligger kvar på en hög nivå."
            if short_down
            else "Långtidsfrånvaron har minskat, medan korttidsfrånvaron har ökat något."
        )
    elif total["år"] > total["fg"]:
        first = f"Sjukfrånvaron har ökat {change}"
        second = (
            "Ökningen beror på några längre sjukskrivningar; korttidsfrånvaron har minskat."
            if short_down
            else f"Ökningen gäller främst korttidsfrånvaron. {subject} följer upp upprepad korttidsfrånvaro "
            "med rehabiliteringssamtal."
        )
    else:
        first = f"Sjukfrånvaron är oförändrad, {pct(total['år'])}, jämfört med {then}."
        second = f"{subject} fortsätter arbetet med tidiga rehabiliteringsinsatser."
    return f"{first} {second}"


def largest_deviation(rows: dict[str, Amounts], key: str, candidates: Iterable[str]) -> str | None:
    """Of the kontogrupper `candidates`, the one whose `key` (prognos or utfall) is furthest from
    the budget; the first of equals, None if there are no candidates."""
    return max(candidates, key=lambda r: abs(rows[r][key] - rows[r]["budget"]), default=None)


@dataclass(frozen=True)
class TextTables:
    """The written texts of a report with every flik (the delårsbokslut, the årsbokslut), per ansvar;
    recruitment and work environment per ansvar or else per kind of verksamhet."""

    verksamhet: dict[str, str]
    omedelbara: dict[str, str]
    internkontroll: dict[str, str]
    recruitment: dict[str, str]
    work_environment: dict[str, str]
    sick_then: str  # what the sjukfrånvaro is compared with


def written_texts(node: Node, tables: TextTables, sick: Sick) -> dict[str, str | None]:
    """The Texter sections a full report takes from its tables, and its Sjukfrånvaro text (None
    where the node has nothing to say)."""
    a = node.ansvar
    text_kind = a if a in tables.recruitment else node.kind
    return {
        "Verksamhet": tables.verksamhet[a],
        "Omedelbara åtgärder": tables.omedelbara.get(a),
        "Internkontroll": tables.internkontroll.get(a),
        "Rekryteringsbehov och kompetensförsörjning": tables.recruitment[text_kind],
        "Arbetsmiljö": tables.work_environment[text_kind],
        "Sjukfrånvaro": sick_text(sick, SUBJECT[node.nivå], tables.sick_then),
    }


def project_texts(lay: Layout, table: str, texts: Sequence[str]) -> dict[str, str]:
    """The report's sections on a project table ("Investeringar – …"), in their order, with `texts`."""
    sections = [s for s in lay.text_sections if s.startswith(f"{table} – ")]
    return dict(zip(sections, texts, strict=True))


def texter(lay: Layout, texts: dict[str, str | None]) -> dict[str, str]:
    """The Texter flik: the report's sections that have a text, in the report's order."""
    return {k: v for k in lay.text_sections if (v := texts.get(k))}
