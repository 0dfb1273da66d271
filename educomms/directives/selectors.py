"""Reads of directives for pages, exports and the API: scoped, with related rows preloaded.

Coverage roll-ups are in coverage.py.
"""

import functools
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from educomms.core.text import fold
from educomms.org import access
from educomms.org.models import Unit, subtree_q
from educomms.org.roles import Capability, Role

from .models import Directive, DirectiveStatus, DirectiveTarget, DirectiveUnitCount, IssueJob, Receipt
from .permissions import access_directive, access_receipt, paths_q, visible_directives

__all__ = ["access_directive", "access_receipt", "directives_for", "forwardable_units", "inbox", "issue_progress",
           "my_receipt", "receipt_to_acknowledge", "receipts_in", "targets_of", "unread_count"]


def receipt_to_acknowledge(user: Any, receipt_id: Any) -> Receipt:
    """`access_receipt` for the acknowledgment endpoint, the hot path of a directive sent to a whole
    province: the user's own receipt with only what acknowledging reads (its times and comment, its
    directive's status and confirmation phrase), by one SELECT written once per process — the ORM's
    compile of the receipt with its directive and unit cost more CPU than the acknowledgment itself.
    The fields' converters still apply (a RawQuerySet). Http404 for anyone else's or a missing one."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        pk = int(receipt_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    low, high = connection.ops.integer_field_range(Receipt._meta.pk.get_internal_type())  # type: ignore[union-attr]
    if not low <= pk <= high:
        raise Http404
    found = list(Receipt.objects.raw(_receipt_to_acknowledge_sql(connection.vendor), [pk, user.pk]))
    if not found:
        raise Http404
    receipt = found[0]
    # The directive, with the two fields acknowledging reads (others load on access, as deferred fields do).
    receipt.directive = Directive.from_db(receipt._state.db, ["id", "status", "confirmation_phrase"],
                                          [receipt.directive_id, receipt.directive_status,  # type: ignore[attr-defined]
                                           receipt.directive_phrase])  # type: ignore[attr-defined]
    return receipt


@functools.cache
def _receipt_to_acknowledge_sql(vendor: str) -> str:
    def column(model: Any, name: str) -> str:
        return connection.ops.quote_name(str(model._meta.get_field(name).column))

    receipts, directives = (connection.ops.quote_name(m._meta.db_table) for m in (Receipt, Directive))
    fields = ["id", "person", "directive", "unit", "opened_at", "acknowledged_at", "ack_comment"]
    columns = ", ".join(f"r.{column(Receipt, f)}" for f in fields)
    # Identifiers come from the models; values are parameters.
    return (f"SELECT {columns}, d.{column(Directive, 'status')} AS directive_status, "  # noqa: S608
            f"d.{column(Directive, 'confirmation_phrase')} AS directive_phrase "
            f"FROM {receipts} r JOIN {directives} d ON d.{column(Directive, 'id')} = r.{column(Receipt, 'directive')} "
            f"WHERE r.{column(Receipt, 'id')} = %s AND r.{column(Receipt, 'person')} = %s")


def inbox(user: Any, *, unread: bool = False, status: str = "") -> QuerySet[Receipt]:
    """The user's receipts, newest first, with the directive, its issuing unit and any issued correction's
    id at hand (`directive.corrections` prefetched, issued ones only)."""
    if not getattr(user, "is_authenticated", False):
        return Receipt.objects.none()
    qs = Receipt.objects.filter(person_id=user.pk).select_related("directive__unit", "forward__unit")
    if unread:
        qs = qs.filter(opened_at__isnull=True)
    if status:
        qs = qs.filter(directive__status=status)
    return qs.order_by("-delivered_at", "-id")


def unread_count(user: Any) -> int:
    """Receipts not opened yet, withdrawn directives left out (nothing to read any more)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return (Receipt.objects.filter(person_id=user.pk, opened_at__isnull=True)
            .exclude(directive__status=DirectiveStatus.WITHDRAWN).count())


def my_receipt(user: Any, directive: Directive) -> Receipt | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Receipt.objects.filter(directive=directive, person_id=user.pk).select_related("directive__unit", "forward").first()


def directives_for(user: Any, *, unit: Unit | None = None, status: str = "", q: str = "") -> QuerySet[Directive]:
    """Directives issued (or drafted) by units in the user's scope — the issuers' list — optionally of
    `unit`'s subtree, in a status, matching `q` in the number or title (with or without diacritics)."""
    paths = access.scope_paths(user, Capability.DRAFT_DIRECTIVE)
    coverage = access.scope_paths(user, Capability.VIEW_COVERAGE)
    qs = visible_directives(user)
    if paths is not None:
        mine = sorted(set(paths) | set(coverage or []))
        qs = qs.filter(paths_q(mine, "unit__path"))
    if unit is not None:
        qs = qs.filter(subtree_q(unit.path, "unit__path"))
    if status:
        qs = qs.filter(status=status)
    words = fold(q).split()
    if words:
        matches = [d for d in qs.values_list("pk", "title", "number_symbol")
                   if all(w in fold(f"{d[2]} {d[1]}") for w in words)]
        qs = qs.filter(pk__in=[d[0] for d in matches])
    return qs.select_related("unit", "issued_by", "issue_job").order_by("-issued_at", "-created_at", "-id")


def targets_of(directive: Directive) -> list[DirectiveTarget]:
    return list(DirectiveTarget.objects.filter(directive=directive).select_related("unit"))


def issue_progress(directive: Directive) -> IssueJob | None:
    return IssueJob.objects.filter(directive=directive).first()


def receipts_in(user: Any, directive: Directive, unit: Unit, *, acknowledged: bool | None = None,
                opened: bool | None = None) -> QuerySet[Receipt]:
    """Receipts of people in `unit`'s subtree, limited to the user's VIEW_COVERAGE scope (pass a unit
    obtained with access_unit(user, id, Capability.VIEW_COVERAGE)). Ordered by unit then name."""
    qs = (Receipt.objects.filter(directive=directive)
          .filter(subtree_q(unit.path, "unit_path"))
          .filter(paths_q(access.scope_paths(user, Capability.VIEW_COVERAGE), "unit_path")))
    if acknowledged is not None:
        qs = qs.filter(acknowledged_at__isnull=not acknowledged)
    if opened is not None:
        qs = qs.filter(opened_at__isnull=not opened)
    return qs.select_related("person", "unit").order_by("unit_path", "person__full_name_folded", "id")


def forwardable_units(user: Any, directive: Directive) -> list[Unit]:
    """Units the user heads that received `directive` and have not forwarded it yet."""
    if directive.status != DirectiveStatus.ISSUED or not directive.forward_required:
        return []
    headed = [g.unit_id for g in access.grants(user) if g.role == Role.HEAD]
    if not headed:
        return []
    units = DirectiveUnitCount.objects.filter(directive=directive, unit_id__in=headed, awaiting_forward=True)
    return list(Unit.objects.filter(pk__in=units.values("unit_id")).order_by("path"))


def received_by_unit(directive: Directive, unit: Unit) -> bool:
    """Whether anyone in `unit`'s subtree received `directive`."""
    return DirectiveUnitCount.objects.filter(Q(directive=directive) & subtree_q(unit.path, "unit_path")).exists()
