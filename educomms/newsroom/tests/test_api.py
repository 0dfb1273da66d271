"""/api/v1/stories: scoped like the pages (in scope 200/201, sibling 404, anonymous 401, visible without the
right 403), the same services, the one error format."""

import datetime as dt

from django.utils import timezone

from educomms.api.tests.helpers import error_of

from ..models import Story, StoryState, StoryTransition
from .test_workflow import approved, draft, fresh, in_review, published

S = StoryState


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_a_teacher_creates_a_draft_at_their_school(world, api_as):
    response = api_as(world.teacher_a).post("/api/v1/stories", {
        "unit_id": world.school_a.pk, "title": "Ngày hội đọc sách", "summary": "Học sinh đổi sách cũ lấy sách mới.",
        "body": "<p>Nội dung <script>x</script></p>", "audiences": ["students", "parents"]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["version"] == 1 and body["author"]["id"] == world.teacher_a.pk
    assert "script" not in body["body"] and body["audiences"] == ["students", "parents"]
    assert body["moves"] == ["in_review", "archived"]
    assert Story.objects.get(pk=body["id"]).unit == world.school_a


def test_creating_at_a_sibling_school_is_404(world, api_as):
    response = api_as(world.teacher_a).post("/api/v1/stories", {"unit_id": world.school_b.pk, "title": "X"})
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert not Story.objects.exists()


def test_anonymous_gets_401_everywhere(world, api_as):
    story = published(world)
    anonymous = api_as(None)
    for response in (anonymous.get("/api/v1/stories"), anonymous.get(f"/api/v1/stories/{story.pk}"),
                     anonymous.get("/api/v1/stories/queue"),
                     anonymous.post("/api/v1/stories", {"unit_id": world.school_a.pk, "title": "X"}),
                     anonymous.post(f"/api/v1/stories/{story.pk}/transitions", {"to": "retracted"})):
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthorized"


def test_the_list_is_scoped_and_filtered(world, api_as):
    a_draft = draft(world, title="Bản nháp của trường A")
    a_published = published(world, title="Kỳ thi tốt nghiệp")
    b_story = draft(world, author=world.principal_b, unit=world.school_b, title="Tin trường B")
    Story.objects.filter(pk=b_story.pk).update(state=S.PUBLISHED, published_at=timezone.now())
    assert set(ids(api_as(world.teacher_a).get("/api/v1/stories"))) == {a_draft.pk, a_published.pk}
    assert ids(api_as(world.principal_b).get("/api/v1/stories")) == [b_story.pk]
    assert set(ids(api_as(world.director).get("/api/v1/stories"))) == {a_published.pk, b_story.pk}
    assert ids(api_as(world.teacher_a).get("/api/v1/stories", {"state": "published"})) == [a_published.pk]
    assert ids(api_as(world.teacher_a).get("/api/v1/stories", {"q": "ky thi tot nghiep"})) == [a_published.pk]
    assert ids(api_as(world.director).get("/api/v1/stories", {"unit": world.school_a.pk})) == [a_published.pk]
    assert api_as(world.principal_b).get("/api/v1/stories", {"unit": world.school_a.pk}).status_code == 404


def test_reading_a_story_in_scope_and_a_sibling_draft(world, api_as):
    story = draft(world)
    response = api_as(world.officer_a).get(f"/api/v1/stories/{story.pk}")
    assert response.status_code == 200 and response.json()["title"] == story.title
    response = api_as(world.principal_b).get(f"/api/v1/stories/{story.pk}")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert api_as(world.officer_a).get("/api/v1/stories/999999").status_code == 404


def test_patch_with_the_current_version_then_a_stale_one(world, api_as):
    story = draft(world)
    client = api_as(world.teacher_a)
    response = client.patch(f"/api/v1/stories/{story.pk}", {"version": 1, "title": "Tiêu đề mới"})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["summary"] == story.summary
    response = client.patch(f"/api/v1/stories/{story.pk}", {"version": 1, "title": "Ghi đè"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_error" and "người khác sửa" in error["message"]
    assert error["details"][0]["field"] == "version"
    assert fresh(story).title == "Tiêu đề mới"


def test_patch_by_a_sibling_is_404_and_by_a_teacher_in_review_403(world, api_as):
    story = in_review(world)
    assert api_as(world.principal_b).patch(f"/api/v1/stories/{story.pk}",
                                           {"version": story.version, "title": "X"}).status_code == 404
    response = api_as(world.teacher_a).patch(f"/api/v1/stories/{story.pk}", {"version": story.version, "title": "X"})
    assert response.status_code == 403 and error_of(response)["code"] == "forbidden"


def test_the_whole_flow_through_transitions(world, api_as):
    story = draft(world)
    assert api_as(world.teacher_a).post(f"/api/v1/stories/{story.pk}/transitions",
                                        {"to": "in_review"}).json()["state"] == "in_review"
    queue = api_as(world.principal_a).get("/api/v1/stories/queue")
    assert ids(queue) == [story.pk]
    assert ids(api_as(world.principal_b).get("/api/v1/stories/queue")) == []
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "approved"})
    assert response.status_code == 200 and response.json()["state"] == "approved"
    when = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions",
                                              {"to": "scheduled", "scheduled_for": when})
    assert response.status_code == 200 and response.json()["state"] == "scheduled"
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "published"})
    assert response.json()["state"] == "published" and response.json()["published_at"]


def test_the_author_approving_their_own_story_is_403(world, api_as):
    story = in_review(world, author=world.principal_a)
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "approved"})
    assert response.status_code == 403
    assert fresh(story).state == S.IN_REVIEW


def test_the_department_director_approving_a_school_story_is_403(world, api_as):
    story = in_review(world)
    response = api_as(world.director).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "approved"})
    # The director cannot see the school's working draft at all: out of scope is 404, like missing.
    assert response.status_code == 404
    assert fresh(story).state == S.IN_REVIEW


def test_a_school_officer_approving_is_403(world, api_as):
    story = in_review(world)
    response = api_as(world.officer_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "approved"})
    assert response.status_code == 403


def test_an_invalid_transition_and_an_unknown_state(world, api_as):
    story = approved(world)
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "in_review"})
    assert response.status_code == 400 and "Không thể chuyển" in error_of(response)["message"]
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "done"})
    assert response.status_code == 422 and error_of(response)["details"][0]["field"] == "to"
    assert not StoryTransition.objects.filter(story=story, from_state=S.APPROVED).exists()
    assert fresh(story).state == S.APPROVED


def test_request_changes_without_a_comment_is_400(world, api_as):
    story = in_review(world)
    response = api_as(world.officer_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "changes_requested"})
    assert response.status_code == 400 and error_of(response)["details"][0]["field"] == "comment"


def test_the_detail_shows_blocking_checks_and_approval_refuses_them(world, api_as):
    story = in_review(world, names_students=True)
    detail = api_as(world.principal_a).get(f"/api/v1/stories/{story.pk}").json()
    assert [(c["code"], c["blocking"]) for c in detail["checks"]] == [("consent_named", True)]
    response = api_as(world.principal_a).post(f"/api/v1/stories/{story.pk}/transitions", {"to": "approved"})
    assert response.status_code == 400 and "đồng ý" in error_of(response)["message"]


def test_the_list_costs_the_same_queries_for_two_or_ten_stories(world, api_as, django_assert_max_num_queries):
    client = api_as(world.teacher_a)
    for n in range(2):
        draft(world, title=f"Tin số {n}")
    with django_assert_max_num_queries(12) as few:
        assert len(ids(client.get("/api/v1/stories"))) == 2
    for n in range(8):
        draft(world, title=f"Tin thêm {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(ids(client.get("/api/v1/stories"))) == 10


def test_the_portal_selector_preloads_what_a_list_shows(world, django_assert_num_queries):
    for n in range(3):
        published(world, title=f"Tin đã đăng {n}")
    from .. import selectors

    with django_assert_num_queries(3):  # stories with units/authors/cover, themes, images
        rows = [(s.unit.name, s.author.full_name, [t.name for t in s.themes.all()], list(s.assets.all()))
                for s in selectors.published_for_portal()]
    assert len(rows) == 3


# --- History and proposals -------------------------------------------------------------------------------

def test_the_history_of_a_story(world, api_as):
    story = approved(world)
    response = api_as(world.teacher_a).get(f"/api/v1/stories/{story.pk}/transitions")
    assert response.status_code == 200
    assert [(t["from_state"], t["to_state"], t["actor"]["id"]) for t in response.json()] == [
        ("draft", "in_review", world.teacher_a.pk), ("in_review", "approved", world.principal_a.pk)]
    assert api_as(world.principal_b).get(f"/api/v1/stories/{story.pk}/transitions").status_code == 404


def test_a_proposal_goes_up_and_is_accepted_through_the_api(world, api_as):
    story = published(world)
    response = api_as(world.officer_a).post(f"/api/v1/stories/{story.pk}/proposals",
                                            {"to_unit_id": world.department.pk, "note": "Đề nghị đăng lại."})
    assert response.status_code == 201, response.content
    proposal_id = response.json()["id"]
    assert response.json()["state"] == "pending" and response.json()["to_unit"]["id"] == world.department.pk
    received = api_as(world.dept_officer).get("/api/v1/proposals")
    assert [p["id"] for p in received.json()["items"]] == [proposal_id]
    assert api_as(world.principal_b).post(f"/api/v1/proposals/{proposal_id}/accept").status_code == 404
    assert api_as(world.teacher_a).post(f"/api/v1/proposals/{proposal_id}/accept").status_code == 403
    response = api_as(world.dept_officer).post(f"/api/v1/proposals/{proposal_id}/accept")
    assert response.status_code == 200, response.content
    copy = response.json()
    assert copy["unit"]["id"] == world.department.pk and copy["state"] == "in_review"
    assert copy["attribution_unit"]["id"] == world.school_a.pk


def test_a_proposal_to_a_sibling_is_404_and_a_decline_needs_a_reason(world, api_as):
    story = published(world)
    client = api_as(world.officer_a)
    assert client.post(f"/api/v1/stories/{story.pk}/proposals",
                       {"to_unit_id": world.school_b.pk}).status_code == 404
    proposal_id = client.post(f"/api/v1/stories/{story.pk}/proposals",
                              {"to_unit_id": world.department.pk}).json()["id"]
    response = api_as(world.dept_officer).post(f"/api/v1/proposals/{proposal_id}/decline", {"reason": " "})
    assert response.status_code == 400 and error_of(response)["details"][0]["field"] == "reason"
    response = api_as(world.dept_officer).post(f"/api/v1/proposals/{proposal_id}/decline",
                                               {"reason": "Trùng chủ đề."})
    assert response.status_code == 200 and response.json()["state"] == "declined"
    assert response.json()["reason"] == "Trùng chủ đề."
