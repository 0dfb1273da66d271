"""Upward proposals: a school proposes a published story; the department accepts (its own copy, with
attribution, through its own approval) or declines with a reason the school sees."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from educomms.notifications.models import Notification

from .. import selectors, services
from ..models import Proposal, StoryState
from .test_images import png_bytes
from .test_workflow import draft, fresh, published

S = StoryState


def test_the_school_officer_proposes_and_the_department_officer_is_told(world):
    story = published(world)
    proposal = services.propose_story(actor=world.officer_a, story=story, to_unit=world.department,
                                      note="Gương thầy giáo trẻ, đề nghị Sở đăng lại.")
    assert proposal.state == Proposal.State.PENDING
    told = set(Notification.objects.filter(kind="newsroom.proposal").values_list("recipient_id", flat=True))
    assert world.dept_officer.pk in told and world.officer_a.pk not in told
    assert list(selectors.proposals_received(world.dept_officer)) == [proposal]
    assert list(selectors.proposals_received(world.principal_b)) == []


def test_only_published_stories_go_up_and_only_to_an_ancestor(world):
    with pytest.raises(ValidationError):
        services.propose_story(actor=world.officer_a, story=draft(world), to_unit=world.department)
    story = published(world)
    with pytest.raises(ValidationError):
        services.propose_story(actor=world.officer_a, story=story, to_unit=world.school_b)
    with pytest.raises(ValidationError):
        services.propose_story(actor=world.officer_a, story=story, to_unit=world.school_a)
    with pytest.raises(PermissionDenied):
        services.propose_story(actor=world.teacher_a, story=story, to_unit=world.department)
    services.propose_story(actor=world.principal_a, story=story, to_unit=world.department)
    with pytest.raises(ValidationError):
        services.propose_story(actor=world.officer_a, story=story, to_unit=world.department)


def test_the_department_accepts_and_republishes_through_its_own_approval(world):
    story = draft(world)
    asset = services.add_asset(actor=world.teacher_a, story=story, alt_text="Thầy trò trồng cây", upload=
                               SimpleUploadedFile("a.png", png_bytes(600, 400), content_type="image/png"))
    services.submit_story(actor=world.teacher_a, story=story)
    services.approve_story(actor=world.principal_a, story=story)
    services.publish_story(actor=world.principal_a, story=story)
    proposal = services.propose_story(actor=world.officer_a, story=story, to_unit=world.department)
    copy = services.accept_proposal(actor=world.dept_officer, proposal=proposal)
    assert copy.unit == world.department and copy.state == S.IN_REVIEW
    assert copy.source_story == story and copy.attribution_unit == world.school_a
    assert (copy.title, copy.summary, copy.body) == (story.title, story.summary, story.body)
    assert [a.file.name for a in copy.assets.all()] == [asset.file.name]
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.state == Proposal.State.ACCEPTED and proposal.republished == copy
    assert Notification.objects.filter(kind="newsroom.proposal_accepted", recipient=world.officer_a).exists()
    # The school's principal does not approve the department's copy; the department's spokesperson does.
    with pytest.raises(PermissionDenied):
        services.approve_story(actor=world.principal_a, story=copy)
    services.approve_story(actor=world.spokesperson, story=copy)
    services.publish_story(actor=world.spokesperson, story=copy)
    assert fresh(copy).state == S.PUBLISHED
    assert fresh(story).state == S.PUBLISHED  # the school's own story is untouched


def test_declining_needs_a_reason_that_the_school_sees(world):
    story = published(world)
    proposal = services.propose_story(actor=world.officer_a, story=story, to_unit=world.department)
    with pytest.raises(ValidationError):
        services.decline_proposal(actor=world.dept_officer, proposal=proposal, reason=" ")
    services.decline_proposal(actor=world.dept_officer, proposal=proposal, reason="Đã có bài cùng chủ đề tuần này.")
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.state == Proposal.State.DECLINED
    note = Notification.objects.get(kind="newsroom.proposal_declined")
    assert note.recipient == world.officer_a and note.body == "Đã có bài cùng chủ đề tuần này."
    assert [p.reason for p in selectors.proposals_sent(world.officer_a)] == ["Đã có bài cùng chủ đề tuần này."]
    with pytest.raises(ValidationError):
        services.accept_proposal(actor=world.dept_officer, proposal=proposal)


def test_only_the_receiving_units_reviewers_decide(world):
    proposal = services.propose_story(actor=world.officer_a, story=published(world), to_unit=world.department)
    for person in (world.principal_b, world.officer_a, world.principal_a):
        with pytest.raises(PermissionDenied):
            services.accept_proposal(actor=person, proposal=proposal)
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.PENDING
