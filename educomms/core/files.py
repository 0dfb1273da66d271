"""One validation helper for every upload: real type sniffed from content, size limits, safe names."""

import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from educomms.core.text import fold

# kind → (extension, MIME types accepted as that kind)
KINDS: dict[str, tuple[str, set[str]]] = {
    "pdf": ("pdf", {"application/pdf"}),
    "docx": ("docx", {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}),
    "xlsx": ("xlsx", {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    "pptx": ("pptx", {"application/vnd.openxmlformats-officedocument.presentationml.presentation"}),
    "jpg": ("jpg", {"image/jpeg"}),
    "png": ("png", {"image/png"}),
    "webp": ("webp", {"image/webp"}),
    "gif": ("gif", {"image/gif"}),
    "mp4": ("mp4", {"video/mp4"}),
    "csv": ("csv", {"text/csv"}),
}
DOCUMENTS = ("pdf", "docx", "xlsx")
IMAGES = ("jpg", "png", "webp")
SPREADSHEETS = ("xlsx",)


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    mime: str
    safe_name: str
    size: int


def safe_filename(name: str, ext: str) -> str:
    """An ASCII file name without path parts, keeping the readable stem ("Kế hoạch 01.docx" → "ke-hoach-01.docx")."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKD", fold(stem))
    stem = re.sub(r"[^a-z0-9]+", "-", stem.encode("ascii", "ignore").decode()).strip("-")[:80]
    return f"{stem or 'tep'}-{uuid.uuid4().hex[:8]}.{ext}"


def _looks_like_csv(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text and ("," in text or ";" in text)


def sniff(stream: IO[bytes]) -> str | None:
    """The MIME type read from the first bytes of the stream (position restored)."""
    pos = stream.tell()
    head = stream.read(8192)
    stream.seek(pos)
    guess = filetype.guess(head)
    if guess is not None:
        return guess.mime
    if head.startswith(b"PK"):
        # Office files whose [Content_Types].xml is not in the first 8 KiB: look at the whole archive.
        import zipfile

        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            stream.seek(pos)
        if "word/document.xml" in names:
            return KINDS["docx"][1].copy().pop()
        if "xl/workbook.xml" in names:
            return KINDS["xlsx"][1].copy().pop()
        if "ppt/presentation.xml" in names:
            return KINDS["pptx"][1].copy().pop()
        return "application/zip"
    if _looks_like_csv(head):
        return "text/csv"
    return None


def validate_upload(upload: UploadedFile, *, allowed: tuple[str, ...], max_bytes: int | None = None) -> CheckedUpload:
    """Check an uploaded file; raise ValidationError with a Vietnamese message, or return what it is.

    The declared name and content type are never trusted: the kind comes from the bytes.
    """
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("Tệp tải lên trống."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); giới hạn là %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
            code="too_large",
        )
    if upload.file is None:
        raise ValidationError(_("Tệp tải lên trống."), code="empty")
    upload.seek(0)
    mime = sniff(upload.file)
    upload.seek(0)
    for kind in allowed:
        ext, mimes = KINDS[kind]
        if mime in mimes:
            return CheckedUpload(kind=kind, mime=mime, safe_name=safe_filename(upload.name or "", ext), size=upload.size)
    raise ValidationError(
        _("Loại tệp không được chấp nhận. Chỉ nhận: %(kinds)s.") % {"kinds": ", ".join(k.upper() for k in allowed)},
        code="bad_type",
    )
