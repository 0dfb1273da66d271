"""The recipient's pages: inbox, a directive's page (reading, acknowledging, forwarding), attachments."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from educomms.org.roles import Role

from .. import services
from ..models import DirectiveStatus, Receipt
from ..targeting import TargetSpec
from .factories import deadline_in, draft, issue, issued, receipt_of

INBOX = reverse("directives:inbox")


def detail(directive) -> str:
    return reverse("directives:detail", args=[directive.pk])


def test_it_lists_my_directives_with_the_unread_count(world, login, django_capture_on_commit_callbacks):
    read = issued(world, django_capture_on_commit_callbacks, title="Kế hoạch tổ chức Ngày hội đọc sách")
    unread = issued(world, django_capture_on_commit_callbacks, title="Hướng dẫn phòng chống dịch bệnh mùa đông",
                    ack_deadline=deadline_in(3))
    services.open_receipt(actor=world.teacher_a, receipt=receipt_of(read, world.teacher_a))
    response = login(world.teacher_a).get(INBOX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 văn bản chưa đọc" in html
    assert html.index("Hướng dẫn phòng chống dịch bệnh mùa đông") < html.index("Kế hoạch tổ chức Ngày hội đọc sách")
    items = [r.directive_id for r in response.context["page"]]
    assert items == [unread.pk, read.pk]
    assert html.count("is-unread") == 1 and "Hạn xác nhận" in html


def test_it_shows_only_the_unread_ones_when_asked(world, login, django_capture_on_commit_callbacks):
    read = issued(world, django_capture_on_commit_callbacks, title="Văn bản đã đọc rồi")
    issued(world, django_capture_on_commit_callbacks, title="Văn bản chưa đọc")
    services.open_receipt(actor=world.teacher_a, receipt=receipt_of(read, world.teacher_a))
    html = login(world.teacher_a).get(INBOX, {"chua-doc": "1"}).content.decode()
    assert "Văn bản chưa đọc" in html and "Văn bản đã đọc rồi" not in html


def test_it_marks_overdue_deadlines_in_red(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, ack_deadline=deadline_in(1))
    directive.ack_deadline = timezone.now() - timezone.timedelta(hours=2)  # the deadline has passed since
    directive.save(update_fields=["ack_deadline"])
    html = login(world.teacher_a).get(INBOX).content.decode()
    assert "Quá hạn xác nhận" in html and "text-danger" in html


def test_it_strikes_through_withdrawn_ones_and_points_to_corrections(world, login,
                                                                       django_capture_on_commit_callbacks):
    withdrawn = issued(world, django_capture_on_commit_callbacks, title="Công văn bị thu hồi")
    services.withdraw_directive(actor=world.director, directive=withdrawn, reason="Ban hành nhầm đối tượng.")
    original = issued(world, django_capture_on_commit_callbacks, title="Công văn có đính chính")
    correction = services.correct_directive(actor=world.director, directive=original)
    services.update_directive(actor=world.director, directive=correction, version=correction.version,
                              number_symbol="130/SGDĐT-VP")
    issue(world, correction, django_capture_on_commit_callbacks)
    html = login(world.teacher_a).get(INBOX).content.decode()
    assert "<s>Công văn bị thu hồi</s>" in html and "Đã thu hồi" in html
    assert "Đã có văn bản đính chính:" in html and "130/SGDĐT-VP" in html
    page = login(world.teacher_a).get(detail(withdrawn)).content.decode()
    assert "Văn bản này đã bị thu hồi" in page and "Ban hành nhầm đối tượng." in page
    assert "Xác nhận đã đọc" not in page


def test_the_inbox_takes_a_fixed_number_of_queries(world, login, django_capture_on_commit_callbacks,
                                                   django_assert_num_queries):
    for n in range(3):
        issued(world, django_capture_on_commit_callbacks, title=f"Văn bản số {n}")
    client = login(world.teacher_a)
    client.get(INBOX)  # warm the session
    # session, user, two-factor check, grants and units (menu), notification badge; receipts: count, page,
    # issued corrections, unread count
    with django_assert_num_queries(10) as captured:
        client.get(INBOX)
    for n in range(3, 8):
        issued(world, django_capture_on_commit_callbacks, title=f"Văn bản số {n}")
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(INBOX)


def test_it_pages_the_inbox(world, login, django_capture_on_commit_callbacks):
    for n in range(27):
        issued(world, django_capture_on_commit_callbacks, title=f"Văn bản thứ {n:02d}")
    client = login(world.teacher_a)
    first = client.get(INBOX)
    assert len(first.context["page"].object_list) == 25 and "Trang 1/2" in first.content.decode()
    assert len(client.get(INBOX, {"trang": 2}).context["page"].object_list) == 2


def test_opening_the_page_counts_as_read_and_shows_the_facts(world, login, django_capture_on_commit_callbacks):
    import datetime as dt
    directive = issued(world, django_capture_on_commit_callbacks, document_date=dt.date(2026, 11, 20),
                       summary="Tóm tắt các việc cần làm.", body="<p>Nội dung <strong>chi tiết</strong></p>")
    response = login(world.teacher_a).get(detail(directive))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("125/SGDĐT-VP", "20/11/2026", "Công văn", "Sở Giáo dục và Đào tạo tỉnh Bình Sơn",
                 "Tóm tắt các việc cần làm.", "<strong>chi tiết</strong>", "Xác nhận đã đọc"):
        assert text in html
    assert receipt_of(directive, world.teacher_a).opened_at is not None


def test_downloading_an_attachment_counts_as_read(world, login, django_capture_on_commit_callbacks):
    directive = draft(world)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachment = services.add_attachment(actor=world.dept_officer, directive=directive,
                                         upload=SimpleUploadedFile("ke-hoach.pdf", pdf, "application/pdf"))
    issue(world, directive, django_capture_on_commit_callbacks)
    url = reverse("directives:attachment", args=[directive.pk, attachment.pk])
    response = login(world.teacher_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "ke-hoach.pdf" in response["Content-Disposition"]
    assert receipt_of(directive, world.teacher_a).opened_at is not None
    # School B's head got it too (the whole department); an outsider's id guess for another file is 404.
    assert login(world.principal_b).get(reverse("directives:attachment", args=[directive.pk, 999999])).status_code == 404


def test_it_acknowledges_with_a_comment(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    client = login(world.teacher_a)
    response = client.post(reverse("directives:acknowledge", args=[directive.pk]), {"comment": "Đã phổ biến tới tổ."})
    assert response.status_code == 302
    receipt = receipt_of(directive, world.teacher_a)
    assert receipt.acknowledged_at and receipt.ack_comment == "Đã phổ biến tới tổ."
    html = client.get(detail(directive)).content.decode()
    assert "Bạn đã xác nhận đã đọc văn bản này." in html and "Đã phổ biến tới tổ." in html


def test_a_wrong_confirmation_phrase_is_refused_in_vietnamese(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, confirmation_phrase="Tôi đã đọc và sẽ thực hiện")
    client = login(world.teacher_a)
    url = reverse("directives:acknowledge", args=[directive.pk])
    response = client.post(url, {"phrase": "tôi đồng ý"})
    assert response.status_code == 400
    assert "Câu xác nhận chưa đúng" in response.content.decode()
    assert receipt_of(directive, world.teacher_a).acknowledged_at is None
    assert client.post(url, {}).status_code == 400  # no phrase at all
    assert client.post(url, {"phrase": "toi da doc va se thuc hien"}).status_code == 302
    assert receipt_of(directive, world.teacher_a).acknowledged_at is not None


def test_a_head_forwards_to_the_staff(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, forward_required=True,
                       targets=[TargetSpec(unit=world.department, unit_kinds=("school",), roles=(Role.HEAD,))])
    assert not Receipt.objects.filter(directive=directive, person=world.teacher_a).exists()
    client = login(world.principal_a)
    html = client.get(detail(directive)).content.decode()
    assert "Chuyển tiếp cho cán bộ, giáo viên" in html
    response = client.post(reverse("directives:forward", args=[directive.pk]),
                           {"unit": world.school_a.pk, "note": "Đề nghị các đồng chí đọc kỹ."})
    assert response.status_code == 302
    receipt = receipt_of(directive, world.teacher_a)
    assert receipt.forward.note == "Đề nghị các đồng chí đọc kỹ."
    teacher_page = login(world.teacher_a).get(detail(directive)).content.decode()
    assert "Đề nghị các đồng chí đọc kỹ." in teacher_page
    # Forwarding again: nothing left to forward.
    assert client.post(reverse("directives:forward", args=[directive.pk]), {"unit": world.school_a.pk}).status_code == 404


def test_school_b_cannot_forward_for_school_a(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, forward_required=True,
                       targets=[TargetSpec(unit=world.department, unit_kinds=("school",), roles=(Role.HEAD,))])
    response = login(world.principal_b).post(reverse("directives:forward", args=[directive.pk]),
                                             {"unit": world.school_a.pk})
    assert response.status_code == 400
    assert "Bạn không phải thủ trưởng của đơn vị này" in response.content.decode()
    assert not Receipt.objects.filter(directive=directive, person=world.teacher_a).exists()


def test_a_directive_school_b_did_not_receive_is_404_there(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks, targets=[TargetSpec(unit=world.school_a)])
    assert login(world.teacher_a).get(detail(directive)).status_code == 200
    client = login(world.principal_b)
    assert client.get(detail(directive)).status_code == 404
    assert client.post(reverse("directives:acknowledge", args=[directive.pk])).status_code == 404
    assert client.get(INBOX).context["page"].paginator.count == 0


def test_drafts_are_not_visible_to_recipients(world, login):
    directive = draft(world)
    assert login(world.teacher_a).get(detail(directive)).status_code == 404
    assert directive.status == DirectiveStatus.DRAFT


def test_anonymous_visitors_go_to_the_login_page(world, client, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    for url in (INBOX, detail(directive)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_receiving_head_gets_a_link_to_their_units_coverage(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    html = login(world.principal_a).get(detail(directive)).content.decode()
    assert reverse("directives:coverage", args=[directive.pk]) in html and "Đối tượng nhận" not in html
    teacher = login(world.teacher_a).get(detail(directive)).content.decode()
    assert reverse("directives:coverage", args=[directive.pk]) not in teacher
    officer = login(world.dept_officer).get(detail(directive)).content.decode()
    assert "Đối tượng nhận" in officer and "Sở Giáo dục và Đào tạo tỉnh Bình Sơn (cả đơn vị cấp dưới)" in officer
