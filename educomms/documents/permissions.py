"""Who may manage a unit's public documents.

PUBLISH_DOCUMENT (head, spokesperson, communications officer) is held AT the document's unit, never
inherited from an ancestor — like story approval: the department's officer does not publish or withdraw
a school's documents, the school's officer and principal do. The system administrator publishes nothing
(publishing is the unit's own act of public information, not an administration task).
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import ROLE_CAPABILITIES, Capability

from .models import PublicDocument


def publishing_unit_ids(user: Any) -> set[int]:
    """The units where `user` holds PUBLISH_DOCUMENT at the unit itself."""
    return {g.unit_id for g in access.grants(user)
            if Capability.PUBLISH_DOCUMENT in ROLE_CAPABILITIES.get(g.role, frozenset())}


def may_publish_at(user: Any, unit: Unit | int) -> bool:
    return (unit if isinstance(unit, int) else unit.pk) in publishing_unit_ids(user)


def may_publish_anywhere(user: Any) -> bool:
    return bool(publishing_unit_ids(user))


def publishing_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=publishing_unit_ids(user), active=True).order_by("path")


def managed_documents(user: Any) -> QuerySet[PublicDocument]:
    """Documents of the units where `user` publishes (every state)."""
    return PublicDocument.objects.filter(unit_id__in=publishing_unit_ids(user))


def access_document(user: Any, document_id: Any) -> PublicDocument:
    """A document `user` manages; Http404 otherwise (missing and another unit's alike)."""
    try:
        return managed_documents(user).select_related("unit").get(pk=int(document_id))
    except (TypeError, ValueError, PublicDocument.DoesNotExist) as exc:
        raise Http404 from exc
