"""Excel exports of coverage and of the people who have not acknowledged, read back with openpyxl."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from .. import services
from .factories import issued, receipt_of


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active


def data_rows(sheet) -> list[tuple]:
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and r[0] in ("Đơn vị", "STT"))
    return rows[header:]


def test_the_coverage_export_has_totals_then_one_row_per_child(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    url = f"{reverse('directives:coverage_export', args=[directive.pk])}?unit={world.department.pk}"
    response = login(world.dept_officer).get(url)
    assert "tiep-nhan-125-sgddt-vp" in response["Content-Disposition"]
    rows = data_rows(workbook(response))
    assert rows[0][:3] == ("Đơn vị", "Số người nhận", "Đã đọc")
    assert rows[1][0].startswith("Toàn đơn vị") and rows[1][1:3] == (7, 1) and rows[1][4] == 1
    assert abs(rows[1][5] - 1 / 7) < 0.001
    names = {r[0]: r for r in rows[2:]}
    assert names[world.commune.name][1] == 4 and names[world.commune.name][4] == 1
    assert f"{world.department.name} (cán bộ của chính đơn vị)" in names


def test_the_head_exports_the_people_who_have_not_acknowledged(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    services.open_receipt(actor=world.officer_a, receipt=receipt_of(directive, world.officer_a))
    url = f"{reverse('directives:not_acknowledged_export', args=[directive.pk])}?unit={world.school_a.pk}"
    rows = data_rows(workbook(login(world.principal_a).get(url)))
    people = {r[1]: r for r in rows[1:]}
    assert set(people) == {world.principal_a.full_name, world.officer_a.full_name}
    assert people[world.principal_a.full_name][6] == "Chưa đọc"
    assert people[world.officer_a.full_name][6] != "Chưa đọc"
    assert people[world.officer_a.full_name][2] == world.school_a.name


def test_the_people_export_is_for_heads_only_and_scoped(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    export = reverse("directives:not_acknowledged_export", args=[directive.pk])
    assert login(world.principal_b).get(f"{export}?unit={world.school_a.pk}").status_code == 404
    assert login(world.principal_b).get(f"{reverse('directives:coverage_export', args=[directive.pk])}"
                                        f"?unit={world.school_a.pk}").status_code == 404
    assert login(world.officer_a).get(f"{export}?unit={world.school_a.pk}").status_code == 403  # not the head
    assert login(world.teacher_a).get(f"{export}?unit={world.school_a.pk}").status_code == 404
    rows = data_rows(workbook(login(world.director).get(f"{export}?unit={world.department.pk}")))
    assert len(rows) - 1 == 7
