"""Administrative documents (công văn, báo cáo) as .docx in the layout of Decree 30/2020/NĐ-CP, Appendix I.

`build_document(OfficialDocument(...))` returns the bytes of a Word file; `to_pdf(docx_bytes)` converts them
with LibreOffice when it is installed. The layout choices, each within the Decree's range:

- A4, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
- Times New Roman 14 pt for the body (the Decree allows 13–14; 14 is what most departments use), justified,
  first-line indent 1.27 cm, 6 pt after each paragraph, line spacing 1.15;
- the header block as a borderless table of two rows and two columns (65 mm | 100 mm): the issuing bodies
  and the national title on the first row, the number (and "V/v" subject) and the place-and-date line on the
  second, so that the number and the date sit on the same line as in printed letters;
- the national title in 12 pt bold (at 13 pt it nearly fills the 100 mm column), the motto in 13 pt bold;
- the short rules under the issuer and the motto are empty paragraphs with a bottom border whose indents
  size them from the text width in Times New Roman Bold (see `text_width_pt`); they render the same in Word
  and LibreOffice, unlike drawn shapes anchored in table cells;
- page numbers in 14 pt, centred at the top, from page 2 (a different first-page header);
- the signature block as a borderless table: "Nơi nhận" on the left, the signer centred on the right.

The fixed wording ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kính gửi", "Nơi nhận"…) is not passed through
gettext: the Decree prescribes it, and the document stays Vietnamese whatever the reader's interface language.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess  # noqa: S404 - to_pdf runs LibreOffice with a fixed argument list, no shell
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from educomms.core import periods

__all__ = [
    "Figure",
    "OfficialDocument",
    "Paragraph",
    "PdfConversionError",
    "Table",
    "build_document",
    "text_width_pt",
    "to_pdf",
]

FONT = "Times New Roman"
BODY_PT = 14
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165
HEADER_LEFT_MM, HEADER_RIGHT_MM = 65, TEXT_WIDTH_MM - 65
SIGN_LEFT_MM, SIGN_RIGHT_MM = 80, TEXT_WIDTH_MM - 80

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

Align = Literal["justify", "left", "center", "right"]
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; a plain `str` in `OfficialDocument.paragraphs` is `Paragraph(text)`.

    Section headings ("I. KẾT QUẢ THEO DÕI") are usually `Paragraph(..., bold=True)`; `indent=False` drops the
    first-line indent (for a paragraph that must start at the margin).
    """

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True
    align: Align = "justify"


@dataclass(frozen=True)
class Table:
    """A simple grid inside the body: one bold header row (repeated on each page), then rows of text.

    `widths_mm`, when given, has one width per column and should add up to at most 165 mm; otherwise the
    columns share the text width equally. `aligns`, when given, has one alignment per column; otherwise
    numbers ("125", "62,5%") are right-aligned and text left-aligned. `caption` ("Bảng 1. Số tin theo
    nguồn") goes above, bold, centred.
    """

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    caption: str = ""
    widths_mm: Sequence[float] = ()
    aligns: Sequence[Align] = ()


@dataclass(frozen=True)
class Figure:
    """An image (PNG or JPEG bytes, e.g. a chart) centred in the body, its caption in italic below it."""

    image: bytes
    caption: str = ""
    width_mm: float = 150


Block = Paragraph | Table | Figure | str


@dataclass(kw_only=True)
class OfficialDocument:
    """Everything a công văn or báo cáo shows; the caller composes each line (see the field comments).

    `paragraphs` is the body in reading order: strings and `Paragraph`s, with `Table`s and `Figure`s where
    they belong. `addressees` and `recipients` are given without the leading "- " and without the final ";" or
    "."; both are added (an item that already ends with ";" or "." keeps its own punctuation).
    """

    issuer_parent: str  # "UBND TỈNH BÌNH SƠN" (cơ quan chủ quản); may be empty
    issuer: str  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    number: str  # "Số: 125/SGDĐT-VP", or "Số:      /SGDĐT-VP" before it is numbered
    place: str  # "Bình Sơn"
    date: datetime.date
    signer_title: str  # "PHÓ GIÁM ĐỐC"
    signer_name: str  # "Nguyễn Văn An"
    kind_title: str = ""  # "BÁO CÁO" for a document with a type name; empty for a công văn
    subject: str = ""  # công văn: "V/v đề nghị cải chính thông tin"; báo cáo: its subject line
    addressees: list[str] = field(default_factory=list)  # "Báo Tuổi Trẻ"
    paragraphs: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Như trên", …, "Lưu: VT, VP"
    signer_authority: str = ""  # "KT. GIÁM ĐỐC"; empty when the head signs


# --- text width ---------------------------------------------------------------------------------------------

# Advance widths of Times New Roman Bold, in thousandths of an em, for ASCII 32..126 (the Adobe Times-Bold
# metrics; Liberation Serif Bold, metric-compatible, gives the same numbers). Vietnamese letters are measured
# on their base letter: tone marks and circumflex/breve do not change the advance, the horn does (ư, ơ).
_BOLD_ASCII = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778,
    778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333,
    278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)  # fmt: skip
_BOLD_HORN = {"u": 600, "o": 554, "U": 796, "O": 778}
_BOLD_OTHER = {"đ": 556, "Đ": 722}
_HORN = "\u031b"


def _bold_char_width(char: str) -> int:
    if char in _BOLD_OTHER:
        return _BOLD_OTHER[char]
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    if _HORN in decomposed and base in _BOLD_HORN:
        return _BOLD_HORN[base]
    if " " <= base <= "~":
        return _BOLD_ASCII[ord(base) - 32]
    return 556  # an average letter: only used to size decorative rules


def text_width_pt(text: str, size_pt: float) -> float:
    """The width of `text` set in Times New Roman Bold at `size_pt`, in points (no kerning, as Word sets it)."""
    return sum(_bold_char_width(c) for c in unicodedata.normalize("NFC", text)) * size_pt / 1000


# --- low-level formatting -----------------------------------------------------------------------------------


# Word rejects a file whose property elements are out of schema order (LibreOffice does not care), so
# the elements python-docx has no API for are put in their place by these sequences (ECMA-376, 17.4.60 and
# 17.3.1.26).
_TBL_PR_ORDER = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
    "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
    "tblCaption", "tblDescription",
)  # fmt: skip
_P_PR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Insert `child` into `parent` at its schema position, replacing an element with the same tag."""
    tag = child.tag
    for old in parent.findall(tag):
        parent.remove(old)
    names = [qn(f"w:{name}") for name in order]
    rank = names.index(tag)
    for index, existing in enumerate(parent):
        if existing.tag in names and names.index(existing.tag) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def _set_fonts(r_pr: BaseOxmlElement, size_pt: float | None = None) -> None:
    """Times New Roman for every script slot of a run-properties element; theme fonts removed.

    Theme attributes (asciiTheme…) win over explicit ones in Word, so they must go, and eastAsia/cs are set
    too so that no slot falls back to the theme's Calibri/Cambria.
    """
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = r_pr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                r_pr.append(el)
            el.set(qn("w:val"), str(round(size_pt * 2)))


def _set_language(r_pr: BaseOxmlElement) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _setup_styles(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            _set_fonts(r_pr, BODY_PT)
            _set_language(r_pr)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    r_pr = normal.element.get_or_add_rPr()
    _set_fonts(r_pr, BODY_PT)
    _set_language(r_pr)
    # The default template adds 10 pt after every paragraph and 1.15 lines; the header block and the
    # signature block are built line by line, so the baseline is tight and body paragraphs add their own.
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # No number on the first page (Decree 30, Appendix I): page 2 onwards, centred at the top.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_page_field(paragraph)


def _add_page_field(paragraph: DocxParagraph) -> None:
    """A PAGE field as begin/instr/separate/result/end runs, which Word and LibreOffice both update."""

    def field_char(kind: str) -> BaseOxmlElement:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    for part in (field_char("begin"), instr, field_char("separate")):
        paragraph.add_run()._r.append(part)
    paragraph.add_run("2")
    paragraph.add_run()._r.append(field_char("end"))


def _line(
    cell_or_doc: _Cell | DocxDocument,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    first: bool = False,
) -> DocxParagraph:
    """One formatted paragraph; `first` reuses the empty paragraph every new table cell starts with."""
    if first and isinstance(cell_or_doc, _Cell):
        paragraph = cell_or_doc.paragraphs[0]
    else:
        paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        run.italic = italic
    return paragraph


def _rule(
    container: _Cell | DocxDocument,
    *,
    width_pt: float,
    column_mm: float,
    before: float = 2.5,
    after: float = 0,
) -> None:
    """A centred horizontal rule `width_pt` long: an empty 1 pt paragraph with a bottom border, indented.

    The border of a paragraph spans its indents, so equal left and right indents centre a rule of the
    wanted length in the column. The paragraph mark is 1 pt so the rule sits just under the text above.
    """
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max(0.0, (Mm(column_mm).pt - width_pt) / 2)
    fmt.left_indent = fmt.right_indent = Pt(side)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    _put(p_pr, borders, _P_PR_ORDER)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    _put(p_pr, mark, _P_PR_ORDER)


def _layout_table(
    table: DocxTable, widths_mm: Sequence[float], *, borders: bool, cell_margin_mm: float
) -> None:
    """Fixed column widths (gridCol for LibreOffice, tcW for Word), borders on or off, cell side margins."""
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.table_direction = WD_TABLE_DIRECTION.LTR
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(Mm(sum(widths_mm)).twips)))
    width.set(qn("w:type"), "dxa")
    _put(tbl_pr, width, _TBL_PR_ORDER)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:color"), "000000")
        edges.append(el)
    _put(tbl_pr, edges, _TBL_PR_ORDER)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(round(Mm(cell_margin_mm).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _put(tbl_pr, margins, _TBL_PR_ORDER)
    for column, width_mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width_mm)
        for cell in column.cells:
            cell.width = Mm(width_mm)


# --- the parts of the document ------------------------------------------------------------------------------


def _header_block(doc: DocxDocument, data: OfficialDocument) -> None:
    table = doc.add_table(rows=2, cols=2)
    _layout_table(table, (HEADER_LEFT_MM, HEADER_RIGHT_MM), borders=False, cell_margin_mm=0)
    issuer_cell, nation_cell = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    first = True
    if data.issuer_parent:
        _line(issuer_cell, data.issuer_parent.upper(), size=12, first=True)
        first = False
    _line(issuer_cell, data.issuer.upper(), size=12, bold=True, first=first)
    # Decree 30: a rule from one third to one half of the issuer's name, centred under it.
    issuer_width = min(text_width_pt(data.issuer.upper(), 12), Mm(HEADER_LEFT_MM).pt)
    _rule(issuer_cell, width_pt=issuer_width * 0.4, column_mm=HEADER_LEFT_MM)

    _line(nation_cell, NATIONAL_TITLE, size=12, bold=True, first=True)
    _line(nation_cell, MOTTO, size=13, bold=True)
    # Decree 30: a rule as long as the motto, centred under it.
    _rule(nation_cell, width_pt=text_width_pt(MOTTO, 13), column_mm=HEADER_RIGHT_MM)

    _line(number_cell, data.number, size=13, before=6, first=True)
    if data.subject and not data.kind_title:
        _line(number_cell, data.subject, size=12, before=2)
    date_text = periods.format_long_date(data.date, data.place)
    _line(date_cell, date_text, size=BODY_PT, italic=True, before=6, first=True)


def _kind_block(doc: DocxDocument, data: OfficialDocument) -> None:
    """The type name ("BÁO CÁO") and the subject under it, both bold and centred, with a short rule."""
    _line(doc, data.kind_title.upper(), bold=True, before=18, after=0 if data.subject else 12)
    if data.subject:
        _line(doc, data.subject, bold=True)
        # Decree 30: a rule from one third to one half of the subject line, centred under it.
        width = min(text_width_pt(data.subject, BODY_PT), Mm(TEXT_WIDTH_MM).pt)
        _rule(doc, width_pt=width * 0.4, column_mm=TEXT_WIDTH_MM, after=12)


def _with_end(items: Sequence[str], middle: str, last: str) -> list[str]:
    """The Decree's dashed list ("- A;" … "- B."), keeping an item's own final ";" or "."."""
    out = []
    for index, item in enumerate(items):
        text = item.strip()
        if not text.endswith((";", ".", ":")):
            text += last if index == len(items) - 1 else middle
        out.append(f"- {text}")
    return out


def _addressee_block(doc: DocxDocument, addressees: Sequence[str]) -> None:
    if not addressees:
        return
    if len(addressees) == 1:
        _line(doc, f"Kính gửi: {addressees[0].strip()}", before=18, after=12)
        return
    # Several addressees: "Kính gửi:" then the dashed list aligned on one tab stop, the block starting a
    # little left of centre as in printed letters.
    start, label = Mm(30), Mm(25)
    lines = _with_end(addressees, ";", ".")
    for index, text in enumerate(lines):
        paragraph = _line(
            doc,
            f"Kính gửi:\t{text}" if index == 0 else text,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            before=18 if index == 0 else 0,
            after=12 if index == len(lines) - 1 else 0,
        )
        fmt = paragraph.paragraph_format
        fmt.left_indent = start + label
        fmt.first_line_indent = -label if index == 0 else None
        fmt.tab_stops.add_tab_stop(start + label)


def _body_paragraph(doc: DocxDocument, block: Paragraph) -> None:
    paragraph = _line(
        doc, block.text, bold=block.bold, italic=block.italic, align=_ALIGN[block.align], after=6
    )
    fmt = paragraph.paragraph_format
    fmt.line_spacing = 1.15
    if block.indent:
        fmt.first_line_indent = Mm(12.7)


_NUMBER = re.compile(r"^[+-]?[\d.,]+%?$")


def _number_align(text: str) -> WD_ALIGN_PARAGRAPH:
    return WD_ALIGN_PARAGRAPH.RIGHT if _NUMBER.match(text.strip()) else WD_ALIGN_PARAGRAPH.LEFT


def _body_table(doc: DocxDocument, block: Table) -> None:
    columns = len(block.header)
    if any(len(row) != columns for row in block.rows):
        raise ValueError("every table row needs one cell per header column")
    widths = list(block.widths_mm) or [TEXT_WIDTH_MM / columns] * columns
    if len(widths) != columns:
        raise ValueError("widths_mm needs one width per column")
    if block.aligns and len(block.aligns) != columns:
        raise ValueError("aligns needs one alignment per column")
    if block.caption:
        _line(doc, block.caption, bold=True, before=6, after=6)
    table = doc.add_table(rows=1 + len(block.rows), cols=columns)
    _layout_table(table, widths, borders=True, cell_margin_mm=1.5)
    # The header row repeats on every page the table spans.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    tr_pr.append(repeat)
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _line(cell, text, size=12, bold=True, before=2, after=2, first=True)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = _ALIGN[block.aligns[index]] if block.aligns else _number_align(text)
            _line(cell, text, size=12, align=align, before=2, after=2, first=True)
    _line(doc, "", after=6)


def _body_figure(doc: DocxDocument, block: Figure) -> None:
    paragraph = _line(doc, "", before=6)
    width = Mm(min(block.width_mm, TEXT_WIDTH_MM))
    paragraph.add_run().add_picture(io.BytesIO(block.image), width=width)
    if block.caption:
        _line(doc, block.caption, size=13, italic=True, after=6)


def _body(doc: DocxDocument, blocks: Sequence[Block]) -> None:
    for block in blocks:
        match block:
            case str():
                _body_paragraph(doc, Paragraph(block))
            case Paragraph():
                _body_paragraph(doc, block)
            case Table():
                _body_table(doc, block)
            case Figure():
                _body_figure(doc, block)


def _signature_block(doc: DocxDocument, data: OfficialDocument) -> None:
    table = doc.add_table(rows=1, cols=2)
    _layout_table(table, (SIGN_LEFT_MM, SIGN_RIGHT_MM), borders=False, cell_margin_mm=0)
    # Keep the block on one page with the body's last lines rather than splitting the signer from the name.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    left_align = WD_ALIGN_PARAGRAPH.LEFT
    if data.recipients:
        _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=left_align, first=True)
        for text in _with_end(data.recipients, ";", "."):
            _line(left, text, size=11, align=left_align)

    first = True
    if data.signer_authority:
        _line(right, data.signer_authority.upper(), bold=True, first=True)
        first = False
    _line(right, data.signer_title.upper(), bold=True, first=first)
    # About 25 mm for the signature and the seal.
    _line(right, data.signer_name, bold=True, before=72)


def _properties(doc: DocxDocument, data: OfficialDocument) -> None:
    props = doc.core_properties
    props.title = " ".join(part for part in (data.kind_title, data.subject or data.number) if part)[:255]
    props.author = data.issuer
    props.language = "vi-VN"


def build_document(doc: OfficialDocument) -> bytes:
    """The .docx bytes of `doc` in the Decree 30/2020 layout (see the module docstring for the choices)."""
    word = Document()
    _setup_styles(word)
    _setup_page(word)
    # A new document starts with one empty paragraph; the header table must be the first thing on the page.
    body = word.element.body
    for paragraph in list(word.paragraphs):
        body.remove(paragraph._p)
    _header_block(word, doc)
    if doc.kind_title:
        _kind_block(word, doc)
    _addressee_block(word, doc.addressees)
    if not doc.addressees and not doc.kind_title:
        _line(word, "", after=12)
    _body(word, doc.paragraphs)
    # The last body lines travel with the signature block: a signature alone on a page is not accepted.
    if word.paragraphs:
        word.paragraphs[-1].paragraph_format.keep_with_next = True
    _line(word, "", after=6).paragraph_format.keep_with_next = True
    _signature_block(word, doc)
    _properties(word, doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------


class PdfConversionError(RuntimeError):
    """LibreOffice is installed but did not produce a PDF (failure or timeout)."""


def to_pdf(docx_bytes: bytes, *, timeout: float = 60) -> bytes | None:
    """The PDF of a .docx, converted by LibreOffice; None when `soffice` is not on the PATH.

    Each call uses its own temporary profile directory: two conversions sharing a profile block each other.
    Raises PdfConversionError when soffice fails or runs longer than `timeout` seconds.
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="officialdoc-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx_bytes)
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            # The arguments are our own paths; nothing comes from the user.
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)  # noqa: S603
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"soffice did not finish within {timeout} s") from exc
        pdf = work / "document.pdf"
        if result.returncode != 0 or not pdf.exists():
            detail = result.stderr.decode(errors="replace").strip()[:500]
            raise PdfConversionError(f"soffice exited with {result.returncode}: {detail}")
        return pdf.read_bytes()
