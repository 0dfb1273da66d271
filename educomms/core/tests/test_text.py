import random

import pytest

from educomms.core.text import fold, normalize, normalize_phone, sentences, words


def test_it_folds_diacritics_and_d_bar():
    assert fold("Trường THCS Đồng Khởi") == "truong thcs dong khoi"
    assert fold("GIÁO DỤC  và ĐÀO TẠO") == "giao duc va dao tao"


def test_it_normalizes_to_nfc_and_one_tone_placement():
    decomposed = "gia\u0301o du\u0323c"  # NFD input
    assert normalize(decomposed) == "giáo dục"
    assert normalize("hoà bình, khoẻ mạnh, thuỷ lợi") == "hòa bình, khỏe mạnh, thủy lợi"
    # syllables with a final consonant and "qu" keep their mark
    assert normalize("hoàng quý huyền") == "hoàng quý huyền"
    assert normalize(normalize("Hoà")) == "Hòa"


def test_it_splits_words_and_sentences():
    assert words("Kỳ thi tốt nghiệp THPT") == ["Kỳ", "thi", "tốt", "nghiệp", "THPT"]
    assert sentences("Sở họp báo. Kết quả tốt! Ai hỏi?") == ["Sở họp báo.", "Kết quả tốt!", "Ai hỏi?"]


@pytest.mark.parametrize("raw,expected", [
    ("0912 345 678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("912345678", "0912345678"),
    ("0220.3888.999", "02203888999"),
    ("", ""),
])
def test_it_normalizes_vietnamese_phone_numbers(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0112345678", "09123456789", "abc"])
def test_it_rejects_what_is_not_a_vietnamese_phone_number(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


def test_fold_through_its_table_equals_its_definition_on_every_character_and_on_mixed_text():
    from educomms.core.text import _fold_slowly

    characters = [chr(c) for c in range(0x3100)] + ["Σ", "ﬁ", "\u3000"]
    for c in characters:
        assert fold(f"A{c}b") == _fold_slowly(f"A{c}b"), hex(ord(c))
    rng = random.Random(5)
    for _ in range(2_000):
        text = "".join(rng.choice(characters) for _ in range(rng.randint(1, 30)))
        assert fold(text) == _fold_slowly(text), repr(text)
    assert fold("ΣΟΦΟΣ  Đà Nẵng\tHOÀ") == "\u03c3\u03bf\u03c6\u03bf\u03c2 da nang hoa"  # a final sigma: ς


def test_tones_move_in_the_words_the_whole_word_pattern_finds():
    from educomms.core.text import _TONE_ON_LAST, _move_tone, _move_tones

    def by_pattern(text: str) -> str:
        return _TONE_ON_LAST.sub(lambda m: _move_tone(m.group(0)), text)

    pieces = ["hoà", "Hoà", "THUỶ", "khoẻ", "quý", "xoà", "oà", "uỳ", "hoàx", "a_hoà", "hoà_b", "hoàng", "thuý",
              "hòa", "giáo", "dục", " ", " ", ", ", "!", "\n", "12", "đoạ", "Toà"]
    rng = random.Random(11)
    texts = ["", "Hoà bình, thuỷ lợi; khoẻ mạnh hoà"] + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(3_000)]
    for text in texts:
        assert _move_tones(text) == by_pattern(text), repr(text)
    assert normalize("Hoà bình  thuỷ lợi, khoẻ") == "Hòa bình thủy lợi, khỏe"


def test_whitespace_collapses_as_a_whitespace_pattern_would():
    import re
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    rng = random.Random(3)
    for _ in range(2_000):
        text = "".join(rng.choice([*spaces, "a", "hoà", "b"]) for _ in range(rng.randint(0, 20)))
        assert normalize(text) == re.sub(r"\s+", " ", normalize_without_spaces(text)).strip(), repr(text)


def normalize_without_spaces(text: str) -> str:
    import unicodedata

    from educomms.core.text import _move_tones

    return _move_tones(unicodedata.normalize("NFC", text))
