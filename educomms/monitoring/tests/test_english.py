"""The monitoring pages in English: after choosing English, their interface reads in English with no Vietnamese
interface text left, while the monitored content (titles, topic names, queries) stays as it was written."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from educomms.core.testing.language import choose, page
from educomms.monitoring import alerts, cases
from educomms.monitoring.models import ActionKind, AlertKind, Verdict

from .factories import build

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese_world")]


@pytest.fixture
def scene(world):
    """The persona world with monitoring data, one alert and one case with a correction request."""
    mw = build(world)
    alert = alerts.raise_alert(unit_id=world.department.pk, kind=AlertKind.HIGH_RISK, dedup_key="english:1",
                               title="Tin rủi ro cao (80 điểm): Phụ huynh phản ánh", mention=mw.fee_mention)
    case = cases.open_case(actor=world.dept_officer, unit=world.department, mentions=[mw.fee_mention],
                           title="Tin thu sai quy định", claim="Trường thu sai quy định nhiều khoản")
    cases.set_verdict(actor=world.dept_officer, case=case, verdict=Verdict.FALSE, facts="Trường thu đúng quy định")
    cases.add_action(actor=world.dept_officer, case=case, kind=ActionKind.CORRECTION, owner=world.dept_officer,
                     deadline=timezone.now() + dt.timedelta(days=2), target="Báo Giáo dục")
    return {
        "inbox": reverse("monitoring:inbox"),
        "mention": reverse("monitoring:mention", args=[mw.fee_mention.pk]),
        "topics": reverse("monitoring:topics"),
        "topic": reverse("monitoring:topic", args=[mw.fees.pk]),
        "topic_edit": reverse("monitoring:topic_edit", args=[mw.fees.pk]),
        "alerts": reverse("monitoring:alerts"),
        "alert": reverse("monitoring:alert", args=[alert.pk]),
        "alert_settings": reverse("monitoring:alert_settings"),
        "sources": reverse("monitoring:sources"),
        "source": reverse("monitoring:source", args=[mw.feed.pk]),
        "source_create": reverse("monitoring:source_create"),
        "import_upload": reverse("monitoring:import_upload"),
        "cases": reverse("monitoring:cases"),
        "case": reverse("monitoring:case", args=[case.pk]),
    }


# page → (English strings that must appear, Vietnamese strings that must not)
ENGLISH = {
    "inbox": (["Public opinion mentions", "Export to Excel", "Select all on this page", "Mark as seen",
               "Label sentiment", "Open a case of false information", "Sentiment", "All risk levels"],
              ["Tin theo dõi dư luận", "Xuất Excel", "Chọn tất cả trên trang", "Đánh dấu đã xem",
               "Gán nhãn sắc thái", "Mở vụ việc thông tin sai lệch", "Sắc thái", "Mọi mức rủi ro"]),
    # The risk reasons were stored by a Vietnamese worker; the page says them in the reader's language.
    "mention": (["Open the original", "Matched topics", "Correct the model's labels", "Save labels",
                 "Cases of false information", "Negative", "Risk", "Monitored topic: high priority", "Reach: 12.000"],
                ["Mở bài gốc", "Khớp chủ đề", "Sửa nhãn của mô hình", "Lưu nhãn", "Vụ việc thông tin sai lệch",
                 "Tiêu cực", "Rủi ro", "Chủ đề theo dõi: ưu tiên cao", "Độ lan tỏa"]),
    "topics": (["Monitored topics", "share of voice", "Share of voice", "Mentions, 30 days", "Priority"],
               ["Chủ đề theo dõi", "thị phần thảo luận", "Thị phần", "Tin 30 ngày", "Ưu tiên"]),
    "topic": (["Mentions and sentiment over the past 30 days", "Latest mentions", "Most active sources",
               "Largest clusters", "View all mentions"],
              ["Số tin và sắc thái 30 ngày qua", "Tin mới nhất", "Nguồn đăng nhiều nhất", "Cụm tin lớn nhất",
               "Xem tất cả tin"]),
    "topic_edit": (["Edit topic “Học phí”", "How to write a query", "Preview: recent mentions that would match",
                    "Save topic", "diacritics ignored"],
                   ["Sửa chủ đề “Học phí”", "Cách viết truy vấn", "Xem trước: tin gần đây sẽ khớp", "Lưu chủ đề",
                    "không phân biệt dấu"]),
    "alerts": (["Public opinion alerts", "Alert settings", "High-risk mention", "Acknowledge"],
               ["Cảnh báo dư luận", "Cài đặt cảnh báo", "Xác nhận đã biết"]),
    "alert": (["Public opinion alerts", "High-risk mention", "View mention"],
              ["Cảnh báo dư luận", "Xem tin"]),
    "alert_settings": (["Alert settings for", "High-risk threshold (points)", "Peak season (exam weeks",
                        "Spike factor"],
                       ["Cài đặt cảnh báo của", "Ngưỡng rủi ro cao", "Mùa cao điểm", "Hệ số tăng đột biến"]),
    "sources": (["Monitored sources", "Import mentions (CSV, Excel)", "Add source", "Last success", "RSS/Atom"],
                ["Nguồn tin theo dõi", "Nhập danh sách tin", "Thêm nguồn tin", "Thành công gần nhất"]),
    "source": (["Fetch now", "Last fetched", "Mentions fetched", "Interval", "Latest mentions from this source"],
               ["Lấy tin ngay", "Lần lấy tin gần nhất", "Số tin đã lấy", "Chu kỳ", "Tin mới nhất từ nguồn"]),
    "source_create": (["Add a source for", "Source type", "Fetch interval (minutes)",
                       "Only for the unit's Facebook page", "Save source"],
                      ["Thêm nguồn tin cho", "Loại nguồn", "Chu kỳ lấy tin", "Chỉ với trang Facebook",
                       "Lưu nguồn tin"]),
    "import_upload": (["Import mentions from another monitoring tool", "CSV or Excel file (.xlsx)",
                       "Upload and choose columns"],
                      ["Nhập danh sách tin từ công cụ", "Tệp CSV hoặc Excel", "Tải lên và chọn cột"]),
    "cases": (["Cases of false information", "Verdict", "False", "Opened"],
              ["Vụ việc thông tin sai lệch", "Kết luận", "Sai sự thật"]),
    "case": (["In charge", "Information and verification findings", "Actions",
              "Correction request to a media outlet", "Download the correction request letter (Word)",
              "Mark as done", "Related mentions", "Timeline", "Close case"],
             ["Phụ trách", "Thông tin và kết quả xác minh", "Biện pháp xử lý", "Đề nghị cơ quan báo chí cải chính",
              "Tải công văn", "Đánh dấu hoàn thành", "Tin liên quan", "Diễn biến", "Kết thúc vụ việc"]),
}


@pytest.mark.parametrize("name", list(ENGLISH))
def test_a_monitoring_page_reads_in_english_after_choosing_english(world, scene, login, name):
    client = choose(login(world.dept_officer), "en")
    html = page(client, scene[name])
    assert '<html lang="en">' in html
    present, absent = ENGLISH[name]
    for text in present:
        assert text in html, text
    for text in absent:
        assert text not in html, text


def test_the_menu_names_the_monitoring_pages_in_english(world, scene, login):
    html = page(choose(login(world.dept_officer), "en"), scene["inbox"])
    for text in ["Public opinion", "Mentions", "Monitored topics", "Alerts", "False information", "Sources"]:
        assert text in html, text
    for text in ["Dư luận", "Tin theo dõi", "Chủ đề theo dõi", "Thông tin sai lệch", "Nguồn tin"]:
        assert text not in html, text


def test_the_monitored_content_stays_as_written(world, scene, login):
    html = page(choose(login(world.dept_officer), "en"), scene["inbox"])
    assert "Phụ huynh phản ánh THCS An Phú thu sai quy định" in html
    html = page(choose(login(world.dept_officer), "en"), scene["topic"])
    assert "Học phí" in html and "thu sai quy định" in html


def test_a_query_error_is_explained_in_english(world, scene, login):
    client = choose(login(world.dept_officer), "en")
    html = client.post(reverse("monitoring:topic_preview"), {"query": '(học phí OR "lạm thu"'}).content.decode()
    assert "Missing closing parenthesis" in html and "at position 1" in html
    assert "Thiếu dấu ngoặc đóng" not in html and "ở vị trí" not in html


def test_the_same_pages_stay_vietnamese_by_default(world, scene, login):
    client = login(world.dept_officer)
    for name, url in scene.items():
        html = page(client, url)
        assert '<html lang="vi">' in html, name
        assert "Public opinion" not in html and "Mentions" not in html, name
    assert "Tin theo dõi dư luận" in page(client, scene["inbox"])
    assert "Vụ việc thông tin sai lệch" in page(client, scene["cases"])

