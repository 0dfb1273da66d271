"""`educomms monitoring train` and `educomms monitoring quality`, and the default topics job."""

import json

import pytest
from django.core.management import CommandError, call_command

from educomms.monitoring import classifiers, pipeline, services
from educomms.monitoring.models import ClassifierVersion, Topic

from .factories import build, item

pytestmark = pytest.mark.django_db


def test_train_learns_from_corrected_labels_and_new_mentions_use_it(world, capsys):
    mw = build(world)
    services.label_mentions(actor=world.officer_a, mentions=[mw.opening_mention], sentiment="negative")
    call_command("monitoring", "train", "--task", "sentiment")
    version = ClassifierVersion.objects.get(task="sentiment")
    assert version.version == 1 and version.evaluation["n_corrections"] == 1
    assert version.evaluation["macro_f1"] is not None
    assert "sentiment: version 1" in capsys.readouterr().out
    classifiers.forget()
    assert classifiers.current("sentiment").version == classifiers.nlp.TextClassifier.from_bytes(
        bytes(version.data)).version
    stored = pipeline.ingest(source=mw.feed, items=[item("Tin mới", "Học sinh đạt giải cao.",
                                                         url="https://x.example/moi")]).mentions[0]
    assert stored.sentiment in {"negative", "neutral", "positive"}


def test_train_takes_a_labelled_csv_and_numbers_versions(world, tmp_path):
    path = tmp_path / "nhan.csv"
    path.write_text("text,label\nPhụ huynh rất hài lòng với nhà trường,positive\nTrường thu tiền vô lý,negative\n",
                    encoding="utf-8")
    call_command("monitoring", "train", "--task", "sentiment", "--csv", str(path))
    call_command("monitoring", "train", "--task", "sentiment")
    assert list(ClassifierVersion.objects.values_list("version", flat=True)) == [2, 1]
    assert ClassifierVersion.objects.get(version=1).evaluation["n_imported"] == 2


def test_train_refuses_a_bad_file_in_vietnamese(world, tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text("cot1,cot2\na,b\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("monitoring", "train", "--task", "sentiment", "--csv", str(path))
    assert not ClassifierVersion.objects.exists()


def test_quality_prints_the_figures_as_json(tmp_path, capsys):
    rows = {"positive": ["Trường tổ chức lễ khai giảng rất vui", "Học sinh đạt giải nhất, thầy cô tự hào",
                         "Phụ huynh cảm ơn nhà trường tận tâm", "Cô giáo rất nhiệt tình, con tiến bộ nhiều"],
            "negative": ["Trường thu sai quy định, phụ huynh bức xúc", "Học sinh bị bạo lực, gia đình phẫn nộ",
                         "Bữa ăn bán trú kém chất lượng", "Giáo viên quát mắng học sinh"],
            "neutral": ["Lịch thi học kỳ được thông báo", "Nhà trường thông báo tuyển sinh lớp 6",
                        "Sở ban hành kế hoạch năm học", "Học sinh nghỉ Tết từ ngày 20 tháng 1"]}
    lines = ["text,label"] + [f'"{t}",{label}' for label, texts in rows.items() for t in texts]
    (tmp_path / "train.csv").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "test.csv").write_text("\n".join(lines), encoding="utf-8")
    call_command("monitoring", "quality", "--task", "sentiment", "--train", str(tmp_path / "train.csv"),
                 "--test", str(tmp_path / "test.csv"))
    report = json.loads(capsys.readouterr().out)
    assert {"accuracy", "macro_f1", "weighted_f1", "train_s", "sentences_per_s"} <= set(report)
    assert report["n_test"] == 12 and 0 <= report["macro_f1"] <= 1


def test_every_school_gets_its_default_topic_once(world):
    assert services.ensure_default_topics() >= 3  # the ministry, the department, two schools
    assert services.ensure_default_topics() == 0
    topic = Topic.objects.get(unit=world.school_a, is_default=True)
    assert '"Trường THCS An Phú"' in topic.query and '"THCS An Phú"' in topic.query
