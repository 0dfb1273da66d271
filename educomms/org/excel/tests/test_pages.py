"""The import/export page and the template downloads: who may open them, and what the templates hold."""

import io

import pytest
from django.urls import reverse

from educomms.org.excel.columns import LISTS_SHEET, PEOPLE_SHEET, UNITS_SHEET
from educomms.org.excel.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS, body, read
from educomms.org.roles import Role


def index(unit=None):
    return reverse("org_excel:index") + (f"?unit={unit.pk}" if unit else "")


def template_url(unit, kind):
    return reverse("org_excel:template", args=[unit.pk, kind])


def test_it_shows_the_department_officer_the_import_page_of_their_unit(world, login):
    response = login(world.dept_officer).get(index())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập, xuất Excel đơn vị và nhân sự" in page
    assert world.department.name in page
    assert template_url(world.department, "don-vi") in page
    assert reverse("org_excel:upload", args=[world.department.pk, "nhan-su"]) in page
    assert reverse("org_excel:export", args=[world.department.pk, "don-vi"]) in page
    assert "style=" not in page and "<script>" not in page  # the CSP allows neither


def test_it_opens_the_page_for_a_school_inside_the_officers_scope(world, login):
    response = login(world.dept_officer).get(index(world.school_a))
    assert response.status_code == 200
    assert "Trường THCS An Phú" in response.content.decode()


def test_it_opens_school_a_for_its_own_officer(world, login):
    response = login(world.officer_a).get(index())
    assert response.status_code == 200
    assert response.context["unit"] == world.school_a


def test_it_answers_404_when_school_a_officer_asks_for_school_b(world, login):
    assert login(world.officer_a).get(index(world.school_b)).status_code == 404
    assert login(world.officer_a).get(template_url(world.school_b, "don-vi")).status_code == 404


def test_it_answers_404_for_a_unit_that_does_not_exist(world, login):
    assert login(world.dept_officer).get(reverse("org_excel:index") + "?unit=999999").status_code == 404
    assert login(world.dept_officer).get(reverse("org_excel:index") + "?unit=abc").status_code == 404


def test_it_forbids_a_visible_unit_to_someone_without_import_rights(world, login):
    # The spokesperson sees the department but may not import or export.
    assert login(world.spokesperson).get(index(world.department)).status_code == 403
    assert login(world.spokesperson).get(index()).status_code == 403
    assert login(world.teacher_a).get(template_url(world.school_a, "nhan-su")).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client, world):
    for url in (index(), template_url(world.department, "don-vi"),
                reverse("org_excel:export", args=[world.department.pk, "nhan-su"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_it_answers_404_for_an_unknown_kind_of_template(world, login):
    assert login(world.dept_officer).get(template_url(world.department, "hoc-sinh")).status_code == 404


def test_the_units_template_has_the_vietnamese_headers_lists_and_instructions(world, login):
    response = login(world.dept_officer).get(template_url(world.department, "don-vi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    wb = read(body(response))
    assert wb.sheetnames[0] == UNITS_SHEET
    ws = wb[UNITS_SHEET]
    assert [c.value for c in ws[1]] == UNIT_HEADERS
    assert UNIT_HEADERS == ["Mã đơn vị", "Tên đơn vị", "Tên viết tắt", "Loại đơn vị", "Cấp học",
                            "Mã đơn vị cấp trên", "Địa chỉ", "Điện thoại", "Thư điện tử", "Trang thông tin"]
    assert ws.max_row == 1  # no example rows in the data sheet: they live in "Ví dụ"
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    kinds = [row[0] for row in lists.iter_rows(min_row=2, max_col=1, values_only=True) if row[0]]
    assert "Trường học" in kinds and "Xã/phường" in kinds and "Sở" in kinds
    levels = [row[0] for row in lists.iter_rows(min_row=2, min_col=2, max_col=2, values_only=True) if row[0]]
    assert levels == ["Mầm non", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông", "Nhiều cấp học",
                      "Giáo dục thường xuyên"]
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert validations["D2"].type == "list" and validations["D2"].formula1 == f"'{LISTS_SHEET}'!$A$2:$A$9"
    assert validations["E2"].formula1 == f"'{LISTS_SHEET}'!$B$2:$B$7"
    instructions = "\n".join(str(c) for row in wb["Hướng dẫn"].iter_rows(values_only=True) for c in row if c)
    assert "Mã đơn vị cấp trên" in instructions and "không dữ liệu nào được nhập" in instructions
    examples = list(wb["Ví dụ"].iter_rows(min_row=2, values_only=True))
    assert examples[0][5] == world.department.code  # the example hangs under the chosen unit
    assert examples[1][5] == examples[0][0]  # and a parent defined in an earlier row


def test_the_people_template_has_role_labels_as_a_drop_down(world, login):
    response = login(world.officer_a).get(template_url(world.school_a, "nhan-su"))
    assert response.status_code == 200
    wb = read(body(response))
    ws = wb[PEOPLE_SHEET]
    assert [c.value for c in ws[1]] == PEOPLE_HEADERS
    assert PEOPLE_HEADERS == ["Họ và tên", "Thư điện tử", "Số điện thoại", "Số Zalo", "Chức danh", "Mã đơn vị",
                              "Vai trò", "Từ ngày (dd/mm/yyyy)"]
    roles = [row[0] for row in wb[LISTS_SHEET].iter_rows(min_row=2, min_col=3, max_col=3, values_only=True)
             if row[0]]
    assert roles[0] == "Thủ trưởng đơn vị" and "Giáo viên, nhân viên" in roles and len(roles) == len(Role)
    (validation,) = ws.data_validations.dataValidation
    assert str(validation.sqref).startswith("G2:") and validation.formula1 == f"'{LISTS_SHEET}'!$C$2:$C$8"
    # Phones, codes and dates are text columns, so Excel keeps leading zeros and dd/mm/yyyy as typed.
    assert ws.column_dimensions["C"].number_format == "@"
    assert ws.column_dimensions["H"].number_format == "@"
    examples = list(wb["Ví dụ"].iter_rows(min_row=2, values_only=True))
    assert {row[5] for row in examples} == {"THCS-AP"}


@pytest.mark.parametrize("kind", ["don-vi", "nhan-su"])
def test_a_downloaded_template_with_its_example_rows_imports_cleanly(world, login, post_file, kind):
    """The examples are valid data: copied into the data sheet, they import (for the director: the
    examples include a head, which only someone holding a head's capabilities may hand out)."""
    client = login(world.director)
    wb = read(body(client.get(template_url(world.department, kind))))
    data, examples = wb.worksheets[0], wb["Ví dụ"]
    for row in examples.iter_rows(min_row=2, values_only=True):
        data.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    response = post_file(client, world.department, kind, buffer.getvalue())
    assert response.context["job"].state == "done", response.context["job"].errors
