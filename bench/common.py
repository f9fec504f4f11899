"""What every bench module shares: where things are, progress messages, and the small helpers
that keep results.json free of random ports and one failure from stopping the whole run."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LAST = BENCH / "last"            # build logs, full Lighthouse reports, results of reduced runs
RESULTS = BENCH / "results.json"  # the committed snapshot: written by a full run only
VENV_BIN = Path(sys.executable).parent  # not resolved: the venv's python is a symlink
STRICT = ["-W", "-n", "--keep-going"]


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds only the tables."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def error_entry(exc: BaseException) -> dict:
    """How a measurement that could not be made is recorded in results.json."""
    return {"error": f"{exc.__class__.__name__}: {exc}"}


def guarded(name: str, measure, *args):
    """Run one measurement; a failure is recorded as {"error": ...} and the others go on."""
    try:
        return measure(*args)
    except Exception as exc:  # noqa: BLE001 - recorded, reported as a failure, exit status 1
        log(f"{name} FAILED: {exc.__class__.__name__}: {exc}")
        return error_entry(exc)


def strip_base(value, base: str):
    """Served URLs without the random port: http://127.0.0.1:PORT/x -> /x, so that two runs
    of the same book give comparable results."""
    if isinstance(value, str):
        return value.replace(base, "")
    if isinstance(value, dict):
        return {key: strip_base(item, base) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_base(item, base) for item in value]
    return value


def slug(text: str) -> str:
    """A file-name-safe form of a page path or a configuration name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short(page: str) -> str:
    """chapters/election.html -> election, for tables."""
    return page.removeprefix("chapters/").removesuffix(".html")


def shown_path(path: Path) -> str:
    """A path relative to the repository when it is inside it (stable across machines)."""
    return path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path)


def command_output(command: list[str]) -> str:
    """A tool's version line, or why it is unavailable (never an exception)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unavailable ({exc.__class__.__name__})"
    return (done.stdout or done.stderr).strip()


def fmt(value, unit: str = "") -> str:
    return "-" if value is None else f"{value}{unit}"


def table(rows: list[list], head: list[str]) -> str:
    """A plain-text table, columns padded to their widest cell; short rows padded with blanks."""
    rows = [[*row, *[""] * (len(head) - len(row))] for row in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]

    def line(row):
        return "  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip()

    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])
