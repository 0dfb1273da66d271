"""Quality and speed of the sentiment and toxicity classifiers on third-party reference data.

    .venv/bin/python bench/_monitoring_nlp.py            # prints the figures as JSON (about 30–60 s)

`figures()` is what the monitoring benchmark module calls. It reads `../shared/data` (next to the
repository; see its README: research-use data, never copied into the project) only when it is present,
and returns {} with a notice otherwise.

- UIT-VSFC (students' feedback, lower-cased and tokenised): train on `train/`, measure on `dev/`.
- ViHSD (social-media comments; clean / offensive / hate): train on `train.csv`, measure on `dev.csv`.

Each goes through `quality_report`, the same function as `educomms monitoring quality`: one model trained
with the project's default features and hyper-parameters (chosen by cross-validation on the train splits,
never on dev). Throughput is prediction over the whole dev set in this one process, best of three passes,
per CPU second of the process (the wall-clock rate on an idle core; a busy shared machine does not lower it).
Targets (VSFC): weighted F1 ≥ 0.90, macro F1 ≥ 0.78, ≥ 5,000 sentences/s.
"""

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
VSFC = DATA / "sentiment" / "uit-vsfc"
VIHSD = DATA / "toxicity" / "vihsd"


def _figure(value: float, unit: str, n: int, note: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"value": round(value, 4), "unit": unit, "n": n}
    if note:
        row["note"] = note
    return row


def _django() -> None:
    # Error messages are translated, so settings must exist; a caller that set Django up already is fine.
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")  # no database is used
        import django

        django.setup()


def figures() -> dict[str, dict]:
    if not (VSFC / "train").is_dir() or not (VIHSD / "train.csv").is_file():
        print(f"monitoring nlp: reference data not found under {DATA}; classifier quality not measured", flush=True)
        return {}
    _django()
    from educomms.monitoring.nlp.quality import quality_report

    out: dict[str, dict] = {}
    vsfc = quality_report("sentiment", VSFC / "train", VSFC / "dev")
    trained = f"trained on {vsfc['n_train']:,} sentences in {vsfc['train_s']} s"
    out["vsfc_dev_weighted_f1"] = _figure(vsfc["weighted_f1"], "", vsfc["n_test"], f"target ≥ 0.90; {trained}")
    out["vsfc_dev_macro_f1"] = _figure(vsfc["macro_f1"], "", vsfc["n_test"],
                                       f"target ≥ 0.78; accuracy {vsfc['accuracy']}")
    out["vsfc_sentences_per_s"] = _figure(vsfc["sentences_per_s"], "sentences/s", vsfc["n_test"],
                                          "target ≥ 5,000; prediction on one core, best of 3 passes, per CPU second")
    vihsd = quality_report("toxicity", VIHSD / "train.csv", VIHSD / "dev.csv")
    out["vihsd_dev_macro_f1"] = _figure(
        vihsd["macro_f1"], "", vihsd["n_test"],
        f"weighted F1 {vihsd['weighted_f1']}, accuracy {vihsd['accuracy']}; {vihsd['sentences_per_s']:,} "
        f"sentences/s; trained on {vihsd['n_train']:,} comments in {vihsd['train_s']} s")
    return out


if __name__ == "__main__":
    print(json.dumps(figures(), indent=2, ensure_ascii=False))
