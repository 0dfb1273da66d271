"""Risk score of a mention: how urgently should the communications office look at it?

The score is the sum of five capped parts, so it always lies in 0–100 and the reasons add up to it:

    sentiment   negative: round(30 × confidence)                          (0–30; neutral, positive: 0)
    crisis      25 for the first crisis type found, + 5 for each further  (0–30)
    reach       round(4 × log10(1 + reach) × kind weight), at most 20     (0–20; unknown reach: 0)
                kind weight: article 1, post 1, comment 0.5 (a comment's audience is a fraction of its page's)
                e.g. reach 100 → 8, 1,000 → 12, 10,000 → 16, 100,000 → 20
    toxicity    offensive 5, hate 10                                      (0–10)
    topic       priority 1 (low) → 2, 2 (normal) → 5, 3 (high) → 10      (0–10; no topic: 0)

Levels: score ≥ 70 is high, ≥ 40 medium, otherwise low. A viral negative post about a crisis on a
high-priority topic is high (27 + 25 + 19 + 10); a neutral story about the school year opening is low.

Crisis types are found by lexicons matched with word boundaries on the folded text (`core.text.fold`: no
diacritics, đ→d) of title and text together, so unaccented comments match too. Folding merges words that
differ only by their tones ("lộ đề" and "lo để"), so the phrases are chosen long enough to stay specific.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from educomms.core.text import fold

HIGH = 70
MEDIUM = 40
SENTIMENT_MAX = 30
CRISIS_FIRST = 25
CRISIS_EACH_MORE = 5
CRISIS_MAX = 30
REACH_PER_DECADE = 4
REACH_MAX = 20
KIND_REACH_WEIGHT = {"article": 1.0, "post": 1.0, "comment": 0.5}
TOXICITY_POINTS = {"offensive": 5, "hate": 10}
TOPIC_POINTS = {1: 2, 2: 5, 3: 10}
KINDS = tuple(KIND_REACH_WEIGHT)

CRISIS_TYPES = {
    "violence": gettext_lazy("Bạo lực học đường"),
    "exam_leak": gettext_lazy("Lộ đề, gian lận thi cử"),
    "food_poisoning": gettext_lazy("Ngộ độc thực phẩm, bếp ăn bán trú"),
    "overcharging": gettext_lazy("Lạm thu, thu sai quy định"),
    "misconduct": gettext_lazy("Giáo viên vi phạm đạo đức, bạo hành, xâm hại"),
}

_TEACHER = r"(?:giao vien|thay giao|co giao|thay chu nhiem|co chu nhiem|bao mau|hieu truong|hieu pho|nha giao)"
_CHILD = r"(?:hoc sinh|hoc tro|tre|be|chau|nu sinh|nam sinh)"
# Between the harm verb and the child a few words, never "cho" or "ca": "danh" is also "dành" (dành cho học
# sinh), "tat" also "tất" (tất cả học sinh).
_HARM = r"(?:xam hai|dam o|sam so|danh|tat|bao hanh|troi|nhot|quat mang)"
# Folded phrases (regex fragments); each list is matched as one alternation between word boundaries.
CRISIS_LEXICON: dict[str, tuple[str, ...]] = {
    "violence": (
        r"bao luc hoc duong", r"danh ban", r"danh hoi dong", r"hanh hung", r"bat nat", r"an hiep",
        r"dam ban", r"au da", r"danh nhau", r"(?:hoc sinh|nu sinh|nam sinh) bi (?:ban )?danh",
        r"lot do", r"quay clip danh", r"danh bam tim",
    ),
    "exam_leak": (
        # bare "lo de" is also "lo để" (worry to…): only with what leaked or how it is reported
        r"lo de (?:thi|kiem tra|van|ngu van|toan|tieng anh|mon|hoc ky)", r"(?:nghi van|vu|bi|nghi|to|tinh trang) lo de",
        r"lot de", r"de thi bi (?:lo|lot)", r"de kiem tra bi lo", r"gian lan thi(?: cu)?",
        r"gian lan (?:trong )?(?:ky|ki) thi", r"nang diem", r"sua diem", r"mua ban de", r"tuon de",
        r"chup de (?:thi )?(?:tung|dua) len mang",
    ),
    "food_poisoning": (
        r"ngo doc(?: thuc pham)?", r"bep an ban tru (?:mat ve sinh|ban|khong dam bao)",
        r"(?:non oi|non mua|dau bung|tieu chay|nhap vien) sau (?:khi |bua )?an",
        r"thuc an (?:bi )?(?:thiu|oi|co sau|co giun|het han)", r"sua (?:hoc duong )?het han",
    ),
    "overcharging": (
        r"lam thu", r"thu (?:sai|trai|ngoai|vuot) quy dinh", r"quy phu huynh", r"quy ban dai dien",
        r"khoan thu (?:bat hop ly|ngoai quy dinh|vo ly)", r"ep (?:phu huynh )?(?:dong|nop) tien",
        r"thu tien (?:may lanh|dieu hoa|tivi|may chieu)", r"ep (?:mua|hoc them)",
    ),
    "misconduct": (
        rf"{_TEACHER}(?: \w+){{0,5}} {_HARM}(?: (?!cho\b|ca\b)\w+){{0,4}} {_CHILD}",
        rf"bao hanh {_CHILD}", rf"xam hai(?: tinh duc)? {_CHILD}", r"dam o", r"sam so", r"quay roi tinh duc",
        rf"(?:danh|tat) {_CHILD} (?:bang thuoc|vao dau|vao mat)",
    ),
}
_PATTERNS = {code: re.compile(r"\b(?:" + "|".join(phrases) + r")\b") for code, phrases in CRISIS_LEXICON.items()}
_PUNCT = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class Reason:
    label: str
    points: int


@dataclass
class Risk:
    score: int
    level: str
    reasons: list[Reason] = field(default_factory=list)
    crisis_types: list[str] = field(default_factory=list)


def crisis_types(text: str = "", *, words: str | None = None) -> list[str]:
    """Codes of the crisis types whose lexicon matches `text`, in the order of CRISIS_TYPES. `words`: the
    text's folded words already joined by single spaces (`monitoring.search.searchable`), if at hand."""
    # Punctuation becomes a space so that phrases match across "đánh, tát" but not across words.
    folded = words if words is not None else " ".join(_PUNCT.sub(" ", fold(text)).split())
    return [code for code, pattern in _PATTERNS.items() if pattern.search(folded)]


def level_of(score: int) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def reach_points(reach: int | None, kind: str) -> int:
    if not reach or reach <= 0:
        return 0
    points = REACH_PER_DECADE * math.log10(1 + reach) * KIND_REACH_WEIGHT.get(kind, 1.0)
    return min(REACH_MAX, round(points))


def assess_risk(*, title: str, text: str, sentiment: str, sentiment_confidence: float, toxicity: str | None,
                reach: int | None, topic_priority: int, kind: str, words: str | None = None) -> Risk:
    """The risk of one mention (see the module docstring for the formula). `kind`: article, post or comment;
    `words`: the folded words of title and text (`searchable(title, text)`), when the caller has them."""
    if kind not in KIND_REACH_WEIGHT:
        raise ValueError(f"unknown mention kind {kind!r}")
    reasons: list[Reason] = []
    if sentiment == "negative":
        confidence = min(max(sentiment_confidence, 0.0), 1.0)
        reasons.append(Reason(_("Sắc thái tiêu cực (độ tin cậy %(percent)d%%)") % {"percent": round(confidence * 100)},
                              round(SENTIMENT_MAX * confidence)))
    found = crisis_types(f"{title}\n{text}", words=words)
    if found:
        points = min(CRISIS_MAX, CRISIS_FIRST + CRISIS_EACH_MORE * (len(found) - 1))
        names = ", ".join(str(CRISIS_TYPES[code]) for code in found)
        reasons.append(Reason(_("Dấu hiệu khủng hoảng: %(types)s") % {"types": names}, points))
    points = reach_points(reach, kind)
    if points:
        reasons.append(Reason(_("Độ lan tỏa: %(reach)s lượt tiếp cận") % {"reach": f"{reach:,}".replace(",", ".")},
                              points))
    if toxicity in TOXICITY_POINTS:
        label = _("Ngôn từ thù ghét") if toxicity == "hate" else _("Ngôn từ xúc phạm")
        reasons.append(Reason(label, TOXICITY_POINTS[toxicity]))
    if topic_priority in TOPIC_POINTS:
        label = {1: _("Chủ đề theo dõi: ưu tiên thấp"), 2: _("Chủ đề theo dõi: ưu tiên thường"),
                 3: _("Chủ đề theo dõi: ưu tiên cao")}[topic_priority]
        reasons.append(Reason(label, TOPIC_POINTS[topic_priority]))
    reasons = [reason for reason in reasons if reason.points > 0]
    score = sum(reason.points for reason in reasons)  # the caps add up to 100: no clipping needed
    return Risk(score=score, level=level_of(score), reasons=reasons, crisis_types=found)
