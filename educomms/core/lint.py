"""House lint rule (run by .ci/run and by the test suite): views and API modules never fetch a domain
object by id with `<Model>.objects.get(`; they go through `org/access.py` (`access_<thing>`), which
answers 404 for out-of-scope and missing alike.

    python -m educomms.core.lint [paths...]     exit code 1 and one line per violation
"""

import re
import sys
from pathlib import Path

RULE = re.compile(r"\b[A-Z]\w*\.(?:objects|_default_manager)\.get\(")
TARGETS = ("views.py", "api.py")
ROOT = Path(__file__).resolve().parents[2]


def is_target(path: Path) -> bool:
    """views.py, api.py, views_<part>.py, api_<part>.py, and any module of a views/ or api/ package."""
    if path.suffix != ".py":
        return False
    stem = path.stem
    return (path.name in TARGETS or stem.startswith(("views_", "api_"))
            or path.parent.name in {"views", "api"})


def violations_in(text: str) -> list[tuple[int, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if RULE.search(code):
            out.append((number, line.strip()))
    return out


def scan(paths: list[Path]) -> list[str]:
    found = []
    for base in paths:
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for file in files:
            if "migrations" in file.parts or "tests" in file.parts or not is_target(file):
                continue
            for number, line in violations_in(file.read_text(encoding="utf-8")):
                found.append(f"{file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}:{number}: "
                             f"use an access_<thing>() helper from org/access.py instead of: {line}")
    return found


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p).resolve() for p in (argv if argv is not None else sys.argv[1:])] or [ROOT / "educomms"]
    found = scan(paths)
    for line in found:
        print(line)
    print(f"access lint: {len(found)} violation(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
