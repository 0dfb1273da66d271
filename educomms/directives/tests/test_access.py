"""Access: a school head sees only their school's receipts; the sibling school is 404; the department
sees its whole subtree; drafts stay with the drafting unit."""

import pytest
from django.http import Http404

from educomms.org import access
from educomms.org.roles import Capability

from .. import selectors, services
from .factories import draft, issued, receipt_of


def names(receipts) -> set[str]:
    return {r.person.full_name for r in receipts}


def test_a_school_head_sees_only_the_receipts_of_their_school(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    school_a = access.access_unit(world.principal_a, world.school_a.pk, Capability.VIEW_COVERAGE)
    assert names(selectors.receipts_in(world.principal_a, directive, school_a)) == {
        world.principal_a.full_name, world.officer_a.full_name, world.teacher_a.full_name}
    # Asking for the commune (above the school) still shows only the school's people.
    assert names(selectors.receipts_in(world.principal_a, directive, world.commune)) == names(
        selectors.receipts_in(world.principal_a, directive, school_a))


def test_the_sibling_school_is_404(world):
    with pytest.raises(Http404):
        access.access_unit(world.principal_b, world.school_a.pk, Capability.VIEW_COVERAGE)


def test_a_teacher_has_no_coverage_of_their_school(world):
    with pytest.raises(Http404):
        access.access_unit(world.teacher_a, world.school_a.pk, Capability.VIEW_COVERAGE)


def test_the_department_sees_everyone(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    everyone = selectors.receipts_in(world.dept_officer, directive, world.department)
    assert everyone.count() == 7
    waiting = selectors.receipts_in(world.dept_officer, directive, world.department, acknowledged=False)
    assert world.teacher_a.full_name not in names(waiting) and waiting.count() == 6


def test_recipients_see_the_directive_others_get_404(world, django_capture_on_commit_callbacks):
    from ..targeting import TargetSpec

    directive = issued(world, django_capture_on_commit_callbacks, targets=[TargetSpec(unit=world.school_a)])
    assert selectors.access_directive(world.teacher_a, directive.pk) == directive
    assert selectors.access_directive(world.dept_officer, directive.pk) == directive  # the issuing unit
    with pytest.raises(Http404):
        selectors.access_directive(world.principal_b, directive.pk)


def test_drafts_stay_with_the_drafting_unit(world):
    pending = draft(world)
    assert selectors.access_directive(world.director, pending.pk) == pending
    for outsider in (world.principal_a, world.teacher_a, world.principal_b):
        with pytest.raises(Http404):
            selectors.access_directive(outsider, pending.pk)


def test_the_inbox_holds_only_my_receipts(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    mine = list(selectors.inbox(world.teacher_a))
    assert [r.person_id for r in mine] == [world.teacher_a.pk] and mine[0].directive == directive
    assert selectors.unread_count(world.teacher_a) == 1
    services.withdraw_directive(actor=world.director, directive=directive, reason="Nhầm đối tượng")
    assert selectors.unread_count(world.teacher_a) == 0
    with pytest.raises(Http404):
        selectors.access_receipt(world.principal_a, receipt_of(directive, world.teacher_a).pk)
