"""Pre-publication checks: shown before approval, enforced when approving and publishing.

A blocking finding refuses approval and publishing; a warning (a term that needs a second look) must be
acknowledged by the approver.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from educomms.core.text import fold

from . import html
from .models import ReviewTerm, Story, StoryAsset

TITLE_MAX = 150
SUMMARY_MAX = 500


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    blocking: bool


def _ancestor_paths(path: str) -> list[str]:
    ids = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(ids[: i + 1]) + "/" for i in range(len(ids))]


def review_terms_for(story: Story) -> list[ReviewTerm]:
    """The terms configured at the story's unit or any unit above it (the department's list)."""
    return list(ReviewTerm.objects.filter(unit__path__in=_ancestor_paths(story.unit.path)))


def run_checks(story: Story) -> list[Finding]:
    findings: list[Finding] = []
    images = [a for a in story.assets.all() if a.kind == StoryAsset.Kind.IMAGE]

    missing_alt = [a for a in images if not a.alt_text.strip()]
    inline_missing_alt = [img for img in html.images(story.body) if not img.get("alt", "").strip()]
    if missing_alt or inline_missing_alt:
        names = ", ".join(a.original_name or a.file.name or "" for a in missing_alt)
        findings.append(Finding("image_alt", _("%(n)s ảnh chưa có mô tả cho người khiếm thị%(names)s.") % {
            "n": len(missing_alt) + len(inline_missing_alt), "names": f" ({names})" if names else ""}, True))

    consents = list(story.consents.all())
    for asset in images:
        if asset.shows_students and not any(c.asset_id == asset.pk and c.is_valid for c in consents):
            findings.append(Finding("consent_image", _(
                "Ảnh “%(name)s” có học sinh nhưng chưa có văn bản đồng ý hợp lệ (học sinh từ 7 tuổi cần cả "
                "học sinh và cha mẹ đồng ý).") % {"name": asset.original_name or asset.file.name or ""}, True))
    if story.names_students and not any(c.is_valid for c in consents):
        findings.append(Finding("consent_named", _(
            "Bài nêu tên học sinh nhưng chưa có văn bản đồng ý hợp lệ (học sinh từ 7 tuổi cần cả học sinh và "
            "cha mẹ đồng ý)."), True))

    if len(story.title) > TITLE_MAX:
        findings.append(Finding("title_length", _("Tiêu đề dài %(n)s ký tự; tối đa %(max)s.") % {
            "n": len(story.title), "max": TITLE_MAX}, True))
    if len(story.summary) > SUMMARY_MAX:
        findings.append(Finding("summary_length", _("Sa-pô dài %(n)s ký tự; tối đa %(max)s.") % {
            "n": len(story.summary), "max": SUMMARY_MAX}, True))
    if story.format == Story.Format.ARTICLE and not html.text(story.body):
        findings.append(Finding("body_empty", _("Bài viết chưa có nội dung."), True))

    folded = html.search_text(title=story.title, summary=story.summary, body=story.body)
    for term in review_terms_for(story):
        folded_term = term.term_folded or fold(term.term)
        if folded_term and re.search(rf"(?<!\w){re.escape(folded_term)}(?!\w)", folded):
            note = f" {term.note}" if term.note else ""
            findings.append(Finding("review_term", _("Bài có cụm từ cần xem lại: “%(term)s”.%(note)s") % {
                "term": term.term, "note": note}, False))
    return findings


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocking]
