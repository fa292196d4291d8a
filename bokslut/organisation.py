"""The organisation tree: kommun → nämnd → förvaltning → avdelning → enhet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bokslut.domain import DEFAULT_FLIK_SET, Level
from bokslut.issues import Source


@dataclass(frozen=True)
class Node:
    ansvar: str
    name: str
    level: Level
    parent: str | None
    source: Source = field(default_factory=Source, compare=False)
    #: the flik set the node reports on (`domain.FLIK_SETS`): its own, or its parent's
    flik_set: str = DEFAULT_FLIK_SET


@dataclass(frozen=True)
class Organisation:
    kommun: str
    nodes: tuple[Node, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_ansvar", {n.ansvar: n for n in self.nodes})
        children: dict[str | None, list[Node]] = {}
        for node in self.nodes:
            children.setdefault(node.parent, []).append(node)
        object.__setattr__(self, "_children", children)  # walking a tree of thousands stays linear

    def get(self, ansvar: str) -> Node | None:
        by: dict[str, Node] = self._by_ansvar  # type: ignore[attr-defined]
        return by.get(ansvar)

    def __getitem__(self, ansvar: str) -> Node:
        node = self.get(ansvar)
        if node is None:
            raise KeyError(ansvar)
        return node

    def children(self, ansvar: str) -> list[Node]:
        by: dict[str | None, list[Node]] = self._children  # type: ignore[attr-defined]
        return list(by.get(ansvar, ()))

    @property
    def roots(self) -> list[Node]:
        return [n for n in self.nodes if n.parent is None]

    def walk(self, ansvar: str | None = None) -> Iterator[Node]:
        """Nodes in document order: a node, then its children's subtrees."""
        starts = self.roots if ansvar is None else [self[ansvar]]
        for node in starts:
            yield node
            for child in self.children(node.ansvar):
                yield from self.walk(child.ansvar)

    def ancestors(self, ansvar: str) -> list[Node]:
        chain: list[Node] = []
        node = self.get(ansvar)
        while node is not None and node.parent is not None:
            node = self.get(node.parent)
            if node is not None:
                chain.append(node)
        return chain

    def nearest(self, ansvar: str, level: Level) -> Node | None:
        """The node itself or its closest ancestor on `level` (the nämnd a unit belongs to)."""
        node = self.get(ansvar)
        if node is not None and node.level is level:
            return node
        return next((a for a in self.ancestors(ansvar) if a.level is level), None)
