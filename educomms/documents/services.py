"""Every write of public documents: publish, update, withdraw. Keyword-only, atomic, audited; the portal's
page cache is renewed on commit (portal.cache.bump)."""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from educomms.audit.services import record, snapshot
from educomms.core.files import DOCUMENTS, validate_upload
from educomms.core.text import fold, normalize
from educomms.newsroom.models import Theme
from educomms.org.models import Unit
from educomms.portal.cache import bump

from . import permissions
from .models import DocumentState, DocumentType, PublicDocument

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
_AUDITED = ["doc_type", "number_symbol", "issued_on", "effective_on", "title", "summary", "signer_name",
            "file_name", "state", "withdrawn_reason", "version"]
_NUMBER_PREFIX = re.compile(r"^\s*s[ốo]\s*:?\s*", re.IGNORECASE)


def search_text(*, number_symbol: str, title: str, summary: str) -> str:
    """The accent-folded text searched for a document ("125/SGDĐT-VP Kế hoạch …" → "125/sgddt-vp ke hoach …")."""
    return fold(" ".join(part for part in (number_symbol, title, summary) if part))


def _clean(*, doc_type: str, number_symbol: str, issued_on: dt.date | None, effective_on: dt.date | None,
           title: str, summary: str, signer_name: str) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if doc_type not in DocumentType.values:
        errors["doc_type"] = _("Loại văn bản không hợp lệ.")
    number_symbol = _NUMBER_PREFIX.sub("", normalize(number_symbol))  # "Số: 125/SGDĐT-VP" → "125/SGDĐT-VP"
    if len(number_symbol) > 60:
        errors["number_symbol"] = _("Số, ký hiệu quá dài (tối đa 60 ký tự).")
    title = normalize(title)
    if not title:
        errors["title"] = _("Trích yếu không được để trống.")
    elif len(title) > 500:
        errors["title"] = _("Trích yếu quá dài (tối đa 500 ký tự).")
    if issued_on is None:
        errors["issued_on"] = _("Hãy nhập ngày ban hành.")
    elif issued_on > timezone.localdate():
        errors["issued_on"] = _("Ngày ban hành không được ở tương lai.")
    if issued_on and effective_on and effective_on < issued_on:
        errors["effective_on"] = _("Ngày có hiệu lực không được trước ngày ban hành.")
    signer_name = normalize(signer_name)
    if len(signer_name) > 120:
        errors["signer_name"] = _("Tên người ký quá dài (tối đa 120 ký tự).")
    if errors:
        raise ValidationError(errors)
    return {"doc_type": doc_type, "number_symbol": number_symbol, "issued_on": issued_on,
            "effective_on": effective_on, "title": title, "summary": normalize(summary), "signer_name": signer_name}


def _store(upload: UploadedFile) -> dict[str, Any]:
    """Validate (PDF, DOCX, XLSX; size-limited; type from the bytes) and store the file."""
    try:
        checked = validate_upload(upload, allowed=DOCUMENTS, max_bytes=DOCUMENT_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    upload.seek(0)
    name = default_storage.save(timezone.now().strftime("documents/%Y/%m/") + checked.safe_name, upload)
    return {"file": name, "file_name": (upload.name or checked.safe_name)[-255:], "mime": checked.mime,
            "size": checked.size}


def _themes(unit: Unit, themes: Iterable[Theme] | None) -> list[Theme] | None:
    """Themes come from the document's unit or a unit above it (the department's list)."""
    if themes is None:
        return None
    chosen = list(themes)
    if any(not unit.path.startswith(theme.unit.path) for theme in chosen):
        raise ValidationError({"themes": _("Chủ đề không thuộc danh mục của đơn vị.")})
    return chosen


def _require_publisher(actor: Any, unit: Unit) -> None:
    if not permissions.may_publish_at(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền công khai văn bản của đơn vị này."))


@transaction.atomic
def publish_document(*, actor: Any, unit: Unit, title: str, issued_on: dt.date | None,
                     doc_type: str = DocumentType.OFFICIAL_LETTER, number_symbol: str = "",
                     effective_on: dt.date | None = None, summary: str = "", signer_name: str = "",
                     upload: UploadedFile | None = None, themes: Iterable[Theme] | None = None,
                     source: tuple[str, str] | None = None) -> PublicDocument:
    """Publish a document of `unit` on the portal, now.

    From the workspace (`source` None) the actor must hold PUBLISH_DOCUMENT at `unit` itself, and a file
    is required. Another module publishing its own record passes `source=(app label, record id)`: it has
    authorised the act in its own workflow (e.g. a directive issued by the head), so no capability is
    checked; publishing the same source again updates that one document (and publishes it again if it
    had been withdrawn) — idempotent.
    """
    if source is None:
        _require_publisher(actor, unit)
    fields = _clean(doc_type=doc_type, number_symbol=number_symbol, issued_on=issued_on, effective_on=effective_on,
                    title=title, summary=summary, signer_name=signer_name)
    chosen = _themes(unit, themes)
    existing = None
    if source is not None:
        app, ident = str(source[0]).strip()[:40], str(source[1]).strip()[:64]
        if not app or not ident:
            raise ValueError("source needs an app label and an id")
        existing = PublicDocument.objects.select_for_update().filter(source_app=app, source_id=ident).first()
        fields.update(source_app=app, source_id=ident)
    if upload is not None:
        fields.update(_store(upload))
    elif existing is None:
        raise ValidationError({"file": _("Hãy chọn tệp văn bản (PDF, DOCX hoặc XLSX).")})
    now = timezone.now()
    if existing is not None:
        before = snapshot(existing, _AUDITED)
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.unit = unit
        existing.state, existing.withdrawn_at, existing.withdrawn_reason = DocumentState.PUBLISHED, None, ""
        existing.version += 1
        existing.search_text = search_text(**{k: fields[k] for k in ("number_symbol", "title", "summary")})
        existing.save()
        document = existing
        record(actor=actor, verb="documents.document.republish", obj=document, unit=unit, before=before,
               after=snapshot(document, _AUDITED))
    else:
        document = PublicDocument(unit=unit, published_at=now, published_by=actor if getattr(actor, "pk", None) else None,
                                  search_text=search_text(**{k: fields[k] for k in ("number_symbol", "title", "summary")}),
                                  **fields)
        try:
            with transaction.atomic():
                document.save()
        except IntegrityError as exc:  # the same source published concurrently: the other one won
            raise ValidationError(_("Văn bản này vừa được công khai. Hãy tải lại trang.")) from exc
        record(actor=actor, verb="documents.document.publish", obj=document, unit=unit,
               after=snapshot(document, _AUDITED))
    if chosen is not None:
        document.themes.set(chosen)
    transaction.on_commit(bump)
    return document


_UNSET: Any = object()


@transaction.atomic
def update_document(*, actor: Any, document: PublicDocument, version: int, title: str | None = None,
                    doc_type: str | None = None, number_symbol: str | None = None, issued_on: dt.date | None = _UNSET,
                    effective_on: dt.date | None = _UNSET, summary: str | None = None,
                    signer_name: str | None = None, upload: UploadedFile | None = None,
                    themes: Iterable[Theme] | None = None) -> PublicDocument:
    """Correct a document (any field, or a new file). `version` is the one the editor started from: if
    someone saved in between, nothing changes and a ValidationError says so."""
    locked = PublicDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
    _require_publisher(actor, locked.unit)
    if int(version) != locked.version:
        raise ValidationError({"version": _(
            "Văn bản đã được người khác sửa trong lúc bạn soạn. Hãy tải lại trang để xem bản mới rồi sửa lại.")})
    before = snapshot(locked, _AUDITED)
    fields = _clean(
        doc_type=locked.doc_type if doc_type is None else doc_type,
        number_symbol=locked.number_symbol if number_symbol is None else number_symbol,
        issued_on=locked.issued_on if issued_on is _UNSET else issued_on,
        effective_on=locked.effective_on if effective_on is _UNSET else effective_on,
        title=locked.title if title is None else title, summary=locked.summary if summary is None else summary,
        signer_name=locked.signer_name if signer_name is None else signer_name,
    )
    chosen = _themes(locked.unit, themes)
    if upload is not None:
        fields.update(_store(upload))
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.search_text = search_text(number_symbol=locked.number_symbol, title=locked.title, summary=locked.summary)
    locked.version += 1
    locked.save(update_fields=[*fields, "search_text", "version", "updated_at"])
    if chosen is not None:
        locked.themes.set(chosen)
    record(actor=actor, verb="documents.document.update", obj=locked, unit=locked.unit, before=before,
           after=snapshot(locked, _AUDITED))
    transaction.on_commit(bump)
    return locked


@transaction.atomic
def withdraw_document(*, actor: Any, document: PublicDocument, reason: str) -> PublicDocument:
    """Take a document off the public list (thu hồi). Its page stays, marked "Đã thu hồi" with the reason,
    so that links from elsewhere do not break; the reason is required."""
    locked = PublicDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
    _require_publisher(actor, locked.unit)
    return _withdraw(actor, locked, reason)


@transaction.atomic
def withdraw_source_document(*, actor: Any, source: tuple[str, str], reason: str) -> PublicDocument | None:
    """Withdraw the document another module published with `source` (see publish_document): authorised by
    that module's own workflow, like the publishing was. None when there is no published one."""
    locked = (PublicDocument.objects.select_for_update().select_related("unit")
              .filter(source_app=str(source[0]), source_id=str(source[1]), state=DocumentState.PUBLISHED).first())
    return None if locked is None else _withdraw(actor, locked, reason)


def _withdraw(actor: Any, locked: PublicDocument, reason: str) -> PublicDocument:
    """Call inside a transaction holding the document's row lock."""
    reason = normalize(reason)
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do thu hồi.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Lý do thu hồi quá dài (tối đa 1000 ký tự).")})
    if locked.state == DocumentState.WITHDRAWN:
        raise ValidationError(_("Văn bản đã được thu hồi trước đó."))
    before = snapshot(locked, _AUDITED)
    locked.state, locked.withdrawn_at, locked.withdrawn_reason = DocumentState.WITHDRAWN, timezone.now(), reason
    locked.version += 1
    locked.save(update_fields=["state", "withdrawn_at", "withdrawn_reason", "version", "updated_at"])
    record(actor=actor, verb="documents.document.withdraw", obj=locked, unit=locked.unit, before=before,
           after=snapshot(locked, _AUDITED))
    transaction.on_commit(bump)
    return locked
