"""Who may do what in monitoring. Roles → capabilities live in org/roles.py; these helpers name the rules.

- MONITOR: read the inbox, mentions, dashboards, alerts and cases of one's subtree (heads, deputies,
  spokespersons, communications officers).
- MANAGE_MONITORING: topics, sources, alert settings, inbox actions (mark seen, assign, label, ignore).
- HANDLE_CASE: open and work cases of false or inaccurate information.
"""

from typing import Any

from django.core.exceptions import PermissionDenied

from educomms.org import access
from educomms.org.models import Unit
from educomms.org.roles import Capability


def working_unit(request: Any, capability: str = Capability.MANAGE_MONITORING) -> Unit:
    """The unit the user works as (the unit switcher), where they must hold `capability`: what a topic, a
    source, an import or a case created from a page belongs to."""
    unit = getattr(request, "current_unit", None)
    if unit is None or not access.has_capability(request.user, unit, capability):
        raise PermissionDenied
    return unit


def may_monitor_any(user: Any) -> bool:
    return access.scope_paths(user, Capability.MONITOR) != []


def may_manage(user: Any, unit: Unit) -> bool:
    return access.has_capability(user, unit, Capability.MANAGE_MONITORING)


def may_handle_cases(user: Any, unit: Unit) -> bool:
    return access.has_capability(user, unit, Capability.HANDLE_CASE)


def may_handle_any_case(user: Any) -> bool:
    return access.scope_paths(user, Capability.HANDLE_CASE) != []


def may_manage_any(user: Any) -> bool:
    return access.scope_paths(user, Capability.MANAGE_MONITORING) != []
