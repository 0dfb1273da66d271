"""Pre-publication checks: shown before approval, enforced at approval and publishing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from .. import selectors, services
from ..models import ReviewTerm, StoryAsset, StoryState, StoryTransition
from .test_images import png_bytes
from .test_workflow import approved, draft, fresh, in_review

S = StoryState


def codes(story) -> set[str]:
    return {f.code for f in selectors.story_checks(story)}


def image(world, story, **fields) -> StoryAsset:
    upload = SimpleUploadedFile("anh-khai-giang.png", png_bytes(1200, 800), content_type="image/png")
    return services.add_asset(actor=world.officer_a, story=story, upload=upload, **fields)


def test_a_clean_story_has_no_findings(world):
    assert selectors.story_checks(draft(world)) == []


def test_an_image_without_alt_text_blocks_approval_with_the_reason(world):
    story = in_review(world)
    asset = image(world, story)
    assert "image_alt" in codes(story)
    with pytest.raises(ValidationError) as exc:
        services.approve_story(actor=world.principal_a, story=story)
    assert "mô tả cho người khiếm thị" in str(exc.value)
    assert fresh(story).state == S.IN_REVIEW
    services.update_asset(actor=world.officer_a, asset=asset, alt_text="Học sinh chào cờ trong lễ khai giảng")
    services.approve_story(actor=world.principal_a, story=story)
    assert fresh(story).state == S.APPROVED


def test_an_inline_image_without_alt_is_found_too(world):
    story = draft(world, body='<p>Ảnh:</p><img src="/media/stories/a.png">')
    assert "image_alt" in codes(story)


def test_a_photo_of_students_needs_a_valid_consent(world):
    story = in_review(world)
    asset = image(world, story, alt_text="Học sinh lớp 6A", shows_students=True)
    assert "consent_image" in codes(story)
    # Age 11: the parent alone is not enough.
    services.record_consent(actor=world.officer_a, story=story, asset=asset, student_name="Nguyễn Minh An",
                            student_age=11, parent_name="Nguyễn Văn Bình", parent_agreed=True, child_agreed=False)
    assert "consent_image" in codes(story)
    services.record_consent(actor=world.officer_a, story=story, asset=asset, student_name="Nguyễn Minh An",
                            student_age=11, parent_name="Nguyễn Văn Bình", parent_agreed=True, child_agreed=True)
    assert "consent_image" not in codes(story)


def test_under_seven_the_parents_consent_suffices(world):
    story = draft(world, names_students=True)
    assert "consent_named" in codes(story)
    services.record_consent(actor=world.teacher_a, story=story, student_name="Lê Bảo Ngọc", student_age=6,
                            parent_name="Lê Văn Cường", parent_agreed=True, child_agreed=False)
    assert "consent_named" not in codes(story)


def test_naming_a_student_aged_seven_needs_both_agreements(world):
    story = draft(world, names_students=True)
    services.record_consent(actor=world.teacher_a, story=story, student_name="Lê Bảo Ngọc", student_age=7,
                            parent_name="Lê Văn Cường", parent_agreed=True, child_agreed=False)
    assert "consent_named" in codes(story)
    services.record_consent(actor=world.teacher_a, story=story, student_name="Lê Bảo Ngọc", student_age=7,
                            parent_name="Lê Văn Cường", parent_agreed=True, child_agreed=True)
    assert "consent_named" not in codes(story)


def test_length_limits_and_an_empty_article(world):
    story = draft(world, title="T" * 151, summary="S" * 501, body="")
    assert {"title_length", "summary_length", "body_empty"} <= codes(story)
    poster = draft(world, body="", format="poster")
    assert "body_empty" not in codes(poster)


def test_a_department_term_is_found_without_diacritics_and_needs_acknowledgement(world):
    services.add_review_term(actor=world.dept_officer, unit=world.department, term="Dạy thêm",
                             note="Kiểm tra theo Thông tư 29/2024.")
    story = in_review(world, body="<p>Nhà trường không tổ chức DAY THEM, học thêm trái quy định.</p>")
    findings = selectors.story_checks(story)
    assert [(f.code, f.blocking) for f in findings] == [("review_term", False)]
    with pytest.raises(ValidationError) as exc:
        services.approve_story(actor=world.principal_a, story=story)
    assert "Dạy thêm" in str(exc.value)
    services.approve_story(actor=world.principal_a, story=story, acknowledge=True)
    assert fresh(story).state == S.APPROVED


def test_a_term_does_not_match_inside_another_word(world):
    ReviewTerm.objects.create(unit=world.department, term="thi", term_folded="thi")
    story = draft(world, body="<p>Thiết bị dạy học mới.</p>")
    assert "review_term" not in codes(story)


def test_an_approved_story_takes_no_new_images(world):
    from django.core.exceptions import PermissionDenied

    story = approved(world)
    with pytest.raises(PermissionDenied):
        image(world, story)
    assert not StoryAsset.objects.filter(story=story).exists()


def test_publishing_refuses_a_story_whose_consent_is_missing(world):
    story = approved(world)
    type(story).objects.filter(pk=story.pk).update(names_students=True)
    with pytest.raises(ValidationError) as exc:
        services.publish_story(actor=world.principal_a, story=fresh(story))
    assert "đồng ý" in str(exc.value)
    assert fresh(story).state == S.APPROVED
    assert not StoryTransition.objects.filter(story=story, to_state=S.PUBLISHED).exists()


def test_only_a_newsroom_manager_adds_review_terms(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.add_review_term(actor=world.teacher_a, unit=world.department, term="Dạy thêm")
    with pytest.raises(ValidationError):
        services.add_review_term(actor=world.dept_officer, unit=world.department, term=" ")
