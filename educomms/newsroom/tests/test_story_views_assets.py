"""The editor's images, attachments, cover, key date and consents through the test client."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from educomms.newsroom import calendar_services, services
from educomms.newsroom.models import Consent, StoryAsset

from .test_story_views import story_url
from .test_workflow import draft, fresh, in_review


def jpeg(name="anh.jpg", size=(1200, 800)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


def upload(client, story, file, **fields):
    return client.post(story_url(story, "newsroom:story_asset_upload"), {"file": file, **fields})


def test_it_uploads_an_image_in_web_sizes_and_shows_it_in_the_editor(world, login):
    story = draft(world)
    client = login(world.teacher_a)
    response = upload(client, story, jpeg(), alt_text="Học sinh chào cờ", caption="Lễ chào cờ")
    assert response.status_code == 302 and response.url == story_url(story, "newsroom:story_edit")
    asset = StoryAsset.objects.get()
    assert asset.kind == StoryAsset.Kind.IMAGE and asset.alt_text == "Học sinh chào cờ"
    assert {"480.webp", "960.webp"} <= set(asset.variants)
    html = client.get(story_url(story, "newsroom:story_edit")).content.decode()
    assert f'data-src="/media/{asset.variants["960.webp"]}"' in html and 'data-alt="Học sinh chào cờ"' in html


def test_it_answers_htmx_uploads_with_the_assets_panel_and_the_cover_picker(world, login):
    story = draft(world)
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_asset_upload"), {"file": jpeg()},
                                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="story-assets"' in html and "<html" not in html
    assert 'id="field-cover" hx-swap-oob="true"' in html
    assert "Chưa có mô tả ảnh" in html and "disabled" in html  # not insertable before it is described


def test_it_uploads_a_pdf_attachment(world, login):
    story = draft(world)
    upload(login(world.teacher_a), story, pdf())
    asset = StoryAsset.objects.get()
    assert asset.kind == StoryAsset.Kind.ATTACHMENT and asset.mime == "application/pdf"


def test_it_refuses_a_file_pretending_to_be_an_image_in_vietnamese(world, login):
    story = draft(world)
    fake = SimpleUploadedFile("anh.jpg", b"MZ not an image at all" * 20, content_type="image/jpeg")
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_asset_upload"), {"file": fake},
                                           HTTP_HX_REQUEST="true")
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not StoryAsset.objects.exists()


def test_it_describes_and_removes_an_image(world, login):
    story = draft(world)
    asset = services.add_asset(actor=world.teacher_a, story=story, upload=jpeg())
    client = login(world.teacher_a)
    client.post(reverse("newsroom:story_asset_update", args=[story.pk, asset.pk]), {f"asset-{asset.pk}-alt_text": "Sân trường", f"asset-{asset.pk}-caption": "Buổi sáng",
                                                                    f"asset-{asset.pk}-shows_students": "on"})
    asset.refresh_from_db()
    assert (asset.alt_text, asset.caption, asset.shows_students) == ("Sân trường", "Buổi sáng", True)
    client.post(reverse("newsroom:story_asset_remove", args=[story.pk, asset.pk]))
    assert not StoryAsset.objects.exists()


def test_it_answers_404_for_an_asset_of_another_story(world, login):
    mine, other = draft(world), draft(world, title="Tin khác")
    asset = services.add_asset(actor=world.teacher_a, story=other, upload=jpeg())
    response = login(world.teacher_a).post(reverse("newsroom:story_asset_remove", args=[mine.pk, asset.pk]))
    assert response.status_code == 404 and StoryAsset.objects.filter(pk=asset.pk).exists()


def test_it_answers_404_when_school_b_principal_touches_a_school_a_asset(world, login):
    story = draft(world)
    asset = services.add_asset(actor=world.teacher_a, story=story, upload=jpeg())
    client = login(world.principal_b)
    assert client.post(reverse("newsroom:story_asset_update", args=[story.pk, asset.pk]), {}).status_code == 404
    assert client.post(reverse("newsroom:story_asset_remove", args=[story.pk, asset.pk])).status_code == 404
    assert StoryAsset.objects.filter(pk=asset.pk).exists()


def test_it_sets_the_cover_and_the_key_date_from_the_editor(world, login):
    story = draft(world)
    asset = services.add_asset(actor=world.teacher_a, story=story, upload=jpeg(), alt_text="Ảnh bìa")
    key_date = calendar_services.create_key_date(actor=world.principal_a, unit=world.school_a,
                                                 title="Ngày hội đọc sách", starts_on=story.created_at.date())
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_edit"), {
        "title": story.title, "body": story.body, "format": "article", "version": story.version,
        "cover": asset.pk, "key_date": key_date.pk})
    assert response.status_code == 302
    assert fresh(story).cover == asset and fresh(story).key_date == key_date


def test_it_refuses_another_storys_image_as_cover(world, login):
    story, other = draft(world), draft(world, title="Tin khác")
    asset = services.add_asset(actor=world.teacher_a, story=other, upload=jpeg(), alt_text="Ảnh")
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_edit"), {
        "title": story.title, "body": story.body, "format": "article", "version": story.version, "cover": asset.pk})
    assert response.status_code == 200 and fresh(story).cover is None and fresh(story).version == 1


@pytest.mark.parametrize(("age", "child", "valid"), [(6, False, True), (8, False, False), (8, True, True)])
def test_it_records_a_consent_valid_from_age_seven_only_with_the_childs_agreement(world, login, age, child, valid):
    story = draft(world, names_students=True)
    data = {"student_name": "Nguyễn Minh An", "student_age": age, "parent_name": "Nguyễn Văn Bình",
            "parent_agreed": "on"}
    if child:
        data["child_agreed"] = "on"
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_consent_add"), data,
                                           HTTP_HX_REQUEST="true")
    html = response.content.decode()
    consent = Consent.objects.get()
    assert consent.is_valid is valid
    assert ("Hợp lệ" if valid else "Chưa đủ") in html and 'id="story-consents"' in html


def test_it_refuses_a_consent_without_the_parents_name(world, login):
    story = draft(world)
    response = login(world.teacher_a).post(story_url(story, "newsroom:story_consent_add"),
                                           {"student_name": "An", "student_age": 9, "parent_name": ""},
                                           HTTP_HX_REQUEST="true")
    assert "Trường này là bắt buộc" in response.content.decode() and not Consent.objects.exists()


def test_the_consent_clears_the_blocking_check_on_the_story_page(world, login):
    story = in_review(world, names_students=True)
    client = login(world.officer_a)
    assert "Bài nêu tên học sinh nhưng chưa có văn bản đồng ý hợp lệ" in client.get(story_url(story)).content.decode()
    client.post(story_url(story, "newsroom:story_consent_add"),
                {"student_name": "Lê Thu", "student_age": 12, "parent_name": "Lê Văn Hải", "parent_agreed": "on",
                 "child_agreed": "on"})
    html = client.get(story_url(story)).content.decode()
    assert "Bài nêu tên học sinh nhưng chưa có văn bản đồng ý hợp lệ" not in html and "Lê Thu" in html
