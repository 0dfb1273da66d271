"""Importing units: the tree from parent codes, every error with its row number, all or nothing, scope."""

import pytest

from educomms.audit.models import Event
from educomms.org.excel.tests.conftest import units_file, upload, xlsx
from educomms.org.models import ImportJob, Unit


def row(code, name, kind="Trường học", level="", parent="", short="", address="", phone="", email="", web=""):
    return [code, name, short, kind, level, parent, address, phone, email, web]


def errors_of(response):
    return [(e["row"], e["column"], e["message"]) for e in response.context["job"].errors]


def test_it_builds_the_tree_from_parent_codes(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([
        # A child before its parent, a parent in the database, an empty parent (the chosen unit).
        row("TH-DONG", "Trường Tiểu học Đông", level="Tiểu học", parent="XA-DONG", phone="0912 345 678",
            email="thdong@edu.vn", web="thdong.edu.vn", short="TH Đông"),
        row("XA-DONG", "Xã Đông", kind="Xã/phường"),
        row("MN-AP", "Trường Mầm non An Phú", kind="school", level="MN", parent="XAP", address="Thôn 2, xã An Phú"),
        row("TT-GDTX", "Trung tâm GDTX tỉnh", kind="Trung tâm"),
    ]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã nhập 4 đơn vị." in page
    xa = Unit.objects.get(code="XA-DONG")
    th = Unit.objects.get(code="TH-DONG")
    mn = Unit.objects.get(code="MN-AP")
    centre = Unit.objects.get(code="TT-GDTX")
    assert xa.parent == world.department and xa.kind == Unit.Kind.COMMUNE
    assert th.parent == xa and th.path == f"{xa.path}{th.pk}/" and th.depth == xa.depth + 1
    assert (th.kind, th.school_level, th.short_name) == (Unit.Kind.SCHOOL, Unit.SchoolLevel.PRIMARY, "TH Đông")
    assert (th.phone, th.email, th.website) == ("0912345678", "thdong@edu.vn", "https://thdong.edu.vn")
    assert mn.parent == world.commune and mn.school_level == Unit.SchoolLevel.PRESCHOOL
    assert mn.address == "Thôn 2, xã An Phú"
    assert centre.parent == world.department and centre.kind == Unit.Kind.CENTRE
    # Audit: one event per unit through org.services, and one summary of the import.
    assert Event.objects.filter(verb="unit.created", object_id=str(th.pk), actor=world.dept_officer).exists()
    summary = Event.objects.get(verb="org.import")
    assert summary.unit == world.department and summary.after["units_created"] == 4


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(world, login, post_file):
    before, events = Unit.objects.count(), Event.objects.count()
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([
        row("TH-1", "Trường Tiểu học Một", level="Tiểu học"),
        row("TH-2", "Trường Tiểu học Hai", level="Tiểu học"),
        row("TH-3", "Trường Tiểu học Ba", level="Tiểu học", parent="KHONG-CO"),
        row("TH-4", "Trường Tiểu học Bốn", level="Tiểu học"),
    ]))
    assert Unit.objects.count() == before
    assert response.context["job"].state == ImportJob.State.REJECTED
    assert errors_of(response) == [
        (4, "Mã đơn vị cấp trên",
         "Không tìm thấy đơn vị cấp trên có mã “KHONG-CO” (trong hệ thống hoặc trong tệp)."),
    ]
    page = response.content.decode()
    assert "Chưa nhập dữ liệu nào" in page and "Dòng 4" in page and "KHONG-CO" in page
    assert Event.objects.count() == events


@pytest.mark.parametrize(("bad", "column", "message"), [
    (row("", "Trường Không Mã"), "Mã đơn vị", "Thiếu mã đơn vị."),
    (row("X" * 41, "Trường Mã Dài"), "Mã đơn vị", "Quá dài (tối đa 40 ký tự)."),
    (row("THCS-AP", "Trường trùng mã"), "Mã đơn vị", "Mã đơn vị “THCS-AP” đã có trong hệ thống."),
    (row("T-1", ""), "Tên đơn vị", "Thiếu tên đơn vị."),
    (row("T-1", "Trường", kind=""), "Loại đơn vị", "Thiếu loại đơn vị."),
    (row("T-1", "Trường", kind="Trường đại học"), "Loại đơn vị", "“Trường đại học” không có trong danh mục. "
     "Chọn một trong: Bộ; Sở; Phòng/ban thuộc Sở; Phòng GD&ĐT; Xã/phường; Trường học; Trung tâm; Khác."),
    (row("T-1", "Trường", level="Đại học"), "Cấp học", "“Đại học” không có trong danh mục. Chọn một trong: "
     "Mầm non; Tiểu học; Trung học cơ sở; Trung học phổ thông; Nhiều cấp học; Giáo dục thường xuyên."),
    (row("T-1", "Xã", kind="Xã/phường", level="Tiểu học"), "Cấp học",
     "Chỉ ghi cấp học cho đơn vị loại “Trường học”."),
    (row("T-1", "Trường", phone="12345"), "Điện thoại",
     "Số điện thoại “12345” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0, hoặc số cố định 11 chữ số)."),
    (row("T-1", "Trường", email="vanphong@"), "Thư điện tử", "Thư điện tử “vanphong@” không hợp lệ."),
    (row("T-1", "Trường", web="http://"), "Trang thông tin", "Địa chỉ trang thông tin “http://” không hợp lệ."),
    (row("T-1", "Trường", parent="T-1"), "Mã đơn vị cấp trên", "Mã đơn vị cấp trên tạo thành vòng lặp (T-1 → T-1)."),
])
def test_it_reports_each_kind_of_unit_error_in_vietnamese(world, login, post_file, bad, column, message):
    before = Unit.objects.count()
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([
        row("TOT-1", "Trường Tiểu học Tốt", level="Tiểu học"), bad,
    ]))
    assert errors_of(response) == [(3, column, message)]
    assert Unit.objects.count() == before


def test_it_reports_a_code_repeated_in_the_file_with_the_first_row(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([
        row("TH-9", "Trường Chín"), row("TH-8", "Trường Tám"), row("TH-9", "Trường Chín bis"),
    ]))
    assert errors_of(response) == [(4, "Mã đơn vị", "Mã đơn vị “TH-9” trùng với dòng 2.")]


def test_it_reports_a_loop_of_parents_on_every_row_of_the_loop(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([
        row("A", "Đơn vị A", kind="Khác", parent="B"), row("B", "Đơn vị B", kind="Khác", parent="A"),
        row("C", "Đơn vị C", kind="Khác", parent="A"),
    ]))
    assert [(r, c) for r, c, _m in errors_of(response)] == [(2, "Mã đơn vị cấp trên"), (3, "Mã đơn vị cấp trên")]
    assert "vòng lặp" in errors_of(response)[0][2]
    assert not Unit.objects.filter(code__in=["A", "B", "C"]).exists()


def test_it_reports_every_bad_row_not_just_the_first(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([
        row("", "Không mã"), row("OK-1", "Đúng"), row("OK-2", "", kind="Lạ"), row("OK-3", "Đúng", phone="abc"),
    ]))
    assert [(r, c) for r, c, _m in errors_of(response)] == [
        (2, "Mã đơn vị"), (4, "Tên đơn vị"), (4, "Loại đơn vị"), (5, "Điện thoại")]


def test_it_rejects_a_parent_outside_the_importers_scope(world, login, post_file):
    # School A's officer imports into School A; the commune and School B are outside.
    response = post_file(login(world.officer_a), world.school_a, "don-vi", units_file([
        row("TO-1", "Tổ Toán", kind="Khác"),
        row("TO-2", "Tổ Văn", kind="Khác", parent="THCS-BM"),
        row("TO-3", "Tổ Anh", kind="Khác", parent="XAP"),
    ]))
    scope = "nằm ngoài phạm vi nhập (chỉ được nhập vào Trường THCS An Phú và các đơn vị trực thuộc)."
    assert errors_of(response) == [
        (3, "Mã đơn vị cấp trên", f"Đơn vị cấp trên “THCS-BM” {scope}"),
        (4, "Mã đơn vị cấp trên", f"Đơn vị cấp trên “XAP” {scope}"),
    ]
    assert not Unit.objects.filter(code__startswith="TO-").exists()


def test_school_a_officer_imports_under_school_a(world, login, post_file):
    response = post_file(login(world.officer_a), world.school_a, "don-vi", units_file([
        row("TO-TOAN", "Tổ Toán - Tin", kind="Khác", parent="THCS-AP"),
    ]))
    assert response.context["job"].state == ImportJob.State.DONE
    assert Unit.objects.get(code="TO-TOAN").parent == world.school_a


def test_school_a_officer_cannot_import_into_school_b(world, login, post_file):
    response = post_file(login(world.officer_a), world.school_b, "don-vi", units_file([row("X-1", "Tổ X", kind="Khác")]))
    assert response.status_code == 404
    assert not Unit.objects.filter(code="X-1").exists() and not ImportJob.objects.exists()


def test_a_spokesperson_cannot_import(world, login, post_file):
    response = post_file(login(world.spokesperson), world.department, "don-vi",
                         units_file([row("X-1", "Tổ X", kind="Khác")]))
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_anonymous_upload_goes_to_the_login_page(client, world):
    response = client.post(f"/mang-luoi/excel/don-vi/{world.department.pk}/nhap/don-vi/",
                           {"file": upload("a.xlsx", units_file([row("X-1", "X", kind="Khác")]))})
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    assert not ImportJob.objects.exists()


def test_it_refuses_a_file_that_is_not_xlsx(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi", b"%PDF-1.4 not a workbook",
                         name="don-vi.xlsx")
    assert response.status_code == 400
    assert "Loại tệp không được chấp nhận. Chỉ nhận: XLSX." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_asks_for_a_file_when_none_is_chosen(world, login):
    response = login(world.dept_officer).post(f"/mang-luoi/excel/don-vi/{world.department.pk}/nhap/don-vi/")
    assert response.status_code == 400
    assert "Hãy chọn tệp Excel để tải lên." in response.content.decode()


def test_it_names_missing_columns(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi",
                         xlsx([["X-1", "Trường"]], ["Mã đơn vị", "Tên đơn vị"]))
    assert errors_of(response) == [(1, "Loại đơn vị", "Thiếu cột “Loại đơn vị” ở dòng tiêu đề.")]


def test_it_says_so_when_the_file_has_no_data_rows(world, login, post_file):
    response = post_file(login(world.dept_officer), world.department, "don-vi", units_file([]))
    assert errors_of(response) == [(None, "", "Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề).")]


def test_it_reads_columns_in_any_order_and_skips_blank_rows(world, login, post_file):
    content = xlsx([["Trường học", "Trường Tiểu học Tây", "TH-TAY"], [None, None, None],
                    ["Xã/phường", "Xã Tây", "XA-TAY"]], ["Loại đơn vị *", "tên đơn vị", "MÃ ĐƠN VỊ"])
    response = post_file(login(world.dept_officer), world.department, "don-vi", content)
    assert response.context["job"].state == ImportJob.State.DONE
    assert set(Unit.objects.filter(code__endswith="-TAY").values_list("code", flat=True)) == {"TH-TAY", "XA-TAY"}
