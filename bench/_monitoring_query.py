"""Timing of `Document.of` and `Matcher.match` on generated Vietnamese articles and topic queries.

    .venv/bin/python bench/_monitoring_query.py [--queries 500] [--articles 2000] [--words 300]
                                                [--entity-share 0.7]

`figures()` is what the monitoring benchmark module calls (500 queries, 2,000 articles of 300 words).
Articles mix everyday syllables (Zipf-distributed, as in real text) with a few education topics; queries
are the shapes officers write: OR of phrases AND a topic, NOT exclusions, NEAR, title:, site:, prefixes.
Every article's matches are checked against evaluating every query on it. Runs in well under a minute on
one core.
"""

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from educomms.monitoring.query.document import Document  # noqa: E402
from educomms.monitoring.query.matcher import Matcher  # noqa: E402
from educomms.monitoring.query.query import Query, parse  # noqa: E402

FILLER = (
    "của và các có là được trong cho người không những với một đã này đến tại từ khi về nhiều theo cũng "
    "thì ra năm ngày sẽ để đang làm như học sinh trường giáo dục em cô thầy lớp tỉnh huyện xã phòng sở "
    "công tác năm học mới kết quả thực hiện kế hoạch tổ chức triển khai chương trình hoạt động ý kiến phụ "
    "huynh gia đình cho biết theo đó hiện nay tuy nhiên ngoài ra bên cạnh đồng thời trước đó sau khi vừa "
    "qua thời gian tới cần phải nhằm đảm bảo nâng cao chất lượng đội ngũ cơ sở vật chất địa phương đơn vị "
    "lãnh đạo ông bà anh chị cháu con số lượng tăng giảm so với cùng kỳ"
).split()

TOPICS = [
    "học phí", "lạm thu", "thu sai quy định", "bạo lực học đường", "đuối nước", "sách giáo khoa",
    "tuyển sinh lớp 10", "thi tốt nghiệp", "giáo viên hợp đồng", "dạy thêm học thêm", "ngộ độc thực phẩm",
    "bữa ăn bán trú", "trường chuẩn quốc gia", "chuyển đổi số", "điểm chuẩn", "học bạ", "quỹ phụ huynh",
    "xâm hại trẻ em", "an toàn giao thông", "xe đưa đón", "thiếu giáo viên", "phòng học tạm", "áp lực thi cử",
    "sáp nhập trường", "khen thưởng", "kỷ luật", "tiêu cực", "đồng phục", "sữa học đường", "bảo hiểm y tế",
    "học trực tuyến", "lũ lụt", "bão", "sạt lở", "trường học an toàn", "học sinh khuyết tật", "vùng cao",
    "cắt giảm biên chế", "tinh giản", "lương giáo viên", "nghỉ việc", "tự tử", "trầm cảm", "mạng xã hội",
    "livestream", "clip", "đánh bạn", "phạt quỳ", "chủ nhiệm", "hiệu trưởng", "thanh tra", "khiếu nại",
]
SITES = ["vnexpress.net", "tuoitre.vn", "thanhnien.vn", "dantri.com.vn", "baochinhphu.vn", "facebook.com"]
PREFIXES = ["giáo*", "tuyển*", "học*", "phụ*", "thanh*", "bạo*", "tiêu*"]
# Most of a department's queries follow one school, unit or person each.
NAMESAKES = [
    "Nguyễn Du", "Lê Lợi", "Trần Phú", "Quang Trung", "Chu Văn An", "Lê Quý Đôn", "Nguyễn Trãi", "Hùng Vương",
    "Phan Bội Châu", "Trần Hưng Đạo", "Lý Tự Trọng", "Võ Thị Sáu", "Kim Đồng", "Hoàng Hoa Thám", "Ngô Quyền",
    "Lê Hồng Phong", "Nguyễn Văn Trỗi", "Phan Chu Trinh", "Nguyễn Bỉnh Khiêm", "Huỳnh Thúc Kháng",
    "Lương Thế Vinh", "Trần Quốc Toản", "Nguyễn Thị Minh Khai", "Lê Văn Tám", "Hai Bà Trưng", "Bế Văn Đàn",
]
LEVELS = ["Mầm non", "Tiểu học", "THCS", "THPT"]
DISTRICTS = ["Krông Pắc", "Buôn Đôn", "Ea Kar", "Cư Mgar", "Krông Ana", "Ea Súp", "Buôn Hồ", "Cư Kuin", "Lắk"]


def generate_article(rng: random.Random, words: int) -> tuple[str, str, str]:
    """(title, body, url) of about `words` words: filler text with 2–4 topics dropped in."""
    weights = [1 / (rank + 1) for rank in range(len(FILLER))]
    body = rng.choices(FILLER, weights=weights, k=words)
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    if rng.random() < 0.5:
        topics.append(f"trường {rng.choice(LEVELS)} {rng.choice(NAMESAKES)} huyện {rng.choice(DISTRICTS)}")
    for topic in topics:
        at = rng.randrange(len(body))
        body[at:at] = topic.split()
    title = " ".join([*topics[0].split(), *rng.choices(FILLER, k=8)]).capitalize()
    url = f"https://{rng.choice(['', 'giaoduc.', 'm.'])}{rng.choice(SITES)}/bai-{rng.randrange(10**6)}.html"
    return title, " ".join(body[:words]) + ".", url


def _quoted(rng: random.Random) -> str:
    topic = rng.choice(TOPICS)
    return f'"{topic}"' if " " in topic else topic


def _entity_query(rng: random.Random) -> str:
    school = f'"{rng.choice(LEVELS)} {rng.choice(NAMESAKES)}"'
    district = rng.choice(DISTRICTS)
    shapes: list[Callable[[], str]] = [
        lambda: f'{school} AND ("{district}" OR "huyện {district}")',
        lambda: f"title:{school} OR ({school} AND {_quoted(rng)})",
        lambda: f'{school} NEAR/10 ({_quoted(rng)} OR {_quoted(rng)}) -"{district}"',
    ]
    return rng.choice(shapes)()


def generate_query(rng: random.Random, entity_share: float = 0.7) -> str:
    """One query of a shape communications officers write: about a school (70%) or a topic."""
    if rng.random() < entity_share:
        return _entity_query(rng)
    shapes: list[Callable[[], str]] = [
        lambda: f"({_quoted(rng)} OR {_quoted(rng)}) AND {_quoted(rng)}",
        lambda: f"{_quoted(rng)} AND NOT {_quoted(rng)}",
        lambda: f"{_quoted(rng)} OR {_quoted(rng)} OR {_quoted(rng)}",
        lambda: f"{_quoted(rng)} NEAR/5 {_quoted(rng)}",
        lambda: f"title:{_quoted(rng)} -{_quoted(rng)}",
        lambda: f"site:{rng.choice(SITES)} {_quoted(rng)}",
        lambda: f"{rng.choice(PREFIXES)} AND {_quoted(rng)}",
        lambda: f"(={rng.choice(['Hòa', 'Bình', 'Đà'])} OR {_quoted(rng)}) AND NOT {_quoted(rng)}",
    ]
    return rng.choice(shapes)()


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run(queries: int, articles: int, words: int, entity_share: float = 0.7) -> dict[str, float]:
    rng = random.Random(20260205)
    parsed: dict[int, Query] = {i: parse(generate_query(rng, entity_share)) for i in range(queries)}
    items = [generate_article(rng, words) for _ in range(articles)]
    matcher = Matcher(parsed)

    build: list[float] = []
    match: list[float] = []
    naive: list[float] = []
    candidates = matches = 0
    for title, body, url in items:
        start = time.perf_counter()
        doc = Document.of(title=title, text=body, url=url)
        build.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = matcher.match(doc)
        match.append(time.perf_counter() - start)
        start = time.perf_counter()
        expected = {i for i, q in parsed.items() if q.matches(doc)}
        naive.append(time.perf_counter() - start)
        assert found == expected, (title, found ^ expected)
        candidates += len(matcher.candidates(doc))
        matches += len(found)
    return {
        "document_of_median_ms": _median_ms(build),
        "match_median_ms": _median_ms(match),
        "match_p95_ms": statistics.quantiles(match, n=20)[-1] * 1000,
        "evaluate_all_median_ms": _median_ms(naive),
        "candidates_per_item": candidates / len(items),
        "matches_per_item": matches / len(items),
        "items_per_second_build_and_match": len(items) / (sum(build) + sum(match)),
    }


def figures(queries: int = 500, articles: int = 2000, words: int = 300) -> dict[str, dict[str, Any]]:
    """The query matcher's figures in the bench format (name → value, unit, n, note)."""
    measured = run(queries, articles, words)
    setting = f"{queries} queries (70 % about schools), {articles:,} articles of {words} words"

    def row(value: float, unit: str, note: str) -> dict[str, Any]:
        return {"value": round(value, 4), "unit": unit, "n": articles, "note": note}

    return {
        "query_match_ms_median": row(measured["match_median_ms"], "ms",
                                     f"Matcher.match of one article against {setting}"),
        "query_match_ms_p95": row(measured["match_p95_ms"], "ms", "the same, p95"),
        "query_document_ms_median": row(measured["document_of_median_ms"], "ms", "Document.of of one article"),
        "query_evaluate_all_ms_median": row(measured["evaluate_all_median_ms"], "ms",
                                            "every query evaluated on the article, without the index: what "
                                            "Matcher saves (its answers are checked equal)"),
        "query_candidates_per_item": row(measured["candidates_per_item"], "queries",
                                         "queries the index leaves to evaluate per article"),
        "query_matches_per_item": row(measured["matches_per_item"], "queries", "queries matching per article"),
        "query_items_per_s": row(measured["items_per_second_build_and_match"], "items/s",
                                 "Document.of + Matcher.match, wall time on one core"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=300)
    # 0 makes every query a topic query: a harsher load where ~5% of all queries match each article.
    parser.add_argument("--entity-share", type=float, default=0.7)
    args = parser.parse_args()
    figures = run(args.queries, args.articles, args.words, args.entity_share)
    print(f"{args.queries} queries ({args.entity_share:.0%} about schools), {args.articles} articles of "
          f"{args.words} words")
    for name, value in figures.items():
        print(f"  {name:36} {value:10.3f}")


if __name__ == "__main__":
    main()
