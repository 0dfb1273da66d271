"""Coverage on the small tree: totals, per child unit, over time, laggards."""

import datetime as dt

from django.utils import timezone

from .. import coverage, services
from ..models import Receipt
from .factories import issued, receipt_of


def spread(world, capture):
    """Department-wide directive; School A: 2 of 3 acknowledged (the teacher only read it); School B:
    nothing; the department: the director acknowledged."""
    directive = issued(world, capture)
    for person in (world.principal_a, world.officer_a, world.director):
        services.acknowledge_receipt(actor=person, receipt=receipt_of(directive, person))
    services.open_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    return directive


def test_the_department_totals(world, django_capture_on_commit_callbacks):
    directive = spread(world, django_capture_on_commit_callbacks)
    row = coverage.totals(directive, world.department)
    assert (row.recipients, row.opened, row.acknowledged) == (7, 4, 3)
    assert round(row.acknowledged_share, 3) == round(3 / 7, 3)


def test_children_of_the_department_are_its_own_staff_and_the_commune(world, django_capture_on_commit_callbacks):
    directive = spread(world, django_capture_on_commit_callbacks)
    rows = coverage.children(directive, world.department)
    assert [(r.unit, r.recipients, r.opened, r.acknowledged, r.has_children) for r in rows] == [
        (world.department, 3, 1, 1, False),
        (world.commune, 4, 3, 2, True),
    ]


def test_the_commune_expands_into_its_schools(world, django_capture_on_commit_callbacks):
    directive = spread(world, django_capture_on_commit_callbacks)
    rows = {r.unit: r for r in coverage.children(directive, world.commune)}
    assert (rows[world.school_a].recipients, rows[world.school_a].opened, rows[world.school_a].acknowledged) == (3, 3, 2)
    assert (rows[world.school_b].recipients, rows[world.school_b].acknowledged) == (1, 0)
    assert not rows[world.school_a].has_children


def test_laggards_are_the_lowest_acknowledged_share(world, django_capture_on_commit_callbacks):
    directive = spread(world, django_capture_on_commit_callbacks)
    rows = coverage.laggards(directive, world.department, min_recipients=1)
    assert [r.unit for r in rows] == [world.school_b, world.department, world.school_a]
    assert [r.unit for r in coverage.laggards(directive, world.department, min_recipients=3)] == [
        world.department, world.school_a]


def test_the_daily_curve_is_cumulative(world, django_capture_on_commit_callbacks):
    directive = spread(world, django_capture_on_commit_callbacks)
    # Pretend it was delivered two days ago and the director acknowledged it the day after.
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    Receipt.objects.filter(directive=directive).update(delivered_at=two_days_ago)
    Receipt.objects.filter(directive=directive, person=world.director).update(
        opened_at=two_days_ago + dt.timedelta(days=1), acknowledged_at=two_days_ago + dt.timedelta(days=1))
    points = coverage.daily(directive, world.department)
    assert [(p.delivered, p.opened, p.acknowledged) for p in points] == [(7, 0, 0), (7, 1, 1), (7, 4, 3)]
    assert points[-1].day == timezone.localdate()


def test_a_school_sees_only_itself(world, django_capture_on_commit_callbacks):
    directive = spread(world, django_capture_on_commit_callbacks)
    row = coverage.totals(directive, world.school_b)
    assert (row.recipients, row.acknowledged) == (1, 0)
    assert [r.unit for r in coverage.children(directive, world.school_b)] == [world.school_b]
