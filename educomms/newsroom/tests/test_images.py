"""Uploaded images: oriented, stripped of metadata, stored in web sizes; attachments validated."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from .. import services
from ..models import StoryAsset
from .test_workflow import draft


def png_bytes(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def rotated_jpeg_with_gps(width: int, height: int) -> bytes:
    """A landscape JPEG whose EXIF says "rotate 90°" (orientation 6) and carries a GPS position."""
    image = Image.new("RGB", (width, height), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Camera Maker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_an_image_is_oriented_stripped_and_resized(world):
    story = draft(world)
    upload = SimpleUploadedFile("Ảnh khai giảng.jpg", rotated_jpeg_with_gps(2000, 1000), content_type="image/jpeg")
    asset = services.add_asset(actor=world.teacher_a, story=story, upload=upload, alt_text="Sân trường")
    assert (asset.width, asset.height) == (1000, 2000)  # turned upright
    assert asset.kind == StoryAsset.Kind.IMAGE and asset.mime == "image/jpeg"
    assert asset.original_name == "Ảnh khai giảng.jpg" and asset.file.name.startswith("stories/")
    assert set(asset.variants) == {"480.webp", "480.jpg", "960.webp", "960.jpg"}
    with default_storage.open(asset.variants["480.webp"]) as f, Image.open(f) as small:
        assert small.format == "WEBP" and small.size == (480, 960)
    with default_storage.open(asset.file.name) as f, Image.open(f) as stored:
        assert not stored.getexif()  # no orientation tag, no camera, no GPS


def test_a_small_image_keeps_its_size_and_gets_one_variant(world):
    story = draft(world)
    upload = SimpleUploadedFile("nho.png", png_bytes(300, 200), content_type="image/png")
    asset = services.add_asset(actor=world.teacher_a, story=story, upload=upload)
    assert (asset.width, asset.height) == (300, 200)
    assert set(asset.variants) == {"480.webp", "480.png"}


def test_a_file_pretending_to_be_an_image_is_refused(world):
    story = draft(world)
    upload = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image" * 10, content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.add_asset(actor=world.teacher_a, story=story, upload=upload)
    assert "Loại tệp không được chấp nhận" in str(exc.value)
    assert not StoryAsset.objects.exists()


def test_a_pdf_attachment_is_stored_and_an_image_is_not_an_attachment(world):
    story = draft(world)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    asset = services.add_asset(actor=world.teacher_a, story=story, kind=StoryAsset.Kind.ATTACHMENT,
                               upload=SimpleUploadedFile("Kế hoạch.pdf", pdf, content_type="application/pdf"))
    assert asset.mime == "application/pdf" and asset.file.name.endswith(".pdf")
    with pytest.raises(ValidationError):
        services.add_asset(actor=world.teacher_a, story=story, kind=StoryAsset.Kind.ATTACHMENT,
                           upload=SimpleUploadedFile("a.png", png_bytes(10, 10), content_type="image/png"))


def test_removing_an_asset_deletes_its_files(world, django_capture_on_commit_callbacks):
    story = draft(world)
    asset = services.add_asset(actor=world.teacher_a, story=story,
                               upload=SimpleUploadedFile("a.png", png_bytes(600, 400), content_type="image/png"))
    names = [asset.file.name, *asset.variants.values()]
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_asset(actor=world.teacher_a, asset=asset)
    assert not StoryAsset.objects.exists()
    assert not any(default_storage.exists(n) for n in names)


def test_school_b_cannot_add_images_to_school_a_stories(world):
    from django.core.exceptions import PermissionDenied

    story = draft(world)
    with pytest.raises(PermissionDenied):
        services.add_asset(actor=world.principal_b, story=story,
                           upload=SimpleUploadedFile("a.png", png_bytes(10, 10), content_type="image/png"))


def test_an_image_with_too_many_pixels_is_refused_before_decoding(world, monkeypatch):
    from .. import images

    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    story = draft(world)
    upload = SimpleUploadedFile("lon.png", png_bytes(200, 200), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        services.add_asset(actor=world.teacher_a, story=story, upload=upload)
    assert "quá nhiều điểm ảnh" in str(exc.value)
    assert not StoryAsset.objects.exists()
