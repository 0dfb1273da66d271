import io

import pytest
from django.urls import reverse
from docx import Document

from educomms.monitoring.models import Case, CaseAction

from .factories import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(login, world):
    mw = build(world)
    client = login(world.officer_a)
    response = client.post(reverse("monitoring:case_open"), {
        "mentions": [mw.fee_mention.pk], "title": "Tin trường thu sai quy định",
        "claim": "Trường THCS An Phú thu sai quy định nhiều khoản ngoài học phí"})
    case = Case.objects.get()
    assert response.status_code == 302 and case.unit == world.school_a
    assert list(case.mentions.all()) == [mw.fee_mention]
    return client, case


def test_it_opens_a_case_from_a_mention_with_the_mention_text_proposed(login, world):
    mw = build(world)
    html = login(world.officer_a).get(reverse("monitoring:case_open") + f"?tin={mw.fee_mention.pk}").content.decode()
    assert "Phụ huynh phản ánh THCS An Phú thu sai quy định" in html


def test_a_false_verdict_needs_the_facts(opened):
    client, case = opened
    response = client.post(reverse("monitoring:case_verdict", args=[case.pk]), {"verdict": "false"})
    assert response.status_code == 400 and "sự thật" in response.content.decode()
    case.refresh_from_db()
    assert case.verdict == ""


def test_it_works_a_case_through_to_closed(opened, world):
    client, case = opened
    client.post(reverse("monitoring:case_findings", args=[case.pk]), {
        "claim": case.claim, "facts": "Các khoản thu đều theo Nghị quyết của HĐND tỉnh và được cha mẹ học sinh thống "
                                      "nhất tại cuộc họp đầu năm.", "evidence": "Biên bản họp cha mẹ học sinh"})
    client.post(reverse("monitoring:case_verdict", args=[case.pk]), {"verdict": "false"})
    client.post(reverse("monitoring:case_action", args=[case.pk]), {
        "kind": "correction", "target": "Báo Giáo dục", "owner": world.officer_a.pk,
        "deadline": "2099-02-05T14:30", "description": "gỡ bỏ bài viết"})
    action = CaseAction.objects.get()
    refused = client.post(reverse("monitoring:case_close", args=[case.pk]), follow=True)
    assert "chưa hoàn thành" in refused.content.decode()
    client.post(reverse("monitoring:case_action_done", args=[case.pk, action.pk]))
    client.post(reverse("monitoring:case_close", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == "closed" and case.verdict == "false" and case.closed_at
    texts = list(case.entries.values_list("text", flat=True))
    assert len(texts) >= 5 and any("Kết luận" in t for t in texts)


def test_the_correction_letter_is_a_decree_30_word_document(opened, world):
    client, case = opened
    client.post(reverse("monitoring:case_findings", args=[case.pk]), {
        "claim": case.claim, "facts": "Các khoản thu đúng quy định.", "evidence": ""})
    client.post(reverse("monitoring:case_verdict", args=[case.pk]), {"verdict": "false"})
    client.post(reverse("monitoring:case_action", args=[case.pk]), {
        "kind": "correction", "target": "Báo Giáo dục", "owner": world.officer_a.pk})
    action = CaseAction.objects.get()
    response = client.get(reverse("monitoring:correction_letter", args=[case.pk, action.pk]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "V/v đề nghị cải chính thông tin", "Báo Giáo dục", "09/2017/NĐ-CP", "là thông tin sai sự thật",
                     "Nơi nhận", "TRƯỜNG THCS AN PHÚ", "UBND XÃ AN PHÚ", "Phạm Thị Lan"):
        assert expected in text, expected


def test_a_correction_request_needs_its_outlet(opened, world):
    client, case = opened
    response = client.post(reverse("monitoring:case_action", args=[case.pk]), {
        "kind": "correction", "target": "", "owner": world.officer_a.pk})
    assert response.status_code == 400 and not CaseAction.objects.exists()
