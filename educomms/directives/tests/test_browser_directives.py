"""In Chromium, the whole cascade: the department's communications officer drafts a directive to the heads
of every upper-secondary school with "forward to staff" and previews its reach, then issues it (sends out
what the director signed), School A's principal forwards it with a
note, a teacher opens and acknowledges it, and the officer watches the coverage tree table change.

Screenshots go to EDUCOMMS_SHOTS_DIR when it is set."""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from educomms.core.testing.browser import follow_menu, serious_violations, signed_in
from educomms.core.testing.browser import shot as _shot
from educomms.org import services as org_services
from educomms.org.models import Unit
from educomms.org.roles import Role

from .. import services
from ..targeting import TargetSpec
from .factories import deadline_in, draft

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page: Page, name: str) -> None:
    _shot(page, f"directives-{name}")


def open_menu(page: Page, name: str) -> None:
    follow_menu(page, name, group="Chỉ đạo")


def test_a_directive_cascades_to_a_teacher_and_the_coverage_shows_it(browser: Browser, live_server, world):
    # School A teaches upper secondary here (the shared world has two lower-secondary schools).
    org_services.update_unit(actor=world.admin, unit=world.school_a, school_level=Unit.SchoolLevel.UPPER_SECONDARY)
    errors: list[str] = []

    # 1. The officer drafts to the heads of upper-secondary schools, with "forward to staff", and previews.
    officer = signed_in(browser, live_server, world.dept_officer, world.password, errors)
    open_menu(officer, "Ban hành, theo dõi")
    officer.get_by_role("link", name="Soạn văn bản mới").click()
    officer.get_by_label("Loại văn bản").select_option("huong_dan")
    officer.get_by_label("Số, ký hiệu").fill("152/SGDĐT-GDTrH")
    officer.get_by_label("Ngày văn bản").fill("20/11/2026")
    officer.get_by_label("Trích yếu").fill("Hướng dẫn tổ chức kiểm tra cuối học kỳ I cấp THPT")
    officer.get_by_label("Tóm tắt").fill("Các trường THPT tổ chức kiểm tra cuối học kỳ I theo hướng dẫn.")
    row = officer.get_by_test_id("target-row").first
    row.get_by_label("Đơn vị", exact=True).select_option(str(world.department.pk))
    row.get_by_label("Trường học").check()
    row.get_by_label("Trung học phổ thông").check()
    row.get_by_label("Thủ trưởng đơn vị").check()
    officer.get_by_label("Thủ trưởng phải chuyển tiếp cho cán bộ, giáo viên của đơn vị").check()
    officer.get_by_test_id("preview-button").click()
    expect(officer.get_by_test_id("preview-result")).to_contain_text("1 người ở 1 đơn vị")
    shot(officer, "1-draft-preview")
    officer.get_by_test_id("save-draft").click()
    expect(officer.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    draft_url = officer.url

    # 2. The officer issues it; the progress bar reaches the end.
    officer.goto(draft_url)
    officer.get_by_test_id("issue-button").click()
    expect(officer.get_by_test_id("issue-progress")).to_have_attribute("data-state", "done")
    expect(officer.get_by_test_id("progress-text")).to_contain_text("Đã gửi tới 1/1 người (100%)")
    shot(officer, "2-issued")

    # The officer's tree table before anyone forwards: one head, the cascade stopped at School A.
    open_menu(officer, "Ban hành, theo dõi")
    officer.get_by_role("link", name="Tiếp nhận").first.click()
    expect(officer.get_by_test_id("total-recipients")).to_have_text("1")
    expect(officer.get_by_test_id("cascade-stops")).to_contain_text(world.school_a.name)
    coverage_url = officer.url

    # 3. School A's principal sees it unread in the inbox and forwards it with a note.
    principal = signed_in(browser, live_server, world.principal_a, world.password, errors)
    open_menu(principal, "Văn bản chỉ đạo")
    expect(principal.get_by_test_id("inbox-unread")).to_have_text("1 văn bản chưa đọc")
    principal.get_by_role("link", name="Hướng dẫn tổ chức kiểm tra cuối học kỳ I cấp THPT").click()
    principal.get_by_label("Lời nhắn kèm theo").fill("Đề nghị các thầy cô đọc kỹ và thực hiện đúng lịch.")
    principal.get_by_role("button", name="Chuyển tiếp").click()
    expect(principal.get_by_text(re.compile(r"Đã chuyển tiếp văn bản cho \d+ người"))).to_be_visible()
    shot(principal, "3-forwarded")

    # 4. The teacher opens it and acknowledges it.
    teacher = signed_in(browser, live_server, world.teacher_a, world.password, errors)
    open_menu(teacher, "Văn bản chỉ đạo")
    item = teacher.get_by_test_id("inbox-item").first
    expect(item.locator(".directive-title")).to_have_class(re.compile("fw-bold"))
    shot(teacher, "4-inbox")
    item.get_by_role("link", name="Hướng dẫn tổ chức kiểm tra cuối học kỳ I cấp THPT").click()
    expect(teacher.get_by_test_id("forward-note")).to_contain_text("Đề nghị các thầy cô đọc kỹ")
    teacher.get_by_label("Ý kiến (không bắt buộc)").fill("Đã nắm được lịch kiểm tra.")
    teacher.get_by_role("button", name="Xác nhận đã đọc").click()
    expect(teacher.get_by_test_id("ack-done")).to_be_visible()
    shot(teacher, "5-acknowledged")

    # 5. The officer sees the change: three recipients now, one acknowledged, opened level by level.
    officer.goto(coverage_url)
    expect(officer.get_by_test_id("total-recipients")).to_have_text("3")
    expect(officer.get_by_test_id("total-acknowledged")).to_contain_text("1")
    expect(officer.get_by_test_id("cascade-stops")).to_contain_text("Mọi đơn vị đã chuyển tiếp văn bản.")
    tree = officer.get_by_test_id("coverage-tree")
    commune = tree.locator(f"tr[data-unit='{world.commune.pk}']")
    commune.get_by_role("button").click()
    school = tree.locator(f"tr[data-unit='{world.school_a.pk}']")
    expect(school).to_be_visible()
    expect(school.get_by_test_id("row-recipients")).to_have_text("3")
    expect(school.get_by_test_id("row-acknowledged")).to_contain_text("1")
    expect(tree.locator(f"tr[data-unit='{world.school_b.pk}']")).to_have_count(0)  # lower secondary: not a target
    shot(officer, "6-coverage")
    commune.get_by_role("button").click()  # closes the level again
    expect(school).to_have_count(0)

    # On a phone the page still reads.
    officer.set_viewport_size({"width": 390, "height": 844})
    shot(officer, "7-coverage-phone")
    assert errors == []


def test_the_directive_pages_have_no_serious_accessibility_violations(browser: Browser, live_server, world):
    issued = draft(world, forward_required=True, confirmation_phrase="Tôi đã đọc", ack_deadline=deadline_in(5),
                   targets=[TargetSpec(unit=world.department, unit_kinds=("school",), roles=(Role.HEAD,))])
    services.issue_directive(actor=world.director, directive=issued)  # the task runs on commit
    pending = draft(world, title="Dự thảo kế hoạch truyền thông học kỳ II")
    errors: list[str] = []
    # Only here: axe is injected as a script, which the site's CSP rightly forbids.
    principal = signed_in(browser, live_server, world.principal_a, world.password, errors, bypass_csp=True)
    officer = signed_in(browser, live_server, world.dept_officer, world.password, errors, bypass_csp=True)
    pages = {
        "inbox": (principal, reverse("directives:inbox")),
        "detail-with-forward-and-phrase": (principal, reverse("directives:detail", args=[issued.pk])),
        "manage": (officer, reverse("directives:manage")),
        "edit": (officer, reverse("directives:edit", args=[pending.pk])),
        "create": (officer, reverse("directives:create")),
        "progress": (officer, reverse("directives:progress", args=[issued.pk])),
        "coverage": (officer, reverse("directives:coverage", args=[issued.pk])),
    }
    problems = {}
    for name, (page, path) in pages.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, name
        assert page.locator("h1").count() == 1, name
        bad = serious_violations(page)
        if bad:
            problems[name] = bad
    # The states after an action: a preview, the warnings, an acknowledgment.
    edit = pages["edit"][0]
    edit.goto(live_server.url + pages["edit"][1])
    edit.get_by_test_id("preview-button").click()
    expect(edit.get_by_test_id("preview-result")).to_be_visible()
    problems.update({"edit-preview": bad} if (bad := serious_violations(edit)) else {})
    principal.goto(live_server.url + pages["detail-with-forward-and-phrase"][1])
    principal.get_by_role("button", name="Xác nhận đã đọc").click()
    expect(principal.get_by_test_id("field-error")).to_contain_text("Hãy gõ lại câu xác nhận.")
    problems.update({"detail-errors": bad} if (bad := serious_violations(principal)) else {})
    principal.get_by_label("Gõ lại câu xác nhận").fill("toi da doc")
    principal.get_by_role("button", name="Xác nhận đã đọc").click()
    expect(principal.get_by_test_id("ack-done")).to_be_visible()
    problems.update({"detail-acknowledged": bad} if (bad := serious_violations(principal)) else {})
    principal.goto(live_server.url + pages["inbox"][1])
    expect(principal.get_by_test_id("acknowledged")).to_be_visible()
    problems.update({"inbox-acknowledged": bad} if (bad := serious_violations(principal)) else {})
    assert problems == {}, problems
    # The refused acknowledgment answers 400 on purpose (the form with its errors); nothing else fails.
    assert [e for e in errors if "status of 400" not in e] == []
