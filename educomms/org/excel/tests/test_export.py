"""Exports: the scope subtree in the template's layout, so that an export imports again."""

import datetime as dt

from django.db import transaction
from django.urls import reverse

from educomms.org import services
from educomms.org.excel.columns import PEOPLE_SHEET, UNITS_SHEET
from educomms.org.excel.tests.conftest import (
    PEOPLE_HEADERS,
    UNIT_HEADERS,
    body,
    people_file,
    read,
    units_file,
)
from educomms.org.models import ImportJob, Membership, Person, Unit


def export(client, unit, kind):
    response = client.get(reverse("org_excel:export", args=[unit.pk, kind]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return body(response)


def rows_of(content, sheet):
    return [list(r) for r in read(content)[sheet].iter_rows(values_only=True)]


def test_the_units_export_lists_the_subtree_with_parent_codes(world, login):
    rows = rows_of(export(login(world.dept_officer), world.department, "don-vi"), UNITS_SHEET)
    assert rows[0] == UNIT_HEADERS
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {"SGDBS-VP", "XAP", "THCS-AP", "THCS-BM"}  # below the department, not itself
    assert by_code["XAP"][3:6] == ["Xã/phường", None, "SGDBS"]
    assert by_code["THCS-AP"][1:6] == ["Trường THCS An Phú", "THCS An Phú", "Trường học", "Trung học cơ sở", "XAP"]
    # Parents come before their children.
    codes = [r[0] for r in rows[1:]]
    assert codes.index("XAP") < codes.index("THCS-AP")


def test_the_people_export_lists_current_memberships_in_scope(world, login):
    rows = rows_of(export(login(world.officer_a), world.school_a, "nhan-su"), PEOPLE_SHEET)
    assert rows[0] == PEOPLE_HEADERS
    assert sorted((r[0], r[1], r[2], r[5], r[6]) for r in rows[1:]) == [
        ("Hoàng Văn Nam", "truyenthong@thcs-anphu.test", "0912000005", "THCS-AP", "Cán bộ phụ trách truyền thông"),
        ("Phạm Thị Lan", "hieutruong@thcs-anphu.test", "0912000004", "THCS-AP", "Thủ trưởng đơn vị"),
        ("Vũ Thị Hoa", "giaovien@thcs-anphu.test", "0912000006", "THCS-AP", "Giáo viên, nhân viên"),
    ]
    assert isinstance(rows[1][7], dt.datetime)  # a real date cell, shown as dd/mm/yyyy
    assert read(export(login(world.officer_a), world.school_a, "nhan-su"))[PEOPLE_SHEET]["H2"].number_format == \
        "DD/MM/YYYY"


def test_the_people_export_leaves_out_ended_memberships(world, login):
    services.end_membership(actor=world.admin, membership=world.teacher_a.memberships.get())
    rows = rows_of(export(login(world.officer_a), world.school_a, "nhan-su"), PEOPLE_SHEET)
    assert "Vũ Thị Hoa" not in {r[0] for r in rows}


def test_school_a_officer_cannot_export_school_b(world, login):
    client = login(world.officer_a)
    for kind in ("don-vi", "nhan-su"):
        assert client.get(reverse("org_excel:export", args=[world.school_b.pk, kind])).status_code == 404
    assert login(world.spokesperson).get(
        reverse("org_excel:export", args=[world.department.pk, "nhan-su"])).status_code == 403


def test_an_export_takes_a_fixed_number_of_queries(world, login, django_assert_max_num_queries, post_file):
    client = login(world.dept_officer)
    post_file(client, world.department, "nhan-su", people_file([
        [f"Người Số {i}", f"nguoi{i}@x.vn", "", "", "", "THCS-BM", "staff", ""] for i in range(300)]))
    with django_assert_max_num_queries(8):
        content = export(client, world.department, "nhan-su")
    assert len(rows_of(content, PEOPLE_SHEET)) == 1 + 7 + 300


def snapshot_units(root):
    return sorted(Unit.objects.filter(root.subtree_q()).exclude(pk=root.pk).values_list(
        "code", "name", "short_name", "kind", "school_level", "parent__code", "address", "phone", "email", "website"))


def snapshot_people(root):
    return sorted(Membership.objects.active().filter(unit__path__startswith=root.path).values_list(
        "person__full_name", "person__email", "person__phone", "person__zalo_phone", "person__title", "unit__code",
        "role", "since"))


def test_an_export_imports_again_into_an_empty_place(world, login, post_file):
    """Round trip: import a tree and its people, export both, undo the import, import the exports.
    The director imports: the file gives head roles, which a communications officer may not hand out."""
    client = login(world.director)
    root = world.division  # Văn phòng Sở: nothing below it yet
    with transaction.atomic():
        post_file(client, root, "don-vi", units_file([
            ["VP-TH", "Phòng Tổng hợp", "P.TH", "Phòng/ban thuộc Sở", "", "", "12 Lê Lợi", "02203888111",
             "tonghop@sgd.vn", "https://sgd.vn/tong-hop"],
            ["VP-TH-BC", "Tổ Báo chí", "", "Khác", "", "VP-TH", "", "", "", ""],
            ["VP-TT", "Tổ Thư viện", "", "Khác", "", "", "", "", "", ""],
        ]))
        post_file(client, root, "nhan-su", people_file([
            ["Đoàn Thị Hằng", "hang@sgd.vn", "0977000001", "0977000001", "Trưởng phòng", "VP-TH", "Thủ trưởng đơn vị",
             "01/08/2025"],
            ["Đoàn Thị Hằng", "hang@sgd.vn", "", "", "", "VP-TH-BC", "Người phát ngôn", "02/08/2025"],
            ["Mai Văn Tú", "", "0977000002", "", "Chuyên viên", "VP-TT", "Giáo viên, nhân viên", "15/09/2025"],
            # An existing person appears in the export too, and is matched again on re-import.
            ["Lê Minh Tuấn", "truyenthong@sgd.test", "", "", "", "VP-TT", "Cán bộ phụ trách truyền thông", ""],
        ]))
        units_before, people_before = snapshot_units(root), snapshot_people(root)
        assert len(units_before) == 3 and len(people_before) == 4
        units_export = export(client, root, "don-vi")
        people_export = export(client, root, "nhan-su")
        transaction.set_rollback(True)
    assert snapshot_units(root) == [] and not Person.objects.filter(email="hang@sgd.vn").exists()

    response = post_file(client, root, "don-vi", units_export)
    assert response.context["job"].state == ImportJob.State.DONE, response.context["job"].errors
    response = post_file(client, root, "nhan-su", people_export)
    assert response.context["job"].state == ImportJob.State.DONE, response.context["job"].errors
    assert snapshot_units(root) == units_before
    assert snapshot_people(root) == people_before


def test_re_importing_an_export_in_place_changes_nothing(world, login, post_file):
    client = login(world.dept_officer)
    before = snapshot_people(world.department)
    response = post_file(client, world.department, "nhan-su", export(client, world.department, "nhan-su"))
    job = response.context["job"]
    assert job.state == ImportJob.State.DONE, job.errors
    assert job.result["memberships_existing"] == len(before) and job.result["memberships_created"] == 0
    assert snapshot_people(world.department) == before
