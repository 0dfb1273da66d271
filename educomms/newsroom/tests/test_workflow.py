"""The story workflow: every allowed transition, and the forbidden ones refused with nothing changed."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from educomms.audit.models import Event
from educomms.notifications.models import Notification
from educomms.org import services as org_services
from educomms.org.roles import Role

from .. import services, workflow
from ..models import Story, StoryComment, StoryState, StoryTransition

S = StoryState
BODY = "<p>Sáng 5/9, thầy và trò Trường THCS An Phú tưng bừng khai giảng năm học mới.</p>"


def draft(world, author=None, unit=None, **fields) -> Story:
    return services.create_story(actor=author or world.teacher_a, unit=unit or world.school_a,
                                 title=fields.pop("title", "Lễ khai giảng năm học 2026–2027"),
                                 summary=fields.pop("summary", "Không khí phấn khởi ngày tựu trường."),
                                 body=fields.pop("body", BODY), **fields)


def in_review(world, **fields) -> Story:
    story = draft(world, **fields)
    services.submit_story(actor=story.author, story=story)
    return story


def approved(world, **fields) -> Story:
    story = in_review(world, **fields)
    services.approve_story(actor=world.principal_a, story=story)
    return story


def published(world, **fields) -> Story:
    story = approved(world, **fields)
    services.publish_story(actor=world.principal_a, story=story)
    return story


def fresh(story: Story) -> Story:
    return Story.objects.get(pk=story.pk)


def future(minutes=30) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


# --- The table --------------------------------------------------------------------------------------

def test_the_table_names_every_transition_of_the_issue():
    pairs = {(r.source, r.target) for r in workflow.TRANSITIONS}
    assert {(S.DRAFT, S.IN_REVIEW), (S.IN_REVIEW, S.CHANGES_REQUESTED), (S.CHANGES_REQUESTED, S.IN_REVIEW),
            (S.IN_REVIEW, S.APPROVED), (S.APPROVED, S.SCHEDULED), (S.APPROVED, S.PUBLISHED),
            (S.SCHEDULED, S.PUBLISHED), (S.SCHEDULED, S.APPROVED), (S.PUBLISHED, S.RETRACTED),
            (S.RETRACTED, S.DRAFT)} <= pairs
    assert (S.PUBLISHED, S.ARCHIVED) not in pairs
    assert all((src, S.ARCHIVED) in pairs for src in S.values if src not in (S.PUBLISHED, S.ARCHIVED))


# --- Allowed transitions -------------------------------------------------------------------------------

def test_a_teacher_drafts_and_submits_and_the_school_editors_are_told(world, django_capture_on_commit_callbacks):
    story = draft(world)
    assert story.state == S.DRAFT and story.author == world.teacher_a and story.version == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_story(actor=world.teacher_a, story=story)
    assert fresh(story).state == S.IN_REVIEW
    told = set(Notification.objects.filter(kind="newsroom.submitted").values_list("recipient_id", flat=True))
    assert told == {world.principal_a.pk, world.officer_a.pk}
    assert {m.to[0] for m in mail.outbox} >= {world.principal_a.email, world.officer_a.email}
    assert world.teacher_a.email not in {m.to[0] for m in mail.outbox}
    t = StoryTransition.objects.get(story=story)
    assert (t.from_state, t.to_state, t.actor) == (S.DRAFT, S.IN_REVIEW, world.teacher_a)
    assert Event.objects.filter(verb="story.in_review", object_id=str(story.pk), actor=world.teacher_a).exists()


def test_the_school_officer_may_submit_a_teachers_draft(world):
    story = draft(world)
    services.submit_story(actor=world.officer_a, story=story)
    assert fresh(story).state == S.IN_REVIEW


def test_the_officer_requests_changes_with_a_comment_and_the_author_is_told(world):
    story = in_review(world)
    services.request_changes(actor=world.officer_a, story=story, comment="Bổ sung tên giáo viên chủ nhiệm.")
    assert fresh(story).state == S.CHANGES_REQUESTED
    assert Notification.objects.filter(kind="newsroom.changes_requested", recipient=world.teacher_a).exists()
    assert StoryComment.objects.get(story=story).body == "Bổ sung tên giáo viên chủ nhiệm."
    services.submit_story(actor=world.teacher_a, story=story)
    assert fresh(story).state == S.IN_REVIEW


def test_requesting_changes_without_a_comment_is_refused(world):
    story = in_review(world)
    with pytest.raises(ValidationError) as exc:
        services.request_changes(actor=world.officer_a, story=story, comment="  ")
    assert "lý do" in str(exc.value)
    assert fresh(story).state == S.IN_REVIEW


def test_the_principal_approves_and_the_author_is_told(world):
    story = in_review(world)
    services.approve_story(actor=world.principal_a, story=story)
    assert fresh(story).state == S.APPROVED
    assert Notification.objects.filter(kind="newsroom.approved", recipient=world.teacher_a).exists()
    assert Event.objects.filter(verb="story.approved", actor=world.principal_a, unit=world.school_a).exists()


def test_the_department_spokesperson_approves_a_department_story(world):
    story = in_review(world, author=world.dept_officer, unit=world.department)
    services.approve_story(actor=world.spokesperson, story=story)
    assert fresh(story).state == S.APPROVED


def test_an_approved_story_is_published_and_the_author_told(world):
    story = approved(world)
    services.publish_story(actor=world.principal_a, story=story)
    story = fresh(story)
    assert story.state == S.PUBLISHED and story.published_at is not None
    assert Notification.objects.filter(kind="newsroom.published", recipient=world.teacher_a).exists()


def test_scheduling_then_cancelling_then_publishing_now(world):
    story = approved(world)
    when = future(60)
    services.schedule_story(actor=world.principal_a, story=story, scheduled_for=when)
    assert fresh(story).state == S.SCHEDULED and fresh(story).scheduled_for == when
    services.cancel_schedule(actor=world.principal_a, story=story)
    assert fresh(story).state == S.APPROVED and fresh(story).scheduled_for is None
    services.schedule_story(actor=world.principal_a, story=story, scheduled_for=when)
    services.publish_story(actor=world.principal_a, story=story)
    assert fresh(story).state == S.PUBLISHED


def test_scheduling_in_the_past_is_refused(world):
    story = approved(world)
    with pytest.raises(ValidationError) as exc:
        services.schedule_story(actor=world.principal_a, story=story, scheduled_for=timezone.now() - dt.timedelta(1))
    assert "tương lai" in str(exc.value)
    assert fresh(story).state == S.APPROVED


def test_retracting_needs_a_reason_then_goes_back_to_draft(world):
    story = published(world)
    with pytest.raises(ValidationError):
        services.retract_story(actor=world.principal_a, story=story, reason="")
    assert fresh(story).state == S.PUBLISHED
    services.retract_story(actor=world.principal_a, story=story, reason="Sai số liệu học sinh.")
    assert fresh(story).state == S.RETRACTED
    assert Notification.objects.filter(kind="newsroom.retracted", recipient=world.teacher_a).exists()
    services.transition_story(actor=world.teacher_a, story=story, to=S.DRAFT)
    assert fresh(story).state == S.DRAFT


@pytest.mark.parametrize("state", [S.DRAFT, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED,
                                   S.RETRACTED])
def test_the_officer_archives_any_story_not_published(world, state):
    story = draft(world)
    Story.objects.filter(pk=story.pk).update(state=state)
    services.archive_story(actor=world.officer_a, story=fresh(story))
    assert fresh(story).state == S.ARCHIVED


def test_the_author_archives_their_own_draft_but_not_a_story_in_review(world):
    story = draft(world)
    services.archive_story(actor=world.teacher_a, story=story)
    assert fresh(story).state == S.ARCHIVED
    other = in_review(world)
    with pytest.raises(PermissionDenied):
        services.archive_story(actor=world.teacher_a, story=other)


# --- Forbidden transitions --------------------------------------------------------------------------

def test_the_author_may_not_approve_their_own_story(world):
    story = in_review(world, author=world.principal_a)
    with pytest.raises(PermissionDenied) as exc:
        services.approve_story(actor=world.principal_a, story=story)
    assert "Tác giả" in str(exc.value)
    assert fresh(story).state == S.IN_REVIEW
    assert not StoryTransition.objects.filter(story=story, to_state=S.APPROVED).exists()


def test_the_school_officer_may_not_approve(world):
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=world.officer_a, story=story)
    assert fresh(story).state == S.IN_REVIEW


def test_the_school_officer_may_not_approve_a_department_story(world):
    story = in_review(world, author=world.dept_officer, unit=world.department)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=world.officer_a, story=story)


def test_the_department_director_does_not_approve_a_schools_story(world):
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=world.director, story=story)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=world.spokesperson, story=story)
    assert fresh(story).state == S.IN_REVIEW


def test_a_teacher_may_not_publish_or_request_changes(world):
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.request_changes(actor=world.teacher_a, story=story, comment="Sửa giúp.")
    story = approved(world)
    with pytest.raises(PermissionDenied):
        services.publish_story(actor=world.teacher_a, story=story)
    assert fresh(story).state == S.APPROVED


def test_school_b_principal_may_not_approve_school_a_story(world):
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=world.principal_b, story=story)


@pytest.mark.parametrize(("state", "to"), [
    (S.DRAFT, S.APPROVED), (S.DRAFT, S.PUBLISHED), (S.IN_REVIEW, S.PUBLISHED), (S.CHANGES_REQUESTED, S.APPROVED),
    (S.PUBLISHED, S.DRAFT), (S.PUBLISHED, S.ARCHIVED), (S.ARCHIVED, S.DRAFT), (S.RETRACTED, S.PUBLISHED),
    (S.APPROVED, S.IN_REVIEW),
])
def test_invalid_state_transitions_are_refused_and_change_nothing(world, state, to):
    story = draft(world)
    Story.objects.filter(pk=story.pk).update(state=state)
    with pytest.raises(ValidationError) as exc:
        services.transition_story(actor=world.principal_a, story=fresh(story), to=to, comment="x")
    assert "Không thể chuyển" in str(exc.value)
    assert fresh(story).state == state
    assert not StoryTransition.objects.filter(story=story).exists()


def test_an_unknown_state_is_refused(world):
    with pytest.raises(ValidationError):
        services.transition_story(actor=world.principal_a, story=draft(world), to="done")


# --- Delegation -----------------------------------------------------------------------------------------

@pytest.fixture
def deputy_a(world):
    return org_services.create_person(actor=world.admin, full_name="Bùi Văn Phó", email="phohieutruong@thcs-anphu.test",
                                      phone="0912000099", password=world.password, unit=world.school_a,
                                      role=Role.DEPUTY_HEAD, title="Phó Hiệu trưởng")


def test_a_deputy_approves_only_within_an_active_delegation(world, deputy_a):
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=deputy_a, story=story)
    today = timezone.localdate()
    delegation = services.create_delegation(actor=world.principal_a, unit=world.school_a, delegate=deputy_a,
                                            starts_on=today, ends_on=today + dt.timedelta(days=7))
    assert Notification.objects.filter(kind="newsroom.delegation", recipient=deputy_a).exists()
    services.approve_story(actor=deputy_a, story=story)
    assert fresh(story).state == S.APPROVED
    services.revoke_delegation(actor=world.principal_a, delegation=delegation)
    other = in_review(world)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=deputy_a, story=other)


def test_a_delegation_outside_its_dates_gives_nothing(world, deputy_a):
    today = timezone.localdate()
    services.create_delegation(actor=world.principal_a, unit=world.school_a, delegate=deputy_a,
                               starts_on=today + dt.timedelta(days=1), ends_on=today + dt.timedelta(days=3))
    story = in_review(world)
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=deputy_a, story=story)


def test_only_the_head_delegates_and_only_to_a_deputy_of_the_same_unit(world, deputy_a):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.create_delegation(actor=world.officer_a, unit=world.school_a, delegate=deputy_a, starts_on=today,
                                   ends_on=today)
    with pytest.raises(ValidationError):
        services.create_delegation(actor=world.principal_a, unit=world.school_a, delegate=world.teacher_a,
                                   starts_on=today, ends_on=today)
    with pytest.raises(PermissionDenied):
        services.create_delegation(actor=world.director, unit=world.school_a, delegate=deputy_a, starts_on=today,
                                   ends_on=today)
