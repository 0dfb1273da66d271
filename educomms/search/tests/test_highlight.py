from educomms.search.highlight import highlight, snippet
from educomms.search.query import parse


def test_it_marks_whole_words_keeping_diacritics_and_escaping():
    assert highlight("Đào tạo & giáo dục", ["dao", "duc"]) == "<mark>Đào</mark> tạo &amp; giáo <mark>dục</mark>"
    assert highlight("Không có gì", ["xyz"]) == "Không có gì"
    assert highlight("giáo dục", ["giao"]) == "<mark>giáo</mark> dục"
    assert highlight("", ["a"]) == ""


def test_it_does_not_mark_part_of_a_word():
    assert highlight("thiết bị", ["thi"]) == "thiết bị"


def test_a_snippet_cuts_around_the_matches():
    text = " ".join(f"từ{i}" for i in range(100)) + " kỳ thi tốt nghiệp " + " ".join(f"cuối{i}" for i in range(50))
    cut = str(snippet(text, ["ky", "thi"], size=20))
    assert cut.startswith("… ") and cut.endswith(" …") and "<mark>kỳ</mark> <mark>thi</mark>" in cut


def test_it_parses_a_query_into_folded_words():
    assert parse("  Kỳ thi, TỐT nghiệp!! kỳ ").words == ["ky", "thi", "tot", "nghiep"]
    assert parse("").error and parse("?!").error and parse("a" * 201).error
    assert parse("125/SGDĐT-VP").words == ["125", "sgddt", "vp"]
