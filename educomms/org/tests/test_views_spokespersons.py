"""The public spokesperson register of a unit (Decree 09/2017/NĐ-CP): open to anyone."""

from django.urls import reverse

from educomms.org import services
from educomms.org.models import Unit
from educomms.org.roles import Role


def register(unit_id):
    return reverse("org:spokespersons", args=[unit_id])


def test_it_shows_the_head_and_the_spokesperson_to_anonymous_visitors(world, client):
    response = client.get(register(world.department.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn Hùng" in html and "Giám đốc Sở" in html and "0912000001" in html
    assert "Trần Thị Mai" in html and "phatngon@sgd.test" in html
    assert html.index("Nguyễn Văn Hùng") < html.index("Trần Thị Mai")  # the head first
    assert "Lê Minh Tuấn" not in html  # the comms officer does not speak for the unit
    assert "09/2017/NĐ-CP" in html


def test_it_is_the_same_for_a_signed_in_principal_of_another_school(world, login):
    html = login(world.principal_b).get(register(world.school_a.pk)).content.decode()
    assert "Phạm Thị Lan" in html and "Hoàng Văn Nam" not in html


def test_it_leaves_out_ended_roles(world, client):
    services.add_membership(actor=world.admin, person=world.officer_a, unit=world.school_a, role=Role.SPOKESPERSON)
    assert "Hoàng Văn Nam" in client.get(register(world.school_a.pk)).content.decode()
    membership = world.officer_a.memberships.get(role=Role.SPOKESPERSON)
    services.end_membership(actor=world.admin, membership=membership)
    assert "Hoàng Văn Nam" not in client.get(register(world.school_a.pk)).content.decode()


def test_it_answers_404_for_an_inactive_unit(world, client):
    closed = services.create_unit(actor=world.admin, parent=world.department, kind=Unit.Kind.OTHER, name="Tổ cũ")
    services.set_unit_active(actor=world.admin, unit=closed, active=False)
    assert client.get(register(closed.pk)).status_code == 404


def test_it_answers_404_for_a_missing_unit(db, client):
    assert client.get(register(987654)).status_code == 404
