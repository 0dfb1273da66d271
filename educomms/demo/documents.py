"""The demo province's public documents (văn bản công khai): about thirty fictional documents of the
department and three schools — công văn, kế hoạch, hướng dẫn, thông báo, quyết định, báo cáo — each with
a number and symbol, dates, a summary and a small generated PDF (Pillow draws an A4 page in the layout of
an administrative document, with Vietnamese text in DejaVu Serif).

Published through `documents.services.publish_document` by the unit's communications officer, with a
`source=("demo", key)`: `load()` is idempotent (it does nothing once the demo documents exist).
Everything is fictional.
"""

import datetime as dt
import io
import textwrap
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from educomms.audit.models import Event
from educomms.documents import services
from educomms.documents.models import DocumentType, PublicDocument
from educomms.org.models import Person, Unit
from educomms.org.roles import Role

from . import province

D = DocumentType
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# (type, symbol suffix, title, summary, days ago, signer title)
DEPARTMENT_DOCUMENTS = [
    (D.PLAN, "KH-SGDĐT", "Kế hoạch tổ chức kỳ thi tốt nghiệp THPT năm 2026 trên địa bàn tỉnh",
     "Phân công nhiệm vụ các đơn vị, lịch thi, điểm thi và công tác bảo đảm an toàn, nghiêm túc, đúng quy chế.", 12),
    (D.OFFICIAL_LETTER, "SGDĐT-VP", "Về việc tổ chức các hoạt động chào mừng Ngày Nhà giáo Việt Nam 20/11",
     "Đề nghị các đơn vị tổ chức hoạt động thiết thực, tiết kiệm; không tổ chức liên hoan tốn kém.", 20),
    (D.GUIDANCE, "HD-SGDĐT", "Hướng dẫn thực hiện nhiệm vụ chuyển đổi số năm học 2026–2027",
     "Hướng dẫn triển khai sổ điểm điện tử, học bạ số, học liệu số dùng chung và bảo đảm an toàn thông tin.", 35),
    (D.NOTICE, "TB-SGDĐT", "Thông báo tuyển sinh vào lớp 10 THPT năm học 2026–2027",
     "Chỉ tiêu, phương thức tuyển sinh, lịch đăng ký dự tuyển và các mốc thời gian cần biết cho cha mẹ học sinh.", 60),
    (D.DECISION, "QĐ-SGDĐT", "Quyết định ban hành Kế hoạch thời gian năm học 2026–2027",
     "Ngày tựu trường, khai giảng 5/9, kết thúc học kỳ I, học kỳ II và năm học đối với các cấp học.", 80),
    (D.OFFICIAL_LETTER, "SGDĐT-GDPT", "Về việc tăng cường công tác phòng, chống đuối nước cho học sinh dịp hè",
     "Yêu cầu các trường tuyên truyền kỹ năng an toàn, phối hợp với gia đình và địa phương quản lý học sinh.", 150),
    (D.PLAN, "KH-SGDĐT", "Kế hoạch triển khai Chương trình giáo dục phổ thông 2018 đối với lớp 12",
     "Bồi dưỡng giáo viên, lựa chọn sách giáo khoa, xây dựng kế hoạch giáo dục nhà trường.", 200),
    (D.GUIDANCE, "HD-SGDĐT", "Hướng dẫn quản lý dạy thêm, học thêm theo quy định mới",
     "Những trường hợp không được dạy thêm; hồ sơ đăng ký; trách nhiệm của hiệu trưởng và giáo viên.", 95),
    (D.NOTICE, "TB-SGDĐT", "Thông báo kết quả kỳ thi chọn học sinh giỏi cấp tỉnh lớp 12",
     "Danh sách học sinh đạt giải và thời gian nhận giấy chứng nhận tại các trường.", 110),
    (D.DECISION, "QĐ-SGDĐT", "Quyết định công nhận trường đạt chuẩn quốc gia năm 2026",
     "Công nhận 12 trường mầm non, tiểu học và THCS đạt chuẩn quốc gia mức độ 1 và mức độ 2.", 130),
    (D.REPORT, "BC-SGDĐT", "Báo cáo tổng kết năm học 2025–2026 và phương hướng nhiệm vụ năm học 2026–2027",
     "Kết quả thực hiện các nhiệm vụ trọng tâm, những hạn chế và giải pháp trong năm học mới.", 140),
    (D.OFFICIAL_LETTER, "SGDĐT-KHTC", "Về việc thực hiện chính sách miễn học phí năm học 2026–2027",
     "Đối tượng được miễn học phí, hồ sơ và thời gian thực hiện tại các cơ sở giáo dục.", 70),
    (D.PLAN, "KH-SGDĐT", "Kế hoạch tổ chức Hội khỏe Phù Đổng cấp tỉnh",
     "Các môn thi đấu, thời gian, địa điểm và điều lệ giải dành cho học sinh phổ thông.", 175),
    (D.GUIDANCE, "HD-SGDĐT", "Hướng dẫn tổ chức bữa ăn bán trú an toàn trong trường mầm non và tiểu học",
     "Yêu cầu về nguồn thực phẩm, lưu mẫu thức ăn, bếp một chiều và trách nhiệm của nhà trường.", 45),
    (D.NOTICE, "TB-SGDĐT", "Thông báo lịch tiếp công dân của Lãnh đạo Sở quý IV năm 2026",
     "Lịch tiếp công dân định kỳ vào sáng thứ Năm tuần thứ hai và thứ tư hằng tháng.", 28),
    (D.OFFICIAL_LETTER, "SGDĐT-VP", "Về việc bảo đảm an toàn trường học mùa mưa bão",
     "Kiểm tra cơ sở vật chất, cây xanh, phương án di dời và cho học sinh nghỉ học khi cần thiết.", 40),
    (D.DECISION, "QĐ-SGDĐT", "Quyết định thành lập Hội đồng thi giáo viên dạy giỏi cấp tỉnh",
     "Thành phần Hội đồng, nhiệm vụ và quyền hạn; thời gian tổ chức hội thi.", 160),
    (D.PLAN, "KH-SGDĐT", "Kế hoạch bồi dưỡng giáo viên cốt cán năm 2026",
     "Nội dung bồi dưỡng, hình thức trực tuyến kết hợp trực tiếp, đối tượng và kinh phí.", 230),
    (D.GUIDANCE, "HD-SGDĐT", "Hướng dẫn tổ chức giáo dục STEM trong trường trung học",
     "Các hình thức bài học STEM, hoạt động trải nghiệm và ngày hội STEM cấp trường.", 250),
    (D.REPORT, "BC-SGDĐT", "Báo cáo công tác truyền thông giáo dục 6 tháng đầu năm 2026",
     "Số tin bài đã đăng, hoạt động phát ngôn, cung cấp thông tin cho báo chí và phản hồi dư luận.", 120),
    (D.OFFICIAL_LETTER, "SGDĐT-GDPT", "Về việc tổ chức Tuần lễ hưởng ứng học tập suốt đời",
     "Đề nghị các đơn vị tổ chức ngày hội đọc sách, giới thiệu sách và xây dựng văn hóa đọc.", 300),
    (D.OTHER, "SGDĐT-VP", "Quy chế phát ngôn và cung cấp thông tin cho báo chí của Sở Giáo dục và Đào tạo",
     "Người phát ngôn, trách nhiệm cung cấp thông tin và quy trình trả lời báo chí.", 330),
]
SCHOOL_DOCUMENTS = [
    (D.PLAN, "KH-{abbr}", "Kế hoạch tổ chức lễ khai giảng năm học 2026–2027",
     "Chương trình buổi lễ, phân công chuẩn bị và bảo đảm an toàn cho học sinh.", 80),
    (D.NOTICE, "TB-{abbr}", "Thông báo các khoản thu năm học 2026–2027",
     "Các khoản thu theo quy định, mức thu và các khoản miễn, giảm cho học sinh thuộc diện chính sách.", 75),
    (D.DECISION, "QĐ-{abbr}", "Quyết định thành lập Ban đại diện cha mẹ học sinh năm học 2026–2027",
     "Danh sách thành viên và nhiệm vụ của Ban đại diện cha mẹ học sinh nhà trường.", 50),
]


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:  # no DejaVu on this machine: Pillow's own font (Vietnamese renders less well)
        return ImageFont.load_default(size)


def pdf(*, issuer: str, parent: str, number: str, issued_on: dt.date, type_label: str, title: str, summary: str,
        signer: str, place: str = "Bình Sơn") -> bytes:
    """A one-page A4 PDF (100 dpi, greyscale) laid out like an administrative document."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (827, 1169), 255)
    draw = ImageDraw.Draw(page)
    small, normal, bold = _font(15), _font(17), _font(17, bold=True)
    draw.text((190, 80), parent.upper(), font=small, fill=0, anchor="mm")
    draw.text((190, 102), issuer.upper()[:48], font=_font(15, bold=True), fill=0, anchor="mm")
    draw.text((570, 80), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=_font(15, bold=True), fill=0, anchor="mm")
    draw.text((570, 102), "Độc lập - Tự do - Hạnh phúc", font=bold, fill=0, anchor="mm")
    draw.text((190, 140), f"Số: {number}", font=normal, fill=0, anchor="mm")
    draw.text((570, 140), f"{place}, ngày {issued_on:%d} tháng {issued_on:%m} năm {issued_on:%Y}",
              font=_font(16), fill=0, anchor="mm")
    draw.text((413, 210), type_label.upper(), font=_font(20, bold=True), fill=0, anchor="mm")
    y = 245
    for line in textwrap.wrap(title, 60):
        draw.text((413, y), line, font=bold, fill=0, anchor="mm")
        y += 26
    y += 30
    for line in textwrap.wrap(summary, 78):
        draw.text((110, y), line, font=normal, fill=0)
        y += 28
    draw.text((600, y + 80), "(Đã ký)", font=normal, fill=0, anchor="mm")
    draw.text((600, y + 140), signer, font=bold, fill=0, anchor="mm")
    out = io.BytesIO()
    page.save(out, "PDF", resolution=100)
    return out.getvalue()


def _publisher(unit: Unit) -> Person | None:
    for role in (Role.COMMS_OFFICER, Role.SPOKESPERSON, Role.HEAD):
        person = (Person.objects.filter(memberships__unit=unit, memberships__role=role,
                                        memberships__until__isnull=True).order_by("pk").first())
        if person is not None:
            return person
    return None


def _signer(unit: Unit) -> str:
    head = _publisher_head(unit)
    return head.full_name if head else ""


def _publisher_head(unit: Unit) -> Person | None:
    return (Person.objects.filter(memberships__unit=unit, memberships__role=Role.HEAD, memberships__until__isnull=True)
            .order_by("pk").first())


def is_loaded() -> bool:
    return PublicDocument.objects.filter(source_app="demo").exists()


def load() -> int:
    """Publish the demo documents (once). Returns how many were created (0 when already loaded or when
    the database is not the demo province)."""
    department = Unit.objects.filter(code=province.DEPARTMENT_CODE).first()
    if department is None or not Event.objects.filter(verb="demo.loaded", unit=department).exists() or is_loaded():
        return 0
    schools = list(Unit.objects.filter(department.subtree_q(), kind=Unit.Kind.SCHOOL, active=True)
                   .order_by("path")[:3])
    today = timezone.localdate()
    items: list[tuple[Unit, tuple]] = [(department, item) for item in DEPARTMENT_DOCUMENTS]
    items += [(school, item) for school in schools for item in SCHOOL_DOCUMENTS]
    created = 0
    with transaction.atomic():
        for n, (unit, (doc_type, suffix, title, summary, days_ago)) in enumerate(items, start=1):
            actor = _publisher(unit)
            if actor is None:
                continue
            abbr = "".join(w[0] for w in (unit.short_name or unit.name).split() if w[:1].isalpha()).upper()[:6]
            number = f"{100 + n * 7}/{suffix.format(abbr=abbr)}"
            issued_on = today - dt.timedelta(days=days_ago)
            signer = _signer(unit)
            content = pdf(issuer=unit.name, parent="UBND tỉnh Bình Sơn" if unit == department else department.short_name,
                          number=number, issued_on=issued_on, type_label=str(DocumentType(doc_type).label),
                          title=title, summary=summary, signer=signer)
            upload = SimpleUploadedFile(f"{number.replace('/', '-')}.pdf", content, content_type="application/pdf")
            document = services.publish_document(
                actor=actor, unit=unit, doc_type=doc_type, number_symbol=number, issued_on=issued_on, title=title,
                summary=summary, signer_name=signer, effective_on=issued_on if doc_type == D.DECISION else None,
                upload=upload, source=("demo", f"document-{n}"))
            # Published on the day it was issued (the service stamps "now").
            PublicDocument.objects.filter(pk=document.pk).update(
                published_at=timezone.make_aware(dt.datetime.combine(issued_on, dt.time(9, 30))))
            created += 1
    return created
