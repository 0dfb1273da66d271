"""`manage.py demo` at a reduced size: output, idempotence, reproducibility and bad input."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from educomms.core.text import normalize
from educomms.demo import names, province
from educomms.org.models import Membership, Person, Unit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_six_sign_ins_with_the_demo_password():
    output = run("--schools", "20")
    assert "Đã nạp tỉnh trình diễn Bình Sơn" in output
    for account in province.sign_in_accounts():
        assert account.email in output
    assert output.count(province.DEMO_PASSWORD) >= 6
    assert "hư cấu" in output
    for person in Person.objects.filter(email__in=[a.email for a in province.sign_in_accounts()]):
        assert person.phone in output
        assert person.full_name in output


def test_it_loads_a_smaller_province_when_asked():
    run("--schools", "20")
    assert Unit.objects.filter(kind=Unit.Kind.SCHOOL).count() == 20
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE).count() == 3
    assert Unit.objects.filter(name="Trường THCS Nguyễn Du").exists()


def test_it_changes_nothing_and_does_not_fail_when_run_twice():
    run("--schools", "20")
    before = (Unit.objects.count(), Person.objects.count(), Membership.objects.count(),
              list(Person.objects.values_list("email", "password").order_by("pk")))
    output = run("--schools", "20")
    assert "đã có sẵn" in output
    assert "giamdoc@binhson.example" in output
    after = (Unit.objects.count(), Person.objects.count(), Membership.objects.count(),
             list(Person.objects.values_list("email", "password").order_by("pk")))
    assert after == before


def test_it_joins_a_database_that_already_has_people_and_leaves_them_alone():
    admin = Person.objects.create_superuser("quantri@example.org", "Mat-khau-rat-dai-2026", full_name="Quản Trị",
                                            phone="0912000001")
    run("--schools", "10")
    admin.refresh_from_db()
    assert (admin.email, admin.phone, admin.is_superuser) == ("quantri@example.org", "0912000001", True)
    phones = list(Person.objects.values_list("phone", flat=True))
    assert len(phones) == len(set(phones))
    assert Unit.objects.filter(kind=Unit.Kind.SCHOOL).count() == 10


def test_it_leaves_a_database_alone_when_the_ministry_is_already_there(world):
    units = Unit.objects.count()
    output = run("--schools", "10")
    assert "đã có sẵn" in output
    assert Unit.objects.count() == units


def test_it_plans_the_same_province_from_the_same_seed():
    def plan(seed: int) -> list[tuple]:
        units, _ = province.plan_province(random.Random(seed), schools=60, first_id=1)
        return [(u.id, u.path, u.name, u.code, u.staff, u.spokesperson) for u in units]

    assert plan(7) == plan(7)
    assert plan(7) != plan(8)


def test_it_refuses_a_province_without_schools():
    with pytest.raises(CommandError):
        run("--schools", "0")
    assert not Unit.objects.exists()


def test_every_name_list_is_already_in_normal_form():
    lists = [names.GIVEN_NAMES_MALE, names.GIVEN_NAMES_FEMALE, names.PRESCHOOL_NAMES, names.PRIMARY_NAMES,
             names.LOWER_SECONDARY_NAMES, names.UPPER_SECONDARY_NAMES, names.MULTI_LEVEL_NAMES,
             names.COMMUNE_NAMES, names.WARD_NAMES, names.STREETS,
             [n for n, _ in names.FAMILY_NAMES], [n for n, _ in names.MIDDLE_NAMES_MALE],
             [n for n, _ in names.MIDDLE_NAMES_FEMALE], [d for d, _, _ in names.DIVISIONS]]
    for values in lists:
        for value in values:
            assert normalize(value) == value, value


def test_it_never_generates_the_name_of_a_real_education_leader():
    picker = names.NamePicker(random.Random(1))
    drawn = {picker.pick(female=i % 2 == 0).full for i in range(20_000)}
    assert not drawn & names.NEVER_GENERATED
