"""The directives benchmark's HTTP side: gunicorn as `educomms serve` runs it, and concurrent clients that
acknowledge receipts through the API.

`Server` starts `gunicorn config.wsgi:application` with the product's flags (2 workers × 4 threads, the
gthread worker, as educomms.cli._serve_cmd) but without the access log (as behind a proxy that logs).

`acknowledge()` runs `clients` threads, each with one keep-alive `http.client` connection (reopened when
the server closes it), each acknowledging its own list of receipts — distinct receipts of distinct
people, each with that person's bearer token — for `seconds` or until its list runs out. Only 200
answers count as successes.
"""

import http.client
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench._support import Gunicorn

HOST = "127.0.0.1"
WORKERS = 2
THREADS = 4


def ack_path(receipt_id: int) -> str:
    return f"/api/v1/directives/receipts/{receipt_id}/acknowledge"


class Server(Gunicorn):
    """The product's WSGI application as `educomms serve` runs it (threads, no access log here)."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__("config.wsgi:application", env=env, options=[
            "--workers", str(WORKERS), "--threads", str(THREADS), "--log-level", "warning", "--error-logfile", "-"])


@dataclass
class AckResult:
    ok: int = 0
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0
    first_failure: str = ""
    acknowledged_ids: list[int] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def describe(self) -> str:
        others = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()) if code != 200)
        return (f"{self.ok:,} × 200 in {self.seconds:.1f} s = {self.per_second:,.0f}/s"
                + (f"; other statuses {others}" if others else "")
                + (f"; {self.errors} connection errors" if self.errors else "")
                + (f"; first failure: {self.first_failure}" if self.first_failure else ""))


def acknowledge(port: int, work: Sequence[Sequence[tuple[int, str]]], *, seconds: float,
                body: dict | None = None) -> AckResult:
    """`work[i]` is client i's list of (receipt id, bearer secret). Returns what the clients saw."""
    result = AckResult()
    lock = threading.Lock()
    payload = json.dumps(body or {}).encode()
    start = threading.Barrier(len(work) + 1)
    deadline = [0.0]

    def client(items: Sequence[tuple[int, str]]) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        ok, errors, failure = 0, 0, ""
        statuses: Counter[int] = Counter()
        done_ids: list[int] = []
        start.wait()
        for receipt_id, secret in items:
            if time.perf_counter() >= deadline[0]:
                break
            try:
                conn.request("POST", ack_path(receipt_id), body=payload, headers={
                    "Authorization": f"Bearer {secret}", "Content-Type": "application/json",
                    "Accept": "application/json", "User-Agent": "educomms-bench"})
                response = conn.getresponse()
                text = response.read()
                statuses[response.status] += 1
                if response.status == 200:
                    ok += 1
                    done_ids.append(receipt_id)
                elif not failure:
                    failure = f"{response.status} {text[:200]!r}"
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                errors += 1
                failure = failure or f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
        conn.close()
        with lock:
            result.ok += ok
            result.statuses.update(statuses)
            result.errors += errors
            result.acknowledged_ids.extend(done_ids)
            result.first_failure = result.first_failure or failure

    threads = [threading.Thread(target=client, args=(items,), daemon=True) for items in work]
    for t in threads:
        t.start()
    started = time.perf_counter()
    deadline[0] = started + seconds
    start.wait()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's worker processes."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def cpu_of(pids: list[int]) -> float:
    return sum(_cpu_seconds(pid) for pid in pids)


def server_env(base: dict[str, str]) -> dict[str, str]:
    """The bench process's environment for gunicorn (same database, production-like settings)."""
    env = {**os.environ, **base}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    hosts = [h for h in env.get("ALLOWED_HOSTS", "").split(",") if h]
    env["ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*hosts, HOST]))
    return env
