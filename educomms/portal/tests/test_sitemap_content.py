"""sitemap.xml also lists the public documents and the answered questions (and nothing unpublished)."""

import datetime as dt
from xml.etree.ElementTree import fromstring as parse  # noqa: S405  (parses only our own responses)

from django.core.files.uploadedfile import SimpleUploadedFile

from educomms.documents import services as documents

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [u.findtext(f"{NS}loc") for u in parse(response.content).findall(f"{NS}url")]  # noqa: S314


def test_the_sitemap_lists_published_documents_and_the_list_pages(client, world):
    shown = documents.publish_document(
        actor=world.dept_officer, unit=world.department, title="Kế hoạch tuyển sinh lớp 10",
        issued_on=dt.date(2026, 11, 2), number_symbol="125/KH-SGDĐT",
        upload=SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf"))
    withdrawn = documents.publish_document(
        actor=world.dept_officer, unit=world.department, title="Công văn đã thu hồi",
        issued_on=dt.date(2026, 11, 3), upload=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"))
    documents.withdraw_document(actor=world.dept_officer, document=withdrawn, reason="Ban hành nhầm")
    found = urls(client)
    assert any(f"/van-ban/{shown.pk}-" in u for u in found)
    assert not any(f"/van-ban/{withdrawn.pk}-" in u for u in found)
    assert "http://testserver/van-ban/" in found and "http://testserver/hoi-dap/" in found
