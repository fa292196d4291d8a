"""Print the text of a .docx as a reader sees it: paragraphs and table rows in document order.

python scripts/docx_text.py out/delarsbokslut-2022/8*.docx
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def document_text(path: Path) -> str:
    doc = Document(str(path))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            prefix = "#" * int(style[-1]) + " " if style.startswith("Heading ") else ""
            text = block.text
            alts = [d.get("descr") for d in block._p.iter() if d.tag.endswith("}docPr")]
            if alts:
                text += "".join(f" [bild: {a}]" for a in alts)
            if text.strip() or prefix:
                lines.append(prefix + text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    value = " / ".join(p.text for p in cell.paragraphs if p.text)
                    alts = [d.get("descr") for d in cell._tc.iter() if d.tag.endswith("}docPr")]
                    cells.append(value + "".join(f" [bild: {a}]" for a in alts))
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    for name in sys.argv[1:]:
        sys.stdout.write(document_text(Path(name)))
