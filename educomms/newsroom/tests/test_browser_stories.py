"""In Chromium: a teacher drafts a story with an image (uploaded, described, inserted into the body), the
school's officer sends it for approval, the principal approves and publishes it, and it is on the portal.
Screenshots of each page go to EDUCOMMS_SHOTS_DIR when it is set."""

import io
import mimetypes
import os
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.urls import path, reverse
from PIL import Image
from playwright.sync_api import Page, expect

from config.urls import urlpatterns as site_urlpatterns
from educomms.core.testing.browser import follow_menu, signed_in
from educomms.newsroom.models import Story, StoryState
from educomms.newsroom.seeds import seed_themes

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
SHOTS = os.environ.get("EDUCOMMS_SHOTS_DIR")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serve_media(request: HttpRequest, name: str) -> FileResponse:
    """Test settings keep uploads in memory and DEBUG off: serve them so that the pages show the images."""
    if not default_storage.exists(name):
        raise Http404
    return FileResponse(default_storage.open(name), content_type=mimetypes.guess_type(name)[0])


urlpatterns = [path("media/<path:name>", serve_media), *site_urlpatterns]


def jpeg(tmp_path: Path) -> Path:
    image = Image.new("RGB", (1200, 800), (30, 110, 190))
    for x in range(300, 900):
        for y in range(250, 550, 3):
            image.putpixel((x, y), (250, 200, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    target = tmp_path / "le-khai-giang.jpg"
    target.write_bytes(out.getvalue())
    return target


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"stories-{name}.png"), full_page=True)


def test_it_takes_a_story_with_an_image_from_draft_to_the_portal(browser, live_server, world, settings, tmp_path):
    settings.ROOT_URLCONF = __name__
    seed_themes(world.department)
    errors: list[str] = []

    # The teacher drafts the story.
    page = signed_in(browser, live_server, world.teacher_a, world.password, errors)
    follow_menu(page, "Tin bài", group="Truyền thông")
    page.get_by_role("link", name="Viết tin bài").click()
    page.get_by_label("Tiêu đề").fill("Lễ khai giảng năm học 2026–2027 tại Trường THCS An Phú")
    page.get_by_label("Sa-pô (tóm tắt)").fill("Sáng 5/9, hơn 800 học sinh dự lễ khai giảng trong không khí phấn khởi.")
    editor = page.get_by_test_id("body-editor")
    editor.click()
    page.keyboard.type("Thầy và trò nhà trường tưng bừng đón năm học mới.")
    page.keyboard.press("Enter")
    page.keyboard.type("Ban giám hiệu trao học bổng cho học sinh vượt khó.")
    page.get_by_label("Cha mẹ học sinh").check()
    page.get_by_test_id("field-themes").get_by_role("checkbox").first.check()
    shot(page, "1-create")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_text("Đã lưu bản nháp")).to_be_visible()
    story = Story.objects.get()
    assert "tưng bừng đón năm học mới" in story.body and story.themes.count() == 1

    # An image: uploaded, then described, then inserted at the end of the body.
    assets = page.get_by_test_id("story-assets")
    assets.get_by_label("Ảnh hoặc tệp đính kèm").set_input_files(str(jpeg(tmp_path)))
    assets.get_by_role("button", name="Tải lên").click()
    item = page.get_by_test_id("asset")
    expect(item).to_have_count(1)
    expect(item.get_by_role("button", name="Chèn vào bài")).to_be_disabled()  # no description yet
    item.get_by_label("Mô tả ảnh (cho người khiếm thị)").fill("Học sinh xếp hàng dự lễ chào cờ")
    item.get_by_label("Chú thích").fill("Lễ chào cờ đầu năm học")
    item.get_by_role("button", name="Lưu mô tả").click()
    expect(page.get_by_test_id("asset").get_by_role("button", name="Chèn vào bài")).to_be_enabled()
    editor.click()
    page.keyboard.press("Control+End")
    page.get_by_test_id("asset").get_by_role("button", name="Chèn vào bài").click()
    expect(editor.locator("img[alt='Học sinh xếp hàng dự lễ chào cờ']")).to_have_count(1)
    page.get_by_label("Ảnh đại diện").select_option(label="le-khai-giang.jpg")
    page.get_by_role("button", name="Lưu tin bài").click()
    expect(page.get_by_text("Đã lưu tin bài (phiên bản 2)")).to_be_visible()
    story.refresh_from_db()
    assert 'alt="Học sinh xếp hàng dự lễ chào cờ"' in story.body and story.cover is not None
    assert page.locator("img.asset-thumb").evaluate("img => img.naturalWidth") > 0
    shot(page, "2-editor")
    page.get_by_role("link", name="Xem tin bài và duyệt").click()
    expect(page.get_by_test_id("checks-ok")).to_be_visible()
    shot(page, "3-teacher-story")
    page.context.close()

    # The school's communications officer sends it for approval.
    page = signed_in(browser, live_server, world.officer_a, world.password, errors)
    page.goto(live_server.url + reverse("newsroom:stories"))
    page.get_by_role("link", name=story.title).click()
    page.get_by_test_id("move-in_review").click()
    expect(page.get_by_test_id("story-status").get_by_test_id("story-state")).to_have_text("Chờ duyệt")
    expect(page.get_by_test_id("move-approved")).to_have_count(0)  # the officer reviews, does not approve
    shot(page, "4-officer-submitted")
    page.context.close()

    # The principal finds it waiting, approves it and publishes it.
    page = signed_in(browser, live_server, world.principal_a, world.password, errors)
    page.goto(live_server.url + reverse("newsroom:stories"))
    expect(page.get_by_test_id("waiting-count")).to_have_text("1")
    page.get_by_role("link", name="Chờ tôi duyệt").click()
    shot(page, "5-queue")
    page.get_by_test_id("queue").get_by_role("link", name=story.title).click()
    page.get_by_test_id("move-approved").click()
    expect(page.get_by_test_id("story-status").get_by_test_id("story-state")).to_have_text("Đã duyệt")
    page.get_by_test_id("move-published").click()
    expect(page.get_by_test_id("story-status").get_by_test_id("story-state")).to_have_text("Đã đăng")
    expect(page.get_by_test_id("story-history")).to_contain_text("Đã duyệt → Đã đăng")
    shot(page, "6-published")
    assert Story.objects.get().state == StoryState.PUBLISHED

    # It is on the portal, with its image.
    page.get_by_test_id("portal-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(story.title)
    image = page.locator("img[alt='Học sinh xếp hàng dự lễ chào cờ']").first
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0
    shot(page, "7-portal")
    page.context.close()
    assert errors == []


AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core-4.14.1.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_the_story_pages_have_no_serious_accessibility_violations(browser, live_server, world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from educomms.newsroom import services

    settings.ROOT_URLCONF = __name__
    seed_themes(world.department)
    services.add_review_term(actor=world.director, unit=world.department, term="tuyệt đối", note="Tránh nói quá.")
    story = services.create_story(actor=world.teacher_a, unit=world.school_a, title="Ngày hội đọc sách",
                                  summary="Học sinh đổi sách cũ lấy sách mới.",
                                  body="<p>Ngày hội diễn ra tuyệt đối an toàn. Có 300 cuốn sách được trao đổi.</p>")
    services.update_story(actor=world.teacher_a, story=story, version=1,
                          body="<p>Ngày hội diễn ra tuyệt đối an toàn. Có 450 cuốn sách được trao đổi.</p>")
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 90, 40)).save(out, "JPEG")
    services.add_asset(actor=world.teacher_a, story=story, alt_text="Học sinh đọc sách",
                       upload=SimpleUploadedFile("doc-sach.jpg", out.getvalue(), content_type="image/jpeg"))
    services.submit_story(actor=world.teacher_a, story=story)
    services.add_comment(actor=world.officer_a, story=story, body="Cần kiểm tra số liệu.", private=True)
    services.add_comment(actor=world.officer_a, story=story, body="Bài tốt, thêm ảnh hoạt động.")
    pages = {
        "list": reverse("newsroom:stories"), "queue": reverse("newsroom:queue"),
        "create": reverse("newsroom:story_create"), "edit": reverse("newsroom:story_edit", args=[story.pk]),
        "story": reverse("newsroom:story", args=[story.pk]),
        "revisions": reverse("newsroom:story_revisions", args=[story.pk]),
    }
    # Only here: axe is injected as a script, which the site's CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Thư điện tử hoặc số điện thoại").fill(world.principal_a.email)
    page.get_by_label("Mật khẩu", exact=True).fill(world.password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) button[type=submit]").click()
    problems = {}
    for name, url in pages.items():
        for label, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            response = page.goto(live_server.url + url)
            assert response is not None and response.status == 200, name
            assert page.locator("h1").count() == 1, name
            shot(page, f"a11y-{name}-{label}")
            page.add_script_tag(path=str(AXE))
            # The shared header (base.html) is checked where it is owned; these pages' own content here.
            result = page.evaluate("async () => (await axe.run({exclude: [['header.navbar']]}, "
                                   "{resultTypes: ['violations']})).violations")
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result
                   if v["impact"] in ("serious", "critical")]
            if bad:
                problems[f"{name}-{label}"] = bad
    context.close()
    assert problems == {}, problems
