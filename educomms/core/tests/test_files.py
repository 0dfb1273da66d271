import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from educomms.core.files import validate_upload

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _xlsx() -> bytes:
    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    return buf.getvalue()


def test_it_accepts_a_real_spreadsheet_and_gives_a_safe_name():
    checked = validate_upload(SimpleUploadedFile("../../Danh sách Giáo viên.xlsx", _xlsx()), allowed=("xlsx",))
    assert checked.kind == "xlsx"
    assert checked.safe_name.startswith("danh-sach-giao-vien-") and checked.safe_name.endswith(".xlsx")
    assert "/" not in checked.safe_name


def test_it_sniffs_the_content_not_the_name():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("bao-cao.pdf", PNG, content_type="application/pdf"), allowed=("pdf",))
    assert "Loại tệp không được chấp nhận" in exc.value.messages[0]
    assert validate_upload(SimpleUploadedFile("anh.pdf", PNG), allowed=("png", "jpg")).kind == "png"
    assert validate_upload(SimpleUploadedFile("x.bin", PDF), allowed=("pdf",)).kind == "pdf"


def test_it_enforces_the_size_limit_and_rejects_empty_files():
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("a.pdf", PDF * 100), allowed=("pdf",), max_bytes=1000)
    assert "Tệp quá lớn" in exc.value.messages[0]
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.pdf", b""), allowed=("pdf",))
