"""Benchmarks of the public portal under gunicorn: story pages (warm and cold cache), the home page, a bare
Django view through the same middleware (the ceiling), and search latency.

    .venv/bin/python bench/run.py --only portal       # what `make bench ONLY=portal` runs
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/educomms_bench .venv/bin/python bench/run.py --only portal

Data (bench/_portal_data.py): the national unit tree (54,000 units; 300,000 people rather than 1.7
million by default) and 100,000 published stories with themes and generated Vietnamese text, 30,000 of
them in the portal department's subtree. Generated once and reused while var/bench/portal.<db>.marker.json
matches (BENCH_PORTAL_REGENERATE=1 starts again). On PostgreSQL the database is BENCH_DATABASE_URL's name
+ "_portal", so the other modules' fresh databases do not wipe it.

Server: gunicorn, 2 workers, as `educomms serve` runs it (access log on), DEBUG off, settings
bench._portal_settings (the production settings with a bench-only URL for the bare view), static files
collected to var/bench/static and served by whitenoise, the default cache (per-process local memory unless REDIS_URL is set), persistent database connections
(SQLITE_CONN_MAX_AGE=60; PostgreSQL's DB_CONN_MAX_AGE is 60 by default). Headline figures use gthread
workers (2 × 4 threads, what `educomms serve` starts); bare, warm and cold are measured again with 2 sync
workers (suffix _sync). Bare, warm story and warm home alternate in three rounds (the median is reported)
so that other load on the machine weighs on them alike.

Load (bench/_portal_load.py): BENCH_PORTAL_CLIENTS (16) concurrent keep-alive connections for
BENCH_PORTAL_SECONDS (10) per figure, counting 200 responses only, from this process on the same machine
(the client takes CPU from the server: compare ratios, not absolute numbers, across machines).
- warm: 100 story URLs, each requested 6 times before the clock starts (both workers have them cached);
- cold: every request a story never requested before (the page cache is per worker and the server is
  new), so every request renders the page and stores it;
- search: 200 sequential GET /tim-kiem/?q=… over realistic queries with and without diacritics, p50/p95.
Before the server runs, CPU time per request is measured in-process through the WSGI handler (cold and warm
story page, bare view, uncached home): unlike requests/s it hardly moves with other load on the machine.
"""

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _portal_data as data  # noqa: E402
from bench._portal_load import latencies, throughput  # noqa: E402
from bench._portal_text import SEARCH_QUERIES  # noqa: E402
from bench._support import BASE_ENV, OUT, ROOT, VAR, Gunicorn, database_label, figure, log, setup_django  # noqa: E402

HOST = "127.0.0.1"
CLIENTS = int(os.environ.get("BENCH_PORTAL_CLIENTS") or 16)
SECONDS = float(os.environ.get("BENCH_PORTAL_SECONDS") or 10)
WARM_URLS = 100
PROFILED = 102
SEARCH_REQUESTS = int(os.environ.get("BENCH_PORTAL_SEARCH_REQUESTS") or 200)


def _env(label: str) -> dict[str, str]:
    return {**os.environ, **BASE_ENV, **data.DATABASE.env(), "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
            "DJANGO_SETTINGS_MODULE": "bench._portal_settings", "SQLITE_CONN_MAX_AGE": "60"}


# --- the data phase (its own process: Django on the bench database) -------------------------------------

def phase_data(out: Path) -> int:
    setup_django()
    want = data.wanted()
    label = database_label()
    if data.DATABASE.is_ready(label, asdict(want)):
        if not data.check_counts(want):
            log("the marker does not match the database: generating again")
            return 3
        log("reusing the generated data (marker matches)")
        seconds = data.DATABASE.seconds(label)
        reused = True
    else:
        seconds = data.generate(want)
        data.DATABASE.write_marker(label, asdict(want), seconds)
        reused = False
    info = _site_info()
    info.update(seconds=seconds, reused=reused, profile=_profile(info))
    out.write_text(json.dumps(info))
    return 0


def _site_info() -> dict[str, Any]:
    """The portal unit and the URLs of its subtree's public stories (newest first)."""
    from educomms.newsroom.models import Story
    from educomms.org.models import Unit
    from educomms.portal import selectors

    site = selectors.portal_unit()
    urls = [f"/tin/{pk}-{slug}/" for pk, slug in selectors.subtree_stories(site).values_list("pk", "slug")]
    return {
        "site": site.name, "site_units": Unit.objects.filter(site.subtree_q()).count(),
        "units": Unit.objects.count(), "stories": Story.objects.count(),
        "site_own_stories": selectors.site_stories(site).count(), "story_urls": urls,
    }


def _profile(info: dict[str, Any]) -> dict[str, Any]:
    """CPU time of this process per request, through Django's WSGI handler without HTTP or a test client
    (so without the client's instrumentation): an uncached story page, the same page from the cache, the
    bare view and an uncached home; and the query counts of the uncached pages. CPU time, unlike wall time
    or requests/s, hardly moves with the other work on the machine."""
    import io

    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    handler = WSGIHandler()

    def get(path: str) -> str:
        path, _, query = path.partition("?")
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": HOST,
                   "SERVER_PORT": "80", "HTTP_HOST": HOST, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http",
                   "wsgi.errors": sys.stderr}
        status: list[str] = []
        b"".join(handler(environ, lambda s, headers: status.append(s)))
        assert status[0].startswith("200"), (path, status)
        return status[0]

    def cpu_ms(paths: list[str]) -> float:
        started = time.process_time()
        for path in paths:
            get(path)
        return (time.process_time() - started) * 1000 / len(paths)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(path)
        return len(captured)

    cache.clear()
    # The oldest stories: never used by the load runs, which start from the newest. 100 of them: the local
    # memory cache keeps 300 entries (MAX_ENTRIES), so that the warm pass finds them all.
    stories = info["story_urls"][-PROFILED:]
    get(stories[0])
    get("/?profile=0")  # the portal unit, themes and section links are now cached, as they mostly are
    figures = {"story_queries": queries(stories[1]), "home_queries": queries("/?profile=1")}
    figures["story_cold_cpu_ms"] = cpu_ms(stories[2:])
    figures["story_warm_cpu_ms"] = cpu_ms(stories[2:])
    figures["bare_cpu_ms"] = cpu_ms(["/__bench/bare/"] * 300)
    figures["home_cold_cpu_ms"] = cpu_ms([f"/?profile={i}" for i in range(2, 22)])
    return figures


# --- the server ----------------------------------------------------------------------------------------------

class Server(Gunicorn):
    def __init__(self, label: str, worker_class: str) -> None:
        # As `educomms serve` (educomms/cli.py) runs it, access log to stdout included (thrown away here).
        options = ["--workers", "2", "--worker-class", worker_class, "--log-level", "warning",
                   "--access-logfile", "-", "--error-logfile", "-"]
        if worker_class == "gthread":
            options += ["--threads", "4"]
        super().__init__("bench._portal_wsgi:application", options=options, env=_env(label),
                         probe="/__bench/bare/", stdout=subprocess.DEVNULL)

    def rps(self, paths, *, note: str = "") -> tuple[dict[str, Any], float]:
        result = throughput(HOST, self.port, iter(paths), clients=CLIENTS, seconds=SECONDS)
        log(f"  {note or 'run'}: {result.describe()}")
        if result.other or result.errors:
            note = f"{note}; non-200: {result.other}, errors: {result.errors}".lstrip("; ")
        return figure(result.rps, "req/s", result.ok, note), result.rps


def _warm(server: Server, paths: list[str], times: int) -> None:
    throughput(HOST, server.port, iter(paths * times), clients=CLIENTS, seconds=600)


def _alternating(server: Server, runs: dict[str, Any], rounds: int = 3) -> dict[str, tuple[dict[str, Any], float]]:
    """Each named load in turn, `rounds` times (SECONDS/rounds each): the machine's other work then weighs
    on all of them alike. The median round of each, as a figure and its value."""
    results: dict[str, list[Any]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, paths in runs.items():
            results[name].append(throughput(HOST, server.port, iter(paths()), clients=CLIENTS, seconds=SECONDS / rounds))
    medians = {}
    for name, found in results.items():
        found.sort(key=lambda r: r.rps)
        middle = found[len(found) // 2]
        log(f"  {name}: " + "; ".join(f"{r.rps:,.0f}/s" for r in found) + f" → median {middle.describe()}")
        note = f"median of {rounds} alternating runs of {SECONDS / rounds:g} s"
        if any(r.other or r.errors for r in found):
            note += f"; non-200: {[r.other for r in found]}, errors: {[r.errors for r in found]}"
        medians[name] = (figure(middle.rps, "req/s", sum(r.ok for r in found), note), middle.rps)
    return medians


def measure_server(label: str, worker_class: str, cold_urls, warm_urls: list[str], suffix: str,
                   *, full: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    log(f"gunicorn, 2 {worker_class} workers" + (" × 4 threads" if worker_class == "gthread" else ""))
    with Server(label, worker_class) as server:
        _warm(server, ["/__bench/bare/", "/"], 20)
        _warm(server, warm_urls, 6)
        warm_name = f"{len(warm_urls)} cached story pages"
        runs: dict[str, Any] = {"bare view": lambda: itertools.repeat("/__bench/bare/"),
                                warm_name: lambda: itertools.cycle(warm_urls)}
        if full:
            runs["cached home page"] = lambda: itertools.repeat("/")
        measured = _alternating(server, runs)
        figures[f"bare_view_rps{suffix}"], bare = measured["bare view"]
        figures[f"story_page_rps_warm{suffix}"], warm = measured[warm_name]
        figures[f"story_page_warm_to_bare{suffix}"] = figure(warm / bare if bare else 0, "ratio", 1, "target ≥ 0.5")
        figures[f"story_page_rps_cold{suffix}"], _ = server.rps(cold_urls, note="each request a story never requested")
        if full:
            figures[f"home_rps_warm{suffix}"] = measured["cached home page"][0]
            counter = itertools.count()
            figures[f"home_rps_cold{suffix}"], _ = server.rps((f"/?bench={next(counter)}" for _ in itertools.count()),
                                                              note="home with an unknown parameter: never cached")
            figures.update(_search(server, label))
    return figures


def _search(server: Server, label: str) -> dict[str, Any]:
    from urllib.parse import quote

    paths = [f"/tim-kiem/?q={quote(q)}" for q in SEARCH_QUERIES]
    latencies(HOST, server.port, paths)  # one round to warm up
    timings = latencies(HOST, server.port, [paths[i % len(paths)] for i in range(SEARCH_REQUESTS)])
    ok = sorted(seconds * 1000 for status, seconds in timings if status == 200)
    if not ok:
        return {}
    p95 = ok[min(len(ok) - 1, int(round(0.95 * len(ok))) - 1)]
    name = "postgres" if label == "postgresql" else label
    note = f"{len(SEARCH_QUERIES)} queries with and without diacritics, sequential; p50 {statistics.median(ok):.1f} ms"
    if len(ok) < len(timings):
        note += f"; {len(timings) - len(ok)} non-200"
    log(f"  search: p95 {p95:.1f} ms, p50 {statistics.median(ok):.1f} ms")
    return {f"search_p95_ms_{name}": figure(p95, "ms", len(ok), note)}


def _collectstatic(label: str) -> None:
    (VAR / "static").mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=_env(label),
                   check=True)


def _run_data_phase(label: str) -> dict[str, Any]:
    out = VAR / f"portal.{label}.data.json"
    out.unlink(missing_ok=True)
    for attempt in range(2):
        if os.environ.get("BENCH_PORTAL_REGENERATE") and attempt == 0 or not data.DATABASE.is_ready(label, asdict(data.wanted())):
            data.DATABASE.drop(label)
        done = subprocess.run([sys.executable, __file__, "--phase", "data", "--phase-out", str(out)],
                              cwd=ROOT, env=_env(label), check=False)
        if done.returncode == 0:
            return json.loads(out.read_text())
        if done.returncode != 3 or attempt:
            raise SystemExit(f"portal: the data phase failed (exit {done.returncode})")
        data.DATABASE.drop(label)
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", choices=["data"])
    parser.add_argument("--phase-out")
    args = parser.parse_args()
    if args.phase:
        sys.exit(phase_data(Path(args.phase_out)))
    started = time.perf_counter()
    label = database_label()
    VAR.mkdir(parents=True, exist_ok=True)
    print(f"portal on {label}", flush=True)
    log("collectstatic")
    _collectstatic(label)
    info = _run_data_phase(label)
    seconds, profile = info["seconds"], info["profile"]
    how = "reused; generated earlier in" if info["reused"] else "generated in"
    figures: dict[str, Any] = {
        "generate_units_s": figure(seconds.get("units", 0), "s", 1, f"{how} this time ({info['units']:,} units)"),
        "generate_stories_s": figure(seconds.get("stories", 0), "s", 1, f"{info['stories']:,} stories, {how} this time"),
        "site_stories": figure(len(info["story_urls"]), "stories", 1,
                               f"{info['site']}: {info['site_units']:,} units, {info['site_own_stories']:,} own stories"),
        "story_page_queries": figure(profile["story_queries"], "queries", 1, "uncached story page"),
        "home_queries": figure(profile["home_queries"], "queries", 1, "uncached home page"),
        "story_page_cold_cpu_ms": figure(profile["story_cold_cpu_ms"], "ms", PROFILED - 2,
                                         "CPU per uncached story page, in-process through the WSGI handler"),
        "story_page_warm_cpu_ms": figure(profile["story_warm_cpu_ms"], "ms", PROFILED - 2, "the same pages from the cache"),
        "bare_view_cpu_ms": figure(profile["bare_cpu_ms"], "ms", 300, "the bare view"),
        "home_cold_cpu_ms": figure(profile["home_cold_cpu_ms"], "ms", 20, "uncached home page"),
    }
    urls = info["story_urls"][:-PROFILED]  # the oldest served the in-process profile
    warm_urls, cold = urls[:WARM_URLS], iter(urls[WARM_URLS:])
    # Headline: gthread, 2 workers × 4 threads, as `educomms serve` runs (WEB_CONCURRENCY=2, WEB_THREADS=4).
    figures.update(measure_server(label, "gthread", cold, warm_urls, "", full=True))
    figures.update(measure_server(label, "sync", cold, warm_urls, "_sync", full=False))
    figures["bench_total_s"] = figure(time.perf_counter() - started, "s", 1, f"load average {os.getloadavg()[0]:.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
    (OUT / "portal.json").write_text(text)
    (OUT / f"portal.{label}.json").write_text(text)


if __name__ == "__main__":
    main()
