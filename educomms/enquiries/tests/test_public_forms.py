"""The public forms: asking a question and sending feedback, with the honeypot, the rate limit and the
contact rules."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from educomms.audit.models import Event
from educomms.enquiries.models import Feedback, Question
from educomms.notifications.models import Notification

from .factories import QUESTION

pytestmark = pytest.mark.django_db
ASK = reverse("enquiries_public:ask")
FEEDBACK = reverse("enquiries_public:feedback")


def question_data(world, **overrides):
    return {"name": "Trần Văn Bình", "email": "phuhuynh@example.com", "phone": "", "unit": world.school_a.pk,
            "topic": "fees", "text": QUESTION, "website": "", **overrides}


def feedback_data(world, **overrides):
    return {"name": "Lê Thị Thu", "email": "", "phone": "0987 654 321", "unit": world.school_a.pk,
            "category": "safety", "text": "Cổng trường sau giờ tan học rất đông xe, đề nghị bố trí người hướng dẫn.",
            "website": "", **overrides}


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return SimpleUploadedFile("anh cong truong.png", out.getvalue(), content_type="image/png")


def test_it_offers_the_department_and_its_schools_grouped_by_level(client, world):
    response = client.get(ASK)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{world.department.pk}">Sở Giáo dục và Đào tạo tỉnh Bình Sơn</option>' in html
    assert '<optgroup label="Trung học cơ sở">' in html
    assert "Trường THCS An Phú" in html and "Trường THCS Bình Minh" in html
    select = html[html.index('<select name="unit"'):]
    select = select[:select.index("</select>")]
    assert "Bộ Giáo dục và Đào tạo" not in select and "Xã An Phú" not in select  # only the department and schools
    assert 'class="enq-field-extra"' in html and "style=" not in html


def test_it_stores_a_question_gives_a_reference_and_tells_the_school_officer(client, world):
    response = client.post(ASK, question_data(world), REMOTE_ADDR="203.0.113.7")
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('enquiries_public:ask_done')}?ma={question.reference}"
    assert question.unit == world.school_a and question.state == "received" and question.topic == "fees"
    assert question.ip_hash and "203.0.113.7" not in question.ip_hash
    thanks = client.get(response["Location"]).content.decode()
    assert question.reference in thanks and question.reference.startswith("HD-20")
    told = Notification.objects.filter(kind="enquiries.question_received")
    assert [n.recipient for n in told] == [world.officer_a]
    event = Event.objects.get(verb="enquiries.question.received")
    assert event.unit == world.school_a and event.ip is None and event.actor is None


def test_it_tells_the_head_when_the_unit_has_no_communications_officer(client, world):
    client.post(ASK, question_data(world, unit=world.school_b.pk))
    assert [n.recipient for n in Notification.objects.filter(kind="enquiries.question_received")] == [
        world.principal_b]


def test_a_filled_honeypot_stores_nothing_but_looks_like_success(client, world):
    response = client.post(ASK, question_data(world, website="http://spam.example"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Question.objects.exists() and not Notification.objects.exists()
    response = client.post(FEEDBACK, feedback_data(world, website="x"))
    assert response.status_code == 302 and not Feedback.objects.exists()


def test_the_sixth_submission_in_an_hour_from_one_address_is_refused(client, world):
    for i in range(3):
        assert client.post(ASK, question_data(world, text=f"{QUESTION} ({i})"), REMOTE_ADDR="198.51.100.9").status_code == 302
    for _ in range(2):
        assert client.post(FEEDBACK, feedback_data(world), REMOTE_ADDR="198.51.100.9").status_code == 302
    response = client.post(ASK, question_data(world), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert "trong một giờ qua" in response.content.decode() and "gửi lại sau một giờ" in response.content.decode()
    assert Question.objects.count() == 3 and Feedback.objects.count() == 2
    # Another address is not affected.
    assert client.post(ASK, question_data(world), REMOTE_ADDR="198.51.100.10").status_code == 302


def test_a_question_without_any_contact_is_refused_and_nothing_is_stored(client, world):
    response = client.post(ASK, question_data(world, email="", phone=""))
    assert response.status_code == 400
    assert "Hãy cho biết thư điện tử hoặc số điện thoại" in response.content.decode()
    assert not Question.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "12345", "Số điện thoại không hợp lệ"),
    ("email", "khong-phai-thu", "Địa chỉ thư điện tử không hợp lệ"),
    ("text", "Hỏi?", "Nội dung quá ngắn"),
    ("name", "", "Hãy cho biết họ và tên"),
])
def test_bad_input_gets_a_vietnamese_message_and_changes_nothing(client, world, field, value, message):
    response = client.post(ASK, question_data(world, **{field: value}))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Question.objects.exists()


def test_it_normalises_the_phone_number(client, world):
    client.post(ASK, question_data(world, email="", phone="+84 912 345 678"))
    assert Question.objects.get().asker_phone == "0912345678"


def test_a_unit_outside_the_portal_or_inactive_cannot_be_chosen(client, world):
    assert client.post(ASK, question_data(world, unit=world.ministry.pk)).status_code == 400
    assert client.post(ASK, question_data(world, unit=world.commune.pk)).status_code == 400
    world.school_b.active = False
    world.school_b.save(update_fields=["active"])
    assert client.post(ASK, question_data(world, unit=world.school_b.pk)).status_code == 400
    assert not Question.objects.exists()


def test_it_stores_feedback_with_an_image_and_tells_the_officer(client, world):
    response = client.post(FEEDBACK, {**feedback_data(world), "attachment": png()})
    item = Feedback.objects.get()
    assert response.status_code == 302 and item.reference in response["Location"]
    assert item.reference.startswith("GY-") and item.phone == "0987654321"
    assert item.attachment.startswith("enquiries/feedback/") and item.attachment_mime == "image/png"
    assert [n.recipient for n in Notification.objects.filter(kind="enquiries.feedback_received")] == [world.officer_a]


def test_feedback_with_a_file_that_is_not_an_image_or_pdf_is_refused(client, world):
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    response = client.post(FEEDBACK, {**feedback_data(world), "attachment": fake})
    assert response.status_code == 400 and "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_forms_need_the_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(ASK, question_data(world)).status_code == 403
    assert not Question.objects.exists()
