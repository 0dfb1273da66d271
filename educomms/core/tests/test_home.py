"""The signed-in home page: the current unit, its sub-units, the latest notifications."""

from django.urls import reverse

from educomms.notifications.services import notify

HOME = reverse("core:home")


def test_it_sends_anonymous_visitors_to_the_login_page(db, client):
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_it_greets_the_director_with_the_department_and_its_sub_units(world, login):
    response = login(world.director).get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xin chào, Nguyễn Văn Hùng" in html
    assert "Sở Giáo dục và Đào tạo tỉnh Bình Sơn" in html
    assert "Xã An Phú" in html and "Văn phòng Sở" in html
    assert response.context["children_count"] == 2
    assert reverse("audit:unit_events", args=[world.department.pk]) in html


def test_it_shows_a_teacher_their_school_without_the_audit_link(world, login):
    html = login(world.teacher_a).get(HOME).content.decode()
    assert "Trường THCS An Phú" in html and "Bình Minh" not in html
    assert reverse("audit:unit_events", args=[world.school_a.pk]) not in html
    assert reverse("org:spokespersons", args=[world.school_a.pk]) in html


def test_it_shows_the_latest_notifications_of_the_person_only(world, login):
    notify(recipients=[world.principal_a], kind="test", title="Họp giao ban thứ Hai")
    notify(recipients=[world.principal_b], kind="test", title="Việc riêng của trường B")
    html = login(world.principal_a).get(HOME).content.decode()
    assert "Họp giao ban thứ Hai" in html and "Việc riêng của trường B" not in html


def test_it_counts_the_staff_of_the_whole_subtree(world, login):
    response = login(world.dept_officer).get(HOME)
    assert response.context["staff_count"] == 1
    assert response.context["counts"]["comms_officer"] == 2


def test_it_tells_a_person_without_a_role_what_to_do(world, login):
    from educomms.org import services

    services.end_membership(actor=world.admin, membership=world.teacher_a.memberships.get())
    html = login(world.teacher_a).get(HOME).content.decode()
    assert "Bạn chưa được giao nhiệm vụ tại đơn vị nào." in html
