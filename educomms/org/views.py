"""Pages of the network: the unit tree, unit pages and their actions, people, memberships, and the
public spokesperson register. Each view: input → access → one service or selector → render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from educomms.audit import selectors as audit_selectors
from educomms.core.http import posted_data
from educomms.core.text import fold
from educomms.org import access, selectors, services
from educomms.org.forms import (
    EndMembershipForm,
    MembershipForm,
    MoveUnitForm,
    PeopleFilterForm,
    PersonCreateForm,
    PersonForm,
    UnitForm,
    UnitSecurityForm,
    add_service_errors,
    changed,
    may_grant,
)
from educomms.org.middleware import SESSION_KEY, my_units
from educomms.org.models import Unit
from educomms.org.roles import ROLE_ORDER, Capability

PEOPLE_PER_PAGE = 50
PICKER_PURPOSES = {"move": Capability.MANAGE_UNITS, "member": Capability.MANAGE_MEMBERS}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def highlight(text: str, query: str) -> list[tuple[str, bool]]:
    """`text` cut into (segment, matched) pieces where the words of `query` occur, compared without
    diacritics, so that "truong thcs" marks "Trường THCS"."""
    targets = [w for w in fold(query).split() if w]
    if not text or not targets:
        return [(text, False)]
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in (" " if char.isspace() else (fold(char) or char)):
            folded.append(piece)
            origin.append(index)
    haystack = "".join(folded)
    hit = [False] * len(text)
    for word in targets:
        start = haystack.find(word)
        while start != -1:
            for k in range(start, start + len(word)):
                hit[origin[k]] = True
            start = haystack.find(word, start + 1)
    pieces: list[tuple[str, bool]] = []
    for char, matched in zip(text, hit, strict=True):
        if pieces and pieces[-1][1] == matched:
            pieces[-1] = (pieces[-1][0] + char, matched)
        else:
            pieces.append((char, matched))
    return pieces


def _require_structure(user: Any, unit: Unit) -> None:
    """Moving or (de)activating a unit changes its parent's structure: the capability is needed on the
    unit and on its parent, so that nobody can cut their own unit loose from the tree."""
    access.require(user, unit, Capability.MANAGE_UNITS)
    if unit.parent is not None:
        access.require(user, unit.parent, Capability.MANAGE_UNITS)
    elif not getattr(user, "is_superuser", False):
        raise PermissionDenied


def _can_restructure(user: Any, unit: Unit) -> bool:
    try:
        _require_structure(user, unit)
    except PermissionDenied:
        return False
    return True


# --- Unit switcher -------------------------------------------------------------------------------

@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("unit", "")
    if wanted.isdigit() and any(u.pk == int(wanted) for u in my_units(request.user)):
        request.session[SESSION_KEY] = int(wanted)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


# --- Tree browser --------------------------------------------------------------------------------

@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    include_inactive = request.GET.get("inactive") == "1"
    query = request.GET.get("q", "").strip()[:100]
    results = None
    if query:
        found = selectors.search_units(request.user, query, active_only=not include_inactive)
        results = [(unit, highlight(unit.name, query)) for unit in found]
    context = {"query": query, "results": results, "include_inactive": include_inactive}
    if _is_htmx(request) and request.htmx.target == "tree-results":  # type: ignore[attr-defined]
        return render(request, "org/unit_tree.html#results", context)
    roots = list(selectors.tree_roots(request.user, include_inactive=include_inactive))
    for root in roots:
        # The page opens one level deep; deeper levels load when opened.
        root.preloaded = True  # type: ignore[attr-defined]  # read by the template only
        root.preloaded_children = list(  # type: ignore[attr-defined]
            selectors.children(request.user, root, include_inactive=include_inactive))
    return render(request, "org/unit_tree.html", {**context, "roots": roots, "nav_active": "org"})


@login_required
@require_GET
def unit_children(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    include_inactive = request.GET.get("inactive") == "1"
    return render(request, "org/unit_tree.html#children", {
        "units": selectors.children(request.user, unit, include_inactive=include_inactive),
        "include_inactive": include_inactive,
    })


@login_required
@require_GET
def unit_picker(request: HttpRequest) -> HttpResponse:
    """Options of a unit picker (HTMX): units where the user may do `purpose`, matching `q`."""
    capability = PICKER_PURPOSES.get(request.GET.get("purpose", ""))
    field = request.GET.get("field", "")
    if capability is None or field not in ("unit", "new_parent"):
        return HttpResponse(status=400)
    exclude = access.access_unit(request.user, request.GET["exclude"]) if request.GET.get("exclude") else None
    options = selectors.pickable_units(request.user, capability, request.GET.get("q", "")[:100], exclude=exclude)
    # Keep the unit already ticked at the top, so that searching again does not lose the choice.
    wanted = request.GET.get(field, "")
    selected = (selectors.pickable_units(request.user, capability, exclude=exclude, only=int(wanted)).first()
                if wanted.isdigit() else None)
    return render(request, "org/_unit_picker.html#options", {"options": options, "field": field,
                                                             "selected": selected})


# --- Unit page and its actions -------------------------------------------------------------------

@login_required
@require_GET
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = request.user
    unit = access.access_unit(user, unit_id)
    can_manage = access.has_capability(user, unit, Capability.MANAGE_UNITS)
    counts = selectors.subtree_counts(unit).get(unit.pk, {})
    history = audit_selectors.with_changes(audit_selectors.unit_history(unit))
    return render(request, "org/unit_detail.html", {
        "unit": unit,
        "ancestors": [(a, access.has_capability(user, a, Capability.VIEW_UNIT))
                      for a in selectors.ancestors(unit)],
        "children": selectors.children(user, unit, include_inactive=can_manage),
        "people_by_role": selectors.unit_people_by_role(unit),
        "role_counts": [(role.label, counts.get(role, 0)) for role in ROLE_ORDER],
        "total_count": counts.get("total", 0),
        "history": history,
        "can_manage_units": can_manage,
        "can_restructure": _can_restructure(user, unit),
        "can_manage_members": access.has_capability(user, unit, Capability.MANAGE_MEMBERS),
        "can_view_audit": access.has_capability(user, unit, Capability.VIEW_AUDIT),
        "can_require_2fa": access.has_capability(user, unit, Capability.REQUIRE_2FA),
        "can_import_export": access.has_capability(user, unit, Capability.IMPORT_EXPORT),
        "nav_active": "org",
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    access.require(request.user, unit, Capability.MANAGE_UNITS)
    form = UnitForm(posted_data(request), initial=UnitForm.initial_for(unit))
    if request.method == "POST" and form.is_valid():
        try:
            if form.has_changed():
                services.update_unit(actor=request.user, unit=unit, **changed(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            return redirect("org:unit", unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "parent": unit.parent,
                                                  "editing": True, "nav_active": "org"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    parent = access.access_unit(request.user, unit_id)
    access.require(request.user, parent, Capability.MANAGE_UNITS)
    form = UnitForm(posted_data(request), initial={"kind": Unit.Kind.SCHOOL})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if not parent.active:
                raise ValidationError(_("Đơn vị cấp trên đang ngừng hoạt động."))
            unit = services.create_unit(actor=request.user, parent=parent, kind=data.pop("kind"),
                                        name=data.pop("name"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": unit.name})
            return redirect("org:unit", unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": None, "parent": parent,
                                                  "editing": False, "nav_active": "org"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    _require_structure(request.user, unit)
    form = MoveUnitForm(posted_data(request), user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.move_unit(actor=request.user, unit=unit, new_parent=form.cleaned_data["new_parent"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã chuyển đơn vị."))
            return redirect("org:unit", unit.pk)
    selected = form.cleaned_data.get("new_parent") if form.is_bound and hasattr(form, "cleaned_data") else None
    return render(request, "org/unit_move.html", {
        "form": form, "unit": unit, "nav_active": "org",
        "options": selectors.pickable_units(request.user, Capability.MANAGE_UNITS, exclude=unit),
        "selected": selected,
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_active(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    _require_structure(request.user, unit)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.set_unit_active(actor=request.user, unit=unit, active=request.POST.get("active") == "1")
        except ValidationError as exc:
            errors = exc.messages
        else:
            unit.refresh_from_db()
            messages.success(request, _("Đơn vị đã hoạt động trở lại.") if unit.active
                             else _("Đơn vị đã ngừng hoạt động."))
            return redirect("org:unit", unit.pk)
    return render(request, "org/unit_active.html", {"unit": unit, "errors": errors, "nav_active": "org"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_security(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    access.require(request.user, unit, Capability.REQUIRE_2FA)
    form = UnitSecurityForm(posted_data(request), initial={"require_leader_2fa": unit.require_leader_2fa})
    if request.method == "POST" and form.is_valid():
        try:
            if form.has_changed():
                services.update_unit(actor=request.user, unit=unit, **changed(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu cài đặt bảo mật của đơn vị."))
            return redirect("org:unit", unit.pk)
    return render(request, "org/unit_security.html", {"form": form, "unit": unit, "nav_active": "org"})


# --- People --------------------------------------------------------------------------------------

@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = (access.access_unit(request.user, data["unit"]) if data.get("unit")
            else request.current_unit)  # type: ignore[attr-defined]
    active = form.active_filter() if data else True
    found = selectors.people(request.user, unit=unit, role=data.get("role", ""), active=active,
                             query=data.get("q", ""), scoped_roles=True)
    page = Paginator(found, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "unit": unit, "page": page, "querystring": query.urlencode(),
               "unit_options": selectors.unit_filter_options(request.user, unit), "nav_active": "people"}
    if _is_htmx(request) and request.htmx.target == "people-results":  # type: ignore[attr-defined]
        # The unit list follows the chosen unit (its sub-units become choices): swapped out of band.
        return render(request, "org/people.html#results", {**context, "oob": True})
    return render(request, "org/people.html", context)


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = access.access_person(user, person_id, former=True)
    today = timezone.localdate()
    rows = [(m, (m.until is None or m.until > today) and may_grant(user, m.unit, m.role))
            for m in selectors.visible_memberships(user, person)]
    manages = access.scope_paths(user, Capability.MANAGE_MEMBERS)
    return render(request, "org/person_detail.html", {
        "person": person, "rows": rows, "today": today,
        "can_edit": selectors.managed_person(user, person),
        "can_add_membership": manages is None or bool(manages),
        "nav_active": "people",
    })


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id, former=True)
    if not selectors.managed_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(posted_data(request), initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            if form.has_changed():
                services.update_person(actor=request.user, person=person, **changed(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin nhân sự."))
            return redirect("org:person", person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": person, "unit": None,
                                                    "nav_active": "people"})


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit(request.user, unit_id)
    access.require(request.user, unit, Capability.MANAGE_MEMBERS)
    form = PersonCreateForm(posted_data(request), user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = services.create_person(actor=request.user, unit=unit, role=data.pop("role"),
                                            full_name=data.pop("full_name"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm “%(name)s” vào %(unit)s.") % {"name": person.full_name,
                                                                             "unit": unit.name})
            return redirect("org:person", person.pk)
    return render(request, "org/person_form.html", {"form": form, "person": None, "unit": unit,
                                                    "nav_active": "people"})


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person(request.user, person_id, former=True)
    manages = access.scope_paths(request.user, Capability.MANAGE_MEMBERS)
    if manages is not None and not manages:
        raise PermissionDenied
    form = MembershipForm(posted_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã giao nhiệm vụ."))
            return redirect("org:person", person.pk)
    selected = form.cleaned_data.get("unit") if form.is_bound and hasattr(form, "cleaned_data") else None
    return render(request, "org/membership_form.html", {
        "form": form, "person": person, "selected": selected, "nav_active": "people",
        "options": selectors.pickable_units(request.user, Capability.MANAGE_MEMBERS),
    })


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = access.access_membership(request.user, membership_id)
    if not may_grant(request.user, membership.unit, membership.role):
        raise PermissionDenied
    form = EndMembershipForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(actor=request.user, membership=membership,
                                    until=form.cleaned_data.get("until"))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã kết thúc nhiệm vụ."))
            return redirect("org:person", membership.person_id)
    return render(request, "org/membership_end.html", {"form": form, "membership": membership,
                                                       "nav_active": "people"})


# --- Public ----------------------------------------------------------------------------------------

@require_GET
def spokespersons(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The unit's head and spokespersons with their contacts: public by Decree 09/2017/NĐ-CP."""
    unit = selectors.public_unit(unit_id)
    return render(request, "org/spokespersons.html", {"unit": unit,
                                                      "register": selectors.spokesperson_register(unit)})
