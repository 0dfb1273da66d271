"""The menu bar: entries grouped under drop-down headings, only for what the person may use."""

from django.urls import reverse


def menu(response):
    return [(e.key, [i.key for i in getattr(e, "items", ())]) for e in response.context["nav_items"]]


def test_it_groups_the_communication_entries_for_the_department_officer(world, login):
    response = login(world.dept_officer).get(reverse("newsroom:stories"))
    groups = dict(menu(response))
    assert groups["communication"][:2] == ["newsroom_stories", "newsroom_calendar"]
    assert {"enquiries", "documents"} <= set(groups["communication"])
    html = response.content.decode()
    assert 'id="nav-communication"' in html and 'aria-current="page"' in html


def test_a_group_with_one_entry_is_a_plain_link(world, login):
    # A teacher has one directives entry (the inbox): no drop-down for it.
    entries = dict(menu(login(world.teacher_a).get(reverse("core:home"))))
    assert "directives_inbox" in entries and entries["directives_inbox"] == []
    assert "directives" not in entries
    assert "enquiries" not in str(entries)  # no handling role: no entry at all


def test_the_anonymous_visitor_sees_no_workspace_menu(client, world):
    response = client.get(reverse("portal:home"))
    assert 'id="nav-communication"' not in response.content.decode()
