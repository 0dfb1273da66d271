"""A visitor finds a story through the header search, typing without diacritics (the issue's scenario:
"ky thi tot nghiep" finds "kỳ thi tốt nghiệp"), on a story that went through the newsroom workflow."""

import os

import pytest
from playwright.sync_api import Page, expect

from educomms.newsroom import services

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Trường THCS An Phú ôn tập cho học sinh trước kỳ thi tốt nghiệp"


def publish_through_the_newsroom(world):
    story = services.create_story(
        actor=world.teacher_a, unit=world.school_a, title=TITLE,
        summary="Nhà trường tổ chức các buổi ôn tập miễn phí cho học sinh lớp 9 và lớp 12.",
        body="<p>Trong tháng này, giáo viên các môn Toán, Ngữ văn và Tiếng Anh ôn tập cho học sinh chuẩn bị "
             "bước vào kỳ thi tốt nghiệp và tuyển sinh.</p>")
    services.submit_story(actor=world.officer_a, story=story)
    services.approve_story(actor=world.principal_a, story=story)
    services.publish_story(actor=world.principal_a, story=story)
    return story


def test_a_visitor_finds_the_story_typing_without_diacritics(page: Page, live_server, world):
    story = publish_through_the_newsroom(world)
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox").first.fill("ky thi tot nghiep")
    page.get_by_role("searchbox").first.press("Enter")
    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    # The accented words of the text are highlighted although the query had none.
    marks = page.locator("mark").all_inner_texts()
    assert {"kỳ", "thi", "tốt", "nghiệp"} <= {m.lower() for m in marks}
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert f"/tin/{story.pk}-" in page.url
