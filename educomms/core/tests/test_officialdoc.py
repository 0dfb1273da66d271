import datetime as dt
import io
import re
import shutil
import struct
import unicodedata
import zlib

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from educomms.core import officialdoc
from educomms.core.officialdoc import Figure, OfficialDocument, Paragraph, Table, build_document, to_pdf

BODY = [
    "Ngày 03/02/2026, Báo Tuổi Trẻ điện tử đăng bài viết “Học sinh phải đóng 5 triệu đồng tiền học thêm”.",
    "Căn cứ Nghị định số 09/2017/NĐ-CP, Sở Giáo dục và Đào tạo đề nghị Quý Báo cải chính thông tin./.",
]


def _letter(**changes) -> OfficialDocument:
    values = dict(
        issuer_parent="UBND TỈNH BÌNH SƠN",
        issuer="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        number="Số: 125/SGDĐT-VP",
        place="Bình Sơn",
        date=dt.date(2026, 2, 5),
        subject="V/v đề nghị cải chính thông tin",
        addressees=["Báo Tuổi Trẻ"],
        paragraphs=list(BODY),
        recipients=["Như trên", "Giám đốc Sở (để b/c)", "Lưu: VT, VP"],
        signer_authority="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Nguyễn Văn An",
    )
    values.update(changes)
    return OfficialDocument(**values)


def _read(data: OfficialDocument) -> DocxDocument:
    return Document(io.BytesIO(build_document(data)))


def _texts(word: DocxDocument) -> list[str]:
    return [p.text for p in word.paragraphs]


def _cell_lines(word: DocxDocument, table: int, row: int, col: int) -> list[str]:
    return [p.text for p in word.tables[table].cell(row, col).paragraphs if p.text]


def _png() -> bytes:
    """A 2×1 white PNG, written by hand so the test needs no image library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff" * 6)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_it_lays_out_an_a4_page_with_the_decree_margins():
    section = _read(_letter()).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20


def test_it_sets_times_new_roman_on_the_normal_style_for_every_script():
    normal = _read(_letter()).styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attr)) == "Times New Roman"
    # A theme attribute would override the explicit font in Word.
    assert fonts.get(qn("w:asciiTheme")) is None


def test_it_writes_the_issuer_and_the_national_title_side_by_side():
    word = _read(_letter())
    header = word.tables[0]
    assert _cell_lines(word, 0, 0, 0) == ["UBND TỈNH BÌNH SƠN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    assert _cell_lines(word, 0, 0, 1) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    issuer = header.cell(0, 0).paragraphs[1].runs[0]
    title, motto = (p.runs[0] for p in header.cell(0, 1).paragraphs[:2])
    assert issuer.bold and title.bold and motto.bold
    assert not header.cell(0, 0).paragraphs[0].runs[0].bold
    assert title.font.size == Pt(12)
    # Borderless: every edge of the header table is switched off.
    edges = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in edges} == {"nil"}


def test_it_puts_the_number_and_the_date_on_the_same_row():
    word = _read(_letter())
    assert _cell_lines(word, 0, 1, 0) == ["Số: 125/SGDĐT-VP", "V/v đề nghị cải chính thông tin"]
    date_line = word.tables[0].cell(1, 1).paragraphs[0]
    assert date_line.text == "Bình Sơn, ngày 05 tháng 02 năm 2026"
    assert date_line.runs[0].italic


def test_it_writes_months_after_february_without_a_leading_zero():
    word = _read(_letter(date=dt.date(2026, 11, 3)))
    assert _cell_lines(word, 0, 1, 1) == ["Bình Sơn, ngày 03 tháng 11 năm 2026"]


def test_it_draws_a_rule_under_the_issuer_and_one_as_wide_as_the_motto():
    header = _read(_letter()).tables[0]

    def rules(cell):
        out = []
        for paragraph in cell.paragraphs:
            borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
            if borders is not None and borders.find(qn("w:bottom")) is not None:
                fmt = paragraph.paragraph_format
                out.append(Mm(cell.width.mm).pt - fmt.left_indent.pt - fmt.right_indent.pt)
        return out

    [issuer_rule] = rules(header.cell(0, 0))
    [motto_rule] = rules(header.cell(0, 1))
    issuer_width = officialdoc.text_width_pt("SỞ GIÁO DỤC VÀ ĐÀO TẠO", 12)
    assert issuer_width / 3 <= issuer_rule <= issuer_width / 2
    assert motto_rule == pytest.approx(officialdoc.text_width_pt("Độc lập - Tự do - Hạnh phúc", 13), abs=1)


def test_it_measures_bold_times_including_the_horned_letters():
    # Reference: the glyph advances of Liberation Serif Bold 2.x (metric-compatible with Times New Roman
    # Bold) at 1000 pt, summed without kerning, as Word sets text by default.
    assert officialdoc.text_width_pt("Độc lập - Tự do - Hạnh phúc", 1000) == pytest.approx(12242, abs=2)
    assert officialdoc.text_width_pt("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 1000) == pytest.approx(
        20862, abs=2
    )
    assert officialdoc.text_width_pt("ư", 1) > officialdoc.text_width_pt("u", 1)


def test_it_addresses_one_outlet_on_one_centred_line():
    word = _read(_letter())
    [line] = [p for p in word.paragraphs if p.text.startswith("Kính gửi")]
    assert line.text == "Kính gửi: Báo Tuổi Trẻ"
    assert line.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_it_lists_several_addressees_as_a_dashed_list():
    word = _read(_letter(addressees=["Ủy ban nhân dân tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]))
    texts = _texts(word)
    start = texts.index("Kính gửi:\t- Ủy ban nhân dân tỉnh;")
    assert texts[start + 1] == "- Sở Văn hóa, Thể thao và Du lịch."


def test_it_justifies_the_body_with_a_first_line_indent():
    word = _read(_letter(paragraphs=[BODY[0], Paragraph("I. TÌNH HÌNH CHUNG", bold=True, indent=False)]))
    body = next(p for p in word.paragraphs if p.text == BODY[0])
    fmt = body.paragraph_format
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 10 <= fmt.first_line_indent.mm <= 12.7
    assert fmt.space_after == Pt(6)
    assert fmt.line_spacing >= 1.0
    heading = next(p for p in word.paragraphs if p.text == "I. TÌNH HÌNH CHUNG")
    assert heading.runs[0].bold and heading.paragraph_format.first_line_indent is None


def test_it_lists_the_recipients_and_signs_under_the_authority():
    word = _read(_letter())
    signature = word.tables[-1]
    left = signature.cell(0, 0).paragraphs
    assert [p.text for p in left] == ["Nơi nhận:", "- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, VP."]
    label = left[0].runs[0]
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert left[1].runs[0].font.size == Pt(11)
    assert _cell_lines(word, -1, 0, 1) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in signature.cell(0, 1).paragraphs if p.text)


def test_it_leaves_out_the_authority_line_when_the_head_signs():
    word = _read(_letter(signer_authority="", signer_title="Giám đốc", signer_name="Trần Thị Bình"))
    assert _cell_lines(word, -1, 0, 1) == ["GIÁM ĐỐC", "Trần Thị Bình"]


def test_it_keeps_vietnamese_diacritics_as_written():
    text = "Quý Báo xem xét, cải chính: “thủy”, “hòa”, “Đắk Lắk”, “Nghĩa”, “ưu tiên”./."
    word = _read(_letter(paragraphs=[text]))
    assert text in _texts(word)
    assert unicodedata.is_normalized("NFC", "\n".join(_texts(word)))


def test_it_titles_a_report_and_leaves_the_subject_out_of_the_number_column():
    subject = "Kết quả theo dõi thông tin trên báo chí tháng 01 năm 2026"
    word = _read(_letter(kind_title="Báo cáo", subject=subject, number="Số:      /BC-SGDĐT", addressees=[]))
    texts = _texts(word)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == subject
    assert word.paragraphs[title].runs[0].bold
    assert _cell_lines(word, 0, 1, 0) == ["Số:      /BC-SGDĐT"]


def test_it_puts_a_table_and_a_figure_in_the_body():
    table = Table(
        header=["STT", "Nguồn tin", "Số tin"],
        rows=[["1", "Báo điện tử", "125"], ["2", "Mạng xã hội", "75"]],
        caption="Bảng 1. Số tin theo nguồn",
    )
    figure = Figure(image=_png(), caption="Hình 1. Số tin theo ngày", width_mm=120)
    word = _read(_letter(paragraphs=[BODY[0], table, figure, BODY[1]]))
    data = word.tables[1]
    assert [c.text for c in data.rows[0].cells] == ["STT", "Nguồn tin", "Số tin"]
    assert data.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert data.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert data.cell(1, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert data.cell(2, 1).text == "Mạng xã hội"
    assert len(word.inline_shapes) == 1
    assert round(word.inline_shapes[0].width.mm) == 120
    texts = _texts(word)
    assert (
        texts.index("Bảng 1. Số tin theo nguồn")
        < texts.index("Hình 1. Số tin theo ngày")
        < texts.index(BODY[1])
    )


def test_it_rejects_a_table_row_that_does_not_match_the_header():
    with pytest.raises(ValueError, match="one cell per header column"):
        build_document(_letter(paragraphs=[Table(header=["A", "B"], rows=[["1"]])]))


def test_it_numbers_pages_from_the_second_at_the_top_centre():
    section = _read(_letter()).sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.paragraphs[0].text
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(t.text for t in number._p.iter(qn("w:instrText")))


def test_it_writes_table_and_paragraph_properties_in_schema_order():
    # Word refuses to open a file whose property elements are out of order; LibreOffice would not notice.
    word = _read(_letter(paragraphs=[BODY[0], Table(header=["A"], rows=[["1"]])]))
    body = word.element.body
    for element, order in (("w:tblPr", officialdoc._TBL_PR_ORDER), ("w:pPr", officialdoc._P_PR_ORDER)):
        names = [qn(f"w:{name}") for name in order]
        for props in body.iter(qn(element)):
            ranks = [names.index(child.tag) for child in props if child.tag in names]
            assert ranks == sorted(ranks)


def test_it_offers_no_pdf_without_libreoffice(monkeypatch):
    monkeypatch.setattr(officialdoc.shutil, "which", lambda name: None)
    assert to_pdf(build_document(_letter())) is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_it_converts_to_a_one_page_pdf_with_libreoffice():
    pdf = to_pdf(build_document(_letter()))
    assert pdf is not None and pdf.startswith(b"%PDF")
    # The page tree's count: a short letter stays on one page.
    assert re.search(rb"/Count 1\b", pdf)
