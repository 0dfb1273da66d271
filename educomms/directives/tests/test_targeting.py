"""Targeting: subtrees narrowed by unit kind, school level and role; the preview counts units and
distinct people with SQL counts."""

import pytest
from django.core.exceptions import ValidationError

from educomms.org import services as org_services
from educomms.org.models import Membership, Unit
from educomms.org.roles import Role

from ..targeting import TargetSpec, clean_targets, preview, recipient_memberships


def test_the_whole_department_is_seven_people_in_four_units(world):
    result = preview([TargetSpec(unit=world.department)])
    assert (result.units, result.people) == (3, 7)  # the department itself, School A, School B


def test_heads_of_lower_secondary_schools_are_the_two_principals(world):
    spec = TargetSpec(unit=world.department, unit_kinds=[Unit.Kind.SCHOOL],
                      school_levels=[Unit.SchoolLevel.LOWER_SECONDARY], roles=[Role.HEAD])
    assert preview([spec]) == type(preview([spec]))(units=2, people=2)
    people = set(recipient_memberships([spec]).values_list("person_id", flat=True))
    assert people == {world.principal_a.pk, world.principal_b.pk}


def test_upper_secondary_schools_match_nobody_here(world):
    spec = TargetSpec(unit=world.department, school_levels=[Unit.SchoolLevel.UPPER_SECONDARY])
    assert preview([spec]).people == 0


def test_a_unit_without_its_subtree_is_only_its_own_people(world):
    result = preview([TargetSpec(unit=world.department, include_subtree=False)])
    assert (result.units, result.people) == (1, 3)


def test_a_person_with_two_matching_roles_is_counted_once(world):
    # School A's principal also teaches at School B.
    org_services.add_membership(actor=world.admin, person=world.principal_a, unit=world.school_b, role=Role.STAFF)
    result = preview([TargetSpec(unit=world.commune)])
    assert (result.units, result.people) == (2, 4)


def test_targets_are_a_union(world):
    specs = [TargetSpec(unit=world.school_a, roles=[Role.STAFF]), TargetSpec(unit=world.school_b)]
    result = preview(specs)
    assert (result.units, result.people) == (2, 2)


def test_ended_roles_and_inactive_units_do_not_receive(world):
    org_services.end_membership(actor=world.admin, membership=Membership.objects.get(person=world.teacher_a))
    org_services.set_unit_active(actor=world.admin, unit=world.school_b, active=False)
    result = preview([TargetSpec(unit=world.commune)])
    assert (result.units, result.people) == (1, 2)


def test_bad_filters_are_refused_in_vietnamese(world):
    with pytest.raises(ValidationError) as info:
        clean_targets([TargetSpec(unit=world.school_a, roles=["hieu_pho"])], issuing_unit=world.department)
    assert "Vai trò không hợp lệ" in str(info.value)
    with pytest.raises(ValidationError) as info:
        clean_targets([], issuing_unit=world.department)
    assert "ít nhất một đơn vị" in str(info.value)
