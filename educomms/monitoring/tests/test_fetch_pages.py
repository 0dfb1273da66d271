"""Article pages: trafilatura extracts text and metadata from bytes we downloaded ourselves."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from educomms.monitoring.fetch.pages import fetch_page
from educomms.monitoring.fetch.types import FetchError
from educomms.monitoring.tests.fakes import FIXTURES, FakeServer, Reply


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as s:
        yield s


def test_it_extracts_the_article_text_and_its_metadata(server):
    url = server.fixture("/giao-duc/quan-ly-day-them.html", "article.html", "text/html; charset=utf-8")

    item = fetch_page(url)

    assert item.title == "Tăng cường quản lý dạy thêm, học thêm"
    assert item.author == "Lê Văn Thành"
    assert item.published_at == datetime(2026, 2, 5, 7, 30, tzinfo=UTC)
    assert item.site == "127.0.0.1"
    assert item.url == url and item.external_id == url and item.kind == "article"
    assert item.text.startswith("Sở Giáo dục và Đào tạo vừa ban hành văn bản")
    assert "giáo viên đang dạy chính khóa không được dạy thêm có thu tiền" in item.text
    assert item.text.count("\n") >= 3  # one paragraph per line


def test_it_leaves_out_navigation_related_links_footer_and_scripts(server):
    url = server.fixture("/bai.html", "article.html", "text/html")

    text = fetch_page(url).text

    for boilerplate in ("Trang chủ", "Tin liên quan", "Giấy phép số", "dataLayer"):
        assert boilerplate not in text


def test_it_makes_no_request_of_its_own(server):
    url = server.fixture("/bai.html", "article.html", "text/html")

    fetch_page(url)

    # The page advertises a feed and links elsewhere; only our one GET reached the server.
    assert [r.path for r in server.requests] == ["/bai.html"]


def test_it_reads_a_utf8_page_served_with_a_wrong_charset(server):
    body = (FIXTURES / "article.html").read_bytes()
    url = server.route("/bai.html", Reply(body=body, headers={"Content-Type": "text/html; charset=windows-1258"}))

    assert fetch_page(url).title == "Tăng cường quản lý dạy thêm, học thêm"


def test_it_follows_redirects_and_keeps_the_final_address(server):
    server.redirect("/short", server.url("/giao-duc/bai-that.html"))
    server.fixture("/giao-duc/bai-that.html", "article.html", "text/html")

    assert fetch_page(server.url("/short")).url == server.url("/giao-duc/bai-that.html")


def test_it_refuses_an_address_that_is_not_a_web_page(server):
    url = server.route("/van-ban.pdf", Reply(body=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"}))

    with pytest.raises(FetchError) as caught:
        fetch_page(url)

    assert caught.value.message == "Địa chỉ không phải trang web (HTML)"
    assert caught.value.permanent


def test_it_reports_a_page_without_article_text(server):
    body = (
        "<html><head><title>Trang chủ</title></head><body><nav><a href='/'>Trang chủ</a> "
        "<a href='/tin'>Tin tức</a> <a href='/lien-he'>Liên hệ</a></nav><p>Ảnh: Sở GD&amp;ĐT</p></body></html>"
    ).encode()
    url = server.route("/", Reply(body=body, headers={"Content-Type": "text/html"}))

    with pytest.raises(FetchError) as caught:
        fetch_page(url)

    assert caught.value.message == "Không tìm thấy nội dung bài viết trên trang"
    assert caught.value.permanent


def test_it_reports_a_removed_article_as_permanent(server):
    server.route("/bai-da-go.html", Reply(status=410))

    with pytest.raises(FetchError) as caught:
        fetch_page(server.url("/bai-da-go.html"))

    assert caught.value.permanent
