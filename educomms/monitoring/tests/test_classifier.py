"""The project's own classifiers: seed quality (cross-validated), unseen sentences, training, storage, speed."""


import csv
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import f1_score, recall_score
from sklearn.model_selection import StratifiedKFold

from educomms.core.text import fold
from educomms.monitoring.nlp import classifier
from educomms.monitoring.nlp.classifier import (
    LABELS,
    TextClassifier,
    default_classifier,
    label_name,
    seed_rows,
    train_classifier,
)
from educomms.monitoring.nlp.features import CharNgramTfidf, char_ngrams, prepare

# Written for these tests, not in the seed files (checked below); the last five of each list are typed as
# comments often are: without diacritics, with teencode.
UNSEEN_SENTIMENT = [
    ("Phụ huynh phẫn nộ khi con bị cô giáo bắt quỳ giữa lớp.", "negative"),
    ("Trường tự ý thu thêm tiền học buổi chiều mà không họp phụ huynh.", "negative"),
    ("Hơn 40 học sinh tiểu học phải cấp cứu sau bữa ăn trưa tại trường.", "negative"),
    ("Đề thi học kỳ môn Toán bị phát tán trên mạng trước giờ thi.", "negative"),
    ("Phòng học xuống cấp, trần nhà bong tróc rơi trúng học sinh.", "negative"),
    ("Tôi rất bực vì nhà trường không trả lời đơn của gia đình.", "negative"),
    ("Con tôi bị nhóm bạn chặn đường đánh trên đường đi học về.", "negative"),
    ("Nhiều giáo viên bỏ nghề vì lương thấp và áp lực quá lớn.", "negative"),
    ("Thật đáng xấu hổ khi hiệu trưởng bị bắt vì nhận hối lộ.", "negative"),
    ("Lớp học chật chội, nóng nực, các cháu ngồi học mà mồ hôi nhễ nhại.", "negative"),
    ("Chúc mừng em Nguyễn Văn An đạt huy chương vàng Olympic Vật lý.", "positive"),
    ("Ngôi trường mới xây khang trang, sạch đẹp, học sinh ai cũng thích.", "positive"),
    ("Cảm ơn thầy cô đã hết lòng vì học trò vùng khó.", "positive"),
    ("Tỉnh trao tặng 300 suất học bổng cho học sinh có hoàn cảnh khó khăn.", "positive"),
    ("Năm nay con tôi tiến bộ vượt bậc nhờ cô giáo chủ nhiệm tận tâm.", "positive"),
    ("Học sinh huyện miền núi lần đầu có phòng máy tính hiện đại.", "positive"),
    ("Kỳ thi diễn ra nghiêm túc, an toàn, đúng quy chế.", "positive"),
    ("Rất vui khi thấy các con hào hứng đến trường mỗi sáng.", "positive"),
    ("Đội tuyển của tỉnh giành 5 giải Nhất tại kỳ thi học sinh giỏi quốc gia.", "positive"),
    ("Bếp ăn bán trú sạch sẽ, các bé được ăn ngon và đủ chất.", "positive"),
    ("Sở GD&ĐT thông báo thời gian đăng ký dự thi vào lớp 10 chuyên.", "neutral"),
    ("Học sinh khối 12 thi thử tốt nghiệp vào ngày 20 tháng 4.", "neutral"),
    ("Trường nhận đơn đăng ký học bán trú tại văn phòng từ thứ hai.", "neutral"),
    ("Phụ huynh vui lòng nộp bản sao giấy khai sinh khi làm thủ tục nhập học.", "neutral"),
    ("Lịch họp hội đồng sư phạm được dời sang chiều thứ sáu.", "neutral"),
    ("Cho mình hỏi năm nay tuyển sinh lớp 1 có cần hộ khẩu không ạ?", "neutral"),
    ("Giờ học buổi sáng bắt đầu lúc 7 giờ kể từ tuần sau.", "neutral"),
    ("Phòng giáo dục huyện tổ chức hội nghị triển khai nhiệm vụ năm học.", "neutral"),
    ("Danh sách thí sinh trúng tuyển sẽ được công bố vào ngày 10 tháng 7.", "neutral"),
    ("Trường THCS tổ chức kiểm tra cuối kỳ theo lịch chung của phòng giáo dục.", "neutral"),
    # Crisis news told as bare facts, and notices that use the same words neutrally (the first four are demo
    # inbox items the seed model once got wrong; the two notices after them are the brief's own examples).
    ("Nóng: Giáo viên Trường Tiểu học số 4 Tân Phong bị tố tát học sinh trong giờ học", "negative"),
    ("Ảnh chụp chiều qua ở THCS Phan Chu Trinh: phòng thí nghiệm thấm dột mỗi khi mưa. Giáo viên phải kê bàn ra "
     "hành lang để dạy.", "negative"),
    ("420 học sinh MN số 2 Vĩnh Hòa nhập viện sau bữa ăn bán trú", "negative"),
    ("Ai đi qua THPT Nam Bình Sơn mới thấy cổng trường xuống cấp nghiêm trọng thế nào", "negative"),
    ("Hướng dẫn phòng chống đuối nước cho học sinh trong dịp hè", "neutral"),
    ("Sở tổ chức tập huấn an toàn thực phẩm bếp ăn bán trú", "neutral"),
    ("Khởi tố nguyên kế toán trường mầm non lập chứng từ khống", "negative"),
    ("Một học sinh lớp 6 tử vong do đuối nước ở đập tràn", "negative"),
    ("Quy định về thời hạn giải quyết khiếu nại trong ngành giáo dục", "neutral"),
    ("Nữ sinh lớp 9 lao xuống sông cứu hai em nhỏ bị đuối nước", "positive"),
    ("Trường vùng cao hết cảnh học trong phòng học dột nát", "positive"),
    ("Đội tuyển Tin học của tỉnh giành ba huy chương Vàng", "positive"),
    ("truong thu tien sai quy dinh, phu huynh rat buc xuc", "negative"),
    ("co giao day hay lam, con minh thich di hoc lam", "positive"),
    ("mn ơi cho hỏi mai hs lớp 3 có đi học k ạ", "neutral"),
    ("trường j mà bẩn thỉu, con về kêu đau bụng hoài", "negative"),
    ("cảm ơn cô nhìu lắm ạ, bé nhà em tiến bộ rùi", "positive"),
]
UNSEEN_TOXICITY = [
    ("Mong nhà trường sớm có câu trả lời cho phụ huynh về khoản thu này.", "clean"),
    ("Tôi thấy cách xử lý như vậy chưa thỏa đáng, đề nghị xem xét lại.", "clean"),
    ("Chúc các em thi tốt và đạt kết quả cao.", "clean"),
    ("Cảm ơn Sở đã thông tin kịp thời cho phụ huynh.", "clean"),
    ("Con mình học lớp 5, năm nay bài tập nhiều quá các mẹ ạ.", "clean"),
    ("Đề nghị làm rõ trách nhiệm của bếp ăn trong vụ ngộ độc.", "clean"),
    ("Thương các cô giáo mầm non, lương thấp mà công việc vất vả.", "clean"),
    ("Trường có tổ chức học bơi cho học sinh trong hè không ạ?", "clean"),
    ("Các bạn học sinh khuyết tật học hòa nhập rất chăm chỉ.", "clean"),
    ("Học sinh vùng cao vượt khó đến trường thật đáng khâm phục.", "clean"),
    ("Thằng hiệu trưởng mặt dày ăn tiền của dân.", "offensive"),
    ("Đm đọc bài mà tức, con mẹ nó chứ.", "offensive"),
    ("Mụ cô giáo này ngu vãi, dạy dỗ cái gì.", "offensive"),
    ("Câm cái mồm lại, loại mày biết gì mà nói.", "offensive"),
    ("Vcl thằng admin đăng tin xàm.", "offensive"),
    ("Bọn ban giám hiệu ăn bẩn, cút hết cho rồi.", "offensive"),
    ("Đồ khốn, đánh trẻ con mà còn chối.", "offensive"),
    ("Óc lợn mới nghĩ ra cái quy định này.", "offensive"),
    ("Thằng phụ huynh kia rảnh vl, suốt ngày lên mạng chửi.", "offensive"),
    ("Mày bị ngu à mà hỏi câu đó.", "offensive"),
    ("Bọn Bắc Kỳ vào đây dạy học toàn lừa đảo, đuổi hết về.", "hate"),
    ("Dân tộc thiểu số thì ngu, cho đi học chỉ tốn tiền.", "hate"),
    ("Con gái học cao làm gì, rồi cũng ở nhà nuôi con.", "hate"),
    ("Lũ khuyết tật đi học chỉ làm khổ giáo viên.", "hate"),
    ("Đám người miền Tây lười học, trình độ thấp là phải.", "hate"),
    ("Bọn bê đê không xứng làm thầy giáo.", "hate"),
    ("Dân Thanh Hóa toàn trộm cắp, trường nào nhận cũng khổ.", "hate"),
    ("Lũ mọi trên núi không biết vệ sinh, đừng cho học chung.", "hate"),
    ("Đàn bà thì làm lãnh đạo ngành giáo dục sao được.", "hate"),
    ("Bọn Parky phản động, con cái chúng nó cũng vậy.", "hate"),
    ("thang hieu truong nay an ban vl", "offensive"),
    ("dm bọn bgh ngu như bò", "offensive"),
    ("mong trường xem xét lại khoản thu, cảm ơn ạ", "clean"),
    ("bon bac ky cut ve que het di", "hate"),
    ("con gai thi hoc lam gi cho ton tien", "hate"),
]

UNSEEN = {"sentiment": UNSEEN_SENTIMENT, "toxicity": UNSEEN_TOXICITY}

# Sentences and short news items (title and lead) written for measuring only, never for training: crisis
# headlines of every kind, facilities, accidents, discipline, parents' complaints, praise, awards, notices.
HELDOUT_SENTIMENT = Path(__file__).resolve().parent / "fixtures" / "sentiment_heldout.csv"
# Measured: 0.960 macro-F1 with the seed as committed alongside this bar (0.876 before the crisis-news rows).
HELDOUT_MACRO_F1 = 0.92
HELDOUT_RECALL = 0.85


def heldout_rows() -> list[tuple[str, str]]:
    with HELDOUT_SENTIMENT.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["label"]) for row in csv.DictReader(handle)]


def word_trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", fold(text.lower()))
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def cross_validated_macro_f1(task: str, folds: int = 5) -> float:
    rows = seed_rows(task)
    texts = np.array([t for t, _ in rows], dtype=object)
    labels = np.array([label for _, label in rows], dtype=object)
    predicted = np.empty(len(rows), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        model = TextClassifier(task).train(list(texts[train]), list(labels[train]))
        predicted[test] = model.predict(list(texts[test]))
    return float(f1_score(labels, predicted, average="macro"))


@pytest.mark.parametrize("task", ["sentiment", "toxicity"])
def test_it_reports_the_cross_validated_macro_f1_of_the_seed_data(task, capsys):
    # Much of the seed comes from templates, so folds share phrasings: this number flatters the model, and
    # the unseen sentences below are the honest check.
    score = cross_validated_macro_f1(task)
    with capsys.disabled():
        print(f"\n{task}: 5-fold cross-validated macro-F1 on the seed data = {score:.3f}")
    assert score >= 0.85


@pytest.mark.parametrize("task", ["sentiment", "toxicity"])
def test_it_keeps_seed_files_balanced_and_well_formed(task):
    rows = seed_rows(task)
    counts = {label: sum(1 for _, lab in rows if lab == label) for label in LABELS[task]}
    assert len(rows) >= (600 if task == "sentiment" else 450)
    assert min(counts.values()) >= 100, counts
    assert all(text.strip() for text, _ in rows)
    assert len({text for text, _ in rows}) == len(rows)


@pytest.mark.parametrize("task", ["sentiment", "toxicity"])
def test_it_gets_most_unseen_sentences_right(task):
    sentences = UNSEEN[task]
    seed = {fold(text) for text, _ in seed_rows(task)}
    assert not [text for text, _ in sentences if fold(text) in seed], "test sentences must not be in the seed"
    predicted = default_classifier(task).predict([text for text, _ in sentences])
    wrong = [(text, label, got) for (text, label), got in zip(sentences, predicted, strict=True) if got != label]
    assert len(wrong) <= 0.2 * len(sentences), wrong


def test_it_keeps_the_heldout_sentiment_sentences_balanced_and_apart_from_the_seed():
    rows = heldout_rows()
    counts = Counter(label for _, label in rows)
    assert len(rows) >= 150 and set(counts) == set(LABELS["sentiment"])
    assert max(counts.values()) - min(counts.values()) <= 5, counts
    seed = seed_rows("sentiment")
    folded_seed = {fold(text) for text, _ in seed}
    assert not [text for text, _ in rows if fold(text) in folded_seed], "held-out sentences must not be in the seed"
    # Not merely renamed copies either: no held-out item shares most of its word trigrams with a seed row.
    seed_grams = [grams for grams in (word_trigrams(text) for text, _ in seed) if grams]
    close = []
    for text, _ in rows:
        grams = word_trigrams(text)
        if grams and max(len(grams & other) / len(grams | other) for other in seed_grams) >= 0.5:
            close.append(text)
    assert not close, close


def test_it_reaches_the_macro_f1_bar_on_the_heldout_sentiment_sentences(capsys):
    rows = heldout_rows()
    truth = [label for _, label in rows]
    predicted = default_classifier("sentiment").predict([text for text, _ in rows])
    labels = list(LABELS["sentiment"])
    macro_f1 = float(f1_score(truth, predicted, labels=labels, average="macro"))
    recall = dict(zip(labels, recall_score(truth, predicted, labels=labels, average=None), strict=True))
    with capsys.disabled():
        print(f"\nsentiment: held-out macro-F1 = {macro_f1:.3f}, recall "
              + ", ".join(f"{label} {value:.3f}" for label, value in recall.items()))
    assert macro_f1 >= HELDOUT_MACRO_F1
    assert min(recall.values()) >= HELDOUT_RECALL, recall


def test_it_gives_a_probability_for_every_label():
    model = default_classifier("sentiment")
    [proba] = model.predict_proba(["Học sinh trường làng đỗ thủ khoa, cả xã vui mừng."])
    assert set(proba) == set(LABELS["sentiment"])
    assert sum(proba.values()) == pytest.approx(1.0)
    [(label, confidence)] = model.predict_with_confidence(["Học sinh trường làng đỗ thủ khoa, cả xã vui mừng."])
    assert label == max(proba, key=proba.__getitem__) == "positive"
    assert confidence == pytest.approx(proba[label])


def test_it_answers_nothing_for_no_texts():
    model = default_classifier("toxicity")
    assert model.predict([]) == [] and model.predict_proba([]) == [] and model.predict_with_confidence([]) == []


def test_it_trains_the_default_model_once_per_process(monkeypatch):
    # How fast it trains and predicts is measured by bench/monitoring.py, not asserted here.
    monkeypatch.setattr(classifier, "_DEFAULTS", {})
    first = default_classifier("sentiment")
    assert default_classifier("sentiment") is first


def test_it_survives_a_round_trip_through_bytes():
    model = default_classifier("toxicity")
    loaded = TextClassifier.from_bytes(model.to_bytes())
    texts = [text for text, _ in UNSEEN_TOXICITY]
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.metadata == model.metadata
    assert loaded.metadata["task"] == "toxicity" and loaded.metadata["n_train"] == len(seed_rows("toxicity"))
    assert loaded.version.startswith("toxicity-") and loaded.metadata["label_counts"]["hate"] >= 100


def test_it_refuses_bytes_of_another_format():
    import pickle

    with pytest.raises(ValueError, match="định dạng"):
        TextClassifier.from_bytes(pickle.dumps({"format": 0}))


def test_it_accepts_label_digits_and_refuses_unknown_labels():
    assert label_name("sentiment", "0") == "negative"
    assert label_name("toxicity", " 2 ") == "hate"
    assert label_name("toxicity", "Offensive") == "offensive"
    with pytest.raises(ValueError, match="không hợp lệ"):
        label_name("sentiment", "angry")
    with pytest.raises(ValueError, match="không tồn tại"):
        TextClassifier("spam")


def test_it_refuses_to_train_on_a_single_label_or_too_few_rows():
    with pytest.raises(ValueError, match="hai nhãn"):
        TextClassifier("sentiment").train(["a", "b", "c"], ["negative"] * 3)
    with pytest.raises(ValueError, match="ít nhất 3"):
        TextClassifier("sentiment").train(["tệ", "tốt", "rất tốt", "hay"], ["negative", "positive", "positive",
                                                                                "positive"])


def test_it_trains_on_user_rows_with_the_seed_and_evaluates_on_a_holdout():
    user = [("Trường tự ý thu tiền điều hòa của phụ huynh", "negative"),
            ("Lịch trực hè đã được gửi về các tổ chuyên môn", "1"),
            ("Các em đạt giải Nhì cuộc thi vẽ tranh cấp tỉnh", "positive")] * 20
    model, evaluation = train_classifier("sentiment", user)
    assert model.n_train == len(user) + len(seed_rows("sentiment"))
    assert evaluation["holdout"] is True
    assert evaluation["n_test"] == pytest.approx(0.2 * model.n_train, abs=1)
    assert {"accuracy", "macro_f1", "weighted_f1", "label_counts"} <= set(evaluation)
    assert evaluation["macro_f1"] > 0.7 and evaluation["user_accuracy"] is not None
    assert evaluation["label_counts"]["neutral"] == 20 + sum(1 for _, lab in seed_rows("sentiment") if lab == "neutral")
    assert evaluation["version"] == model.version
    assert model.predict(["Lịch trực hè đã được gửi về các tổ chuyên môn"]) == ["neutral"]


def test_it_skips_the_holdout_when_labels_have_fewer_than_50_rows():
    rows = [("Thằng này ngu vãi", "offensive"), ("Cảm ơn nhà trường", "clean"), ("Bọn Bắc Kỳ cút về", "hate")] * 5
    model, evaluation = train_classifier("toxicity", rows, include_seed=False)
    assert evaluation["holdout"] is False and evaluation["macro_f1"] is None
    assert model.n_train == 15 and model.label_counts == {"clean": 5, "offensive": 5, "hate": 5}


def test_it_prepares_accented_and_tokenised_text_alike():
    assert prepare("Thầy giảng bài hay, dễ hiểu!") == "thầy giảng bài hay , dễ hiểu !"
    assert prepare("thầy giảng bài hay , dễ hiểu !") == "thầy giảng bài hay , dễ hiểu !"
    assert prepare("ko dc  hoà") == "không được hòa"  # teencode spelled out, one tone placement


def test_it_builds_the_same_character_features_as_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [prepare(text) for text, _ in seed_rows("toxicity")[:200]] + ["a b", "xin chào"]
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), lowercase=False)
    assert [char_ngrams(t) for t in texts] == [reference.build_analyzer()(t) for t in texts]
    ours = CharNgramTfidf(min_df=2).fit(texts[:150])
    theirs = TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True, min_df=2).fit(texts[:150])
    assert abs(ours.transform(texts[150:]) - theirs.transform(texts[150:])).max() < 1e-6


# Raw texts as the pipeline passes them: punctuation stuck to words, teencode, repeats, no diacritics, symbols,
# full-width letters, a combining accent, underscores, nothing at all.
AWKWARD_TEXTS = ["", "   ", "k dc!!! ntn vậy ??", "Trường,học; 'abc' — “x” ntn ntn ntn", "a", "đ", "hs gv bgh 123 45,6",
                 "😀😀 hay quá", "A_B c_d", "ＡＢＣ full width", "e\u0301 combining", "Cô giáo cô giáo cô giáo!",
                 "thay giao day hay, de hieu", "Bọn này… cút!!!", "zzzz-qqqq xyzzy", "k"]


@pytest.mark.parametrize("task", ["sentiment", "toxicity"])
def test_it_builds_the_same_features_batched_as_the_union_does(task):
    from educomms.monitoring.nlp.batch import BatchVectorizer

    model = default_classifier(task)
    texts = [text for text, _ in seed_rows(task)[::7]] + AWKWARD_TEXTS
    union = model._vectorizer
    batched = BatchVectorizer(union)
    expected = union.transform([prepare(t) for t in texts])
    for _round in range(2):  # pieces new to the vectoriser, then the same pieces from its tables
        got = batched.transform(texts)
        assert got.shape == expected.shape and got.nnz == expected.nnz
        assert abs(got - expected).max() == 0
    assert batched.transform([]).shape == (0, expected.shape[1])
    assert abs(batched.transform(texts[-3:]) - expected[-3:]).max() == 0  # a batch's rows don't depend on the others


def test_it_uses_the_union_itself_for_a_vectoriser_built_otherwise():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    from educomms.monitoring.nlp import batch

    model = default_classifier("sentiment")
    assert batch.supports(model._vectorizer)
    other = FeatureUnion([("words", TfidfVectorizer(min_df=2)), ("folded", TfidfVectorizer()),
                          ("chars", CharNgramTfidf())])
    assert not batch.supports(other) and not batch.supports(TfidfVectorizer())
    with pytest.raises(ValueError):
        batch.BatchVectorizer(other)
