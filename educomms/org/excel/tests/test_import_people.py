"""Importing people with memberships: new and existing people, every error with its row number, scope."""

import datetime as dt

import pytest
from django.utils import timezone

from educomms.audit.models import Event
from educomms.org import services
from educomms.org.excel.tests.conftest import people_file
from educomms.org.models import ImportJob, Membership, Person, Unit
from educomms.org.roles import Role


def row(name, email="", phone="", unit="THCS-AP", role="Giáo viên, nhân viên", since="05/09/2025", zalo="",
        title=""):
    return [name, email, phone, zalo, title, unit, role, since]


def errors_of(response):
    return [(e["row"], e["column"], e["message"]) for e in response.context["job"].errors]


GOOD = [
    ["Trần Văn Bình", "binh.tran@thcs-anphu.test", 912345001, "", "Giáo viên Toán", "THCS-AP",
     "Giáo viên, nhân viên", dt.datetime(2025, 9, 5)],
    # The same person (same phone, written differently), a second role.
    ["Trần Văn Bình", "", "0912 345 001", "", "", "THCS-AP", "Cán bộ phụ trách truyền thông", "05/09/2025"],
    ["Lê Thị Cúc", "", "+84 987 654 321", "0987654321", "Nhân viên văn thư", "THCS-AP", "staff", ""],
    # Already in the system (School A's teacher): gets a role at School B, is not created again.
    ["vũ thị  hoa", "GIAOVIEN@thcs-anphu.test", "", "", "Giáo viên", "THCS-BM", "Giáo viên", "01/10/2025"],
]


def test_it_imports_people_with_their_memberships(world, login, post_file):
    people_before = Person.objects.count()
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file(GOOD))
    assert response.context["job"].state == ImportJob.State.DONE, response.context["job"].errors
    page = response.content.decode()
    assert "Đã nhập 2 người mới." in page and "1 người đã có trong hệ thống được thêm nhiệm vụ." in page
    assert "4 nhiệm vụ mới." in page

    assert Person.objects.count() == people_before + 2
    binh = Person.objects.get(email="binh.tran@thcs-anphu.test")
    assert (binh.full_name, binh.phone, binh.title, binh.has_usable_password()) == (
        "Trần Văn Bình", "0912345001", "Giáo viên Toán", False)
    assert set(binh.memberships.values_list("unit__code", "role", "since")) == {
        ("THCS-AP", Role.STAFF, dt.date(2025, 9, 5)), ("THCS-AP", Role.COMMS_OFFICER, dt.date(2025, 9, 5))}
    cuc = Person.objects.get(phone="0987654321")
    assert (cuc.email, cuc.zalo_phone, cuc.title) == (None, "0987654321", "Nhân viên văn thư")
    assert list(cuc.memberships.values_list("role", "since")) == [(Role.STAFF, timezone.localdate())]
    # The existing person keeps their details and gains the role.
    world.teacher_a.refresh_from_db()
    assert world.teacher_a.title == "Giáo viên Ngữ văn" and world.teacher_a.full_name == "Vũ Thị Hoa"
    assert set(world.teacher_a.memberships.values_list("unit", "role")) == {
        (world.school_a.pk, Role.STAFF), (world.school_b.pk, Role.STAFF)}

    # Audit: an event per new person and per membership, and one summary.
    created = Event.objects.get(verb="person.created", object_id=str(binh.pk))
    assert created.actor == world.dept_officer and created.unit == world.school_a
    assert created.after["email"] == "binh.tran@thcs-anphu.test" and created.at <= timezone.now()
    added = Event.objects.filter(verb="membership.added", after__person=world.teacher_a.pk, unit=world.school_b)
    assert added.count() == 1 and "Vũ Thị Hoa — Giáo viên, nhân viên — Trường THCS Bình Minh" == added[0].object_repr
    assert Event.objects.filter(verb="membership.added", actor=world.dept_officer).count() == 4
    summary = Event.objects.get(verb="org.import")
    assert summary.after == {"kind": "people", "rows": 4, "units_created": 0, "people_created": 2,
                             "people_existing": 1, "memberships_created": 4, "memberships_existing": 0}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world, login, post_file):
    client = login(world.dept_officer)
    post_file(client, world.department, "nhan-su", people_file(GOOD))
    people, memberships = Person.objects.count(), Membership.objects.count()
    response = post_file(client, world.department, "nhan-su", people_file(GOOD))
    assert response.context["job"].state == ImportJob.State.DONE
    assert (Person.objects.count(), Membership.objects.count()) == (people, memberships)
    page = response.content.decode()
    assert "Đã nhập 0 người mới." in page and "3 người đã có trong hệ thống được thêm nhiệm vụ." in page
    assert "4 nhiệm vụ đã có từ trước, giữ nguyên." in page


def test_a_file_with_one_bad_row_imports_nobody_and_names_the_row(world, login, post_file):
    people, memberships, events = Person.objects.count(), Membership.objects.count(), Event.objects.count()
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        *GOOD, row("Đỗ Văn Sai", email="sai@thcs-anphu.test", role="Hiệu phó kiêm thủ quỹ"),
    ]))
    assert response.context["job"].state == ImportJob.State.REJECTED
    (error,) = errors_of(response)
    assert error[:2] == (6, "Vai trò")
    assert error[2].startswith("“Hiệu phó kiêm thủ quỹ” không có trong danh mục. Chọn một trong: Thủ trưởng đơn vị;")
    assert (Person.objects.count(), Membership.objects.count(), Event.objects.count()) == (people, memberships, events)
    assert "Dòng 6" in response.content.decode()


PHONE = "Số điện thoại “%s” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0, hoặc số cố định 11 chữ số)."


@pytest.mark.parametrize(("bad", "column", "message"), [
    (row("", email="a@x.vn"), "Họ và tên", "Thiếu họ và tên."),
    (row("Người Không Liên Hệ"), "Thư điện tử", "Cần có thư điện tử hoặc số điện thoại (để đăng nhập)."),
    (row("Người Sai Thư", email="a@@x"), "Thư điện tử", "Thư điện tử “a@@x” không hợp lệ."),
    (row("Người Sai Số", phone="0123"), "Số điện thoại", PHONE % "0123"),
    (row("Người Sai Zalo", email="z@x.vn", zalo="zalo-cua-toi"), "Số Zalo", PHONE % "zalo-cua-toi"),
    (row("Người Không Vai Trò", email="r@x.vn", role=""), "Vai trò", "Thiếu vai trò."),
    (row("Người Không Đơn Vị", email="u@x.vn", unit=""), "Mã đơn vị", "Thiếu mã đơn vị."),
    (row("Người Đơn Vị Lạ", email="u@x.vn", unit="KHONG-CO"), "Mã đơn vị",
     "Không tìm thấy đơn vị có mã “KHONG-CO”."),
    (row("Người Sai Ngày", email="d@x.vn", since="31/02/2025"), "Từ ngày (dd/mm/yyyy)",
     "Ngày “31/02/2025” không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 05/09/2025)."),
    (row("Người Trùng Thư", email="hieutruong@thcs-anphu.test"), "Thư điện tử",
     "Thư điện tử “hieutruong@thcs-anphu.test” đã thuộc về một người khác trong hệ thống (họ tên không khớp). "
     "Hãy ghi đúng họ tên người đó, hoặc dùng liên hệ khác."),
    (row("Người Trùng Số", phone="0912000006"), "Số điện thoại",
     "Số điện thoại “0912000006” đã thuộc về một người khác trong hệ thống (họ tên không khớp). "
     "Hãy ghi đúng họ tên người đó, hoặc dùng liên hệ khác."),
    (row("Phạm Thị Lan", email="hieutruong@thcs-anphu.test", phone="0912000006"), "Thư điện tử",
     "Thư điện tử “hieutruong@thcs-anphu.test” và số điện thoại “0912000006” thuộc về hai người khác nhau "
     "trong hệ thống."),
])
def test_it_reports_each_kind_of_people_error_in_vietnamese(world, login, post_file, bad, column, message):
    people = Person.objects.count()
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        row("Người Đúng", email="dung@x.vn"), bad]))
    assert errors_of(response) == [(3, column, message)]
    assert Person.objects.count() == people


def test_it_reports_the_same_contact_twice_in_the_file_with_different_names(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        row("Ngô Văn An", email="an@x.vn", phone="0911000001"),
        row("Ngô Văn Anh", email="an@x.vn"),
        row("Ngô Thị Ba", phone="0911000001"),
    ]))
    assert errors_of(response) == [
        (3, "Thư điện tử", "Thư điện tử “an@x.vn” đã có ở dòng 2 với họ tên khác (“Ngô Văn An”)."),
        (4, "Số điện thoại", "Số điện thoại “0911000001” đã có ở dòng 2 với họ tên khác (“Ngô Văn An”)."),
    ]


def test_it_reports_one_person_given_two_phones(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        row("Ngô Văn An", email="an@x.vn", phone="0911000001"),
        row("Ngô Văn An", email="an@x.vn", phone="0911000002", role="Người phát ngôn"),
    ]))
    assert errors_of(response) == [
        (3, "Số điện thoại", "Cùng một người với dòng 2 (trùng liên hệ) nhưng số điện thoại khác (“0911000001”)."),
    ]


def test_it_reports_rows_of_one_person_that_match_two_people_in_the_system(world, login, post_file):
    # The rows share a new phone, so they are one person; but their e-mails are the principal's and the
    # teacher's.
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        row("Phạm Thị Lan", email="hieutruong@thcs-anphu.test", phone="0911000009"),
        row("Phạm Thị Lan", email="giaovien@thcs-anphu.test", phone="0911000009"),
    ]))
    two = "Các dòng 2, 3 là cùng một người (trùng liên hệ) nhưng khớp với hai người khác nhau trong hệ thống."
    assert errors_of(response) == [
        (2, "Thư điện tử", two),
        (3, "Thư điện tử", "Cùng một người với dòng 2 (trùng liên hệ) nhưng thư điện tử khác "
                           "(“hieutruong@thcs-anphu.test”)."),
        (3, "Thư điện tử", two),
    ]


def test_it_reports_the_same_membership_twice_in_the_file(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        row("Ngô Văn An", email="an@x.vn"),
        row("Ngô Văn An", email="an@x.vn", role="staff"),
    ]))
    assert errors_of(response) == [(3, "Vai trò", "Trùng với dòng 2: cùng người, cùng đơn vị và vai trò.")]


def test_it_rejects_a_unit_that_is_not_active(world, login, post_file):
    closed = services.create_unit(actor=world.admin, parent=world.commune, kind=Unit.Kind.SCHOOL, name="Trường cũ",
                                  code="TRUONG-CU")
    services.set_unit_active(actor=world.admin, unit=closed, active=False)
    response = post_file(login(world.dept_officer), world.department, "nhan-su", people_file([
        row("Ngô Văn An", email="an@x.vn", unit="TRUONG-CU")]))
    assert errors_of(response) == [(2, "Mã đơn vị", "Đơn vị “TRUONG-CU” đang ngừng hoạt động.")]


def test_it_rejects_rows_for_units_outside_the_importers_scope(world, login, post_file):
    response = post_file(login(world.officer_a), world.school_a, "nhan-su", people_file([
        row("Ngô Văn An", email="an@x.vn", unit="THCS-AP"),
        row("Ngô Văn Bé", email="be@x.vn", unit="THCS-BM"),
        row("Ngô Văn Cả", email="ca@x.vn", unit="SGDBS"),
    ]))
    scope = "nằm ngoài phạm vi nhập (chỉ được nhập vào Trường THCS An Phú và các đơn vị trực thuộc)."
    assert errors_of(response) == [(3, "Mã đơn vị", f"Đơn vị “THCS-BM” {scope}"),
                                   (4, "Mã đơn vị", f"Đơn vị “SGDBS” {scope}")]
    assert not Person.objects.filter(email="an@x.vn").exists()


def test_school_a_officer_imports_teachers_into_school_a(world, login, post_file):
    response = post_file(login(world.officer_a), world.school_a, "nhan-su", people_file([
        row("Ngô Văn An", email="an@x.vn"), row("Đinh Thị Bích", phone="0388123456", role="Giáo viên")]))
    assert response.context["job"].state == ImportJob.State.DONE
    assert set(Membership.objects.filter(unit=world.school_a, person__full_name__startswith=("Ngô"))
               .values_list("person__email", "role")) == {("an@x.vn", Role.STAFF)}
    assert Person.objects.get(phone="0388123456").memberships.get().unit == world.school_a


def test_school_a_officer_cannot_import_people_into_school_b(world, login, post_file):
    response = post_file(login(world.officer_a), world.school_b, "nhan-su", people_file([row("Ngô Văn An",
                                                                                               email="an@x.vn")]))
    assert response.status_code == 404
    assert not Person.objects.filter(email="an@x.vn").exists()


def test_a_communications_officer_imports_teachers_but_not_heads(world, login, post_file):
    """Nobody hands out more than they hold: a head's capabilities are not the officer's to give."""
    client = login(world.dept_officer)
    response = post_file(client, world.department, "nhan-su", people_file([
        row("Ngô Văn Khải", "khai@thcs-anphu.test", role="Giáo viên, nhân viên"),
        row("Tạ Thị Hiền", "hien@thcs-anphu.test", role="Thủ trưởng đơn vị"),
    ]))
    assert response.context["job"].state == ImportJob.State.REJECTED
    assert errors_of(response) == [(3, "Vai trò", "Bạn không thể giao hoặc kết thúc vai trò này: vai trò có những "
                                                  "quyền mà chính bạn không có tại đơn vị.")]
    assert not Person.objects.filter(email__in=["khai@thcs-anphu.test", "hien@thcs-anphu.test"]).exists()

    response = post_file(login(world.director), world.department, "nhan-su", people_file([
        row("Tạ Thị Hiền", "hien@thcs-anphu.test", role="Thủ trưởng đơn vị")]))
    assert response.context["job"].state == ImportJob.State.DONE
    assert Membership.objects.filter(person__email="hien@thcs-anphu.test", role=Role.HEAD).exists()
