"""The demo newsroom: stories seeded by `manage.py demo` after the province (loaded once for this module)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from educomms.demo import province, stories
from educomms.newsroom.models import Proposal, Story, StoryState, StoryTransition, Theme
from educomms.org.models import Membership, Unit
from educomms.org.roles import Role

pytestmark = pytest.mark.django_db
S = StoryState


@pytest.fixture(scope="module")
def newsroom(full_province, django_db_blocker):
    with django_db_blocker.unblock():
        return stories.load()


def department() -> Unit:
    return Unit.objects.get(code=province.DEPARTMENT_CODE)


def test_every_department_theme_has_a_published_department_story(newsroom):
    themes = Theme.objects.filter(unit=department()).annotate(
        n=Count("stories", filter=Q(stories__state=S.PUBLISHED, stories__unit=department())))
    assert themes.count() == 9
    assert all(theme.n >= 1 for theme in themes), [t.name for t in themes if t.n == 0]


def test_it_publishes_stories_of_several_schools_with_audiences(newsroom):
    school_stories = Story.objects.filter(state=S.PUBLISHED, unit__kind=Unit.Kind.SCHOOL)
    assert school_stories.count() >= 8
    assert school_stories.values("unit").distinct().count() >= 4
    assert Story.objects.filter(unit=department(), state=S.PUBLISHED).count() >= 25
    assert all(story.audiences for story in Story.objects.all())
    assert newsroom.created and newsroom.school_published == school_stories.count()


def test_published_stories_are_approved_by_a_head_or_spokesperson_who_is_not_the_author(newsroom):
    for story in Story.objects.filter(state=S.PUBLISHED).select_related("unit"):
        approval = StoryTransition.objects.get(story=story, to_state=S.APPROVED)
        assert approval.actor_id != story.author_id
        roles = set(Membership.objects.active().filter(unit=story.unit, person_id=approval.actor_id)
                    .values_list("role", flat=True))
        assert roles & {Role.HEAD, Role.SPOKESPERSON}, story.title


def test_a_teacher_drafts_and_the_school_officer_submits_at_some_schools(newsroom):
    teacher_stories = Story.objects.filter(unit__kind=Unit.Kind.SCHOOL, author__title__startswith="Giáo viên",
                                           author__memberships__role=Role.STAFF).exclude(
        author__memberships__role=Role.COMMS_OFFICER).distinct()
    assert teacher_stories.count() >= 3
    for story in teacher_stories:
        submitted = StoryTransition.objects.filter(story=story, to_state=S.IN_REVIEW).first()
        assert submitted.actor_id != story.author_id
        assert Membership.objects.active().filter(unit=story.unit, person_id=submitted.actor_id,
                                                  role=Role.COMMS_OFFICER).exists()


def test_it_spreads_publication_over_the_last_two_months_and_features_a_few(newsroom):
    published = Story.objects.filter(state=S.PUBLISHED)
    now = timezone.now()
    oldest = min(published.values_list("published_at", flat=True))
    newest = max(published.values_list("published_at", flat=True))
    assert now - timezone.timedelta(days=62) < oldest < now - timezone.timedelta(days=45)
    assert newest < now
    assert published.values("published_at__date").distinct().count() >= 25
    assert 3 <= published.filter(featured=True, unit=department()).count() <= 8


def test_a_school_story_is_proposed_accepted_and_republished_with_attribution(newsroom):
    proposal = Proposal.objects.get()
    assert proposal.state == Proposal.State.ACCEPTED
    copy = proposal.republished
    assert copy.unit == department() and copy.state == S.PUBLISHED
    assert copy.attribution_unit == proposal.story.unit
    assert copy.source_story == proposal.story and copy.title == proposal.story.title


def test_it_leaves_stories_in_review_one_with_changes_requested_and_one_scheduled_for_tomorrow(newsroom):
    assert Story.objects.filter(unit=department(), state=S.IN_REVIEW).count() >= 2
    assert Story.objects.filter(unit__name="Trường THCS Nguyễn Du", state=S.IN_REVIEW).exists()
    changes = Story.objects.get(state=S.CHANGES_REQUESTED)
    assert StoryTransition.objects.get(story=changes, to_state=S.CHANGES_REQUESTED).comment
    scheduled = Story.objects.get(state=S.SCHEDULED)
    assert timezone.localdate(scheduled.scheduled_for) == timezone.localdate() + timezone.timedelta(days=1)
    assert scheduled.published_at is None


def test_the_portal_home_shows_demo_stories(newsroom, client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở GD&amp;ĐT Bình Sơn triển khai nhiệm vụ năm học" in page or \
        "Tuyên dương nhà giáo tiêu biểu nhân kỷ niệm Ngày Nhà giáo Việt Nam" in page


def test_a_demo_story_page_shows_its_title_and_body(newsroom, client):
    story = Story.objects.get(title="Những điểm mới của quy định về dạy thêm, học thêm")
    response = client.get(reverse("portal:story", args=[story.pk, story.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert story.title in page
    assert "Những trường hợp không được dạy thêm" in page


def test_portal_search_without_diacritics_finds_the_graduation_exam_stories(newsroom, client):
    response = client.get("/tim-kiem/?q=ky+thi+tot+nghiep")
    assert response.status_code == 200
    page = response.content.decode()
    # Titles are shown with the matched words highlighted: look for the stories' links.
    for title in ("Công bố lịch kỳ thi tốt nghiệp THPT và các mốc đăng ký dự thi",
                  "Kỳ thi tốt nghiệp THPT: những lưu ý về hồ sơ của thí sinh tự do"):
        story = Story.objects.get(title=title)
        assert reverse("portal:story", args=[story.pk, story.slug]) in page
    assert "<mark" in page


def test_the_demo_command_run_again_creates_no_stories(newsroom):
    before = (Story.objects.count(), StoryTransition.objects.count(), Proposal.objects.count())
    out = StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=out)
    assert (Story.objects.count(), StoryTransition.objects.count(), Proposal.objects.count()) == before
    assert "Tin bài trình diễn đã có sẵn" in out.getvalue()
    assert stories.load().created is False
