"""The unit page: facts, breadcrumbs, people by role, head-counts of the subtree, history, actions."""

from django.urls import reverse

from educomms.org import services
from educomms.org.models import Unit
from educomms.org.roles import Role


def page(unit):
    return reverse("org:unit", args=[unit.pk])


def test_it_shows_a_school_to_its_own_principal(world, login):
    response = login(world.principal_a).get(page(world.school_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trường THCS An Phú" in html and "THCS-AP" in html and "Trung học cơ sở" in html


def test_it_answers_404_to_the_principal_of_the_sibling_school(world, login):
    assert login(world.principal_b).get(page(world.school_a)).status_code == 404


def test_it_answers_404_for_a_missing_unit(world, login):
    assert login(world.director).get(reverse("org:unit", args=[999999])).status_code == 404


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    response = client.get(page(world.school_a))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_it_shows_contacts_breadcrumbs_and_sub_units(world, login):
    html = login(world.director).get(page(world.department)).content.decode()
    assert "12 Lê Lợi, TP Bình Sơn" in html and "02203888999" in html
    assert 'href="mailto:vanphong@sgd.binhson.edu.vn"' in html
    assert "Xã An Phú" in html and "Văn phòng Sở" in html
    html = login(world.director).get(page(world.school_a)).content.decode()
    # Ancestors the reader may open are links; the ministry above their scope is plain text.
    assert f'href="{page(world.commune)}"' in html and f'href="{page(world.department)}"' in html
    assert f'href="{page(world.ministry)}"' not in html and "Bộ GD&amp;ĐT" in html


def test_it_lists_people_by_role_with_links_to_their_pages(world, login):
    html = login(world.teacher_a).get(page(world.school_a)).content.decode()
    html = html[html.index("Nhân sự của đơn vị"):]
    head = html.index("Thủ trưởng đơn vị")
    staff = html.index("Giáo viên, nhân viên")
    assert head < html.index("Phạm Thị Lan") < staff < html.index("Vũ Thị Hoa")
    assert reverse("org:person", args=[world.principal_a.pk]) in html


def test_it_counts_the_people_of_the_whole_subtree_per_role(world, login):
    html = login(world.director).get(page(world.commune)).content.decode()
    counts = html[html.index('data-testid="subtree-counts"'):]
    counts = counts[:counts.index("</table>")]
    # Two school heads, one comms officer and one teacher below the commune.
    assert "Thủ trưởng đơn vị</td><td class=\"text-end\">2" in counts
    assert "Cán bộ phụ trách truyền thông</td><td class=\"text-end\">1" in counts
    assert "Tổng số lượt nhiệm vụ</td><td class=\"text-end\">4" in counts


def test_it_shows_the_history_of_the_unit(world, login):
    commune2 = services.create_unit(actor=world.admin, parent=world.department, kind=Unit.Kind.COMMUNE,
                                    name="Xã Bình An")
    services.move_unit(actor=world.director, unit=world.school_b, new_parent=commune2)
    services.end_membership(actor=world.director, membership=world.principal_b.memberships.get())
    html = login(world.director).get(page(world.school_b)).content.decode()
    history = html[html.index('data-testid="unit-history"'):]
    assert history.index("Kết thúc nhiệm vụ") < history.index("Chuyển đơn vị") < history.index("Tạo đơn vị")
    assert "Nguyễn Văn Hùng" in history


def test_it_links_the_public_spokesperson_register(world, login):
    html = login(world.teacher_a).get(page(world.school_a)).content.decode()
    assert reverse("org:spokespersons", args=[world.school_a.pk]) in html


def test_it_offers_actions_only_to_those_who_may_take_them(world, login):
    edit = reverse("org:unit_edit", args=[world.school_a.pk])
    move = reverse("org:unit_move", args=[world.school_a.pk])
    add_person = reverse("org:person_create", args=[world.school_a.pk])
    audit = reverse("audit:unit_events", args=[world.school_a.pk])
    teacher = login(world.teacher_a).get(page(world.school_a)).content.decode()
    assert edit not in teacher and move not in teacher and add_person not in teacher and audit not in teacher
    principal = login(world.principal_a).get(page(world.school_a)).content.decode()
    assert edit in principal and add_person in principal and audit in principal
    assert move not in principal  # a principal cannot move their own school out of the commune
    director = login(world.director).get(page(world.school_a)).content.decode()
    assert edit in director and move in director
    excel = f"{reverse('org_excel:index')}?unit={world.school_a.pk}"
    assert excel in login(world.officer_a).get(page(world.school_a)).content.decode()
    assert excel not in teacher


def test_it_shows_inactive_sub_units_to_managers_only(world, login):
    services.create_person(actor=world.admin, full_name="Đỗ Văn Tâm", email="tam@sgd.test",
                           unit=world.division, role=Role.STAFF)
    closed = services.create_unit(actor=world.admin, parent=world.division, kind=Unit.Kind.OTHER, name="Tổ cũ")
    services.set_unit_active(actor=world.admin, unit=closed, active=False)
    assert "Tổ cũ" in login(world.director).get(page(world.division)).content.decode()
    assert "Tổ cũ" not in login(world.dept_officer).get(page(world.division)).content.decode()
