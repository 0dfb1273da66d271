"""Helpers for the Excel tests: workbooks built in the test with openpyxl, uploads through the front door."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from educomms.org.excel.columns import PEOPLE_COLUMNS, UNIT_COLUMNS

# Browser tests drive the live server from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

UNIT_HEADERS = [c.header for c in UNIT_COLUMNS]
PEOPLE_HEADERS = [c.header for c in PEOPLE_COLUMNS]


def xlsx(rows: list[list], headers: list[str] | None = None, *, title: str = "Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    if headers is not None:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def units_file(rows: list[list]) -> bytes:
    return xlsx(rows, UNIT_HEADERS)


def people_file(rows: list[list]) -> bytes:
    return xlsx(rows, PEOPLE_HEADERS)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def read(content: bytes):
    return load_workbook(io.BytesIO(content))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def post_file(django_capture_on_commit_callbacks):
    """post_file(client, unit, "don-vi"|"nhan-su", content) → the response after following the redirect.

    Tasks are enqueued on commit; the test runs inside a transaction, so commit callbacks are run
    explicitly (the immediate task backend then runs the import at once)."""

    def _post(client, unit, kind, content, name="tep.xlsx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/mang-luoi/excel/don-vi/{unit.pk}/nhap/{kind}/", {"file": upload(name, content)})
        if response.status_code == 302:
            return client.get(response["Location"])
        return response

    return _post
