"""Run the benchmarks: every bench/<module>.py (or only some), then print one table per module.

    .venv/bin/python bench/run.py                 # make bench
    .venv/bin/python bench/run.py org             # make bench ONLY=org   (also: --only org; ONLY=org,reports)

Each module writes bench/out/<module>.json as {"name": {"value": ..., "unit": ..., "n": ...}}; this
script runs it in its own process, then reads that file and prints it. Set BENCH_DATABASE_URL to a
PostgreSQL database whose name contains "bench" to measure on PostgreSQL instead of SQLite.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"


def modules() -> list[str]:
    return sorted(p.stem for p in BENCH.glob("*.py") if p.stem != "run" and not p.stem.startswith("_"))


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_table(module: str, figures: dict[str, dict]) -> None:
    rows = [("name", "value", "unit", "n", "note")]
    for name, row in figures.items():
        rows.append((name, _value(row.get("value")), str(row.get("unit", "")), str(row.get("n", "")),
                     str(row.get("note", ""))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    line = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    print(f"\n{module}")
    print(line)
    for i, row in enumerate(rows):
        cells = [c.rjust(w) if 1 <= j <= 3 and i else c.ljust(w) for j, (c, w) in enumerate(zip(row, widths, strict=True))]
        print("| " + " | ".join(cells) + " |")
        if i == 0:
            print(line)
    print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="module names, as `make bench ONLY=org` passes them")
    parser.add_argument("--only", default=os.environ.get("ONLY", ""),
                        help=f"comma-separated module names (default: all of {', '.join(modules())})")
    args = parser.parse_args()
    wanted = list(dict.fromkeys(m.strip() for m in ",".join([args.only, *args.names]).split(",") if m.strip()))
    wanted = wanted or modules()
    unknown = [m for m in wanted if m not in modules()]
    if unknown:
        print(f"unknown bench module(s): {', '.join(unknown)}; known: {', '.join(modules())}", file=sys.stderr)
        return 2
    database = "PostgreSQL (BENCH_DATABASE_URL)" if os.environ.get("BENCH_DATABASE_URL") else "SQLite (var/bench/)"
    failed = []
    for module in wanted:
        print(f"== bench {module} on {database}", flush=True)
        started = time.time()
        result = subprocess.run([sys.executable, str(BENCH / f"{module}.py")], cwd=ROOT, check=False)
        out = OUT / f"{module}.json"
        if result.returncode != 0:
            print(f"bench {module} failed (exit {result.returncode})", file=sys.stderr)
            failed.append(module)
        if out.exists() and out.stat().st_mtime >= started:  # written by this run, even if partly
            print_table(f"{module} ({database}), {out.relative_to(ROOT)}", json.loads(out.read_text()))
        print(f"rerun: make bench ONLY={module}   (or: .venv/bin/python bench/run.py --only {module})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
