"""Render: a context in, a .docx out, written whole or not at all.

docxtpl fills the mall with a sandboxed, autoescaping Jinja environment: an author's `&`, `<`
or `{{` comes out as written and cannot run template code. Signal marks become inline images
with alt text (the label), so the symbol is never colour alone.
"""

from __future__ import annotations

import io
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from bokslut.atomic import write_atomically
from bokslut.context import SignalMark
from bokslut.symbols import symbol_png

SYMBOL_SIZE = Cm(0.35)


class TemplateMissing(FileNotFoundError):
    """The report's mall is not where the configuration says."""


class SymbolImage(InlineImage):  # type: ignore[misc]
    """An inline image whose alt text (`descr`) says what the symbol means."""

    def __init__(self, tpl: DocxTemplate, mark: SignalMark) -> None:
        super().__init__(tpl, io.BytesIO(symbol_png(mark.shape, mark.colour)), width=SYMBOL_SIZE, height=SYMBOL_SIZE)
        self.alt = mark.label + (" (satt manuellt)" if mark.by_hand else "")

    def _insert_image(self) -> str:
        pic = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        self.image_descriptor.seek(0)
        doc_pr = pic.xpath(".//wp:docPr")[0]
        doc_pr.set("descr", self.alt)
        doc_pr.set("title", self.alt)
        return f'</w:t></w:r><w:r><w:drawing>{pic.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


def _prepare(value: Any, tpl: DocxTemplate) -> Any:
    """Plain values stay; signal marks become {image, label} for the template."""
    if isinstance(value, SignalMark):
        return {"image": SymbolImage(tpl, value), "label": value.label, "by_hand": value.by_hand}
    if isinstance(value, dict):
        return {k: _prepare(v, tpl) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v, tpl) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _prepare(asdict(value), tpl)
    return value


def render_docx(template: Path, context: dict[str, Any], target: Path) -> None:
    """Render `template` with `context` into `target`, atomically: a crash leaves no file behind."""
    if not template.is_file():
        raise TemplateMissing(f"Mallen {template} finns inte.")
    tpl = DocxTemplate(template)
    env = SandboxedEnvironment(autoescape=True)
    tpl.render(_prepare(context, tpl), jinja_env=env, autoescape=True)
    write_atomically(target, tpl.save)
