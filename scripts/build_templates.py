"""A one-off: how the first versions of the Word mallar were made, kept to start a new mall.

The .docx files in templates/ are the source: they are edited in Word or LibreOffice (logo, fonts,
headings, wording) and committed as they are. Nothing in `make` runs this script, and it never
writes over a file: it writes fresh mallar into a folder of their own, to compare with or to start
from. The Jinja tags are docxtpl's: `{%p %}` repeats or hides whole paragraphs, `{%tr %}` rows.

    python scripts/build_templates.py NEW_FOLDER
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bokslut.domain import REPORTS, SUMMARIES, ColumnSpec, ReportSpec

ROOT = Path(__file__).resolve().parent.parent


class Mall:
    """A thin writer over python-docx for template paragraphs, tags and tables."""

    def __init__(self) -> None:
        self.doc = Document()
        #: Per table: its column widths, its text style, whether it is kept on one page.
        self.layouts: dict[int, tuple[list[float], str, bool]] = {}
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.orientation = WD_ORIENT.PORTRAIT
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.2))
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 28), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
            style = styles[name]
            style.font.name = "Calibri"
            style.font.size = Pt(size)
            style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
            style.paragraph_format.keep_with_next = True
        _swedish(self.doc)

    # -- paragraphs -----------------------------------------------------------------------

    def p(
        self,
        text: str = "",
        style: str | None = None,
        *,
        bold: bool = False,
        size: float | None = None,
        align: WD_ALIGN_PARAGRAPH | None = None,
    ) -> Paragraph:
        para = self.doc.add_paragraph(style=style)
        if text:
            run = para.add_run(text)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)
        if align is not None:
            para.alignment = align
        return para

    def tag(self, tag: str) -> None:
        """A paragraph holding only a `{%p … %}` tag: docxtpl removes the paragraph itself."""
        self.doc.add_paragraph(f"{{%p {tag} %}}")

    def h(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level)

    def paras(self, expr: str, style: str | None = None) -> None:
        """Every paragraph of a text list: `{%p for … %}` around one paragraph."""
        self.tag(f"for para in {expr}")
        self.p("{{ para }}", style)
        self.tag("endfor")

    def labelled(self, loop: str, label: str, paras: str) -> None:
        """For each item of `loop`: its label in bold, kept with the paragraphs that follow it."""
        self.tag(f"for {loop}")
        self.p(f"{{{{ {label} }}}}", bold=True).paragraph_format.keep_with_next = True
        self.paras(paras)
        self.tag("endfor")

    def signal_line(self, expr: str, prefix: str = "Bedömning: ") -> None:
        self.tag(f"if {expr}")
        self.p(f"{prefix}{signal(expr)}")
        self.tag("endif")

    def legend(self, expr: str) -> None:
        """Teckenförklaring where a section starts: every symbol of the set with its label beside
        it, an entry a line (Word and LibreOffice may end a line right after an inline picture,
        so entries in a row could part a symbol from its label)."""
        self.tag(f"if {expr}")
        para = self.p("", "Legend")
        para.add_run("Teckenförklaring:").bold = True
        para.add_run().add_break()
        loop = f"{{% for s in {expr} %}}{{{{ s.decorative }}}}{NBSP}{{{{ s.unbroken }}}}{{% if not loop.last %}}"
        para.add_run(loop)
        para.add_run().add_break()
        para.add_run("{% endif %}{% endfor %}")
        self.tag("endif")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def landscape_section(self) -> None:
        """What follows starts a new page in landscape (a wide appendix table), with the same
        footer and page numbers as the pages before it."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.different_first_page_header_footer = False  # the cover's empty footer is the first page's
        section.footer.is_linked_to_previous = False  # its own, with "Sida X av Y" at the wider margin
        page_footer(section, 29.7 - 2 * 2.2)

    # -- tables ---------------------------------------------------------------------------

    def table(
        self,
        headers: list[str],
        widths: list[float],
        *,
        numeric_from: int = 1,
        text_style: str = "Tabelltext",
        keep_together: bool = True,
    ) -> Table:
        """A table with its header row marked and repeated on every page. A small table
        (`keep_together`) is not split over pages: each row's paragraphs keep with the next row."""
        table: Table = self.doc.add_table(rows=1, cols=len(headers))  # python-docx leaves it unannotated
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed: the widths as set, not stretched to the content
        _cell_margins(table, CELL_MARGIN)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        self.layouts[id(table)] = (widths, text_style, keep_together)
        header = table.rows[0]
        _repeat_as_header(header)
        for i, text in enumerate(headers):
            cell = header.cells[i]
            cell.width = Cm(widths[i])
            para = cell.paragraphs[0]
            para.style = self.doc.styles["Tabellrubrik"]  # keeps with the first row
            _add_text(para, text)
            if numeric_from and i >= numeric_from:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _shade(cell, "DCE6F0")
        return table

    def row(
        self,
        table: Table,
        texts: list[str],
        *,
        bold: bool = False,
        numeric_from: int = 1,
        indent: bool = False,
    ) -> _Row:
        widths, text_style, keep_together = self.layouts[id(table)]
        row = _add_row(table)
        _cant_split(row)
        for i, text in enumerate(texts):
            row.cells[i].width = Cm(widths[i])
            para = row.cells[i].paragraphs[0]
            para.style = self.doc.styles[text_style]
            run = para.add_run(text)
            run.bold = bold or None
            if numeric_from and i >= numeric_from:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if indent and i == 0:
                para.paragraph_format.left_indent = Cm(INDENT)
            if keep_together:
                para.paragraph_format.keep_with_next = True
        return row

    def tag_row(self, table: Table, tag: str) -> None:
        """A row holding only a `{%tr … %}` tag: docxtpl removes the row itself."""
        row = _add_row(table)
        row.cells[0].paragraphs[0].add_run(f"{{%tr {tag} %}}")

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


def signal(expr: str) -> str:
    """A signal as the mall prints it: the symbol and its label beside it. The label says what the
    symbol means, so the symbol is the decorative variant (a screen reader reads the label once);
    `{{ x.image }}` is the symbol with the label as its alternative text, for a symbol alone."""
    return f"{{{{ {expr}.decorative }}}}{NBSP}{{{{ {expr}.label }}}}"


def _add_text(paragraph: Paragraph, text: str) -> None:
    """`text` as a run; a soft hyphen (U+00AD) in it becomes Word's optional hyphen (w:softHyphen):
    the word breaks there, with a hyphen, only when it does not fit on the line."""
    run = paragraph.add_run()
    for i, part in enumerate(text.split(SOFT_HYPHEN)):
        if i:
            run._r.append(OxmlElement("w:softHyphen"))
        if part:
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            run._r.append(t)


def _add_row(table: Table) -> _Row:
    """`Table.add_row`, which python-docx (1.2) leaves without annotations."""
    row: _Row = table.add_row()  # type: ignore[no-untyped-call]
    return row


def _repeat_as_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    _cant_split(row)


#: Where each child of these properties may stand (ECMA-376 Part 1, CT_TblPr): a child is
#: inserted before the first present sibling that the schema puts after it.
TBL_PR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription", "tblPrChange",
)  # fmt: skip


def _insert_in_order(parent: Any, child: Any, order: tuple[str, ...]) -> None:
    """Put `child` into `parent` where the schema's sequence `order` has it."""
    name = child.tag.rsplit("}", 1)[1]
    later = order[order.index(name) + 1 :]
    for sibling in parent:
        if sibling.tag.rsplit("}", 1)[1] in later:
            sibling.addprevious(child)
            return
    parent.append(child)


def _cell_margins(table: Table, margin: float) -> None:
    """Narrow left and right cell margins (Word's default is 0.19 cm), so numbers and words fit."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(Cm(margin).twips)))
        edge.set(qn("w:type"), "dxa")
        mar.append(edge)
    _insert_in_order(tbl_pr, mar, TBL_PR_ORDER)


def _swedish(doc: Any) -> None:
    """Swedish (sv-SE) as the language of every style that names one, and of the theme fonts: the
    document's language for Word's proofing, screen readers and a tagged PDF."""
    for lang in doc.styles.element.iter(qn("w:lang")):
        for attribute in ("w:val", "w:eastAsia"):
            if lang.get(qn(attribute)) is not None:
                lang.set(qn(attribute), LANGUAGE)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if r_pr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), LANGUAGE)
        _insert_in_order(r_pr, lang, ("lang", "eastAsianLayout", "specVanish", "oMath"))
    for theme_lang in doc.settings.element.iter(qn("w:themeFontLang")):
        theme_lang.attrib.clear()
        theme_lang.set(qn("w:val"), LANGUAGE)


def _cant_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def _shade(cell: object, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when showing the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, sep, text, end):
        run._r.append(element)


def _footer(mall: Mall) -> None:
    section = mall.doc.sections[0]
    section.different_first_page_header_footer = True
    page_footer(section, TEXT_WIDTH)
    mall.doc.styles["Footer"].font.size = Pt(8)


def page_footer(section: Section, width: float) -> None:
    """The title and "Sida X av Y" at the right margin of a text `width` cm wide."""
    para = section.footer.paragraphs[0]
    # The default footer style has centre and right tab stops; one right stop at the margin keeps
    # "Sida X av Y" on the line however long the report's title is.
    stops = para.paragraph_format.tab_stops
    for inherited in (Inches(3.25), Inches(6.5)):
        stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Cm(width), WD_TAB_ALIGNMENT.RIGHT)
    para.text = "{{ title }} – {{ node.name }}\tSida "
    _field(para, "PAGE")
    para.add_run(" av ")
    _field(para, "NUMPAGES")


def _paragraph_styles(mall: Mall) -> None:
    """Named styles an administrator can change in Word: legend, table headers, table text."""
    for name, size, bold, after in (
        ("Legend", 9, False, 10),
        ("Tabellrubrik", 8, True, 0),
        ("Tabelltext", 9, False, 0),
        ("Tabelltext liten", 8, False, 0),  # the tables with six columns of figures, and Bilaga 1
    ):
        style = mall.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = mall.doc.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold or None
        style.paragraph_format.space_after = Pt(after)
    # A table's header row stays with its first row, a legend with what it explains.
    for name in ("Tabellrubrik", "Legend"):
        mall.doc.styles[name].paragraph_format.keep_with_next = True


LANGUAGE = "sv-SE"
TEXT_WIDTH = 16.6  # cm between the margins
CELL_MARGIN = 0.1  # cm left and right in a table cell
INDENT = 0.3  # cm, a project under its category
SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"  # keeps a symbol on the line of its label
#: Width (cm) of a figure column by how many the table has: "-1 048 700" in bold fits, and the
#: first column keeps "Anpassningsinvestering" on one line. Six columns take the smaller text.
NUMBER_WIDTH = {3: 3.0, 4: 2.4, 5: 2.3, 6: 2.05}
SMALL_TEXT_FROM = 6

#: The mall's own line breaks in column headers, as in the kommun's Word mallar ("Delårsbok-slut",
#: "prognos/ budget"): a narrow column breaks a header there, never inside a word.
HEADER_BREAKS = (
    ("prognos/budget", "prognos/ budget"),
    ("bokslut/budget", "bokslut/ budget"),
    ("Delårsbokslut", f"Delårsbok{SOFT_HYPHEN}slut"),
)


def column_header(column: ColumnSpec) -> str:
    """A figure column's header as the mall writes it: the mall's breaks, the year from the context."""
    text = column.header
    for word, broken in HEADER_BREAKS:
        text = text.replace(word, broken)
    text = text.replace("{år}", "{{ year }}").replace("{fg}", "{{ year|int - 1 }}")
    for n in range(1, 5):  # the budget's plan years
        text = text.replace(f"{{p{n}}}", f"{{{{ year|int + {n} }}}}")
    return text


def _amount_table(
    m: Mall, rows_expr: str, columns: tuple[ColumnSpec, ...], *, blank_groups: bool = False, keep_together: bool = True
) -> None:
    """The mall's amount table: label and the report's columns; sums and categories bold.
    With `blank_groups` a group's row is a heading without figures (the förutbetalda's Inkomster)."""
    width = NUMBER_WIDTH[len(columns)]
    widths = [TEXT_WIDTH - len(columns) * width] + [width] * len(columns)
    style = "Tabelltext liten" if len(columns) >= SMALL_TEXT_FROM else "Tabelltext"
    headers = ["Belopp i tkr"] + [column_header(c) for c in columns]
    table = m.table(headers, widths, text_style=style, keep_together=keep_together)
    cells = [f"{{{{ r.cells[{i}] }}}}" for i in range(len(columns))]
    m.tag_row(table, f"for r in {rows_expr}")
    if blank_groups:
        m.tag_row(table, "if r.kind == 'group'")
        m.row(table, ["{{ r.label }}", *([""] * len(columns))], bold=True)
        m.tag_row(table, "elif r.sum or r.kind == 'sum'")
    else:
        m.tag_row(table, "if r.sum or r.kind in ('sum', 'group')")
    m.row(table, ["{{ r.label }}", *cells], bold=True)
    m.tag_row(table, "elif r.kind == 'project'")
    m.row(table, ["{{ r.label }}", *cells], indent=True)
    m.tag_row(table, "else")
    m.row(table, ["{{ r.label }}", *cells])
    m.tag_row(table, "endif")
    m.tag_row(table, "endfor")
    m.p()


# --- sections: each writes one part of a report's mall -------------------------------------


def cover(m: Mall, report: ReportSpec) -> None:
    for _ in range(6):
        m.p()
    m.p("{{ kommun }}", size=14)
    m.p("{{ title }}", "Title")
    m.p("{{ node.name }}", size=20, bold=True)
    m.p("{{ period }}", size=14)
    m.p()
    m.p("{{ node.level }} · ansvar {{ node.ansvar }}", size=11)
    m.p("Datum: {{ date }}", size=11)
    m.page_break()
    m.tag("if incomplete")
    m.p("Observera: underlaget är ofullständigt", bold=True)
    m.p("Följande enheter ingår inte i siffrorna eller texterna, eftersom deras indata saknas eller har fel:")
    m.tag("for x in incomplete")
    m.p("{{ x }}", "List Bullet")
    m.tag("endfor")
    m.tag("endif")


def verksamhet(m: Mall, report: ReportSpec) -> None:
    m.h("Verksamhet", 1)
    m.paras("verksamhet")


def goals(m: Mall, report: ReportSpec) -> None:
    m.h("Måluppföljning", 1)
    m.p("{{ goals.summary }}")
    m.legend("goals.legend")
    m.tag("for g in goals.entries")
    m.h("{{ g.name }}", 2)
    m.tag("if g.priority")
    m.p("Kommunens prioriterade mål: {{ g.priority }}")
    m.tag("endif")
    m.tag("if g.agenda")
    m.p("Agenda 2030: {{ g.agenda }}")
    m.tag("endif")
    m.signal_line("g.signal")
    m.paras("g.comment")
    m.tag("if g.kpis")
    kpis = m.table(
        [
            "Nyckeltal",
            "{{ goals.headers.target }}",
            "{{ goals.headers.outcome }}",
            "{{ goals.headers.last }}",
            "{{ goals.headers.before }}",
        ],
        [7.8, 2.2, 2.2, 2.2, 2.2],
    )
    m.tag_row(kpis, "for k in g.kpis")
    m.row(kpis, ["{{ k.name }}", "{{ k.target }}", "{{ k.outcome }}", "{{ k.last }}", "{{ k.before }}"])
    m.tag_row(kpis, "endfor")
    m.p()
    m.tag("endif")
    m.tag("endfor")


def assignments(m: Mall, report: ReportSpec) -> None:
    m.h("Uppdrag", 1)
    m.tag("if assignments.entries")
    m.legend("assignments.legend")
    m.tag("for a in assignments.entries")
    m.h("{{ a.title }}", 2)
    m.signal_line("a.signal")
    m.paras("a.text")
    m.tag("endfor")
    m.tag("else")
    m.p(f"Inga uppdrag att följa upp i {report.period_word}.")
    m.tag("endif")


def controls(m: Mall, report: ReportSpec) -> None:
    # The kommun's mallar (Uppföljningsanvisningar 2022, delårsbokslut and årsbokslut): Internkontroll,
    # then Omedelbara åtgärder, which are a part of the nämnd's internkontroll.
    m.h("Uppföljning av internkontroll och omedelbara åtgärder", 1)
    m.h("Internkontroll", 2)
    m.p("{{ control.summary }}")
    m.paras("control.unfollowed")
    m.paras("control.text")
    m.tag("if control.entries")
    m.p("Kontrollerna redovisas i Bilaga 1. Uppföljning av internkontroll.")
    m.tag("endif")
    m.h("Omedelbara åtgärder", 2)
    m.tag("if immediate")
    m.paras("immediate")
    m.tag("else")
    m.p("Inga omedelbara åtgärder har beslutats.")
    m.tag("endif")


def drift(m: Mall, report: ReportSpec) -> None:
    m.h("Ekonomi", 1)
    m.h("Drift", 2)
    _amount_table(m, "drift.rows", report.columns)
    m.h("Inledande sammanfattning", 3)
    m.paras("drift.summary")
    m.tag("for sec in drift.sections")
    m.h("{{ sec.heading }}", 3)
    m.labelled("item in sec.entries", "item.label", "item.paras")
    m.tag("endfor")


def forecasts(m: Mall, report: ReportSpec) -> None:
    m.h("Prognossäkerhet", 2)
    table = m.table(["Avstämningstillfälle", "Prognos", "Avvikelse från bokslut"], [8.6, 4.0, 4.0])
    m.tag_row(table, "for r in forecasts.rows")
    m.row(table, ["{{ r.label }}", "{{ r.forecast }}", "{{ r.deviation }}"])
    m.tag_row(table, "endfor")
    m.p()
    m.paras("forecasts.text")


def _project_section(m: Mall, report: ReportSpec, key: str, title: str, *, blank_groups: bool = False) -> None:
    m.h(title, 2)
    # A project table grows with the projects: only its header keeps with the first row.
    _amount_table(m, f"{key}.rows", report.columns, blank_groups=blank_groups, keep_together=False)
    m.tag(f"for sec in {key}.sections")
    m.h("{{ sec.heading }}", 3)
    m.paras("sec.paras")
    m.tag("endfor")


def investments(m: Mall, report: ReportSpec) -> None:
    _project_section(m, report, "investments", "Investeringar")


def prepaid(m: Mall, report: ReportSpec) -> None:
    # The mall's Inkomster row is a heading over the projects, blank: the total is Totala inkomster.
    title = "Förutbetalda intäkter som periodiseras över sin nyttjandetid"
    _project_section(m, report, "prepaid", title, blank_groups=True)


def _stat_table(m: Mall, key: str, title: str) -> None:
    m.h(title, 2)
    expr = f"personnel.tables.{key}"
    m.tag(f"if {expr}.rows")
    table = m.table([f"{{{{ {expr}.headers[{i}] }}}}" for i in range(4)], [7.0, 2.4, 2.4, 4.8])
    m.tag_row(table, f"for s in {expr}.rows")
    m.row(table, ["{{ s.label }}", "{{ s.last }}", "{{ s.now }}", "{{ s.diff }}"])
    m.tag_row(table, "endfor")
    m.p()
    m.tag("endif")
    m.paras(f"{expr}.text")


def personnel(m: Mall, report: ReportSpec) -> None:
    m.h("Personal", 1)
    if "personalstatistik" in report.stat_tables:
        _stat_table(m, "personalstatistik", "Personalstatistik")
    m.h("Rekryteringsbehov och kompetensförsörjning", 2)
    m.paras("personnel.recruitment")
    m.h("Arbetsmiljö", 2)
    m.paras("personnel.environment")
    m.tag("if personnel.environment_goals")
    env = m.table(["Arbetsmiljömål", "Nyckeltal", "Målvärde", "Nuläge"], [6.0, 5.6, 2.5, 2.5], numeric_from=2)
    m.tag_row(env, "for e in personnel.environment_goals")
    m.row(env, ["{{ e.goal }}", "{{ e.kpi }}", "{{ e.target }}", "{{ e.now }}"], numeric_from=2)
    m.tag_row(env, "endfor")
    m.p()
    m.tag("endif")
    if "arbetsskador" in report.stat_tables:
        _stat_table(m, "arbetsskador", "Arbetsskador och tillbud")
    _stat_table(m, "sjukfranvaro", "Sjukfrånvaro")


def control_appendix(m: Mall, report: ReportSpec) -> None:
    m.page_break()
    m.h("Bilaga 1. Uppföljning av internkontroll", 1)
    m.tag("if control.entries")
    m.legend("control.legend")
    ctl = m.table(
        ["Vad kontrolleras?", "Frekvens", "Metod", "Bedömning", "Resultat", "Åtgärd"],
        # Widths for the longest words of the kommun's control points ("läkemedelshanteringen",
        # "verksamhetssystemet", "anmärkning/med") in the small table text.
        [3.6, 1.8, 3.4, 2.7, 2.45, 2.65],
        numeric_from=0,
        text_style="Tabelltext liten",
        keep_together=False,
    )
    m.tag_row(ctl, "for c in control.entries")
    m.row(
        ctl,
        [
            "{{ c.what }}",
            "{{ c.frequency }}",
            "{{ c.method }}",
            f"{{% if c.signal %}}{signal('c.signal')}{{% endif %}}",
            "{{ c.result | join('\n') }}",
            "{{ c.action | join('\n') }}",
        ],
        numeric_from=0,
    )
    m.tag_row(ctl, "endfor")
    m.tag("else")
    m.p("Inga internkontrollpunkter att följa upp.")
    m.tag("endif")


def underlag(m: Mall, report: ReportSpec) -> None:
    m.tag("if underlag")
    m.page_break()
    number = 2 if report.has("kontroll") else 1
    m.h(f"Bilaga {number}. Underlag från underliggande enheter", 1)
    m.p("Kommentarer som avdelningar och enheter har lämnat, som underlag till denna rapport.")
    m.tag("for u in underlag")
    m.h("{{ u.name }} ({{ u.ansvar }})", 2)
    m.labelled("s in u.sections", "s.title", "s.text")
    m.tag("endfor")
    m.tag("endif")


#: The sections of a mall in document order, by the names reports list in `domain.SECTIONS`.
WRITERS: dict[str, Callable[[Mall, ReportSpec], None]] = {
    "verksamhet": verksamhet,
    "mal": goals,
    "uppdrag": assignments,
    "kontroll": controls,
    "drift": drift,
    "prognossakerhet": forecasts,
    "investeringar": investments,
    "forutbetalda": prepaid,
    "personal": personnel,
}
APPENDICES: dict[str, Callable[[Mall, ReportSpec], None]] = {"kontroll": control_appendix, "underlag": underlag}


def build(report: ReportSpec) -> Mall:
    """A report's mall: the cover, its sections in the common order, then its appendices."""
    m = Mall()
    _paragraph_styles(m)
    _footer(m)
    cover(m, report)
    for name, write in WRITERS.items():
        if report.has(name):
            write(m, report)
    for name, write in APPENDICES.items():
        if report.has(name):
            write(m, report)
    return m


# --- the units' follow-up (avdelning, enhet): templates/enhetsuppfoljning.docx ---------------


def _right(table: Table, columns: range) -> None:
    """Right-align the number columns of every row written so far (header and body)."""
    for row in table.rows:
        for i in columns:
            row.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


#: The label of an answer: the node's own, or underlag from one of its enheter.
WHO = "('' if e.own else 'Underlag från ') ~ e.who"


def _shared_items(m: Mall, expr: str, title: str, intro: str, none: str) -> None:
    """Goals and arbetsmiljömål: per item its heading, then the answers (own first)."""
    m.h(title, 1)
    m.tag(f"if {expr}")
    m.p(intro)
    m.tag(f"for g in {expr}")
    m.h("{{ g.title }}", 2)
    m.labelled("e in g.entries", WHO, "e.paras")
    m.tag("endfor")
    m.tag("else")
    m.p(none)
    m.tag("endif")


def unit_missing(m: Mall, report: ReportSpec) -> None:
    m.tag("if not_reported")
    m.p("Uppföljning saknas", bold=True).paragraph_format.keep_with_next = True
    m.p(
        "Följande har fått mål, faktorer, internkontrollpunkter eller uppdrag delade till sig men har inte rapporterat:"
    )
    m.tag("for x in not_reported")
    m.p("{{ x }}", "List Bullet")
    m.tag("endfor")
    m.tag("endif")


def unit_goals(m: Mall, report: ReportSpec) -> None:
    _shared_items(
        m,
        "goals",
        "Måluppföljning",
        "Nämndens mål som har delats till {{ node.name }}. Målen bedöms på förvaltningsövergripande nivå; "
        "här beskrivs de viktigaste aktiviteterna och deras väntade effekter.",
        "Inga av nämndens mål har delats till {{ node.name }}.",
    )
    _shared_items(
        m,
        "environment",
        "Arbetsmiljömål",
        "Nämndens arbetsmiljömål som har delats till {{ node.name }}.",
        "Inga arbetsmiljömål har delats till {{ node.name }}.",
    )


def unit_factors(m: Mall, report: ReportSpec) -> None:
    m.h("Kritiska verksamhetsfaktorer", 1)
    m.tag("if factors.entries")
    m.legend("factors.legend")
    m.legend("factors.trend_legend")
    m.tag("for f in factors.entries")
    m.h("{{ f.title }}", 2)
    m.tag("if f.kpi")
    m.p("Nyckeltal: {{ f.kpi }}").paragraph_format.keep_with_next = True  # with its table
    m.tag("endif")
    headers = [
        "Ansvar",
        "Målvärde",
        "{{ factors.headers.outcome }}",
        "{{ factors.headers.last }}",
        "Bedömning",
        "Trend",
    ]
    table = m.table(headers, [3.6, 2.2, 1.8, 1.8, 3.8, 3.4], numeric_from=0)
    m.tag_row(table, "for r in f.rows")
    m.row(
        table,
        [
            "{{ r.who }}",
            "{{ r.target }}",
            "{{ r.outcome }}",
            "{{ r.last }}",
            f"{{% if r.signal %}}{signal('r.signal')}{{% if r.by_hand %}} (satt manuellt){{% endif %}}{{% endif %}}",
            f"{{% if r.trend %}}{signal('r.trend')}{{% endif %}}",
        ],
        numeric_from=0,
    )
    m.tag_row(table, "endfor")
    _right(table, range(1, 4))
    m.tag("for r in f.rows")
    m.p("Bedömningsregel, {{ r.who }}: {{ r.rule }}", "Legend")
    m.tag("endfor")
    m.tag("for n in f.notes")
    m.p("{{ n }}", "Legend")
    m.tag("endfor")
    m.labelled("e in f.analyses", "('Analys – ' ~ e.who) if e.own else ('Underlag från ' ~ e.who)", "e.paras")
    m.tag("endfor")
    m.tag("else")
    m.p("Inga kritiska verksamhetsfaktorer har delats till {{ node.name }}.")
    m.tag("endif")


def unit_controls(m: Mall, report: ReportSpec) -> None:
    m.h("Internkontroll", 1)
    m.tag("if controls.entries")
    m.legend("controls.legend")
    m.tag("for c in controls.entries")
    m.h("{{ c.title }}", 2)
    table = m.table(["Ansvar", "Bedömning", "Resultat", "Åtgärd"], [3.6, 3.6, 4.7, 4.7], numeric_from=0)
    m.tag_row(table, "for r in c.rows")
    m.row(
        table,
        [
            "{{ r.who }}",
            f"{{% if r.signal %}}{signal('r.signal')}{{% endif %}}",
            "{{ r.result }}",
            "{{ r.action }}",
        ],
        numeric_from=0,
    )
    m.tag_row(table, "endfor")
    m.p()
    m.tag("endfor")
    m.tag("else")
    m.p("Inga internkontrollpunkter att följa upp i {{ period_word }}.")
    m.tag("endif")


def unit_assignments(m: Mall, report: ReportSpec) -> None:
    m.h("Uppdrag", 1)
    m.tag("if assignments.entries")
    m.legend("assignments.legend")
    m.tag("for a in assignments.entries")
    m.h("{{ a.title }}", 2)
    m.tag("for e in a.entries")
    m.p(f"{{{{ {WHO} }}}}", bold=True).paragraph_format.keep_with_next = True
    m.signal_line("e.signal", "Status: ")
    m.paras("e.paras")
    m.tag("endfor")
    m.tag("endfor")
    m.tag("else")
    m.p("Inga uppdrag att följa upp i {{ period_word }}.")
    m.tag("endif")


def unit_drift(m: Mall, report: ReportSpec) -> None:
    m.h("Ekonomi i korthet", 1)
    columns = len(report.brief_columns)
    width = NUMBER_WIDTH[columns]
    table = m.table(
        ["Belopp i tkr"] + [f"{{{{ drift.columns[{i}] }}}}" for i in range(columns)],
        [TEXT_WIDTH - columns * width] + [width] * columns,
    )
    m.tag_row(table, "for r in drift.rows")
    m.row(table, ["{{ r.label }}", *(f"{{{{ r.cells[{i}] }}}}" for i in range(columns))])
    m.tag_row(table, "endfor")
    m.p()
    m.paras("drift.summary")


UNIT_WRITERS: tuple[Callable[[Mall, ReportSpec], None], ...] = (
    unit_missing,
    unit_goals,
    unit_factors,
    unit_controls,
    unit_assignments,
    unit_drift,
)


def build_unit(report: ReportSpec) -> Mall:
    """The units' follow-up mall: the same cover, then what was shared to the unit."""
    m = Mall()
    _paragraph_styles(m)
    _footer(m)
    cover(m, report)
    for write in UNIT_WRITERS:
        write(m, report)
    return m


# --- Nämndens budget: templates/budget.docx ---------------------------------------------------


def budget_goals(m: Mall, report: ReportSpec) -> None:
    """Nämndens mål och nyckeltal: the mall's styrkedja per goal, then its nyckeltal."""
    m.h("Nämndens mål och nyckeltal", 1)
    m.tag("if goals.entries")
    m.tag("for g in goals.entries")
    m.h("{{ g.name }}", 2)
    chain = m.table(["Styrkedja", ""], [4.6, 12.0], numeric_from=0)
    for label, value in (
        ("Prioriterat mål", "{{ g.priority }}"),
        ("Indikator", "{{ g.indicator }}"),
        ("Nämndens mål", "{{ g.name }}"),
        ("Koppling till Agenda 2030", "{{ g.agenda }}"),
    ):
        m.row(chain, [label, value], numeric_from=0)
    m.tag_row(chain, "if g.motivation")
    m.row(chain, ["Motivering", "{{ g.motivation | join('\n') }}"], numeric_from=0)
    m.tag_row(chain, "endif")
    m.p()
    m.tag("if g.kpis")
    kpis = m.table(["Uppföljning/Nyckeltal", "{{ goals.headers.target }}", "{{ goals.headers.now }}"], [10.6, 3.0, 3.0])
    m.tag_row(kpis, "for k in g.kpis")
    m.row(kpis, ["{{ k.name }}", "{{ k.target }}", "{{ k.now }}"])
    m.tag_row(kpis, "endfor")
    m.p()
    m.tag("endif")
    m.tag("endfor")
    m.tag("else")
    m.p("Nämnden har inte antagit några egna mål i budgeten.")
    m.tag("endif")


def budget_assignments(m: Mall, report: ReportSpec) -> None:
    m.h("Uppdrag", 1)
    for key, title, none in (
        ("council", "Uppdrag från kommunfullmäktige", "Nämnden har inga uppdrag från kommunfullmäktige."),
        ("board", "Uppdrag från nämnden", "Nämnden har inte gett förvaltningen några egna uppdrag."),
    ):
        m.h(title, 2)
        m.tag(f"if assignments.{key}")
        m.tag(f"for a in assignments.{key}")
        m.p("{{ a.title }}", bold=True).paragraph_format.keep_with_next = True
        m.paras("a.text")
        m.tag("endfor")
        m.tag("else")
        m.p(none)
        m.tag("endif")


def budget_frames(m: Mall, report: ReportSpec) -> None:
    m.h("Ekonomiska ramar", 1)
    _amount_table(m, "drift.rows", report.columns_of("drift"))
    m.paras("drift.text")


def _budget_projects(m: Mall, report: ReportSpec, key: str, table: str, title: str) -> None:
    m.h(title, 2)
    m.tag(f"if not {key}.empty")
    _amount_table(m, f"{key}.rows", report.columns_of(table), keep_together=False)
    m.tag("endif")
    m.paras(f"{key}.text")


def budget_investments(m: Mall, report: ReportSpec) -> None:
    _budget_projects(m, report, "investments", "investeringar", "Investeringsbudget")


def budget_prepaid(m: Mall, report: ReportSpec) -> None:
    title = "Förutbetalda intäkter som periodiseras över sin nyttjandetid"
    _budget_projects(m, report, "prepaid", "forutbetalda", title)


def budget_environment(m: Mall, report: ReportSpec) -> None:
    m.h("Arbetsmiljö och sjukfrånvaro", 1)
    m.tag("if environment.goals")
    env = m.table(
        ["Arbetsmiljömål", "Nyckeltal", "{{ environment.headers.target }}", "{{ environment.headers.now }}"],
        [6.0, 5.6, 2.5, 2.5],
        numeric_from=2,
    )
    m.tag_row(env, "for e in environment.goals")
    m.row(env, ["{{ e.goal }}", "{{ e.kpi }}", "{{ e.target }}", "{{ e.now }}"], numeric_from=2)
    m.tag_row(env, "endfor")
    m.p()
    m.tag("endif")
    m.paras("environment.text")


def budget_risks(m: Mall, report: ReportSpec) -> None:
    m.page_break()
    m.h("Bilaga 1. Väsentlighets- och riskanalys", 1)
    m.p(
        "Riskvärdet är sannolikhet (1 osannolik – 4 sannolik) × konsekvens (1 försumbar – 4 allvarlig). "
        "Riskvärde 1–4: åtgärder bedöms ej nödvändiga. Riskvärde 6–12: formuleras som mål, tas in i "
        "internkontrollplanen eller följs som kritisk verksamhetsfaktor. Riskvärde 16: omedelbar åtgärd."
    )
    m.tag("if risks.rows")
    table = m.table(
        ["Nr", "Risk – beskrivning", "Process", "Sanno­likhet", "Konse­kvens", "Risk­värde", "Hantering"],
        [1.0, 5.0, 2.7, 1.7, 1.7, 1.5, 3.0],
        numeric_from=0,
        text_style="Tabelltext liten",
        keep_together=False,
    )
    m.tag_row(table, "for r in risks.rows")
    m.row(
        table,
        ["{{ r.nr }}", "{{ r.risk }}", "{{ r.process }}", "{{ r.probability }}", "{{ r.consequence }}",
         "{{ r.value }}", "{{ r.handling }}"],
        numeric_from=0,
    )  # fmt: skip
    m.tag_row(table, "endfor")
    m.p()
    m.tag("else")
    m.p("Ingen väsentlighets- och riskanalys är redovisad.")
    m.tag("endif")
    m.paras("risks.text")


def budget_control_plan(m: Mall, report: ReportSpec) -> None:
    # Eight columns of text do not fit a portrait page readably: the appendix is a landscape section.
    m.landscape_section()
    m.h("Bilaga 2. Internkontrollplan", 1)
    m.tag("if control_plan")
    table = m.table(
        ["Vad ska kontrolleras?", "Identifierad risk", "Process", "Risk­värde", "Metod", "Frekvens", "Ansvarig",
         "Rapporteras till och när"],
        [4.6, 3.8, 3.2, 1.5, 4.2, 2.4, 2.8, 2.8],
        numeric_from=0,
        text_style="Tabelltext liten",
        keep_together=False,
    )  # fmt: skip
    m.tag_row(table, "for c in control_plan")
    m.row(
        table,
        ["{{ c.what }}", "{{ c.risk }}", "{{ c.process }}", "{{ c.value }}", "{{ c.method }}", "{{ c.frequency }}",
         "{{ c.responsible }}", "{{ c.reported_to }}{% if c.reported_to and c.follow_up %}, {% endif %}{{ c.follow_up }}"],
        numeric_from=0,
    )  # fmt: skip
    m.tag_row(table, "endfor")
    m.tag("else")
    m.p("Nämnden har inga internkontrollpunkter i budgeten.")
    m.tag("endif")


#: The budget mall's sections in the order of the kommun's mall (Uppföljningsanvisningar 2022).
BUDGET_WRITERS: dict[str, Callable[[Mall, ReportSpec], None]] = {
    "budgetmal": budget_goals,
    "budgetuppdrag": budget_assignments,
    "drift": budget_frames,
    "investeringar": budget_investments,
    "forutbetalda": budget_prepaid,
    "budgetarbetsmiljo": budget_environment,
    "risker": budget_risks,
    "kontrollplan": budget_control_plan,
}


def build_budget(report: ReportSpec) -> Mall:
    """Nämndens budget: the cover, an introduction, then the mall's sections and appendices."""
    m = Mall()
    _paragraph_styles(m)
    _footer(m)
    cover(m, report)
    m.paras("intro")
    for name, write in BUDGET_WRITERS.items():
        if report.has(name):
            write(m, report)
    return m


# --- the kommun's sammanställning: templates/sammanstallning.docx -----------------------------


def summary_boards(m: Mall, report: ReportSpec) -> None:
    m.h("Ekonomi", 1)
    m.h("Nämndernas resultat", 2)
    m.p("Årets resultat per nämnd. Avgiftsfinansierad verksamhet redovisas för sig.")
    # the columns are the followed report's: a table per column set, the one of `followed` shown
    layouts: dict[tuple[ColumnSpec, ...], list[str]] = {}
    for summary in SUMMARIES.values():
        layouts.setdefault(summary.columns, []).append(f"'{summary.input_of}'")
    for i, (columns, followed) in enumerate(layouts.items()):
        test = f"== {followed[0]}" if len(followed) == 1 else f"in ({', '.join(followed)})"
        m.tag(f"{'elif' if i else 'if'} followed {test}")
        _amount_table(m, "namnder.rows", columns, blank_groups=True, keep_together=False)
    m.tag("endif")
    m.p("{{ namnder.eliminated }}")
    m.h("Nämnder med negativ avvikelse", 2)
    m.p("{{ negative.summary }}")
    m.tag("for n in negative.entries")
    m.p("{{ n.name }}", bold=True).paragraph_format.keep_with_next = True
    m.p("{{ n.sentence }}")
    m.tag("endfor")


def summary_deliveries(m: Mall, report: ReportSpec) -> None:
    m.h("Inlämnat och beslutat", 1)
    m.tag("if deliveries.known")
    table = m.table(["Nämnd", "Läge"], [7.6, 9.0], numeric_from=0)
    m.tag_row(table, "for d in deliveries.entries")
    m.row(table, ["{{ d.name }}", "{{ d.state }}"], numeric_from=0)
    m.tag_row(table, "endfor")
    m.p()
    m.tag("else")
    m.p("{{ deliveries.summary }}")
    m.tag("endif")


def summary_goals(m: Mall, report: ReportSpec) -> None:
    m.tag("if goals")  # a follow-up without goals (månadsuppföljning) has no such section
    m.h("Måluppföljning", 1)
    m.p("{{ goals.summary }}")
    table = m.table(["Bedömning", "Antal mål"], [12.6, 4.0])
    m.tag_row(table, "for g in goals.rows")
    m.tag_row(table, "if g.signal")
    m.row(table, [signal("g.signal"), "{{ g.count }}"])
    m.tag_row(table, "else")
    m.row(table, ["{{ g.label }}", "{{ g.count }}"])
    m.tag_row(table, "endif")
    m.tag_row(table, "endfor")
    m.row(table, ["Summa", "{{ goals.total }}"], bold=True)
    m.p()
    m.tag("endif")


def summary_controls(m: Mall, report: ReportSpec) -> None:
    m.tag("if control")
    m.h("Uppföljning av internkontroll", 1)
    m.p("{{ control.summary }}")
    headers = ["Nämnd", f"Kontroll{SOFT_HYPHEN}punkter", "Uppföljda", "Utan anmärkning", "Med anmärkning"]
    table = m.table(headers, [7.0, 2.4, 2.4, 2.4, 2.4])
    cells = [f"{{{{ r.cells[{i}] }}}}" for i in range(4)]
    m.tag_row(table, "for r in control.rows")
    m.tag_row(table, "if r.sum")
    m.row(table, ["{{ r.label }}", *cells], bold=True)
    m.tag_row(table, "else")
    m.row(table, ["{{ r.label }}", *cells])
    m.tag_row(table, "endif")
    m.tag_row(table, "endfor")
    m.p()
    m.tag("endif")


SUMMARY_WRITERS: tuple[Callable[[Mall, ReportSpec], None], ...] = (
    summary_boards,
    summary_deliveries,
    summary_goals,
    summary_controls,
)


def build_summary(report: ReportSpec) -> Mall:
    """The kommun's sammanställning: the same cover, the nämnder's figures, who has delivered,
    the goals and the internkontroll counted over the nämnder."""
    m = Mall()
    _paragraph_styles(m)
    _footer(m)
    cover(m, report)
    for write in SUMMARY_WRITERS:
        write(m, report)
    return m


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/build_templates.py NEW_FOLDER", file=sys.stderr)
        return 2
    out = Path(argv[0])
    names = sorted({report.template for report in REPORTS.values()})
    there = [name for name in names if (out / name).exists()]
    if there or out.resolve() == (ROOT / "templates").resolve():
        print(f"{out} already has mallar ({', '.join(there) or 'templates/'}); choose a new folder", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    for report in REPORTS.values():
        if report.template in written:
            continue  # the delårs and årsbokslut unit follow-ups share one mall
        written.add(report.template)
        if report.summary:
            mall = build_summary(report)
        elif report.plan:
            mall = build_budget(report)
        else:
            mall = build_unit(report) if report.is_unit_report else build(report)
        mall.save(out / report.template)
        print(f"wrote {out / report.template}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
