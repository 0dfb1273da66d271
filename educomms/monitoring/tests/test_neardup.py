"""Near-duplicate clustering: MinHash signatures, band keys, and the Clusterer over an in-memory index."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from educomms.core.text import fold
from educomms.monitoring.nlp import neardup
from educomms.monitoring.nlp.neardup import Clusterer, MemoryIndex

ORIGINAL_TITLE = "Phụ huynh Trường THPT Nguyễn Trãi phản ánh nhiều khoản thu đầu năm"
ORIGINAL = [
    "Sáng 12/9, nhiều phụ huynh có con học tại Trường THPT Nguyễn Trãi (xã Tân Phong, Thanh Hóa) phản ánh việc "
    "nhà trường thu tiền lắp điều hòa với mức 1,2 triệu đồng mỗi học sinh.",
    "Theo phản ánh, ngoài học phí theo quy định, phụ huynh còn phải nộp tiền quỹ phụ huynh, tiền trông xe và "
    "tiền mua máy chiếu.",
    "Chị Lê Thị Hạnh, có con học lớp 10, cho biết tổng số tiền phải đóng ngay đầu năm lên tới 3,5 triệu đồng.",
    "Trao đổi với phóng viên, hiệu trưởng Phạm Thị Thu khẳng định các khoản thu đều do ban đại diện cha mẹ "
    "học sinh đề xuất và được thống nhất tại cuộc họp đầu năm.",
    "Bà Thu cũng thừa nhận việc thu tiền lắp điều hòa khi chưa có hướng dẫn của cấp trên là chưa đúng quy trình.",
    "Ông Nguyễn Văn Hùng, Phó Giám đốc Sở GD&ĐT Thanh Hóa, cho biết Sở đã yêu cầu nhà trường kiểm tra, làm rõ "
    "và báo cáo bằng văn bản trước ngày 20/9.",
    "Theo Thông tư 16/2023/TT-BGDĐT, các khoản thu thỏa thuận phải được công khai, minh bạch và không được ép "
    "buộc phụ huynh.",
    "Một số phụ huynh cho biết họ bị giáo viên chủ nhiệm nhắc nhở trước lớp khi chưa nộp tiền quỹ.",
    "Sở GD&ĐT Thanh Hóa đề nghị phụ huynh phản ánh qua đường dây nóng nếu phát hiện khoản thu trái quy định.",
]
# The same kind of story about the same school, written from the same template a month later: the same
# opening with other fees, people and numbers, and the department's boilerplate repeated word for word.
# Different news, not a copy (its shingles overlap the original's by about a third).
SAME_TEMPLATE = [
    "Chiều 15/10, nhiều phụ huynh có con học tại Trường THPT Nguyễn Trãi (xã Tân Phong, Thanh Hóa) phản ánh "
    "việc nhà trường thu tiền camera lớp học với mức 450 nghìn đồng mỗi học sinh.",
    "Theo phản ánh, ngoài học phí theo quy định, phụ huynh còn phải nộp tiền đồng phục thể dục và tiền sổ liên "
    "lạc điện tử.",
    "Anh Trần Đức Long, có con học lớp 12, cho biết gia đình phải nộp gần 2 triệu đồng chỉ trong một tuần.",
    "Liên hệ với nhà trường, hiệu trưởng Phạm Thị Thu giải thích camera được lắp theo đề nghị của nhiều phụ "
    "huynh để theo dõi con trong giờ học.",
    "Ông Nguyễn Văn Hùng, Phó Giám đốc Sở GD&ĐT Thanh Hóa, cho biết Sở đã yêu cầu nhà trường kiểm tra, làm rõ "
    "và báo cáo bằng văn bản trước ngày 25/10.",
    "Theo Thông tư 16/2023/TT-BGDĐT, các khoản thu thỏa thuận phải được công khai, minh bạch và không được ép "
    "buộc phụ huynh.",
    "Năm học trước, trường từng phải hoàn trả hơn 200 triệu đồng thu sai quy định sau kết luận thanh tra.",
    "Sở GD&ĐT Thanh Hóa đề nghị phụ huynh phản ánh qua đường dây nóng nếu phát hiện khoản thu trái quy định.",
]


def body(sentences: list[str]) -> str:
    return " ".join(sentences)


def signed(title: str, sentences: list[str]) -> np.ndarray:
    # The pipeline signs the folded title and text together; a changed title must not break a copy.
    return neardup.signature(fold(f"{title}. {body(sentences)}"))


def strip_marks(text: str) -> str:
    """Typed without a Vietnamese keyboard: no diacritics, đ→d, case kept."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def clusterer_with(*signatures: np.ndarray) -> tuple[Clusterer, MemoryIndex]:
    index = MemoryIndex()
    for cluster_id, sig in enumerate(signatures, start=1):
        index.add(cluster_id, sig)
    return Clusterer(index), index


def test_it_gives_identical_texts_the_same_signature() -> None:
    a = neardup.signature(fold(body(ORIGINAL)))
    b = neardup.signature(fold(body(ORIGINAL)))

    assert a.dtype == np.uint32 and a.shape == (neardup.NUM_PERM,)
    assert np.array_equal(a, b)
    assert neardup.similarity(a, b) == 1.0
    assert neardup.band_keys(a) == neardup.band_keys(b)


def test_it_clusters_a_copy_with_a_new_title_and_one_sentence_added() -> None:
    original = signed(ORIGINAL_TITLE, ORIGINAL)
    copy = signed(
        "Hàng loạt khoản thu 'tự nguyện' tại THPT Nguyễn Trãi khiến phụ huynh bức xúc",
        ["Câu chuyện tại THPT Nguyễn Trãi đang nhận được sự quan tâm của dư luận.", *ORIGINAL,
         "Theo báo Giáo dục Thời nay"],
    )
    clusterer, _ = clusterer_with(original)

    assert neardup.similarity(original, copy) >= neardup.THRESHOLD
    assert clusterer.assign(copy) == 1


def test_it_clusters_a_copy_with_a_sentence_removed_and_words_swapped() -> None:
    edited = [s.replace("phụ huynh", "cha mẹ học sinh", 1) for s in ORIGINAL[:3] + ORIGINAL[4:]]
    clusterer, _ = clusterer_with(signed(ORIGINAL_TITLE, ORIGINAL))

    assert clusterer.assign(signed("Làm rõ các khoản thu tại Trường THPT Nguyễn Trãi", edited)) == 1


def test_it_does_not_cluster_another_story_from_the_same_template_about_the_same_school() -> None:
    original = signed(ORIGINAL_TITLE, ORIGINAL)
    other = signed(ORIGINAL_TITLE, SAME_TEMPLATE)  # even under the very same title
    clusterer, _ = clusterer_with(original)

    assert 0.2 < neardup.similarity(original, other) < neardup.THRESHOLD
    assert clusterer.assign(other) is None


def test_it_clusters_a_copy_typed_without_diacritics() -> None:
    stripped = strip_marks(body(ORIGINAL))
    clusterer, _ = clusterer_with(neardup.signature(fold(body(ORIGINAL))))

    assert stripped != body(ORIGINAL)
    assert np.array_equal(neardup.signature(fold(stripped)), neardup.signature(fold(body(ORIGINAL))))
    assert clusterer.assign(neardup.signature(fold(stripped))) == 1


FIXED_TEXT = ("Sáng 5/9, Trường THPT Nguyễn Trãi long trọng tổ chức lễ khai giảng năm học mới với sự tham dự "
              "của đông đảo phụ huynh và học sinh.")


def test_it_computes_the_same_signature_and_band_keys_in_every_process() -> None:
    # Hard-coded: a change here invalidates every band key stored in the database.
    sig = neardup.signature(fold(FIXED_TEXT))
    keys = neardup.band_keys(sig)

    assert sig[:4].tolist() == [1943177863, 1041798284, 496504647, 87508443]
    assert keys[:3] == [-2948065724382566344, 3107864210168379012, -4631010842546911793]
    assert len(keys) == neardup.BANDS == len(set(keys))
    assert all(-(2**63) <= k < 2**63 for k in keys)  # a PostgreSQL bigint


def test_it_computes_the_same_band_keys_under_another_hash_seed() -> None:
    script = ("from educomms.core.text import fold; from educomms.monitoring.nlp import neardup; "
              f"print(neardup.band_keys(neardup.signature(fold({FIXED_TEXT!r}))))")
    # Our own interpreter running a fixed script.
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,  # noqa: S603
                         env={"PYTHONHASHSEED": "12345"}, cwd=Path(__file__).resolve().parents[3]).stdout

    assert out.strip() == str(neardup.band_keys(neardup.signature(fold(FIXED_TEXT))))


def test_it_mixes_the_band_index_into_band_keys() -> None:
    # Every band of a text of one repeated word holds the same values; the keys must still differ.
    sig = neardup.signature(fold("học " * 50))

    assert len(set(neardup.band_keys(sig))) == neardup.BANDS


def test_it_round_trips_a_signature_through_bytes() -> None:
    sig = neardup.signature(fold(body(ORIGINAL)))
    data = neardup.to_bytes(sig)

    assert isinstance(data, bytes) and len(data) == 4 * neardup.NUM_PERM
    assert np.array_equal(neardup.from_bytes(data), sig)
    assert neardup.from_bytes(data).dtype == np.uint32
    with pytest.raises(ValueError):
        neardup.from_bytes(data[:-4])


def test_it_accepts_stored_bytes_from_the_lookup() -> None:
    stored = neardup.to_bytes(signed(ORIGINAL_TITLE, ORIGINAL))
    clusterer = Clusterer(lambda keys: [(42, stored)])

    assert clusterer.assign(signed(ORIGINAL_TITLE, ORIGINAL)) == 42


def test_an_empty_stored_signature_matches_nothing() -> None:
    empty = neardup.signature("")
    assert Clusterer(lambda keys: [(3, empty), (4, neardup.to_bytes(empty))]).assign(signed(ORIGINAL_TITLE,
                                                                                            ORIGINAL)) is None


def test_it_does_not_cluster_short_texts() -> None:
    seven_words = neardup.signature(fold("Cảm ơn thầy cô nhiều lắm ạ"))
    assert not neardup.clusterable(seven_words)
    assert Clusterer(lambda keys: [(1, seven_words)]).assign(seven_words) is None
    hay = neardup.signature(fold("Hay quá!"))
    clusterer, index = clusterer_with(hay)

    assert not neardup.clusterable(hay)
    assert clusterer.assign(neardup.signature(fold("hay qua"))) is None
    assert list(index(neardup.band_keys(hay))) == []  # not even indexed
    assert Clusterer(lambda keys: [(1, hay)]).assign(hay) is None  # nor matched when a lookup offers it


def test_it_clusters_a_comment_long_enough_to_carry_evidence() -> None:
    comment = neardup.signature(fold("Đề nghị Sở GD&ĐT Thanh Hóa làm rõ các khoản thu của Trường THPT Nguyễn Trãi "
                                     "để phụ huynh yên tâm"))
    clusterer, _ = clusterer_with(comment)

    assert neardup.clusterable(comment)
    assert clusterer.assign(comment) == 1


def test_it_shingles_short_texts_by_single_words() -> None:
    assert neardup.SHINGLE_WORDS == 5
    assert len(neardup.shingles(fold("Hay quá"))) == 2
    assert len(neardup.shingles(fold("một hai ba bốn"))) == 4  # fewer than 5 words: single words
    assert len(neardup.shingles(fold("một hai ba bốn năm sáu"))) == 2  # two 5-word shingles
    assert len(neardup.shingles(fold("một hai ba bốn năm sáu"), k=3)) == 4
    assert neardup.shingles("") == set()
    assert neardup.similarity(neardup.signature(""), neardup.signature("")) == 0.0


def test_it_keeps_word_order_in_shingles() -> None:
    assert neardup.shingles("so giao duc va dao tao") != neardup.shingles("dao tao va so giao duc")
    assert neardup.shingles("so giao duc, va dao tao!") == neardup.shingles("so giao duc va dao tao")


def test_it_prefers_the_most_similar_cluster() -> None:
    original = signed(ORIGINAL_TITLE, ORIGINAL)
    light_edit = signed(ORIGINAL_TITLE, ORIGINAL[:-1])
    heavy_edit = signed(ORIGINAL_TITLE, ORIGINAL[:5] + SAME_TEMPLATE[:1])
    index = MemoryIndex()
    index.add(7, heavy_edit)
    index.add(9, light_edit)

    assert neardup.similarity(original, light_edit) > neardup.similarity(original, heavy_edit)
    assert Clusterer(index).assign(original) == 9


def test_it_breaks_ties_by_the_smaller_cluster_id() -> None:
    sig = signed(ORIGINAL_TITLE, ORIGINAL)

    assert Clusterer(lambda keys: [(8, sig), (3, sig), (5, sig)]).assign(sig) == 3


def test_a_signature_of_words_is_the_signature_of_their_text():
    for text in ["", "hay qua", "so giao duc va dao tao tinh binh son cong bo de an tuyen sinh lop 10 nam 2026"]:
        assert (neardup.signature_of_words(text.split()) == neardup.signature(text)).all()


def test_a_batch_of_signatures_is_each_text_signed_alone() -> None:
    texts = [fold(body(ORIGINAL)).split(), [], "hay qua".split(), fold(body(SAME_TEMPLATE)).split(),
             "mot hai ba bon nam".split(), ["hoc"] * 50]
    batch = neardup.signatures_of_words(texts)

    assert batch.shape == (len(texts), neardup.NUM_PERM) and batch.dtype == np.uint32
    for row, words in zip(batch, texts, strict=True):
        assert np.array_equal(row, neardup.signature_of_words(words))
    assert neardup.band_keys_of(batch).tolist() == [neardup.band_keys(row) for row in batch]
    assert neardup.clusterable_rows(batch).tolist() == [neardup.clusterable(row) for row in batch]


def test_every_slot_of_a_signature_holds_one_of_its_shingles() -> None:
    one = neardup.signature(fold("học " * 50))  # one distinct shingle: every slot borrows it
    few = neardup.signature(fold("một hai ba bốn năm sáu bảy tám chín"))  # five shingles

    assert len(set(one.tolist())) == 1 and one[0] < neardup._EMPTY
    assert neardup.distinct_shingles(few) == 5 and (few < neardup._EMPTY).all()
    assert (neardup.signature("") == neardup._EMPTY).all()


def test_slot_agreement_estimates_the_jaccard_similarity() -> None:
    rng = np.random.default_rng(7)
    vocabulary = [f"w{i}" for i in range(5_000)]
    errors = []
    for _ in range(200):
        base = list(rng.choice(vocabulary, size=int(rng.integers(60, 400))))
        copy = base.copy()
        for _edit in range(int(rng.integers(0, 12))):  # replace a run of words: shingles around it change
            at = int(rng.integers(0, len(copy)))
            copy[at:at + int(rng.integers(1, 8))] = list(rng.choice(vocabulary, size=int(rng.integers(1, 8))))
        a, b = neardup.shingles(" ".join(base)), neardup.shingles(" ".join(copy))
        exact = len(a & b) / len(a | b)
        estimate = neardup.similarity(*neardup.signatures_of_words([base, copy]))
        errors.append(estimate - exact)

    assert abs(float(np.mean(errors))) < 0.01  # unbiased
    assert float(np.std(errors)) < 0.06  # about sqrt(J(1-J)/128)


def test_it_needs_five_distinct_shingles_to_cluster() -> None:
    rng = np.random.default_rng(3)
    vocabulary = [f"tu{i}" for i in range(1_000)]

    def passing(words: int) -> float:
        texts = [list(rng.choice(vocabulary, size=words)) for _ in range(300)]
        return float(neardup.clusterable_rows(neardup.signatures_of_words(texts)).mean())

    assert passing(8) == 0.0  # four shingles
    assert 0.85 < passing(9) < 1.0  # five, unless two share a bin
    assert passing(14) > 0.99
