"""Render: a context in, a .docx out, written whole or not at all.

docxtpl fills the mall with a sandboxed, autoescaping Jinja environment: an author's `&`, `<`
or `{{` comes out as written and cannot run template code. Signal marks become inline images
with alt text (the label), so the symbol is never colour alone; where the mall prints the label
beside the symbol it takes the decorative image, so a screen reader reads the label once.

A mall is checked once before a batch (`check_mall`): a missing or unreadable file or an error in
its template code stops the run with the mall's name and the place. A rendered document is
checked whole (every part parses, the body ends with its section properties) before it is moved
into place, so a document is never silently cut short.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from bokslut.atomic import Incomplete, write_atomically
from bokslut.context import SignalMark
from bokslut.errors import MallError
from bokslut.symbols import symbol_png
from bokslut.text import xml_safe

SYMBOL_SIZE = Cm(0.35)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAGS = re.compile(r"<[^>]+>")
_LISTING = re.compile("[\t\a\n\f]")


class SymbolImage(InlineImage):  # type: ignore[misc]
    """An inline image whose alt text (`descr`) says what the symbol means; or, `decorative`, one
    that a screen reader and a tagged PDF skip, for a symbol printed beside its label."""

    def __init__(self, tpl: DocxTemplate, mark: SignalMark, *, decorative: bool = False) -> None:
        super().__init__(tpl, io.BytesIO(symbol_png(mark.shape, mark.colour)), width=SYMBOL_SIZE, height=SYMBOL_SIZE)
        self.alt = "" if decorative else mark.label + (" (satt manuellt)" if mark.by_hand else "")
        self.decorative = decorative

    def _insert_image(self) -> str:
        pic = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        self.image_descriptor.seek(0)
        for side in ("distT", "distB", "distL", "distR"):
            pic.set(side, "0")  # no space around the symbol: LibreOffice's default would push the label away
        doc_pr = pic.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", self.alt)
        if self.decorative:
            _mark_decorative(doc_pr)
        else:
            doc_pr.set("title", self.alt)
        return f'</w:t></w:r><w:r><w:drawing>{pic.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


#: Word's mark of a decorative image (Office 2019 and 365): an extension of the image's `wp:docPr`.
_DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def _mark_decorative(doc_pr: Any) -> None:
    """`<a:extLst><a:ext uri=…><adec:decorative val="1"/></a:ext></a:extLst>`, as Word writes it."""
    ext_lst = etree.SubElement(doc_pr, f"{{{_A}}}extLst", nsmap={"a": _A})
    ext = etree.SubElement(ext_lst, f"{{{_A}}}ext", uri=_DECORATIVE_EXT)
    etree.SubElement(ext, f"{{{_ADEC}}}decorative", nsmap={"adec": _ADEC}, val="1")


def _prepare(value: Any, tpl: DocxTemplate) -> Any:
    """Plain values stay; signal marks become {image, decorative, label, unbroken, by_hand} for the
    template: `image` carries the label as alternative text (a symbol shown alone), `decorative` is
    the same symbol for where the mall prints the label beside it, `unbroken` the label with
    non-breaking spaces (a legend's entry never wraps)."""
    if isinstance(value, str):
        return xml_safe(value)  # validation reports such characters; this keeps the XML whole
    if isinstance(value, SignalMark):
        return {
            "image": SymbolImage(tpl, value),
            "decorative": SymbolImage(tpl, value, decorative=True),
            "label": value.label,
            "unbroken": value.label.replace(" ", "\u00a0"),
            "by_hand": value.by_hand,
        }
    if isinstance(value, dict):
        return {k: _prepare(v, tpl) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v, tpl) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _prepare(asdict(value), tpl)
    return value


class MissingField(UndefinedError):
    """A field the mall uses that the context does not have: `name`, the last part of it."""

    def __init__(self, name: str | None = None) -> None:
        super().__init__(f"{name!r} is undefined")
        self.name = name or ""


class _Strict(StrictUndefined):
    """An unknown field is an error, never an empty string (a misspelled `{{ nmae }}`): Jinja
    raises `_undefined_exception(_undefined_message)`, here `MissingField` with the name."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = None, name: str | None = None, exc: Any = None) -> None:
        super().__init__(hint, obj, name, MissingField)

    @property
    def _undefined_message(self) -> str:
        return self._undefined_name or ""


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True, undefined=_Strict)


class _CompilingOnce(SandboxedEnvironment):
    """The sandboxed environment, compiling each distinct template text once: every document of a
    batch is rendered from the same compiled body, headers, footers and properties."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=_Strict)
        self._compiled: dict[str, Any] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


class Mall:
    """A mall prepared once for a batch: read once, its parts' XML patched once and their template
    code compiled once (docxtpl would redo both for every document). A document rendered from it is
    the document a fresh `DocxTemplate` renders."""

    def __init__(self, path: Path) -> None:
        self.environment = _CompilingOnce()
        check_mall(path, self.environment)
        self.path = path
        self.data = path.read_bytes()
        self.patched: dict[str, str] = {}

    def render(self, context: dict[str, Any], target: Path, properties: Properties | None = None) -> None:
        """Render `context` into `target`, atomically; see `render_docx`."""
        tpl = _FromMall(self)
        _fill(tpl, self.path, context, self.environment, properties)
        write_atomically(target, tpl.save, check=check_docx)


class _FromMall(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, opened from the mall's bytes, with the XML patching remembered."""

    def __init__(self, mall: Mall) -> None:
        super().__init__(io.BytesIO(mall.data))
        self._mall = mall

    def resolve_listing(self, xml: str) -> str:
        """docxtpl turns tabs, line and page breaks in texts into Word's; without any there is
        nothing to turn, and its pass over every paragraph is skipped."""
        if not _LISTING.search(xml):
            return xml
        return str(super().resolve_listing(xml))

    def patch_xml(self, src_xml: str) -> str:
        patched = self._mall.patched.get(src_xml)
        if patched is None:
            patched = self._mall.patched[src_xml] = super().patch_xml(src_xml)
        return str(patched)


def check_mall(template: Path, environment: SandboxedEnvironment | None = None) -> None:
    """Raise `MallError` when `template` is missing, is no Word document or has a template code
    error, naming the mall and the text around the error. Each part is compiled in `environment`
    (a batch's `_CompilingOnce` keeps what it compiled for the documents)."""
    if not template.is_file():
        raise MallError(
            f"Mallen {template} finns inte. Lägg tillbaka den (templates/ i bokslut har originalen) eller "
            "ange rätt mall."
        )
    try:
        tpl = DocxTemplate(template)
        tpl.init_docx()
        parts = [("dokumentets text", tpl.patch_xml(tpl.get_xml()))]
        for uri, where in ((tpl.HEADER_URI, "sidhuvudet"), (tpl.FOOTER_URI, "sidfoten")):
            parts += [(where, tpl.patch_xml(tpl.get_part_xml(part))) for _, part in tpl.get_headers_footers(uri)]
    except Exception as exc:
        raise MallError(
            f"Mallen {template.name} går inte att öppna som Word-dokument (.docx). Spara den i Word som "
            "Word-dokument (.docx), eller lägg tillbaka originalet från templates/."
        ) from exc
    env = environment or _environment()
    for where, xml in parts:
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # a line per paragraph, as docxtpl renders it
        try:
            env.from_string(xml)
        except TemplateSyntaxError as exc:
            raise MallError(_syntax_message(template, where, xml, exc.lineno)) from exc


def _syntax_message(template: Path, where: str, xml: str, line: int | None) -> str:
    lines = xml.splitlines()
    near = lines[max((line or 1) - 1, 0)] if lines else ""
    text = " ".join(_TAGS.sub("", near).split())[:160]
    return (
        f"Mallen {template.name} har ett fel i en mallkod ({{{{ … }}}} eller {{% … %}}) i {where}, nära "
        f"”{text}”. Rätta koden i Word: varje {{{{ ska stängas med }}}} och varje {{% med %}}."
    )


def render_docx(template: Path, context: dict[str, Any], target: Path, properties: Properties | None = None) -> None:
    """Render `template` with `context` into `target`, atomically: a crash leaves no file behind,
    and a document that is not whole is never moved into place."""
    tpl = DocxTemplate(template)
    _fill(tpl, template, context, _environment(), properties)
    write_atomically(target, tpl.save, check=check_docx)


def render_to_bytes(template: Path, context: dict[str, Any]) -> bytes:
    """Render `template` with `context` in memory and check the result is a whole document;
    `MallError` when the mall cannot be filled or gives a broken document."""
    tpl = DocxTemplate(template)
    _fill(tpl, template, context, _environment())
    buffer = io.BytesIO()
    tpl.save(buffer)
    try:
        _check_archive(io.BytesIO(buffer.getvalue()), template.name)
    except Incomplete as exc:
        raise MallError(
            f"Mallen {template.name} ger ett dokument som inte är helt: en tagg öppnar eller stänger ett block "
            "på fel ställe (se {%p %} och {%tr %} i README). Kontrollera blocken i Word."
        ) from exc
    return buffer.getvalue()


@dataclass(frozen=True)
class Properties:
    """What a document says about itself (Arkiv › Egenskaper, and a PDF's title): its title, the
    kommun as author, and the render date as created and modified."""

    title: str
    kommun: str
    day: date
    subject: str = ""

    def apply(self, properties: Any) -> None:
        moment = datetime.combine(self.day, time(12, 0), tzinfo=UTC)
        properties.title = _short(self.title)
        properties.subject = _short(self.subject)
        properties.author = _short(self.kommun)
        properties.last_modified_by = _short(self.kommun)
        properties.created = moment
        properties.modified = moment
        properties.revision = 1
        properties.language = LANGUAGE
        properties.comments = ""
        properties.keywords = ""


def _short(text: str) -> str:
    """A property holds at most 255 characters (the format's limit): a longer name is cut."""
    return text if len(text) <= 255 else text[:254] + "…"


#: The documents' language (BCP 47): Swedish for Word, screen readers and the PDF's tags.
LANGUAGE = "sv-SE"


def _fill(
    tpl: DocxTemplate,
    template: Path,
    context: dict[str, Any],
    environment: SandboxedEnvironment,
    properties: Properties | None = None,
) -> None:
    try:
        tpl.render(_prepare(context, tpl), jinja_env=environment, autoescape=True)
    except MissingField as exc:
        raise MallError(
            f"Mallen {template.name} använder fältet ”{exc.name}”, som rapporten inte har. Rätta fältet i Word; "
            f"bokslut mall kontroll {template.name} visar var det står och vad som finns."
        ) from exc
    except TemplateError as exc:
        raise MallError(
            f"Mallen {template.name} kunde inte fyllas i: en mallkod använder något som inte finns eller inte "
            "är tillåtet. Kontrollera mallkoderna ({{ … }} och {% … %}) i Word."
        ) from exc
    if properties is not None:
        properties.apply(tpl.docx.core_properties)


#: The parts rendering writes (the rest is copied from the mall): each must parse.
_RENDERED = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml|.*\.rels")


def check_docx(path: Path) -> None:
    """Raise `Incomplete` unless `path` is a whole Word document: every part intact (its checksum
    holds when read), every part rendering wrote parsing, and the body ending with its section
    properties (a cut-short body loses them)."""
    _check_archive(path, path.name)


def _check_archive(source: Path | io.BytesIO, name: str) -> None:
    try:
        with zipfile.ZipFile(source) as archive:
            for part in archive.namelist():
                data = archive.read(part)  # a part that does not match its checksum raises here
                if _RENDERED.fullmatch(part):
                    root = etree.fromstring(data)
                    if part == "word/document.xml":
                        _check_body(root, name)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise Incomplete(f"{name}: dokumentet blev inte helt") from exc


def _check_body(root: Any, name: str) -> None:
    body = root.find(f"{_W}body")
    if body is None or len(body) == 0 or body[-1].tag != f"{_W}sectPr":
        raise Incomplete(f"{name}: dokumentets text slutar för tidigt")
