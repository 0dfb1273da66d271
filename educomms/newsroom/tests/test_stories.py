"""Story services and who sees what: drafting, editing with versions, revisions, comments, scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from educomms.audit.models import Event

from .. import selectors, services
from ..models import Story, StoryRevision, StoryState
from .test_workflow import approved, draft, fresh, in_review, published

S = StoryState


def test_any_member_drafts_at_their_unit_but_not_at_another(world):
    story = draft(world, author=world.teacher_a)
    assert story.unit == world.school_a and story.slug == "le-khai-giang-nam-hoc-2026-2027"
    assert "khai giang" in story.search_text
    assert Event.objects.filter(verb="story.created", object_id=str(story.pk)).exists()
    with pytest.raises(PermissionDenied):
        draft(world, author=world.teacher_a, unit=world.school_b)


def test_a_draft_needs_a_title(world):
    with pytest.raises(ValidationError) as exc:
        draft(world, title="   ")
    assert "Tiêu đề" in str(exc.value)
    assert not Story.objects.exists()


def test_the_body_is_sanitised_when_saved(world):
    story = draft(world, body='<p onclick="x()">Chào <script>alert(1)</script><a href="javascript:x">link</a></p>')
    assert "script" not in story.body and "onclick" not in story.body and "javascript" not in story.body
    assert "Chào" in story.body


def test_each_save_bumps_the_version_and_writes_a_revision(world):
    story = draft(world)
    services.update_story(actor=world.teacher_a, story=story, version=1, title="Khai giảng năm học mới")
    story = fresh(story)
    assert story.version == 2 and story.title == "Khai giảng năm học mới"
    assert list(StoryRevision.objects.filter(story=story).values_list("number", "title")) == [
        (2, "Khai giảng năm học mới"), (1, "Lễ khai giảng năm học 2026–2027")]


def test_a_stale_version_is_refused_and_changes_nothing(world):
    story = draft(world)
    services.update_story(actor=world.officer_a, story=story, version=1, summary="Bản của cán bộ truyền thông.")
    with pytest.raises(ValidationError) as exc:
        services.update_story(actor=world.teacher_a, story=story, version=1, summary="Bản cũ của giáo viên.")
    assert "người khác sửa" in str(exc.value)
    story = fresh(story)
    assert story.summary == "Bản của cán bộ truyền thông." and story.version == 2
    assert StoryRevision.objects.filter(story=story).count() == 2


def test_the_author_edits_only_while_draft_or_changes_requested(world):
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.update_story(actor=world.teacher_a, story=story, version=story.version, title="Sửa khi đang duyệt")
    services.update_story(actor=world.officer_a, story=story, version=fresh(story).version, title="Biên tập lại")
    assert fresh(story).title == "Biên tập lại"
    services.request_changes(actor=world.officer_a, story=story, comment="Thêm ảnh.")
    services.update_story(actor=world.teacher_a, story=story, version=fresh(story).version, title="Đã thêm ảnh")
    assert fresh(story).title == "Đã thêm ảnh"


def test_nobody_edits_a_published_story(world):
    story = published(world)
    with pytest.raises(PermissionDenied):
        services.update_story(actor=world.principal_a, story=story, version=story.version, title="Sửa sau khi đăng")


def test_school_b_cannot_edit_school_a_draft(world):
    story = draft(world)
    with pytest.raises(PermissionDenied):
        services.update_story(actor=world.principal_b, story=story, version=1, title="X")


# --- Comments --------------------------------------------------------------------------------------------

def test_private_notes_are_for_editors_only(world):
    story = in_review(world)
    services.add_comment(actor=world.officer_a, story=story, body="Ảnh thứ hai hơi tối.", private=True)
    services.add_comment(actor=world.officer_a, story=story, body="Rất tốt, thêm một câu kết.")
    assert [c.body for c in selectors.comments_for(world.teacher_a, story)] == ["Rất tốt, thêm một câu kết."]
    assert len(selectors.comments_for(world.principal_a, story)) == 2
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=world.teacher_a, story=story, body="Ghi chú riêng", private=True)


def test_an_empty_comment_is_refused(world):
    with pytest.raises(ValidationError):
        services.add_comment(actor=world.teacher_a, story=draft(world), body=" ")


# --- Who sees what ---------------------------------------------------------------------------------------

def test_school_b_principal_gets_404_for_school_a_draft(world):
    story = draft(world)
    with pytest.raises(Http404):
        selectors.access_story(world.principal_b, story.pk)


def test_a_draft_is_seen_by_its_author_and_the_school_editors_only(world):
    story = draft(world)
    for person in (world.teacher_a, world.officer_a, world.principal_a, world.admin):
        assert selectors.access_story(person, story.pk) == story
    for person in (world.director, world.dept_officer, world.principal_b):
        with pytest.raises(Http404):
            selectors.access_story(person, story.pk)


def test_another_teachers_draft_is_hidden_from_a_teacher(world):
    story = draft(world, author=world.officer_a)
    with pytest.raises(Http404):
        selectors.access_story(world.teacher_a, story.pk)


def test_published_stories_are_seen_by_members_in_scope(world):
    story = published(world)
    assert selectors.access_story(world.director, story.pk) == story
    assert selectors.access_story(world.teacher_a, story.pk) == story
    with pytest.raises(Http404):
        selectors.access_story(world.principal_b, story.pk)
    with pytest.raises(Http404):
        selectors.access_story(world.principal_a, "abc")


def test_the_queue_holds_what_waits_for_each_person(world):
    mine = in_review(world, author=world.principal_a, title="Bài của hiệu trưởng")
    teachers = in_review(world, title="Bài của giáo viên")
    draft(world, title="Bản nháp")
    approved(world, title="Đã duyệt")
    assert list(selectors.waiting_for(world.principal_a)) == [teachers]
    assert set(selectors.waiting_for(world.officer_a)) == {mine, teachers}
    assert list(selectors.waiting_for(world.spokesperson)) == []
    assert list(selectors.waiting_for(world.teacher_a)) == []
    assert list(selectors.waiting_for(world.director)) == []
    assert list(selectors.waiting_for(world.principal_b)) == []


def test_the_portal_lists_only_published_stories(world):
    story = published(world, title="Đã đăng")
    in_review(world, title="Chờ duyệt")
    assert list(selectors.published_for_portal()) == [story]
    assert list(selectors.published_for_portal(unit=world.school_b)) == []
    assert list(selectors.published_for_portal(unit=world.department)) == [story]


def test_search_matches_with_or_without_diacritics(world):
    story = draft(world, title="Kỳ thi tốt nghiệp THPT 2027")
    draft(world, title="Hội khỏe Phù Đổng")
    assert list(selectors.stories_for(world.teacher_a, q="ky thi tot nghiep")) == [story]
    assert list(selectors.stories_for(world.teacher_a, q="KỲ THI")) == [story]


def test_every_recorded_newsroom_verb_has_an_audit_label(world):
    from educomms.audit.selectors import VERB_LABELS

    story = published(world)
    services.retract_story(actor=world.principal_a, story=story, reason="Sai tên đơn vị.")
    services.add_comment(actor=world.officer_a, story=story, body="Đã ghi nhận.")
    verbs = set(Event.objects.filter(object_type__startswith="newsroom.").values_list("verb", flat=True))
    assert verbs >= {"story.created", "story.in_review", "story.approved", "story.published", "story.retracted"}
    assert verbs <= set(VERB_LABELS)


def test_the_diff_between_revisions_shows_changed_sentences(world):
    story = draft(world, body="<p>Thầy trò dự lễ chào cờ. Trời nắng đẹp.</p>")
    services.update_story(actor=world.teacher_a, story=story, version=1,
                          body="<p>Thầy trò dự lễ chào cờ. Trời mưa nhẹ.</p>")
    diff = [(d.kind, d.text) for d in selectors.revision_diff(story, 1, 2)]
    assert ("same", "Thầy trò dự lễ chào cờ.") in diff
    assert ("removed", "Trời nắng đẹp.") in diff and ("added", "Trời mưa nhẹ.") in diff
    with pytest.raises(Http404):
        selectors.revision_diff(story, 1, 7)


def test_the_history_names_who_moved_the_story(world):
    story = approved(world)
    assert [(t.from_state, t.to_state, t.actor) for t in selectors.transitions_for(story)] == [
        (S.DRAFT, S.IN_REVIEW, world.teacher_a), (S.IN_REVIEW, S.APPROVED, world.principal_a)]
