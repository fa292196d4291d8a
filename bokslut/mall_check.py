"""Check a Word mall before anyone renders with it: every problem at once, each with its place.

A kommun edits its mallar in Word. What can go wrong there, and what this finds:

- template code Jinja cannot read (`{{ nmae` without `}}`, `{% iff %}`), each tag on its own;
- a tag Word split so docxtpl cannot join it again (across paragraphs, or around a field);
- blocks that do not close, or close in another place than docxtpl allows: a plain `{% if %}`
  must close in its own paragraph, `{%p if %}` in the same cell or body, `{%tr %}` in the same
  table; `{%tr %}` outside a table row, `{%tc %}` outside a cell;
- fields the report's context does not have (`{{ node.nmae }}`), with the nearest field name;
- the report's tables missing (a mall without the drift table is no delårsbokslut).

Then, when nothing is found, the mall is rendered once with a context made from the fields'
examples (`data/falt-exempel.json`): what the static checks cannot see (a document that is not
whole) is found there.

A place is said as Word shows it: the body, a table's row and column, the header or footer, the
heading above it and the text of the paragraph.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from bokslut.domain import REPORTS, ReportSpec
from bokslut.errors import MallError
from bokslut.fields import known_paths, sample_context
from bokslut.render import render_to_bytes

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%")
_PREFIXED = re.compile(r"^\{([{%#])(tr|tc|p|r)\s")
_XML = re.compile(r"<[^>]+>")
_BLOCKS = {"if": "endif", "for": "endfor", "with": "endwith", "macro": "endmacro", "filter": "endfilter"}
_MIDDLE = {"elif": "if", "else": ("if", "for")}
_METHODS = frozenset({"items", "keys", "values", "get", "lower", "upper", "title", "capitalize", "strip", "split"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
#: The context field each table of a report is in: a mall of the report must show it.
TABLE_FIELDS = {"drift": "drift.rows", "investeringar": "investments.rows", "forutbetalda": "prepaid.rows"}
ERROR, WARNING = "fel", "varning"
#: How many of a mall's errors a refused render names.
MAX_SHOWN = 10


@dataclass(frozen=True)
class MallProblem:
    where: str
    near: str
    message: str
    severity: str = ERROR


@dataclass
class _Paragraph:
    element: Any
    text: str
    place: str
    container: Any
    row: Any
    table: Any


@dataclass
class _Part:
    name: str
    raw: str
    patched: str
    paragraphs: list[_Paragraph] = field(default_factory=list)


def check_for_report(path: Path, report: ReportSpec | None, *, dry_run: bool = True) -> list[MallProblem]:
    """Every problem of the mall at `path` as a mall of `report` (None: its template code only)."""
    if report is None:
        return check_mall_file(path, None)
    return check_mall_file(path, report.template, required_fields(report), dry_run=dry_run)


def refuse_broken(path: Path, report: ReportSpec) -> None:
    """Raise `MallError` naming every error of the mall, before a render writes anything. (The
    one render with examples is left to rendering itself, whose fields are strict.)"""
    errors = [p for p in check_for_report(path, report, dry_run=False) if p.severity == ERROR]
    if errors:
        lines = "\n".join(f"  {line}" for line in as_lines(errors[:MAX_SHOWN]))
        more = f"\n  … och {len(errors) - MAX_SHOWN} till" if len(errors) > MAX_SHOWN else ""
        # the report the command knows the mall by (every sammanställning has the one mall)
        named = report_of_mall(Path(report.template)) or report
        raise MallError(
            f"Mallen {path} har {len(errors)} fel och används inte; inget dokument skrevs:\n{lines}{more}\n"
            f'Rätta dem i Word; bokslut mall kontroll "{path}" --rapport {named.key} visar dem igen.'
        )


def report_of_mall(path: Path) -> ReportSpec | None:
    """The report a mall file is for, by its name as bokslut's own ("delarsbokslut.docx", in any
    case: Word users write "Delarsbokslut.docx")."""
    return next((r for r in REPORTS.values() if r.template.lower() == path.name.lower()), None)


def required_fields(report: ReportSpec) -> tuple[str, ...]:
    """The tables a mall of `report` must show: the units' follow-up has its drift table only."""
    if report.is_unit_report:
        return (TABLE_FIELDS["drift"],)
    if report.summary:
        return ("namnder.rows",)
    return tuple(TABLE_FIELDS[key] for key in report.table_fliks if key in TABLE_FIELDS)


def check_mall_file(
    path: Path, mall_name: str | None, required: tuple[str, ...] = (), *, dry_run: bool = True
) -> list[MallProblem]:
    """Every problem of the mall at `path`. `mall_name` is the shipped mall whose fields it may
    use ("delarsbokslut.docx"); None checks the template code only. `required` are the fields
    (tables) it must show. Raises `MallError` when the file is no Word document."""
    parts = _parts(path)
    report = next((r.key for r in REPORTS.values() if r.template == mall_name), "RAPPORT")
    checker = _Checker(known_paths(mall_name) if mall_name is not None else None, report)
    problems: list[MallProblem] = []
    for part in parts:
        problems += checker.part(part)
    if dry_run and not _errors(problems):
        # what the tags one by one did not show: the part as Jinja reads it (a render compiles
        # the parts itself, `render.check_mall`, so it leaves this out)
        for part in parts:
            try:
                checker.environment.parse(_lines(part.patched))
            except TemplateSyntaxError as exc:
                problems.append(_at_line(part, exc.lineno, _syntax(exc)))
    if mall_name is None:
        return problems
    for wanted in required:
        if not any(u == wanted or u.startswith((wanted + "[]", wanted + ".")) for u in checker.used):
            problems.append(
                MallProblem(
                    "mallen",
                    "",
                    f"Mallen visar inte fältet {wanted}: rapportens tabell saknas. Lägg tillbaka tabellen "
                    f"(se bokslut:s egen mall) med {{%tr for r in {wanted} %}} och radens celler.",
                )
            )
    if dry_run and not _errors(problems):
        problems += _dry_run(path, mall_name)
    return problems


def _errors(problems: list[MallProblem]) -> bool:
    return any(p.severity == ERROR for p in problems)


# --- the parts and their paragraphs --------------------------------------------------------------


def _parts(path: Path) -> list[_Part]:
    if not path.is_file():
        raise MallError(f"Mallen {path} finns inte.")
    try:
        tpl = DocxTemplate(path)
        tpl.init_docx()
        found = [_Part("brödtexten", tpl.get_xml(), "")]
        for uri, where in ((tpl.HEADER_URI, "sidhuvudet"), (tpl.FOOTER_URI, "sidfoten")):
            found += [_Part(where, tpl.get_part_xml(part), "") for _, part in tpl.get_headers_footers(uri)]
    except Exception as exc:
        raise MallError(
            f"Mallen {path.name} går inte att öppna som Word-dokument (.docx). Spara den i Word som "
            "Word-dokument (.docx), eller börja om från bokslut:s egen mall i templates/."
        ) from exc
    for part in found:
        part.patched = tpl.patch_xml(part.raw)
        part.paragraphs = list(_paragraphs(part))
    return found


def _paragraphs(part: _Part) -> Iterator[_Paragraph]:
    root = etree.fromstring(part.raw.encode("utf-8"))
    tables = list(root.iter(f"{{{_W}}}tbl"))  # kept: lxml's elements are the same objects while referenced
    heading = ""
    for p in root.iter(f"{{{_W}}}p"):
        text = "".join(t.text or "" for t in p.iter(f"{{{_W}}}t"))
        style = p.find("w:pPr/w:pStyle", _NS)
        if style is not None and re.match(r"(Heading|Rubrik)", style.get(f"{{{_W}}}val", "")):
            heading = text.strip()
        cell = _ancestor(p, "tc")
        row = _ancestor(p, "tr")
        table = _ancestor(p, "tbl")
        place = part.name
        if table is not None and row is not None and cell is not None:
            rows = table.findall("w:tr", _NS)
            cells = row.findall("w:tc", _NS)
            place += f", tabell {_index(tables, table)} rad {_index(rows, row)} kolumn {_index(cells, cell)}"
        if part.name == "brödtexten":
            place += f", under rubriken ”{_short(heading, 60)}”" if heading else ", före första rubriken"
        yield _Paragraph(p, text, place, cell if cell is not None else root, row, table)


def _ancestor(element: Any, name: str) -> Any:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == f"{{{_W}}}{name}":
            return parent
        parent = parent.getparent()
    return None


def _index(siblings: list[Any], element: Any) -> int:
    return next((i for i, s in enumerate(siblings, start=1) if s is element), 0)


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- tags one by one, and how blocks open and close ---------------------------------------------


@dataclass
class _Open:
    keyword: str
    prefix: str
    paragraph: _Paragraph
    tag: str
    #: the names the block binds (a for loop's variable → the list's items' path)
    scope: dict[str, str | None] = field(default_factory=dict)


class _Checker:
    """The tags of a mall in document order: each read on its own, its place, how blocks nest,
    and the fields it reads with the loop variables of the blocks around it."""

    def __init__(self, known: frozenset[str] | None, report: str = "RAPPORT") -> None:
        self.environment = SandboxedEnvironment(autoescape=True)
        self.builtins = set(self.environment.globals) | {"loop"}
        self.known = known
        #: the report whose fields `bokslut mall fält` lists, for the messages
        self.report = report
        self.used: set[str] = set()
        #: each distinct tag parsed once (a mall repeats `{%p endfor %}` and `{{ para }}` often)
        self.parsed: dict[str, nodes.Template | TemplateSyntaxError] = {}

    def part(self, part: _Part) -> list[MallProblem]:
        problems: list[MallProblem] = []
        stack: list[_Open] = []
        top: dict[str, str | None] = {}
        for paragraph in part.paragraphs:
            text = paragraph.text.translate(_QUOTES)
            for match in _TAG.finditer(text):
                here = MallProblem(paragraph.place, _short(text), "")
                problems += self.tag(match.group(0), paragraph, here, stack, top)
        for still in stack:
            problems.append(
                MallProblem(
                    still.paragraph.place,
                    _short(still.paragraph.text),
                    f"Taggen {still.tag} stängs aldrig: lägg till {_end_tag(still)} där blocket ska sluta.",
                )
            )
        problems += _split_by_word(part)
        return _unique(problems)

    def tag(
        self, tag: str, paragraph: _Paragraph, here: MallProblem, stack: list[_Open], top: dict[str, str | None]
    ) -> list[MallProblem]:
        if tag in ("{{", "{%"):
            closing = "}}" if tag == "{{" else "%}"
            return [
                _with(
                    here,
                    f"Taggen som börjar med {tag} stängs inte med {closing} i samma stycke. Skriv hela taggen i ett "
                    "stycke; står den redan så har Word delat den (t.ex. runt ett fält eller en radbrytning): "
                    "skriv om den i ett svep.",
                )
            ]
        if tag.startswith("{#"):
            return []
        prefix_match = _PREFIXED.match(tag)
        prefix = prefix_match.group(2) if prefix_match else ""
        inner = _inner(tag, prefix)
        scope = dict(top)
        for block in stack:
            scope.update(block.scope)
        if tag.startswith("{{"):
            if not inner:
                return [_with(here, f"Fältet {tag} är tomt: skriv ett fältnamn mellan {{{{ och }}}}.")]
            return self.read(f"{{{{ {inner} }}}}", scope, here, f"Fältet {tag} går inte att läsa")[1]
        problems = _placement(prefix, paragraph, tag, here)
        keyword, _, rest = inner.partition(" ")
        source, problem = _statement_source(keyword, rest)
        if problem:
            return [*problems, _with(here, f"Taggen {tag} går inte att läsa: {problem}")]
        tree, found = self.read(source, scope, here, f"Taggen {tag} går inte att läsa") if source else (None, [])
        problems += found
        if tree is None and source:
            return problems
        problems += _nesting(keyword, prefix, paragraph, tag, stack, here)
        if keyword == "for" and tree is not None and stack:
            loop = next(tree.find_all(nodes.For))
            iterated = _resolve(loop.iter, scope, self.builtins)
            single = isinstance(loop.target, nodes.Name)
            stack[-1].scope = {n: f"{iterated[0]}[]" if iterated and single else None for n in _names(loop.target)}
        elif keyword == "set" and tree is not None:
            assign = next(tree.find_all(nodes.Assign))
            value = _resolve(assign.node, scope, self.builtins)
            bound = stack[-1].scope if stack else top
            single = isinstance(assign.target, nodes.Name)
            bound.update({n: value[0] if value and single else None for n in _names(assign.target)})
        return problems

    def read(
        self, source: str, scope: dict[str, str | None], here: MallProblem, cannot: str
    ) -> tuple[nodes.Template | None, list[MallProblem]]:
        """Parse one tag (as `source`) and check the fields it reads."""
        parsed = self.parsed.get(source)
        if parsed is None:
            try:
                parsed = self.parsed[source] = self.environment.parse(source)
            except TemplateSyntaxError as exc:
                parsed = self.parsed[source] = exc
        if isinstance(parsed, TemplateSyntaxError):
            return None, [_with(here, f"{cannot}: {_syntax(parsed)}")]
        tree = parsed
        if self.known is None:
            return tree, []
        found: dict[str, tuple[str, int]] = {}
        _walk(tree, dict(scope), self.builtins, found)
        problems = []
        for path, (written, _line) in found.items():
            self.used.add(path)
            unknown = _unknown_prefix(path, self.known)
            if unknown is not None:
                problems.append(_with(here, _unknown_message(written, unknown, self.known, self.report)))
        return tree, problems


def _unique(problems: list[MallProblem]) -> list[MallProblem]:
    return list(dict.fromkeys(problems))


def _statement_source(keyword: str, rest: str) -> tuple[str, str | None]:
    """A tag as a template Jinja can parse on its own ("", None: nothing to parse), or what is
    wrong with its keyword."""
    if keyword in _BLOCKS:
        return f"{{% {keyword} {rest} %}}{{% {_BLOCKS[keyword]} %}}", None
    if keyword in ("elif", "else"):
        return f"{{% if true %}}{{% {keyword} {rest} %}}{{% endif %}}", None
    if keyword == "set":
        return f"{{% set {rest} %}}", None
    if keyword in _BLOCKS.values() or keyword in ("break", "continue", "vm", "hm", "colspan", "cellbg"):
        return "", None
    words = [*_BLOCKS, "elif", "else", "set"]
    near = difflib.get_close_matches(keyword, [*words, *_BLOCKS.values()], 1)
    hint = f" Menade du ”{near[0]}”?" if near else ""
    return "", f"”{keyword}” är ingen mallkod (de som finns: {', '.join(sorted(words))}).{hint}"


def _with(problem: MallProblem, message: str, severity: str = ERROR) -> MallProblem:
    return MallProblem(problem.where, problem.near, message, severity)


def _inner(tag: str, prefix: str) -> str:
    body = tag[2:-2].strip()
    if prefix and body.startswith(prefix):
        body = body[len(prefix) :].strip()
    return body


def _placement(prefix: str, paragraph: _Paragraph, tag: str, here: MallProblem) -> list[MallProblem]:
    if prefix == "tr" and paragraph.row is None:
        return [
            _with(
                here,
                f"{tag} står utanför en tabell. {{%tr … %}} upprepar eller döljer en tabellrad: lägg den i en "
                "egen rad i tabellen, eller skriv {%p … %} i ett eget stycke för vanlig text.",
            )
        ]
    if prefix == "tc" and _ancestor(paragraph.element, "tc") is None:
        return [_with(here, f"{tag} står utanför en tabellcell: lägg den i cellen den gäller.")]
    if prefix in ("tr", "p") and paragraph.text.strip() != _stripped_tag(paragraph.text, tag):
        what = "raden" if prefix == "tr" else "stycket"
        return [
            _with(
                here,
                f"{tag} tar bort resten av {what} i dokumentet: texten bredvid den syns aldrig. Lägg "
                f"{tag} ensam i {'en egen rad' if prefix == 'tr' else 'ett eget stycke'}.",
                WARNING,
            )
        ]
    return []


def _stripped_tag(text: str, tag: str) -> str:
    return tag if text.strip() == tag else text.strip()


def _nesting(
    keyword: str, prefix: str, paragraph: _Paragraph, tag: str, stack: list[_Open], here: MallProblem
) -> list[MallProblem]:
    if keyword in _BLOCKS:
        stack.append(_Open(keyword, prefix, paragraph, tag))
        return []
    opener_of = {end: start for start, end in _BLOCKS.items()}
    if keyword not in opener_of and keyword not in _MIDDLE:
        return []
    wanted = opener_of.get(keyword) or _MIDDLE[keyword]
    if not stack:
        return [_with(here, f"{tag} har inget block att {'stänga' if keyword in opener_of else 'fortsätta'}: ta "
                            "bort den, eller lägg till blockets början före den.")]  # fmt: skip
    top = stack[-1]
    if top.keyword not in (wanted if isinstance(wanted, tuple) else (wanted,)):
        return [_with(here, f"{tag} passar inte till {top.tag} som är öppet här: stäng det med {_end_tag(top)} först.")]
    problems = []
    if top.prefix != prefix:
        problems.append(
            _with(
                here,
                f"{tag} hör till {top.tag} men har inte samma sort ({_kind(prefix)} mot {_kind(top.prefix)}): "
                f"skriv {_retagged(tag, top.prefix)} så att dokumentet blir helt.",
            )
        )
    elif not _same_place(top, paragraph):
        problems.append(_with(here, _apart(top, tag)))
    if keyword in opener_of:
        stack.pop()
    return problems


def _same_place(top: _Open, paragraph: _Paragraph) -> bool:
    if top.prefix == "":
        return top.paragraph.element is paragraph.element
    if top.prefix == "p":
        return top.paragraph.container is paragraph.container
    if top.prefix == "tr":
        return top.paragraph.table is paragraph.table
    return top.paragraph.row is paragraph.row


def _apart(top: _Open, tag: str) -> str:
    if top.prefix == "":
        return (
            f"{top.tag} och {tag} står i olika stycken: en tagg utan p eller tr måste börja och sluta i samma "
            "stycke. Skriv {%p … %} i egna stycken för att upprepa eller dölja hela stycken."
        )
    if top.prefix == "p":
        return (
            f"{top.tag} och {tag} står på olika ställen (i olika tabellceller, eller en i en cell och en utanför): "
            "lägg båda i samma cell, eller båda utanför tabellen."
        )
    return f"{top.tag} och {tag} står i olika tabeller: lägg båda i samma tabell."


def _kind(prefix: str) -> str:
    return {"": "tagg i texten", "p": "{%p}", "tr": "{%tr}", "tc": "{%tc}", "r": "{%r}"}[prefix]


def _retagged(tag: str, prefix: str) -> str:
    own = _PREFIXED.match(tag)
    body = _inner(tag, own.group(2) if own else "")
    return f"{{%{prefix} {body} %}}" if prefix else f"{{% {body} %}}"


def _end_tag(still: _Open) -> str:
    return f"{{%{still.prefix} {_BLOCKS[still.keyword]} %}}" if still.prefix else f"{{% {_BLOCKS[still.keyword]} %}}"


def _split_by_word(part: _Part) -> list[MallProblem]:
    """Tags docxtpl could not join: in the patched XML, a tag with Word's XML still inside."""
    problems = []
    for match in re.finditer(r"\{\{(?:(?!\}\}).)*?<w:[^>]*>(?:(?!\}\}).)*?\}\}", part.patched, re.DOTALL):
        text = _short(_XML.sub("", match.group(0)))
        problems.append(
            MallProblem(
                part.name,
                text,
                f"Fältet ”{text}” är delat av Word (över två stycken eller runt ett fält), så att det inte går att "
                "läsa. Radera det och skriv det igen i ett svep.",
            )
        )
    return problems


def _syntax(exc: TemplateSyntaxError) -> str:
    message = exc.message or ""
    known = {
        "unexpected end of template": "blocket eller taggen tar slut för tidigt",
        "unexpected '}'": "en } för mycket eller för lite",
        "unexpected char": "ett tecken som inte hör hemma i en mallkod",
        "expected token": "något saknas",
    }
    said = next((sv for en, sv in known.items() if message.startswith(en)), "mallkoden är felskriven")
    return f"{said} (Jinja: {message})."


def _lines(xml: str) -> str:
    """One line per paragraph, so a Jinja line number says which paragraph."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _at_text(part: _Part, written: str, line: int | None, message: str) -> MallProblem:
    """The problem at the first paragraph with a tag that has `written` in it, else at `line`."""
    pattern = re.compile(r"[{][{%][^}]*(?<![\w.])" + re.escape(written) + r"(?![\w])")
    for paragraph in part.paragraphs:
        if pattern.search(paragraph.text.translate(_QUOTES)):
            return MallProblem(paragraph.place, _short(paragraph.text), message)
    return _at_line(part, line, message)


def _at_line(part: _Part, line: int | None, message: str) -> MallProblem:
    lines = _lines(part.patched).splitlines()
    text = _XML.sub("", lines[max((line or 1) - 1, 0)]) if lines else ""
    for paragraph in part.paragraphs:
        if text.strip() and text.strip()[:30] in paragraph.text.translate(_QUOTES):
            return MallProblem(paragraph.place, _short(paragraph.text), message)
    return MallProblem(part.name, _short(text), message)


# --- fields the context has ---------------------------------------------------------------------


def _walk(
    node: nodes.Node, scope: dict[str, str | None], builtins: set[str], found: dict[str, tuple[str, int]]
) -> None:
    if isinstance(node, nodes.For):
        _walk(node.iter, scope, builtins, found)
        iterated = _resolve(node.iter, scope, builtins)
        inner = dict(scope)
        for name in _names(node.target):
            inner[name] = f"{iterated[0]}[]" if iterated and isinstance(node.target, nodes.Name) else None
        for child in (*node.body, *node.else_):
            _walk(child, inner, builtins, found)
        if node.test is not None:
            _walk(node.test, inner, builtins, found)
        return
    if isinstance(node, nodes.Assign):
        _walk(node.node, scope, builtins, found)
        value = _resolve(node.node, scope, builtins)
        for name in _names(node.target):
            scope[name] = value[0] if value and isinstance(node.target, nodes.Name) else None
        return
    if isinstance(node, nodes.Macro | nodes.CallBlock | nodes.With):
        inner = dict(scope)
        for target in getattr(node, "args", []) + getattr(node, "targets", []):
            for name in _names(target):
                inner[name] = None
        for child in node.iter_child_nodes():
            _walk(child, inner, builtins, found)
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and node.node.attr in _METHODS:
        _walk(node.node.node, scope, builtins, found)  # x.items(): x is the field
        for child in (*node.args, *node.kwargs):
            _walk(child, scope, builtins, found)
        return
    if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
        resolved = _resolve(node, scope, builtins)
        if resolved is not None:
            found.setdefault(resolved[0], (resolved[1], node.lineno))
        for index in _indexes(node):
            _walk(index, scope, builtins, found)
        return
    for child in node.iter_child_nodes():
        _walk(child, scope, builtins, found)


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _indexes(node: nodes.Node) -> list[nodes.Node]:
    """The expressions inside a chain's brackets (`r.cells[i]`: i), to be checked themselves."""
    found: list[nodes.Node] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
            found.append(node.arg)
        node = node.node
    return found


def _resolve(node: nodes.Node, scope: dict[str, str | None], builtins: set[str]) -> tuple[str, str] | None:
    """The field `node` reads, as a path of the context ("drift.rows[].label") and as written
    ("r.label"); None for what is not a field (a loop variable of unknown shape, `loop`)."""
    if isinstance(node, nodes.Name):
        if node.name in scope:
            bound = scope[node.name]
            return (bound, node.name) if bound is not None else None
        if node.name in builtins:
            return None
        return node.name, node.name
    if isinstance(node, nodes.Getattr):
        base = _resolve(node.node, scope, builtins)
        return (f"{base[0]}.{node.attr}", f"{base[1]}.{node.attr}") if base else None
    if isinstance(node, nodes.Getitem):
        base = _resolve(node.node, scope, builtins)
        if base is None:
            return None
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return f"{base[0]}.{node.arg.value}", f"{base[1]}[{node.arg.value!r}]"
        shown = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{base[0]}[]", f"{base[1]}[{shown}]"
    return None


def _unknown_prefix(path: str, known: frozenset[str]) -> str | None:
    """The shortest part of `path` that the context does not have, or None when it has it all."""
    parts = path.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if prefix not in known:
            return prefix
    return None


def _unknown_message(written: str, unknown: str, known: frozenset[str], report: str) -> str:
    parent, _, name = unknown.rpartition(".")
    name = name.removesuffix("[]")
    siblings = sorted(
        {p[len(parent) + 1 :].split(".")[0].removesuffix("[]") for p in known if p.startswith(parent + ".")}
        if parent
        else {p.split(".")[0].removesuffix("[]") for p in known}
    )
    near = difflib.get_close_matches(name, siblings, 1, 0.6)
    hint = f" Menade du ”{_rewritten(written, name, near[0])}”?" if near else ""
    listing = ", ".join(siblings[:12]) + (" …" if len(siblings) > 12 else "")
    if unknown.endswith("[]") or (unknown.removesuffix("[]") in known):
        return (
            f"Fältet ”{written}” är ingen lista: {{% for %}} går inte över det, och [ ] kan inte användas."
            " Se bokslut mall fält."
        )
    return (
        f"Fältet ”{written}” finns inte i rapporten.{hint} Fälten som finns här: {listing}. "
        f"Hela listan: bokslut mall fält {report}."
    )


def _rewritten(written: str, wrong: str, right: str) -> str:
    head, sep, tail = written.rpartition(wrong)
    return f"{head}{right}{tail}" if sep else right


# --- one render with the examples ---------------------------------------------------------------


def _dry_run(path: Path, mall_name: str) -> list[MallProblem]:
    """Render once with a context of the fields' examples; a document that is not whole, or a
    field missing where the example has it, is a problem no static check saw."""
    try:
        render_to_bytes(path, sample_context(mall_name))
    except MallError as exc:
        return [MallProblem("mallen", "", str(exc))]
    return []


def as_lines(problems: list[MallProblem]) -> Iterator[str]:
    for p in problems:
        near = f" (”{p.near}”)" if p.near else ""
        yield f"{p.where}{near}: {p.severity}: {p.message}"
