"""In Chromium, School A's communications officer at work: writes a topic query (a mistake is pointed out,
the preview shows what would match), saves it; a fixture feed is fetched on demand and its viral post
raises an alert; the officer acknowledges the alert, opens a case from the mention, records the facts and
the verdict, asks the outlet for a correction and downloads the letter (read back as Word).

Screenshots go to EDUCOMMS_SHOTS_DIR when it is set."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from playwright.sync_api import Browser, expect

from educomms.core.testing.browser import follow_menu, serious_violations, shot, signed_in
from educomms.monitoring import services
from educomms.monitoring.models import Alert, Case, SourceKind

from .factories import build
from .fakes import FakeServer, Reply

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tin Nhanh Bình Sơn</title><link>https://tinnhanh.example.vn/</link>
<item><title>Clip giáo viên THCS An Phú đánh học sinh gây phẫn nộ</title>
<link>https://tinnhanh.example.vn/clip-giao-vien-danh-hoc-sinh.html</link>
<description>Clip giáo viên Trường THCS An Phú đánh học sinh lan truyền trên mạng xã hội khiến phụ huynh vô cùng
bức xúc, phẫn nộ. Nhiều người yêu cầu xử lý nghiêm giáo viên bạo hành học sinh và đòi nhà trường lên tiếng
ngay lập tức.</description><pubDate>Mon, 07 Dec 2026 08:00:00 +0700</pubDate></item>
</channel></rss>""".encode()


@pytest.fixture
def feed_server():
    with FakeServer() as server:
        server.route("/rss", Reply(body=FEED, headers={"Content-Type": "application/rss+xml"}))
        yield server


def test_an_officer_writes_a_query_meets_an_alert_and_answers_false_information(browser: Browser, live_server,
                                                                                world, feed_server):
    build(world)
    source = services.create_source(actor=world.admin, unit=world.school_a, kind=SourceKind.FEED,
                                    name="Tin Nhanh Bình Sơn", url=feed_server.url("/rss"))
    errors: list[str] = []
    page = signed_in(browser, live_server, world.officer_a, world.password, errors, accept_downloads=True)

    # 1. A topic: a mistake is pointed out with its position, then the preview shows what would match.
    follow_menu(page, "Chủ đề theo dõi", group="Dư luận")
    page.get_by_role("link", name="Thêm chủ đề cho THCS An Phú").click()
    page.get_by_label("Tên chủ đề").fill("Thu chi, học phí")
    query = page.get_by_role("textbox", name="Truy vấn")
    query.fill('(học phí OR "lạm thu"')
    expect(page.get_by_test_id("query-error")).to_contain_text("vị trí")
    shot(page, "monitoring-1-query-error")
    query.fill('"hoc phi" OR "lam thu" OR "thu sai quy dinh"')
    expect(page.get_by_test_id("preview-count")).to_contain_text("khớp truy vấn")
    expect(page.get_by_test_id("preview")).to_contain_text("THCS An Phú thu sai quy định")
    shot(page, "monitoring-2-query-preview")
    page.get_by_role("button", name="Lưu chủ đề").click()
    expect(page.get_by_role("heading", name="Thu chi, học phí")).to_be_visible()
    expect(page.get_by_test_id("volume-chart")).to_be_visible()
    shot(page, "monitoring-3-topic-dashboard")

    # 2. Exam weeks: a peak season lowers the alert thresholds.
    follow_menu(page, "Cảnh báo", group="Dư luận")
    page.get_by_role("link", name="Cài đặt cảnh báo").click()
    page.get_by_label("Tên mùa cao điểm").fill("Tuần kiểm tra học kỳ I")
    today = timezone.localdate()
    page.get_by_label("Mùa cao điểm từ ngày").fill(f"{today - dt.timedelta(days=1):%d/%m/%Y}")
    page.get_by_label("Đến ngày").fill(f"{today + dt.timedelta(days=7):%d/%m/%Y}")
    page.get_by_role("button", name="Lưu cài đặt").click()
    expect(page.get_by_text("Đã lưu cài đặt cảnh báo.")).to_be_visible()

    # 3. The school's feed is fetched on demand (by the task worker; immediate in tests).
    page.goto(live_server.url + reverse("monitoring:source", args=[source.pk]))
    page.get_by_role("button", name="Lấy tin ngay").click()
    # The POST redirects back here; reload only once that navigation has finished.
    expect(page.get_by_text("Đã yêu cầu lấy tin.")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("health-ok")).to_be_visible()
    expect(page.get_by_text("Clip giáo viên THCS An Phú đánh học sinh gây phẫn nộ")).to_be_visible()
    shot(page, "monitoring-4-source-health")

    # 4. The alert is there; the officer acknowledges it and goes to the mention.
    follow_menu(page, "Cảnh báo", group="Dư luận")
    alert_row = page.get_by_test_id("alert-item").filter(has_text="Clip giáo viên")
    expect(alert_row).to_contain_text("Tin rủi ro cao")
    shot(page, "monitoring-5-alerts")
    alert_row.get_by_role("button", name="Xác nhận đã biết").click()
    expect(page.get_by_test_id("acknowledged").first).to_contain_text("Hoàng Văn Nam")
    assert Alert.objects.get(mention__title__startswith="Clip giáo viên").acknowledged_by_id == world.officer_a.pk
    page.get_by_role("link", name="Clip giáo viên THCS An Phú").first.click()
    page.get_by_role("link", name="Xem tin").click()
    expect(page.get_by_test_id("risk-why")).to_contain_text("Vì sao rủi ro")
    shot(page, "monitoring-6-mention")

    # 5. A case from the mention: facts, verdict, a correction request, the letter.
    page.get_by_test_id("open-case").click()
    page.get_by_label("Tên vụ việc").fill("Clip giáo viên đánh học sinh là cắt ghép")
    page.get_by_role("button", name="Mở vụ việc").click()
    page.get_by_label("Sự thật, kết quả xác minh").fill(
        "Clip được cắt ghép từ một buổi diễn tập kịch của câu lạc bộ văn nghệ; không có học sinh nào bị đánh.")
    page.get_by_role("button", name="Lưu kết quả xác minh").click()
    page.get_by_role("combobox", name="Kết luận").select_option("false")
    page.get_by_role("button", name="Ghi kết luận").click()
    expect(page.get_by_test_id("case-verdict")).to_have_text("Sai sự thật")
    page.get_by_label("Biện pháp", exact=True).select_option("correction")
    page.get_by_label("Gửi tới").fill("Báo Tin Nhanh Bình Sơn")
    page.get_by_role("button", name="Thêm biện pháp").click()
    expect(page.get_by_test_id("case-actions")).to_contain_text("Báo Tin Nhanh Bình Sơn")
    shot(page, "monitoring-7-case")
    with page.expect_download() as download:
        page.get_by_test_id("correction-letter").click()
    letter = Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Báo Tin Nhanh Bình Sơn" in text and "cắt ghép" in text and "09/2017/NĐ-CP" in text
    assert Case.objects.get().verdict == "false"

    # On a phone the inbox still reads.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("monitoring:inbox"))
    shot(page, "monitoring-8-inbox-phone")
    assert errors == []


def test_the_monitoring_pages_have_no_serious_accessibility_violations(browser: Browser, live_server, world):
    mw = build(world)
    errors: list[str] = []
    # Only here: axe is injected as a script, which the site's CSP rightly forbids.
    page = signed_in(browser, live_server, world.dept_officer, world.password, errors, bypass_csp=True)
    paths = {
        "inbox": reverse("monitoring:inbox"), "mention": reverse("monitoring:mention", args=[mw.fee_mention.pk]),
        "topics": reverse("monitoring:topics"), "topic": reverse("monitoring:topic", args=[mw.fees.pk]),
        "topic-edit": reverse("monitoring:topic_edit", args=[mw.fees.pk]), "alerts": reverse("monitoring:alerts"),
        "sources": reverse("monitoring:sources"), "source": reverse("monitoring:source", args=[mw.feed.pk]),
        "cases": reverse("monitoring:cases"),
    }
    problems = {}
    for name, path in paths.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, name
        assert page.locator("h1").count() == 1, name
        if bad := serious_violations(page):
            problems[name] = bad
    assert problems == {}, problems
