"""In Chromium: School A's officer proposes a published story to the department; the department's officer
accepts it; the copy goes through the department's own approval (the director approves and publishes it
on the story page) and shows on the portal with the school as its source. Also: declining with a reason the school then reads, and axe-core on these pages."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, expect

from educomms.newsroom import services
from educomms.newsroom.models import Proposal, Story, StoryState

from . import test_workflow as flow
from .test_browser_calendar import sign_in

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "educomms" / "static" / "vendor" / "axe-core-4.14.1.min.js"
SHOTS = os.environ.get("EDUCOMMS_SHOTS_DIR")
TITLE = "Thầy giáo trẻ mang giờ học STEM về trường"


def watch_console(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_a_school_story_goes_up_and_is_republished_with_the_school_as_source(page, live_server, world):
    story = flow.published(world, title=TITLE)
    errors = watch_console(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # School A's communications officer proposes the story to the department.
    sign_in(page, live_server, world.officer_a, world.password)
    page.goto(live_server.url + reverse("newsroom:story", args=[story.pk]))
    page.get_by_role("link", name="Đề xuất lên cấp trên").click()
    expect(page.get_by_test_id("story-title")).to_have_text(TITLE)
    expect(page.get_by_label("Đề xuất lên đơn vị")).to_have_value(str(world.department.pk))
    page.get_by_label("Lời nhắn").fill("Gương thầy giáo trẻ, đề nghị Sở đăng lại.")
    page.get_by_role("button", name="Gửi đề xuất").click()
    expect(page.get_by_text("Đã đề xuất tin bài lên Sở Giáo dục và Đào tạo tỉnh Bình Sơn.")).to_be_visible()
    expect(page.get_by_test_id("sent-proposals").get_by_text("Chờ Sở xem xét")).to_be_visible()

    # The department's communications officer accepts it.
    page.context.clear_cookies()
    sign_in(page, live_server, world.dept_officer, world.password)
    page.goto(live_server.url + reverse("newsroom:proposals"))
    pending = page.get_by_test_id("pending-proposal")
    expect(pending).to_have_count(1)
    expect(pending.get_by_text("Gương thầy giáo trẻ, đề nghị Sở đăng lại.")).to_be_visible()
    with page.expect_navigation():
        pending.get_by_role("button", name="Nhận đăng lại").click()
    # The accepting officer lands on the department's copy, in the department's own review.
    expect(page.get_by_text(f"Đã nhận đăng lại “{TITLE}”")).to_be_visible()
    expect(page.get_by_test_id("story-status").get_by_test_id("story-state")).to_have_text("Chờ duyệt")
    copy = Story.objects.get(source_story=story)
    assert page.url.endswith(reverse("newsroom:story", args=[copy.pk]))
    assert (copy.unit, copy.state, copy.attribution_unit) == (world.department, StoryState.IN_REVIEW, world.school_a)
    assert Proposal.objects.get().state == Proposal.State.ACCEPTED
    expect(page.get_by_test_id("move-approved")).to_have_count(0)  # the officer accepted; the head approves

    # The department's director (its head) approves and publishes the copy on the story page.
    page.context.clear_cookies()
    sign_in(page, live_server, world.director, world.password)
    page.goto(live_server.url + reverse("newsroom:queue"))
    page.get_by_test_id("queue").get_by_role("link", name=TITLE).click()
    page.get_by_test_id("move-approved").click()
    expect(page.get_by_test_id("story-status").get_by_test_id("story-state")).to_have_text("Đã duyệt")
    page.get_by_test_id("move-published").click()
    expect(page.get_by_test_id("story-status").get_by_test_id("story-state")).to_have_text("Đã đăng")
    copy.refresh_from_db()
    assert copy.state == StoryState.PUBLISHED and copy.published_at is not None

    # A visitor reads it on the portal, with School A as the source.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("portal:story", args=[copy.pk, copy.slug]))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Nguồn: Trường THCS An Phú")).to_be_visible()
    assert errors == []


def test_the_department_declines_with_a_reason_that_the_school_reads(page, live_server, world):
    story = flow.published(world, title=TITLE)
    services.propose_story(actor=world.officer_a, story=story, to_unit=world.department)
    errors = watch_console(page)
    sign_in(page, live_server, world.dept_officer, world.password)
    page.goto(live_server.url + reverse("newsroom:proposals"))
    pending = page.get_by_test_id("pending-proposal")
    pending.get_by_text("Không nhận…").click()
    reason = pending.get_by_label("Lý do không nhận")
    # Without a reason the browser holds the form back; the server refuses it too (test_proposal_views).
    pending.get_by_role("button", name="Gửi lý do không nhận").click()
    assert reason.evaluate("el => el.validity.valueMissing")
    assert Proposal.objects.get().state == Proposal.State.PENDING
    reason.fill("Tuần này Sở đã có bài cùng chủ đề.")
    with page.expect_navigation():
        pending.get_by_role("button", name="Gửi lý do không nhận").click()
    expect(page.get_by_text(f"Đã trả lời không nhận “{TITLE}”.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, world.officer_a, world.password)
    page.goto(live_server.url + reverse("newsroom:proposals") + "?tab=sent")
    expect(page.get_by_test_id("decline-reason")).to_have_text("Lý do: Tuần này Sở đã có bài cùng chủ đề.")
    assert errors == []


def test_the_pages_have_no_serious_accessibility_violations(browser: Browser, live_server, world):
    from educomms.org import services as org_services
    from educomms.org.roles import Role

    org_services.create_person(actor=world.admin, full_name="Bùi Thị Thu", email="pho@thcs-anphu.test",
                               password=world.password, unit=world.school_a, role=Role.DEPUTY_HEAD)
    story = flow.published(world, title=TITLE)
    proposal = services.propose_story(actor=world.officer_a, story=story, to_unit=world.department,
                                      note="Đề nghị Sở đăng lại.")
    services.add_review_term(actor=world.admin, unit=world.department, term="xử lý kỷ luật", note="Xem căn cứ.")
    visits = [
        (world.officer_a, "propose", reverse("newsroom:story_propose", args=[story.pk])),
        (world.officer_a, "sent", reverse("newsroom:proposals") + "?tab=sent"),
        (world.officer_a, "review-terms", reverse("newsroom:review_terms")),
        (world.dept_officer, "received", reverse("newsroom:proposals")),
        (world.dept_officer, "decline", reverse("newsroom:proposal_decline", args=[proposal.pk])),
        (world.principal_a, "delegations", reverse("newsroom:delegations")),
    ]
    # Only here: axe is injected as a script, which the site's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    problems = {}
    for person, name, path in visits:
        context.clear_cookies()
        sign_in(page, live_server, person, world.password)
        for label, size in {"desktop": (1280, 900), "phone": (390, 844)}.items():
            page.set_viewport_size({"width": size[0], "height": size[1]})
            response = page.goto(live_server.url + path)
            assert response is not None and response.status == 200, name
            assert page.locator("h1").count() == 1, name
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(SHOTS) / f"{name}-{label}.png"), full_page=True)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result
               if v["impact"] in ("serious", "critical")]
        if bad:
            problems[name] = bad
    context.close()
    assert problems == {}
