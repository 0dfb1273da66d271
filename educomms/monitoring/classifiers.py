"""Which sentiment and toxicity model classifies new mentions: the newest trained version in the database
(`educomms monitoring train`), or the default model trained from the project's seed examples.

Each process keeps the loaded model and looks for a newer version at most once a minute.
"""

import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import ClassifierVersion, Mention
from .nlp import classifier as nlp

RECHECK_SECONDS = 60
_loaded: dict[str, tuple[int, Any]] = {}  # task → (version, model)
_checked: dict[str, float] = {}


def current(task: str) -> Any:
    """The model to use for `task` ("sentiment" or "toxicity")."""
    now = time.monotonic()
    if task in _loaded and now - _checked.get(task, 0) < RECHECK_SECONDS:
        return _loaded[task][1]
    _checked[task] = now
    newest = ClassifierVersion.objects.filter(task=task).order_by("-version").values_list("pk", "version").first()
    if newest is None:
        model = nlp.default_classifier(task)
        _loaded[task] = (0, model)
        return model
    if task not in _loaded or _loaded[task][0] != newest[1]:
        data = ClassifierVersion.objects.filter(pk=newest[0]).values_list("data", flat=True).get()
        _loaded[task] = (newest[1], nlp.TextClassifier.from_bytes(bytes(data)))
    return _loaded[task][1]


def forget() -> None:
    _loaded.clear()
    _checked.clear()


def corrected_rows(task: str) -> list[tuple[str, str]]:
    """People's labels (the inbox's corrections) as training rows."""
    field = "sentiment_label" if task == "sentiment" else "toxicity_label"
    rows = Mention.objects.exclude(**{field: ""}).values_list("title", "text", field)
    return [(f"{title}. {text}".strip(". ") if title else text, label) for title, text, label in rows]


@transaction.atomic
def train_and_store(*, task: str, extra_rows: list[tuple[str, str]], actor: Any = None) -> ClassifierVersion:
    """Retrain `task` from the seed, people's corrections and `extra_rows`; store it as the next version."""
    rows = corrected_rows(task) + list(extra_rows)
    model, evaluation = nlp.train_classifier(task, rows, include_seed=True)
    last = ClassifierVersion.objects.select_for_update().filter(task=task).order_by("-version").first()
    version = ClassifierVersion.objects.create(
        task=task, version=(last.version + 1) if last else 1, data=model.to_bytes(),
        evaluation={**evaluation, "n_corrections": len(rows) - len(extra_rows), "n_imported": len(extra_rows),
                    "trained_at": timezone.now().isoformat()},
        n_train=int(evaluation.get("n_train", len(rows))), created_by=actor)
    transaction.on_commit(forget)
    return version
