"""RSS 2.0 and Atom feeds fetched from a real local server, including the ways real feeds go wrong."""

import codecs
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from educomms.monitoring.fetch.feeds import fetch_feed
from educomms.monitoring.fetch.text import MAX_TEXT
from educomms.monitoring.fetch.types import FetchError
from educomms.monitoring.tests.fakes import FIXTURES, FakeServer, Reply, Request

RSS = "application/rss+xml"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as s:
        yield s


def rss(*items: str, encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>Tin</title>'
        "<link>https://tin.example.vn/</link>" + "".join(items) + "</channel></rss>"
    )


def item(title: str, link: str, description: str = "") -> str:
    return f"<item><title>{title}</title><link>{link}</link><description>{description}</description></item>"


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters precomposed, tone marks as separate combining bytes."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        out.append(base + "".join(c for c in decomposed if c in TONES))
    return "".join(out).encode("cp1258")


TITLE = "Học sinh trường Nguyễn Huệ đoạt giải Nhất học sinh giỏi"
TEXT = "Đội tuyển đạt thành tích cao nhất từ trước đến nay, thầy hiệu trưởng cho biết."


def test_it_reads_an_rss_feed_with_vietnamese_text(server):
    url = server.fixture("/rss/tin-moi.rss", "rss_vi.xml", "application/rss+xml; charset=utf-8")

    result = fetch_feed(url)

    first, second, third = result.items
    assert first.title == "Sở GD&ĐT công bố lịch thi tuyển sinh lớp 10 năm học 2026-2027"
    assert first.url == "https://www.baogiaoduc.example.vn/tuyen-sinh/lich-thi-lop-10-2026.html"
    assert first.text == (
        "Kỳ thi tuyển sinh vào lớp 10 sẽ diễn ra trong hai ngày 3 và 4/6, thí sinh thi ba môn Toán, "
        "Ngữ văn và Tiếng Anh."
    )
    assert first.published_at == datetime(2026, 2, 5, 7, 30, tzinfo=UTC)
    assert first.author == "Nguyễn Thị Hoà"  # as written: the pipeline stores its own normal form
    assert first.site == "baogiaoduc.example.vn"
    assert first.external_id == "bgd-10001"
    assert first.kind == "article"


def test_it_prefers_full_content_and_leaves_no_markup_or_script(server):
    url = server.fixture("/rss/tin-moi.rss", "rss_vi.xml", RSS)

    second = fetch_feed(url).items[1]

    # The relative link is resolved against the feed's address.
    assert second.url == server.url("/phan-anh/thu-tien-hoc-them-thcs-le-loi.html")
    assert second.text == (
        'Nhiều phụ huynh cho biết con em "bị ép" học thêm.\n'
        "Mỗi học sinh phải nộp 300.000 đồng mỗi tháng, theo phản ánh gửi tới đường dây nóng của Sở."
    )
    assert "<" not in second.text and "track(" not in second.text and "color" not in second.text
    assert second.published_at == datetime(2026, 2, 4, 8, 5, tzinfo=UTC)


def test_it_skips_empty_items_and_keeps_undated_ones(server):
    url = server.fixture("/rss.xml", "rss_vi.xml", RSS)

    items = fetch_feed(url).items

    assert len(items) == 3
    assert items[2].title == "Hội thi giáo viên dạy giỏi cấp tỉnh khai mạc"
    assert items[2].published_at is None


def test_it_reads_an_atom_feed(server):
    url = server.fixture("/atom.xml", "atom_vi.xml", "application/atom+xml")

    first, second = fetch_feed(url).items

    assert first.title == "Hướng dẫn nghỉ Tết Nguyên đán Bính Ngọ"
    assert first.url == "https://sogd.example.gov.vn/tin-tuc/huong-dan-nghi-tet.html"
    assert first.text == (
        "Học sinh toàn tỉnh được nghỉ Tết Nguyên đán từ ngày 14/2 đến hết ngày 22/2/2026.\n"
        "Các trường bố trí trực Tết và bảo đảm an toàn tài sản."
    )
    assert first.published_at == datetime(2026, 2, 5, 2, 0, tzinfo=UTC)
    assert first.author == "Văn phòng Sở"
    assert first.external_id == "tag:sogd.example.gov.vn,2026:1201"
    assert second.published_at == datetime(2026, 2, 3, 16, 45, tzinfo=UTC)  # only <updated>


def test_it_asks_with_the_etag_and_reports_not_modified(server):
    body = (FIXTURES / "rss_vi.xml").read_bytes()

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(body=body, headers={"Content-Type": RSS, "ETag": '"v1"'})

    url = server.route("/rss.xml", conditional)

    first = fetch_feed(url)
    again = fetch_feed(url, etag=first.etag)

    assert first.etag == '"v1"' and len(first.items) == 3 and not first.not_modified
    assert again.not_modified and again.items == [] and again.etag == '"v1"'


def test_it_asks_with_last_modified_and_reports_not_modified(server):
    stamp = "Thu, 05 Feb 2026 08:00:00 GMT"
    body = (FIXTURES / "atom_vi.xml").read_bytes()

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-modified-since") == stamp:
            return Reply(status=304)
        return Reply(body=body, headers={"Content-Type": "application/atom+xml", "Last-Modified": stamp})

    url = server.route("/atom.xml", conditional)

    first = fetch_feed(url)
    again = fetch_feed(url, last_modified=first.last_modified)

    assert first.last_modified == stamp and len(first.items) == 2
    assert again.not_modified and again.last_modified == stamp


def test_it_accepts_a_malformed_feed_that_still_has_entries(server):
    url = server.fixture("/broken.xml", "broken_usable.xml", RSS)

    items = fetch_feed(url).items

    assert [i.title for i in items] == [
        "Trường tiểu học Kim Đồng & phụ huynh đối thoại về bán trú",
        "Học sinh lớp 9 đạt giải Nhất cuộc thi khoa học kỹ thuật",
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\x01\x02 not xml {}",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off',
        b'{"items": [{"title": "JSON, not RSS"}]}',
    ],
)
def test_it_refuses_a_body_that_is_no_feed(server, body):
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": "application/xml"}))

    with pytest.raises(FetchError) as caught:
        fetch_feed(url)

    assert caught.value.message == "Nguồn tin không phải RSS/Atom hợp lệ"
    assert caught.value.permanent


def test_it_accepts_a_well_formed_feed_with_no_items_yet(server):
    url = server.route("/empty.rss", Reply(body=rss().encode(), headers={"Content-Type": RSS}))

    assert fetch_feed(url).items == []


def test_it_refuses_an_html_page_and_names_the_feeds_it_advertises(server):
    url = server.fixture("/giao-duc", "article.html", "text/html; charset=utf-8")

    with pytest.raises(FetchError) as caught:
        fetch_feed(url)

    assert caught.value.message == "Nguồn tin không phải RSS/Atom hợp lệ"
    assert caught.value.permanent
    assert server.url("/rss/tin-moi.rss") in caught.value.detail


def test_it_reads_utf8_bytes_that_claim_to_be_windows_1258(server):
    body = rss(item(TITLE, "https://tin.example.vn/a.html", TEXT), encoding="windows-1258").encode("utf-8")
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": "text/xml; charset=windows-1258"}))

    (only,) = fetch_feed(url).items

    assert only.title == TITLE
    assert only.text == TEXT


def test_it_reads_windows_1258_bytes_that_claim_to_be_utf8(server):
    body = cp1258(rss(item(TITLE, "https://tin.example.vn/a.html", TEXT), encoding="utf-8"))
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": "application/rss+xml; charset=utf-8"}))

    (only,) = fetch_feed(url).items

    assert only.title == TITLE  # NFC again, tone marks recombined with their letters
    assert only.text == TEXT


def test_it_reads_honest_windows_1258(server):
    body = cp1258(rss(item(TITLE, "https://tin.example.vn/a.html", TEXT), encoding="windows-1258"))
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": "application/xml"}))

    assert fetch_feed(url).items[0].title == TITLE


def test_it_reads_a_feed_starting_with_a_byte_order_mark_and_blank_lines(server):
    body = codecs.BOM_UTF8 + b"\r\n\r\n" + rss(item(TITLE, "https://tin.example.vn/a.html", TEXT)).encode()
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": RSS}))

    (only,) = fetch_feed(url).items

    assert only.title == TITLE


def test_it_truncates_a_huge_item(server):
    paragraph = "Nội dung rất dài về chương trình giáo dục phổ thông mới. " * 1000  # ~57,000 characters
    body = rss(item("Bài rất dài", "https://tin.example.vn/dai.html", paragraph)).encode()
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": RSS}))

    (only,) = fetch_feed(url).items

    assert len(only.text) <= MAX_TEXT
    assert only.text.endswith("…")
    assert only.text.startswith("Nội dung rất dài")


def test_it_refuses_a_feed_over_the_size_cap(server, settings):
    settings.MONITORING_MAX_BYTES = 100_000
    body = rss(*(item(f"Tin {n}", f"https://tin.example.vn/{n}.html", "x" * 1000) for n in range(200))).encode()
    url = server.route("/feed", Reply(body=body, headers={"Content-Type": RSS}))

    with pytest.raises(FetchError) as caught:
        fetch_feed(url)

    assert caught.value.message == "Nội dung vượt quá giới hạn 0.1 MB"


def test_it_follows_a_moved_feed(server):
    server.redirect("/old.rss", server.url("/new/feed.rss"), status=301)
    server.fixture("/new/feed.rss", "rss_vi.xml", RSS)

    items = fetch_feed(server.url("/old.rss")).items

    # Relative links resolve against where the feed really is.
    assert items[1].url == server.url("/phan-anh/thu-tien-hoc-them-thcs-le-loi.html")


def test_it_reports_a_missing_feed_as_permanent_and_a_server_error_as_transient(server):
    server.route("/error.rss", Reply(status=500))

    with pytest.raises(FetchError) as missing:
        fetch_feed(server.url("/gone.rss"))
    with pytest.raises(FetchError) as broken:
        fetch_feed(server.url("/error.rss"))

    assert missing.value.permanent and missing.value.message == "Không tìm thấy trang (lỗi 404)"
    assert not broken.value.permanent and broken.value.message == "Máy chủ trả lỗi 500"


def test_it_times_out_on_a_feed_that_never_comes(server):
    url = server.route("/slow.rss", Reply(body=rss().encode(), delay=1.5))

    with pytest.raises(FetchError) as caught:
        fetch_feed(url, timeout=0.3)

    assert caught.value.message == "Quá thời gian chờ (0.3 giây)"
    assert not caught.value.permanent
