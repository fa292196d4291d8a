"""Lerviks kommun's organisation: three nämnder. The vård- och omsorgsnämnd's tree of 24 nodes is
the example every report is written out in full for (`NAMND`); the barn- och utbildningsnämnd and
the samhällsbyggnadsnämnd, with its VA and Avfall on flik sets of their own, are the rest of the
kommun (`OTHER_BOARDS`, written by `boards.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .settings import YEAR

KOMMUN = "Lerviks kommun"


@dataclass(frozen=True)
class Node:
    ansvar: str
    namn: str
    nivå: str
    överordnad: str | None
    kind: str = "ledning"  # which figure profile and text set the node uses
    flikar: str | None = None  # the flik set it reports on (docs/indata.md), None: skattefinansierad


NODES: tuple[Node, ...] = (
    Node("1", KOMMUN, "kommun", None),
    Node("8", "Vård- och omsorgsnämnden", "nämnd", "1"),
    Node("81", "Vård- och omsorgsförvaltningen", "förvaltning", "8", "forvaltning"),
    Node("8191", "Avdelning hemtjänst", "avdelning", "81"),
    Node("81911", "Hemtjänst Norr", "enhet", "8191", "hemtjanst"),
    Node("81912", "Hemtjänst Söder", "enhet", "8191", "hemtjanst"),
    Node("81913", "Hemtjänst Centrum", "enhet", "8191", "hemtjanst"),
    Node("81914", "Hemtjänst Väster", "enhet", "8191", "hemtjanst"),
    Node("81915", "Nattpatrullen", "enhet", "8191", "hemtjanst"),
    Node("8192", "Avdelning särskilt boende", "avdelning", "81"),
    Node("81921", "Solgårdens äldreboende", "enhet", "8192", "sabo"),
    Node("81922", "Björkhagens äldreboende", "enhet", "8192", "sabo"),
    Node("81923", "Lindgårdens demensboende", "enhet", "8192", "sabo"),
    Node("81924", "Ängsgårdens äldreboende", "enhet", "8192", "sabo"),
    Node("81925", "Korttidsboendet Strandvillan", "enhet", "8192", "sabo"),
    Node("8193", "Avdelning funktionsstöd", "avdelning", "81"),
    Node("81931", "Daglig verksamhet Verkstan", "enhet", "8193", "daglig"),
    Node("81932", "LSS-boende Ekbacken", "enhet", "8193", "lss"),
    Node("81933", "LSS-boende Tallmon", "enhet", "8193", "lss"),
    Node("81934", "Personlig assistans", "enhet", "8193", "assistans"),
    Node("81935", "Boendestöd socialpsykiatri", "enhet", "8193", "boendestod"),
    Node("8194", "Avdelning hälso- och sjukvård", "avdelning", "81"),
    Node("81941", "Hemsjukvården", "enhet", "8194", "hsl"),
    Node("81942", "Rehabenheten", "enhet", "8194", "rehab"),
    Node("81943", "Demensteamet", "enhet", "8194", "hsl"),
    Node("5", "Barn- och utbildningsnämnden", "nämnd", "1"),
    Node("51", "Barn- och utbildningsförvaltningen", "förvaltning", "5", "bun_kontor"),
    Node("5110", "Avdelning förskola", "avdelning", "51"),
    Node("51101", "Förskoleområde Norr", "enhet", "5110", "forskola"),
    Node("51102", "Förskoleområde Söder", "enhet", "5110", "forskola"),
    Node("5120", "Avdelning grundskola", "avdelning", "51"),
    Node("51201", "Lerviksskolan F–9", "enhet", "5120", "grundskola"),
    Node("51202", "Åsens skola F–6", "enhet", "5120", "grundskola"),
    Node("5130", "Avdelning gymnasium och vuxenutbildning", "avdelning", "51"),
    Node("51301", "Lerviks gymnasium", "enhet", "5130", "gymnasium"),
    Node("6", "Samhällsbyggnadsnämnden", "nämnd", "1"),
    Node("61", "Samhällsbyggnadsförvaltningen", "förvaltning", "6", "sbf_kontor"),
    Node("6110", "Avdelning gata och park", "avdelning", "61"),
    Node("61101", "Gatuenheten", "enhet", "6110", "gata"),
    Node("61102", "Parkenheten", "enhet", "6110", "park"),
    Node("6120", "Plan- och byggenheten", "avdelning", "61", "plan"),
    Node("6150", "VA-verksamheten", "avdelning", "61", "va", "VA"),
    Node("6160", "Avfallsverksamheten", "avdelning", "61", "avfall", "Avfall"),
)
BY_ANSVAR = {n.ansvar: n for n in NODES}
NAMND = "8"
OTHER_BOARDS = ("5", "6")
BOARDS = (NAMND, *OTHER_BOARDS)

SUBJECT = {"nämnd": "Nämnden", "förvaltning": "Förvaltningen", "avdelning": "Avdelningen", "enhet": "Enheten"}


def children(ansvar: str) -> list[Node]:
    return [n for n in NODES if n.överordnad == ansvar]


def subtree(ansvar: str) -> list[Node]:
    out = [BY_ANSVAR[ansvar]]
    for child in children(ansvar):
        out.extend(subtree(child.ansvar))
    return out


def own_in_subtree(ansvar: str, own: dict[str, Any]) -> list[str]:
    """The nodes of `ansvar`'s subtree, itself included, that have an entry in `own`."""
    return [n.ansvar for n in subtree(ansvar) if n.ansvar in own]


def reporting_nodes(board: str = NAMND) -> list[Node]:
    """Every node of a nämnd's tree, each hands in a workbook (by default the vård- och
    omsorgsnämnd's, which the report modules write)."""
    return subtree(board)


def kommun_nodes() -> list[Node]:
    """Every node that hands in a workbook: all but the kommun."""
    return [n for n in NODES if n.nivå != "kommun"]


def board_of(ansvar: str) -> str:
    """The nämnd a node belongs to."""
    node = BY_ANSVAR[ansvar]
    while node.nivå != "nämnd":
        assert node.överordnad is not None, ansvar
        node = BY_ANSVAR[node.överordnad]
    return node.ansvar


def is_top(ansvar: str) -> bool:
    """Whether the node reports on everything of the nämnd (goals, uppdrag, internkontroll): the
    nämnd itself and the förvaltning."""
    return BY_ANSVAR[ansvar].nivå in ("nämnd", "förvaltning")


def uppgifter(node: Node) -> dict[str, Any]:
    """The Uppgifter flik of a node's input."""
    return {"ansvar": node.ansvar, "namn": node.namn, "år": YEAR}


def has_projects(ansvar: str, table: dict[str, Any]) -> bool:
    """Whether the node or a node under it has projects in `table` (per ansvar)."""
    return bool(own_in_subtree(ansvar, table))
