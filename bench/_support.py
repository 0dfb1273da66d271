"""Shared by the bench modules: a fresh database per phase, Django set up on it, timing helpers.

A bench module runs each phase in its own process (`python bench/<module>.py --phase NAME`), so that
every phase starts on a fresh database with a fresh Django. SQLite files live under var/bench/;
PostgreSQL is used when BENCH_DATABASE_URL is set (its database name must contain "bench": it is
dropped and created again for every phase).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VAR = ROOT / "var" / "bench"


def database_label() -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    return "postgresql" if url else "sqlite"


def fresh_database(name: str) -> dict[str, str]:
    """Environment variables pointing Django at a new, empty database for phase `name`."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        parsed = urlparse(url)
        dbname = parsed.path.lstrip("/")
        if "bench" not in dbname:
            sys.exit(f"BENCH_DATABASE_URL must name a database containing 'bench' (it is dropped): {dbname!r}")
        import psycopg

        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"')
        return {"DATABASE_URL": url}
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return {"SQLITE_PATH": str(path), "DATABASE_URL": ""}


BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",  # production-like: no query log, cached templates
    "SECRET_KEY": "bench-not-a-secret",
    "ALLOWED_HOSTS": "testserver,localhost",
    "SECURE_COOKIES": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "LOG_LEVEL": "WARNING",
    "STATIC_ROOT": str(VAR / "static"),  # whitenoise wants the directory to exist; nothing is collected
}


@dataclass(frozen=True)
class KeptDatabase:
    """A benchmark database kept between runs, because loading it takes minutes: on PostgreSQL the name of
    BENCH_DATABASE_URL + "_" + `pg_suffix` (apart from the phases' databases, which are dropped for every run),
    on SQLite var/bench/<name>.sqlite3. A marker (var/bench/<name>.<db label>.marker.json) records what was
    loaded, written once the load has committed: the data is reused while the marker matches."""

    name: str
    pg_suffix: str

    def _pg_name(self) -> str:
        name = urlparse(os.environ["BENCH_DATABASE_URL"]).path.lstrip("/")
        if "bench" not in name:
            raise SystemExit(f"BENCH_DATABASE_URL must name a database containing 'bench' (it is dropped): {name!r}")
        return f"{name}_{self.pg_suffix}"

    def _sqlite_path(self) -> Path:
        return VAR / f"{self.name}.sqlite3"

    def env(self) -> dict[str, str]:
        """Environment pointing Django at the database (created when missing, never dropped here)."""
        VAR.mkdir(parents=True, exist_ok=True)
        url = os.environ.get("BENCH_DATABASE_URL")
        if not url:
            return {"SQLITE_PATH": str(self._sqlite_path()), "DATABASE_URL": ""}
        import psycopg

        parsed = urlparse(url)
        with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self._pg_name()]).fetchone():
                conn.execute(f'CREATE DATABASE "{self._pg_name()}"')
        return {"DATABASE_URL": parsed._replace(path=f"/{self._pg_name()}").geturl()}

    def marker(self, label: str) -> Path:
        return VAR / f"{self.name}.{label}.marker.json"

    def drop(self, label: str) -> None:
        """Start again: the marker goes first (a half-dropped database is never taken for a complete one)."""
        self.marker(label).unlink(missing_ok=True)
        url = os.environ.get("BENCH_DATABASE_URL")
        if url:
            import psycopg

            with psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self._pg_name()}" WITH (FORCE)')
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self._sqlite_path()}{suffix}").unlink(missing_ok=True)

    def is_ready(self, label: str, wanted: dict[str, Any]) -> bool:
        """The marker records `wanted` (check the database itself too once Django is set up)."""
        path = self.marker(label)
        return path.exists() and json.loads(path.read_text()).get("wanted") == wanted

    def write_marker(self, label: str, wanted: dict[str, Any], seconds: dict[str, float]) -> None:
        self.marker(label).write_text(json.dumps({"wanted": wanted, "seconds": seconds}, indent=2))

    def seconds(self, label: str) -> dict[str, float]:
        """The load's seconds per step, as the marker recorded them."""
        return json.loads(self.marker(label).read_text()).get("seconds", {})


def run_phase(script: str, phase: str, db_name: str) -> tuple[dict[str, Any], bool]:
    """Run `script --phase phase` in a fresh process on a fresh database; return the figures it wrote,
    and whether it finished."""
    env = {**os.environ, **BASE_ENV, **fresh_database(db_name)}
    out = VAR / f"{db_name}.phase.json"
    (VAR / "static").mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, script, "--phase", phase, "--phase-out", str(out)], env=env, cwd=ROOT,
                          check=False)
    if done.returncode != 0:
        print(f"  phase {phase!r} failed (exit {done.returncode})", file=sys.stderr)
    return (json.loads(out.read_text()) if out.exists() else {}), done.returncode == 0


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def figure(value: float, unit: str, n: int, note: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"value": round(value, 3), "unit": unit, "n": n}
    if note:
        row["note"] = note
    return row


def timed(fn: Callable[[], Any], *, n: int, warmup: int = 1) -> tuple[float, Any]:
    """Median wall time of `fn` in seconds over `n` runs (after `warmup` untimed runs), and its last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def calibration_s() -> float:
    """CPU seconds of a fixed pure-Python loop (3,000,000 multiply-modulo-add steps). The shared machines'
    speed drifts, by up to a factor of two between sessions: a CPU-bound figure compares across runs only
    next to this one."""
    started = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    return time.process_time() - started


def log(message: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {message}", flush=True)


class Gunicorn:
    """gunicorn serving `app` on a free local port for the length of a `with` block; ready once `probe`
    answers 200 (60 s at most). `options` are gunicorn's own (workers, threads, worker class, logs)."""

    host = "127.0.0.1"

    def __init__(self, app: str, *, options: list[str], env: dict[str, str], probe: str = "/healthz",
                 stdout: Any = None) -> None:
        import socket

        self.app, self.options, self.env, self.probe, self.stdout = app, options, env, probe, stdout
        with socket.socket() as free:
            free.bind((self.host, 0))
            self.port = free.getsockname()[1]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        import urllib.request

        args = [sys.executable, "-m", "gunicorn", self.app, "--bind", f"{self.host}:{self.port}", "--timeout", "60",
                *self.options]
        self.process = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=self.stdout)
        deadline = time.time() + 60
        while time.time() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://{self.host}:{self.port}{self.probe}", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not start (or did not answer {self.probe} within 60 s)")

    def __exit__(self, *exc: object) -> None:
        import signal

        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
