"""Quality report: the three labelled-data layouts, clear errors for bad files, and the report's figures."""

import csv

import pytest

from educomms.monitoring.nlp.classifier import seed_rows
from educomms.monitoring.nlp.quality import quality_report, read_labelled


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_uit(folder, rows):
    folder.mkdir()
    (folder / "sents.txt").write_text("\n".join(text for text, _ in rows) + "\n", encoding="utf-8")
    (folder / "sentiments.txt").write_text("\n".join(label for _, label in rows) + "\n", encoding="utf-8")
    return folder


def test_it_reads_a_csv_with_label_names_or_digits(tmp_path):
    path = write_csv(tmp_path / "labelled.csv", ["text", "label"],
                     [("Trường lạm thu", "negative"), ("Lịch thi học kỳ", "1"), ("Chúc mừng các em", "2")])
    assert read_labelled(path, "sentiment") == (["Trường lạm thu", "Lịch thi học kỳ", "Chúc mừng các em"],
                                                ["negative", "neutral", "positive"])


def test_it_reads_the_uit_folder_layout(tmp_path):
    folder = write_uit(tmp_path / "train", [("thầy dạy hay .", "2"), ("phòng học nóng .", "0")])
    assert read_labelled(folder, "sentiment") == (["thầy dạy hay .", "phòng học nóng ."], ["positive", "negative"])


def test_it_reads_the_vihsd_layout_with_multiline_comments(tmp_path):
    path = write_csv(tmp_path / "vihsd.csv", ["free_text", "label_id"],
                     [("bình thường thôi", "0"), ("đồ ngu\nbiến đi", "1"), ("bọn Bắc Kỳ", "2")])
    texts, labels = read_labelled(path, "toxicity")
    assert texts[1] == "đồ ngu\nbiến đi" and labels == ["clean", "offensive", "hate"]


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.csv", "Không tìm thấy"),
    (lambda d: write_csv(d / "cols.csv", ["noi_dung", "nhan"], [("a", "0")]), "cần cột văn bản"),
    (lambda d: write_csv(d / "label.csv", ["text", "label"], [("a", "0"), ("b", "tức giận")]), "dòng 2"),
    (lambda d: write_csv(d / "empty.csv", ["text", "label"], []), "không có dòng dữ liệu"),
    (lambda d: (d / "latin1.csv").write_bytes(b"text,label\ncaf\xe9,0\n") and d / "latin1.csv",
     "UTF-8"),
    (lambda d: (d / "folder").mkdir() or d / "folder", "sents.txt và sentiments.txt"),
])
def test_it_explains_bad_files_in_vietnamese(tmp_path, make, message):
    with pytest.raises(ValueError, match=message):
        read_labelled(make(tmp_path), "sentiment")


def test_it_refuses_a_uit_folder_whose_files_disagree(tmp_path):
    folder = write_uit(tmp_path / "dev", [("một", "0"), ("hai", "2")])
    (folder / "sentiments.txt").write_text("0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="sents.txt có 2 dòng nhưng sentiments.txt có 1 dòng"):
        read_labelled(folder, "sentiment")


def test_it_reports_quality_of_a_model_trained_on_one_file_and_measured_on_another(tmp_path):
    rows = seed_rows("toxicity")
    train = write_csv(tmp_path / "train.csv", ["text", "label"], rows[: len(rows) * 3 // 4])
    test = write_csv(tmp_path / "test.csv", ["text", "label"], rows[len(rows) * 3 // 4:])
    report = quality_report("toxicity", train, test)
    assert set(report) == {"accuracy", "macro_f1", "weighted_f1", "train_s", "sentences_per_s", "n_train", "n_test"}
    assert report["n_train"] + report["n_test"] == len(rows)
    assert 0.6 < report["macro_f1"] <= 1 and 0.6 < report["accuracy"] <= 1 and 0.6 < report["weighted_f1"] <= 1
    assert report["sentences_per_s"] > 0 and report["train_s"] >= 0
