import pytest
from django.urls import reverse
from openpyxl import load_workbook

from educomms.monitoring.models import Match, Mention
from educomms.monitoring.nlp.risk import shown
from educomms.notifications.models import Notification

from .factories import build

pytestmark = pytest.mark.django_db


def test_the_inbox_filters_by_sentiment_risk_and_words(login, world):
    mw = build(world)
    client = login(world.dept_officer)
    html = client.get(reverse("monitoring:inbox") + "?q=lam+thu").content.decode()
    assert "thu sai quy định" in html and "khai giảng" not in html
    html = client.get(reverse("monitoring:inbox") + f"?chu-de={mw.fees.pk}").content.decode()
    assert "thu sai quy định" in html and "khai giảng" not in html
    html = client.get(reverse("monitoring:inbox") + "?rui-ro=low&loai=comment").content.decode()
    assert "ngoại khóa" in html and "khai giảng" not in html


def test_the_inbox_says_what_is_wrong_with_a_bad_date(login, world):
    build(world)
    html = login(world.dept_officer).get(reverse("monitoring:inbox") + "?tu-ngay=32/13/2026").content.decode()
    assert "Ngày không hợp lệ" in html


def test_the_inbox_query_count_is_pinned(login, world, django_assert_max_num_queries):
    build(world)
    client = login(world.dept_officer)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("monitoring:inbox")).status_code == 200


def test_bulk_assign_changes_only_the_units_own_status_and_tells_the_assignee(login, world):
    mw = build(world)
    client = login(world.officer_a)
    client.post(reverse("monitoring:bulk"), {"action": "assign", "mentions": [mw.fee_mention.pk],
                                             "assignee": world.officer_a.pk})
    assert Match.objects.get(mention=mw.fee_mention, unit=world.school_a).status == "assigned"
    assert Match.objects.get(mention=mw.fee_mention, unit=world.department).status == "new"
    assert Notification.objects.filter(recipient=world.officer_a, kind="monitoring.assigned").exists()


def test_bulk_assign_without_a_person_changes_nothing(login, world):
    mw = build(world)
    response = login(world.officer_a).post(reverse("monitoring:bulk"), {"action": "assign",
                                                                        "mentions": [mw.fee_mention.pk]}, follow=True)
    assert "Hãy chọn người xử lý" in response.content.decode()
    assert not Match.objects.filter(status="assigned").exists()


def test_a_label_correction_is_kept_for_training(login, world):
    mw = build(world)
    login(world.officer_a).post(reverse("monitoring:label", args=[mw.fee_mention.pk]), {"sentiment": "negative"})
    m = Mention.objects.get(pk=mw.fee_mention.pk)
    assert m.sentiment_label == "negative" and m.labelled_by == world.officer_a


def test_the_mention_page_explains_its_risk(login, world):
    mw = build(world)
    html = login(world.officer_a).get(reverse("monitoring:mention", args=[mw.fee_mention.pk])).content.decode()
    assert 'data-testid="risk-why"' in html and shown(mw.fee_mention.risk_reasons[0])["label"] in html


def test_the_excel_export_reads_back(login, world):
    import io

    build(world)
    response = login(world.dept_officer).get(reverse("monitoring:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thời điểm đăng" and len(rows) == 4
    assert any("thu sai quy định" in (r[4] or "") for r in rows[1:])


def test_the_inbox_pages_without_counting_and_caps_its_status_counts(login, world, monkeypatch):
    from educomms.monitoring import selectors, views_mentions

    build(world)
    monkeypatch.setattr(views_mentions, "PAGE_SIZE", 1)
    monkeypatch.setattr(selectors, "STATUS_COUNT_CAP", 1)
    client = login(world.dept_officer)
    html = client.get(reverse("monitoring:inbox") + "?trang=2").content.decode()
    assert "Đang xem tin 2–2" in html and "Trang 2" in html and 'rel="prev"' in html and 'rel="next"' in html
    assert "Hơn 1 tin mới" in html
