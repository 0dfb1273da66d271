"""Benchmarks of the network (org): generation, access, roll-up counts, the people list, Excel import.

    .venv/bin/python bench/run.py --only org          # what `make bench ONLY=org` runs
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/educomms_bench .venv/bin/python bench/run.py --only org

Two phases, each in its own process on a fresh database (SQLite under var/bench/ by default):

province  generate province scale (1,300 units, 50,000 people); the people-list page at the department
          level; import of 50,000 more people from an .xlsx file into the department.
national  generate national scale (54,000 units, 1.7 million people); access.visible_units for a
          department director and a school officer; org.selectors.subtree_counts over the whole tree
          and over one department; the people-list page at the department level.

Timings are medians over n runs after one warm-up run, measured in-process (the people list through
Django's test Client: URL routing, middleware, view, queries and template, i.e. server time without the
network). Targets (DESIGN.md §5): subtree counts ≤ 1 s national; people list ≤ 150 ms; national
generation ≤ 5 min on SQLite. Nothing here asserts a timing.

For a quick try on a smaller "national" tree: BENCH_NATIONAL_UNITS=5400 BENCH_NATIONAL_PEOPLE=170000.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import OUT, VAR, database_label, figure, log, run_phase, setup_django, timed  # noqa: E402

IMPORT_ROWS = 50_000


def _department_director():
    from educomms.org.models import Membership, Unit
    from educomms.org.roles import Role

    membership = (Membership.objects.filter(role=Role.HEAD, unit__kind=Unit.Kind.DEPARTMENT)
                  .select_related("person", "unit").order_by("unit__code").first())
    return membership.person, membership.unit


def _people_list(director, department, label: str) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    figures: dict[str, Any] = {}
    # Static file URLs without a collected manifest (we measure the page, not static files).
    with override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }):
        client = Client()
        client.force_login(director, backend="educomms.accounts.backends.EmailOrPhoneBackend")
        url = f"{reverse('org:people')}?unit={department.pk}"

        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        seconds, response = timed(get, n=20, warmup=2)
        assert b"nhan-su/" in response.content or response.content.count(b"<tr") > 10
        with CaptureQueriesContext(connection) as queries:
            get()
    figures[f"people_list_{label}_ms"] = figure(seconds * 1000, "ms", 20)
    figures[f"people_list_{label}_queries"] = figure(len(queries), "queries", 1)
    return figures


def _import_people(director, department) -> dict[str, Any]:
    try:
        from educomms.org.excel import services as excel
        from educomms.org.excel import workbooks
    except ImportError as exc:
        log(f"Excel import not available ({exc}): import_50k_people_s left out")
        return {}
    import datetime as dt
    import random

    from educomms.demo import names
    from educomms.org.models import Person, Unit
    from educomms.org.roles import Role

    codes = list(Unit.objects.filter(department.subtree_q(), kind=Unit.Kind.SCHOOL).values_list("code", flat=True))
    rng = random.Random(50_000)
    picker = names.NamePicker(rng)
    path = VAR / "import-50k-people.xlsx"

    def rows():
        for i in range(IMPORT_ROWS):
            name = picker.pick(female=rng.random() < 0.7)
            phone = names.sequential_phone(5_000_000 + i)  # far from the generated people's indexes
            yield (name.full, f"{name.given_folded}{name.initials}.nhap{i}@import.example", phone, phone,
                   "Giáo viên", rng.choice(codes), Role.STAFF, dt.date(2025, 9, 5))

    started = time.perf_counter()
    workbooks.write_people(rows(), path.open("wb"))
    log(f"wrote {IMPORT_ROWS:,} rows to {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s")
    before = Person.objects.count()
    started = time.perf_counter()
    result = excel.import_people(actor=director, unit=department, file=path)
    seconds = time.perf_counter() - started
    if not result.ok:
        log(f"import failed with {len(result.errors)} errors, first: {result.errors[:3]}")
        return {}
    assert result.people_created == IMPORT_ROWS and Person.objects.count() == before + IMPORT_ROWS
    return {"import_50k_people_s": figure(seconds, "s", 1)}


def phase_province() -> dict[str, Any]:
    setup_django()
    from educomms.demo.scale import SCALES, generate

    log("generating province scale")
    result = generate(**SCALES["province"].as_kwargs())
    figures = {"generate_province_s": figure(result.seconds, "s", 1)}
    director, department = _department_director()
    log("people list (province)")
    figures.update(_people_list(director, department, "province"))
    log(f"importing {IMPORT_ROWS:,} people from Excel")
    figures.update(_import_people(director, department))
    return figures


def phase_national() -> dict[str, Any]:
    setup_django()
    from educomms.demo.scale import SCALES, generate
    from educomms.org import access, selectors
    from educomms.org.models import Membership, Unit
    from educomms.org.roles import Role

    units = int(os.environ.get("BENCH_NATIONAL_UNITS") or SCALES["national"].units)
    people = int(os.environ.get("BENCH_NATIONAL_PEOPLE") or SCALES["national"].people)
    log(f"generating national scale ({units:,} units, {people:,} people)")
    result = generate(units=units, people=people, provinces=SCALES["national"].provinces)
    log(f"generated in {result.seconds:.1f} s")
    figures: dict[str, Any] = {
        "generate_national_s": figure(result.seconds, "s", 1),
        "national_units": figure(result.units, "units", 1),
        "national_people": figure(result.people, "people", 1),
        "national_memberships": figure(result.memberships, "memberships", 1),
    }
    director, department = _department_director()
    officer = (Membership.objects.filter(role=Role.COMMS_OFFICER, unit__kind=Unit.Kind.SCHOOL)
               .select_related("person").order_by("pk").first().person)

    def visible(user):
        def run():
            access.forget(user)  # include reading the user's roles, as on every request
            return len(list(access.visible_units(user)))
        return run

    log("visible_units")
    seconds, n_director = timed(visible(director), n=20)
    figures["visible_units_ms"] = figure(seconds * 1000, "ms", 20, f"department director: {n_director:,} units")
    seconds, n_officer = timed(visible(officer), n=20)
    figures["visible_units_officer_ms"] = figure(seconds * 1000, "ms", 20, f"school officer: {n_officer} unit(s)")

    log("subtree_counts")
    seconds, counts = timed(lambda: selectors.subtree_counts(None), n=5)
    root = Unit.objects.get(parent=None)
    assert counts[root.pk]["total"] >= result.people
    figures["subtree_counts_national_s"] = figure(seconds, "s", 5)
    seconds, _ = timed(lambda: selectors.subtree_counts(department), n=10)
    figures["subtree_counts_department_ms"] = figure(seconds * 1000, "ms", 10)

    log("people list (national)")
    listed = _people_list(director, department, "national")
    figures.update(listed)
    # The headline names (bench/README.md): the department-level page at national scale.
    figures["people_list_ms"] = dict(listed["people_list_national_ms"], note="national scale, department level")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", choices=["province", "national"])
    parser.add_argument("--phase-out")
    args = parser.parse_args()
    if args.phase:
        figures = phase_province() if args.phase == "province" else phase_national()
        Path(args.phase_out).write_text(json.dumps(figures))
        return
    started = time.perf_counter()
    figures: dict[str, Any] = {}
    failed = []
    for phase in ("province", "national"):
        print(f"org: phase {phase} on {database_label()}", flush=True)
        phase_figures, finished = run_phase(__file__, phase, f"org-{phase}")
        figures.update(phase_figures)
        if not finished:
            failed.append(phase)
    figures["bench_total_s"] = figure(time.perf_counter() - started, "s", 1)
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
    (OUT / "org.json").write_text(text)
    (OUT / f"org.{database_label()}.json").write_text(text)
    if failed:
        sys.exit(f"org: phase(s) {', '.join(failed)} failed; their figures are missing")


if __name__ == "__main__":
    main()
