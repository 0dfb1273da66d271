"""The topic query language: what officers write, what it finds, and what it refuses (with where)."""

import random
import unicodedata

import pytest

from educomms.monitoring.query import Document, Matcher, Query, QueryError, describe, parse
from educomms.monitoring.query.compiled import compile_tree
from educomms.monitoring.query.document import MAX_NEAR
from educomms.monitoring.query.nodes import Term


def doc(text: str = "", title: str = "", url: str = "", site: str = "") -> Document:
    return Document.of(title=title, text=text, url=url, site=site)


def finds(query: str, text: str = "", title: str = "", url: str = "") -> bool:
    return parse(query).matches(doc(text, title, url))


# --- words, diacritics, case ------------------------------------------------------------------------------


def test_it_matches_a_folded_query_to_text_with_diacritics() -> None:
    assert finds("giao duc", "Sở Giáo Dục và Đào tạo")
    assert finds("dao tao", "Sở Giáo Dục và Đào tạo")


def test_it_matches_a_query_with_diacritics_to_text_without() -> None:
    assert finds("Đắk Lắk", "so gd dak lak thong bao")
    assert finds("giáo dục", "GIAO DUC")


def test_it_ignores_punctuation_in_the_text() -> None:
    assert finds('"thu sai quy định"', "Trường thu sai, quy định… rồi sửa")
    assert finds("học phí", "(học-phí)")


def test_it_requires_every_word_of_an_implicit_and() -> None:
    assert finds("học phí", "Học phí năm nay tăng")
    assert finds("học phí", "phí dịch vụ cho học sinh")
    assert not finds("học phí", "học bổng năm nay")


def test_it_treats_lower_case_operators_as_words() -> None:
    assert not finds("rock and roll", "rock roll")
    assert finds("rock and roll", "rock and roll")
    assert finds("not", "it is not here")


def test_it_matches_text_in_decomposed_unicode() -> None:
    nfd = unicodedata.normalize("NFD", "Trường Tiểu học Hòa Bình")
    assert finds("tiểu học", nfd)
    assert finds("=Hòa", nfd)


# --- exact terms -------------------------------------------------------------------------------------------


def test_it_matches_an_exact_term_only_with_the_same_diacritics() -> None:
    assert finds("=Hòa", "xã Hòa Thắng")
    assert finds("=Hòa", "XÃ HÒA THẮNG")  # case still ignored
    assert not finds("=Hòa", "xã Hoa Thắng")
    assert not finds("=Hòa", "hóa học")
    assert finds("Hòa", "hóa học")  # without "=", diacritics are ignored


def test_it_matches_an_exact_term_whatever_the_tone_mark_placement() -> None:
    assert finds("=Hòa", "phường Hoà Bình")  # old-style placement "oà"
    assert finds("=Hoà", "phường Hòa Bình")


def test_it_matches_an_exact_phrase() -> None:
    assert finds('="Hòa Bình"', "tỉnh Hoà Bình")
    assert not finds('="Hòa Bình"', "hòa bính")
    assert not finds('="Hòa Bình"', "Hòa và Bình")


def test_it_matches_an_exact_prefix_before_and_after_tone_normalisation() -> None:
    assert finds("=hoà*", "Hoàng")
    assert finds("=hoà*", "Hoà")
    assert not finds("=hoà*", "Hoang")


def test_it_does_not_confuse_d_and_đ_in_exact_terms() -> None:
    assert finds("=Đà", "Đà Lạt")
    assert not finds("=Đà", "đã xong")
    assert finds("Đà", "đã xong")


# --- phrases -----------------------------------------------------------------------------------------------


def test_it_matches_a_phrase_only_as_consecutive_words() -> None:
    assert finds('"tuyển sinh"', "kỳ tuyển sinh lớp 10")
    assert not finds('"tuyển sinh"', "tuyển thêm học sinh")
    assert not finds('"tuyển sinh"', "sinh viên tuyển")


def test_it_does_not_join_the_title_and_the_body_in_a_phrase() -> None:
    assert not finds('"học phí"', "phí tăng", title="Chuyện học")
    assert finds('"học phí"', "", title="Chuyện học phí")


def test_it_finds_a_two_word_phrase_by_its_pair_as_its_positions_do() -> None:
    # A two-word phrase matches on the document's pair of consecutive words, without walking positions (a
    # title phrase on the title's pairs, a title word on the title's words); the pairs never span the title
    # and the body. Positions (`spans`) are the reference.
    rng = random.Random(3)
    phrases = [parse(f'"{a} {b}"') for a in VOCABULARY[:8] for b in VOCABULARY[:8]]
    assert all(two_words(phrase) for phrase in phrases)
    for _ in range(300):
        item = random_document(rng)
        for phrase in phrases:
            assert phrase.matches(item) == bool(phrase.root.spans(item)), phrase.root.describe()
    titled = [parse(f'title:"{a} {b}"') for a in VOCABULARY[:8] for b in VOCABULARY[:8]]
    titled += [parse(f"title:{a}") for a in VOCABULARY]
    assert all(two_words(phrase) for phrase in titled[:64]) and all(q.root.title_word for q in titled[64:])
    for _ in range(300):
        item = random_document(rng)
        for phrase in titled:
            assert phrase.matches(item) == any(start < item.title_end for start, _end in phrase.root.spans(item))
    assert not two_words(parse('="học phí"')) and not parse("title:=học").root.title_word
    assert not two_words(parse('"học ph*"')) and not two_words(parse('"học phí nay"'))


def two_words(query: Query) -> bool:
    assert isinstance(query.root, Term)
    return query.root.two_words


def test_it_accepts_typographic_quotes() -> None:
    assert finds("“thu sai quy định”", "thu sai quy định")


def test_it_reads_a_word_with_punctuation_as_a_phrase() -> None:
    assert finds("COVID-19", "đại dịch covid 19")
    assert not finds("COVID-19", "19 ca covid")
    assert finds("GD&ĐT", "Sở GD&ĐT tỉnh")


# --- NEAR --------------------------------------------------------------------------------------------------


def test_it_matches_near_in_both_orders() -> None:
    assert finds("giáo NEAR/3 đánh", "cô giáo bị phụ huynh đánh")
    assert finds("đánh NEAR/3 giáo", "cô giáo bị phụ huynh đánh")


def test_it_counts_the_words_between_near_operands_up_to_the_boundary() -> None:
    assert finds("an NEAR/2 binh", "an x y binh")  # two words between
    assert not finds("an NEAR/2 binh", "an x y z binh")  # three
    assert finds("an NEAR/2 binh", "binh x y an")
    assert not finds("an NEAR/2 binh", "binh x y z an")
    assert finds("an NEAR/0 binh", "binh an")
    assert not finds("an NEAR/0 binh", "an x binh")


def test_it_measures_near_from_the_ends_of_phrases() -> None:
    assert finds('"học phí" NEAR/1 "tăng cao"', "học phí sẽ tăng cao")
    assert finds('"học phí" NEAR/1 "tăng cao"', "tăng cao là học phí")
    assert not finds('"học phí" NEAR/1 "tăng cao"', "học phí năm nay tăng cao")


def test_it_accepts_prefixes_and_or_groups_as_near_operands() -> None:
    assert finds("giáo* NEAR/2 (đánh OR phạt)", "giáoviên phạt học sinh")
    assert finds("(đánh OR phạt) NEAR/2 giáo*", "giáoviên phạt học sinh")
    assert not finds("giáo* NEAR/2 (đánh OR phạt)", "giáo viên trường bị đánh")


def test_it_checks_near_quickly_between_many_occurrences() -> None:
    item = doc(" ".join(["a", "x"] * 150 + ["b"]))
    assert finds("a NEAR/1 b", " ".join(["a", "x"] * 150 + ["b"]))
    assert not parse("a NEAR/0 b").matches(item)
    assert not parse("(a OR x) NEAR/3 c").matches(item)


def test_it_needs_two_occurrences_when_near_joins_a_word_to_itself() -> None:
    assert not finds("an NEAR/3 an", "an toàn")
    assert finds("an NEAR/3 an", "an toàn an ninh")


def test_it_does_not_match_near_across_the_title_and_the_body() -> None:
    assert not finds("phạt NEAR/5 giáo", "giáo viên", title="bị phạt")


# --- prefixes ----------------------------------------------------------------------------------------------


def test_it_matches_a_prefix_with_any_ending() -> None:
    assert finds("giáo*", "giáo")
    assert finds("giáo*", "giaoviên")
    assert finds("giáo*", "GIÁO DỤC")
    assert not finds("giáo*", "gia đình")


def test_it_matches_a_prefix_inside_a_phrase() -> None:
    assert finds('"sở giáo*"', "sở giáodục")
    assert not finds('"sở giáo*"', "sở và giáo dục")


def test_it_finds_a_words_positions_where_a_walk_over_the_words_does() -> None:
    def walked(words: list[str], title_end: int) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            found.setdefault(word, []).append(position if position < title_end else position + MAX_NEAR + 2)
        return found

    rng = random.Random(5)
    for _ in range(500):
        title = " ".join(rng.choices(VOCABULARY, k=rng.choice([0, 1, 2, 5])))
        text = " ".join(rng.choices(VOCABULARY + ["hòa", "Hòa", "x"], k=rng.randint(0, 25)))
        item = Document.of(title=title, text=text)
        folded, exact = walked(item.folded_sequence, item.title_end), walked(item.exact_sequence, item.title_end)
        for word in {*VOCABULARY, "x", "y", "giao"}:
            assert item.positions(word) == folded.get(word, []), (title, text, word)
            assert item.exact_positions(word) == exact.get(word, []), (title, text, word)


def test_it_finds_the_words_starting_with_a_prefix_of_any_length() -> None:
    doc = Document.of(title="Giáo viên giảng giải", text="gia đình giáo dục g gi giao giaoduc hà")
    for prefix in ("g", "gi", "gia", "giao", "giaod", "giang", "ha", "x", "xyz"):
        expected = sorted(word for word in doc.words if word.startswith(prefix))
        assert doc.words_starting(prefix) == expected, prefix
        assert doc.words_starting(prefix) == expected  # again, from the index built on the first look
        assert doc.has_word_starting(prefix) == bool(expected), prefix


# --- fields ------------------------------------------------------------------------------------------------


def test_it_matches_title_terms_only_in_the_title() -> None:
    assert finds("title:lạm", "nội dung", title="Lạm thu đầu năm")
    assert not finds("title:lạm", "lạm thu đầu năm", title="Tin tức")
    assert finds('title:"lạm thu"', "", title="Lạm thu đầu năm")


def test_it_applies_title_to_a_whole_group() -> None:
    query = "title:(học phí OR lạm*)"
    assert finds(query, "", title="Lạm thu")
    assert finds(query, "", title="Phí học")
    assert not finds(query, "phí", title="học")
    assert not finds(query, "học phí lạm thu", title="tin tức")
    assert describe(parse(query)) == "title:học AND title:phí OR title:lạm*"


def test_it_matches_a_site_and_its_subdomains() -> None:
    query = "site:vnexpress.net học"
    assert finds(query, "học", url="https://vnexpress.net/abc")
    assert finds(query, "học", url="https://giaoduc.vnexpress.net/abc")
    assert not finds(query, "học", url="https://notvnexpress.net/abc")
    assert not finds(query, "học", url="https://vnexpress.net.evil.com/abc")
    assert parse(query).matches(doc("học", site="VNExpress.net"))


def test_it_reads_the_site_from_a_url_written_in_the_query() -> None:
    assert describe(parse("site:https://Tuoitre.vn/giao-duc.htm học")) == "site:tuoitre.vn AND học"


# --- NOT, precedence, parentheses ---------------------------------------------------------------------------


def test_it_excludes_with_not_and_with_a_leading_minus() -> None:
    for query in ('học phí NOT "tuyển sinh"', 'học phí AND NOT "tuyển sinh"', 'học phí -"tuyển sinh"'):
        assert finds(query, "học phí tăng")
        assert not finds(query, "học phí và tuyển sinh")


def test_it_binds_and_tighter_than_or() -> None:
    query = parse("a OR b AND c")
    assert describe(query) == "a OR b AND c"
    assert query.matches(doc("a"))
    assert not query.matches(doc("b"))
    assert query.matches(doc("b c"))


def test_it_binds_not_tighter_than_and() -> None:
    query = parse("NOT a AND b")
    assert query.matches(doc("b"))
    assert not query.matches(doc("a b"))


def test_it_binds_near_tighter_than_and() -> None:
    query = parse("x a NEAR/1 b")
    assert describe(query) == "x AND a NEAR/1 b"
    assert query.matches(doc("a b ... x"))
    assert not query.matches(doc("a y z b x"))


def test_it_groups_with_parentheses() -> None:
    query = parse("(a OR b) AND c")
    assert describe(query) == "(a OR b) AND c"
    assert query.matches(doc("b c"))
    assert not query.matches(doc("b"))


def test_it_reads_adjacent_terms_as_and() -> None:
    assert parse("a b (c OR d)").root == parse("a AND b AND (c OR d)").root


def test_it_reads_a_double_negation_as_the_term() -> None:
    assert parse("NOT NOT a").root == parse("a").root


def test_it_routes_a_vietnamese_topic_query() -> None:
    query = parse('(học phí OR "thu sai quy định") AND NOT "tuyển sinh"')
    assert query.matches(doc("Phụ huynh phản ánh trường THU SAI QUY ĐỊNH các khoản đầu năm"))
    assert query.matches(doc("Học phí năm học mới", title="Tin giáo dục"))
    assert not query.matches(doc("Học phí và tuyển sinh lớp 10"))
    assert not query.matches(doc("Trường thu các khoản sai với quy định"))


# --- describe ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('(học phí OR "thu sai quy định") AND NOT "tuyển sinh"',
         '(học AND phí OR "thu sai quy định") AND NOT "tuyển sinh"'),
        ("  Giáo   dục ", "giáo AND dục"),
        ('-"a b" c', 'NOT "a b" AND c'),
        ("=Hòa OR =\"Hòa Bình\" OR hoa*", '=hòa OR ="hòa bình" OR hoa*'),
        ("(a OR b) NEAR/2 c OR d", "(a OR b) NEAR/2 c OR d"),
        ("NOT (a OR b) c", "NOT (a OR b) AND c"),
    ],
)
def test_it_describes_a_query_in_a_normal_form(query: str, expected: str) -> None:
    assert describe(parse(query)) == expected
    assert parse(expected).root == parse(query).root


# --- errors ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "Truy vấn trống", 0),
        ("   ", "Truy vấn trống", 0),
        ("học (phí OR lạm thu", "Thiếu dấu ngoặc đóng “)” cho dấu ngoặc mở", 4),
        ("(a OR (b)", "Thiếu dấu ngoặc đóng “)” cho dấu ngoặc mở", 0),
        ("a) b", "Dấu ngoặc đóng “)” không có dấu ngoặc mở tương ứng", 1),
        ("a ()", "Cặp ngoặc trống", 2),
        ("học phí AND", "Thiếu từ khóa sau AND", 8),
        ("học AND OR phí", "Thiếu từ khóa sau AND", 4),
        ("(học OR) phí", "Thiếu từ khóa sau OR", 5),
        ("a NOT", "Thiếu từ khóa sau NOT", 2),
        ("a -", "Truy vấn", -1),  # a lone "-" is punctuation: "a" stays a valid query (see below)
        ("AND học", "Thiếu từ khóa trước AND", 0),
        ("OR học", "Thiếu từ khóa trước OR", 0),
        ("NEAR/3 học", "Thiếu từ khóa trước NEAR/3", 0),
        ("a NEAR/3", "Thiếu từ khóa sau NEAR/3", 2),
        ('học "thu sai', "Dấu ngoặc kép chưa đóng", 4),
        ('a ="b', "Dấu ngoặc kép chưa đóng", 3),
        ('a ""', "Cụm từ trong ngoặc kép trống", 2),
        ("a NEAR b", "NEAR cần một số, ví dụ NEAR/5", 2),
        ("a NEAR/x b", "NEAR cần một số, ví dụ NEAR/5", 2),
        ("a NEAR/101 b", "Khoảng cách NEAR tối đa là 100 từ", 2),
        ("a NEAR/3 NOT b", "NEAR chỉ nối từ, cụm từ, tiền tố hoặc nhóm OR của chúng", 9),
        ("NOT a NEAR/3 b", "NOT đứng trước NEAR: hãy viết NOT (a NEAR/3 b) để loại trừ cả cụm", 0),
        ("(a AND b) NEAR/3 c", "NEAR chỉ nối từ, cụm từ, tiền tố hoặc nhóm OR của chúng", 1),
        ("a NEAR/3 (b NEAR/3 c)", "NEAR chỉ nối từ, cụm từ, tiền tố hoặc nhóm OR của chúng", 10),
        ("(a OR b NEAR/3 c) NEAR/3 d", "NEAR chỉ nối từ, cụm từ, tiền tố hoặc nhóm OR của chúng", 1),
        ("a NEAR/3 b NEAR/3 c", "Mỗi NEAR chỉ nối hai vế; để nối ba từ, viết (a NEAR/3 b) AND (b NEAR/3 c)", 11),
        ("site:a.vn NEAR/3 c", "NEAR chỉ nối từ, cụm từ, tiền tố hoặc nhóm OR của chúng", 0),
        ("NOT học", "Truy vấn chỉ có NOT: cần ít nhất một điều kiện khẳng định", 0),
        ("-học -phí", "Truy vấn chỉ có NOT: cần ít nhất một điều kiện khẳng định", 0),
        ("a OR NOT b", "Mỗi vế của OR cần ít nhất một điều kiện khẳng định, không chỉ có NOT", 5),
        ("g* a", "Tiền tố cần ít nhất 2 chữ cái trước dấu “*”, ví dụ giáo*", 1),
        ("a *", "Tiền tố cần ít nhất 2 chữ cái trước dấu “*”, ví dụ giáo*", 2),
        ("gi*o", "Dấu “*” chỉ đặt ở cuối từ, ví dụ giáo*", 2),
        ("a = b", "Sau dấu “=” cần một từ hoặc cụm từ, ví dụ =Hòa", 2),
        ("title: OR a", "Sau title: cần một từ, cụm từ hoặc nhóm trong ngoặc", 0),
        ("a title:", "Sau title: cần một từ, cụm từ hoặc nhóm trong ngoặc", 2),
        ("a site:", "site: cần một tên miền, ví dụ site:vnexpress.net", 2),
        ("a site:a..b", "Tên miền sau site: không hợp lệ, ví dụ site:vnexpress.net", 7),
    ],
)
def test_it_refuses_a_malformed_query_and_says_where(query: str, message: str, position: int) -> None:
    if position < 0:
        assert describe(parse(query)) == "a"
        return
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.message == message
    assert caught.value.position == position
    assert str(caught.value) == f"{message} ở vị trí {position + 1}"


def test_it_refuses_a_query_longer_than_2000_characters() -> None:
    parse("a " * 1000)
    with pytest.raises(QueryError) as caught:
        parse("a " * 1000 + "b")
    assert caught.value.message == "Truy vấn quá dài: tối đa 2000 ký tự"
    assert caught.value.position == 2000


def test_it_refuses_nesting_deeper_than_20() -> None:
    parse("(" * 20 + "a" + ")" * 20)
    with pytest.raises(QueryError) as caught:
        parse("(" * 21 + "a" + ")" * 21)
    assert caught.value.message == "Quá nhiều cấp ngoặc lồng nhau: tối đa 20"
    assert caught.value.position == 20


def test_it_survives_a_long_chain_of_negations() -> None:
    assert parse("-" * 1000 + "a").root == parse("a").root


def test_it_is_a_value_error_with_the_position_for_people() -> None:
    with pytest.raises(ValueError, match="vị trí 9"):
        parse("học phí AND")


# --- the matcher ---------------------------------------------------------------------------------------------

VOCABULARY = ["học", "hoc", "phí", "phi", "đà", "đã", "da", "giáo", "giáoviên", "an", "toàn", "hòa", "hoà", "hóa"]
SITES = ["vnexpress.net", "giaoduc.vnexpress.net", "tuoitre.vn", "m.tuoitre.vn", ""]


def random_term(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.choice([1, 1, 1, 2, 3]))
    if rng.random() < 0.15:
        words[-1] = words[-1][:3] + "*"
    term = words[0] if len(words) == 1 else '"' + " ".join(words) + '"'
    if rng.random() < 0.15:
        term = "=" + term
    if rng.random() < 0.1:
        term = "title:" + term
    return term


def random_query(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 2 or roll < 0.35:
        return random_term(rng) if rng.random() > 0.05 else "site:" + rng.choice(SITES[:4])
    if roll < 0.55:
        return f"({random_query(rng, depth + 1)} OR {random_query(rng, depth + 1)})"
    if roll < 0.75:
        return f"{random_query(rng, depth + 1)} {random_query(rng, depth + 1)}"
    if roll < 0.88:
        return f"{random_query(rng, depth + 1)} AND NOT {random_query(rng, depth + 1)}"
    return f"({random_term(rng)} NEAR/{rng.randint(0, 3)} ({random_term(rng)} OR {random_term(rng)}))"


def random_document(rng: random.Random) -> Document:
    def words(count: int) -> str:
        return " ".join(rng.choices(VOCABULARY + ["x", "y", "z", "w"], k=count))

    return doc(words(rng.randint(0, 30)), title=words(rng.randint(0, 5)), url="https://" + rng.choice(SITES))


def generated_queries(seed: int, count: int) -> dict[int, Query]:
    rng = random.Random(seed)
    queries: dict[int, Query] = {}
    while len(queries) < count:
        try:
            queries[len(queries)] = parse(random_query(rng))
        except QueryError as error:  # only-negative combinations; every other generated query is valid
            assert "NOT" in error.message
    return queries


def test_it_matches_exactly_what_each_query_matches_alone() -> None:
    queries = generated_queries(seed=7, count=300)
    matcher = Matcher(queries)
    rng = random.Random(11)
    matched = 0
    for _ in range(300):
        item = random_document(rng)
        expected = {query_id for query_id, query in queries.items() if query.matches(item)}
        assert matcher.match(item) == expected
        matched += len(expected)
    assert matched > 1000  # the generated pairs exercise matches, not only misses


def test_a_compiled_query_matches_what_its_tree_matches() -> None:
    queries = generated_queries(seed=19, count=400)
    rng = random.Random(23)
    items = [random_document(rng) for _ in range(150)]
    agreed = 0
    for query in queries.values():
        compiled = compile_tree(query.root)
        for item in items:
            assert compiled(item) is query.matches(item), query.source
            agreed += query.matches(item)
    assert agreed > 5_000


def test_it_evaluates_only_candidate_queries() -> None:
    queries = {1: parse('"học phí"'), 2: parse("=Đà"), 3: parse("giáo* AND an"), 4: parse("site:tuoitre.vn")}
    matcher = Matcher(queries)
    item = doc("học bổng, đã xong", url="https://vnexpress.net/a")
    assert matcher.candidates(item) == set()
    assert matcher.match(doc("giáoviên an", url="https://m.tuoitre.vn/")) == {3, 4}


def test_it_prints_parsed_queries_that_read_back_the_same() -> None:
    for query in generated_queries(seed=3, count=200).values():
        assert parse(describe(query)).root == query.root, query.source
