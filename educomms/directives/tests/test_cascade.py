"""Cascade: the department sends to school heads with "forward to your staff"; a head forwards with a
note and the staff's receipts are created then; the roll-up shows where the cascade stopped."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from educomms.notifications.models import Notification
from educomms.org.models import Unit
from educomms.org.roles import Role

from .. import coverage, selectors, services
from ..models import DirectiveUnitCount, Forward, Receipt
from ..targeting import TargetSpec
from .factories import issued

HEADS_OF_SCHOOLS = dict(forward_required=True)


def cascade(world, capture):
    return issued(world, capture, forward_required=True,
                  targets=[TargetSpec(unit=world.department, unit_kinds=[Unit.Kind.SCHOOL], roles=[Role.HEAD])])


def test_only_the_heads_receive_it_at_first(world, django_capture_on_commit_callbacks):
    directive = cascade(world, django_capture_on_commit_callbacks)
    assert set(Receipt.objects.filter(directive=directive).values_list("person_id", flat=True)) == {
        world.principal_a.pk, world.principal_b.pk}
    assert [c.unit for c in coverage.cascade_stops(directive, world.department)] == [world.school_a, world.school_b]
    assert selectors.forwardable_units(world.principal_a, directive) == [world.school_a]


def test_a_head_forwards_and_the_staff_receive_it(world, django_capture_on_commit_callbacks):
    directive = cascade(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        forward = services.forward_directive(actor=world.principal_a, directive=directive, unit=world.school_a,
                                             note="Đề nghị các tổ chuyên môn triển khai trước 30/11.")
    assert forward.recipients == 2
    staff = Receipt.objects.filter(directive=directive, forward=forward)
    assert set(staff.values_list("person_id", flat=True)) == {world.officer_a.pk, world.teacher_a.pk}
    assert Notification.objects.filter(kind="directive.forwarded", recipient=world.teacher_a).count() == 1
    count = DirectiveUnitCount.objects.get(directive=directive, unit=world.school_a)
    assert (count.recipients, count.awaiting_forward) == (3, False)
    # The cascade stopped at School B only.
    assert [c.unit for c in coverage.cascade_stops(directive, world.department)] == [world.school_b]
    assert coverage.totals(directive, world.department).awaiting_forward == 1
    assert selectors.forwardable_units(world.principal_a, directive) == []


def test_forwarding_twice_is_refused(world, django_capture_on_commit_callbacks):
    directive = cascade(world, django_capture_on_commit_callbacks)
    services.forward_directive(actor=world.principal_a, directive=directive, unit=world.school_a)
    with pytest.raises(ValidationError) as info:
        services.forward_directive(actor=world.principal_a, directive=directive, unit=world.school_a)
    assert "đã chuyển tiếp" in str(info.value)
    assert Forward.objects.filter(directive=directive).count() == 1


def test_only_the_head_of_the_unit_forwards(world, django_capture_on_commit_callbacks):
    directive = cascade(world, django_capture_on_commit_callbacks)
    for actor, unit in ((world.officer_a, world.school_a), (world.principal_b, world.school_a),
                        (world.director, world.school_a)):
        with pytest.raises(PermissionDenied):
            services.forward_directive(actor=actor, directive=directive, unit=unit)
    assert not Forward.objects.exists()


def test_a_directive_without_cascade_is_not_forwarded(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.forward_directive(actor=world.principal_a, directive=directive, unit=world.school_a)
