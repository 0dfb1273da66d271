"""The Q&A in Chromium: a parent asks on the portal, the school's officer drafts the answer, the principal
approves it, and the question with its answer shows on /hoi-dap/. axe-core finds no serious or critical
violation on the public pages. Screenshots (desktop and phone) when EDUCOMMS_SHOTS_DIR is set."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from educomms.enquiries.models import Question, QuestionState

from .factories import published, send_feedback

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
AXE = Path(settings.BASE_DIR) / "educomms" / "static" / "vendor" / "axe-core-4.14.1.min.js"
SHOTS = os.environ.get("EDUCOMMS_SHOTS_DIR")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, live_server, person, password: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(person.email)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_a_parent_asks_the_school_answers_and_the_answer_is_published(page: Page, live_server, world):
    page.goto(live_server.url + reverse("enquiries_public:ask"))
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hạnh")
    page.get_by_label("Thư điện tử").fill("hanh.phuhuynh@example.com")
    page.get_by_label("Gửi đến đơn vị").select_option(label="Trường THCS An Phú")
    page.get_by_label("Lĩnh vực (không bắt buộc)").select_option(label="Đồng phục, sách giáo khoa")
    page.get_by_label("Câu hỏi").fill("Năm học mới học sinh lớp 6 có bắt buộc mua đồng phục mới của trường không?")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    reference = page.get_by_test_id("reference").inner_text()
    question = Question.objects.get()
    assert reference == question.reference

    sign_in(page, live_server, world.officer_a, world.password)
    page.goto(live_server.url + reverse("enquiries:inbox"))
    page.get_by_role("link", name=reference).click()
    page.get_by_label("Nội dung trả lời").fill(
        "Kính gửi phụ huynh,\n\nNhà trường không bắt buộc mua đồng phục mới; học sinh được mặc đồng phục cũ "
        "còn dùng được.")
    page.get_by_role("button", name="Lưu câu trả lời").click()
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("state")).to_have_text("Chờ duyệt trả lời")

    sign_in(page, live_server, world.principal_a, world.password)
    page.goto(live_server.url + reverse("enquiries:question", args=[question.pk]))
    page.get_by_role("button", name="Duyệt và đăng").click()
    expect(page.get_by_test_id("state")).to_have_text("Đã đăng")
    assert Question.objects.get().state == QuestionState.PUBLISHED

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("enquiries_public:questions") + "?q=dong+phuc")
    page.get_by_role("link", name="Năm học mới học sinh lớp 6").click()
    expect(page.locator("h1")).to_contain_text("đồng phục")
    expect(page.locator(".enq-answer")).to_contain_text("không bắt buộc mua đồng phục mới")
    assert "hanh.phuhuynh@example.com" not in page.content()


def public_pages(world) -> dict[str, str]:
    question = published(world)
    send_feedback(world)
    return {
        "qa-list": reverse("enquiries_public:questions"),
        "qa-search": reverse("enquiries_public:questions") + "?q=hoc+phi",
        "qa-question": reverse("enquiries_public:question", args=[question.pk]),
        "ask": reverse("enquiries_public:ask"),
        "feedback": reverse("enquiries_public:feedback"),
        "thanks": reverse("enquiries_public:ask_done") + f"?ma={question.reference}",
    }


def test_the_public_pages_have_no_serious_accessibility_violations(browser: Browser, live_server, world):
    pages = public_pages(world)
    # Only here: axe is injected as a script, which the site's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    problems = {}
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, name
        assert page.locator("h1").count() == 1, name
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result
               if v["impact"] in ("serious", "critical")]
        if bad:
            problems[name] = bad
    # The forms with their error messages shown.
    page.goto(f"{live_server.url}{pages['ask']}")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    assert page.get_by_test_id("form-error").count() + page.get_by_test_id("field-error").count() > 0
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    bad = [(v["id"], v["impact"]) for v in result if v["impact"] in ("serious", "critical")]
    if bad:
        problems["ask-errors"] = bad
    context.close()
    assert problems == {}


def test_the_honeypot_is_invisible_and_out_of_the_keyboard_path(page: Page, live_server, world):
    page.goto(live_server.url + reverse("enquiries_public:ask"))
    assert not page.locator("input[name=website]").is_visible()


@pytest.mark.skipif(not SHOTS, reason="set EDUCOMMS_SHOTS_DIR to take screenshots")
def test_screenshots_of_the_qa_pages(page: Page, live_server, world):
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    pages = public_pages(world)
    for name, path in pages.items():
        page.set_viewport_size(VIEWPORTS["desktop"])
        page.goto(f"{live_server.url}{path}")
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            page.screenshot(path=str(Path(SHOTS) / f"enq-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])
    question = Question.objects.get()
    from .factories import ask
    ask(world, text="Cho tôi hỏi lịch thi học kỳ I của khối 9 năm nay bắt đầu từ ngày nào?")
    sign_in(page, live_server, world.officer_a, world.password)
    for name, path in {"inbox": reverse("enquiries:inbox"),
                       "inbox-feedback": reverse("enquiries:inbox") + "?kind=feedback",
                       "question": reverse("enquiries:question", args=[question.pk + 1]),
                       "published": reverse("enquiries:question", args=[question.pk]),
                       "feedback-item": reverse("enquiries:feedback", args=[1])}.items():
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=str(Path(SHOTS) / f"enq-ws-{name}.png"), full_page=True)
