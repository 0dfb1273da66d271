"""`educomms monitoring train` and `educomms monitoring quality`.

    educomms monitoring train [--task sentiment|toxicity|all] [--csv labelled.csv ...]
        Retrain from the project's seed examples, the labels people corrected in the inbox and any labelled
        CSV (text,label); store the model as the next version with its evaluation (new mentions use it).
    educomms monitoring quality --task sentiment|toxicity --train PATH --test PATH
        Train on one labelled set, evaluate on another; print JSON (accuracy, macro_f1, weighted_f1, train_s,
        sentences_per_s). PATH is a CSV with text,label columns or a folder in the UIT layout.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

TASKS = ("sentiment", "toxicity")


class Command(BaseCommand):
    help = "Train the monitoring classifiers, or report a classifier's quality on labelled data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="retrain from corrected labels and labelled CSV files")
        train.add_argument("--task", choices=[*TASKS, "all"], default="all")
        train.add_argument("--csv", action="append", default=[], help="a labelled CSV (text,label); repeatable")
        quality = sub.add_parser("quality", help="train on one labelled set, evaluate on another, print JSON")
        quality.add_argument("--task", choices=TASKS, required=True)
        quality.add_argument("--train", required=True)
        quality.add_argument("--test", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "quality":
            self._quality(options)
        else:
            self._train(options)

    def _quality(self, options: dict[str, Any]) -> None:
        from educomms.monitoring.nlp.quality import quality_report

        try:
            report = quality_report(options["task"], options["train"], options["test"])
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def _train(self, options: dict[str, Any]) -> None:
        from educomms.monitoring import classifiers
        from educomms.monitoring.nlp.quality import read_labelled

        tasks = TASKS if options["task"] == "all" else (options["task"],)
        for task in tasks:
            extra: list[tuple[str, str]] = []
            for path in options["csv"]:
                try:
                    texts, labels = read_labelled(path, task)
                except (ValueError, OSError) as exc:
                    raise CommandError(str(exc)) from exc
                extra += list(zip(texts, labels, strict=True))
            version = classifiers.train_and_store(task=task, extra_rows=extra)
            ev = version.evaluation
            self.stdout.write(f"{task}: version {version.version}, {version.n_train} examples "
                              f"({ev.get('n_corrections', 0)} corrected in the inbox, {ev.get('n_imported', 0)} "
                              f"imported); held-out macro-F1 {ev.get('macro_f1', '—')}, "
                              f"weighted F1 {ev.get('weighted_f1', '—')}")
