"""Drafts: cleaned content, concurrent edits refused, attachments checked by content, and corrections
that keep the first directive's receipts."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from educomms.audit.models import Event

from .. import selectors, services
from ..models import Attachment, DirectiveStatus, DirectiveTarget, Receipt
from ..targeting import TargetSpec
from .factories import draft, issue, issued, receipt_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_draft_is_cleaned_and_audited(world):
    directive = draft(world, title="  Kế hoạch   phòng, chống bạo lực học đường ", summary="Tóm  tắt",
                      body="<p>Nội dung <script>alert(1)</script><a href='javascript:x'>x</a></p>",
                      remind_days_before=[0, 3, 3])
    assert directive.title == "Kế hoạch phòng, chống bạo lực học đường" and directive.summary == "Tóm tắt"
    assert "<script" not in directive.body and "javascript" not in directive.body
    assert directive.remind_days_before == [3, 0] and directive.status == DirectiveStatus.DRAFT
    assert Event.objects.filter(verb="directive.created", object_id=str(directive.pk)).exists()


def test_an_empty_title_is_refused_in_vietnamese(world):
    with pytest.raises(ValidationError) as info:
        draft(world, title="   ")
    assert "Trích yếu không được để trống" in str(info.value)


def test_an_edit_from_an_old_version_changes_nothing(world):
    directive = draft(world)
    services.update_directive(actor=world.dept_officer, directive=directive, version=1, summary="Bản của Sở")
    with pytest.raises(ValidationError) as info:
        services.update_directive(actor=world.director, directive=directive, version=1, summary="Bản khác")
    assert "người khác sửa" in str(info.value)
    directive.refresh_from_db()
    assert directive.summary == "Bản của Sở" and directive.version == 2


def test_targets_are_replaced_on_edit(world):
    directive = draft(world)
    services.update_directive(actor=world.dept_officer, directive=directive, version=1,
                              targets=[TargetSpec(unit=world.school_a), TargetSpec(unit=world.school_b)])
    assert sorted(t.unit_id for t in DirectiveTarget.objects.filter(directive=directive)) == sorted(
        [world.school_a.pk, world.school_b.pk])


def test_an_issued_directive_is_not_edited(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as info:
        services.update_directive(actor=world.director, directive=directive, version=directive.version, title="X")
    assert "đính chính" in str(info.value)


def test_a_pdf_is_attached_and_a_renamed_exe_refused(world):
    directive = draft(world)
    attachment = services.add_attachment(actor=world.dept_officer, directive=directive,
                                         upload=SimpleUploadedFile("Kế hoạch.pdf", PDF))
    assert attachment.mime == "application/pdf" and attachment.original_name == "Kế hoạch.pdf"
    with pytest.raises(ValidationError) as info:
        services.add_attachment(actor=world.dept_officer, directive=directive,
                                upload=SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    assert "Loại tệp không được chấp nhận" in str(info.value)
    assert Attachment.objects.filter(directive=directive).count() == 1
    services.remove_attachment(actor=world.dept_officer, attachment=attachment)
    assert not Attachment.objects.filter(directive=directive).exists()


def test_a_school_cannot_touch_the_departments_draft(world):
    directive = draft(world)
    with pytest.raises(PermissionDenied):
        services.update_directive(actor=world.principal_a, directive=directive, version=1, title="Sửa")
    with pytest.raises(PermissionDenied):
        services.add_attachment(actor=world.principal_a, directive=directive,
                                upload=SimpleUploadedFile("a.pdf", PDF))


def test_a_correction_keeps_the_first_receipts_and_reaches_the_same_people(world, django_capture_on_commit_callbacks):
    first = issued(world, django_capture_on_commit_callbacks)
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(first, world.teacher_a))
    correction = services.correct_directive(actor=world.director, directive=first)
    assert correction.status == DirectiveStatus.DRAFT and correction.corrects == first
    assert correction.title == first.title and correction.targets.count() == first.targets.count()
    correction = issue(world, correction, django_capture_on_commit_callbacks)
    assert receipt_of(first, world.teacher_a).acknowledged_at is not None  # the history stays
    assert Receipt.objects.filter(directive=correction).count() == 7
    inbox = [r.directive for r in selectors.inbox(world.teacher_a)]
    assert set(inbox) == {first, correction}
    assert list(first.corrections.filter(status=DirectiveStatus.ISSUED)) == [correction]


def test_a_draft_cannot_be_corrected(world):
    with pytest.raises(ValidationError):
        services.correct_directive(actor=world.director, directive=draft(world))


def test_opening_the_directive_page_or_a_file_counts_as_read(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    assert services.open_directive(actor=world.teacher_a, directive=directive).opened_at is not None
    assert services.open_directive(actor=world.principal_b, directive=directive) is not None
    assert receipt_of(directive, world.principal_b).opened_at is not None
    assert services.open_directive(actor=world.admin, directive=directive) is None  # not a recipient


def test_a_file_reads_as_bytes(world):
    directive = draft(world)
    attachment = services.add_attachment(actor=world.dept_officer, directive=directive,
                                         upload=SimpleUploadedFile("ke-hoach.pdf", PDF))
    with attachment.file.open("rb") as stored:
        assert io.BytesIO(stored.read()).getvalue() == PDF


def test_a_public_directive_is_published_on_the_portal_and_withdrawn_with_it(world, django_capture_on_commit_callbacks):
    from educomms.documents.models import DocumentState, PublicDocument

    directive = draft(world, public=True)
    with pytest.raises(ValidationError) as info:
        services.issue_directive(actor=world.director, directive=directive)
    assert "cần có tệp đính kèm" in str(info.value)
    services.add_attachment(actor=world.dept_officer, directive=directive,
                            upload=SimpleUploadedFile("Kế hoạch.pdf", PDF))
    issue(world, directive, django_capture_on_commit_callbacks)
    document = PublicDocument.objects.get(source_app="directives", source_id=str(directive.pk))
    assert document.state == DocumentState.PUBLISHED and document.number_symbol == "125/SGDĐT-VP"
    assert document.title == directive.title and document.unit == world.department
    services.withdraw_directive(actor=world.director, directive=directive, reason="Thay bằng văn bản khác")
    document.refresh_from_db()
    assert document.state == DocumentState.WITHDRAWN


def test_a_directive_that_is_not_public_stays_off_the_portal(world, django_capture_on_commit_callbacks):
    from educomms.documents.models import PublicDocument

    issued(world, django_capture_on_commit_callbacks)
    assert not PublicDocument.objects.filter(source_app="directives").exists()
