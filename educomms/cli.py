"""The `educomms` console command: a thin wrapper around manage.py plus `up`, which runs the web
server, the task worker and the scheduler together (the embedded, one-machine way of running).

    educomms serve        web server (gunicorn; WEB_CONCURRENCY workers)
    educomms worker       task worker (django-tasks-db `db_worker`)
    educomms scheduler    periodic jobs (django-crontask; run exactly one)
    educomms demo         load the demo province (idempotent)
    educomms up           serve + worker + scheduler together, until Ctrl+C
    educomms <anything>   any manage.py command (migrate, createsuperuser, generate_scale, ...)
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_env() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def _manage(args: list[str]) -> None:
    _setup_env()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["educomms", *args])


def _serve_cmd() -> list[str]:
    bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", bind,
        "--workers", os.environ.get("WEB_CONCURRENCY", "2"),
        "--threads", os.environ.get("WEB_THREADS", "4"),
        "--timeout", os.environ.get("WEB_TIMEOUT", "60"),
        "--access-logfile", "-",
    ]


def _process_table() -> dict[str, list[str]]:
    me = [sys.executable, "-m", "educomms.cli"]
    return {"web": _serve_cmd(), "worker": [*me, "worker"], "scheduler": [*me, "scheduler"]}


def _pump(name: str, stream, lock: threading.Lock) -> None:
    for line in iter(stream.readline, b""):
        with lock:
            sys.stdout.write(f"{name:>9} | {line.decode(errors='replace')}")
            sys.stdout.flush()


def up() -> int:
    """Run web, worker and scheduler; stop all of them when one stops or on Ctrl+C/SIGTERM."""
    _setup_env()
    lock = threading.Lock()
    procs: dict[str, subprocess.Popen] = {}
    for name, cmd in _process_table().items():
        procs[name] = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
        threading.Thread(target=_pump, args=(name, procs[name].stdout, lock), daemon=True).start()
    stopping = threading.Event()

    def stop(*_args) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping.is_set():
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"educomms: {name} exited with code {proc.returncode}; stopping the others.", flush=True)
                code = proc.returncode or 1
                stopping.set()
                break
        stopping.wait(0.5)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return code


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = args[0], args[1:]
    if command == "serve":
        _setup_env()
        os.chdir(ROOT)
        os.execv(sys.executable, _serve_cmd() + rest)  # noqa: S606
    if command == "worker":
        _manage(["db_worker", *rest])
        return 0
    if command == "scheduler":
        _manage(["crontask", *rest])
        return 0
    if command == "up":
        return up()
    _manage(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
