"""What every Word document of parindex shares, as Vietnamese administrative documents are set
(Nghị định 30/2020/NĐ-CP): A4 (portrait or landscape), Times New Roman 13, margins of 20 mm top
and bottom, 30 mm left and 15 mm right (20 mm left in landscape), the page number centred in the
header from page 2; bordered tables whose header row repeats on every page; a small provenance
line at the end. The file is the same bytes for the same report: no date, no time in it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
SIZE = 13  # points: body text (NĐ 30/2020: 13 to 14)
TABLE_SIZE = 12  # table cells
HEADER_SIZE = 11  # table headers (area names are long)
FOOTER_SIZE = 9  # the provenance line
GREY = RGBColor(0x55, 0x55, 0x55)
SHADE = "E7E6E6"  # an area's row, a header row

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
_CELL_SIDE_TWIPS = 57  # 1 mm
# Word reads an element's children in the order its schema gives: what may follow each one added.
_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                 "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                 "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                 "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                 "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_SHADING = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                  "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
_AFTER_PAGE_NUMBERS = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                       "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry


def document(landscape: bool, title: str) -> Document:
    """An empty A4 document in Times New Roman 13, its page number in the header from page 2."""
    doc = new_document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(10)
    for name in ("Normal", "Header", "Footer", "List Bullet"):
        _font(doc, name)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(6), 1.0
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])
    properties = doc.core_properties
    properties.title, properties.author, properties.last_modified_by = title, "parindex", "parindex"
    properties.revision = 1
    for tag in ("dcterms:created", "dcterms:modified"):  # no date: the same report, the same bytes
        for element in properties._element.findall(qn(tag)):  # python-docx has no remover
            properties._element.remove(element)
    return doc


def _font(doc: Document, style_name: str) -> None:
    style = doc.styles[style_name]
    font = style.font
    font.name = FONT
    font.size = Pt(SIZE)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _page_number(paragraph: Paragraph) -> None:
    """A PAGE field, centred: Word and LibreOffice fill in the number."""
    paragraph.alignment = CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif text == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._r.append(instruction)
        else:
            run.text = text or ""


def paragraph(doc: Document, text: str = "", *, bold: bool = False, italic: bool = False, size: float | None = None,
              align: WD_ALIGN_PARAGRAPH | None = None, after: float | None = None, style: str | None = None,
              colour: RGBColor | None = None) -> Paragraph:
    """A paragraph of one run (an empty one when `text` is empty)."""
    para = doc.add_paragraph(style=style)
    if align is not None:
        para.alignment = align
    if after is not None:
        para.paragraph_format.space_after = Pt(after)
    if text:
        run(para, text, bold=bold, italic=italic, size=size, colour=colour)
    return para


def run(para: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        colour: RGBColor | None = None) -> None:
    added = para.add_run(text)
    added.bold = bold or None
    added.italic = italic or None
    if size is not None:
        added.font.size = Pt(size)
    if colour is not None:
        added.font.color.rgb = colour


def rule(doc: Document, width_mm: int = 50) -> None:
    """A short centred line under a title, as NĐ 30/2020 draws under a document's name."""
    para = paragraph(doc, align=CENTER, after=6)
    para.paragraph_format.line_spacing = Pt(1)
    para.paragraph_format.space_before = Pt(6)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    para._p.get_or_add_pPr().insert_element_before(border, *_AFTER_BORDER)
    section = doc.sections[-1]
    usable = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    side = max((usable - Mm(width_mm)) // 2, 0)
    para.paragraph_format.left_indent = side
    para.paragraph_format.right_indent = side


@dataclass(frozen=True, slots=True)
class Style:
    """How a row's cells look."""

    bold: bool = False
    italic: bool = False
    shade: bool = False
    size: float = TABLE_SIZE


HEAD = Style(bold=True, shade=True, size=HEADER_SIZE)
PLAIN = Style()


def table(doc: Document, widths_mm: Sequence[float], header: Sequence[str], head: Style = HEAD) -> Table:
    """A bordered table with fixed column widths, 1 mm inside each cell's sides, whose header row
    repeats on every page."""
    grid: Table = doc.add_table(rows=0, cols=len(widths_mm))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # a fixed layout: the widths below hold
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margin = OxmlElement(side)
        margin.set(qn("w:w"), str(_CELL_SIDE_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    grid._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                          "w:tblPrChange")
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    add_row(grid, widths_mm, header, head, aligns=[CENTER] * len(header))
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)  # the row's properties come in any order
    return grid


def add_row(grid: Table, widths_mm: Sequence[float], values: Sequence[str], style: Style = PLAIN,
            aligns: Sequence[WD_ALIGN_PARAGRAPH] | None = None, indent_mm: float = 0) -> None:
    """One row: each value in its cell, the second cell indented by `indent_mm`."""
    added = grid.add_row()  # type: ignore[no-untyped-call]
    no_split = OxmlElement("w:cantSplit")
    no_split.set(qn("w:val"), "true")
    added._tr.get_or_add_trPr().append(no_split)
    for position, (cell, value, width) in enumerate(zip(added.cells, values, widths_mm, strict=True)):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = cell.paragraphs[0]
        para.paragraph_format.space_after = Pt(0)
        para.alignment = aligns[position] if aligns is not None else LEFT
        if indent_mm and position == 1:
            para.paragraph_format.left_indent = Mm(indent_mm)
        run(para, value, bold=style.bold, italic=style.italic, size=style.size)
        if style.shade:
            shade(cell)


def shade(cell: _Cell, fill: str = SHADE) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_AFTER_SHADING)


def provenance(doc: Document, line: str | None) -> None:
    """The provenance line at the end, small and grey."""
    if line is not None:
        paragraph(doc, line, italic=True, size=FOOTER_SIZE, colour=GREY, after=0)


def new_pages(doc: Document) -> None:
    """A new section on a new page, its pages numbered from 1 again (one unit's sheet after another's:
    each can be printed and sent on its own)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(numbering, *_AFTER_PAGE_NUMBERS)


def saved(doc: Document) -> bytes:
    """The document's bytes, the same for the same content: every zip entry dated 1980-01-01."""
    raw = io.BytesIO()
    doc.save(raw)
    stable = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, \
            zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return stable.getvalue()
