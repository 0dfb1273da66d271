"""Risk score: each factor moves it the right way, the reasons add up, the crisis lexicons find their cases."""

import random
import re

import pytest

from educomms.core.text import fold
from educomms.monitoring.nlp.risk import (
    CRISIS_LEXICON,
    CRISIS_TYPES,
    HIGH,
    MEDIUM,
    _prefixes,
    assess_risk,
    crisis_types,
    level_of,
    reach_points,
)

BASE = {"title": "Trường THCS Nguyễn Du họp phụ huynh đầu năm", "text": "Buổi họp diễn ra vào sáng chủ nhật.",
        "sentiment": "neutral", "sentiment_confidence": 0.8, "toxicity": "clean", "reach": 1_000,
        "topic_priority": 2, "kind": "post"}


def score(**changes):
    return assess_risk(**{**BASE, **changes}).score


def test_it_rates_a_neutral_school_opening_story_low():
    risk = assess_risk(title="Học sinh toàn tỉnh tựu trường, chuẩn bị khai giảng năm học mới",
                       text="Sáng nay, hơn 200.000 học sinh đã trở lại trường sau kỳ nghỉ hè.",
                       sentiment="neutral", sentiment_confidence=0.9, toxicity="clean", reach=20_000,
                       topic_priority=2, kind="article")
    assert risk.level == "low" and risk.crisis_types == []


def test_it_rates_a_viral_negative_post_about_a_teacher_hitting_a_child_high():
    risk = assess_risk(title="", text="Phẫn nộ clip cô giáo tát liên tiếp vào mặt học sinh lớp 2 ngay trong lớp học",
                       sentiment="negative", sentiment_confidence=0.95, toxicity="clean", reach=150_000,
                       topic_priority=3, kind="post")
    assert risk.level == "high" and risk.score >= HIGH
    assert "misconduct" in risk.crisis_types


def test_its_reasons_add_up_to_the_score():
    risk = assess_risk(title="Phụ huynh tố trường lạm thu, học sinh bị đánh hội đồng",
                       text="đm bọn ban giám hiệu", sentiment="negative", sentiment_confidence=1.0,
                       toxicity="hate", reach=10**9, topic_priority=3, kind="post")
    assert sum(reason.points for reason in risk.reasons) == risk.score == 100
    assert all(reason.label and reason.points > 0 for reason in risk.reasons)
    assert risk.crisis_types == ["violence", "overcharging"]


def test_it_scores_zero_with_nothing_to_worry_about():
    risk = assess_risk(title="Chúc mừng thầy trò", text="", sentiment="positive", sentiment_confidence=0.99,
                       toxicity=None, reach=None, topic_priority=0, kind="comment")
    assert (risk.score, risk.level, risk.reasons, risk.crisis_types) == (0, "low", [], [])


def test_it_rises_with_negative_sentiment_and_its_confidence():
    assert score(sentiment="positive") == score(sentiment="neutral") < score(sentiment="negative",
                                                                           sentiment_confidence=0.5)
    assert score(sentiment="negative", sentiment_confidence=0.5) < score(sentiment="negative",
                                                                        sentiment_confidence=0.95)


def test_it_rises_with_toxicity():
    assert score(toxicity=None) == score(toxicity="clean") < score(toxicity="offensive") < score(toxicity="hate")


def test_it_rises_with_reach_logarithmically():
    assert score(reach=None) == score(reach=0) < score(reach=100) < score(reach=10_000) < score(reach=1_000_000)
    assert reach_points(10_000, "post") - reach_points(1_000, "post") == reach_points(1_000, "post") - reach_points(100, "post")


def test_it_counts_a_comments_reach_for_less_than_a_posts():
    assert reach_points(10_000, "comment") < reach_points(10_000, "post") == reach_points(10_000, "article")


def test_it_rises_with_topic_priority():
    assert score(topic_priority=0) < score(topic_priority=1) < score(topic_priority=2) < score(topic_priority=3)


def test_it_rises_with_crisis_types():
    calm = score()
    one = score(text="Phụ huynh phản ánh trường thu sai quy định nhiều khoản.")
    two = score(text="Phụ huynh phản ánh trường thu sai quy định, nhiều cháu đau bụng sau khi ăn bán trú.")
    assert calm < one < two


def test_it_sets_levels_at_the_thresholds():
    assert [level_of(s) for s in (0, MEDIUM - 1, MEDIUM, HIGH - 1, HIGH, 100)] == [
        "low", "low", "medium", "medium", "high", "high"]
    # negative (24) + exam leak (25) on a normal-priority topic (5) with a small reach (8): medium
    risk = assess_risk(**{**BASE, "sentiment": "negative", "sentiment_confidence": 0.8, "reach": 100,
                          "text": "Nghi vấn lộ đề thi Ngữ văn"})
    assert (risk.score, risk.level) == (62, "medium")


@pytest.mark.parametrize(("text", "code"), [
    ("Nam sinh lớp 8 bị nhóm bạn đánh hội đồng, quay clip tung lên mạng", "violence"),
    ("Tình trạng bắt nạt trong trường học đáng báo động", "violence"),
    ("Hai học sinh hành hung bạn cùng lớp", "violence"),
    ("Nghi vấn lộ đề thi tốt nghiệp môn Toán", "exam_leak"),
    ("Đề thi bị lọt ra ngoài? Không: đề thi bị lộ trước giờ thi", "exam_leak"),
    ("Phát hiện gian lận thi cử tại hội đồng thi", "exam_leak"),
    ("Hơn 50 học sinh nhập viện nghi ngộ độc thực phẩm", "food_poisoning"),
    ("nhieu chau non oi sau khi an bua trua", "food_poisoning"),
    ("Bếp ăn bán trú mất vệ sinh, chuột chạy khắp nơi", "food_poisoning"),
    ("Phụ huynh tố trường lạm thu đầu năm học", "overcharging"),
    ("quy phu huynh thu 2 trieu moi em", "overcharging"),
    ("Trường thu sai quy định hơn 300 triệu đồng", "overcharging"),
    ("Thầy giáo bị tố dâm ô nhiều học sinh nữ", "misconduct"),
    ("Bảo mẫu bạo hành trẻ tại nhóm trẻ tư thục", "misconduct"),
    ("Cô giáo bị tố đánh học sinh lớp 2 bằng thước kẻ", "misconduct"),
    ("co giao tat lien tiep vao mat hoc sinh", "misconduct"),
    ("Giáo viên xâm hại học sinh bị khởi tố", "misconduct"),
])
def test_it_finds_crisis_types_in_their_various_phrasings(text, code):
    assert code in crisis_types(text)
    assert code in CRISIS_TYPES


@pytest.mark.parametrize("text", [
    "Tôi lo để con đi học một mình",
    "Giáo viên dành cho học sinh nhiều tình cảm",
    "Cô giáo dành nhiều tâm huyết cho học sinh yếu",
    "Khánh thành bếp ăn bán trú mới cho học sinh vùng cao",
    "Thầy giáo tất cả học sinh đều quý mến",
    "Sở GD&ĐT công bố lịch thi tốt nghiệp",
])
def test_it_finds_no_crisis_in_harmless_text_that_folds_alike(text):
    assert crisis_types(text) == []


def test_it_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        assess_risk(**{**BASE, "kind": "tweet"})


def _reference(text: str) -> list[str]:
    """Each lexicon as one alternation searched through the whole text: what crisis_types must agree with."""
    folded = " ".join(re.sub(r"[^\w\s]+", " ", fold(text)).split())
    return [code for code, phrases in CRISIS_LEXICON.items()
            if re.search(r"\b(?:" + "|".join(phrases) + r")\b", folded)]


def test_it_finds_what_a_search_of_the_whole_text_finds():
    # Random walks over the lexicons' words, each word mostly followed by one that follows it in a phrase
    # (alternatives and optional parts flattened), plus common school words: whole phrases, broken ones and
    # near misses.
    following: dict[str, list[str]] = {}
    for phrases in CRISIS_LEXICON.values():
        for phrase in phrases:
            words = re.findall(r"[a-z]+", phrase.replace(r"\w", ""))
            for a, b in zip(words, words[1:], strict=False):
                following.setdefault(a, []).append(b)
    vocabulary = sorted(set(following) | set("cac em lop truong so cho ca va cua nhieu da duoc".split()))
    rng = random.Random(11)
    texts = []
    for _ in range(3_000):
        words = [rng.choice(vocabulary)]
        for _ in range(rng.randint(0, 40)):
            nexts = following.get(words[-1])
            words.append(rng.choice(nexts) if nexts and rng.random() < 0.8 else rng.choice(vocabulary))
        texts.append(" ".join(words))
    found = 0
    for text in texts:
        expected = _reference(text)
        found += bool(expected)
        assert crisis_types(text) == expected, text
        assert crisis_types(words=text, vocabulary=dict.fromkeys(text.split())) == expected, text
    assert found > 1_000  # the test reaches the phrases, not only their absence
    assert {code for text in texts for code in _reference(text)} == set(CRISIS_TYPES)


def test_it_finds_each_phrase_from_the_words_it_starts_with():
    assert _prefixes("lam thu") == {"lam thu"}
    assert _prefixes(r"ngo doc(?: thuc pham)?") == {"ngo doc", "ngo doc thuc pham"}
    assert _prefixes(r"(?:hoc sinh|nu sinh) bi (?:ban )?danh") == {"hoc sinh bi", "nu sinh bi"}
    assert _prefixes(r"ep (?:phu huynh )?(?:dong|nop) tien") == {"ep phu huynh", "ep dong tien", "ep nop tien"}
    assert _prefixes(r"thu (?:sai|trai) quy dinh") == {"thu sai quy dinh", "thu trai quy dinh"}
    assert _prefixes(r"co giao (?:\w+ ){0,5}danh") == {"co giao"}
    assert _prefixes(r"bo (?:\w+ ){0,5}danh") == {"bo"}
    assert _prefixes(r"(?:a (?:b|c)|d) e") == {"a b e", "a c e", "d e"}  # a group within a group
    with pytest.raises(ValueError):
        _prefixes(r"\w+ danh")


def test_a_stored_reason_is_said_in_the_readers_language():
    from django.utils import translation

    from educomms.monitoring.nlp.risk import shown

    risk = assess_risk(**{**BASE, "title": "Phụ huynh tố trường lạm thu", "sentiment": "negative",
                          "sentiment_confidence": 0.87, "reach": 86_400, "topic_priority": 3})
    stored = [r.stored() for r in risk.reasons]
    with translation.override("vi"):
        assert [shown(r)["label"] for r in stored] == [
            "Sắc thái tiêu cực (độ tin cậy 87%)", "Dấu hiệu khủng hoảng: Lạm thu, thu sai quy định",
            "Độ lan tỏa: 86.400 lượt tiếp cận", "Chủ đề theo dõi: ưu tiên cao"]
    with translation.override("en"):
        english = [shown(r) for r in stored]
        assert [r["label"] for r in english] == [r.label for r in risk.reasons]
    assert [r["label"] for r in english] == [
        "Negative sentiment (87% confidence)", f"Crisis signals: {english_name('overcharging')}", "Reach: 86.400",
        "Monitored topic: high priority"]
    assert [r["points"] for r in english] == [r.points for r in risk.reasons]
    old = {"label": "Sắc thái tiêu cực (độ tin cậy 90%)", "points": 27}  # stored before reasons had codes
    with translation.override("en"):
        assert shown(old) == old


def english_name(code):
    from django.utils import translation

    with translation.override("en"):
        return str(CRISIS_TYPES[code])
