"""Reading and acknowledging: first read once, acknowledgment once (also when two arrive at once), the
confirmation phrase, withdrawn directives, and the unit counters kept in step."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from .. import services
from ..models import DirectiveUnitCount, Receipt
from .factories import issued, receipt_of


def school_a_counts(directive) -> tuple[int, int, int]:
    c = DirectiveUnitCount.objects.get(directive=directive, unit__code="THCS-AP")
    return c.recipients, c.opened, c.acknowledged


def test_opening_twice_counts_one_read(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    receipt = receipt_of(directive, world.teacher_a)
    first = services.open_receipt(actor=world.teacher_a, receipt=receipt).opened_at
    again = services.open_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a)).opened_at
    assert first is not None and again == first
    assert school_a_counts(directive) == (3, 1, 0)


def test_acknowledging_marks_it_read_and_keeps_the_comment(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    receipt = services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a),
                                           comment="  Đã   triển khai tới tổ chuyên môn ")
    stored = Receipt.objects.get(pk=receipt.pk)
    assert stored.acknowledged_at is not None and stored.opened_at == stored.acknowledged_at
    assert stored.ack_comment == "Đã triển khai tới tổ chuyên môn"
    assert school_a_counts(directive) == (3, 1, 1)


def test_acknowledging_after_reading_counts_the_read_once(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    services.open_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    assert school_a_counts(directive) == (3, 1, 1)


def test_the_confirmation_phrase_must_match_without_minding_accents_or_spaces(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, confirmation_phrase="Tôi đã đọc và sẽ thực hiện")
    receipt = receipt_of(directive, world.teacher_a)
    with pytest.raises(ValidationError) as info:
        services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt, phrase="toi da doc")
    assert "Câu xác nhận chưa đúng" in str(info.value)
    assert receipt_of(directive, world.teacher_a).acknowledged_at is None
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt, phrase="  toi da DOC va se   thuc hien ")
    assert receipt_of(directive, world.teacher_a).acknowledged_at is not None


def test_nobody_acknowledges_someone_elses_receipt(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        services.acknowledge_receipt(actor=world.principal_a, receipt=receipt_of(directive, world.teacher_a))
    assert receipt_of(directive, world.teacher_a).acknowledged_at is None


def test_a_withdrawn_directive_cannot_be_acknowledged(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    services.withdraw_directive(actor=world.director, directive=directive, reason="Thay bằng văn bản khác")
    with pytest.raises(ValidationError) as info:
        services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    assert "đã bị thu hồi" in str(info.value)


def test_withdrawing_needs_a_reason_and_the_right(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.withdraw_directive(actor=world.director, directive=directive, reason="  ")
    with pytest.raises(PermissionDenied):
        services.withdraw_directive(actor=world.officer_a, directive=directive, reason="Nhầm")
    directive.refresh_from_db()
    assert directive.status == "issued"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_acknowledgments_at_once_count_once(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    receipt_id = receipt_of(directive, world.teacher_a).pk
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            receipt = Receipt.objects.select_related("directive").get(pk=receipt_id)
            barrier.wait(timeout=10)
            services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt, comment="Đã đọc")
        except BaseException as exc:  # noqa: BLE001  (reported to the test thread below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert school_a_counts(directive) == (3, 1, 1)
