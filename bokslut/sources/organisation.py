"""Read the organisation from JSON or from an Excel flik `Organisation`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from bokslut.domain import DEFAULT_FLIK_SET, FLIK_SETS, Level, ansvar_code_problem, flik_set_named, loose
from bokslut.issues import Issue, Source, error
from bokslut.model import code_text
from bokslut.organisation import Node, Organisation
from bokslut.safeload import kind_of, load_json
from bokslut.sources.workbook import HeaderNotFound, missing_flik, open_workbook, read_records
from bokslut.text import invalid_characters

ORG_FLIK = "Organisation"
ORG_COLUMNS = {"ansvar": "Ansvar", "namn": "Namn", "nivå": "Nivå", "överordnad": "Överordnad", "flikar": "Flikar"}
#: columns an organisation workbook may leave out
ORG_OPTIONAL = ("flikar",)
_LEVELS = {loose(level.value): level for level in Level}


def read_organisation(path: Path) -> tuple[Organisation, list[Issue]]:
    """Read and check an organisation file; the tree holds only the nodes that make sense."""
    if path.suffix.lower() == ".json":
        rows, issues = _rows_from_json(path)
    else:
        rows, issues = _rows_from_excel(path)
    kommun = next((r[0].get("namn") or "" for r in rows if loose(str(r[0].get("nivå") or "")) == "kommun"), "")
    nodes, node_issues = _nodes(rows)
    return Organisation(kommun=str(kommun), nodes=tuple(nodes)), issues + node_issues


def _rows_from_json(path: Path) -> tuple[list[tuple[dict[str, Any], Source]], list[Issue]]:
    base = Source.of(path)
    data, issues = load_json(path)
    if data is None:
        return [], issues
    nodes = data.get("noder") if isinstance(data, dict) else None
    if not isinstance(nodes, list):
        msg = 'Organisationen ska ha en lista "noder" med ansvar, namn, nivå och överordnad.'
        return [], [*issues, error("org.json", msg, Source(base.file, json_path="$"))]
    rows = []
    for i, item in enumerate(nodes):
        src = Source(base.file, json_path=f"$.noder[{i}]", place=_place(item, i))
        if not isinstance(item, dict):
            msg = f"Noden är {kind_of(item)}, men ska vara ett objekt med ansvar, namn, nivå och överordnad."
            issues.append(error("org.json", msg, src))
            continue
        rows.append((item, src))
    return rows, issues


def _place(item: Any, i: int) -> str:
    """ "nod 81911" when the node has a code that can be shown, else its place in the list."""
    code = code_text(item.get("ansvar")) if isinstance(item, dict) else ""
    return f"nod {code}" if code and ansvar_code_problem(code) is None else f"nod nr {i + 1} i listan"


def _rows_from_excel(path: Path) -> tuple[list[tuple[dict[str, Any], Source]], list[Issue]]:
    book, issues = open_workbook(path, [ORG_FLIK])
    if book is None:
        return [], issues
    if ORG_FLIK not in book.sheets:
        return [], [*issues, missing_flik(book, ORG_FLIK)]
    sheet = book.sheets[ORG_FLIK]
    try:
        records = read_records(sheet, ORG_COLUMNS, required=[k for k in ORG_COLUMNS if k not in ORG_OPTIONAL][1:])
    except HeaderNotFound as exc:
        return [], [*issues, exc.issue]
    rows = []
    for record in records:
        uncached = [c for c in record.cells.values() if c.uncached]
        for cell in uncached:
            msg = (
                f"Cellen har formeln {cell.formula} men inget sparat värde: arbetsboken sparades av ett program "
                "som inte räknar om formler. Öppna och spara den i Excel eller LibreOffice, eller skriv in värdet."
            )
            issues.append(error("org.formel_utan_varde", msg, cell.source))
        if not uncached:
            rows.append(({k: v.value for k, v in record.cells.items()}, record.source))
    return rows, issues


def _nodes(rows: list[tuple[dict[str, Any], Source]]) -> tuple[list[Node], list[Issue]]:
    issues: list[Issue] = []
    nodes: dict[str, Node] = {}
    for values, src in rows:
        ansvar = code_text(values.get("ansvar"))
        name = str(values.get("namn") or "").strip()
        level = _LEVELS.get(loose(str(values.get("nivå") or "")))
        parent = code_text(values.get("överordnad")) or None
        if not ansvar:
            issues.append(error("org.ansvar", "Ansvarskod saknas. Fyll i ansvarskoden.", src))
            continue
        problem = ansvar_code_problem(ansvar) or (ansvar_code_problem(parent) if parent else None)
        if problem is not None:
            code = ansvar if ansvar_code_problem(ansvar) else parent
            msg = f"Ansvarskoden ”{str(code)[:40]}” {problem}. Rätta koden i organisationen."
            issues.append(error("org.ogiltig_kod", msg, src))
            continue
        bad_text = invalid_characters(name)
        if bad_text is not None:
            msg = f"Namnet på ansvar {ansvar} innehåller {bad_text}. Ta bort tecknen."
            issues.append(error("org.styrtecken", msg, src, ansvar))
            continue
        if level is None:
            allowed = ", ".join(lv.value for lv in Level)
            msg = f"Ansvar {ansvar} har nivån ”{values.get('nivå') or ''}”. Ange en av: {allowed}."
            issues.append(error("org.niva", msg, src, ansvar))
            continue
        if parent is None and level is not Level.KOMMUN:
            msg = (
                f"Ansvar {ansvar} ({level.value}) saknar överordnad. Ange ansvaret som det ligger under; "
                "bara kommunen står överst."
            )
            issues.append(error("org.overordnad_saknas", msg, src, ansvar))
            continue
        if ansvar in nodes:
            first = nodes[ansvar].source
            where = replace(first, place=f"{first.place} ({first.json_path})") if first.json_path else first
            msg = f"Ansvar {ansvar} finns två gånger (även i {where}). Varje ansvarskod ska finnas en gång."
            issues.append(error("org.dubblett", msg, src, ansvar))
            continue
        flikar = str(values.get("flikar") or "").strip()
        named = flik_set_named(flikar) if flikar else None
        if flikar and named is None:
            allowed = ", ".join(s.name for s in FLIK_SETS.values())
            msg = f"Ansvar {ansvar} har flikarna ”{flikar[:40]}”. Ange en av: {allowed} (tomt: som överordnad)."
            issues.append(error("org.flikar", msg, src, ansvar))
            continue
        nodes[ansvar] = Node(ansvar, name or ansvar, level, parent, src, named.key if named else "")
    issues += _check_parents(nodes)
    nodes = _inherit_flik_sets(nodes)
    bad = {i.ansvar for i in issues if i.ansvar and i.code != "org.dubblett"}
    orphans = _orphans(nodes, bad)
    bad |= {i.ansvar for i in orphans if i.ansvar}
    return [n for a, n in nodes.items() if a not in bad], issues + orphans


def _inherit_flik_sets(nodes: dict[str, Node]) -> dict[str, Node]:
    """A node that names no flik set reports on its parent's (at the top, or in a cycle that is
    reported elsewhere: skattefinansierad). Linear: each chain upward is walked once."""
    found: dict[str, str] = {}
    for start in nodes:
        chain: list[str] = []
        seen: set[str] = set()
        at: str | None = start
        flik_set = DEFAULT_FLIK_SET
        while at is not None and at in nodes and at not in seen:
            if at in found:
                flik_set = found[at]
                break
            if nodes[at].flik_set:
                flik_set = nodes[at].flik_set
                break
            seen.add(at)
            chain.append(at)
            at = nodes[at].parent
        for ansvar in chain:
            found[ansvar] = flik_set
    return {a: n if n.flik_set else replace(n, flik_set=found[a]) for a, n in nodes.items()}


def _orphans(nodes: dict[str, Node], bad: set[str]) -> list[Issue]:
    """Nodes under a rejected node are left out too, and each is named: none vanishes silently."""
    issues = []
    for node in nodes.values():
        chain, seen = node, {node.ansvar}
        while chain.parent is not None and chain.parent in nodes and chain.parent not in bad:
            chain = nodes[chain.parent]
            if chain.ansvar in seen:
                break
            seen.add(chain.ansvar)
        if node.ansvar not in bad and chain.parent is not None and chain.parent in bad:
            msg = (
                f"{node.name} ({node.ansvar}) tas inte med, eftersom den ligger under ansvar {chain.parent}, "
                "som har fel i organisationen. Rätta det felet först."
            )
            issues.append(error("org.under_fel", msg, node.source, node.ansvar))
    return issues


def _check_parents(nodes: dict[str, Node]) -> list[Issue]:
    issues: list[Issue] = []
    for node in nodes.values():
        if node.parent is None:
            continue
        parent = nodes.get(node.parent)
        if parent is None:
            msg = (
                f"Ansvar {node.ansvar} har överordnad {node.parent}, som inte finns i "
                "organisationen. Lägg till den eller rätta koden."
            )
            issues.append(error("org.okand_overordnad", msg, node.source, node.ansvar))
        elif parent.level.rank >= node.level.rank:
            msg = (
                f"Ansvar {node.ansvar} ({node.level.value}) ligger under {parent.ansvar} "
                f"({parent.level.value}). En överordnad nod ska ligga på en högre nivå."
            )
            issues.append(error("org.niva_ordning", msg, node.source, node.ansvar))
    return issues + _cycles(nodes)


def _cycles(nodes: dict[str, Node]) -> list[Issue]:
    """Every cycle once, its first node with the whole loop and each other node pointing there; in
    one pass over the tree, so a cycle of thousands costs no more than a chain."""
    issues: list[Issue] = []
    done: set[str] = set()
    for start in nodes:
        path: list[str] = []
        index: dict[str, int] = {}
        current: str | None = start
        while current is not None and current in nodes and current not in done and current not in index:
            index[current] = len(path)
            path.append(current)
            current = nodes[current].parent
        if current is not None and current in index:
            cycle = path[index[current] :]
            shown = cycle if len(cycle) <= 8 else [*cycle[:7], f"… ({len(cycle) - 7} till)"]
            loop = " → ".join([*shown, cycle[0]])
            first = nodes[cycle[0]]
            msg = f"Organisationen har en cirkel: {loop}. Rätta överordnad för någon av dem."
            issues.append(error("org.cirkel", msg, first.source, first.ansvar))
            for ansvar in cycle[1:]:
                msg = f"Ansvar {ansvar} ligger i en cirkel i organisationen (se ansvar {first.ansvar}). Rätta den."
                issues.append(error("org.cirkel", msg, nodes[ansvar].source, ansvar))
        done.update(path)
    return issues
