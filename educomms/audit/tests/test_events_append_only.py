import pytest

from educomms.audit.models import Event
from educomms.org import services


def test_it_records_who_changed_what_with_before_and_after(world):
    services.update_unit(actor=world.principal_a, unit=world.school_a, address="Thôn 3, xã An Phú")
    event = Event.objects.filter(verb="unit.updated", object_id=str(world.school_a.pk)).get()
    assert event.actor == world.principal_a
    assert event.unit_path == world.school_a.path
    assert event.before == {"address": ""} and event.after == {"address": "Thôn 3, xã An Phú"}


def test_it_refuses_to_change_or_delete_events(world):
    event = Event.objects.first()
    event.verb = "tampered"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        Event.objects.all().update(verb="x")
    with pytest.raises(TypeError):
        Event.objects.all().delete()


def test_it_records_many_events_at_once_like_one_by_one(world):
    from educomms.audit.services import EventRow, record_many

    rows = [EventRow("person.created", "org.person", world.teacher_a.pk, world.teacher_a.full_name,
                     world.school_a.pk, world.school_a.path, {"email": world.teacher_a.email})] * 3
    assert record_many(actor=world.principal_a, events=iter(rows), batch_size=2) == 3
    events = list(Event.objects.filter(verb="person.created", actor=world.principal_a))
    assert len(events) == 3
    assert events[0].after == {"email": world.teacher_a.email}
    assert events[0].unit == world.school_a and events[0].at is not None


def test_a_contact_change_shows_on_the_audit_of_every_unit_where_the_person_works(world):
    services.add_membership(actor=world.director, person=world.teacher_a, unit=world.school_b, role="staff")
    services.update_person(actor=world.teacher_a, person=world.teacher_a, title="Tổ trưởng Ngữ văn")
    paths = set(Event.objects.filter(verb="person.updated").values_list("unit_path", flat=True))
    assert paths == {world.school_a.path, world.school_b.path}
