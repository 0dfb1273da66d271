"""The unit tree browser, its lazy children, search without diacritics, and the unit picker."""

from django.urls import reverse

from educomms.org import services
from educomms.org.models import Unit


def tree(**params):
    from urllib.parse import urlencode

    return reverse("org:unit_tree") + ("?" + urlencode(params) if params else "")


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(tree())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_it_opens_the_tree_at_the_department_for_the_department_officer(world, login):
    response = login(world.dept_officer).get(tree())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Giáo dục và Đào tạo tỉnh Bình Sơn" in html
    # One level is preloaded; the schools of the commune wait until the commune is opened.
    assert "Xã An Phú" in html and "Văn phòng Sở" in html
    assert "Trường THCS An Phú" not in html
    assert reverse("org:unit_children", args=[world.commune.pk]) in html


def test_it_shows_kind_level_badges_and_child_counts(world, login):
    html = login(world.director).get(reverse("org:unit_children", args=[world.commune.pk]),
                                     HTTP_HX_REQUEST="true").content.decode()
    assert "Trường học" in html and "Trung học cơ sở" in html
    html = login(world.director).get(tree()).content.decode()
    assert "2 đơn vị" in html  # the commune has two schools


def test_it_starts_a_school_officer_at_their_school_and_never_shows_the_sibling(world, login):
    html = login(world.officer_a).get(tree()).content.decode()
    assert "Trường THCS An Phú" in html
    assert "Bình Minh" not in html
    assert "Sở Giáo dục" not in html


def test_it_loads_the_children_of_a_unit_as_an_htmx_partial(world, login):
    response = login(world.dept_officer).get(reverse("org:unit_children", args=[world.commune.pk]),
                                             HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường THCS An Phú" in html and "Trường THCS Bình Minh" in html
    assert "<html" not in html


def test_it_answers_404_for_the_children_of_a_sibling_school(world, login):
    response = login(world.principal_b).get(reverse("org:unit_children", args=[world.school_a.pk]),
                                            HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_it_sends_anonymous_children_requests_to_the_login_page(world, client):
    response = client.get(reverse("org:unit_children", args=[world.commune.pk]))
    assert response.status_code == 302


def test_it_finds_a_school_without_diacritics_and_highlights_the_match(world, login):
    response = login(world.dept_officer).get(tree(q="truong thcs an phu"), HTTP_HX_REQUEST="true",
                                             HTTP_HX_TARGET="tree-results")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # the results partial only
    assert "<mark>Trường</mark>" in html and "<mark>THCS</mark>" in html
    assert "<mark>An</mark>" in html and "<mark>Phú</mark>" in html
    assert "Thuộc: Xã An Phú" in html
    assert "Bình Minh" not in html


def test_it_finds_with_diacritics_and_by_code_on_the_full_page(world, login):
    client = login(world.dept_officer)
    html = client.get(tree(q="Trường THCS")).content.decode()
    assert "2 đơn vị khớp" in html and "<mark>Trường</mark> <mark>THCS</mark> An Phú" in html
    html = client.get(tree(q="thcs-bm")).content.decode()
    assert "Trường THCS Bình Minh" in html and "1 đơn vị khớp" in html


def test_it_never_finds_units_outside_the_searchers_scope(world, login):
    html = login(world.principal_a).get(tree(q="truong thcs")).content.decode()
    assert "Trường THCS An Phú" in html
    assert "Bình Minh" not in html


def test_it_hides_inactive_units_unless_asked(world, login):
    services.set_unit_active(actor=world.admin, unit=world.division, active=False)
    client = login(world.director)
    assert "Văn phòng Sở" not in client.get(tree()).content.decode()
    assert "Văn phòng Sở" not in client.get(tree(q="van phong")).content.decode()
    html = client.get(tree(inactive="1")).content.decode()
    assert "Văn phòng Sở" in html and "Ngừng hoạt động" in html
    assert "Văn phòng Sở" in client.get(tree(q="van phong", inactive="1")).content.decode()


def test_it_counts_inactive_children_only_when_they_are_shown(world, login):
    services.create_unit(actor=world.admin, parent=world.division, kind=Unit.Kind.OTHER, name="Tổ Tin học")
    closed = services.create_unit(actor=world.admin, parent=world.division, kind=Unit.Kind.OTHER, name="Tổ cũ")
    services.set_unit_active(actor=world.admin, unit=closed, active=False)
    client = login(world.director)
    partial = client.get(reverse("org:unit_children", args=[world.department.pk]), HTTP_HX_REQUEST="true")
    assert "1 đơn vị" in partial.content.decode()
    partial = client.get(reverse("org:unit_children", args=[world.department.pk]) + "?inactive=1",
                         HTTP_HX_REQUEST="true")
    assert "2 đơn vị" in partial.content.decode()


def test_the_unit_picker_offers_only_units_the_user_may_manage(world, login):
    url = reverse("org:unit_picker")
    html = login(world.principal_a).get(url, {"purpose": "member", "field": "unit", "q": "thcs"}).content.decode()
    assert "Trường THCS An Phú" in html and "Bình Minh" not in html
    html = login(world.director).get(url, {"purpose": "move", "field": "new_parent", "q": "xa an phu",
                                           "exclude": world.school_a.pk}).content.decode()
    assert f'value="{world.commune.pk}"' in html
    html = login(world.director).get(url, {"purpose": "move", "field": "new_parent", "q": "an phu",
                                           "exclude": world.commune.pk}).content.decode()
    assert "Không có đơn vị phù hợp." in html  # the commune's own subtree is excluded


def test_the_unit_picker_keeps_the_unit_already_chosen(world, login):
    html = login(world.director).get(reverse("org:unit_picker"), {
        "purpose": "member", "field": "unit", "q": "van phong", "unit": world.school_a.pk}).content.decode()
    assert "Văn phòng Sở" in html
    assert f'value="{world.school_a.pk}" checked' in html


def test_the_unit_picker_rejects_unknown_purposes_and_hides_out_of_scope_units(world, login):
    client = login(world.principal_b)
    assert client.get(reverse("org:unit_picker"), {"purpose": "x", "field": "unit"}).status_code == 400
    response = client.get(reverse("org:unit_picker"), {"purpose": "move", "field": "new_parent",
                                                       "exclude": world.school_a.pk})
    assert response.status_code == 404


def test_the_unit_picker_sends_anonymous_visitors_to_the_login_page(client):
    assert client.get(reverse("org:unit_picker"), {"purpose": "move", "field": "unit"}).status_code == 302
