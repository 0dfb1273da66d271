"""The project's own sentiment and toxicity classifiers for Vietnamese mentions.

A `TextClassifier` is TF-IDF features (`features.build_vectorizer`) and a linear SVM with class weights
balanced against label frequency, its scores turned into probabilities by sigmoid calibration on 3 internal
folds (`CalibratedClassifierCV(ensemble=False)`: one SVM fitted on everything, so prediction stays one
sparse dot product — tens of thousands of sentences per second on one core).

`default_classifier(task)` trains from the project's seed data (`seed/<task>.csv`, written for the project)
on first use and keeps it for the process. `train_classifier(task, rows)` is what the training command calls
with users' corrected labels and imported CSV rows: it measures on a stratified hold-out, then refits on
everything.
"""

import csv
import pickle  # noqa: S403  (blobs are written and read only by this module, see from_bytes)
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from sklearn.calibration import CalibratedClassifierCV
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from educomms.monitoring.nlp import batch
from educomms.monitoring.nlp.features import build_vectorizer, prepare

SENTIMENT = "sentiment"
TOXICITY = "toxicity"
LABELS: dict[str, tuple[str, ...]] = {
    SENTIMENT: ("negative", "neutral", "positive"),
    TOXICITY: ("clean", "offensive", "hate"),
}
SEED_DIR = Path(__file__).resolve().parent / "seed"
FORMAT = 1  # bump when the pickled layout changes; older blobs are then refused
HOLDOUT_SHARE = 0.2
HOLDOUT_MIN_PER_LABEL = 50  # below this a 20 % hold-out is too small to say anything per label
MIN_PER_LABEL = 3  # the calibration splits each label three ways
SVM_C = 0.5  # chosen by 5-fold cross-validation on UIT-VSFC train (0.2–1 within 0.003 macro-F1)


def label_name(task: str, value: str) -> str:
    """A label as its name: accepts the name itself or its digit (0 negative / clean, 1, 2 …)."""
    labels = _labels(task)
    value = (value or "").strip().lower()
    if value.isdigit() and int(value) < len(labels):
        return labels[int(value)]
    if value in labels:
        return value
    raise ValueError(_("Nhãn “%(label)s” không hợp lệ cho tác vụ %(task)s (dùng: %(labels)s).")
                     % {"label": value, "task": task, "labels": ", ".join(labels)})


def _labels(task: str) -> tuple[str, ...]:
    try:
        return LABELS[task]
    except KeyError:
        raise ValueError(_("Tác vụ “%(task)s” không tồn tại (dùng: sentiment, toxicity).") % {"task": task}) from None


@dataclass
class TextClassifier:
    """One task's model. Train with `train`, or load with `from_bytes`."""

    task: str
    trained_at: datetime | None = None
    n_train: int = 0
    label_counts: dict[str, int] = field(default_factory=dict)
    _vectorizer: FeatureUnion | None = field(default=None, repr=False)
    _model: CalibratedClassifierCV | None = field(default=None, repr=False)
    _batch: batch.BatchVectorizer | None = field(default=None, repr=False, compare=False)  # built on first use

    def __post_init__(self) -> None:
        _labels(self.task)

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS[self.task]

    @property
    def version(self) -> str:
        """Identifies a trained model in stored predictions: task, training time, size."""
        stamp = self.trained_at.strftime("%Y%m%dT%H%M%SZ") if self.trained_at else "untrained"
        return f"{self.task}-{stamp}-n{self.n_train}"

    @property
    def metadata(self) -> dict[str, Any]:
        return {"task": self.task, "version": self.version, "format": FORMAT,
                "trained_at": self.trained_at.isoformat() if self.trained_at else None,
                "n_train": self.n_train, "label_counts": dict(self.label_counts)}

    def train(self, texts: Sequence[str], labels: Sequence[str]) -> "TextClassifier":
        """Fit on `texts` with `labels` (names or digits). Raises ValueError when the data cannot train a model."""
        if len(texts) != len(labels):
            raise ValueError(_("Số câu và số nhãn không khớp (%(texts)d câu, %(labels)d nhãn).")
                             % {"texts": len(texts), "labels": len(labels)})
        names = [label_name(self.task, label) for label in labels]
        counts = Counter(names)
        if len(counts) < 2:
            raise ValueError(_("Cần dữ liệu của ít nhất hai nhãn để huấn luyện."))
        scarce = sorted(label for label, n in counts.items() if n < MIN_PER_LABEL)
        if scarce:
            raise ValueError(_("Mỗi nhãn cần ít nhất %(n)d câu; chưa đủ: %(labels)s.")
                             % {"n": MIN_PER_LABEL, "labels": ", ".join(scarce)})
        vectorizer = build_vectorizer()
        features = vectorizer.fit_transform([prepare(t) for t in texts])
        svm = LinearSVC(C=SVM_C, class_weight="balanced")
        model = CalibratedClassifierCV(svm, method="sigmoid", cv=MIN_PER_LABEL, ensemble=False)
        model.fit(features, names)
        self._vectorizer, self._model, self._batch = vectorizer, model, None
        self.trained_at = datetime.now(UTC)
        self.n_train = len(names)
        self.label_counts = {label: counts.get(label, 0) for label in self.labels}
        return self

    def _probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of probabilities in the order of `self.labels` (0 for a label absent from training)."""
        if self._vectorizer is None or self._model is None:
            raise RuntimeError("TextClassifier used before training")
        out = np.zeros((len(texts), len(self.labels)))
        if not texts:
            return out
        proba = self._model.predict_proba(self._features(texts))
        for column, label in enumerate(self._model.classes_):
            out[:, self.labels.index(label)] = proba[:, column]
        return out

    def _features(self, texts: Sequence[str]) -> Any:
        """The TF-IDF rows of `texts`: by `batch.BatchVectorizer` (the same matrix, several times faster) unless
        the vectoriser was built with other settings."""
        if self._batch is None and batch.supports(self._vectorizer):
            self._batch = batch.BatchVectorizer(self._vectorizer)
        if self._batch is not None:
            return self._batch.transform(texts)
        return self._vectorizer.transform([prepare(t) for t in texts])  # type: ignore[union-attr]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [label for label, _confidence in self.predict_with_confidence(texts)]

    def predict_proba(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return [dict(zip(self.labels, map(float, row), strict=True)) for row in self._probabilities(texts)]

    def predict_with_confidence(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most probable label of each text and its probability."""
        proba = self._probabilities(texts)
        best = proba.argmax(axis=1)
        return [(self.labels[i], float(proba[row, i])) for row, i in enumerate(best)]

    def to_bytes(self) -> bytes:
        return pickle.dumps({"format": FORMAT, "task": self.task, "trained_at": self.trained_at,
                             "n_train": self.n_train, "label_counts": self.label_counts,
                             "vectorizer": self._vectorizer, "model": self._model},
                            protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> "TextClassifier":
        """Load a model written by `to_bytes`.

        Precondition: `data` comes from our own storage (a model this module trained and saved). Unpickling
        runs code, so never pass bytes a user uploaded or that came over the network.
        """
        state = pickle.loads(data)  # noqa: S301  (our own blobs only, see the docstring)
        if not isinstance(state, dict) or state.get("format") != FORMAT:
            raise ValueError(_("Mô hình đã lưu có định dạng cũ hoặc không hợp lệ; cần huấn luyện lại."))
        return cls(task=state["task"], trained_at=state["trained_at"], n_train=state["n_train"],
                   label_counts=state["label_counts"], _vectorizer=state["vectorizer"], _model=state["model"])


def seed_rows(task: str) -> list[tuple[str, str]]:
    """The project's own labelled examples for `task` (text, label)."""
    _labels(task)
    with (SEED_DIR / f"{task}.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["label"]) for row in csv.DictReader(handle)]


_DEFAULTS: dict[str, TextClassifier] = {}
_DEFAULTS_LOCK = threading.Lock()


def default_classifier(task: str) -> TextClassifier:
    """The seed-trained model of `task`, trained on first use and kept for the life of the process."""
    with _DEFAULTS_LOCK:  # worker threads asking at once should train it once
        if task not in _DEFAULTS:
            rows = seed_rows(task)
            _DEFAULTS[task] = TextClassifier(task).train([t for t, _l in rows], [label for _t, label in rows])
        return _DEFAULTS[task]


def evaluate(model: TextClassifier, texts: Sequence[str], labels: Sequence[str]) -> dict[str, float]:
    """accuracy, macro_f1 and weighted_f1 of `model` on labelled texts."""
    truth = [label_name(model.task, label) for label in labels]
    predicted = model.predict(texts)
    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(f1_score(truth, predicted, labels=list(model.labels), average="macro", zero_division=0)),
        "weighted_f1": float(f1_score(truth, predicted, average="weighted", zero_division=0)),
    }


def train_classifier(task: str, rows: Iterable[tuple[str, str]], *,
                     include_seed: bool = True) -> tuple[TextClassifier, dict[str, Any]]:
    """Train `task` on `rows` (text, label name or digit), plus the seed data unless told otherwise.

    The evaluation holds out a stratified 20 % when every label has at least 50 rows (accuracy, macro_f1,
    weighted_f1 on it; `user_accuracy` on the held-out rows that came from `rows`, when there are some),
    then the returned model is refitted on everything. With fewer rows the metrics are None and
    `holdout` is False.
    """
    texts: list[str] = []
    labels: list[str] = []
    from_user: list[bool] = []
    for text, label in rows:
        if text and text.strip():
            texts.append(text)
            labels.append(label_name(task, label))
            from_user.append(True)
    n_user = len(texts)
    if include_seed:
        for text, label in seed_rows(task):
            texts.append(text)
            labels.append(label)
            from_user.append(False)
    counts = Counter(labels)
    evaluation: dict[str, Any] = {
        "task": task, "n_rows": len(texts), "n_user_rows": n_user, "include_seed": include_seed,
        "label_counts": {label: counts.get(label, 0) for label in LABELS[task]},
        "holdout": False, "n_test": 0, "accuracy": None, "macro_f1": None, "weighted_f1": None,
        "user_accuracy": None,
    }
    if len(counts) == len(LABELS[task]) and min(counts.values()) >= HOLDOUT_MIN_PER_LABEL:
        evaluation.update(_holdout(task, texts, labels, from_user))
    model = TextClassifier(task).train(texts, labels)
    evaluation["version"] = model.version
    return model, evaluation


def _holdout(task: str, texts: list[str], labels: list[str], from_user: list[bool]) -> dict[str, Any]:
    indices = np.arange(len(texts))
    train_idx, test_idx = train_test_split(indices, test_size=HOLDOUT_SHARE, stratify=labels, random_state=0)
    model = TextClassifier(task).train([texts[i] for i in train_idx], [labels[i] for i in train_idx])
    result: dict[str, Any] = {"holdout": True, "n_test": len(test_idx),
                              **evaluate(model, [texts[i] for i in test_idx], [labels[i] for i in test_idx])}
    user_idx = [i for i in test_idx if from_user[i]]
    if user_idx:
        predicted = model.predict([texts[i] for i in user_idx])
        result["user_accuracy"] = float(np.mean([p == labels[i] for p, i in zip(predicted, user_idx, strict=True)]))
        result["n_user_test"] = len(user_idx)
    return result

