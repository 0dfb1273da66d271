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
import string
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

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
        rf"{_TEACHER} (?:\w+ ){{0,5}}{_HARM}(?: (?!cho\b|ca\b)\w+){{0,4}} {_CHILD}",
        rf"bao hanh {_CHILD}", rf"xam hai(?: tinh duc)? {_CHILD}", r"dam o", r"sam so", r"quay roi tinh duc",
        rf"(?:danh|tat) {_CHILD} (?:bang thuoc|vao dau|vao mat)",
    ),
}
_PUNCT = re.compile(r"[^\w\s]+")


def _group(fragment: str) -> tuple[list[str], str]:
    """The `|` alternatives of the `(?:…)` group `fragment` starts with, and what follows the group."""
    alternatives, depth, start = [], 0, 3
    for i, char in enumerate(fragment):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 1 and char == "|":
            alternatives.append(fragment[start:i])
            start = i + 1
        elif depth == 0:
            return [*alternatives, fragment[start:i]], fragment[i + 1:]
    raise ValueError(f"unbalanced group in {fragment!r}")


_LITERAL = string.ascii_lowercase + string.digits + " "


def _prefixes(fragment: str) -> set[str]:
    """Literal word prefixes of a phrase of the lexicon (a regex fragment): every match starts with one of
    them. `(?:…)` groups (optional or not) are expanded into their alternatives until a prefix has two whole
    words; the prefix then ends at the last whole word before the first other regex construct."""
    literal = fragment[:len(fragment) - len(fragment.lstrip(_LITERAL))]
    rest = fragment[len(literal):]
    if rest.startswith("(?:") and len(literal.split()) < 2 + (not literal.endswith(" ")):
        alternatives, after = _group(rest)
        optional = after.startswith("?")
        if optional or after[:1] not in ("*", "+", "{"):
            after = after.removeprefix("?")
            found = set().union(*(_prefixes(literal + alt + after) for alt in alternatives))
            return found | _prefixes(literal + after) if optional else found
    whole = literal if not rest else literal[:literal.rfind(" ") + 1]
    if not whole.strip():
        raise ValueError(f"a crisis phrase must start with a whole word: {fragment!r}")
    return {whole.strip()}


def _needles(phrases: tuple[str, ...]) -> list[str]:
    """The phrases' prefixes, without those another one starts."""
    found = sorted(set().union(*map(_prefixes, phrases)))
    return [p for p in found if not any(p.startswith(f"{q} ") for q in found)]


# Each type: its phrases as one alternation anchored at a word's start; and the words they start with, by
# their first word. `crisis_types` looks up which first words the text has, finds those phrase starts (a
# substring search in C) and tries the alternation only there: scanning a 1,000-character text with five
# alternations position by position cost 150 µs.
_AT_WORD = {code: re.compile(r"(?:" + "|".join(phrases) + r")\b") for code, phrases in CRISIS_LEXICON.items()}
_BY_FIRST_WORD: dict[str, list[tuple[str, str, tuple[str, ...]]]] = defaultdict(list)
for _code, _phrases in CRISIS_LEXICON.items():
    for _prefix in _needles(_phrases):
        _first, *_others = _prefix.split()
        _BY_FIRST_WORD[_first].append((_code, f" {_prefix} ", tuple(_others)))
_FIRST_WORDS = frozenset(_BY_FIRST_WORD)


@dataclass(frozen=True)
class Reason:
    code: str  # its REASON_LABELS key
    points: int
    params: dict[str, Any] = field(default_factory=dict)  # what fills the label

    @property
    def label(self) -> str:
        """The reason in the active language."""
        return reason_text(self.code, self.params)

    def stored(self) -> dict[str, Any]:
        """As a mention keeps it (`Mention.risk_reasons`): `shown` says it in the reader's language."""
        return {"code": self.code, "points": self.points, "params": self.params}


@dataclass
class Risk:
    score: int
    level: str
    reasons: list[Reason] = field(default_factory=list)
    crisis_types: list[str] = field(default_factory=list)


def crisis_types(text: str = "", *, words: str | None = None, vocabulary: Collection[str] | None = None) -> list[str]:
    """Codes of the crisis types whose lexicon matches `text`, in the order of CRISIS_TYPES. `words`: the
    text's folded words already joined by single spaces (`monitoring.search.searchable`), if at hand;
    `vocabulary`: the set of those words (or a dict keyed by them), if at hand."""
    # Punctuation becomes a space so that phrases match across "đánh, tát" but not across words.
    folded = f" {words.strip() if words is not None else ' '.join(_PUNCT.sub(' ', fold(text)).split())} "
    if vocabulary is None:
        vocabulary = set(folded.split())
    found: set[str] = set()
    for first in _FIRST_WORDS.intersection(vocabulary):
        for code, needle, others in _BY_FIRST_WORD[first]:
            if code in found:
                continue
            for word in others:  # a loop, not all(…): a generator per phrase cost more than the search
                if word not in vocabulary:
                    break
            else:
                if _at(folded, needle, _AT_WORD[code]):
                    found.add(code)
    return [code for code in CRISIS_TYPES if code in found]


def _at(folded: str, needle: str, pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` matches where `needle` (" words ") occurs in `folded` (words between single spaces)."""
    at = folded.find(needle)
    while at >= 0:
        if pattern.match(folded, at + 1):
            return True
        at = folded.find(needle, at + 1)
    return False


def level_of(score: int) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def reach_points(reach: int | None, kind: str) -> int:
    if not reach or reach <= 0:
        return 0
    points = REACH_PER_DECADE * math.log10(1 + reach) * KIND_REACH_WEIGHT.get(kind, 1.0)
    return min(REACH_MAX, round(points))


# What the reasons say; `reason_labels()` translates them once for many reasons.
REASON_LABELS = {
    "negative": gettext_lazy("Sắc thái tiêu cực (độ tin cậy %(percent)d%%)"),
    "crisis": gettext_lazy("Dấu hiệu khủng hoảng: %(types)s"),
    "reach": gettext_lazy("Độ lan tỏa: %(reach)s lượt tiếp cận"),
    "hate": gettext_lazy("Ngôn từ thù ghét"),
    "offensive": gettext_lazy("Ngôn từ xúc phạm"),
    "topic:1": gettext_lazy("Chủ đề theo dõi: ưu tiên thấp"),
    "topic:2": gettext_lazy("Chủ đề theo dõi: ưu tiên thường"),
    "topic:3": gettext_lazy("Chủ đề theo dõi: ưu tiên cao"),
    **{f"crisis:{code}": name for code, name in CRISIS_TYPES.items()},
}


def reason_labels() -> dict[str, str]:
    """REASON_LABELS in the active language."""
    return {key: str(label) for key, label in REASON_LABELS.items()}


def reason_text(code: str, params: dict[str, Any], labels: dict[str, str] | None = None) -> str:
    """A reason in the active language (or in `labels`, `reason_labels()` of some language)."""
    def label(key: str) -> str:  # only the labels this reason needs, when no batch has translated them all
        return labels[key] if labels else str(REASON_LABELS[key])

    if code == "crisis":
        params = {"types": ", ".join(label(f"crisis:{c}") for c in params["types"])}
    elif code == "reach":
        params = {"reach": f"{params['reach']:,}".replace(",", ".")}
    return label(code) % params if params else label(code)


def shown(stored: dict[str, Any], labels: dict[str, str] | None = None) -> dict[str, Any]:
    """A stored reason (`Reason.stored`) as the reader sees it: {"label", "points"}, the label in the active
    language (or in `labels`). Reasons stored before they had a code keep the label they were stored with."""
    if stored.get("code") in REASON_LABELS:
        return {"label": reason_text(stored["code"], stored.get("params") or {}, labels), "points": stored["points"]}
    return stored


def assess_risk(*, title: str, text: str, sentiment: str, sentiment_confidence: float, toxicity: str | None,
                reach: int | None, topic_priority: int, kind: str, words: str | None = None,
                vocabulary: Collection[str] | None = None) -> Risk:
    """The risk of one mention (see the module docstring for the formula). `kind`: article, post or comment;
    `words`: the folded words of title and text (`searchable(title, text)`) and `vocabulary`, their set, when
    the caller has them. The reasons are codes and numbers; their labels are said when they are shown."""
    if kind not in KIND_REACH_WEIGHT:
        raise ValueError(f"unknown mention kind {kind!r}")
    reasons: list[Reason] = []

    def add(code: str, points: int, **params: Any) -> None:
        reasons.append(Reason(code, points, params))

    if sentiment == "negative":
        confidence = min(max(sentiment_confidence, 0.0), 1.0)
        add("negative", round(SENTIMENT_MAX * confidence), percent=round(confidence * 100))
    found = crisis_types(f"{title}\n{text}", words=words, vocabulary=vocabulary)
    if found:
        add("crisis", min(CRISIS_MAX, CRISIS_FIRST + CRISIS_EACH_MORE * (len(found) - 1)), types=found)
    points = reach_points(reach, kind)
    if points:
        add("reach", points, reach=reach)
    if toxicity in TOXICITY_POINTS:
        add(toxicity, TOXICITY_POINTS[toxicity])
    if topic_priority in TOPIC_POINTS:
        add(f"topic:{topic_priority}", TOPIC_POINTS[topic_priority])
    reasons = [reason for reason in reasons if reason.points > 0]
    score = sum(reason.points for reason in reasons)  # the caps add up to 100: no clipping needed
    return Risk(score=score, level=level_of(score), reasons=reasons, crisis_types=found)
