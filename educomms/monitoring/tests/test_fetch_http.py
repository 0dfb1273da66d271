"""The fetchers' HTTP client against a real local server: redirects, caps, timeouts, statuses."""

import socket
import time
from collections.abc import Iterator

import pytest

from educomms.monitoring.fetch import http
from educomms.monitoring.fetch.types import FetchError
from educomms.monitoring.tests.fakes import FakeServer, Reply


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as s:
        yield s


def test_it_sends_a_clear_user_agent_naming_our_site(server, settings):
    settings.SITE_URL = "https://truyenthong.sogd.example.gov.vn"
    server.route("/a", Reply(body=b"ok"))

    response = http.get(server.url("/a"))

    assert response.status == 200 and response.content == b"ok"
    assert server.requests[0].headers["user-agent"] == "educomms-monitor/1.0 (+https://truyenthong.sogd.example.gov.vn)"


def test_it_follows_up_to_five_redirects_and_reports_the_final_url(server):
    for n in range(5):
        server.redirect(f"/r{n}", server.url(f"/r{n + 1}"), status=301 if n % 2 else 302)
    server.route("/r5", Reply(body=b"arrived", headers={"Content-Type": "text/plain; charset=utf-8"}))

    response = http.get(server.url("/r0"))

    assert response.url == server.url("/r5")
    assert response.content == b"arrived"
    assert response.encoding == "utf-8"


def test_it_gives_up_on_a_redirect_loop(server):
    server.redirect("/a", server.url("/b"))
    server.redirect("/b", server.url("/a"))

    with pytest.raises(FetchError) as caught:
        http.get(server.url("/a"))

    assert caught.value.message == "Quá nhiều lần chuyển hướng (tối đa 5)"
    assert caught.value.permanent
    assert len(server.requests) == 6  # the first request and five redirects, no more


@pytest.mark.parametrize("url", ["ftp://example.vn/feed.xml", "file:///etc/passwd", "javascript:alert(1)", "http:///x"])
def test_it_refuses_addresses_that_are_not_http(url):
    with pytest.raises(FetchError) as caught:
        http.get(url)

    assert caught.value.message == "Địa chỉ không hợp lệ (chỉ hỗ trợ http và https)"
    assert caught.value.permanent


def test_it_refuses_a_redirect_to_another_scheme(server):
    server.redirect("/a", "file:///etc/passwd")

    with pytest.raises(FetchError) as caught:
        http.get(server.url("/a"))

    assert caught.value.permanent


@pytest.mark.parametrize(
    ("status", "message", "permanent"),
    [
        (404, "Không tìm thấy trang (lỗi 404)", True),
        (410, "Trang đã bị gỡ bỏ (lỗi 410)", True),
        (403, "Máy chủ từ chối truy cập (lỗi 403)", True),
        (429, "Máy chủ yêu cầu giảm tần suất truy cập (lỗi 429)", False),
        (500, "Máy chủ trả lỗi 500", False),
        (503, "Máy chủ trả lỗi 503", False),
    ],
)
def test_it_tells_permanent_statuses_from_transient_ones(server, status, message, permanent):
    server.route("/x", Reply(status=status, body=b"error page"))

    with pytest.raises(FetchError) as caught:
        http.get(server.url("/x"))

    assert caught.value.message == message
    assert caught.value.permanent is permanent
    assert f"HTTP {status}" in caught.value.detail


def test_it_times_out_when_the_server_answers_too_slowly(server):
    server.route("/slow", Reply(body=b"late", delay=1.5))

    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        http.get(server.url("/slow"), timeout=0.3)

    assert time.monotonic() - started < 1.2
    assert caught.value.message == "Quá thời gian chờ (0.3 giây)"
    assert not caught.value.permanent


def test_it_refuses_a_body_declared_larger_than_the_cap(server):
    server.route("/big", Reply(body=b"x" * 2_000_001))

    with pytest.raises(FetchError) as caught:
        http.get(server.url("/big"), max_bytes=2_000_000)

    assert caught.value.message == "Nội dung vượt quá giới hạn 2 MB"
    assert caught.value.permanent


def test_it_stops_reading_an_undeclared_body_at_the_cap(server, settings):
    settings.MONITORING_MAX_BYTES = 1_000_000
    # 64 KB × 200 = 12.8 MB with no Content-Length: only reading tells how big it is.
    server.route("/stream", Reply(body=b"y" * 65_536, repeat=200))

    with pytest.raises(FetchError) as caught:
        http.get(server.url("/stream"))

    assert caught.value.message == "Nội dung vượt quá giới hạn 1 MB"


def test_it_reads_a_body_just_under_the_cap(server):
    server.route("/ok", Reply(body=b"z" * 1000, repeat=10))

    assert len(http.get(server.url("/ok"), max_bytes=10_000).content) == 10_000


def test_it_reports_a_closed_port_as_a_transient_connection_failure():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(FetchError) as caught:
        http.get(f"http://127.0.0.1:{port}/feed.xml")

    assert caught.value.message == "Không kết nối được tới máy chủ"
    assert not caught.value.permanent


def test_it_keeps_access_tokens_out_of_error_details(server):
    server.route("/graph", Reply(status=502))

    with pytest.raises(FetchError) as caught:
        http.get(server.url("/graph"), params={"access_token": "EAAsecret123", "fields": "name"})

    assert "EAAsecret123" not in caught.value.detail
    assert "access_token=%2A%2A%2A" in caught.value.detail or "access_token=***" in caught.value.detail


def test_it_refuses_internal_addresses_unless_allowed(settings, server):
    settings.MONITORING_ALLOW_PRIVATE_ADDRESSES = False
    server.route("/x", Reply(body=b"ok"))
    with pytest.raises(FetchError) as caught:
        http.get(server.url("/x"))
    assert caught.value.permanent and "nội bộ" in caught.value.message
    assert server.requests == []
