"""Importing lists exported from other listening tools: CSV and Excel, column mapping, row errors."""

import codecs
import io
import unicodedata
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook

from educomms.monitoring.fetch import imports
from educomms.monitoring.fetch.imports import TableError, apply_mapping, guess_mapping, read_table

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

CSV_VI = """Tiêu đề;Nội dung;Ngày đăng;Link;Nguồn;Tác giả;Lượt tương tác;Sắc thái
Phụ huynh bức xúc vì khoản thu đầu năm;Nhiều khoản thu "tự nguyện" bị phản ánh;05/02/2026 14:30;https://www.baomoi.example.vn/a.html;baomoi.example.vn;Minh Anh;1.234;Tiêu cực
Trường THPT Chu Văn An tuyên dương học sinh giỏi;;2026-02-04;vnexpress.net/b.html;;;"1,2K";Tích cực
;Bài đăng trên Facebook về lịch thi;04/02/2026;https://www.facebook.com/groups/phuhuynh/posts/1;Facebook;;87;trung lập
"""


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cp1258(text: str) -> bytes:
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


def test_it_reads_a_semicolon_csv_with_a_bom_and_guesses_every_column():
    table = read_table(codecs.BOM_UTF8 + CSV_VI.encode(), "bao-cao.csv")

    mapping = guess_mapping(table.headers)

    assert table.headers[0] == "Tiêu đề"
    assert mapping == {
        "title": "Tiêu đề", "text": "Nội dung", "published_at": "Ngày đăng", "url": "Link", "site": "Nguồn",
        "author": "Tác giả", "reach": "Lượt tương tác", "label": "Sắc thái",
    }
    assert [row.line for row in table.rows] == [2, 3, 4]


def test_it_turns_rows_into_items():
    table = read_table(CSV_VI.encode(), "bao-cao.csv")

    (first, second, third), errors = apply_mapping(table, guess_mapping(table.headers))

    assert errors == []
    assert first.title == "Phụ huynh bức xúc vì khoản thu đầu năm"
    assert first.text == 'Nhiều khoản thu "tự nguyện" bị phản ánh'
    assert first.published_at == datetime(2026, 2, 5, 7, 30, tzinfo=UTC)  # 14:30 in Hà Nội
    assert (first.url, first.site, first.author, first.reach, first.label) == (
        "https://www.baomoi.example.vn/a.html", "baomoi.example.vn", "Minh Anh", 1234, "negative"
    )
    assert second.url == "https://vnexpress.net/b.html" and second.site == "vnexpress.net"
    assert second.published_at == datetime(2026, 2, 3, 17, 0, tzinfo=UTC)  # midnight in Hà Nội
    assert (second.reach, second.label) == (1200, "positive")
    assert third.title == "" and third.text == "Bài đăng trên Facebook về lịch thi"
    # The "Nguồn" column says "Facebook"; the site is the URL's domain, like the Graph fetcher's.
    assert (third.kind, third.site, third.label) == ("post", "facebook.com", "neutral")


def test_it_reads_a_windows_1258_csv_with_commas():
    data = cp1258("Tiêu đề,Nội dung\nHọc sinh nghỉ học vì mưa lũ,Các trường miền núi cho học sinh nghỉ\n")

    table = read_table(data, "xuat.csv")
    items, errors = apply_mapping(table, guess_mapping(table.headers))

    assert table.headers == ["Tiêu đề", "Nội dung"]
    assert items[0].title == "Học sinh nghỉ học vì mưa lũ" and errors == []


def test_it_reads_an_excel_file_with_date_and_number_cells():
    data = xlsx([
        ["Title", "Content", "Published", "URL", "Author", "Engagement", "Sentiment"],
        ["Giáo viên vùng cao", "Câu chuyện cô giáo cắm bản", datetime(2026, 2, 5, 9, 15), "https://tin.example.vn/c",
         "Thu Hà", 5400, "Positive"],
        [None, None, None, None, None, None, None],
        ["Điểm thi bất thường", "Phụ huynh nghi ngờ điểm thi", 46058.5, None, None, 12.0, "negative"],
    ])

    table = read_table(data, "export.xlsx")
    items, errors = apply_mapping(table, guess_mapping(table.headers))

    assert [row.line for row in table.rows] == [2, 4]  # the blank line 3 is skipped but still counted
    assert errors == []
    assert items[0].published_at == datetime(2026, 2, 5, 2, 15, tzinfo=UTC)
    assert (items[0].reach, items[0].label, items[0].site) == (5400, "positive", "tin.example.vn")
    assert items[1].published_at == datetime(2026, 2, 5, 5, 0, tzinfo=UTC)  # Excel serial 46058.5 = 05/02/2026 12:00
    assert items[1].url == "" and items[1].reach == 12


def test_it_reports_bad_rows_at_their_spreadsheet_line_and_keeps_the_rest():
    rows = [
        "Tiêu đề,Nội dung,Ngày đăng,Link,Lượt tương tác,Sắc thái",
        "Tin 1,Nội dung 1,05/02/2026,https://a.example.vn/1,10,",
        "Tin 2,Nội dung 2,05/02/2026 14:30,,,",
        ",,05/02/2026,https://a.example.vn/3,,",
        "Tin 4,,05/02/2026,ftp://a.example.vn/4,,",
        "Tin 5,,05/02/2026,,nhiều lắm,",
        "Tin 6,,32/13/2026,,,",
        "Tin 7,,,,,giận dữ",
    ]
    table = read_table("\n".join(rows).encode(), "loi.csv")

    items, errors = apply_mapping(table, guess_mapping(table.headers))

    assert [i.title for i in items] == ["Tin 1", "Tin 2"]
    assert [(e.line, e.message) for e in errors] == [
        (4, "Dòng 4: cần có tiêu đề hoặc nội dung"),
        (5, "Dòng 5: đường dẫn “ftp://a.example.vn/4” không hợp lệ"),
        (6, "Dòng 6: lượt tương tác “nhiều lắm” không phải là số"),
        (7, "Dòng 7: ngày đăng “32/13/2026” không hợp lệ (dạng 05/02/2026 hoặc 05/02/2026 14:30)"),
        (8, "Dòng 8: sắc thái “giận dữ” không rõ (dùng Tích cực, Tiêu cực hoặc Trung lập)"),
    ]


def test_it_counts_a_multi_line_cell_as_one_line():
    data = 'Tiêu đề,Nội dung\nTin 1,"Dòng một\nDòng hai"\n,\nTin 3,Ba\n'.encode()

    table = read_table(data, "x.csv")

    assert [row.line for row in table.rows] == [2, 4]
    items, _ = apply_mapping(table, {"title": "Tiêu đề", "text": "Nội dung"})
    assert items[0].text == "Dòng một\nDòng hai"


def test_it_guesses_english_names_and_prefers_exact_ones():
    headers = ["ID", "Nội dung tóm tắt", "Nội dung", "Post URL", "Created time", "Source name", "Views"]

    assert guess_mapping(headers) == {
        "text": "Nội dung", "url": "Post URL", "published_at": "Created time", "site": "Source name",
        "reach": "Views",
    }


def test_it_keeps_a_source_name_when_a_row_has_no_address():
    table = read_table("Tiêu đề,Nguồn\nTin,Báo Thanh Niên\n".encode(), "x.csv")

    (item,), _ = apply_mapping(table, guess_mapping(table.headers))

    assert item.site == "Báo Thanh Niên" and item.kind == "article"


def test_it_names_blank_and_repeated_headers():
    table = read_table(b"Link,,Link\nhttps://a.vn/1,x,https://a.vn/2\n", "x.csv")

    assert table.headers == ["Link", "Cột B", "Link (2)"]


def test_it_finds_every_row_wanting_while_no_title_or_text_column_is_chosen():
    table = read_table(CSV_VI.encode(), "x.csv")

    items, errors = apply_mapping(table, {"url": "Link"})

    assert items == []
    assert [e.message for e in errors] == [f"Dòng {n}: cần có tiêu đề hoặc nội dung" for n in (2, 3, 4)]


def test_it_refuses_a_mapping_to_a_column_the_file_does_not_have():
    table = read_table(CSV_VI.encode(), "x.csv")

    with pytest.raises(TableError) as caught:
        apply_mapping(table, {"title": "Headline"})

    assert caught.value.message == "Tệp không có cột “Headline”."


def test_it_refuses_more_rows_than_the_limit():
    data = ("Tiêu đề\n" + "Tin\n" * (imports.MAX_ROWS + 1)).encode()

    with pytest.raises(TableError) as caught:
        read_table(data, "lon.csv")

    assert caught.value.message == (
        "Tệp có hơn 20.000 dòng dữ liệu; hãy chia thành nhiều tệp, mỗi tệp tối đa 20.000 dòng."
    )


def test_it_accepts_exactly_the_limit():
    data = ("Tiêu đề\n" + "Tin\n" * imports.MAX_ROWS).encode()

    assert len(read_table(data, "vua.csv").rows) == imports.MAX_ROWS


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"PK\x03\x04 broken", "hong.xlsx", "Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx."),
        (b"\xd0\xcf\x11\xe0", "cu.xls", "Tệp Excel 97-2003 (.xls) không được hỗ trợ; hãy lưu lại dạng .xlsx hoặc CSV."),
        (b"%PDF-1.7", "bao-cao.pdf", "Chỉ nhận tệp CSV hoặc Excel (.xlsx)."),
        (b"", "trong.csv", "Tệp không có dữ liệu."),
        (b"\n\nTieu de\nTin\n", "x.csv", "Dòng 1 của tệp phải là dòng tiêu đề cột."),
    ],
)
def test_it_refuses_files_it_cannot_read(data, filename, message):
    with pytest.raises(TableError) as caught:
        read_table(data, filename)

    assert caught.value.message == message
