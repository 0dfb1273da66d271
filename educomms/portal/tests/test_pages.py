import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from educomms.newsroom.models import Audience, StoryState
from educomms.portal.selectors import unit_slug
from educomms.portal.tests.factories import make_story, make_theme

pytestmark = pytest.mark.django_db


def story_url(story):
    return reverse("portal:story", args=[story.pk, story.slug])


def section_url(unit):
    return reverse("portal:section", args=[unit.pk, unit_slug(unit)])


def test_it_shows_the_department_home_to_anonymous_visitors(client, world):
    featured = make_story(unit=world.department, author=world.dept_officer, title="Khai giảng năm học mới",
                          featured=True)
    latest = make_story(unit=world.department, author=world.dept_officer, title="Thi tuyển sinh lớp 10")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Giáo dục và Đào tạo tỉnh Bình Sơn" in html
    assert featured.title in html and latest.title in html
    assert section_url(world.school_a) in html and section_url(world.school_b) in html
    assert html.count("<h1") == 1


def test_the_home_handles_no_themes_and_no_stories(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có tin bài nào được đăng." in response.content.decode()


def test_the_home_lists_stories_per_theme(client, world):
    theme = make_theme(unit=world.department, name="Chuyển đổi số", slug="chuyen-doi-so")
    story = make_story(unit=world.department, author=world.dept_officer, title="Học bạ số")
    story.themes.add(theme)
    html = client.get("/").content.decode()
    assert "Chuyển đổi số" in html and reverse("portal:theme", args=["chuyen-doi-so"]) in html


def test_a_theme_block_shows_the_themes_four_latest_stories_newest_first(client, world):
    theme = make_theme(unit=world.department, name="Chuyển đổi số", slug="chuyen-doi-so")
    for minutes in (50, 40, 30, 20, 10):
        make_story(unit=world.department, author=world.dept_officer, title=f"Tin chủ đề {minutes} phút",
                   published_ago_minutes=minutes).themes.add(theme)
    html = client.get("/").content.decode()
    block = html[html.index('id="theme-'):]
    titles = [f"Tin chủ đề {m} phút" for m in (10, 20, 30, 40)]
    assert [block.index(t) for t in titles] == sorted(block.index(t) for t in titles)
    assert "Tin chủ đề 50 phút" not in block


def test_a_theme_with_only_older_stories_keeps_its_block_on_the_home(client, world, monkeypatch):
    monkeypatch.setattr("educomms.portal.views.HOME_WINDOW", 3)  # blocks are filled from the latest three
    theme = make_theme(unit=world.department, name="Thiện nguyện", slug="thien-nguyen")
    make_story(unit=world.department, author=world.dept_officer, title="Quyên góp sách cũ",
               published_ago_minutes=60 * 24 * 30).themes.add(theme)
    for _ in range(4):
        make_story(unit=world.department, author=world.dept_officer)
    html = client.get("/").content.decode()
    assert reverse("portal:theme", args=["thien-nguyen"]) in html and "Quyên góp sách cũ" in html


def test_the_workspace_home_still_asks_for_sign_in(client, world):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302


def test_a_story_page_shows_everything_a_reader_needs(client, world):
    theme = make_theme(unit=world.department, name="Chuyển đổi số", slug="chuyen-doi-so")
    story = make_story(unit=world.department, author=world.dept_officer, title="Trường An Phú dùng học bạ số",
                       summary="Tóm tắt ngắn.", body="<p>Đoạn <strong>đậm</strong>.</p>",
                       attribution_unit=world.school_a, audiences=[Audience.PARENTS],
                       published_at=dt.datetime(2026, 9, 5, 1, 30, tzinfo=dt.UTC))
    story.themes.add(theme)
    response = client.get(story_url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1 class=\"portal-story-title\">Trường An Phú dùng học bạ số</h1>" in html
    assert "<strong>đậm</strong>" in html
    assert "05/09/2026 08:30" in html
    assert "Nguồn: Trường THCS An Phú" in html
    assert reverse("portal:theme", args=["chuyen-doi-so"]) in html
    assert reverse("portal:audience", args=["parents"]) in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Ftin%2F" in html
    assert "https://sp.zalo.me/share?url=" in html
    assert "<script" not in html


def test_a_story_summary_is_escaped_but_the_body_is_not(client, world):
    story = make_story(unit=world.department, author=world.dept_officer, summary="<b>x</b>")
    html = client.get(story_url(story)).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_story_page_has_open_graph_and_canonical_tags_with_absolute_urls(client, world):
    story = make_story(unit=world.department, author=world.dept_officer, title="Ngày Nhà giáo")
    html = client.get(story_url(story)).content.decode()
    absolute = f"http://testserver{story_url(story)}"
    assert f'<link rel="canonical" href="{absolute}">' in html
    assert f'<meta property="og:url" content="{absolute}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Ngày Nhà giáo">' in html
    assert 'property="article:published_time"' in html
    assert 'name="twitter:card"' in html


def test_a_story_cover_gives_an_absolute_og_image_and_alt_text(client, world):
    from django.core.files.base import ContentFile

    from educomms.newsroom.models import StoryAsset

    story = make_story(unit=world.department, author=world.dept_officer)
    asset = StoryAsset(story=story, kind=StoryAsset.Kind.IMAGE, uploaded_by=world.dept_officer,
                       alt_text="Học sinh chào cờ", width=800, height=450,
                       variants={"800": "stories/cover-800.webp", "1600": "stories/cover-1600.webp"})
    asset.file.save("cover.webp", ContentFile(b"RIFF0000WEBP"), save=False)
    asset.save()
    story.cover = asset
    story.save(update_fields=["cover"])
    html = client.get(story_url(story)).content.decode()
    assert 'alt="Học sinh chào cờ"' in html
    assert '<meta property="og:image" content="http://testserver/media/stories/cover-1600.webp">' in html
    assert 'srcset="/media/stories/cover-800.webp 800w, /media/stories/cover-1600.webp 1600w"' in html


def test_a_wrong_slug_redirects_to_the_canonical_story_url(client, world):
    story = make_story(unit=world.department, author=world.dept_officer)
    response = client.get(reverse("portal:story", args=[story.pk, "sai-duong-dan"]))
    assert response.status_code == 301 and response["Location"] == story_url(story)


@pytest.mark.parametrize("state", [StoryState.DRAFT, StoryState.IN_REVIEW, StoryState.CHANGES_REQUESTED,
                                   StoryState.APPROVED, StoryState.SCHEDULED, StoryState.RETRACTED,
                                   StoryState.ARCHIVED])
def test_an_unpublished_story_is_not_found_even_if_its_url_is_guessed(client, world, state):
    story = make_story(unit=world.department, author=world.dept_officer, state=state,
                       published_at=timezone.now() - dt.timedelta(days=1))
    assert client.get(story_url(story)).status_code == 404
    assert story.title not in client.get("/").content.decode()


def test_a_story_to_be_published_later_is_not_found_yet(client, world):
    story = make_story(unit=world.department, author=world.dept_officer,
                       published_at=timezone.now() + dt.timedelta(hours=2))
    assert client.get(story_url(story)).status_code == 404


def test_a_school_section_shows_only_that_schools_stories(client, world):
    mine = make_story(unit=world.school_a, author=world.officer_a, title="Hội khỏe Phù Đổng An Phú")
    theirs = make_story(unit=world.school_b, author=world.principal_b, title="Văn nghệ Bình Minh")
    draft = make_story(unit=world.school_a, author=world.officer_a, title="Nháp An Phú", state=StoryState.DRAFT)
    response = client.get(section_url(world.school_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường THCS An Phú" in html
    assert mine.title in html and theirs.title not in html and draft.title not in html


def test_a_school_story_page_is_public(client, world):
    story = make_story(unit=world.school_a, author=world.officer_a)
    assert client.get(story_url(story)).status_code == 200


def test_a_unit_outside_the_portal_subtree_is_not_found(client, world):
    from educomms.org import services
    from educomms.org.models import Unit

    other_dept = services.create_unit(actor=world.admin, parent=world.ministry, kind=Unit.Kind.DEPARTMENT,
                                      name="Sở Giáo dục và Đào tạo tỉnh Khác", code="SGDK")
    other_school = services.create_unit(actor=world.admin, parent=other_dept, kind=Unit.Kind.SCHOOL,
                                        school_level=Unit.SchoolLevel.PRIMARY, name="Trường Tiểu học Khác")
    foreign = make_story(unit=other_school, author=world.admin)
    assert client.get(section_url(other_school)).status_code == 404
    assert client.get(section_url(world.ministry)).status_code == 404
    assert client.get(story_url(foreign)).status_code == 404


def test_an_inactive_school_has_no_section(client, world):
    world.school_b.active = False
    world.school_b.save(update_fields=["active"])
    assert client.get(section_url(world.school_b)).status_code == 404


def test_a_story_of_an_inactive_school_is_not_found(client, world):
    story = make_story(unit=world.school_b, author=world.teacher_a)
    world.school_b.active = False
    world.school_b.save(update_fields=["active"])
    assert client.get(story_url(story)).status_code == 404


def test_a_story_page_links_only_the_sites_own_active_themes(client, world):
    own = make_theme(unit=world.department, name="Chuyển đổi số", slug="chuyen-doi-so")
    retired = make_theme(unit=world.department, name="Chủ đề cũ", slug="chu-de-cu", active=False)
    schools = make_theme(unit=world.school_a, name="Chủ đề của trường", slug="chu-de-truong")
    story = make_story(unit=world.school_a, author=world.teacher_a)
    story.themes.add(own, retired, schools)
    html = client.get(story_url(story)).content.decode()
    assert reverse("portal:theme", args=["chuyen-doi-so"]) in html
    assert "Chủ đề cũ" not in html and "Chủ đề của trường" not in html


def test_the_theme_list_pages_by_twenty(client, world):
    theme = make_theme(unit=world.department, name="Giáo dục STEM", slug="stem")
    for i in range(23):
        make_story(unit=world.department, author=world.dept_officer, title=f"STEM {i:02d}",
                   published_ago_minutes=100 - i).themes.add(theme)
    make_story(unit=world.department, author=world.dept_officer, title="Không thuộc chủ đề")
    first = client.get(reverse("portal:theme", args=["stem"]))
    assert first.status_code == 200
    html = first.content.decode()
    assert html.count('class="portal-card"') == 20
    assert "STEM 22" in html and "Không thuộc chủ đề" not in html
    assert "?page=2" in html
    second = client.get(reverse("portal:theme", args=["stem"]) + "?page=2").content.decode()
    assert second.count('class="portal-card"') == 3 and "STEM 00" in second


def test_an_unknown_theme_or_audience_is_not_found(client, world):
    assert client.get(reverse("portal:theme", args=["khong-co"])).status_code == 404
    assert client.get(reverse("portal:audience", args=["aliens"])).status_code == 404


def test_the_audience_list_shows_stories_for_that_audience(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Lịch họp phụ huynh",
               audiences=[Audience.PARENTS, Audience.STUDENTS])
    make_story(unit=world.department, author=world.dept_officer, title="Tập huấn giáo viên",
               audiences=[Audience.TEACHERS])
    html = client.get(reverse("portal:audience", args=["parents"])).content.decode()
    assert "Lịch họp phụ huynh" in html and "Tập huấn giáo viên" not in html


def test_the_all_stories_list_is_public(client, world):
    make_story(unit=world.department, author=world.dept_officer, title="Tin của Sở")
    html = client.get(reverse("portal:latest")).content.decode()
    assert "Tin của Sở" in html


def test_the_press_room_shows_the_spokesperson_register_and_contacts(client, world):
    response = client.get(reverse("portal:press_room"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trần Thị Mai" in html and "Phó Giám đốc Sở, người phát ngôn" in html
    assert "0912000002" in html and "phatngon@sgd.test" in html
    assert "Nguyễn Văn Hùng" in html  # the head speaks for the unit too
    assert "Lê Minh Tuấn" not in html  # a communications officer is not a spokesperson
    assert "vanphong@sgd.binhson.edu.vn" in html and "12 Lê Lợi, TP Bình Sơn" in html
    assert "Chưa có thông cáo báo chí nào." in html


def test_the_portal_unit_can_be_set_by_code(client, world, settings):
    settings.PORTAL_UNIT_CODE = "THCS-AP"
    html = client.get("/").content.decode()
    assert "<span class=\"portal-brand-name\">Trường THCS An Phú</span>" in html
