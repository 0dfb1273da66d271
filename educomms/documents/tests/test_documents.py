"""Public documents: publishing in the workspace (School A's officer manages School A's documents; School
B's principal gets 404 on them) and the public pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from educomms.audit.models import Event
from educomms.documents import services
from educomms.documents.models import DocumentState, PublicDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ISSUED = dt.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def upload(name="ke-hoach.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def publish(world, unit=None, actor=None, **fields):
    values = {"title": "Kế hoạch tổ chức lễ khai giảng", "number_symbol": "Số: 15/KH-THCSAP", "issued_on": ISSUED,
              "doc_type": "ke_hoach", "summary": "Chương trình buổi lễ.", **fields}
    return services.publish_document(actor=actor or world.officer_a, unit=unit or world.school_a, upload=upload(),
                                     **values)


def test_it_publishes_a_document_with_its_file_and_folded_search_text(world):
    document = publish(world)
    assert document.number_symbol == "15/KH-THCSAP"
    assert document.state == DocumentState.PUBLISHED and document.file.name.endswith(".pdf")
    assert document.search_text == "15/kh-thcsap ke hoach to chuc le khai giang chuong trinh buoi le."
    assert Event.objects.filter(verb="documents.document.publish", object_id=str(document.pk)).exists()


def test_it_refuses_a_publisher_of_another_unit(world):
    with pytest.raises(PermissionDenied):
        publish(world, actor=world.principal_b)
    with pytest.raises(PermissionDenied):  # held at the unit itself, not inherited from the department
        publish(world, actor=world.dept_officer)
    assert not PublicDocument.objects.exists()


def test_it_refuses_bad_input_in_vietnamese(world):
    with pytest.raises(ValidationError) as error:
        services.publish_document(actor=world.officer_a, unit=world.school_a, title="", issued_on=None,
                                  upload=upload())
    assert "Trích yếu không được để trống." in str(error.value) and "Hãy nhập ngày ban hành." in str(error.value)
    with pytest.raises(ValidationError) as error:
        publish(world, issued_on=dt.date(2099, 1, 1))
    assert "tương lai" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.publish_document(actor=world.officer_a, unit=world.school_a, title="Tệp giả", issued_on=ISSUED,
                                  upload=upload("gia.pdf", b"MZ\x90\x00 not a pdf"))
    assert "Loại tệp không được chấp nhận" in str(error.value)
    assert not PublicDocument.objects.exists()


def test_publishing_the_same_source_twice_keeps_one_document(world):
    first = services.publish_document(actor=world.director, unit=world.department, title="Chỉ thị nhiệm vụ năm học",
                                      issued_on=ISSUED, upload=upload(), source=("directives", "7"))
    services.withdraw_document(actor=world.dept_officer, document=first, reason="Sai số hiệu")
    again = services.publish_document(actor=world.director, unit=world.department, title="Chỉ thị nhiệm vụ năm học (sửa)",
                                      issued_on=ISSUED, source=("directives", "7"))
    assert again.pk == first.pk and again.state == DocumentState.PUBLISHED and again.title.endswith("(sửa)")
    assert PublicDocument.objects.count() == 1


def test_an_edit_from_a_stale_version_changes_nothing(world):
    document = publish(world)
    services.update_document(actor=world.officer_a, document=document, version=1, title="Kế hoạch mới")
    with pytest.raises(ValidationError):
        services.update_document(actor=world.principal_a, document=document, version=1, title="Bản cũ")
    document.refresh_from_db()
    assert document.title == "Kế hoạch mới" and document.version == 2


def test_withdrawing_needs_a_reason(world):
    document = publish(world)
    with pytest.raises(ValidationError):
        services.withdraw_document(actor=world.officer_a, document=document, reason="  ")
    services.withdraw_document(actor=world.officer_a, document=document, reason="Ban hành nhầm")
    document.refresh_from_db()
    assert document.state == DocumentState.WITHDRAWN and document.withdrawn_reason == "Ban hành nhầm"


# --- Workspace pages ---------------------------------------------------------------------------------

def test_it_lists_school_a_documents_for_school_a_officer(world, login, django_assert_max_num_queries):
    publish(world)
    client = login(world.officer_a)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("documents:list")).content.decode()
    assert "15/KH-THCSAP" in html


def test_it_hides_school_a_documents_from_school_b_principal(world, login):
    document = publish(world)
    client = login(world.principal_b)
    assert "15/KH-THCSAP" not in client.get(reverse("documents:list")).content.decode()
    assert client.get(reverse("documents:edit", args=[document.pk])).status_code == 404
    assert client.post(reverse("documents:withdraw", args=[document.pk]), {"reason": "x"}).status_code == 404
    assert PublicDocument.objects.get().state == DocumentState.PUBLISHED


def test_a_teacher_has_no_documents_pages(world, login):
    assert login(world.teacher_a).get(reverse("documents:list")).status_code == 404
    assert login(world.teacher_a).get(reverse("documents:create")).status_code == 404


def test_school_a_officer_publishes_through_the_form(world, login):
    client = login(world.officer_a)
    response = client.post(reverse("documents:create"), {
        "unit": world.school_a.pk, "doc_type": "thong_bao", "number_symbol": "20/TB-THCSAP", "issued_on": "05/09/2026",
        "title": "Thông báo lịch họp cha mẹ học sinh", "file": upload("thong-bao.pdf"),
    })
    assert response.status_code == 302
    document = PublicDocument.objects.get()
    assert document.unit == world.school_a and document.issued_on == dt.date(2026, 9, 5)


def test_the_form_shows_vietnamese_errors_and_changes_nothing(world, login):
    client = login(world.officer_a)
    html = client.post(reverse("documents:create"), {"unit": world.school_a.pk, "doc_type": "cong_van",
                                                     "issued_on": "31/02/2026", "title": ""}).content.decode()
    assert "Trích yếu không được để trống." in html and "Ngày không hợp lệ" in html
    assert not PublicDocument.objects.exists()


def test_school_a_officer_edits_and_withdraws(world, login):
    document = publish(world)
    client = login(world.officer_a)
    response = client.post(reverse("documents:edit", args=[document.pk]), {
        "doc_type": "ke_hoach", "number_symbol": "16/KH-THCSAP", "issued_on": "01/09/2026",
        "title": "Kế hoạch khai giảng (điều chỉnh)", "version": 1})
    assert response.status_code == 302
    assert client.post(reverse("documents:withdraw", args=[document.pk]), {"reason": "Thay thế"}).status_code == 302
    document.refresh_from_db()
    assert document.number_symbol == "16/KH-THCSAP" and document.state == DocumentState.WITHDRAWN


# --- Public pages ------------------------------------------------------------------------------------

def test_the_public_list_shows_published_documents_of_the_subtree(client, world, django_assert_max_num_queries):
    publish(world)
    withdrawn = publish(world, title="Văn bản đã thu hồi", number_symbol="99/TB-THCSAP")
    services.withdraw_document(actor=world.officer_a, document=withdrawn, reason="Nhầm")
    with django_assert_max_num_queries(8):
        html = client.get(reverse("documents_public:list")).content.decode()
    assert "15/KH-THCSAP" in html and "01/09/2026" in html and world.school_a.display_name in html
    assert "99/TB-THCSAP" not in html


def test_the_public_list_filters_by_type_year_unit_and_words(client, world):
    publish(world)
    publish(world, unit=world.department, actor=world.dept_officer, title="Công văn về an toàn trường học",
            number_symbol="30/SGDĐT-VP", doc_type="cong_van")
    url = reverse("documents_public:list")
    assert "30/SGDĐT-VP" not in client.get(url, {"loai": "ke_hoach"}).content.decode()
    assert "15/KH" not in client.get(url, {"don_vi": world.department.pk}).content.decode()
    assert "15/KH" not in client.get(url, {"nam": 2020}).content.decode()
    html = client.get(url, {"q": "an toan truong hoc"}).content.decode()
    assert "30/SGDĐT-VP" in html and "15/KH" not in html


def test_the_detail_page_shows_a_withdrawn_document_with_its_badge(client, world, django_capture_on_commit_callbacks):
    document = publish(world)
    url = reverse("documents_public:detail", args=[document.pk, document.slug])
    assert "Tải văn bản" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the withdrawal renews the portal's page cache
        services.withdraw_document(actor=world.officer_a, document=document, reason="Thay bằng văn bản khác")
    html = client.get(url).content.decode()
    assert "Đã thu hồi" in html and "Thay bằng văn bản khác" in html and "Tải văn bản" not in html
    assert client.get(reverse("documents_public:download", args=[document.pk])).status_code == 404


def test_a_wrong_slug_redirects(client, world):
    document = publish(world)
    response = client.get(reverse("documents_public:detail", args=[document.pk, "sai"]))
    assert response.status_code == 301 and response["Location"].endswith(f"/{document.pk}-{document.slug}/")


def test_the_download_has_a_safe_name_and_the_pdf_type(client, world):
    document = publish(world)
    response = client.get(reverse("documents_public:download", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="15-kh-thcsap-ke-hoach-to-chuc-le-khai-giang.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_a_document_outside_the_portal_is_not_found(client, world):
    from educomms.org import services as org_services
    from educomms.org.models import Membership, Unit
    from educomms.org.roles import Role

    other = org_services.create_unit(actor=world.admin, parent=world.ministry, kind=Unit.Kind.DEPARTMENT,
                                     name="Sở Giáo dục và Đào tạo tỉnh Khác", code="SGDK")
    Membership.objects.create(person=world.admin, unit=other, role=Role.COMMS_OFFICER)
    document = publish(world, unit=other, actor=world.admin)
    assert client.get(reverse("documents_public:detail", args=[document.pk, document.slug])).status_code == 404
    assert client.get(reverse("documents_public:download", args=[document.pk])).status_code == 404


def test_the_demo_documents_load_once(world):
    from educomms.demo import documents as demo

    assert demo.load() == 0  # not the demo province: left alone
    content = demo.pdf(issuer="Sở Giáo dục và Đào tạo", parent="UBND tỉnh Bình Sơn", number="1/KH-SGDĐT",
                       issued_on=ISSUED, type_label="Kế hoạch", title="Kế hoạch thử", summary="Tóm tắt.",
                       signer="Nguyễn Văn A")
    assert content.startswith(b"%PDF")
