"""Print the text of a .docx as a reader sees it: paragraphs and table rows in document order.

python scripts/docx_text.py out/delarsbokslut-2022/8*.docx
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def document_text(path: Path) -> str:
    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            prefix = "#" * int(style[-1]) + " " if style.startswith("Heading ") else ""
            text = block.text
            text += "".join(_images(block._p))
            if text.strip() or prefix:
                lines.append(prefix + text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    value = " / ".join(p.text for p in cell.paragraphs if p.text)
                    cells.append(value + "".join(_images(cell._tc)))
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _images(element: Any) -> list[str]:
    """Each image as a reader hears it: its alternative text, or that it is decorative (skipped)."""
    out = []
    for doc_pr in element.iter(f"{{{WP}}}docPr"):
        decorative = any(d.get("val") in ("1", "true") for d in doc_pr.iter(f"{{{ADEC}}}decorative"))
        out.append(" [dekorativ bild]" if decorative else f" [bild: {doc_pr.get('descr')}]")
    return out


if __name__ == "__main__":
    for name in sys.argv[1:]:
        sys.stdout.write(document_text(Path(name)))
