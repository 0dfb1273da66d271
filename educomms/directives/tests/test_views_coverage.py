"""Coverage pages: the tree table level by level, cascade stops, the chart; scoped by VIEW_COVERAGE (School
B's head asking for School A gets 404)."""

import re

from django.urls import reverse

from educomms.org.roles import Role

from .. import services
from ..targeting import TargetSpec
from .factories import issued, receipt_of


def coverage_url(directive, unit=None) -> str:
    url = reverse("directives:coverage", args=[directive.pk])
    return f"{url}?unit={unit.pk}" if unit else url


def rows_url(directive, unit) -> str:
    return f"{reverse('directives:coverage_rows', args=[directive.pk])}?unit={unit.pk}"


def test_the_department_sees_its_whole_subtree_level_by_level(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    services.acknowledge_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    services.open_receipt(actor=world.principal_b, receipt=receipt_of(directive, world.principal_b))
    client = login(world.dept_officer)
    response = client.get(coverage_url(directive))
    assert response.status_code == 200
    assert response.context["unit"] == world.department
    total = response.context["total"]
    assert (total.recipients, total.opened, total.acknowledged) == (7, 2, 1)
    rows = {item["row"].unit.name: item["row"] for item in response.context["rows"]}
    assert set(rows) == {world.department.name, world.commune.name}
    assert (rows[world.commune.name].recipients, rows[world.commune.name].has_children) == (4, True)
    html = response.content.decode()
    assert 'data-testid="coverage-tree"' in html and "coverage-toggle" in html and "(cán bộ của chính đơn vị)" in html
    assert 'data-testid="coverage-chart"' in html and "<polyline" in html
    # The next level, as the HTMX toggle loads it: rows only, indented one level deeper.
    part = client.get(rows_url(directive, world.commune) + f"&root_depth={world.department.depth}")
    assert part.status_code == 200
    html = part.content.decode()
    assert "<html" not in html and world.school_a.name in html and world.school_b.name in html
    assert "level-2" in html
    school_a = next(i["row"] for i in part.context["rows"] if i["row"].unit_id == world.school_a.pk)
    assert (school_a.recipients, school_a.acknowledged) == (3, 1)


def test_a_school_head_sees_only_their_school(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    client = login(world.principal_a)
    response = client.get(coverage_url(directive))
    assert response.status_code == 200 and response.context["unit"] == world.school_a
    assert response.context["total"].recipients == 3
    assert client.get(coverage_url(directive, world.department)).status_code == 404


def test_school_b_gets_404_for_school_a_coverage(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    client = login(world.principal_b)
    assert client.get(coverage_url(directive)).context["unit"] == world.school_b
    assert client.get(coverage_url(directive, world.school_a)).status_code == 404
    assert client.get(rows_url(directive, world.school_a)).status_code == 404
    assert client.get(rows_url(directive, world.commune)).status_code == 404


def test_school_b_gets_404_for_a_directive_it_did_not_receive(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, targets=[TargetSpec(unit=world.school_a)])
    assert login(world.principal_b).get(coverage_url(directive, world.school_b)).status_code == 404
    assert login(world.principal_a).get(coverage_url(directive)).status_code == 200


def test_a_teacher_may_not_see_coverage(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    assert login(world.teacher_a).get(coverage_url(directive)).status_code == 403


def test_it_shows_where_the_cascade_stopped(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, forward_required=True,
                       targets=[TargetSpec(unit=world.department, unit_kinds=("school",), roles=(Role.HEAD,))])
    client = login(world.dept_officer)
    response = client.get(coverage_url(directive))
    assert [c.unit for c in response.context["stops"]] == [world.school_a, world.school_b]
    assert response.context["total"].awaiting_forward == 2
    services.forward_directive(actor=world.principal_a, directive=directive, unit=world.school_a, note="")
    response = client.get(coverage_url(directive))
    assert [c.unit for c in response.context["stops"]] == [world.school_b]
    assert response.context["total"].recipients == 4  # two heads, then School A's officer and teacher
    assert "1 đơn vị chưa chuyển tiếp" in response.content.decode()


def test_anonymous_visitors_go_to_the_login_page(world, client, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    for url in (coverage_url(directive), rows_url(directive, world.school_a),
                reverse("directives:coverage_export", args=[directive.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_chart_coordinates_are_not_localised(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    html = login(world.dept_officer).get(coverage_url(directive)).content.decode()
    chart = html[html.index('data-testid="coverage-chart"'):]
    svg = chart[:chart.index("</svg>")]
    assert re.search(r'y1="\d+(\.\d+)?"', svg) and not re.search(r'="\d+,\d+"', svg)


def test_without_acknowledgment_the_bars_show_the_read_share(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, ack_required=False)
    services.open_receipt(actor=world.teacher_a, receipt=receipt_of(directive, world.teacher_a))
    html = login(world.dept_officer).get(coverage_url(directive)).content.decode()
    assert "Tỷ lệ đã đọc" in html and "Văn bản không yêu cầu xác nhận" in html
    assert "Đơn vị xác nhận chậm nhất" not in html
