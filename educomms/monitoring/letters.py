"""The letter asking a press outlet to publish a correction (công văn đề nghị cải chính thông tin), as a Word
document in the Decree 30/2020 layout (core.officialdoc).

The legal basis: the Press Law 2016, Article 42 (corrections in the press), and Decree 09/2017/NĐ-CP on
spokespersons and providing information to the press. The number is left blank for the clerk
("Số:      /…"), as letters are numbered when the office registers them.
"""

import re

from django.utils import timezone

from educomms.core import periods
from educomms.core.officialdoc import OfficialDocument, build_document
from educomms.org.models import Membership, Unit
from educomms.org.roles import Role

from .models import Case, CaseAction, Verdict

HEAD_TITLES: dict[str, str] = {Unit.Kind.DEPARTMENT: "GIÁM ĐỐC", Unit.Kind.SCHOOL: "HIỆU TRƯỞNG", Unit.Kind.COMMUNE: "CHỦ TỊCH",
               Unit.Kind.MINISTRY: "BỘ TRƯỞNG"}
VERDICT_PHRASES = {
    Verdict.FALSE: "là thông tin sai sự thật",
    Verdict.MISLEADING: "là thông tin sai lệch, gây hiểu lầm",
    Verdict.UNVERIFIED: "chưa được kiểm chứng, chưa có căn cứ",
    Verdict.ACCURATE: "là thông tin chính xác",
}
_PROVINCE = re.compile(r"\b(tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def _issuer(unit: Unit) -> tuple[str, str, str]:
    """(governing body, issuing body, place) as the header block writes them."""
    name = unit.name
    if unit.kind == Unit.Kind.DEPARTMENT:
        found = _PROVINCE.search(name)
        if found:
            issuer = name[: found.start()].strip().upper()
            return f"UBND {found.group(1).upper()} {found.group(2).upper()}", issuer, found.group(2)
        return "", name.upper(), ""
    parent = unit.parent
    governing = ""
    if parent is not None:
        governing = f"UBND {parent.name.upper()}" if parent.kind == Unit.Kind.COMMUNE else parent.name.upper()
    place = parent.name if parent is not None and parent.kind == Unit.Kind.COMMUNE else ""
    return governing, name.upper(), place.removeprefix("Xã ").removeprefix("Phường ")


def _signer(unit: Unit) -> tuple[str, str, str, Membership | None]:
    """(authority, title, name, the spokesperson's membership): the spokesperson signs on behalf of the head."""
    head_title = HEAD_TITLES.get(str(unit.kind), "THỦ TRƯỞNG ĐƠN VỊ")
    members = {m.role: m for m in Membership.objects.active().filter(
        unit=unit, role__in=[Role.HEAD, Role.SPOKESPERSON]).select_related("person").order_by("id")}
    spokesperson = members.get(Role.SPOKESPERSON)
    if spokesperson is not None:
        return f"KT. {head_title}", f"PHÓ {head_title}", spokesperson.person.full_name, spokesperson
    head = members.get(Role.HEAD)
    return "", head_title, head.person.full_name if head else "", None


def correction_letter(*, case: Case, action: CaseAction) -> bytes:
    """The .docx of the request to `action.target` to correct the information of `case`."""
    unit = case.unit
    governing, issuer, place = _issuer(unit)
    authority, title, name, spokesperson = _signer(unit)
    outlet = action.target or "Quý cơ quan"
    mention = case.mentions.exclude(url="").order_by("published_at").first()
    said = f"“{case.claim.strip().rstrip('.')}”"
    if mention is not None:
        when = periods.format_long_date(timezone.localtime(mention.published_at))
        opening = (f"{unit.name} nhận được thông tin: {when}, {outlet} đăng bài “{mention.title}” tại địa chỉ "
                   f"{mention.url}, trong đó có nội dung: {said}.")
    else:
        opening = f"{unit.name} nhận được thông tin do {outlet} đăng tải, trong đó có nội dung: {said}."
    verdict = VERDICT_PHRASES.get(Verdict(case.verdict), "") if case.verdict else ""
    paragraphs = [opening]
    if verdict:
        paragraphs.append(f"Qua kiểm tra, xác minh, nội dung nêu trên {verdict}. " + case.facts.strip())
    if case.evidence.strip():
        paragraphs.append("Các tài liệu, bằng chứng kèm theo: " + case.evidence.strip())
    paragraphs.append(
        "Căn cứ Điều 42 Luật Báo chí năm 2016 và Nghị định số 09/2017/NĐ-CP ngày 09/02/2017 của Chính phủ quy định "
        "chi tiết việc phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành chính nhà nước, "
        f"{unit.name} đề nghị {outlet} đăng cải chính thông tin nêu trên theo quy định của pháp luật"
        + (f": {action.description.strip().rstrip('.')}" if action.description.strip() else "") + ".")
    if spokesperson is not None:
        contact = ", ".join(x for x in [spokesperson.person.phone and f"điện thoại {spokesperson.person.phone}",
                                        spokesperson.person.email and f"thư điện tử {spokesperson.person.email}"] if x)
        paragraphs.append(f"Thông tin liên hệ: {spokesperson.person.full_name}, người phát ngôn"
                          + (f", {contact}" if contact else "") + ".")
    paragraphs.append(f"Trân trọng đề nghị {outlet} quan tâm, phối hợp./.")
    doc = OfficialDocument(
        issuer_parent=governing, issuer=issuer, number=f"Số:      /{unit.code or 'CV'}", place=place or "",
        date=timezone.localdate(), subject="V/v đề nghị cải chính thông tin", addressees=[outlet],
        paragraphs=list(paragraphs), recipients=["Như trên", f"Lãnh đạo {unit.short_name or unit.name} (để b/c)",
                                                 "Lưu: VT"],
        signer_authority=authority, signer_title=title, signer_name=name)
    return build_document(doc)
