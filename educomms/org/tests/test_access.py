import pytest
from django.http import Http404

from educomms.org import access, services
from educomms.org.models import Unit
from educomms.org.roles import Capability


def test_it_lets_the_department_see_every_school(world):
    visible = set(access.visible_units(world.director))
    assert {world.department, world.commune, world.school_a, world.school_b} <= visible
    assert world.ministry not in visible


def test_it_keeps_a_school_officer_inside_their_school(world):
    assert set(access.visible_units(world.officer_a)) == {world.school_a}


def test_it_answers_404_for_a_sibling_school_and_for_a_missing_unit(world):
    with pytest.raises(Http404):
        access.access_unit(world.principal_b, world.school_a.pk)
    with pytest.raises(Http404):
        access.access_unit(world.principal_b, 999999)
    assert access.access_unit(world.principal_a, world.school_a.pk) == world.school_a


def test_it_grants_capabilities_down_the_subtree_only(world):
    assert access.has_capability(world.director, world.school_a, Capability.MANAGE_MEMBERS)
    assert not access.has_capability(world.principal_a, world.department, Capability.VIEW_UNIT)
    assert not access.has_capability(world.teacher_a, world.school_a, Capability.MANAGE_MEMBERS)


def test_it_scopes_querysets_by_unit_field(world):
    from educomms.org.models import Membership

    rows = access.scope(Membership.objects.all(), world.principal_b)
    assert {m.unit_id for m in rows} == {world.school_b.pk}


def test_it_hides_people_of_a_sibling_school(world):
    with pytest.raises(Http404):
        access.access_person(world.principal_b, world.teacher_a.pk)
    assert access.access_person(world.director, world.teacher_a.pk) == world.teacher_a


def test_it_moves_a_subtree_and_keeps_access_right(world):
    other = services.create_unit(actor=world.admin, parent=world.department, kind=Unit.Kind.COMMUNE, name="Xã Bình An")
    services.move_unit(actor=world.admin, unit=world.school_a, new_parent=other)
    world.school_a.refresh_from_db()
    assert world.school_a.path == f"{other.path}{world.school_a.pk}/"
    assert world.school_a.depth == other.depth + 1
    assert access.access_unit(world.director, world.school_a.pk)


def test_it_ends_a_membership_and_access_with_it(world):
    membership = world.principal_b.memberships.get()
    services.end_membership(actor=world.director, membership=membership)
    access.forget(world.principal_b)
    assert list(access.visible_units(world.principal_b)) == []


def test_nobody_hands_out_more_than_they_hold(world):
    from django.core.exceptions import PermissionDenied

    from educomms.org.models import Membership
    from educomms.org.roles import Role

    deputy = services.create_person(actor=world.principal_a, full_name="Đỗ Văn Phó", email="pho@thcs-anphu.test",
                                    unit=world.school_a, role=Role.DEPUTY_HEAD)
    with pytest.raises(PermissionDenied):
        services.add_membership(actor=deputy, person=deputy, unit=world.school_a, role=Role.HEAD)
    with pytest.raises(PermissionDenied):
        services.end_membership(actor=deputy, membership=world.principal_a.memberships.get())
    assert not Membership.objects.filter(person=deputy, role=Role.HEAD).exists()
    assert world.principal_a.memberships.get().until is None
    # What the deputy does hold, they may give.
    services.add_membership(actor=deputy, person=world.teacher_a, unit=world.school_a, role=Role.UNION_REP)
    assert access.may_grant_role(world.director, world.school_a, Role.HEAD)
    assert not access.may_grant_role(world.principal_a, world.department, Role.STAFF)
