"""The unit's Facebook page through a fake Graph API on a real local server."""

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from educomms.monitoring.fetch.facebook import fetch_page_activity, verify_credentials
from educomms.monitoring.fetch.types import FetchError
from educomms.monitoring.tests.fakes import (
    EXPIRED,
    PAGE_RATE_LIMITED,
    RATE_LIMITED,
    FakeGraph,
    FakeServer,
    Reply,
    graph_error,
)

PAGE = "104857600123"
TOKEN = "EAAGpageTokenSecret42"
START = datetime(2026, 2, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as s:
        yield s


@pytest.fixture
def graph(server, settings) -> FakeGraph:
    fake = FakeGraph(server)
    fake.add_page(PAGE, "Sở Giáo dục và Đào tạo tỉnh", TOKEN)
    settings.FACEBOOK_GRAPH_URL = fake.base_url
    return fake


def post_id(n: int) -> str:
    return f"{PAGE}_{1000 + n}"


def test_it_reads_posts_and_their_comments(graph):
    graph.add_post(PAGE, post_id(1), "Thông báo lịch nghỉ Tết Nguyên đán 2026\nHọc sinh nghỉ từ 14/2.", START,
                   shares=12, reactions=340)
    graph.add_comment(post_id(1), f"{post_id(1)}_1", "Cảm ơn Sở đã thông báo sớm!", START + timedelta(minutes=5), likes=3)
    graph.add_comment(post_id(1), f"{post_id(1)}_2", "Sao trường con tôi vẫn học bù thứ Bảy?", START + timedelta(hours=2))

    result = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    post, first, second = result.items
    assert post.kind == "post"
    assert post.title == "Thông báo lịch nghỉ Tết Nguyên đán 2026"
    assert post.text == "Thông báo lịch nghỉ Tết Nguyên đán 2026\nHọc sinh nghỉ từ 14/2."
    assert post.reach == 352
    assert post.published_at == START
    assert post.external_id == post_id(1)
    assert post.site == "facebook.com"
    assert post.url == f"https://www.facebook.com/{PAGE}/posts/1001"
    assert (first.kind, first.text, first.reach, first.parent_url) == (
        "comment", "Cảm ơn Sở đã thông báo sớm!", 3, post.url
    )
    assert second.external_id == f"{post_id(1)}_2"
    assert result.cursor == (START + timedelta(hours=2)).isoformat()


def test_it_follows_paging_for_posts_and_comments(graph):
    for n in range(30):
        graph.add_post(PAGE, post_id(n), f"Bài đăng số {n}", START + timedelta(hours=n))
    for c in range(130):
        graph.add_comment(post_id(29), f"{post_id(29)}_{c}", f"Bình luận {c}", START + timedelta(days=2, minutes=c))

    result = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    posts = [i for i in result.items if i.kind == "post"]
    comments = [i for i in result.items if i.kind == "comment"]
    assert len(posts) == 30 and posts[0].text == "Bài đăng số 29"  # newest first, as Graph gives them
    assert len(comments) == 130 and len({c.external_id for c in comments}) == 130
    post_requests = [r for r in graph.requests if r.path.endswith("/posts")]
    comment_pages = [r for r in graph.requests if r.path == f"/v21.0/{post_id(29)}/comments"]
    assert len(post_requests) == 2 and len(comment_pages) == 2
    first = post_requests[0].query
    assert first["fields"] == "id,message,created_time,permalink_url,shares,reactions.summary(total_count).limit(0)"
    assert first["limit"] == "25"
    assert comment_pages[0].query == {
        "fields": "id,message,created_time,permalink_url,like_count", "filter": "stream", "limit": "100"
    }


def test_it_stops_at_max_posts(graph):
    for n in range(60):
        graph.add_post(PAGE, post_id(n), f"Bài {n}", START + timedelta(minutes=n))

    result = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None, max_posts=10)

    assert len(result.items) == 10
    assert len([r for r in graph.requests if r.path.endswith("/posts")]) == 1
    assert len([r for r in graph.requests if r.path.endswith("/comments")]) == 10


def test_it_asks_only_for_posts_since_the_last_fetch(graph):
    graph.add_post(PAGE, post_id(1), "Cũ", START - timedelta(days=3))
    graph.add_post(PAGE, post_id(2), "Mới", START + timedelta(hours=1))

    result = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=START)

    assert [i.text for i in result.items] == ["Mới"]
    posts_request = next(r for r in graph.requests if r.path.endswith("/posts"))
    assert posts_request.query["since"] == str(int(START.timestamp()))


def test_it_keeps_the_previous_cursor_when_nothing_is_new(graph):
    result = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=START)

    assert result.items == [] and result.cursor == START.isoformat()


def test_it_reads_comments_of_a_post_without_text(graph):
    graph.add_post(PAGE, post_id(1), None, START, reactions=50)  # a photo alone
    graph.add_comment(post_id(1), f"{post_id(1)}_1", "Ảnh đẹp quá", START + timedelta(minutes=1))

    (comment,) = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None).items

    assert comment.kind == "comment" and comment.parent_url == f"https://www.facebook.com/{PAGE}/posts/1001"


def test_it_sends_the_token_in_a_header_and_never_in_a_url(graph, caplog):
    for n in range(30):
        graph.add_post(PAGE, post_id(n), f"Bài {n}", START + timedelta(minutes=n))

    with caplog.at_level(logging.DEBUG):
        fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in graph.requests)
    # Graph's paging.next carries the token; we strip it before following.
    assert all("access_token" not in r.query for r in graph.requests)
    assert TOKEN not in caplog.text


def test_it_reports_an_expired_token_as_permanent(graph):
    graph.expired_tokens.add(TOKEN)

    with pytest.raises(FetchError) as caught:
        fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    assert caught.value.message == "Mã truy cập Facebook đã hết hạn hoặc bị thu hồi"
    assert caught.value.permanent
    assert "190/463" in caught.value.detail and TOKEN not in caught.value.detail


def test_it_reports_a_token_error_during_comments_as_permanent(graph):
    graph.add_post(PAGE, post_id(1), "Bài", START)
    graph.failures.extend([(200, {"data": [graph.posts[PAGE][0]]}), (400, EXPIRED)])

    with pytest.raises(FetchError) as caught:
        fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    assert caught.value.permanent


@pytest.mark.parametrize("error", [RATE_LIMITED, PAGE_RATE_LIMITED,
                                   graph_error("(#17) User request limit reached", type="OAuthException", code=17),
                                   graph_error("(#613) Calls within one hour exceeded", type="OAuthException", code=613)])
def test_it_reports_rate_limits_as_transient(graph, error):
    graph.fail_next(error, status=403)

    with pytest.raises(FetchError) as caught:
        fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    assert caught.value.message == "Facebook đang giới hạn số lần truy cập, sẽ thử lại sau"
    assert not caught.value.permanent


def test_it_reports_graph_server_errors_as_transient(graph, server):
    graph.fail_next(graph_error("An unexpected error has occurred.", type="OAuthException", code=2), status=500)

    with pytest.raises(FetchError) as caught:
        fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    assert not caught.value.permanent


def test_it_reports_a_bare_5xx_as_transient(server, settings):
    settings.FACEBOOK_GRAPH_URL = server.url("/v21.0")
    server.route(f"/v21.0/{PAGE}/posts", Reply(status=502, body=b"<html>Bad Gateway</html>"))

    with pytest.raises(FetchError) as caught:
        fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None)

    assert caught.value.message == "Máy chủ trả lỗi 502" and not caught.value.permanent


def test_it_skips_the_comments_of_a_post_deleted_meanwhile(graph):
    graph.add_post(PAGE, post_id(1), "Bài đã bị xóa", START)
    del graph.comments[post_id(1)]  # Graph answers code 100 for it now

    (post,) = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None).items

    assert post.kind == "post"


def test_it_does_not_follow_paging_to_another_host(server, settings):
    with FakeServer() as elsewhere:
        settings.FACEBOOK_GRAPH_URL = server.url("/v21.0")
        page = {
            "data": [{"id": post_id(1), "message": "Bài", "created_time": "2026-02-01T01:00:00+0000"}],
            "paging": {"next": elsewhere.url(f"/v21.0/{PAGE}/posts?access_token={TOKEN}&after=x")},
        }
        server.route(f"/v21.0/{PAGE}/posts", Reply(body=json.dumps(page).encode()))
        server.route(f"/v21.0/{post_id(1)}/comments", Reply(body=b'{"data": []}'))

        (post,) = fetch_page_activity(page_id=PAGE, access_token=TOKEN, since=None).items

        assert post.text == "Bài"
        assert elsewhere.requests == []


def test_it_verifies_credentials_by_reading_the_page_name(graph):
    assert verify_credentials(page_id=PAGE, access_token=TOKEN) == "Sở Giáo dục và Đào tạo tỉnh"
    assert graph.requests[-1].query == {"fields": "name"}


def test_it_refuses_credentials_with_a_wrong_token_or_page(graph):
    with pytest.raises(FetchError) as wrong_token:
        verify_credentials(page_id=PAGE, access_token="not-a-token")
    with pytest.raises(FetchError) as wrong_page:
        verify_credentials(page_id="999", access_token=TOKEN)

    assert wrong_token.value.message == "Mã truy cập Facebook đã hết hạn hoặc bị thu hồi"
    assert wrong_page.value.message == "Không tìm thấy trang hoặc bài đăng Facebook (kiểm tra mã trang)"
    assert wrong_token.value.permanent and wrong_page.value.permanent
