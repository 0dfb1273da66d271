"""The proposal pages: a school's reviewer proposes a published story upward; the department's reviewers
accept it (a copy in their own review) or decline it with a reason the school sees."""

import pytest
from django.urls import NoReverseMatch, reverse

from educomms.audit.models import Event

from ..models import Proposal, Story, StoryState
from . import test_workflow as flow

PROPOSALS = reverse("newsroom:proposals")


def propose_url(story):
    return reverse("newsroom:story_propose", args=[story.pk])


def proposed(world, **fields):
    story = flow.published(world, **fields)
    return flow.services.propose_story(actor=world.officer_a, story=story, to_unit=world.department,
                                       note="Gương thầy giáo trẻ, đề nghị Sở đăng lại.")


def fresh(proposal):
    return Proposal.objects.get(pk=proposal.pk)


# --- Proposing ------------------------------------------------------------------------------------------

def test_it_offers_the_units_above_the_school_with_the_department_chosen(world, login):
    story = flow.published(world)
    response = login(world.officer_a).get(propose_url(story))
    assert response.status_code == 200
    field = response.context["form"]["to_unit"]
    assert [u.pk for u in field.field.queryset] == [world.commune.pk, world.department.pk, world.ministry.pk]
    assert field.initial == world.department
    assert story.title in response.content.decode()


def test_it_proposes_a_published_story_to_the_department(world, login):
    story = flow.published(world)
    response = login(world.officer_a).post(propose_url(story), {"to_unit": world.department.pk,
                                                                "note": "Bài hay về thầy giáo trẻ."}, follow=True)
    assert response.redirect_chain[-1][0] == f"{PROPOSALS}?tab=sent"
    proposal = Proposal.objects.get(story=story)
    assert (proposal.to_unit, proposal.state, proposal.note) == (world.department, Proposal.State.PENDING,
                                                                 "Bài hay về thầy giáo trẻ.")
    html = response.content.decode()
    assert "Đã đề xuất tin bài lên Sở Giáo dục và Đào tạo tỉnh Bình Sơn." in html and story.title in html


def test_it_hides_the_propose_page_from_anyone_but_the_school_reviewers(world, login, client):
    story = flow.published(world)
    for person in (world.principal_b, world.director, world.dept_officer, world.teacher_a):
        client.logout()
        assert login(person).get(propose_url(story)).status_code == 404, person.full_name
        assert login(person).post(propose_url(story), {"to_unit": world.department.pk}).status_code == 404
    assert not Proposal.objects.exists()
    assert login(world.principal_a).get(propose_url(story)).status_code == 200


def test_it_refuses_a_story_that_is_not_published(world, login):
    story = flow.in_review(world)
    client = login(world.officer_a)
    html = client.get(propose_url(story)).content.decode()
    assert "Chỉ đề xuất được tin bài đã đăng." in html and "Gửi đề xuất" not in html
    assert client.post(propose_url(story), {"to_unit": world.department.pk}).status_code == 200
    assert not Proposal.objects.exists()


def test_it_refuses_a_unit_that_is_not_above_the_school(world, login):
    story = flow.published(world)
    response = login(world.officer_a).post(propose_url(story), {"to_unit": world.school_b.pk})
    assert response.status_code == 200
    assert "Chỉ đề xuất lên đơn vị cấp trên của đơn vị mình." in response.content.decode()
    assert not Proposal.objects.exists()


def test_it_refuses_a_second_pending_proposal_to_the_same_unit(world, login):
    proposal = proposed(world)
    response = login(world.principal_a).post(propose_url(proposal.story), {"to_unit": world.department.pk})
    assert "Tin bài này đang chờ đơn vị cấp trên xem xét." in response.content.decode()
    assert Proposal.objects.count() == 1


# --- The inbox ------------------------------------------------------------------------------------------

def test_it_lists_pending_proposals_to_the_department_officer(world, login):
    proposal = proposed(world)
    response = login(world.dept_officer).get(PROPOSALS)
    assert response.status_code == 200
    assert response.context["pending"] == [proposal]
    html = response.content.decode()
    assert proposal.story.title in html and "Gương thầy giáo trẻ, đề nghị Sở đăng lại." in html
    assert reverse("newsroom:proposal_accept", args=[proposal.pk]) in html


def test_it_shows_the_school_its_sent_proposal_with_the_departments_reason(world, login):
    proposal = proposed(world)
    flow.services.decline_proposal(actor=world.dept_officer, proposal=proposal, reason="Sở đã đăng bài cùng sự kiện.")
    response = login(world.officer_a).get(PROPOSALS, {"tab": "sent"})
    assert list(response.context["page"].object_list) == [proposal]
    html = response.content.decode()
    assert "Sở không nhận" in html and "Sở đã đăng bài cùng sự kiện." in html
    # The department sees it among its decisions, not among "sent".
    client = login(world.dept_officer)
    assert list(client.get(PROPOSALS, {"tab": "sent"}).context["page"].object_list) == []
    assert list(client.get(PROPOSALS).context["page"].object_list) == [fresh(proposal)]


def test_it_hides_school_a_proposals_from_school_b(world, login):
    proposal = proposed(world)
    client = login(world.principal_b)
    for tab in ("received", "sent"):
        response = client.get(PROPOSALS, {"tab": tab})
        assert response.context["pending"] == [] and list(response.context["page"].object_list) == []
    assert client.post(reverse("newsroom:proposal_accept", args=[proposal.pk])).status_code == 404
    decline = reverse("newsroom:proposal_decline", args=[proposal.pk])
    assert client.get(decline).status_code == 404
    assert client.post(decline, {"reason": "Không phù hợp."}).status_code == 404
    assert fresh(proposal).state == Proposal.State.PENDING


def test_it_keeps_the_list_to_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    for n in range(3):
        proposal = proposed(world, title=f"Tin bài số {n}")
        if n == 0:
            flow.services.decline_proposal(actor=world.dept_officer, proposal=proposal, reason="Trùng chủ đề.")
    client = login(world.dept_officer)
    client.get(PROPOSALS)  # warm the session
    # session, person, two-factor check, grants, unread count, units (switcher) — then the page's own:
    # pending (with story, unit, author, proposer, receiving unit), decided count, decided page
    with django_assert_num_queries(9):
        assert client.get(PROPOSALS).status_code == 200
    client = login(world.officer_a)
    client.get(PROPOSALS, {"tab": "sent"})
    with django_assert_num_queries(8):  # the six of every page, then count and page
        assert client.get(PROPOSALS, {"tab": "sent"}).status_code == 200


# --- Deciding -------------------------------------------------------------------------------------------

def test_it_accepts_a_proposal_into_the_departments_own_review(world, login):
    proposal = proposed(world)
    client = login(world.dept_officer)
    response = client.post(reverse("newsroom:proposal_accept", args=[proposal.pk]))
    copy = Story.objects.get(source_story=proposal.story)
    assert (copy.unit, copy.state, copy.attribution_unit) == (world.department, StoryState.IN_REVIEW, world.school_a)
    assert fresh(proposal).republished == copy
    # To the copy's page where the story pages are installed, else back to the list.
    try:
        expected = reverse("newsroom:story", args=[copy.pk])
    except NoReverseMatch:
        expected = PROPOSALS
    assert response.status_code == 302 and response["Location"] == expected
    html = client.get(PROPOSALS).content.decode()
    assert "Đã nhận đăng lại “Lễ khai giảng năm học 2026–2027”: bản của đơn vị đang chờ duyệt." in html


def test_it_accepts_only_once_when_accept_is_posted_twice(world, login):
    proposal = proposed(world)
    client = login(world.dept_officer)
    url = reverse("newsroom:proposal_accept", args=[proposal.pk])
    client.post(url)
    response = client.post(url, follow=True)  # the second answers with the list and a message
    assert Story.objects.filter(source_story=proposal.story).count() == 1
    assert Event.objects.filter(verb="proposal.accepted").count() == 1
    assert "Đề xuất này đã được xét" in response.content.decode()


def test_it_changes_nothing_when_declined_without_a_reason(world, login):
    proposal = proposed(world)
    response = login(world.dept_officer).post(reverse("newsroom:proposal_decline", args=[proposal.pk]),
                                              {"reason": "   "})
    assert response.status_code == 200
    assert "Cần ghi lý do không nhận để đơn vị đề xuất biết." in response.content.decode()
    assert fresh(proposal).state == Proposal.State.PENDING
    assert not Event.objects.filter(verb="proposal.declined").exists()


def test_it_declines_with_the_reason(world, login):
    proposal = proposed(world)
    client = login(world.dept_officer)
    url = reverse("newsroom:proposal_decline", args=[proposal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Tuần này Sở đã có bài cùng chủ đề."})
    assert response.status_code == 302 and response["Location"] == PROPOSALS
    proposal = fresh(proposal)
    assert (proposal.state, proposal.reason, proposal.decided_by) == (
        Proposal.State.DECLINED, "Tuần này Sở đã có bài cùng chủ đề.", world.dept_officer)


def test_it_does_not_let_the_school_decide_its_own_proposal(world, login):
    proposal = proposed(world)
    client = login(world.officer_a)
    assert client.post(reverse("newsroom:proposal_accept", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("newsroom:proposal_decline", args=[proposal.pk])).status_code == 403
    assert fresh(proposal).state == Proposal.State.PENDING


@pytest.mark.parametrize("name", ["proposals", "story_propose", "proposal_accept", "proposal_decline"])
def test_it_sends_anonymous_visitors_to_the_login_page(world, client, name):
    url = reverse(f"newsroom:{name}", args=[] if name == "proposals" else [1])
    response = client.post(url) if name == "proposal_accept" else client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
