"""The demo province's Q&A and feedback: parents' questions about enrolment, fees, uniforms and exams, sent to
the department and to the sign-in school (Trường THCS Nguyễn Du) and a few other schools, handled through the
enquiries services as real people would: the unit's communications officer drafts, the head or the
spokesperson (never the drafter) approves and publishes. Some questions wait: one in approval, one drafted,
two just received (one of them overdue), one closed as a duplicate, one spam. A few pieces of feedback
(never published) are new, in progress with an internal note, or resolved.

Demo history: the services stamp the current time; afterwards this module alone moves the receipt,
deadline and publication times back over the last weeks with queryset updates, marks the askers of
published answers as already told (so that loading the demo sends no e-mail), and renews the portal cache.

Everything is fictional: no real people are named. `load()` is idempotent: it does nothing when the
department's subtree already has questions.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from educomms.audit.models import Event
from educomms.enquiries import services
from educomms.enquiries.models import Feedback, Question, QuestionState, QuestionTransition
from educomms.org.models import Person, Unit
from educomms.org.roles import Role

from . import province

S = QuestionState
MAIL = "example.com"  # RFC 2606: never a real mailbox


@dataclass(frozen=True)
class Ask:
    to: str  # "department", "school" (THCS Nguyễn Du), "primary", "upper"
    name: str
    email: str
    phone: str
    topic: str
    text: str
    answer: str = ""  # paragraphs separated by blank lines
    outcome: str = S.PUBLISHED  # or RECEIVED, DRAFTED, IN_APPROVAL, CLOSED, SPAM
    days_ago: int = 1  # when it was asked
    reason: str = ""  # for CLOSED


QUESTIONS: list[Ask] = [
    Ask("department", "Trần Thị Hương", f"huong.tran@{MAIL}", "", "enrolment",
        "Con tôi năm nay thi vào lớp 10. Xin hỏi kỳ thi tuyển sinh lớp 10 năm học 2027–2028 của tỉnh thi mấy môn, "
        "có môn thứ ba không và khi nào Sở công bố phương án chính thức?",
        "Kính gửi phụ huynh,\n\nKỳ thi tuyển sinh lớp 10 THPT công lập năm học 2027–2028 dự kiến gồm ba bài thi: "
        "Ngữ văn, Toán và một bài thi thứ ba do Sở công bố trước ngày 31/3/2027 theo hướng dẫn của Bộ GD&ĐT.\n\n"
        "Phương án chính thức sẽ được đăng trên Cổng thông tin điện tử của Sở và gửi đến các trường THCS. "
        "Phụ huynh có thể theo dõi mục Tin tức và trang Hỏi đáp để cập nhật.", days_ago=34),
    Ask("department", "Lê Văn Phúc", "", "0905 118 372", "fees",
        "Năm học này học sinh THPT công lập trên địa bàn tỉnh có phải đóng học phí không? Nếu có thì mức thu là "
        "bao nhiêu một tháng?",
        "Kính gửi ông Lê Văn Phúc,\n\nTừ năm học 2025–2026, học sinh THPT công lập được miễn học phí theo chính "
        "sách của Nhà nước. Các trường không được thu học phí.\n\nCác khoản thu thỏa thuận (bán trú, nước uống, "
        "học thêm tự nguyện…) phải được niêm yết công khai và thống nhất với cha mẹ học sinh đầu năm học.",
        days_ago=27),
    Ask("department", "Phạm Minh Đức", f"ducpm.phuhuynh@{MAIL}", "", "exams",
        "Kỳ thi tốt nghiệp THPT năm 2027 có thay đổi gì so với năm 2026 không? Học sinh có được dùng chứng chỉ "
        "tiếng Anh để miễn thi ngoại ngữ không?",
        "Kính gửi phụ huynh,\n\nKỳ thi tốt nghiệp THPT năm 2027 giữ ổn định như năm 2026: thí sinh thi Ngữ văn, "
        "Toán và hai môn tự chọn. Thí sinh có chứng chỉ ngoại ngữ còn thời hạn theo danh mục của Bộ GD&ĐT được "
        "miễn thi ngoại ngữ trong xét công nhận tốt nghiệp.\n\nChi tiết xem tại https://binhson.example/tin/",
        days_ago=19),
    Ask("school", "Nguyễn Thị Lan Anh", f"lananh.nguyen@{MAIL}", "0912 334 556", "uniforms",
        "Con tôi vào lớp 6 của trường. Nhà trường có bắt buộc mua đồng phục mới tại trường không, hay gia đình "
        "được tự may theo mẫu?",
        "Kính gửi phụ huynh,\n\nNhà trường không bắt buộc mua đồng phục tại trường. Gia đình có thể tự may theo "
        "mẫu được niêm yết tại phòng bảo vệ và trên trang của trường; học sinh lớp 7–9 tiếp tục dùng đồng phục cũ "
        "còn tốt.\n\nMọi thắc mắc xin liên hệ văn phòng nhà trường trong giờ hành chính.", days_ago=40),
    Ask("school", "Đỗ Văn Hải", "", "0987 220 114", "fees",
        "Đầu năm học nhà trường thu những khoản nào? Khoản quỹ cha mẹ học sinh có bắt buộc không?",
        "Kính gửi phụ huynh,\n\nĐầu năm học, nhà trường chỉ thu các khoản theo quy định và các khoản thỏa thuận đã "
        "được Ban đại diện cha mẹ học sinh thống nhất, niêm yết công khai tại bảng tin.\n\nQuỹ của Ban đại diện cha "
        "mẹ học sinh là khoản tự nguyện; nhà trường không thu hộ và không được ép buộc đóng góp.", days_ago=22),
    Ask("school", "Vũ Thị Ngọc", f"ngoc.vu@{MAIL}", "", "exams",
        "Lịch kiểm tra giữa học kỳ I của khối 9 năm nay bắt đầu từ ngày nào? Các con có được ôn tập ở trường không?",
        "Kính gửi phụ huynh,\n\nKiểm tra giữa học kỳ I khối 9 diễn ra từ ngày 03/11 đến 08/11. Các tổ chuyên môn đã "
        "gửi đề cương ôn tập cho học sinh từ tuần trước; giáo viên bộ môn hướng dẫn ôn tập trong giờ học chính "
        "khóa, không tổ chức dạy thêm thu tiền.", days_ago=15),
    Ask("primary", "Hoàng Văn Sơn", f"son.hoang@{MAIL}", "", "enrolment",
        "Gia đình tôi mới chuyển đến phường, con 6 tuổi. Thủ tục nhập học lớp 1 giữa năm học cần những giấy tờ gì?",
        "Kính gửi phụ huynh,\n\nGia đình mang bản sao giấy khai sinh, giấy xác nhận cư trú tại địa bàn và đơn xin "
        "nhập học (mẫu tại văn phòng trường). Nhà trường tiếp nhận và xếp lớp trong vòng ba ngày làm việc.",
        days_ago=11),
    Ask("upper", "Bùi Thị Thanh", f"thanh.bui@{MAIL}", "", "curriculum",
        "Học sinh lớp 10 của trường được chọn tổ hợp môn học lựa chọn như thế nào? Có được đổi tổ hợp sau học kỳ I "
        "không?",
        "Kính gửi phụ huynh,\n\nHọc sinh đăng ký tổ hợp môn lựa chọn khi nhập học, theo các tổ hợp nhà trường đã "
        "công bố. Việc đổi tổ hợp được xem xét vào cuối học kỳ I nếu lớp có chỗ và học sinh bảo đảm học bù phần "
        "kiến thức còn thiếu.", days_ago=8),
    # Still being handled.
    Ask("school", "Trịnh Văn Long", f"long.trinh@{MAIL}", "", "policies",
        "Con tôi thuộc hộ cận nghèo. Xin hỏi cháu có được hỗ trợ tiền mua sách giáo khoa năm học này không và "
        "cần nộp hồ sơ gì?",
        "Kính gửi phụ huynh,\n\nHọc sinh thuộc hộ cận nghèo được hỗ trợ chi phí học tập theo quy định. Gia đình nộp "
        "đơn đề nghị và bản sao giấy chứng nhận hộ cận nghèo tại văn phòng trường trước ngày 30/11.",
        outcome=S.IN_APPROVAL, days_ago=3),
    Ask("department", "Ngô Thị Mai", f"mai.ngo@{MAIL}", "", "enrolment",
        "Trường THPT chuyên của tỉnh năm nay tuyển bao nhiêu lớp chuyên Tin học?",
        "Kính gửi phụ huynh,\n\nNăm học 2027–2028, Trường THPT chuyên của tỉnh dự kiến tuyển hai lớp chuyên Tin học.",
        outcome=S.DRAFTED, days_ago=4),
    Ask("school", "Lý Thị Hồng", "", "0934 556 781", "other",
        "Nhà trường có tổ chức bán trú cho học sinh lớp 6 không? Nếu có thì đăng ký ở đâu?",
        outcome=S.RECEIVED, days_ago=9),
    Ask("department", "Đinh Công Thành", f"thanh.dinh@{MAIL}", "", "exams",
        "Khi nào có điểm thi học sinh giỏi cấp tỉnh lớp 9?", outcome=S.RECEIVED, days_ago=1),
    Ask("school", "Nguyễn Thị Lan Anh", f"lananh.nguyen@{MAIL}", "", "uniforms",
        "Cho tôi hỏi lại: đồng phục lớp 6 có bắt buộc mua tại trường không ạ?", outcome=S.CLOSED, days_ago=38,
        reason="Trùng với câu hỏi trước của cùng phụ huynh, đã được trả lời và đăng trên trang Hỏi đáp."),
    Ask("department", "khuyen mai", f"km.ads@{MAIL}", "", "",
        "Dịch vụ làm bằng cấp, chứng chỉ nhanh, giá rẻ, liên hệ ngay để được tư vấn!!!", outcome=S.SPAM,
        days_ago=6),
]


@dataclass(frozen=True)
class Report:
    to: str
    name: str
    phone: str
    category: str
    text: str
    state: str  # new, in_progress, resolved
    note: str = ""
    days_ago: int = 1


FEEDBACK: list[Report] = [
    Report("school", "Phan Thị Thu", "0918 443 210", "safety",
           "Giờ tan học buổi chiều, cổng trường rất đông xe máy đỗ tràn ra đường, các cháu đi bộ rất nguy hiểm. "
           "Đề nghị nhà trường phối hợp với công an phường bố trí người hướng dẫn.",
           "resolved", "Đã phối hợp công an phường; từ tuần này có người hướng dẫn giao thông giờ tan học.", 12),
    Report("school", "Cao Văn Tùng", "0977 120 889", "facilities",
           "Nhà vệ sinh học sinh tầng 2 dãy B hỏng vòi nước nhiều ngày chưa sửa.",
           "in_progress", "Đã báo bộ phận cơ sở vật chất; dự kiến thay vòi trong tuần.", 4),
    Report("department", "Một phụ huynh", "0962 778 001", "extra_classes",
           "Phản ánh một số giáo viên tổ chức dạy thêm tại nhà cho chính học sinh lớp mình chủ nhiệm và thu tiền.",
           "new", "", 2),
    Report("department", "Hà Thị Yến", "0916 300 452", "procedures",
           "Thủ tục xin cấp bản sao bằng tốt nghiệp THPT mất nhiều thời gian, đề nghị cho nộp hồ sơ trực tuyến.",
           "in_progress", "Chuyển Văn phòng Sở xem xét đưa thủ tục lên cổng dịch vụ công.", 6),
]


@dataclass
class LoadResult:
    created: bool
    questions: int = 0
    published: int = 0
    feedback: int = 0
    demo: bool = True  # False: not the demo province, nothing was written


def _holder(unit: Unit, role: str) -> Person | None:
    return (Person.objects.filter(memberships__unit=unit, memberships__role=role, memberships__until__isnull=True,
                                  is_active=True).order_by("pk").first())


@dataclass(frozen=True)
class Desk:
    unit: Unit
    officer: Person
    approver: Person


def _desks(department: Unit) -> dict[str, Desk]:
    people = province.sign_in_people()
    desks: dict[str, Desk] = {}
    officer = people.get("dept_officer") or _holder(department, Role.COMMS_OFFICER)
    approver = people.get("spokesperson") or _holder(department, Role.SPOKESPERSON) or _holder(department, Role.HEAD)
    if officer and approver:
        desks["department"] = Desk(department, officer, approver)
    schools = Unit.objects.filter(department.subtree_q(), kind=Unit.Kind.SCHOOL, active=True).order_by("code")
    picks = {
        "school": schools.filter(name="Trường THCS Nguyễn Du").first(),
        "primary": schools.filter(name__startswith="Trường Tiểu học").first(),
        "upper": schools.filter(name__startswith="Trường THPT ").exclude(name__startswith="Trường THPT Chuyên").first(),
    }
    for key, school in picks.items():
        if school is None:
            continue
        head, school_officer = _holder(school, Role.HEAD), _holder(school, Role.COMMS_OFFICER)
        if head and school_officer and head.pk != school_officer.pk:
            desks[key] = Desk(school, school_officer, head)
    return desks


def _at(days_ago: int, n: int) -> dt.datetime:
    """A time in the evening or at the weekend-ish hours parents write, `days_ago` days back (local time)."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    minutes = 6 * 60 + 45 + (n * 173) % (15 * 60)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))


def _backdate_question(question: Question, received: dt.datetime, answered_after: dt.timedelta) -> None:
    published = received + answered_after if question.state == S.PUBLISHED else None
    Question.objects.filter(pk=question.pk).update(
        received_at=received, created_at=received, due_at=received + (question.due_at - question.received_at),
        **({"published_at": published, "asker_notified_at": published} if published else {}))
    if published:
        from educomms.enquiries.models import Answer

        Answer.objects.filter(question=question).update(published_at=published)
    steps = list(QuestionTransition.objects.filter(question=question).order_by("at", "pk").values_list("pk", flat=True))
    end = published or received + dt.timedelta(hours=20)
    for i, pk in enumerate(reversed(steps)):
        QuestionTransition.objects.filter(pk=pk).update(at=max(received, end - dt.timedelta(hours=4 * i)))


def is_loaded(department: Unit) -> bool:
    return Question.objects.filter(department.subtree_q("unit__path")).exists()


def _summary(department: Unit, created: bool) -> LoadResult:
    questions = Question.objects.filter(department.subtree_q("unit__path"))
    return LoadResult(created=created, questions=questions.count(),
                      published=questions.filter(state=S.PUBLISHED).count(),
                      feedback=Feedback.objects.filter(department.subtree_q("unit__path")).count())


def load() -> LoadResult:
    """Write the demo Q&A and feedback unless the department's subtree already has questions. Call after
    `province.load()`; a database that is not the demo province is left alone."""
    department = Unit.objects.filter(code=province.DEPARTMENT_CODE).first()
    if department is None or not Event.objects.filter(verb="demo.loaded", unit=department).exists():
        return LoadResult(created=False, demo=False)
    if is_loaded(department):
        return _summary(department, created=False)
    desks = _desks(department)
    if "department" not in desks:
        return LoadResult(created=False, demo=False)
    with transaction.atomic():
        _load(desks)
    from educomms.portal.cache import bump  # the queryset updates above go round the services

    bump()
    return _summary(department, created=True)


def _load(desks: dict[str, Desk]) -> None:
    for n, item in enumerate(QUESTIONS):
        desk = desks.get(item.to) or desks["department"]
        question = services.submit_question(unit=desk.unit, name=item.name, email=item.email, phone=item.phone,
                                            text=item.text, topic=item.topic)
        if item.outcome == S.SPAM:
            services.mark_spam(actor=desk.officer, question=question)
        elif item.outcome == S.CLOSED:
            services.close_question(actor=desk.officer, question=question, reason=item.reason)
        elif item.outcome != S.RECEIVED:
            services.assign_question(actor=desk.officer, question=question, assignee=desk.officer)
            services.save_answer(actor=desk.officer, question=question, body=_html(item.answer), version=0)
            if item.outcome in (S.IN_APPROVAL, S.PUBLISHED):
                services.submit_answer(actor=desk.officer, question=question)
            if item.outcome == S.PUBLISHED:
                services.approve_answer(actor=desk.approver, question=question)
        _backdate_question(question, _at(item.days_ago, n), dt.timedelta(days=2 + n % 4, hours=3))

    for n, report in enumerate(FEEDBACK):
        desk = desks.get(report.to) or desks["department"]
        sent = services.submit_feedback(unit=desk.unit, name=report.name, phone=report.phone,
                                        category=report.category, text=report.text)
        if report.state in ("in_progress", "resolved"):
            services.change_feedback_state(actor=desk.officer, feedback=sent, to="in_progress")
            if report.note and report.state == "in_progress":
                services.add_feedback_note(actor=desk.officer, feedback=sent, body=report.note)
        if report.state == "resolved":
            services.change_feedback_state(actor=desk.officer, feedback=sent, to="resolved", comment=report.note)
        received = _at(report.days_ago, n + 7)
        Feedback.objects.filter(pk=sent.pk).update(received_at=received, created_at=received,
                                                   due_at=received + (sent.due_at - sent.received_at))


def _html(text: str) -> str:
    from educomms.enquiries.answer_text import to_html

    return to_html(text)
