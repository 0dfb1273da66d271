"""`manage.py generate_scale` at tiny sizes: a consistent tree, a membership for everyone, bulk-written."""

import datetime as dt
import re
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Count

from educomms.core.text import fold, normalize_phone
from educomms.demo import scale
from educomms.org import selectors, services
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Role

pytestmark = pytest.mark.django_db
K = Unit.Kind


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_scale", *args, stdout=out)
    return out.getvalue()


def test_it_generates_exactly_the_units_and_people_asked_for():
    output = generate("--units", "200", "--people", "2000")
    assert Unit.objects.count() == 200
    assert Person.objects.count() == 2000
    assert "200 đơn vị" in output and "2.000 người" in output
    assert dict(Unit.objects.filter(kind__in=[K.MINISTRY, K.DEPARTMENT, K.DIVISION]).values_list("kind")
                .annotate(n=Count("id")).order_by()) == {K.MINISTRY: 1, K.DEPARTMENT: 1, K.DIVISION: 8}
    assert Unit.objects.filter(kind=K.COMMUNE).count() >= 10
    assert Unit.objects.filter(kind=K.SCHOOL).count() >= 150


def test_it_builds_paths_and_depths_from_the_ids():
    generate("--units", "200", "--people", "2000")
    units = {u.id: u for u in Unit.objects.all()}
    for unit in units.values():
        expected = f"{units[unit.parent_id].path}{unit.id}/" if unit.parent_id else f"/{unit.id}/"
        assert unit.path == expected
        assert unit.depth == unit.path.count("/") - 2
        assert unit.name_folded == fold(unit.name)
    levels = Counter(u.school_level for u in units.values() if u.kind == K.SCHOOL)
    assert set(levels) >= {Unit.SchoolLevel.PRESCHOOL, Unit.SchoolLevel.PRIMARY, Unit.SchoolLevel.LOWER_SECONDARY,
                           Unit.SchoolLevel.UPPER_SECONDARY}
    # Preschools, primary and lower-secondary schools sit under communes.
    for unit in units.values():
        if unit.school_level in (Unit.SchoolLevel.PRESCHOOL, Unit.SchoolLevel.PRIMARY):
            assert units[unit.parent_id].kind == K.COMMUNE


def test_it_gives_every_person_a_membership_and_every_unit_a_head():
    generate("--units", "200", "--people", "2000")
    assert not Person.objects.filter(memberships=None).exists()
    heads = Counter(Membership.objects.active().filter(role=Role.HEAD).values_list("unit_id", flat=True))
    assert set(heads) == set(Unit.objects.values_list("id", flat=True))
    assert set(heads.values()) == {1}
    schools = set(Unit.objects.filter(kind=K.SCHOOL).values_list("id", flat=True))
    for role in (Role.DEPUTY_HEAD, Role.COMMS_OFFICER, Role.UNION_REP):
        assert schools <= set(Membership.objects.filter(role=role).values_list("unit_id", flat=True))
    roles = Counter(Membership.objects.values_list("role", flat=True))
    assert roles[Role.STAFF] > 0.75 * Person.objects.count()
    assert roles[Role.SPOKESPERSON] >= 0.7 * len(schools)


def test_it_writes_valid_unique_contacts_and_unusable_passwords():
    generate("--units", "200", "--people", "2000")
    rows = list(Person.objects.values_list("email", "phone", "full_name", "full_name_folded", "password"))
    assert len({r[0] for r in rows}) == len(rows)
    assert len({r[1] for r in rows}) == len(rows)
    for email, phone, full_name, folded, password in rows:
        assert re.fullmatch(r"[a-z]+\.\d+@scale\.example", email)
        assert normalize_phone(phone) == phone
        assert folded == fold(full_name)
        assert password.startswith("!")  # unusable: nobody signs in to benchmark data


def test_it_spreads_units_over_provinces():
    generate("--units", "400", "--people", "3000", "--provinces", "2")
    departments = list(Unit.objects.filter(kind=K.DEPARTMENT).order_by("code"))
    assert [d.code for d in departments] == ["S01", "S02"]
    sizes = [Unit.objects.filter(departments[i].subtree_q()).count() for i in range(2)]
    assert abs(sizes[0] - sizes[1]) <= 1


def test_it_refuses_a_database_that_already_has_data_unless_forced():
    generate("--units", "100", "--people", "800")
    with pytest.raises(CommandError, match="đã có"):
        generate("--units", "100", "--people", "800")
    assert Unit.objects.count() == 100


def test_it_adds_a_second_tree_with_its_own_codes_when_forced(world):
    with pytest.raises(CommandError):
        generate("--units", "100", "--people", "800")
    before = Unit.objects.count()
    generate("--units", "100", "--people", "800", "--force")
    assert Unit.objects.count() == before + 100
    root = Unit.objects.get(parent=None, code__endswith="-BGDDT")
    assert root.code == f"G{root.id}-BGDDT"
    assert Unit.objects.filter(root.subtree_q()).count() == 100
    phones = list(Person.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones))


def test_it_refuses_sizes_too_small_for_the_roles():
    with pytest.raises(CommandError):
        generate("--units", "200", "--people", "300")
    with pytest.raises(CommandError):
        generate("--units", "5", "--people", "300")
    assert not Unit.objects.exists()


def test_subtree_counts_match_counting_by_path_after_ended_roles_and_an_inactive_school(world):
    scale.generate(units=120, people=1000, force=True)
    root = Unit.objects.get(parent=None, code__endswith="-BGDDT")
    department = Unit.objects.get(kind=K.DEPARTMENT, parent=root)
    school = Unit.objects.filter(root.subtree_q(), kind=K.SCHOOL).last()
    for membership in Membership.objects.filter(unit=school):
        services.end_membership(actor=world.admin, membership=membership, until=dt.date(2025, 1, 1))
    services.set_unit_active(actor=world.admin, unit=school, active=False)
    ended = Membership.objects.filter(unit__kind=K.SCHOOL).exclude(unit=school).first()
    services.end_membership(actor=world.admin, membership=ended)
    # A commune with no people of its own any more: its schools still count for it and above it.
    commune = Unit.objects.filter(root.subtree_q(), kind=K.COMMUNE, children__isnull=False).first()
    for membership in Membership.objects.filter(unit=commune):
        services.end_membership(actor=world.admin, membership=membership)
    assert selectors.subtree_counts()[commune.id]["total"] > 0
    # An active school moved under the inactive one counts for the nearest active unit above.
    moved = Unit.objects.filter(root.subtree_q(), kind=K.SCHOOL, active=True).exclude(parent=school.parent).first()
    services.move_unit(actor=world.admin, unit=moved, new_parent=school)

    def by_path(root: Unit | None, roles: list[str] | None) -> dict[int, dict[str, int]]:
        units = Unit.objects.filter(active=True)
        if root is not None:
            units = units.filter(root.subtree_q())
        paths = dict(units.values_list("id", "path"))
        expected: dict[int, dict[str, int]] = {}
        members = list(Membership.objects.active().filter(unit_id__in=list(paths)).values_list("unit_id", "role"))
        for uid, path in paths.items():
            counts: dict[str, int] = defaultdict(int)
            for unit_id, role in members:
                if paths[unit_id].startswith(path) and (not roles or role in roles):
                    counts[role] += 1
                    counts["total"] += 1
            expected[uid] = dict(counts)
        return expected

    assert selectors.subtree_counts() == by_path(None, None)
    assert selectors.subtree_counts(department) == by_path(department, None)
    roles = [Role.HEAD, Role.COMMS_OFFICER]
    assert selectors.subtree_counts(department, roles=roles) == by_path(department, roles)
    assert school.id not in selectors.subtree_counts()


def test_it_leaves_the_tables_with_every_index_and_constraint_they_had():
    from django.db import connection

    def schema() -> dict:
        with connection.cursor() as cursor:
            return {model._meta.db_table: connection.introspection.get_constraints(cursor, model._meta.db_table)
                    for model in (Unit, Person, Membership)}

    before = schema()
    generate("--units", "100", "--people", "800")
    assert schema() == before
    person = Person.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(email=person.email, full_name="Trùng Thư", full_name_folded="trung thu")
