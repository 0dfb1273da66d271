"""Who may see and do what with directives (see docs/directives.md).

- Drafting, issuing and coverage are capabilities held on a unit and its subtree (org/roles.py).
- A directive is visible to its recipients, to DRAFT/ISSUE/VIEW_COVERAGE holders over its issuing unit
  (drafts: DRAFT holders only), and to VIEW_COVERAGE holders of any unit that received it (who then see
  coverage of their own subtree only). Anything else answers 404, like a missing directive.
- Receipts: a person reaches their own by id; a unit's receipts are read through coverage selectors,
  scoped by VIEW_COVERAGE.
- Forwarding a "forward to staff" directive is done by whoever holds the HEAD role at the receiving unit.
"""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import Capability, Role

from .models import Directive, DirectiveStatus, DirectiveUnitCount, Receipt


def paths_q(paths: list[str] | None, field: str) -> Q:
    """Rows whose `field` (a path) lies under any of `paths`; None means everywhere."""
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__gte": p, f"{field}__lt": p[:-1] + "0"}) for p in paths))


def may_draft_at(user: Any, unit: Unit) -> bool:
    return access.has_capability(user, unit, Capability.DRAFT_DIRECTIVE)


def may_edit(user: Any, directive: Directive) -> bool:
    return directive.status == DirectiveStatus.DRAFT and may_draft_at(user, directive.unit)


def may_issue(user: Any, directive: Directive) -> bool:
    return access.has_capability(user, directive.unit, Capability.ISSUE_DIRECTIVE)


def may_view_coverage(user: Any, unit: Unit) -> bool:
    return access.has_capability(user, unit, Capability.VIEW_COVERAGE)


def heads(user: Any, unit_id: int) -> bool:
    """The user holds the HEAD role at exactly this unit."""
    return any(g.unit_id == unit_id and g.role == Role.HEAD for g in access.grants(user))


def visible_directives(user: Any) -> QuerySet[Directive]:
    if not getattr(user, "is_authenticated", False):
        return Directive.objects.none()
    if access.scope_paths(user) is None:  # the administrator
        return Directive.objects.all()
    drafting = access.scope_paths(user, Capability.DRAFT_DIRECTIVE)
    coverage = access.scope_paths(user, Capability.VIEW_COVERAGE)
    issuing = sorted(set(drafting or []) | set(access.scope_paths(user, Capability.ISSUE_DIRECTIVE) or [])
                     | set(coverage or []))
    received = Receipt.objects.filter(directive_id=OuterRef("pk"), person_id=user.pk)
    reached = DirectiveUnitCount.objects.filter(paths_q(coverage, "unit_path"), directive_id=OuterRef("pk"))
    issued = ~Q(status=DirectiveStatus.DRAFT)
    return Directive.objects.filter(
        (Q(status=DirectiveStatus.DRAFT) & paths_q(drafting, "unit__path"))
        | (issued & paths_q(issuing, "unit__path"))
        | (issued & Exists(received))
        | (issued & Exists(reached) if coverage else Q(pk__in=[]))
    )


def access_directive(user: Any, directive_id: Any) -> Directive:
    """The directive if `user` may see it; Http404 otherwise (missing and out of scope alike)."""
    try:
        return visible_directives(user).select_related("unit", "corrects", "created_by", "issued_by").get(
            pk=int(directive_id))
    except (TypeError, ValueError, Directive.DoesNotExist) as exc:
        raise Http404 from exc


def access_receipt(user: Any, receipt_id: Any) -> Receipt:
    """The user's own receipt (with its directive); Http404 for anyone else's or a missing one."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        return Receipt.objects.select_related("directive__unit").get(pk=int(receipt_id), person_id=user.pk)
    except (TypeError, ValueError, Receipt.DoesNotExist) as exc:
        raise Http404 from exc
