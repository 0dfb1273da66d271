"""Quality report of a classifier: train on one labelled set, measure on another.

`read_labelled` understands three layouts:

- a CSV with `text,label` columns (label as a name — negative, neutral, positive / clean, offensive, hate —
  or as its digit);
- a folder in the UIT-VSFC layout: `sents.txt` and `sentiments.txt`, one sentence and one digit per line
  (0 negative, 1 neutral, 2 positive);
- the ViHSD CSV layout: `free_text,label_id` (0 clean, 1 offensive, 2 hate).
"""

import csv
import time
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from educomms.monitoring.nlp.classifier import TextClassifier, evaluate, label_name

TEXT_COLUMNS = ("text", "free_text")
LABEL_COLUMNS = ("label", "label_id")


def read_labelled(path: str | Path, task: str) -> tuple[list[str], list[str]]:
    """Texts and label names from a CSV file or a UIT-layout folder. Raises ValueError (in Vietnamese)."""
    path = Path(path)
    if path.is_dir():
        return _read_uit(path, task)
    if not path.is_file():
        raise ValueError(_("Không tìm thấy tệp hoặc thư mục “%(path)s”.") % {"path": path})
    return _read_csv(path, task)


def _read_uit(folder: Path, task: str) -> tuple[list[str], list[str]]:
    sents, sentiments = folder / "sents.txt", folder / "sentiments.txt"
    if not sents.is_file() or not sentiments.is_file():
        raise ValueError(_("Thư mục “%(path)s” cần có hai tệp sents.txt và sentiments.txt.") % {"path": folder})
    texts = _lines(sents)
    raw = _lines(sentiments)
    if len(texts) != len(raw):
        raise ValueError(_("sents.txt có %(texts)d dòng nhưng sentiments.txt có %(labels)d dòng.")
                         % {"texts": len(texts), "labels": len(raw)})
    return texts, _names(raw, task, sentiments)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise ValueError(_("Tệp “%(path)s” không phải văn bản UTF-8.") % {"path": path}) from None


def _read_csv(path: Path, task: str) -> tuple[list[str], list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            text_col = next((c for c in TEXT_COLUMNS if c in columns), None)
            label_col = next((c for c in LABEL_COLUMNS if c in columns), None)
            if text_col is None or label_col is None:
                raise ValueError(_("Tệp CSV “%(path)s” cần cột văn bản (text hoặc free_text) và cột nhãn "
                                   "(label hoặc label_id); đang có: %(columns)s.")
                                 % {"path": path, "columns": ", ".join(columns) or _("không có cột nào")})
            reader.fieldnames = columns
            texts, raw = [], []
            for row in reader:
                texts.append(row[text_col] or "")
                raw.append(row[label_col] or "")
    except UnicodeDecodeError:
        raise ValueError(_("Tệp “%(path)s” không phải văn bản UTF-8.") % {"path": path}) from None
    except csv.Error as exc:
        raise ValueError(_("Tệp CSV “%(path)s” bị lỗi định dạng: %(error)s") % {"path": path, "error": exc}) from None
    return texts, _names(raw, task, path)


def _names(raw: list[str], task: str, path: Path) -> list[str]:
    names = []
    for line, value in enumerate(raw, start=1):
        try:
            names.append(label_name(task, value))
        except ValueError as exc:
            raise ValueError(_("%(path)s, dòng %(line)d: %(error)s") % {"path": path, "line": line, "error": exc}) from None
    if not names:
        raise ValueError(_("Tệp “%(path)s” không có dòng dữ liệu nào.") % {"path": path})
    return names


def quality_report(task: str, train_path: str | Path, test_path: str | Path) -> dict[str, Any]:
    """Train `task` on `train_path`, measure on `test_path` (layouts as `read_labelled`).

    `sentences_per_s` is the prediction throughput over the whole test set in this one process, best of
    three passes (the evaluation pass before them warms the per-token caches, as a running worker's are).
    It is counted in CPU seconds of this process: on an idle core that is the wall-clock rate, and on a
    shared machine it does not drop because other processes take turns on the core.
    """
    train_texts, train_labels = read_labelled(train_path, task)
    test_texts, test_labels = read_labelled(test_path, task)
    started = time.perf_counter()
    model = TextClassifier(task).train(train_texts, train_labels)
    train_s = time.perf_counter() - started
    scores = evaluate(model, test_texts, test_labels)
    best = float("inf")
    for _pass in range(3):
        started = time.process_time()
        model.predict(test_texts)
        best = min(best, time.process_time() - started)
    return {
        "accuracy": round(scores["accuracy"], 4),
        "macro_f1": round(scores["macro_f1"], 4),
        "weighted_f1": round(scores["weighted_f1"], 4),
        "train_s": round(train_s, 2),
        "sentences_per_s": round(len(test_texts) / best) if best > 0 else None,
        "n_train": len(train_texts),
        "n_test": len(test_texts),
    }
