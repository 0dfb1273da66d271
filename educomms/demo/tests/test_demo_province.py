"""The demo province loaded by `manage.py demo` (the full default size, loaded once for this module)."""

import re

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.core.validators import validate_email
from django.db.models import Count, Q
from django.urls import reverse

from educomms.audit.models import Event
from educomms.core.text import fold, normalize, normalize_phone
from educomms.demo import province
from educomms.notifications.models import Notification
from educomms.org.models import Membership, Person, Unit
from educomms.org.roles import Role

pytestmark = pytest.mark.django_db
K, L = Unit.Kind, Unit.SchoolLevel


def kinds() -> dict[str, int]:
    return dict(Unit.objects.values_list("kind").annotate(n=Count("id")).order_by())


def test_it_loads_the_ministry_the_department_and_its_eight_divisions(full_province):
    department = Unit.objects.get(code=province.DEPARTMENT_CODE)
    assert department.name == "Sở Giáo dục và Đào tạo tỉnh Bình Sơn"
    assert department.parent.code == province.ROOT_CODE
    assert department.parent.name == "Bộ Giáo dục và Đào tạo"
    divisions = set(Unit.objects.filter(parent=department, kind=K.DIVISION).values_list("name", flat=True))
    assert divisions == {
        "Văn phòng Sở", "Phòng Giáo dục Mầm non và Tiểu học", "Phòng Giáo dục Trung học",
        "Phòng Giáo dục chuyên nghiệp và Giáo dục thường xuyên", "Phòng Tổ chức cán bộ",
        "Phòng Kế hoạch – Tài chính", "Phòng Quản lý chất lượng", "Thanh tra Sở",
    }


def test_it_loads_sixty_communes_four_hundred_schools_and_about_twelve_thousand_people(full_province):
    assert kinds() == {K.MINISTRY: 1, K.DEPARTMENT: 1, K.DIVISION: 8, K.COMMUNE: 60, K.SCHOOL: 400, K.CENTRE: 1}
    levels = dict(Unit.objects.filter(kind=K.SCHOOL).values_list("school_level").annotate(n=Count("id")).order_by())
    assert levels == {L.PRESCHOOL: 125, L.PRIMARY: 118, L.LOWER_SECONDARY: 102, L.UPPER_SECONDARY: 34,
                      L.MULTI_LEVEL: 12, L.CONTINUING: 9}
    assert 11_500 <= Person.objects.count() <= 13_000
    assert full_province.people == Person.objects.count()
    assert full_province.memberships == Membership.objects.count()
    assert Unit.objects.filter(name__startswith="Phường", kind=K.COMMUNE).count() == 12


def test_it_puts_preschools_primary_and_lower_secondary_schools_under_communes(full_province):
    by_parent_kind = dict(Unit.objects.filter(kind=K.SCHOOL).values_list("school_level", "parent__kind")
                          .distinct().order_by())
    for level in (L.PRESCHOOL, L.PRIMARY, L.LOWER_SECONDARY):
        assert by_parent_kind[level] == K.COMMUNE
    assert set(Unit.objects.filter(school_level__in=[L.UPPER_SECONDARY, L.CONTINUING])
               .values_list("parent__kind", flat=True)) == {K.DEPARTMENT}
    # Multi-level schools: TH-THCS-THPT under the department, TH&THCS under communes.
    assert Unit.objects.filter(name__startswith="Trường TH-THCS-THPT", parent__kind=K.DEPARTMENT).count() == 4
    assert Unit.objects.filter(name__startswith="Trường TH&THCS", parent__kind=K.COMMUNE).count() == 8
    assert Unit.objects.filter(name__startswith="Trường THPT Chuyên").count() == 2
    assert Unit.objects.filter(name__startswith="Trung tâm GDNN-GDTX", parent__kind=K.DEPARTMENT).count() == 9


def test_it_names_schools_uniquely_with_official_looking_codes(full_province):
    schools = list(Unit.objects.filter(kind=K.SCHOOL).values_list("name", "code", "short_name"))
    assert len({name for name, _, _ in schools}) == len(schools)
    assert all(re.fullmatch(r"99\d{6}", code) for _, code, _ in schools)
    assert all(name.endswith(short.split(" ", 1)[1]) for name, _, short in schools)
    assert all(short.startswith(("MN ", "TH ", "THCS ", "THPT ", "TH-THCS-THPT ", "TH&THCS ", "TT GDNN-GDTX "))
               for _, _, short in schools)
    assert Unit.objects.filter(name="Trường THCS Nguyễn Du").exists()


def test_it_keeps_every_path_equal_to_the_parents_path_plus_its_id(full_province):
    units = {u.id: u for u in Unit.objects.all()}
    for unit in units.values():
        if unit.parent_id is None:
            assert (unit.path, unit.depth) == (f"/{unit.id}/", 0)
        else:
            parent = units[unit.parent_id]
            assert unit.path == f"{parent.path}{unit.id}/"
            assert unit.depth == parent.depth + 1


def test_it_stores_folded_names_for_search_without_diacritics(full_province):
    for name, folded in Unit.objects.values_list("name", "name_folded"):
        assert folded == fold(name)
    for full_name, folded in Person.objects.values_list("full_name", "full_name_folded"):
        assert full_name == normalize(full_name)
        assert folded == fold(full_name)
    assert Unit.objects.filter(name_folded__contains="truong thcs nguyen du").exists()


def test_it_gives_every_unit_a_head_and_every_school_a_deputy_and_a_communications_officer(full_province):
    active = Membership.objects.active()
    heads = dict(active.filter(role=Role.HEAD).values_list("unit_id").annotate(n=Count("id")).order_by())
    assert set(heads) == set(Unit.objects.values_list("id", flat=True))
    assert set(heads.values()) == {1}
    school_ids = set(Unit.objects.filter(kind=K.SCHOOL).values_list("id", flat=True))
    for role in (Role.DEPUTY_HEAD, Role.COMMS_OFFICER, Role.UNION_REP):
        assert school_ids <= set(active.filter(role=role).values_list("unit_id", flat=True)), role


def test_it_makes_most_principals_the_spokesperson_with_both_memberships(full_province):
    schools = Unit.objects.filter(kind=K.SCHOOL)
    with_spokesperson = schools.filter(memberships__role=Role.SPOKESPERSON).distinct().count()
    principal_speaks = _principal_spokespersons()
    assert with_spokesperson >= 0.85 * schools.count()
    assert principal_speaks >= 0.75 * schools.count()
    department = Unit.objects.get(code=province.DEPARTMENT_CODE)
    spokesperson = Person.objects.get(memberships__unit=department, memberships__role=Role.SPOKESPERSON)
    assert spokesperson.title == "Phó Giám đốc Sở, người phát ngôn"
    assert Membership.objects.filter(person=spokesperson, unit=department, role=Role.DEPUTY_HEAD).exists()


def _principal_spokespersons() -> int:
    heads = set(Membership.objects.filter(role=Role.HEAD, unit__kind=K.SCHOOL).values_list("unit_id", "person_id"))
    speakers = set(Membership.objects.filter(role=Role.SPOKESPERSON, unit__kind=K.SCHOOL)
                   .values_list("unit_id", "person_id"))
    return len(heads & speakers)


def test_it_sizes_staff_by_school_level(full_province):
    sizes = dict(Unit.objects.filter(kind=K.SCHOOL).values_list("school_level")
                 .annotate(n=Count("memberships__person", distinct=True, filter=Q(memberships__until=None)))
                 .order_by())
    counts = dict(Unit.objects.filter(kind=K.SCHOOL).values_list("school_level").annotate(n=Count("id")).order_by())
    average = {level: sizes[level] / counts[level] for level in counts}
    assert average[L.PRESCHOOL] < average[L.PRIMARY] < average[L.LOWER_SECONDARY] < average[L.UPPER_SECONDARY]
    assert 15 <= average[L.PRESCHOOL] <= 25
    assert 50 <= average[L.UPPER_SECONDARY] <= 90


def test_it_gives_everyone_a_unique_valid_email_and_mobile_number(full_province):
    emails = list(Person.objects.values_list("email", flat=True))
    phones = list(Person.objects.values_list("phone", flat=True))
    assert len(set(emails)) == len(emails) and None not in emails
    assert len(set(phones)) == len(phones) and None not in phones
    for email in emails:
        validate_email(email)
        assert email.isascii() and email == email.lower()
    for phone in phones:
        assert normalize_phone(phone) == phone
        assert re.fullmatch(r"0[35789]\d{8}", phone)


def test_it_draws_family_names_with_vietnamese_frequencies(full_province):
    families = [name.split(" ", 1)[0] for name in Person.objects.values_list("full_name", flat=True)]
    share = families.count("Nguyễn") / len(families)
    assert 0.34 <= share <= 0.42
    assert families.count("Trần") > families.count("Lý")
    assert len(set(families)) >= 25


def test_it_gives_only_the_six_demo_sign_ins_a_usable_password(full_province):
    usable = [p for p in Person.objects.only("password", "email") if is_password_usable(p.password)]
    assert sorted(p.email for p in usable) == sorted(a.email for a in province.sign_in_accounts())
    for person in usable:
        assert person.check_password(province.DEMO_PASSWORD)


def test_it_gives_the_sign_ins_the_roles_their_label_says(full_province):
    people = full_province.people_by_key
    department = Unit.objects.get(code=province.DEPARTMENT_CODE)
    school = Unit.objects.get(name="Trường THCS Nguyễn Du")

    def roles(key: str, unit: Unit) -> set[str]:
        return set(Membership.objects.active().filter(person=people[key], unit=unit).values_list("role", flat=True))

    assert Role.HEAD in roles("director", department)
    assert Role.SPOKESPERSON in roles("spokesperson", department)
    assert Role.COMMS_OFFICER in roles("dept_officer", department)
    assert {Role.HEAD, Role.SPOKESPERSON} <= roles("principal", school)
    assert Role.COMMS_OFFICER in roles("school_officer", school)
    assert roles("teacher", school) == {Role.STAFF}
    assert people["teacher"].title.startswith("Giáo viên")


def test_it_seeds_notifications_for_the_sign_ins_and_records_an_audit_event(full_province):
    for person in full_province.people_by_key.values():
        assert Notification.objects.filter(recipient=person, kind="demo.welcome").count() == 1
    assert Notification.objects.filter(recipient=full_province.people_by_key["principal"],
                                       kind="demo.spokespersons").exists()
    event = Event.objects.get(verb="demo.loaded")
    assert event.after["schools"] == 400
    assert event.after["people"] == full_province.people
    assert event.unit.code == province.DEPARTMENT_CODE


def test_the_demo_director_signs_in_with_the_printed_password_and_sees_the_department(full_province, client):
    response = client.post(reverse("accounts:login"),
                           {"username": f"giamdoc@{province.DOMAIN}", "password": province.DEMO_PASSWORD})
    assert response.status_code == 302
    department = Unit.objects.get(code=province.DEPARTMENT_CODE)
    page = client.get(reverse("org:unit", args=[department.pk]))
    assert page.status_code == 200
    assert "Sở Giáo dục và Đào tạo tỉnh Bình Sơn" in page.content.decode()


def test_the_demo_teacher_signs_in_by_phone_and_cannot_see_another_school(full_province, client):
    teacher = full_province.people_by_key["teacher"]
    response = client.post(reverse("accounts:login"), {"username": teacher.phone, "password": province.DEMO_PASSWORD})
    assert response.status_code == 302
    school = Unit.objects.get(name="Trường THCS Nguyễn Du")
    other = Unit.objects.filter(kind=K.SCHOOL).exclude(pk=school.pk).first()
    assert client.get(reverse("org:unit", args=[school.pk])).status_code == 200
    assert client.get(reverse("org:unit", args=[other.pk])).status_code == 404


def test_it_changes_nothing_when_loaded_again(full_province):
    before = (Unit.objects.count(), Person.objects.count(), Membership.objects.count(),
              Notification.objects.count(), Event.objects.count())
    again = province.load()
    assert again.created is False
    assert set(again.people_by_key) == set(full_province.people_by_key)
    assert (Unit.objects.count(), Person.objects.count(), Membership.objects.count(),
            Notification.objects.count(), Event.objects.count()) == before
