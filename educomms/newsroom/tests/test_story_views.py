"""The story pages through the test client: list, queue, editor, story page, moves, comments, revisions.
Each page: the right persona in scope succeeds; School B's principal gets 404 on a School A story."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from educomms.newsroom import services
from educomms.newsroom.models import Story, StoryComment, StoryState
from educomms.org import services as org_services
from educomms.org.roles import Role

from .test_workflow import approved, draft, fresh, in_review, published

S = StoryState


@pytest.fixture
def teacher_a2(world):
    return org_services.create_person(actor=world.admin, full_name="Ngô Thị Thu", email="giaovien2@thcs-anphu.test",
                                      phone="0912000099", password=world.password, unit=world.school_a,
                                      role=Role.STAFF, title="Giáo viên Toán")


def story_url(story, name="newsroom:story"):
    return reverse(name, args=[story.pk])


def move(client, story, to, **data):
    return client.post(story_url(story, "newsroom:story_transition"), {"to": to, **data})


# --- The list ------------------------------------------------------------------------------------------

def test_it_lists_the_teachers_own_draft_with_its_state(world, login):
    story = draft(world)
    response = login(world.teacher_a).get(reverse("newsroom:stories"))
    assert response.status_code == 200
    html = response.content.decode()
    assert story.title in html and "Bản nháp" in html
    assert 'aria-current="page">Tin bài</a>' in html  # the menu entry is marked as the current one


def test_it_hides_school_a_drafts_from_school_b_principal(world, login):
    story = draft(world)
    response = login(world.principal_b).get(reverse("newsroom:stories"))
    assert response.status_code == 200 and story.title not in response.content.decode()


def test_it_answers_404_for_a_unit_filter_outside_scope(world, login):
    response = login(world.principal_b).get(reverse("newsroom:stories"), {"unit": world.school_a.pk})
    assert response.status_code == 404


def test_it_filters_by_state_and_text_without_diacritics(world, login):
    draft(world, title="Hội thi giáo viên dạy giỏi")
    in_review(world, title="Ngày hội đọc sách")
    client = login(world.officer_a)
    html = client.get(reverse("newsroom:stories"), {"q": "giao vien day gioi"}).content.decode()
    assert "Hội thi giáo viên dạy giỏi" in html and "Ngày hội đọc sách" not in html
    html = client.get(reverse("newsroom:stories"), {"state": S.IN_REVIEW}).content.decode()
    assert "Ngày hội đọc sách" in html and "Hội thi giáo viên dạy giỏi" not in html


def test_it_keeps_the_list_query_count_flat(world, login, django_assert_num_queries):
    client = login(world.principal_a)
    for i in range(3):
        in_review(world, title=f"Tin bài số {i}")
    client.get(reverse("newsroom:stories"))  # warm the session and the per-request caches
    with django_assert_num_queries(14):
        response = client.get(reverse("newsroom:stories"))
    assert response.status_code == 200
    for i in range(3, 25):
        in_review(world, title=f"Tin bài số {i}")
    with django_assert_num_queries(14):
        response = client.get(reverse("newsroom:stories"))
    assert response.content.decode().count('href="/tin-bai/') >= 20


# --- The queue -----------------------------------------------------------------------------------------

def test_it_shows_the_principal_the_stories_waiting_with_overdue_ones_marked(world, login):
    late = in_review(world, title="Tin quá hạn duyệt", review_due_on=timezone.localdate() - dt.timedelta(days=2))
    soon = in_review(world, title="Tin còn hạn", review_due_on=timezone.localdate() + dt.timedelta(days=3))
    response = login(world.principal_a).get(reverse("newsroom:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(late.title) < html.index(soon.title)
    assert html.count('data-testid="overdue"') == 1 and "Quá hạn duyệt" in html


def test_it_shows_school_b_principal_an_empty_queue(world, login):
    in_review(world)
    html = login(world.principal_b).get(reverse("newsroom:queue")).content.decode()
    assert "Không có tin bài nào đang chờ bạn duyệt." in html


# --- Creating and editing --------------------------------------------------------------------------------

def test_it_creates_a_draft_with_a_sanitised_body(world, login):
    client = login(world.teacher_a)
    assert client.get(reverse("newsroom:story_create")).status_code == 200
    response = client.post(reverse("newsroom:story_create"), {
        "unit": world.school_a.pk, "title": "Hội khỏe Phù Đổng", "summary": "Sân chơi thể thao.",
        "body": "<p>Học sinh thi đấu <script>alert(1)</script>sôi nổi.</p>", "format": Story.Format.ARTICLE,
        "audiences": ["parents", "students"], "review_due_on": "30/11/2026"})
    story = Story.objects.get()
    assert response.status_code == 302 and response.url == story_url(story, "newsroom:story_edit")
    assert story.author == world.teacher_a and story.unit == world.school_a and story.state == S.DRAFT
    assert "script" not in story.body and "sôi nổi" in story.body
    assert story.audiences == ["parents", "students"] and story.review_due_on == dt.date(2026, 11, 30)


def test_it_refuses_a_draft_without_a_title_in_vietnamese(world, login):
    response = login(world.teacher_a).post(reverse("newsroom:story_create"),
                                           {"unit": world.school_a.pk, "title": "", "body": "<p>Nội dung</p>",
                                            "format": Story.Format.ARTICLE})
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.content.decode()
    assert not Story.objects.exists()


def test_it_answers_404_when_school_b_principal_drafts_for_school_a(world, login):
    response = login(world.principal_b).post(reverse("newsroom:story_create"),
                                             {"unit": world.school_a.pk, "title": "Tin", "format": "article"})
    assert response.status_code == 404 and not Story.objects.exists()


def test_it_saves_an_edit_with_the_version_and_writes_a_revision(world, login):
    story = draft(world)
    client = login(world.teacher_a)
    assert client.get(story_url(story, "newsroom:story_edit")).status_code == 200
    response = client.post(story_url(story, "newsroom:story_edit"), {
        "title": "Khai giảng năm học mới", "summary": "", "body": "<p>Nội dung mới.</p>", "format": "article",
        "version": 1})
    assert response.status_code == 302
    story = fresh(story)
    assert story.version == 2 and story.title == "Khai giảng năm học mới"
    assert story.revisions.count() == 2


def test_it_keeps_the_writers_text_when_someone_saved_in_between(world, login):
    story = draft(world)
    services.update_story(actor=world.officer_a, story=story, version=1, title="Bản của cán bộ truyền thông")
    client = login(world.teacher_a)
    posted = {"title": "Bản của cô giáo", "summary": "Sa-pô của cô giáo",
              "body": "<p>Đoạn văn cô giáo vừa viết rất dài.</p>", "format": "article", "version": 1}
    response = client.post(story_url(story, "newsroom:story_edit"), posted)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tin bài đã được người khác sửa trong lúc bạn soạn" in html
    assert "Bản của cô giáo" in html and "Đoạn văn cô giáo vừa viết rất dài." in html and "Sa-pô của cô giáo" in html
    assert fresh(story).title == "Bản của cán bộ truyền thông" and fresh(story).version == 2
    # Saving over the newer version on purpose: it stays in the revisions.
    response = client.post(story_url(story, "newsroom:story_edit"),
                           {**posted, "overwrite": "1", "current_version": 2})
    assert response.status_code == 302
    assert fresh(story).title == "Bản của cô giáo" and fresh(story).version == 3
    assert story.revisions.filter(title="Bản của cán bộ truyền thông").exists()


def test_it_answers_404_for_another_teachers_draft(world, login, teacher_a2):
    story = draft(world)
    client = login(teacher_a2)
    assert client.get(story_url(story, "newsroom:story_edit")).status_code == 404
    assert client.get(story_url(story)).status_code == 404


def test_it_answers_404_for_school_b_principal_on_every_story_page(world, login):
    story = in_review(world)
    client = login(world.principal_b)
    for name in ("newsroom:story", "newsroom:story_edit", "newsroom:story_revisions"):
        assert client.get(story_url(story, name)).status_code == 404, name
    for name in ("newsroom:story_transition", "newsroom:story_comment", "newsroom:story_asset_upload",
                 "newsroom:story_consent_add"):
        assert client.post(story_url(story, name), {"to": S.APPROVED, "body": "x"}).status_code == 404, name
    assert fresh(story).state == S.IN_REVIEW and not StoryComment.objects.exists()


def test_it_refuses_to_edit_a_published_story(world, login):
    story = published(world)
    assert login(world.officer_a).get(story_url(story, "newsroom:story_edit")).status_code == 403


# --- The story page and its moves ------------------------------------------------------------------------

def test_it_shows_the_principal_the_approve_button_and_the_checks(world, login):
    story = in_review(world, body="")
    html = login(world.principal_a).get(story_url(story)).content.decode()
    assert 'data-testid="move-approved"' in html and 'data-testid="move-changes_requested"' in html
    assert 'data-testid="check-blocking"' in html and "Bài viết chưa có nội dung." in html


def test_it_shows_the_author_no_approve_button_and_refuses_a_forged_approval(world, login):
    story = in_review(world, author=world.principal_a)
    client = login(world.principal_a)
    html = client.get(story_url(story)).content.decode()
    assert 'data-testid="move-approved"' not in html
    assert move(client, story, S.APPROVED).status_code == 403
    assert fresh(story).state == S.IN_REVIEW


def test_it_refuses_approval_by_the_school_officer(world, login):
    story = in_review(world)
    client = login(world.officer_a)
    html = client.get(story_url(story)).content.decode()
    assert 'data-testid="move-approved"' not in html and 'data-testid="move-changes_requested"' in html
    assert move(client, story, S.APPROVED).status_code == 403
    assert fresh(story).state == S.IN_REVIEW


def test_the_principal_approves_and_publishes_and_the_page_links_the_portal(world, login):
    story = in_review(world)
    client = login(world.principal_a)
    response = move(client, story, S.APPROVED)
    assert response.status_code == 302 and fresh(story).state == S.APPROVED
    move(client, story, S.PUBLISHED)
    assert fresh(story).state == S.PUBLISHED
    html = client.get(story_url(story)).content.decode()
    assert reverse("portal:story", args=[story.pk, story.slug]) in html
    assert "Tin bài đã chuyển sang “Đã đăng”." in html


def test_it_requires_a_comment_to_request_changes_and_changes_nothing(world, login):
    story = in_review(world)
    client = login(world.officer_a)
    response = client.post(story_url(story, "newsroom:story_transition"), {"to": S.CHANGES_REQUESTED},
                           follow=True)
    assert "Cần ghi rõ lý do hoặc nội dung cần sửa." in response.content.decode()
    assert fresh(story).state == S.IN_REVIEW
    move(client, story, S.CHANGES_REQUESTED, comment="Thêm ảnh lễ chào cờ.")
    assert fresh(story).state == S.CHANGES_REQUESTED


def test_it_needs_the_warnings_acknowledged_before_approval(world, login):
    services.add_review_term(actor=world.director, unit=world.department, term="tuyệt đối", note="Tránh nói quá.")
    story = in_review(world, body="<p>Nhà trường tuyệt đối an toàn.</p>")
    client = login(world.principal_a)
    html = client.get(story_url(story)).content.decode()
    assert 'data-testid="check-warning"' in html and 'name="acknowledge"' in html
    html = client.post(story_url(story, "newsroom:story_transition"), {"to": S.APPROVED}, follow=True).content.decode()
    assert "Cần xác nhận đã xem lại các cảnh báo" in html and fresh(story).state == S.IN_REVIEW
    move(client, story, S.APPROVED, acknowledge="1")
    assert fresh(story).state == S.APPROVED


def test_it_schedules_at_a_vietnamese_local_time(world, login):
    story = approved(world)
    when = timezone.localtime() + dt.timedelta(days=2)
    client = login(world.principal_a)
    move(client, story, S.SCHEDULED, scheduled_for=when.strftime("%d/%m/%Y %H:%M"))
    story = fresh(story)
    assert story.state == S.SCHEDULED
    assert timezone.localtime(story.scheduled_for).replace(tzinfo=None) == when.replace(second=0, microsecond=0,
                                                                                        tzinfo=None)
    html = client.get(story_url(story)).content.decode()
    assert when.strftime("%d/%m/%Y") in html


def test_it_refuses_a_badly_written_schedule_time(world, login):
    story = approved(world)
    response = login(world.principal_a).post(story_url(story, "newsroom:story_transition"),
                                             {"to": S.SCHEDULED, "scheduled_for": "ngày mai"}, follow=True)
    assert "ví dụ 25/11/2026 08:30" in response.content.decode() and fresh(story).state == S.APPROVED


def test_it_needs_a_reason_to_retract(world, login):
    story = published(world)
    client = login(world.principal_a)
    move(client, story, S.RETRACTED)
    assert fresh(story).state == S.PUBLISHED
    move(client, story, S.RETRACTED, comment="Sai số liệu.")
    assert fresh(story).state == S.RETRACTED


def test_it_answers_htmx_with_the_status_panel_and_the_comments(world, login):
    story = in_review(world)
    response = login(world.officer_a).post(story_url(story, "newsroom:story_transition"),
                                           {"to": S.CHANGES_REQUESTED, "comment": "Bổ sung số liệu."},
                                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="story-status"' in html and "<html" not in html
    assert 'id="comments"' in html and 'hx-swap-oob="true"' in html and "Bổ sung số liệu." in html


def test_it_links_a_published_story_to_the_proposal_for_its_reviewers_only(world, login):
    story = published(world)
    propose = reverse("newsroom:story_propose", args=[story.pk])
    assert propose in login(world.officer_a).get(story_url(story)).content.decode()
    assert propose not in login(world.teacher_a).get(story_url(story)).content.decode()


# --- Comments and private notes ------------------------------------------------------------------------

def test_it_hides_private_reviewer_notes_from_the_author(world, login, client):
    story = in_review(world)
    officer = login(world.officer_a)
    officer.post(story_url(story, "newsroom:story_comment"), {"body": "Ghi chú riêng: kiểm tra ảnh.", "private": "1"})
    officer.post(story_url(story, "newsroom:story_comment"), {"body": "Bài tốt, cần thêm ảnh."})
    html = officer.get(story_url(story)).content.decode()
    assert "Ghi chú riêng: kiểm tra ảnh." in html and 'data-testid="private-note"' in html
    html = login(world.teacher_a).get(story_url(story)).content.decode()
    assert "Bài tốt, cần thêm ảnh." in html and "Ghi chú riêng: kiểm tra ảnh." not in html
    assert 'name="private"' not in html


def test_it_refuses_a_private_note_from_the_author(world, login):
    story = in_review(world)
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_comment"),
                                           {"body": "Tự ghi chú riêng", "private": "1"})
    assert response.status_code == 403 and not StoryComment.objects.exists()


def test_it_refuses_an_empty_comment_in_vietnamese(world, login):
    story = in_review(world)
    response = login(world.officer_a).post(story_url(story, "newsroom:story_comment"), {"body": "  "}, follow=True)
    assert "Trường này là bắt buộc" in response.content.decode() and not StoryComment.objects.exists()


# --- Revisions -----------------------------------------------------------------------------------------

def test_it_shows_the_changes_between_the_last_two_revisions(world, login):
    story = draft(world, body="<p>Câu thứ nhất. Câu thứ hai.</p>")
    services.update_story(actor=world.teacher_a, story=story, version=1,
                          body="<p>Câu thứ nhất. Câu thứ ba mới viết.</p>")
    html = login(world.teacher_a).get(story_url(story, "newsroom:story_revisions")).content.decode()
    assert "Thay đổi từ phiên bản 1 đến phiên bản 2" in html
    assert 'data-testid="diff-added"' in html and "Câu thứ ba mới viết." in html
    assert 'data-testid="diff-removed"' in html and "Câu thứ hai." in html


def test_it_answers_404_for_a_revision_that_does_not_exist(world, login):
    story = draft(world)
    response = login(world.teacher_a).get(story_url(story, "newsroom:story_revisions"), {"old": 1, "new": 9})
    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_the_sign_in_page(world, client):
    story = published(world)
    for url in (reverse("newsroom:stories"), reverse("newsroom:queue"), story_url(story),
                story_url(story, "newsroom:story_revisions")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response.url, url


def test_it_answers_htmx_comments_with_the_comments_panel(world, login):
    story = in_review(world)
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_comment"),
                                           {"body": "Em đã bổ sung ảnh."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="comments"' in html and "<html" not in html
    assert "Em đã bổ sung ảnh." in html and StoryComment.objects.get().author == world.teacher_a
