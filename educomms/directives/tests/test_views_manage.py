"""Issuers' pages: the list, drafting with the targets editor and its preview, attachments, issuing with a
progress bar, withdrawal and correction."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from educomms.org.roles import Role

from .. import services
from ..models import Attachment, Directive, DirectiveStatus, IssueJob, Receipt
from ..targeting import TargetSpec
from .factories import draft, issued

MANAGE = reverse("directives:manage")
CREATE = reverse("directives:create")
PREVIEW = reverse("directives:preview")


def target_rows(*rows: dict) -> dict:
    data = {"targets-TOTAL_FORMS": str(len(rows)), "targets-INITIAL_FORMS": "0", "targets-MIN_NUM_FORMS": "1",
            "targets-MAX_NUM_FORMS": "20"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"targets-{i}-{key}"] = value
    return data


def directive_data(world, **extra) -> dict:
    return {"doc_type": "ke_hoach", "number_symbol": "140/KH-SGDĐT", "document_date": "20/11/2026",
            "title": "Kế hoạch tuyên truyền Ngày Nhà giáo Việt Nam", "summary": "Các trường tổ chức tuyên truyền.",
            "body": "<p>Nội dung</p><script>alert(1)</script>", "ack_required": "on", "deadline_date": "30/12/2026",
            "deadline_time": "17:00", "remind_days_before": "3, 0", "escalate_days_after": "2",
            "unit": world.department.pk,
            **target_rows({"unit": world.department.pk, "include_subtree": "on", "unit_kinds": "school",
                           "roles": ["head", "comms_officer"]}), **extra}


def test_it_creates_a_draft_with_its_targets(world, login):
    client = login(world.dept_officer)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, directive_data(world))
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert response["Location"] == reverse("directives:edit", args=[directive.pk])
    assert directive.status == DirectiveStatus.DRAFT and directive.unit == world.department
    assert directive.title == "Kế hoạch tuyên truyền Ngày Nhà giáo Việt Nam" and "<script>" not in directive.body
    assert directive.remind_days_before == [3, 0] and directive.escalate_days_after == 2
    assert directive.ack_deadline.isoformat().startswith("2026-12-30T10:00")  # 17:00 in Hà Nội
    target = directive.targets.get()
    assert (target.unit, target.unit_kinds, sorted(target.roles)) == (world.department, ["school"],
                                                                       ["comms_officer", "head"])


def test_it_explains_bad_input_in_vietnamese_and_saves_nothing(world, login):
    client = login(world.dept_officer)
    data = directive_data(world, title="", deadline_date="31/02/2026", remind_days_before="ba ngày")
    data.update(target_rows({"unit": ""}))
    response = client.post(CREATE, data)
    assert response.status_code == 400
    html = response.content.decode()
    for message in ("Hãy nhập trích yếu của văn bản.", "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy",
                    "Hãy nhập các số ngày, cách nhau bằng dấu phẩy", "Hãy chọn ít nhất một đơn vị nhận văn bản."):
        assert message in html
    assert not Directive.objects.exists()


def test_it_refuses_a_target_outside_the_issuing_unit(world, login):
    client = login(world.principal_a)
    data = directive_data(world, unit=world.school_a.pk, **target_rows({"unit": world.school_b.pk}))
    response = client.post(f"{CREATE}?unit={world.school_a.pk}", data)
    assert response.status_code == 400
    assert "không thuộc phạm vi của đơn vị ban hành" in response.content.decode()
    assert not Directive.objects.exists()


def test_it_adds_a_target_row_without_saving(world, login):
    response = login(world.dept_officer).post(CREATE, {**directive_data(world), "add_target": "1"})
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="target-row"') == 2
    assert not Directive.objects.exists()


def test_the_preview_counts_units_and_people(world, login):
    client = login(world.dept_officer)
    response = client.post(PREVIEW, {"unit": world.department.pk, **target_rows(
        {"unit": world.department.pk, "include_subtree": "on", "unit_kinds": "school", "roles": "head"})},
        headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>2</strong> người ở <strong>2</strong> đơn vị" in html and "<html" not in html
    everyone = client.post(PREVIEW, {"unit": world.department.pk, **target_rows(
        {"unit": world.department.pk, "include_subtree": "on"})}).content.decode()
    assert "<strong>7</strong> người ở <strong>3</strong> đơn vị" in everyone
    empty = client.post(PREVIEW, {"unit": world.department.pk, **target_rows({"unit": ""})}).content.decode()
    assert "Hãy chọn ít nhất một đơn vị nhận văn bản." in empty


def test_school_b_cannot_preview_or_draft_for_school_a(world, login):
    client = login(world.principal_b)
    assert client.post(PREVIEW, {"unit": world.school_a.pk, **target_rows({"unit": world.school_a.pk})}).status_code == 404
    assert client.get(CREATE, {"unit": world.school_a.pk}).status_code == 404
    assert login(world.teacher_a).get(CREATE).status_code == 403


def test_it_edits_a_draft_and_refuses_a_stale_version(world, login):
    directive = draft(world)
    client = login(world.dept_officer)
    url = reverse("directives:edit", args=[directive.pk])
    page = client.get(url)
    assert page.status_code == 200 and "125/SGDĐT-VP" in page.content.decode()
    data = directive_data(world, title="Tiêu đề mới", version=directive.version)
    assert client.post(url, data).status_code == 302
    directive.refresh_from_db()
    assert directive.title == "Tiêu đề mới" and directive.version == 2
    stale = client.post(url, directive_data(world, title="Sửa từ bản cũ", version=1))
    assert stale.status_code == 400 and "đã được người khác sửa" in stale.content.decode()
    directive.refresh_from_db()
    assert directive.title == "Tiêu đề mới"


def test_school_b_cannot_open_a_department_draft(world, login):
    directive = draft(world)
    assert login(world.principal_b).get(reverse("directives:edit", args=[directive.pk])).status_code == 404


def test_it_attaches_and_removes_files_and_refuses_other_types(world, login):
    directive = draft(world)
    client = login(world.dept_officer)
    add = reverse("directives:attachment_add", args=[directive.pk])
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client.post(add, {"file": pdf})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "ke-hoach.pdf"
    bad = client.post(add, {"file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/pdf")}, follow=True)
    assert Attachment.objects.count() == 1 and "alert-danger" in bad.content.decode()
    client.post(reverse("directives:attachment_remove", args=[directive.pk, attachment.pk]))
    assert not Attachment.objects.exists()


def test_the_head_issues_and_sees_the_progress(world, login, django_capture_on_commit_callbacks):
    directive = draft(world)
    client = login(world.director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directives:issue", args=[directive.pk]))
    progress = reverse("directives:progress", args=[directive.pk])
    assert response.status_code == 302 and response["Location"] == progress
    assert Receipt.objects.filter(directive=directive).count() == 7
    page = client.get(progress).content.decode()
    assert "Đã gửi tới 7/7 người (100%)" in page and "every 2s" not in page
    bar = client.get(progress, headers={"HX-Request": "true"}).content.decode()
    assert 'id="issue-progress"' in bar and "<html" not in bar


def test_the_progress_bar_polls_while_the_job_runs(world, login):
    directive = draft(world)
    services.issue_directive(actor=world.director, directive=directive)  # on_commit never runs: job pending
    job = IssueJob.objects.get(directive=directive)
    assert job.state == IssueJob.State.PENDING
    html = login(world.director).get(reverse("directives:progress", args=[directive.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in html


def test_a_teacher_cannot_issue(world, login):
    directive = draft(world)
    response = login(world.teacher_a).post(reverse("directives:issue", args=[directive.pk]))
    assert response.status_code == 404  # a draft is seen only by those who draft at its unit
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.DRAFT


def test_school_b_cannot_issue_school_a_drafts(world, login):
    directive = draft(world, actor=world.principal_a, unit=world.school_a,
                      targets=[TargetSpec(unit=world.school_a)])
    assert login(world.principal_b).post(reverse("directives:issue", args=[directive.pk])).status_code == 404


def test_it_withdraws_with_a_reason(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    client = login(world.director)
    url = reverse("directives:withdraw", args=[directive.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "Hãy ghi lý do thu hồi văn bản." in empty.content.decode()
    assert client.post(url, {"reason": "Ban hành nhầm."}).status_code == 302
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.WITHDRAWN and directive.withdraw_reason == "Ban hành nhầm."
    assert login(world.principal_b).post(url, {"reason": "x"}).status_code == 403  # a recipient, not an issuer


def test_it_starts_a_correction(world, login, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks)
    response = login(world.director).post(reverse("directives:correct", args=[directive.pk]))
    correction = Directive.objects.get(corrects=directive)
    assert response["Location"] == reverse("directives:edit", args=[correction.pk])
    assert correction.status == DirectiveStatus.DRAFT


def test_the_list_shows_the_units_directives_in_a_fixed_number_of_queries(world, login,
                                                                           django_capture_on_commit_callbacks,
                                                                           django_assert_num_queries):
    issued(world, django_capture_on_commit_callbacks, title="Kế hoạch đã ban hành")
    draft(world, title="Dự thảo hướng dẫn")
    client = login(world.dept_officer)
    html = client.get(MANAGE).content.decode()
    assert "Kế hoạch đã ban hành" in html and "Dự thảo hướng dẫn" in html and "7 người" in html
    assert "Dự thảo hướng dẫn" not in client.get(MANAGE, {"status": "issued"}).content.decode()
    assert "Kế hoạch đã ban hành" not in client.get(MANAGE, {"q": "du thao"}).content.decode()
    # session, user, two-factor check, grants and units (menu), badge; directives: count, page (units, jobs)
    with django_assert_num_queries(8) as captured:
        client.get(MANAGE)
    for n in range(4):
        draft(world, title=f"Dự thảo {n}")
    with django_assert_num_queries(len(captured.captured_queries)):
        client.get(MANAGE)


def test_school_b_does_not_see_school_a_directives_in_its_list(world, login):
    draft(world, actor=world.principal_a, unit=world.school_a, targets=[TargetSpec(unit=world.school_a)],
          title="Kế hoạch riêng của trường An Phú")
    assert "Kế hoạch riêng của trường An Phú" in login(world.principal_a).get(MANAGE).content.decode()
    assert "Kế hoạch riêng của trường An Phú" not in login(world.principal_b).get(MANAGE).content.decode()
    assert login(world.teacher_a).get(MANAGE).status_code == 403


def test_the_menu_shows_the_issuers_entry_only_to_issuers(world, login):
    officer = login(world.dept_officer).get(reverse("directives:inbox")).content.decode()
    assert "Ban hành, theo dõi" in officer and "Văn bản chỉ đạo" in officer
    teacher = login(world.teacher_a).get(reverse("directives:inbox")).content.decode()
    assert "Ban hành, theo dõi" not in teacher


def test_heads_only_targets_reach_two_principals(world, django_capture_on_commit_callbacks):
    directive = issued(world, django_capture_on_commit_callbacks,
                       targets=[TargetSpec(unit=world.department, roles=(Role.HEAD,), unit_kinds=("school",))])
    assert Receipt.objects.filter(directive=directive).count() == 2


def test_a_draft_without_a_deadline_keeps_the_prefilled_time_harmless(world, login):
    data = directive_data(world, deadline_date="", remind_days_before="", escalate_days_after="")
    assert login(world.dept_officer).post(CREATE, data).status_code == 302
    assert Directive.objects.get().ack_deadline is None


def test_reminders_need_a_deadline(world, login):
    data = directive_data(world, deadline_date="")
    response = login(world.dept_officer).post(CREATE, data)
    assert response.status_code == 400 and "Nhắc hạn và báo thủ trưởng cần có hạn xác nhận." in response.content.decode()


def test_it_tags_a_draft_with_the_departments_themes(world, login):
    from educomms.newsroom.seeds import seed_themes

    seed_themes(world.department)
    client = login(world.dept_officer)
    page = client.get(CREATE)
    themes = list(page.context["form"].fields["themes"].queryset)
    assert themes and themes[0].name in page.content.decode()
    assert client.post(CREATE, directive_data(world, themes=[themes[0].pk])).status_code == 302
    assert list(Directive.objects.get().themes.all()) == [themes[0]]
