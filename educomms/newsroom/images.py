"""Uploaded images made fit for the web: oriented, stripped of metadata, resized to a few widths."""

import io
import os
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from educomms.core.files import DOCUMENTS, IMAGES, CheckedUpload, validate_upload

WIDTHS = (480, 960, 1600)
IMAGE_MAX_BYTES = 15 * 1024 * 1024
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding
_FORMATS = {"jpg": ("JPEG", "jpg"), "png": ("PNG", "png"), "webp": ("WEBP", "webp")}


@dataclass
class ProcessedImage:
    name: str  # the stored original (re-encoded without metadata)
    mime: str
    size: int
    width: int
    height: int
    variants: dict[str, str] = field(default_factory=dict)


def _folder() -> str:
    return timezone.now().strftime("stories/%Y/%m/")


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=82, method=4)
    else:
        image.save(out, fmt, optimize=True)
    return out.getvalue()


def process_image(upload: UploadedFile) -> ProcessedImage:
    """Validate and store an image with its web variants. Raises ValidationError (Vietnamese)."""
    checked: CheckedUpload = validate_upload(upload, allowed=IMAGES, max_bytes=IMAGE_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise ValidationError(_("Ảnh quá lớn (quá nhiều điểm ảnh)."), code="too_large")
            image = ImageOps.exif_transpose(opened)
            image.load()
    except Image.DecompressionBombError as exc:
        raise ValidationError(_("Ảnh quá lớn (quá nhiều điểm ảnh)."), code="too_large") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(_("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh."), code="bad_image") from exc
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    fmt, ext = _FORMATS[checked.kind]
    stem = os.path.splitext(checked.safe_name)[0]
    folder = _folder()
    # Re-encoding from pixels drops EXIF (GPS position, camera serial) and any other metadata.
    original = _encode(image, fmt)
    name = default_storage.save(f"{folder}{stem}.{ext}", ContentFile(original))
    variants: dict[str, str] = {}
    for width in WIDTHS:
        if width >= image.width and width != WIDTHS[0]:
            continue
        resized = image if width >= image.width else image.resize(
            (width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
        variants[f"{width}.webp"] = default_storage.save(f"{folder}{stem}-{width}.webp",
                                                         ContentFile(_encode(resized, "WEBP")))
        variants[f"{width}.{ext}"] = default_storage.save(f"{folder}{stem}-{width}.{ext}",
                                                          ContentFile(_encode(resized, fmt)))
    return ProcessedImage(name=name, mime=checked.mime, size=len(original), width=image.width, height=image.height,
                          variants=variants)


def store_attachment(upload: UploadedFile) -> tuple[str, CheckedUpload]:
    """Validate (PDF, DOCX, XLSX; size-limited) and store an attachment as uploaded."""
    checked = validate_upload(upload, allowed=DOCUMENTS, max_bytes=ATTACHMENT_MAX_BYTES)
    upload.seek(0)
    name = default_storage.save(f"{_folder()}{checked.safe_name}", upload)
    return name, checked
