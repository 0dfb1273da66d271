"""The iCalendar export (RFC 5545): signed in, scoped, well-formed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from educomms.newsroom import calendar_services as services
from educomms.newsroom import ical

ICS = reverse("newsroom:calendar_ics")


def unfold(body: str) -> list[str]:
    """Content lines of an .ics body: CRLF-separated, continuation lines (leading space) joined."""
    assert body.endswith("\r\n")
    raw = body[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in raw)
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def events(lines: list[str]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return found


@pytest.fixture
def school_a_calendar(world):
    today = timezone.localdate()
    key_date = services.create_key_date(actor=world.admin, unit=world.school_a, title="Hội thi; giáo viên, giỏi",
                                        starts_on=today + dt.timedelta(days=10), ends_on=today + dt.timedelta(days=11),
                                        description="Dòng một\nDòng hai")
    item = services.create_planned_story(
        actor=world.officer_a, unit=world.school_a, owner=world.teacher_a, due_on=today + dt.timedelta(days=5),
        title="Phóng sự dài về hội thi giáo viên dạy giỏi cấp trường năm học mới với nhiều tiết dạy hay")
    return key_date, item


def test_it_exports_the_school_calendar_as_valid_icalendar(world, login, school_a_calendar):
    key_date, item = school_a_calendar
    response = login(world.teacher_a).get(ICS, {"unit": world.school_a.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"] and ".ics" in response["Content-Disposition"]
    lines = unfold(response.content.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    found = {e["UID"]: e for e in events(lines)}
    contest = found[f"keydate-{key_date.pk}-{key_date.starts_on:%Y}@testserver"]
    assert contest["SUMMARY"] == "Hội thi\\; giáo viên\\, giỏi"
    assert contest["DESCRIPTION"] == "Dòng một\\nDòng hai"
    assert contest["DTSTART;VALUE=DATE"] == f"{key_date.starts_on:%Y%m%d}"
    # All-day events end the day after their last day (DTEND is exclusive).
    assert contest["DTEND;VALUE=DATE"] == f"{key_date.ends_on + dt.timedelta(days=1):%Y%m%d}"
    assert contest["DTSTAMP"].endswith("Z") and len(contest["DTSTAMP"]) == 16
    plan = found[f"plan-{item.pk}@testserver"]
    assert plan["SUMMARY"] == f"Kế hoạch: {item.title}"
    assert "Vũ Thị Hoa" in plan["DESCRIPTION"]


def test_it_keeps_uids_stable_between_exports(world, login, school_a_calendar):
    client = login(world.teacher_a)
    first = [e["UID"] for e in events(unfold(client.get(ICS, {"unit": world.school_a.pk}).content.decode()))]
    second = [e["UID"] for e in events(unfold(client.get(ICS, {"unit": world.school_a.pk}).content.decode()))]
    assert first == second and len(set(first)) == len(first) == 2


def test_it_answers_404_to_school_b_for_the_school_a_calendar(world, login, school_a_calendar):
    assert login(world.principal_b).get(ICS, {"unit": world.school_a.pk}).status_code == 404
    body = login(world.principal_b).get(ICS, {"unit": world.school_b.pk}).content.decode()
    assert "Hội thi" not in body and "Phóng sự" not in body


def test_it_folds_long_lines_without_splitting_a_character():
    line = "SUMMARY:" + "Ngày Nhà giáo Việt Nam " * 10
    folded = ical.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0]] + [p[1:] for p in pieces[1:]]) == line


def test_it_escapes_text_values():
    assert ical.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
