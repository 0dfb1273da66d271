"""Directives for tests, made through the services (like real data) on the shared persona world."""

import datetime as dt
from typing import Any

from django.utils import timezone

from educomms.core.testing.world import World
from educomms.org.models import Unit

from .. import services
from ..models import Directive, Receipt
from ..targeting import TargetSpec


def draft(world: World, *, targets: list[TargetSpec] | None = None, actor: Any = None, unit: Unit | None = None,
          **fields: Any) -> Directive:
    """A draft of the department (by its communications officer) to the whole department by default."""
    fields.setdefault("title", "V/v triển khai công tác tuyển sinh năm học 2027-2028")
    fields.setdefault("number_symbol", "125/SGDĐT-VP")
    return services.create_directive(actor=actor or world.dept_officer, unit=unit or world.department,
                                     targets=targets or [TargetSpec(unit=world.department)], **fields)


def issue(world: World, directive: Directive, capture: Any, *, actor: Any = None) -> Directive:
    """Issue and run the task (the test settings run tasks in-process once the transaction commits)."""
    with capture(execute=True):
        services.issue_directive(actor=actor or world.director, directive=directive)
    directive.refresh_from_db()
    return directive


def issued(world: World, capture: Any, **fields: Any) -> Directive:
    return issue(world, draft(world, **fields), capture)


def deadline_in(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def receipt_of(directive: Directive, person: Any) -> Receipt:
    return Receipt.objects.select_related("directive").get(directive=directive, person=person)
